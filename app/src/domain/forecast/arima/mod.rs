//! ARIMA with automatic order selection after Hyndman & Khandakar (2008), "Automatic
//! time series forecasting: the forecast package for R", JSS 27(3) — the method of R's
//! `auto.arima` and statsforecast's `AutoARIMA`, with a fixed budget of work per series.
//!
//! 1. Seasonal differencing D ∈ {0, 1}: seasonal strength of a classical additive
//!    decomposition, F_s = max(0, 1 − Var(R)/Var(S + R)) (Wang, Smith & Hyndman 2006);
//!    D = 1 when F_s > 0.64, the threshold of R's `nsdiffs` (which uses STL), and only
//!    with at least 2m + 4 observations.
//! 2. Regular differencing d ∈ {0, 1, 2} of the seasonally differenced series: the KPSS
//!    level-stationarity test (Kwiatkowski et al. 1992) with a Bartlett long-run variance
//!    over ⌊3√n/13⌋ lags, differencing while the statistic exceeds the 5 % critical value
//!    0.463 — the rule of `forecast::ndiffs`.
//! 3. Orders: the H–K stepwise search by AICc over p, q ≤ 5 and seasonal P, Q ≤ 1, from
//!    (2,2)(1,1), (0,0)(0,0), (1,0)(1,0), (0,1)(0,1) through ±1 moves, first improvement
//!    wins; a constant (mean, or drift) only when d + D ≤ 1. At most 14 candidates.
//!    Seasonal AR/MA terms only for m ≤ 12: for m = 52 or 365 they would condition every
//!    fit on a whole season, so long periods get seasonal differencing only.
//! 4. Estimation: conditional sum of squares (CSS) by bounded Nelder–Mead, started from
//!    Hannan–Rissanen (1982) regressions. Like R's `approximation = TRUE`, the search
//!    uses cheap fits (≤ 100 evaluations) and only the winner is refined (≤ 200). The
//!    coefficients are searched as partial autocorrelations in ±0.98 and mapped by
//!    Durbin–Levinson, so every visited model is stationary and invertible. The constant
//!    is the sample mean of the differenced series (consistent, one dimension less).
//! 5. Forecasts: the ARMA recursion on the differenced series, integrated back; standard
//!    errors σ·√(Σ_{j<h} ψ_j²) from the ψ-weights of φ(B)Φ(B^m)(1−B)^d(1−B^m)^D.
//!
//! Files: `differencing.rs` (steps 1–2), `search.rs` (steps 3–4), `polynomial.rs` (lag polynomials, CSS, ψ-weights).

mod differencing;
mod polynomial;
mod search;

use super::model::{FitError, ModelForecast, Spread};
use differencing::{difference, differencing_polynomial, regular_differences, seasonal_strength};
use polynomial::{coefficients_from_pacf, css_residuals, psi_weights, Terms};
use search::{Search, FINAL};

/// Fewest observations accepted: twice the smallest model's parameters (mean, σ) plus four.
const MIN_OBSERVATIONS: usize = 8;
/// Largest regular AR or MA order searched.
const MAX_ORDER: usize = 5;
/// `nsdiffs`: seasonally difference above this seasonal strength.
const SEASONAL_STRENGTH_THRESHOLD: f64 = 0.64;

/// (p, d, q)(P, D, Q)[m] and whether the differenced series has a nonzero mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Orders {
    pub p: usize,
    pub d: usize,
    pub q: usize,
    pub big_p: usize,
    pub big_d: usize,
    pub big_q: usize,
    /// Seasonal period, 1 when there is none.
    pub m: usize,
    pub constant: bool,
}

impl Orders {
    fn coefficients(&self) -> usize {
        self.p + self.q + self.big_p + self.big_q
    }

    /// Parameters counted by AICc: ARMA coefficients, constant, σ².
    fn params(&self) -> usize {
        self.coefficients() + usize::from(self.constant) + 1
    }
}

/// Coefficients of φ(B) = 1 − Σφ_i B^i, θ(B) = 1 + Σθ_j B^j, Φ(B^m) = 1 − Φ B^m,
/// Θ(B^m) = 1 + Θ B^m (R's sign convention), and the mean μ of the differenced series.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Coefficients {
    pub phi: Vec<f64>,
    pub theta: Vec<f64>,
    pub big_phi: f64,
    pub big_theta: f64,
    pub mu: f64,
}

