//! The standard Theta method (Assimakopoulos & Nikolopoulos 2000, "The theta model: a
//! decomposition approach to forecasting", *IJF* 16(4)), in the form Hyndman & Billah
//! (2003, "Unmasking the Theta method", *IJF* 19(2)) showed it to be: simple exponential
//! smoothing with a drift of half the least-squares slope b of the series,
//!
//! ŷ_{n+h} = ℓ_n + (b/2)·[(h − 1) + (1 − (1 − α)^n)/α],
//!
//! as in R's `forecast::thetaf`. α ∈ [0.01, 0.99] and ℓ₀ minimise the SSE of the SES
//! one-step errors (the drift plays no part in the fit). The errors are linear in ℓ₀, so
//! for each α the best ℓ₀ has a closed form and α is found by a 1-D search on that
//! profile: a coarse grid, then golden-section search around the best grid point.
//!
//! With a season m (n ≥ 2m) the series is first divided by classical multiplicative
//! seasonal indices (centred moving average of order m, indices averaging 1), or has
//! additive ones (averaging 0) subtracted when some value is ≤ 0; forecasts are
//! reseasonalised by position in the cycle. Intervals are SES's, σ·√(1 + (h − 1)α²) with
//! σ² from the one-step errors, on the adjusted scale and then multiplied by the
//! seasonal index of the step (multiplicative case); a running maximum keeps them from
//! shrinking in the low season, as `ModelForecast` promises.

use super::model::{residual_variance, FitError, ModelForecast, Spread};

const ALPHA_MIN: f64 = 0.01;
const ALPHA_MAX: f64 = 0.99;
/// α, ℓ₀ and b, plus one observation left over for σ².
const MIN_OBSERVATIONS: usize = 4;
/// Intervals of the coarse α grid before the golden-section refinement.
const ALPHA_GRID: usize = 10;
/// Golden-section steps: the bracket (two grid intervals) shrinks by 0.618 per step, to ≈ 1e-6.
const GOLDEN_STEPS: usize = 25;

/// Classical seasonal indices, one per position t mod m.
#[derive(Clone, Debug, PartialEq)]
struct Seasonal {
    indices: Vec<f64>,
    multiplicative: bool,
}

impl Seasonal {
    /// Classical decomposition; needs m ≥ 2 and n ≥ 2m so every position has a ratio.
    fn estimate(y: &[f64], m: usize) -> Seasonal {
        let multiplicative = y.iter().all(|v| *v > 0.0);
        let half = m / 2;
        let mut sums = vec![0.0; m];
        let mut counts = vec![0usize; m];
        for t in half..y.len() - half {
            // Centred moving average; an even order takes half weights at both ends (2×m MA).
            let trend = if m % 2 == 1 {
                y[t - half..=t + half].iter().sum::<f64>() / m as f64
            } else {
                (0.5 * (y[t - half] + y[t + half]) + y[t - half + 1..t + half].iter().sum::<f64>()) / m as f64
            };
            sums[t % m] += if multiplicative { y[t] / trend } else { y[t] - trend };
            counts[t % m] += 1;
        }
        let raw: Vec<f64> = sums.iter().zip(&counts).map(|(s, c)| s / (*c).max(1) as f64).collect();
        let mean = raw.iter().sum::<f64>() / m as f64;
        let indices = raw.iter().map(|s| if multiplicative { s / mean } else { s - mean }).collect();
        Seasonal { indices, multiplicative }
    }

    fn index(&self, t: usize) -> f64 {
        self.indices[t % self.indices.len()]
    }

    fn adjust(&self, t: usize, value: f64) -> f64 {
        if self.multiplicative {
            value / self.index(t)
        } else {
            value - self.index(t)
        }
    }

    fn restore(&self, t: usize, value: f64) -> f64 {
        if self.multiplicative {
            value * self.index(t)
        } else {
            value + self.index(t)
        }
    }
}

/// SES one-step errors at `alpha` from ℓ₀ = y₀, with w_t = (1 − α)^t: moving ℓ₀ by Δ moves
/// e_t by −w_t·Δ. Returns (e_t, w_t) per step.
fn ses_errors(y: &[f64], alpha: f64) -> impl Iterator<Item = (f64, f64)> + '_ {
    let mut level = y.first().copied().unwrap_or(0.0);
    let mut weight = 1.0;
    y.iter().map(move |v| {
        let (error, w) = (v - level, weight);
        level += alpha * error;
        weight *= 1.0 - alpha;
        (error, w)
    })
}

