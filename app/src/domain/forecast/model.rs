//! What every forecasting model hands back, so that intervals, validation and the
//! `auto` selector treat all models alike.

/// Point forecasts for steps 1..=h and how uncertain each step is.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelForecast {
    /// Point forecast per step (may be negative here; demand is clipped at zero later).
    pub point: Vec<f64>,
    /// Spread of the forecast error per step; never shrinks as the step grows.
    pub spread: Spread,
}

/// How the forecast error is distributed at each step.
#[derive(Clone, Debug, PartialEq)]
pub enum Spread {
    /// Gaussian errors with this standard deviation per step (analytic intervals).
    Normal(Vec<f64>),
    /// Distribution-free: quantiles of these one-step residuals, each step's
    /// quantiles scaled by `growth[step]` (≥ 1, non-decreasing).
    Empirical { residuals: Vec<f64>, growth: Vec<f64> },
}

impl Spread {
    /// The same spread with every standard error (or residual quantile) times `factor`.
    pub fn scaled(self, factor: f64) -> Spread {
        self.scaled_with(|_| factor)
    }

    /// The same spread with each step's standard error (or residual quantiles) times
    /// that step's factor; factors must not decrease, so that the spread never shrinks.
    pub fn scaled_by_step(self, factors: &[f64]) -> Spread {
        self.scaled_with(|step| factors.get(step).copied().unwrap_or(1.0))
    }

    fn scaled_with(self, factor: impl Fn(usize) -> f64) -> Spread {
        let scale = |values: Vec<f64>| values.into_iter().enumerate().map(|(step, v)| v * factor(step)).collect();
        match self {
            Spread::Normal(std_error) => Spread::Normal(scale(std_error)),
            Spread::Empirical { residuals, growth } => Spread::Empirical { residuals, growth: scale(growth) },
        }
    }
}

/// Why a model could not be fitted to a series.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FitError {
    #[error("needs at least {needed} observations, has {got}")]
    TooShort { needed: usize, got: usize },
    #[error("needs strictly positive data")]
    NotPositive,
    #[error("the fit did not converge to finite values")]
    NotFinite,
    #[error("needs a season length, and none was given or detected")]
    NoSeason,
}

/// Running maximum (non-finite values count as 0), so that a spread never shrinks
/// with the step.
pub fn never_shrinking(values: &[f64]) -> Vec<f64> {
    let mut widest = 0.0f64;
    values
        .iter()
        .map(|v| {
            widest = widest.max(if v.is_finite() { *v } else { 0.0 });
            widest
        })
        .collect()
}

/// Variance of the one-step residuals about zero, with `params` degrees of freedom removed.
pub fn residual_variance(residuals: &[f64], params: usize) -> f64 {
    let sse: f64 = residuals.iter().map(|e| e * e).sum();
    sse / (residuals.len().saturating_sub(params).max(1)) as f64
}

/// Corrected Akaike information criterion from a log-likelihood.
pub fn aicc(log_likelihood: f64, params: usize, n: usize) -> f64 {
    let k = params as f64;
    let n = n as f64;
    let aic = -2.0 * log_likelihood + 2.0 * k;
    if n - k - 1.0 > 0.0 {
        aic + 2.0 * k * (k + 1.0) / (n - k - 1.0)
    } else {
        f64::INFINITY
    }
}

/// Gaussian log-likelihood of residuals at their maximum-likelihood variance SSE/n.
pub fn gaussian_log_likelihood(sse: f64, n: usize) -> f64 {
    let n = n as f64;
    -0.5 * n * ((2.0 * std::f64::consts::PI * (sse / n).max(f64::MIN_POSITIVE)).ln() + 1.0)
}