/// A fitted seasonal ARIMA model.
#[derive(Clone, Debug, PartialEq)]
pub struct Arima {
    orders: Orders,
    coefficients: Coefficients,
    /// Innovation variance σ², like μ in units of `scale`.
    sigma2: f64,
    /// Largest |y| of the fitted series: fitting on y/scale keeps squares finite for huge data.
    scale: f64,
    aicc: f64,
}

impl Arima {
    /// Chooses d (and seasonal D when `season` is Some(m) with m > 1) and the ARMA orders stepwise by AICc, then fits.
    pub fn fit_auto(y: &[f64], season: Option<usize>) -> Result<Arima, FitError> {
        let n = y.len();
        if n < MIN_OBSERVATIONS {
            return Err(FitError::TooShort { needed: MIN_OBSERVATIONS, got: n });
        }
        if y.iter().any(|v| !v.is_finite()) {
            return Err(FitError::NotFinite);
        }
        let largest = max_abs(y);
        let scale = if largest > 0.0 { largest } else { 1.0 };
        let scaled: Vec<f64> = y.iter().map(|v| v / scale).collect();
        let m = season.filter(|&m| m > 1 && m < n).unwrap_or(1);
        let seasonal = m > 1 && n >= 2 * m + 4 && seasonal_strength(&scaled, m) > SEASONAL_STRENGTH_THRESHOLD;
        let big_d = usize::from(seasonal);
        let seasonally_differenced = difference(&scaled, m, big_d);
        let d = regular_differences(&seasonally_differenced);
        let w = difference(&seasonally_differenced, 1, d);
        let base = Orders { p: 0, d, q: 0, big_p: 0, big_d, big_q: 0, m, constant: false };
        let search = Search::new(&w, base);
        let best = search.stepwise();
        let best = search.fit(best.orders, &best.pacf, &FINAL);
        let sigma2 = search.sigma2(&best);
        if !best.aicc.is_finite() || !sigma2.is_finite() {
            return Err(FitError::NotFinite);
        }
        let coefficients = coefficients_from_pacf(&best.orders, &best.pacf, search.mean);
        let n_effective = w.len() - search.n_cond;
        // log L(y) = log L(y/scale) − n·ln(scale), so AICc moves by 2n·ln(scale).
        let aicc = best.aicc + 2.0 * n_effective as f64 * scale.ln();
        Ok(Arima { scale, aicc, ..Arima::from_coefficients(best.orders, coefficients, sigma2) })
    }

    /// A model with given orders and coefficients (at most 5 regular ones each), on the
    /// data's own scale; its AICc is unknown (NaN) as nothing was fitted.
    pub(crate) fn from_coefficients(orders: Orders, mut coefficients: Coefficients, sigma2: f64) -> Arima {
        coefficients.phi.truncate(MAX_ORDER);
        coefficients.theta.truncate(MAX_ORDER);
        let orders = Orders { p: coefficients.phi.len(), q: coefficients.theta.len(), m: orders.m.max(1), ..orders };
        Arima { orders, coefficients, sigma2, scale: 1.0, aicc: f64::NAN }
    }

    /// AICc of the chosen model (for comparing within the family).
    pub fn aicc(&self) -> f64 {
        self.aicc
    }

    /// Human-readable, e.g. "ARIMA(1,1,1)" or "ARIMA(0,1,1)(0,1,0)[7]" or "ARIMA(2,0,0) with mean".
    pub fn describe(&self) -> String {
        let o = &self.orders;
        let mut text = format!("ARIMA({},{},{})", o.p, o.d, o.q);
        if o.m > 1 && o.big_p + o.big_d + o.big_q > 0 {
            text.push_str(&format!("({},{},{})[{}]", o.big_p, o.big_d, o.big_q, o.m));
        }
        if o.constant {
            text.push_str(if o.d + o.big_d == 0 { " with mean" } else { " with drift" });
        }
        text
    }

