//! Dynamic regression for series with known drivers, after Prophet (Taylor & Letham
//! 2018, "Forecasting at scale", *The American Statistician* 72(1), 37–45):
//!
//! y_t = g(s) + Σ_P Σ_{k ≤ K_P} [a_{P,k}·sin(2πkt/P) + b_{P,k}·cos(2πkt/P)] + Σ_j β_j·x_{j,t} + ε_t
//!
//! - Trend g(s) = β₀ + β₁·s + Σ_c δ_c·max(0, s − c) on the scaled time s = t/(n − 1) ∈ [0, 1]:
//!   piecewise linear with up to 10 changepoints c evenly spread over the first 80 % of
//!   the history (at most one per 10 observations; Prophet: 25 in the first 80 %).
//! - Prophet puts a Laplace prior on the slope changes δ_c; here it is Gaussian,
//!   δ_c ~ N(0, σ²/λ), i.e. a ridge λ·Σδ_c² on those columns only, so a slope change must
//!   be earned by the data and the trend does not chase the last few points. λ is chosen
//!   per series by generalised cross-validation over a log grid instead of Prophet's fixed
//!   prior scale (Golub, Heath & Wahba 1979, *Technometrics* 21(2)): a fixed Gaussian
//!   scale either crushes real level shifts or lets noise bend the trend.
//! - Seasonality: K Fourier pairs per period P. Two full cycles of history (⌊2P⌋ steps)
//!   allow the K asked for, one cycle (⌊P⌋) at most 2 (a rough shape rather than none),
//!   less drops the period. Harmonics stop at the Nyquist limit 2k ≤ P; at 2k = P only
//!   the cosine is a column.
//! - Drivers are standardised over the history; one that never varies there cannot be
//!   told from the intercept and is left out.
//!
//! The penalised normal equations (X'X + Λ)β = X'y are accumulated row by row while the
//! features are generated, so no n×k matrix is stored. Intervals are Gaussian with
//! σ·√(1 + x_h'(X'X + Λ)⁻¹x_h), the posterior predictive spread of β under the ridge prior
//! (flat elsewhere), made non-decreasing by a running maximum.

use std::f64::consts::TAU;
use std::ops::{Range, RangeInclusive};

use super::linalg::solve_symmetric;
use super::model::{aicc, gaussian_log_likelihood, residual_variance, FitError, ModelForecast, Spread};

/// At most this many changepoints…
const MAX_CHANGEPOINTS: usize = 10;
/// …and at least this many observations per changepoint, so each slope change has data.
const OBSERVATIONS_PER_CHANGEPOINT: usize = 10;
/// Changepoints sit in this leading share of the history; the end is too short to tell a
/// new slope from noise (Prophet's `changepoint_range`).
const CHANGEPOINT_RANGE: f64 = 0.8;
/// Ridge candidates λ = n·10^j for these j, from slope changes barely shrunk to slope
/// changes all but switched off (the hinge columns' X'X diagonal is 0.003·n to 0.26·n).
const RIDGE_GRID: RangeInclusive<i32> = -5..=1;
/// Relative ridge on every column when X'X is singular (two drivers alike, a driver that
/// is a weekday pattern already spanned by the weekly Fourier terms).
const COLLINEAR_RIDGE: f64 = 1e-6;

/// Per-period values of one known driver (promotion flag, price…), history then future.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Driver<'a> {
    pub history: &'a [f64],
    pub future: &'a [f64],
}

/// Fourier terms of one period P, harmonics k = 1..=K.
#[derive(Clone, Debug, PartialEq)]
struct Seasonality {
    period: f64,
    harmonics: usize,
}

impl Seasonality {
    /// The harmonics `n` observations can support (module docs); `None` when none.
    fn new(period: f64, harmonics: usize, n: usize) -> Option<Seasonality> {
        if !period.is_finite() || period <= 0.0 {
            return None;
        }
        // Whole steps: 730 days hold two years of 365.25 days, 104 weeks two of 52.18.
        let n = n as f64;
        let supported = if n >= (2.0 * period).floor() {
            harmonics
        } else if n >= period.floor() {
            harmonics.min(2)
        } else {
            0
        };
        let harmonics = supported.min((period / 2.0).floor() as usize);
        (harmonics > 0).then_some(Seasonality { period, harmonics })
    }