/// The ℓ₀ minimising the one-step SSE at `alpha`, and that SSE: with Δ = ℓ₀ − y₀,
/// SSE(Δ) = Σe² − 2Δ·Σew + Δ²·Σw², least at Δ = Σew/Σw².
fn profile(y: &[f64], alpha: f64) -> (f64, f64) {
    let (mut see, mut sew, mut sww) = (0.0, 0.0, 0.0);
    for (e, w) in ses_errors(y, alpha) {
        see += e * e;
        sew += e * w;
        sww += w * w;
    }
    let shift = if sww > 0.0 { sew / sww } else { 0.0 };
    (y.first().copied().unwrap_or(0.0) + shift, (see - sew * shift).max(0.0))
}

/// α minimising the profiled SSE: grid, then golden section between the grid neighbours.
fn search_alpha(y: &[f64]) -> f64 {
    let sse = |alpha: f64| profile(y, alpha).1;
    let at = |i: usize| ALPHA_MIN + (ALPHA_MAX - ALPHA_MIN) * i as f64 / ALPHA_GRID as f64;
    let grid: Vec<f64> = (0..=ALPHA_GRID).map(|i| sse(at(i))).collect();
    let best = (0..=ALPHA_GRID).min_by(|a, b| grid[*a].total_cmp(&grid[*b])).unwrap_or(0);
    let (mut lo, mut hi) = (at(best.saturating_sub(1)), at((best + 1).min(ALPHA_GRID)));
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (hi - ratio * (hi - lo), lo + ratio * (hi - lo));
    let (mut fa, mut fb) = (sse(a), sse(b));
    for _ in 0..GOLDEN_STEPS {
        if fa <= fb {
            (hi, b, fb) = (b, a, fa);
            a = hi - ratio * (hi - lo);
            fa = sse(a);
        } else {
            (lo, a, fa) = (a, b, fb);
            b = lo + ratio * (hi - lo);
            fb = sse(b);
        }
    }
    let (refined, refined_sse) = if fa <= fb { (a, fa) } else { (b, fb) };
    if refined_sse <= grid[best] {
        refined
    } else {
        at(best)
    }
}

/// Least-squares slope of y on t = 0..n−1.
fn ols_slope(y: &[f64]) -> f64 {
    let n = y.len() as f64;
    let t_mean = (n - 1.0) / 2.0;
    let y_mean = y.iter().sum::<f64>() / n;
    let (sxy, sxx) = y.iter().enumerate().fold((0.0, 0.0), |(sxy, sxx), (t, v)| {
        let dt = t as f64 - t_mean;
        (sxy + dt * (v - y_mean), sxx + dt * dt)
    });
    if sxx > 0.0 {
        sxy / sxx
    } else {
        0.0
    }
}

/// A fitted Theta model: SES with drift b/2 on the (seasonally adjusted) series.
#[derive(Clone, Debug, PartialEq)]
pub struct Theta {
    alpha: f64,
    /// ℓ₀, the level before the first observation.
    initial_level: f64,
    /// b, the least-squares slope of the adjusted series; the forecast drifts by b/2.
    slope: f64,
    seasonal: Option<Seasonal>,
    /// One-step error standard deviation on the adjusted scale.
    sigma: f64,
}

impl Theta {
    /// `season = Some(m)` adjusts for a season of m steps when m > 1 and `y` holds at
    /// least two cycles; otherwise the series is used as it is.
    pub fn fit(y: &[f64], season: Option<usize>) -> Result<Theta, FitError> {
        if y.len() < MIN_OBSERVATIONS {
            return Err(FitError::TooShort { needed: MIN_OBSERVATIONS, got: y.len() });
        }
        if y.iter().any(|v| !v.is_finite()) {
            return Err(FitError::NotFinite);
        }
        let seasonal = season.filter(|&m| m > 1 && y.len() >= 2 * m).map(|m| Seasonal::estimate(y, m));
        let adjusted: Vec<f64> = match &seasonal {
            Some(s) => y.iter().enumerate().map(|(t, v)| s.adjust(t, *v)).collect(),
            None => y.to_vec(),
        };
        let model = Theta::with_alpha(&adjusted, seasonal, search_alpha(&adjusted));
        let finite = [model.alpha, model.initial_level, model.slope, model.sigma].iter().all(|v| v.is_finite());
        if finite && adjusted.iter().all(|v| v.is_finite()) {
            Ok(model)
        } else {
            Err(FitError::NotFinite)
        }
    }