    /// Forecasts h steps after the end of `y` using the fitted coefficients. `y` is the
    /// series the model was fitted on, or that series extended by later observations
    /// (the caller validates on a shorter series, then reuses the coefficients on the full one
    /// without refitting). Spread::Normal with the analytic standard error per step
    /// sigma * sqrt(sum_{j<h} psi_j^2) from the psi-weights of the full (differenced) model.
    pub fn forecast(&self, y: &[f64], h: usize) -> ModelForecast {
        let o = &self.orders;
        let c = &self.coefficients;
        // Work in units of the larger of the fit's scale and this series' largest value.
        let scale = self.scale.max(max_abs(y));
        let ratio = self.scale / scale;
        let history: Vec<f64> = y.iter().map(|v| v / scale).collect();
        let mu = if o.constant { c.mu * ratio } else { 0.0 };
        let ar = Terms::multiplicative(&c.phi, c.big_phi, o.m, -1.0);
        let ma = Terms::multiplicative(&c.theta, c.big_theta, o.m, 1.0);
        let delta = differencing_polynomial(o.d, o.big_d, o.m);

        let n = history.len();
        let point: Vec<f64> = if n < delta.len() {
            // Too short to undo the differencing: hold the last value.
            vec![history.last().copied().unwrap_or(0.0); h]
        } else {
            let mut x: Vec<f64> =
                difference(&difference(&history, o.m, o.big_d), 1, o.d).iter().map(|v| v - mu).collect();
            let n_x = x.len();
            let mut e = vec![0.0; n_x + h];
            css_residuals(&x, &ar, &ma, 0, n_x, &mut e[..n_x]);
            // Future innovations are zero, so only their known past enters.
            for t in n_x..n_x + h {
                let mut v = 0.0;
                for (lag, a) in ar.iter().filter(|(lag, _)| *lag <= t) {
                    v += a * x[t - lag];
                }
                for (lag, b) in ma.iter().filter(|(lag, _)| *lag <= t) {
                    v += b * e[t - lag];
                }
                x.push(v);
            }
            // δ(B)y_t = w_t, so y_t = w_t − Σ_{k≥1} δ_k y_{t−k}.
            let mut levels = history;
            for step in 0..h {
                let t = n + step;
                let mut v = x[n_x + step] + mu;
                for (k, delta_k) in delta.iter().enumerate().skip(1) {
                    v -= delta_k * levels[t - k];
                }
                levels.push(v);
            }
            levels.split_off(n)
        };
        let psi = psi_weights(&ar, &ma, &delta, h);
        let sigma = self.sigma2.max(0.0).sqrt() * self.scale;
        let mut cumulative = 0.0;
        let spread = psi
            .iter()
            .map(|psi_j| {
                cumulative += psi_j * psi_j;
                finite(sigma * cumulative.sqrt())
            })
            .collect();
        ModelForecast { point: point.iter().map(|v| finite(v * scale)).collect(), spread: Spread::Normal(spread) }
    }
}

fn max_abs(x: &[f64]) -> f64 {
    x.iter().fold(0.0, |largest, v| largest.max(v.abs()))
}

