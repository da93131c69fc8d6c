//! One series in, one forecast out: season detection, outlier cleaning, the
//! explicit methods with an honest fallback, and `auto` (chosen in `select.rs`).

use super::candidate::{Context, Fitted};
use super::intervals::Band;
use super::regression::Driver;
use super::seasonality::{detect, Frequency};
use super::select::{choose, Choice};
use super::settings::{Method, Settings};
use crate::domain::accuracy::robust_bounds;

/// Demand per period, oldest first, evenly spaced at `frequency`.
pub struct Series<'a> {
    pub values: &'a [f64],
    pub frequency: Frequency,
    /// Known drivers (promotion flag, price…) over the history and the horizon.
    pub drivers: &'a [Driver<'a>],
}

/// A finished forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Never negative.
    pub point: Vec<f64>,
    /// One band per requested level, narrowest first.
    pub bands: Vec<Band>,
    /// The model that produced it, e.g. "ETS(A,Ad,A)".
    pub model: String,
    /// Why this model: the validation scores, or why a requested method fell back.
    pub reason: String,
}

/// Robust z-score beyond which a value counts as an outlier.
const OUTLIER_Z: f64 = 3.0;

/// Forecasts one series; never fails (an empty or unusable history forecasts zero).
pub fn forecast(series: &Series<'_>, settings: &Settings) -> Outcome {
    let h = settings.horizon.steps();
    let cleaned;
    let y = if settings.clean_outliers {
        cleaned = winsorise(series.values);
        &cleaned[..]
    } else {
        series.values
    };
    let seasons = match settings.season_length {
        Some(m) if m > 1 => vec![m],
        Some(_) => Vec::new(),
        None => detect(y, series.frequency),
    };
    let context = Context {
        frequency: series.frequency,
        season: seasons.first().copied(),
        natural_season: if settings.season_length.is_none() {
            series.frequency.candidate_seasons().first().copied()
        } else {
            None
        },
        fourier: seasons.iter().map(|&m| (series.frequency.exact_period(m), harmonics(m))).collect(),
        drivers: series.drivers,
    };
    let choice = if y.iter().all(|v| *v == 0.0) {
        Choice::single(Fitted::Zero, "no demand in the history".to_string())
    } else if settings.method == Method::Auto {
        choose(y, h, &context)
    } else {
        requested(settings.method, y, &context)
    };
    let (point, bands) = choice.forecast(y, h, &context, settings.levels.percents());
    Outcome { point, bands, model: choice.describe(), reason: choice.reason }
}

/// An explicit method, falling back to naive (and then to zero) when it cannot be fitted.
fn requested(method: Method, y: &[f64], context: &Context<'_>) -> Choice {
    match Fitted::fit(method, y, context) {
        Ok(fitted) => Choice::single(fitted, format!("requested {}", method.name())),
        Err(error) => {
            let fallback = Fitted::fit(Method::Naive, y, context).unwrap_or(Fitted::Zero);
            let reason = format!("requested {} {error}; fell back to {}", method.name(), fallback.describe());
            Choice::single(fallback, reason)
        }
    }
}

/// Fourier pairs per season: enough for a weekly profile (3) or a yearly one (10),
/// never more than the season can carry ((m − 1)/2).
fn harmonics(m: usize) -> usize {
    let wanted = if m >= 52 { 10 } else { 3.max(m / 2) };
    wanted.min((m.saturating_sub(1)) / 2).max(1)
}