    /// The rest of the fit once α is chosen: ℓ₀, b and σ on the adjusted series.
    fn with_alpha(adjusted: &[f64], seasonal: Option<Seasonal>, alpha: f64) -> Theta {
        let (initial_level, _) = profile(adjusted, alpha);
        let shift = initial_level - adjusted[0];
        let residuals: Vec<f64> = ses_errors(adjusted, alpha).map(|(e, w)| e - w * shift).collect();
        // α and ℓ₀ were fitted to these errors.
        let sigma = residual_variance(&residuals, 2).sqrt();
        Theta { alpha, initial_level, slope: ols_slope(adjusted), seasonal, sigma }
    }

    /// "Theta" or "Theta (seasonally adjusted, m = 7)".
    pub fn describe(&self) -> String {
        match &self.seasonal {
            Some(s) => format!("Theta (seasonally adjusted, m = {})", s.indices.len()),
            None => "Theta".to_string(),
        }
    }

    /// h steps after the end of `y`, the fitted series or that series extended by later
    /// observations: α, ℓ₀, b and the seasonal indices stay as fitted (the cycle goes on
    /// by position), the SES recursion reruns over the adjusted `y` for the final level ℓ_n,
    /// and n = `y.len()` in the drift term.
    pub fn forecast(&self, y: &[f64], h: usize) -> ModelForecast {
        let adjust = |t: usize, v: f64| self.seasonal.as_ref().map_or(v, |s| s.adjust(t, v));
        let level =
            y.iter().enumerate().fold(self.initial_level, |level, (t, v)| level + self.alpha * (adjust(t, *v) - level));
        let n = y.len();
        let carry = (1.0 - (1.0 - self.alpha).powf(n as f64)) / self.alpha;
        let mut point = Vec::with_capacity(h);
        let mut spread = Vec::with_capacity(h);
        let mut widest = 0.0_f64;
        for step in 1..=h {
            let t = n + step - 1;
            let ahead = (step - 1) as f64;
            let adjusted_point = level + self.slope / 2.0 * (ahead + carry);
            let adjusted_se = self.sigma * (1.0 + ahead * self.alpha * self.alpha).sqrt();
            let (value, se) = match &self.seasonal {
                Some(s) => {
                    (s.restore(t, adjusted_point), adjusted_se * if s.multiplicative { s.index(t) } else { 1.0 })
                }
                None => (adjusted_point, adjusted_se),
            };
            widest = widest.max(se);
            point.push(value);
            spread.push(widest);
        }
        ModelForecast { point, spread: Spread::Normal(spread) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard_errors(forecast: &ModelForecast) -> &[f64] {
        match &forecast.spread {
            Spread::Normal(se) => se,
            other => panic!("expected a normal spread, got {other:?}"),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// y = 10, 12, 11, 13, 14 with α = ½. From ℓ₀ = 10 the one-step errors are 0, 2, 0, 2, 2
    /// (levels 10, 11, 11, 12, 13) with weights w_t = ½^t: Σew = 1 + ¼ + ⅛ = 11/8,
    /// Σw² = 341/256, so Δ = 32/31 and ℓ₀ = 342/31. The final level moves by ½⁵·Δ:
    /// ℓ₅ = 13 + 1/31. Errors e − wΔ = (−32, 46, −8, 58, 60)/31, SSE = 10168/961, σ² = SSE/3.
    /// OLS slope b = Σ(t − 2)(y − 12)/Σ(t − 2)² = 9/10, so the drift is 0.45 per step and
    /// ŷ₆ = ℓ₅ + 0.45·(1 − ½⁵)/½ = 13 + 1/31 + 0.871875.
    #[test]
    fn hand_computed_fit_at_a_fixed_alpha() {
        let y = [10.0, 12.0, 11.0, 13.0, 14.0];
        let model = Theta::with_alpha(&y, None, 0.5);
        assert!(close(model.initial_level, 342.0 / 31.0) && close(model.slope, 0.9), "{model:?}");
        let sigma = (10168.0 / 961.0 / 3.0_f64).sqrt();
        assert!(close(model.sigma, sigma), "{model:?}");
        let forecast = model.forecast(&y, 3);
        let first = 13.0 + 1.0 / 31.0 + 0.871875;
        for (step, expected) in [first, first + 0.45, first + 0.9].iter().enumerate() {
            assert!(close(forecast.point[step], *expected), "{forecast:?}");
        }
        let se = standard_errors(&forecast);
        assert!(close(se[0], sigma) && close(se[1], sigma * 1.25_f64.sqrt()) && close(se[2], sigma * 1.5_f64.sqrt()));
    }

    /// A perfect line: the SES level trails the last value and the drift is b/2, so the
    /// Theta forecast rises at half the slope (the average of the extrapolated θ = 0
    /// line and the flat SES forecast of the θ = 2 line).
    #[test]
    fn linear_series_rises_at_half_the_slope() {
        let y: Vec<f64> = (0..40).map(|t| 5.0 + 2.0 * t as f64).collect();
        let model = Theta::fit(&y, None).unwrap();
        assert_eq!(model.describe(), "Theta");
        assert!(close(model.alpha, ALPHA_MAX), "a line wants the level to follow the data: {model:?}");
        let forecast = model.forecast(&y, 10);
        assert!((forecast.point[0] - (y[39] + 1.0)).abs() < 0.05, "{:?}", forecast.point);
        assert!(forecast.point.windows(2).all(|w| close(w[1] - w[0], 1.0)));
    }

    #[test]
    fn constant_series_gives_a_constant_forecast() {
        for (value, season) in [(7.0, None), (7.0, Some(4)), (0.0, Some(4)), (0.0, None)] {
            let y = vec![value; 24];
            let forecast = Theta::fit(&y, season).unwrap().forecast(&y, 12);
            assert!(forecast.point.iter().all(|p| close(*p, value)), "{forecast:?}");
            assert!(standard_errors(&forecast).iter().all(|s| close(*s, 0.0)));
        }
    }

    #[test]
    fn seasonal_pattern_repeats() {
        for pattern in [[10.0, 20.0, 30.0, 20.0], [0.0, 10.0, 20.0, 10.0]] {
            let y: Vec<f64> = (0..20).map(|t| pattern[t % 4]).collect();
            let model = Theta::fit(&y, Some(4)).unwrap();
            assert_eq!(model.describe(), "Theta (seasonally adjusted, m = 4)");
            assert_eq!(model.seasonal.as_ref().map(|s| s.multiplicative), Some(pattern[0] > 0.0));
            let forecast = model.forecast(&y, 8);
            for (step, point) in forecast.point.iter().enumerate() {
                assert!((point - pattern[step % 4]).abs() < 1e-9, "{forecast:?}");
            }
        }
        // Extended by two observations: the cycle continues by position.
        let y: Vec<f64> = (0..22).map(|t| [10.0, 20.0, 30.0, 20.0][t % 4]).collect();
        let model = Theta::fit(&y[..20], Some(4)).unwrap();
        assert!((model.forecast(&y, 1).point[0] - 30.0).abs() < 1e-9, "t = 22 is position 2");
    }

    #[test]
    fn standard_errors_never_shrink() {
        // Seasonal with noise: multiplicative indices vary, the running maximum holds.
        let y: Vec<f64> = (0..48).map(|t| [50.0, 80.0, 120.0, 70.0][t % 4] + ((t * 37 % 11) as f64 - 5.0)).collect();
        for season in [None, Some(4)] {
            let forecast = Theta::fit(&y, season).unwrap().forecast(&y, 16);
            let se = standard_errors(&forecast);
            assert!(se[0] > 0.0 && se.windows(2).all(|w| w[0] <= w[1]), "{se:?}");
        }
    }

    #[test]
    fn refuses_short_or_broken_series() {
        assert_eq!(Theta::fit(&[1.0, 2.0, 3.0], None), Err(FitError::TooShort { needed: 4, got: 3 }));
        assert_eq!(Theta::fit(&[], Some(7)), Err(FitError::TooShort { needed: 4, got: 0 }));
        assert_eq!(Theta::fit(&[1.0, f64::INFINITY, 3.0, 4.0], None), Err(FitError::NotFinite));
        // Too short for the season: fitted without adjustment.
        assert_eq!(Theta::fit(&[1.0, 2.0, 3.0, 4.0, 5.0], Some(4)).unwrap().describe(), "Theta");
    }
}