/// Overflowed values become the largest finite ones, so callers always get numbers.
fn finite(v: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-f64::MAX, f64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic N(0, 1) noise: splitmix64 uniforms through Box–Muller.
    pub(super) fn noise(n: usize, seed: u64) -> Vec<f64> {
        let mut state = seed;
        let mut uniform = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n).map(|_| (-2.0 * uniform().max(1e-12).ln()).sqrt() * (std::f64::consts::TAU * uniform()).cos()).collect()
    }

    fn arma(phi: &[f64], theta: &[f64], mu: f64) -> Coefficients {
        Coefficients { phi: phi.to_vec(), theta: theta.to_vec(), big_phi: 0.0, big_theta: 0.0, mu }
    }

    fn model(d: usize, big_d: usize, m: usize, coefficients: Coefficients, sigma2: f64) -> Arima {
        let constant = coefficients.mu != 0.0;
        let big_p = usize::from(coefficients.big_phi != 0.0);
        let big_q = usize::from(coefficients.big_theta != 0.0);
        let orders = Orders { p: 0, d, q: 0, big_p, big_d, big_q, m, constant };
        Arima::from_coefficients(orders, coefficients, sigma2)
    }

    fn normal(forecast: &ModelForecast) -> &[f64] {
        match &forecast.spread {
            Spread::Normal(se) => se,
            Spread::Empirical { .. } => panic!("ARIMA gives analytic intervals"),
        }
    }

    pub(super) fn assert_close(actual: &[f64], expected: &[f64], tolerance: f64) {
        assert_eq!(actual.len(), expected.len());
        for (a, e) in actual.iter().zip(expected) {
            assert!((a - e).abs() <= tolerance, "{actual:?} vs {expected:?}");
        }
    }

    #[test]
    fn arima_011_forecast_and_standard_errors_match_hand_arithmetic() {
        // w = (2, −1); e_1 = 2, e_2 = −1 − 0.5·2 = −2; ŵ = 0.5·(−2) = −1 then 0, so ŷ = 10, 10, 10.
        // ψ_j = 1 + θ = 1.5 for j ≥ 1: se_h = 2·√(1 + (h − 1)·2.25).
        let forecast = model(1, 0, 1, arma(&[], &[0.5], 0.0), 4.0).forecast(&[10.0, 12.0, 11.0], 3);
        assert_close(&forecast.point, &[10.0, 10.0, 10.0], 1e-12);
        assert_close(normal(&forecast), &[2.0, 2.0 * 3.25f64.sqrt(), 2.0 * 5.5f64.sqrt()], 1e-12);
    }

    #[test]
    fn ar1_with_mean_decays_towards_the_mean() {
        // ŷ_h = 10 + 0.5^h·(14 − 10); se_h² = Σ_{j<h} 0.25^j.
        let forecast = model(0, 0, 1, arma(&[0.5], &[], 10.0), 1.0).forecast(&[9.0, 11.0, 14.0], 3);
        assert_close(&forecast.point, &[12.0, 11.0, 10.5], 1e-12);
        assert_close(normal(&forecast), &[1.0, 1.25f64.sqrt(), 1.3125f64.sqrt()], 1e-12);
    }

    #[test]
    fn seasonal_random_walk_repeats_the_last_season() {
        // ARIMA(0,0,0)(0,1,0)[4]: ψ_j = 1 at multiples of 4, so se_h = σ·√(⌊(h − 1)/4⌋ + 1).
        let forecast = model(0, 1, 4, arma(&[], &[], 0.0), 9.0).forecast(&[1.0, 5.0, 2.0, 7.0, 2.0, 6.0, 3.0, 8.0], 6);
        assert_close(&forecast.point, &[2.0, 6.0, 3.0, 8.0, 2.0, 6.0], 1e-12);
        assert_close(normal(&forecast), &[3.0, 3.0, 3.0, 3.0, 3.0 * 2f64.sqrt(), 3.0 * 2f64.sqrt()], 1e-12);
    }

    #[test]
    fn describe_names_orders_season_and_constant() {
        assert_eq!(model(1, 0, 1, arma(&[0.1], &[0.2], 0.0), 1.0).describe(), "ARIMA(1,1,1)");
        assert_eq!(model(1, 1, 7, arma(&[], &[0.2], 0.0), 1.0).describe(), "ARIMA(0,1,1)(0,1,0)[7]");
        assert_eq!(model(0, 0, 1, arma(&[0.5, 0.1], &[], 3.0), 1.0).describe(), "ARIMA(2,0,0) with mean");
        assert_eq!(model(1, 0, 1, arma(&[], &[], 0.5), 1.0).describe(), "ARIMA(0,1,0) with drift");
    }

    #[test]
    fn simulated_ar1_keeps_d_zero_and_recovers_phi() {
        let eps = noise(500, 7);
        let mut y = vec![0.0; 500];
        for t in 1..500 {
            y[t] = 0.7 * y[t - 1] + eps[t];
        }
        let fit = Arima::fit_auto(&y, None).expect("fits");
        assert_eq!((fit.orders.d, fit.orders.big_d), (0, 0), "{}", fit.describe());
        // Higher-order fits are fine as long as the lag-one coefficient is the AR(1) one.
        assert!((fit.coefficients.phi.first().copied().unwrap_or(0.0) - 0.7).abs() < 0.1, "{fit:?}");
        assert!(fit.aicc().is_finite());
    }

    #[test]
    fn random_walk_is_differenced_once() {
        let y: Vec<f64> =
            noise(400, 11).iter().scan(100.0, |level, e| Some(*level + e).inspect(|v| *level = *v)).collect();
        let fit = Arima::fit_auto(&y, None).expect("fits");
        assert_eq!(fit.orders.d, 1, "{}", fit.describe());
    }

    #[test]
    fn trend_forecasts_keep_rising() {
        let y: Vec<f64> = noise(200, 3).iter().enumerate().map(|(t, e)| 50.0 + 0.5 * t as f64 + e).collect();
        let fit = Arima::fit_auto(&y, None).expect("fits");
        let forecast = fit.forecast(&y, 20);
        assert!(forecast.point.windows(2).skip(2).all(|pair| pair[1] > pair[0]), "{}: {forecast:?}", fit.describe());
        assert!(forecast.point[19] > y[190..].iter().sum::<f64>() / 10.0 + 5.0, "{forecast:?}");
    }

    #[test]
    fn period_12_pattern_is_repeated() {
        let pattern = |t: usize| {
            20.0 + 6.0 * (std::f64::consts::TAU * t as f64 / 12.0).sin() + if t % 12 == 3 { 4.0 } else { 0.0 }
        };
        let y: Vec<f64> = noise(144, 5).iter().enumerate().map(|(t, e)| pattern(t) + 0.3 * e).collect();
        let fit = Arima::fit_auto(&y, Some(12)).expect("fits");
        assert_eq!(fit.orders.big_d, 1, "a pattern this strong is seasonally differenced: {}", fit.describe());
        let forecast = fit.forecast(&y, 24);
        let mae = forecast.point.iter().enumerate().map(|(h, f)| (f - pattern(144 + h)).abs()).sum::<f64>() / 24.0;
        assert!(mae < 0.6, "{}: MAE {mae}", fit.describe());
    }

    #[test]
    fn constant_and_zero_series_give_flat_finite_forecasts() {
        for level in [0.0, 42.0, -3.5] {
            let fit = Arima::fit_auto(&[level; 60], Some(7)).expect("fits");
            let forecast = fit.forecast(&[level; 60], 10);
            assert_close(&forecast.point, &[level; 10], 1e-9 * (1.0 + level.abs()));
            assert!(normal(&forecast).iter().all(|se| se.is_finite()), "{forecast:?}");
        }
    }

    #[test]
    fn standard_errors_never_shrink() {
        let eps = noise(300, 13);
        let series = [
            eps.clone(),
            eps.iter().scan(0.0, |level, e| Some(*level + e).inspect(|v| *level = *v)).collect(),
            eps.iter().enumerate().map(|(t, e)| 10.0 * ((t % 7) as f64) + e).collect::<Vec<f64>>(),
        ];
        for y in series {
            let fit = Arima::fit_auto(&y, Some(7)).expect("fits");
            let forecast = fit.forecast(&y, 30);
            let se = normal(&forecast);
            assert!(se[0] > 0.0 && se.windows(2).all(|pair| pair[1] >= pair[0]), "{}: {se:?}", fit.describe());
        }
    }

    #[test]
    fn forecast_on_an_extended_series_reuses_the_coefficients() {
        let eps = noise(330, 17);
        let y: Vec<f64> =
            eps.iter().enumerate().map(|(t, e)| 30.0 + 5.0 * ((t % 7) as f64) + 0.1 * t as f64 + e).collect();
        let fit = Arima::fit_auto(&y[..300], Some(7)).expect("fits");
        // Appending the model's own forecasts leaves zero residuals, so it must continue them.
        let ahead = fit.forecast(&y[..300], 15).point;
        let extended: Vec<f64> = y[..300].iter().chain(&ahead[..5]).copied().collect();
        assert_close(&fit.forecast(&extended, 10).point, &ahead[5..], 1e-8);
        // Real later observations move the forecast: it starts from the new end.
        let full = fit.forecast(&y, 10).point;
        assert!(full.iter().zip(&ahead).any(|(a, b)| (a - b).abs() > 1e-6), "{full:?}");
        assert!((full[0] - y[323]).abs() < 10.0, "{full:?} after {:?}", &y[320..]);
    }

    #[test]
    fn short_and_extreme_series_never_panic() {
        assert_eq!(Arima::fit_auto(&[1.0; 7], None), Err(FitError::TooShort { needed: 8, got: 7 }));
        assert_eq!(Arima::fit_auto(&[1.0, f64::NAN, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], None), Err(FitError::NotFinite));
        let inputs: [Vec<f64>; 3] = [
            vec![3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0],
            noise(100, 19).iter().map(|e| 1e300 * e).collect(),
            (0..50).map(|t| if t % 2 == 0 { f64::MAX } else { -f64::MAX }).collect(),
        ];
        for y in inputs {
            let fit = Arima::fit_auto(&y, Some(4)).expect("fits");
            let forecast = fit.forecast(&y, 12);
            assert!(forecast.point.iter().chain(normal(&forecast)).all(|v| v.is_finite()), "{forecast:?}");
            assert!(fit.forecast(&y[..2], 3).point.iter().all(|v| v.is_finite()));
        }
    }
}