/// Values with |robust z| > 3 pulled in to that boundary (median ± 3·MAD/0.6745).
fn winsorise(values: &[f64]) -> Vec<f64> {
    match robust_bounds(values, OUTLIER_Z) {
        Some((low, high)) => values.iter().map(|v| v.clamp(low, high)).collect(),
        None => values.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forecast::settings::{Horizon, Levels};

    fn settings(method: Method, horizon: i64) -> Settings {
        Settings {
            horizon: Horizon::parse(horizon).unwrap(),
            season_length: None,
            method,
            levels: Levels::default(),
            clean_outliers: false,
        }
    }

    fn run(values: &[f64], method: Method, horizon: i64) -> Outcome {
        forecast(&Series { values, frequency: Frequency::Daily, drivers: &[] }, &settings(method, horizon))
    }

    fn noise(t: usize) -> f64 {
        ((t as f64 * 12.9898).sin() * 43758.5453).fract()
    }

    fn assert_well_formed(outcome: &Outcome, h: usize) {
        assert_eq!(outcome.point.len(), h);
        let (b80, b95) = (&outcome.bands[0], &outcome.bands[1]);
        for step in 0..h {
            let chain = [b95.lower[step], b80.lower[step], outcome.point[step], b80.upper[step], b95.upper[step]];
            assert!(
                chain[0] >= 0.0 && chain.windows(2).all(|w| w[0] <= w[1]),
                "{} step {step}: {chain:?}",
                outcome.model
            );
        }
    }

    #[test]
    fn a_constant_series_gives_a_constant_forecast_whatever_the_method() {
        let y = vec![25.0; 90];
        for method in Method::ALL {
            let outcome = run(&y, method, 10);
            assert_well_formed(&outcome, 10);
            // SBA deliberately scales Croston's estimate by (1 − α/2).
            let expected = match &outcome.model {
                model if model.starts_with("SBA (α = ") => {
                    let alpha: f64 = model["SBA (α = ".len()..model.len() - 1].parse().unwrap();
                    25.0 * (1.0 - alpha / 2.0)
                }
                _ => 25.0,
            };
            for value in &outcome.point {
                assert!((value - expected).abs() < 0.05, "{} ({}) gave {value}", method.name(), outcome.model);
            }
        }
    }

    #[test]
    fn every_method_gives_ordered_non_negative_intervals_on_falling_noisy_demand() {
        let y: Vec<f64> = (0..200).map(|t| (40.0 - 0.3 * t as f64 + 8.0 * noise(t)).max(0.0)).collect();
        for method in Method::ALL {
            let outcome = run(&y, method, 60);
            assert_well_formed(&outcome, 60);
        }
    }

    #[test]
    fn intervals_widen_with_the_horizon_for_every_method() {
        let y: Vec<f64> = (0..300)
            .map(|t| 60.0 + 0.05 * t as f64 + [8.0, 4.0, 0.0, -2.0, -4.0, -6.0, 0.0][t % 7] + 6.0 * noise(t))
            .collect();
        for method in Method::ALL {
            let outcome = run(&y, method, 30);
            for band in &outcome.bands {
                let widths: Vec<f64> = band.upper.iter().zip(&band.lower).map(|(hi, lo)| hi - lo).collect();
                assert!(band.lower.iter().all(|lo| *lo > 0.0), "{} dips to zero", outcome.model);
                assert!(
                    widths.windows(2).all(|w| w[1] >= w[0] - 1e-9),
                    "{} {}%: {widths:?}",
                    outcome.model,
                    band.level
                );
            }
        }
    }

    #[test]
    fn odd_histories_never_panic_and_stay_well_formed() {
        let patterns: [fn(usize) -> f64; 5] = [
            |_| 7.0,
            |t| if t % 9 == 0 { 4.0 } else { 0.0 },
            |t| 1e12 + (t % 5) as f64 * 1e9,
            |t| 1e-9 * (t + 1) as f64,
            |t| if t < 10 { 0.0 } else { 50.0 },
        ];
        for pattern in patterns {
            for n in [1, 2, 3, 5, 8, 13, 20, 31] {
                let y: Vec<f64> = (0..n).map(pattern).collect();
                for frequency in [Frequency::Daily, Frequency::Monthly] {
                    for method in Method::ALL {
                        let outcome = forecast(&Series { values: &y, frequency, drivers: &[] }, &settings(method, 9));
                        assert_well_formed(&outcome, 9);
                        assert!(outcome.point.iter().all(|v| v.is_finite()), "{} on {y:?}", outcome.model);
                    }
                }
            }
        }
    }

    #[test]
    fn an_empty_history_forecasts_zero() {
        let outcome = run(&[0.0; 30], Method::Auto, 5);
        assert_eq!(outcome.point, vec![0.0; 5]);
        assert_eq!(outcome.bands[1].upper, vec![0.0; 5]);
    }

    #[test]
    fn auto_picks_an_intermittent_model_for_sporadic_demand() {
        let y: Vec<f64> =
            (0..300).map(|t| if noise(t) > 0.75 { 2.0 + (noise(t + 1000) * 6.0).round() } else { 0.0 }).collect();
        let outcome = run(&y, Method::Auto, 14);
        assert!(
            outcome.reason.starts_with("intermittent") || outcome.reason.starts_with("lumpy"),
            "{}",
            outcome.reason
        );
        assert_well_formed(&outcome, 14);
    }

    #[test]
    fn intermittent_models_sell_more_on_promoted_days() {
        // Demand on a quarter of the days, on three quarters of the promoted ones.
        let flag: Vec<f64> = (0..400).map(|t| if t % 20 < 4 { 1.0 } else { 0.0 }).collect();
        let y: Vec<f64> =
            (0..400).map(|t| if noise(t) > if flag[t] > 0.0 { 0.25 } else { 0.75 } { 3.0 } else { 0.0 }).collect();
        let future = [0.0, 1.0, 1.0, 0.0];
        let drivers = [Driver { history: &flag, future: &future }];
        for method in [Method::Croston, Method::Sba, Method::Tsb, Method::Adida] {
            let outcome =
                forecast(&Series { values: &y, frequency: Frequency::Daily, drivers: &drivers }, &settings(method, 4));
            assert!(outcome.model.contains("with drivers"), "{}", outcome.model);
            let lift = outcome.point[1] / outcome.point[0];
            assert!((2.0..4.0).contains(&lift), "{method:?}: {:?}", outcome.point);
            assert_eq!(outcome.point[1], outcome.point[2]);
            assert_well_formed(&outcome, 4);
        }
    }

    #[test]
    fn auto_follows_a_weekly_pattern() {
        let pattern = [30.0, 42.0, 45.0, 40.0, 38.0, 12.0, 5.0];
        let y: Vec<f64> = (0..364).map(|t| pattern[t % 7] + 4.0 * noise(t)).collect();
        let outcome = run(&y, Method::Auto, 14);
        for (step, value) in outcome.point.iter().enumerate() {
            assert!((value - pattern[(364 + step) % 7] - 2.0).abs() < 4.0, "{}: step {step} {value}", outcome.model);
        }
        assert!(outcome.reason.contains("hold-out MAE"), "{}", outcome.reason);
    }

    #[test]
    fn a_requested_method_that_cannot_fit_falls_back_and_says_why() {
        let outcome = run(&[5.0, 7.0, 6.0], Method::HoltWinters, 3);
        assert_eq!(outcome.model, "naive");
        assert!(outcome.reason.contains("requested hw") && outcome.reason.contains("fell back"), "{}", outcome.reason);
    }

    #[test]
    fn cleaning_pulls_a_spike_in() {
        let mut y = vec![10.0, 12.0, 11.0, 9.0, 10.0, 11.0, 12.0, 10.0];
        y[3] = 500.0;
        let cleaned = winsorise(&y);
        assert!(cleaned[3] < 20.0 && cleaned[0] == 10.0, "{cleaned:?}");
    }
}