    /// Whether the last harmonic sits at the Nyquist limit, where sin(πt) = 0 is no column.
    fn nyquist(&self) -> bool {
        (2.0 * self.harmonics as f64 - self.period).abs() < 1e-9
    }

    fn columns(&self) -> usize {
        2 * self.harmonics - usize::from(self.nyquist())
    }
}

/// Mean and standard deviation of a driver over the history, and its last value there.
#[derive(Clone, Debug, PartialEq)]
struct Standardised {
    mean: f64,
    sd: f64,
    last: f64,
}

/// How step t becomes a row of features: [1, s, hinges, Fourier terms, drivers].
#[derive(Clone, Debug, PartialEq)]
struct Layout {
    /// n − 1, so that the history spans s ∈ [0, 1].
    span: f64,
    changepoints: Vec<f64>,
    seasonalities: Vec<Seasonality>,
    /// One slot per driver given to `fit`; `None` when it was constant and left out.
    drivers: Vec<Option<Standardised>>,
}

impl Layout {
    fn new(n: usize, periods: &[(f64, usize)], drivers: &[Driver<'_>]) -> Layout {
        let count = MAX_CHANGEPOINTS.min(n / OBSERVATIONS_PER_CHANGEPOINT);
        let changepoints = (1..=count).map(|j| CHANGEPOINT_RANGE * j as f64 / count as f64).collect();
        let seasonalities = periods.iter().filter_map(|&(period, k)| Seasonality::new(period, k, n)).collect();
        let drivers = drivers
            .iter()
            .map(|d| {
                let history = &d.history[..n];
                let mean = history.iter().sum::<f64>() / n as f64;
                let sd = (history.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
                let last = *history.last()?;
                (sd > 1e-12 * mean.abs() && sd > 0.0).then_some(Standardised { mean, sd, last })
            })
            .collect();
        Layout { span: (n.max(2) - 1) as f64, changepoints, seasonalities, drivers }
    }

    fn columns(&self) -> usize {
        2 + self.changepoints.len()
            + self.seasonalities.iter().map(Seasonality::columns).sum::<usize>()
            + self.drivers.iter().flatten().count()
    }

    /// Writes the features of step `t` into `row`; `driver(j)` is driver j's value at t.
    fn fill(&self, t: usize, driver: impl Fn(usize) -> f64, row: &mut [f64]) {
        let s = t as f64 / self.span;
        row[0] = 1.0;
        row[1] = s;
        let mut c = 2;
        for changepoint in &self.changepoints {
            row[c] = (s - changepoint).max(0.0);
            c += 1;
        }
        for season in &self.seasonalities {
            // sin/cos of kθ by the angle-addition recurrence from θ = 2πt/P.
            let (sin1, cos1) = (TAU * t as f64 / season.period).sin_cos();
            let (mut sin_k, mut cos_k) = (sin1, cos1);
            for k in 1..=season.harmonics {
                if k < season.harmonics || !season.nyquist() {
                    row[c] = sin_k;
                    c += 1;
                }
                row[c] = cos_k;
                c += 1;
                (sin_k, cos_k) = (sin_k * cos1 + cos_k * sin1, cos_k * cos1 - sin_k * sin1);
            }
        }
        for (j, scale) in self.drivers.iter().enumerate() {
            if let Some(scale) = scale {
                row[c] = (driver(j) - scale.mean) / scale.sd;
                c += 1;
            }
        }
    }
}

/// A penalised least-squares solution: β, the Cholesky factor of X'X + Λ and Λ's diagonal.
struct Solution {
    beta: Vec<f64>,
    factor: Vec<f64>,
    ridge: Vec<f64>,
}

/// Solves (X'X + Λ)β = X'y with λ on the `hinges` (slope-change) columns, falling back to a small
/// ridge on every column when X'X is singular.
fn solve_penalised(xtx: &[f64], xty: &[f64], hinges: Range<usize>, lambda: f64) -> Option<Solution> {
    let k = xty.len();
    let mut ridge = vec![0.0; k];
    ridge[hinges].fill(lambda);
    for attempt in 0..2 {
        if attempt == 1 {
            for (j, r) in ridge.iter_mut().enumerate() {
                *r += COLLINEAR_RIDGE * xtx[j * k + j].max(f64::MIN_POSITIVE);
            }
        }
        let mut factor = xtx.to_vec();
        for (j, r) in ridge.iter().enumerate() {
            factor[j * k + j] += r;
        }
        let mut beta = xty.to_vec();
        if solve_symmetric(&mut factor, &mut beta, k).is_some() && beta.iter().all(|b| b.is_finite()) {
            return Some(Solution { beta, factor, ridge });
        }
    }
    None
}

/// Replaces x by L⁻¹x, with L the Cholesky factor `solve_symmetric` leaves in the lower
/// triangle of `factor`; then ‖L⁻¹x‖² = x'(X'X + Λ)⁻¹x. (The textbook-interval test
/// below fails if `solve_symmetric` ever stops leaving L there.)
fn forward_substitute(factor: &[f64], x: &mut [f64]) {
    let k = x.len();
    for i in 0..k {
        let s = x[i] - (0..i).map(|p| factor[i * k + p] * x[p]).sum::<f64>();
        x[i] = s / factor[i * k + i];
    }
}

/// Effective degrees of freedom tr((X'X + Λ)⁻¹X'X) = k − Σ_j Λ_jj·[(X'X + Λ)⁻¹]_jj.
fn effective_df(solution: &Solution) -> f64 {
    let k = solution.beta.len();
    let mut unit = vec![0.0; k];
    let shrunk: f64 = (0..k)
        .filter(|&j| solution.ridge[j] > 0.0)
        .map(|j| {
            unit.fill(0.0);
            unit[j] = 1.0;
            forward_substitute(&solution.factor, &mut unit);
            solution.ridge[j] * unit.iter().map(|z| z * z).sum::<f64>()
        })
        .sum();
    k as f64 - shrunk
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A fitted dynamic regression, ready to forecast from the end of its history.
#[derive(Clone, Debug, PartialEq)]
pub struct Regression {
    layout: Layout,
    /// Coefficients for the standardised response (y − mean)/scale.
    beta: Vec<f64>,
    /// Cholesky factor of X'X + Λ (lower triangle, row-major) for the interval widths.
    factor: Vec<f64>,
    mean: f64,
    scale: f64,
    n: usize,
    sigma: f64,
    aicc: f64,
}

impl Regression {
    /// `periods`: (period length in steps, number of harmonics) pairs.
    /// Each driver's `history` must cover `y` (only its first `y.len()` values are used).
    pub fn fit(y: &[f64], periods: &[(f64, usize)], drivers: &[Driver<'_>]) -> Result<Regression, FitError> {
        let n = y.len();
        if let Some(short) = drivers.iter().find(|d| d.history.len() < n) {
            return Err(FitError::TooShort { needed: n, got: short.history.len() });
        }
        if y.iter().chain(drivers.iter().flat_map(|d| &d.history[..n])).any(|v| !v.is_finite()) {
            return Err(FitError::NotFinite);
        }
        let layout = Layout::new(n, periods, drivers);
        let k = layout.columns();
        if n < k + 2 {
            return Err(FitError::TooShort { needed: k + 2, got: n });
        }
        // Standardising y keeps X'y and the SSE below well scaled beside a large level.
        let mean = y.iter().sum::<f64>() / n as f64;
        let sd = (y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
        let scale = if sd > 0.0 { sd } else { 1.0 };

        let mut xtx = vec![0.0; k * k];
        let mut xty = vec![0.0; k];
        let mut yty = 0.0;
        let mut row = vec![0.0; k];
        for (t, yt) in y.iter().enumerate() {
            layout.fill(t, |j| drivers[j].history[t], &mut row);
            let yt = (yt - mean) / scale;
            yty += yt * yt;
            for a in 0..k {
                let ra = row[a];
                xty[a] += ra * yt;
                for (sum, rb) in xtx[a * k..=a * k + a].iter_mut().zip(&row) {
                    *sum += ra * rb;
                }
            }
        }
        for a in 0..k {
            for b in 0..a {
                xtx[b * k + a] = xtx[a * k + b];
            }
        }

        // λ by generalised cross-validation (Golub, Heath & Wahba 1979) over a log grid:
        // GCV(λ) = SSE(λ)/(n − edf(λ))², the SSE from the normal equations,
        // SSE = y'y − 2β'X'y + β'X'Xβ, so no pass over the data per λ.
        let grid: Vec<f64> = if layout.changepoints.is_empty() {
            vec![0.0]
        } else {
            RIDGE_GRID.map(|j| n as f64 * 10f64.powi(j)).collect()
        };
        let hinges = 2..2 + layout.changepoints.len();
        let mut best: Option<(f64, Solution, f64)> = None;
        for lambda in grid {
            let solution = solve_penalised(&xtx, &xty, hinges.clone(), lambda).ok_or(FitError::NotFinite)?;
            let beta = &solution.beta;
            let xtx_beta: Vec<f64> = xtx.chunks_exact(k).map(|r| dot(r, beta)).collect();
            let sse = (yty - 2.0 * dot(beta, &xty) + dot(beta, &xtx_beta)).max(0.0);
            let edf = effective_df(&solution);
            let gcv = sse / (n as f64 - edf).powi(2);
            if best.as_ref().is_none_or(|(lowest, _, _)| gcv < *lowest) {
                best = Some((gcv, solution, edf));
            }
        }
        let (_, Solution { beta, factor, .. }, edf) = best.ok_or(FitError::NotFinite)?;
        let params = (edf.round() as usize).clamp(1, k);

        let residuals: Vec<f64> = y
            .iter()
            .enumerate()
            .map(|(t, yt)| {
                layout.fill(t, |j| drivers[j].history[t], &mut row);
                yt - (mean + scale * dot(&beta, &row))
            })
            .collect();
        let sigma = residual_variance(&residuals, params).sqrt();
        let sse = residuals.iter().map(|e| e * e).sum();
        // One more parameter for σ².
        let aicc = aicc(gaussian_log_likelihood(sse, n), params + 1, n);
        let model = Regression { layout, beta, factor, mean, scale, n, sigma, aicc };
        sigma.is_finite().then_some(model).ok_or(FitError::NotFinite)
    }

    pub fn aicc(&self) -> f64 {
        self.aicc
    }

    /// e.g. "regression (trend, 2 seasonalities, 1 driver)"; counts only the terms kept.
    pub fn describe(&self) -> String {
        let seasons = self.layout.seasonalities.len();
        let drivers = self.layout.drivers.iter().flatten().count();
        let mut terms = vec!["trend".to_string()];
        if seasons > 0 {
            terms.push(format!("{seasons} seasonalit{}", if seasons == 1 { "y" } else { "ies" }));
        }
        if drivers > 0 {
            terms.push(format!("{drivers} driver{}", if drivers == 1 { "" } else { "s" }));
        }
        format!("regression ({})", terms.join(", "))
    }

    /// h steps after the end of the fitted history. Each driver's `future` should hold
    /// ≥ h values (its `history` is not read here); past the end of a shorter future the
    /// driver holds its last future value, or its last history value when none is given
    /// (also when fewer drivers are passed than were fitted).
    pub fn forecast(&self, h: usize, drivers: &[Driver<'_>]) -> ModelForecast {
        let k = self.beta.len();
        let mut row = vec![0.0; k];
        let mut point = Vec::with_capacity(h);
        let mut spread = Vec::with_capacity(h);
        let mut widest = 0.0_f64;
        for step in 1..=h {
            let value = |j: usize| {
                let last = self.layout.drivers[j].as_ref().map_or(0.0, |d| d.last);
                drivers.get(j).and_then(|d| d.future.get(step - 1).or(d.future.last())).copied().unwrap_or(last)
            };
            self.layout.fill(self.n - 1 + step, value, &mut row);
            point.push(self.mean + self.scale * dot(&self.beta, &row));
            forward_substitute(&self.factor, &mut row);
            let leverage: f64 = row.iter().map(|z| z * z).sum();
            widest = widest.max(self.sigma * (1.0 + leverage).sqrt());
            spread.push(widest);
        }
        ModelForecast { point, spread: Spread::Normal(spread) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forecast::linalg::{least_squares, Design};

    /// Deterministic noise on (−1, 1), roughly uniform (the sine hash of shader code).
    fn noise(t: usize, seed: f64) -> f64 {
        ((t as f64 * 12.9898 + seed).sin() * 43758.5453).fract()
    }

    fn standard_errors(forecast: &ModelForecast) -> &[f64] {
        match &forecast.spread {
            Spread::Normal(se) => se,
            other => panic!("expected a normal spread, got {other:?}"),
        }
    }

    /// y = 50 + 0.3t + 5·sin(2πt/7) + 2·cos(4πt/7) + 8·promo_t, promotions every 5th day.
    fn truth(t: usize, promo: f64) -> f64 {
        let t = t as f64;
        50.0 + 0.3 * t + 5.0 * (TAU * t / 7.0).sin() + 2.0 * (2.0 * TAU * t / 7.0).cos() + 8.0 * promo
    }

    #[test]
    fn recovers_a_noiseless_trend_weekly_cycle_and_promotion() {
        let n = 140;
        let promo: Vec<f64> = (0..n + 14).map(|t| f64::from(t % 5 == 0)).collect();
        let y: Vec<f64> = (0..n).map(|t| truth(t, promo[t])).collect();
        let history = Driver { history: &promo[..n], future: &promo[n..] };
        let model = Regression::fit(&y, &[(7.0, 3)], &[history]).unwrap();
        assert_eq!(model.describe(), "regression (trend, 1 seasonality, 1 driver)");
        let forecast = model.forecast(14, &[history]);
        for (step, point) in forecast.point.iter().enumerate() {
            let t = n + step;
            assert!((point - truth(t, promo[t])).abs() < 1e-6, "step {step}: {point} vs {}", truth(t, promo[t]));
        }
        // The promotion effect: the same step with and without a promotion.
        let on = model.forecast(1, &[Driver { history: &[], future: &[1.0] }]).point[0];
        let off = model.forecast(1, &[Driver { history: &[], future: &[0.0] }]).point[0];
        assert!((on - off - 8.0).abs() < 1e-6, "{on} − {off}");
        assert!(standard_errors(&forecast)[0] < 1e-6);
    }

    #[test]
    fn changepoints_follow_a_level_shift_better_than_a_line() {
        let n = 200;
        let y: Vec<f64> = (0..n).map(|t| if t < 120 { 100.0 } else { 130.0 } + 2.0 * noise(t, 7.0)).collect();
        let model = Regression::fit(&y, &[], &[]).unwrap();
        let mut design = Design::new(2);
        (0..n).for_each(|t| design.push_row(&[1.0, t as f64]));
        let line = least_squares(&design, &y).unwrap();
        let h = 20;
        let forecast = model.forecast(h, &[]);
        let model_error: f64 = forecast.point.iter().map(|p| (p - 130.0).abs()).sum::<f64>() / h as f64;
        let line_error: f64 = (n..n + h).map(|t| (line[0] + line[1] * t as f64 - 130.0).abs()).sum::<f64>() / h as f64;
        assert!(model_error < 3.0 && model_error < line_error / 3.0, "{model_error} vs line {line_error}");
    }

    #[test]
    fn holds_a_driver_whose_future_is_shorter_than_the_horizon() {
        // Demand 100 + 0.1t − 4·price, the price cycling 10, 11, 12 and ending at 12.
        let price: Vec<f64> = (0..60).map(|t| 10.0 + (t % 3) as f64).collect();
        let y: Vec<f64> = price.iter().enumerate().map(|(t, p)| 100.0 + 0.1 * t as f64 - 4.0 * p).collect();
        let model = Regression::fit(&y, &[], &[Driver { history: &price, future: &[] }]).unwrap();
        let short = model.forecast(4, &[Driver { history: &[], future: &[9.0, 11.0] }]);
        let held = model.forecast(4, &[Driver { history: &[], future: &[9.0, 11.0, 11.0, 11.0] }]);
        assert_eq!(short, held);
        assert!((short.point[3] - (100.0 + 6.3 - 44.0)).abs() < 1e-6, "{:?}", short.point);
        // Without any future the last history value, 12, is held.
        assert!((model.forecast(2, &[]).point[1] - (100.0 + 6.1 - 48.0)).abs() < 1e-6);
    }

    #[test]
    fn refuses_series_shorter_than_its_columns() {
        // Intercept, slope and one driver: 3 columns need 5 observations.
        let x = [1.0, 0.0, 1.0, 0.0];
        let driver = |history| Driver { history, future: &[] };
        assert_eq!(Regression::fit(&[2.0; 4], &[], &[driver(&x)]), Err(FitError::TooShort { needed: 5, got: 4 }));
        assert_eq!(Regression::fit(&[], &[(7.0, 3)], &[]), Err(FitError::TooShort { needed: 4, got: 0 }));
        assert_eq!(Regression::fit(&[2.0; 4], &[], &[driver(&x[..2])]), Err(FitError::TooShort { needed: 4, got: 2 }));
        assert_eq!(Regression::fit(&[1.0, f64::NAN, 1.0, 1.0, 1.0], &[], &[]), Err(FitError::NotFinite));
    }

    #[test]
    fn standard_errors_never_shrink() {
        let n = 365;
        let y: Vec<f64> = (0..n).map(|t| 20.0 + 3.0 * (TAU * t as f64 / 7.0).sin() + 2.0 * noise(t, 3.0)).collect();
        let model = Regression::fit(&y, &[(7.0, 3), (365.25, 10)], &[]).unwrap();
        let forecast = model.forecast(90, &[]);
        let se = standard_errors(&forecast);
        assert!(se.windows(2).all(|w| w[0] <= w[1]), "{se:?}");
        assert!(se[0] > 1.0 && se[0] < 1.5 && se[89] > se[0], "σ of uniform noise on ±2 is 1.15: {se:?}");
        assert!(model.aicc().is_finite());
    }

    #[test]
    fn harmonics_follow_the_cycles_in_the_history() {
        let harmonics = |period, k, n| Seasonality::new(period, k, n).map(|s| (s.harmonics, s.columns()));
        assert_eq!(harmonics(365.25, 10, 730), Some((10, 20)), "two years of days");
        assert_eq!(harmonics(365.25 / 7.0, 10, 104), Some((10, 20)), "two years of weeks");
        assert_eq!(harmonics(365.25, 10, 400), Some((2, 4)), "one year and a bit: a rough shape");
        assert_eq!(harmonics(365.25, 10, 364), None);
        assert_eq!(harmonics(7.0, 5, 28), Some((3, 6)), "2k ≤ 7");
        assert_eq!(harmonics(4.0, 2, 8), Some((2, 3)), "sin(πt) = 0 is no column");
        assert_eq!(harmonics(f64::NAN, 2, 100), None);
    }

    /// Nine points leave no room for changepoints: plain OLS on a line, where the
    /// forecast variance is σ²·(1 + 1/n + (t − t̄)²/Σ(t_i − t̄)²).
    #[test]
    fn line_intervals_match_the_textbook_formula() {
        let y = [3.0, 5.0, 4.0, 7.0, 6.0, 9.0, 8.0, 11.0, 10.0];
        let model = Regression::fit(&y, &[], &[]).unwrap();
        let forecast = model.forecast(3, &[]);
        let (n, t_mean, sxx) = (9.0, 4.0, 60.0);
        let slope = (0..9).map(|t| (t as f64 - t_mean) * y[t]).sum::<f64>() / sxx;
        let intercept = y.iter().sum::<f64>() / n - slope * t_mean;
        let sse: f64 = (0..9).map(|t| (y[t] - intercept - slope * t as f64).powi(2)).sum();
        let sigma = (sse / (n - 2.0)).sqrt();
        for (step, (point, se)) in forecast.point.iter().zip(standard_errors(&forecast)).enumerate() {
            let t = 9.0 + step as f64;
            assert!((point - (intercept + slope * t)).abs() < 1e-9, "{forecast:?}");
            let expected = sigma * (1.0 + 1.0 / n + (t - t_mean).powi(2) / sxx).sqrt();
            assert!((se - expected).abs() < 1e-9, "step {step}: {se} vs {expected}");
        }
    }

    #[test]
    fn constant_and_zero_series_do_not_panic() {
        for level in [0.0, 42.0] {
            let y = vec![level; 50];
            let flag: Vec<f64> = (0..50).map(|t| f64::from(t % 2 == 0)).collect();
            let model = Regression::fit(&y, &[(7.0, 3), (2.0, 1)], &[Driver { history: &flag, future: &[] }]).unwrap();
            let forecast = model.forecast(10, &[]);
            assert!(forecast.point.iter().all(|p| (p - level).abs() < 1e-9), "{forecast:?}");
            assert!(standard_errors(&forecast).iter().all(|s| s.is_finite()));
            assert!(!model.aicc().is_nan());
        }
    }
}
