//! One series in, one forecast out: season detection, outlier cleaning, the
//! explicit methods with an honest fallback, and `auto`.
//!
//! `auto` classifies the demand (Syntetos–Boylan ADI/CV²), which decides the
//! candidates: intermittent and lumpy series try Croston, SBA, TSB, ADIDA and a
//! moving average; smooth and erratic ones try the seasonal naive (or naive), a
//! moving average, Theta, the ETS family (chosen within by AICc), ARIMA (not on
//! daily data, where it is the slowest and rarely best) and — with drivers or
//! several seasons — the regression. Each candidate is fitted on the
//! history minus its last `v` periods (v = the horizon, at most a fifth of the
//! history) and scored on those `v` periods; where fitting is cheap (all but daily
//! data) two earlier origins, each `v` periods before the last, are scored too and
//! the scores averaged (rolling-origin evaluation). Scores are MAE for regular
//! demand and RMSE for intermittent demand, because MAE rewards forecasting zero
//! whenever most periods are zero. The winner keeps its parameters, forecasts from
//! the end of the full history, and has its intervals widened when its hold-out
//! errors were larger than its own standard errors promised.

use crate::domain::accuracy::outliers;
use super::candidate::{Context, Fitted};
use super::intervals::{bands, Band};
use super::model::{FitError, ModelForecast, Spread};
use super::regression::Driver;
use super::seasonality::{detect, Frequency};
use super::settings::{Method, Settings};
use crate::domain::demand_class::{classify, DemandClass};

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
        natural_season: if settings.season_length.is_none() { series.frequency.candidate_seasons().first().copied() } else { None },
        fourier: seasons.iter().map(|&m| (series.frequency.exact_period(m), harmonics(m))).collect(),
        drivers: series.drivers,
    };
    let choice = if y.iter().all(|v| *v == 0.0) {
        Choice::plain(Fitted::Zero, "no demand in the history".to_string())
    } else if settings.method == Method::Auto {
        choose(y, h, &context)
    } else {
        requested(settings.method, y, &context)
    };
    let ModelForecast { mut point, spread } = choice.fitted.forecast(y, h, &context);
    let bands = bands(&mut point, &spread.scaled(choice.calibration), settings.levels.percents());
    Outcome { point, bands, model: choice.fitted.describe(), reason: choice.reason }
}

/// An explicit method, falling back to naive (and then to zero) when it cannot be fitted.
fn requested(method: Method, y: &[f64], context: &Context<'_>) -> Choice {
    match Fitted::fit(method, y, context) {
        Ok(fitted) => Choice::plain(fitted, format!("requested {}", method.name())),
        Err(error) => {
            let fallback = Fitted::fit(Method::Naive, y, context).unwrap_or(Fitted::Zero);
            let reason = format!("requested {} {error}; fell back to {}", method.name(), fallback.describe());
            Choice::plain(fallback, reason)
        }
    }
}

/// The `auto` selection described in the module doc.
fn choose(y: &[f64], h: usize, context: &Context<'_>) -> Choice {
    let class = classify(y).map(|c| c.class).unwrap_or(DemandClass::Smooth);
    let sporadic = matches!(class, DemandClass::Intermittent | DemandClass::Lumpy);
    let v = h.min(y.len() / 5);
    let class_name = format!("{class:?}").to_lowercase();
    if v == 0 || y.len() - v < MIN_TRAINING {
        // Too short to hold anything out: the first candidate that fits, most robust first.
        for method in [Method::Ets, Method::Naive] {
            if let Ok(fitted) = Fitted::fit(method, y, context) {
                return Choice::plain(fitted, format!("{class_name} demand; history too short to validate"));
            }
        }
        return Choice::plain(Fitted::Zero, "history too short for any model".to_string());
    }
    // Origins from the end backwards, each holding out the v periods before it.
    let wanted = if context.frequency == Frequency::Daily { 1 } else { ORIGINS };
    let ends: Vec<usize> = (0..wanted).map(|k| y.len() - k * v).take_while(|end| end - v >= MIN_TRAINING).collect();
    let mut scored: Vec<Validated> = candidates(sporadic, context)
        .into_iter()
        .filter_map(|method| validate(method, y, &ends, v, sporadic, context))
        .collect();
    // Stable: on a tie the earlier, simpler candidate wins.
    scored.sort_by(|a, b| a.score.total_cmp(&b.score));
    let measure = if sporadic { "RMSE" } else { "MAE" };
    let ranking: Vec<String> = scored.iter().take(3).map(|c| format!("{} {:.3}", c.fitted.describe(), c.score)).collect();
    let origins = if ends.len() > 1 { format!(", {} origins", ends.len()) } else { String::new() };
    let reason = format!("{class_name} demand; lowest hold-out {measure} over the last {v} periods{origins}: {}", ranking.join(", "));
    match scored.into_iter().next() {
        Some(best) => match best.fitted.refit_on(y, context) {
            Ok(fitted) => Choice { fitted, reason, calibration: best.calibration },
            Err(error) => fallback(y, context, error),
        },
        None => fallback(y, context, FitError::NotFinite),
    }
}

/// Fewest periods a model is fitted on during validation.
const MIN_TRAINING: usize = 8;

/// Rolling origins where fitting is cheap (everything but daily data).
const ORIGINS: usize = 3;

/// A model and how it should be used.
struct Choice {
    fitted: Fitted,
    reason: String,
    /// Factor (≥ 1) on the model's standard errors, from its hold-out errors.
    calibration: f64,
}

impl Choice {
    fn plain(fitted: Fitted, reason: String) -> Choice {
        Choice { fitted, reason, calibration: 1.0 }
    }
}

/// A candidate's mean hold-out error over the origins, fitted at the latest origin.
struct Validated {
    score: f64,
    fitted: Fitted,
    calibration: f64,
}

/// Fits `method` at each origin and scores it on the periods after.
///
/// The calibration is √(mean e²/σ̂²) over the hold-out steps, at least 1 and at most 3:
/// when a model's own standard errors understate its out-of-sample errors (a
/// misspecified model, a short history), its intervals are widened to match.
fn validate(method: Method, y: &[f64], ends: &[usize], v: usize, squared: bool, context: &Context<'_>) -> Option<Validated> {
    let mut total = 0.0;
    let (mut standardised, mut steps) = (0.0, 0usize);
    let mut latest = None;
    for &end in ends {
        let (train, test) = (&y[..end - v], &y[end - v..end]);
        let fitted = Fitted::fit(method, train, context).ok()?;
        let forecast = fitted.forecast(train, v, context);
        total += holdout_error(test, &forecast.point, squared);
        if let Spread::Normal(std_error) = &forecast.spread {
            for ((actual, point), se) in test.iter().zip(&forecast.point).zip(std_error) {
                if *se > 0.0 {
                    standardised += ((actual - point.max(0.0)) / se).powi(2);
                    steps += 1;
                }
            }
        }
        latest.get_or_insert(fitted);
    }
    let score = total / ends.len() as f64;
    let calibration = if steps > 0 { (standardised / steps as f64).sqrt().clamp(1.0, 3.0) } else { 1.0 };
    score.is_finite().then_some(Validated { score, fitted: latest?, calibration })
}

fn fallback(y: &[f64], context: &Context<'_>, error: FitError) -> Choice {
    let fallback = Fitted::fit(Method::Naive, y, context).unwrap_or(Fitted::Zero);
    let reason = format!("no candidate could be validated ({error}); used {}", fallback.describe());
    Choice::plain(fallback, reason)
}

/// Candidates in order of simplicity (ties go to the simpler one).
fn candidates(sporadic: bool, context: &Context<'_>) -> Vec<Method> {
    if sporadic {
        return vec![Method::MovingAverage, Method::Croston, Method::Sba, Method::Tsb, Method::Adida];
    }
    let first = if context.season.is_some() { Method::SeasonalNaive } else { Method::Naive };
    let mut methods = vec![first, Method::MovingAverage, Method::Theta, Method::Ets];
    // On a year of days ARIMA costs more than all the others together and rarely wins.
    if context.frequency != Frequency::Daily {
        methods.push(Method::Arima);
    }
    let yearly = context.fourier.iter().any(|(period, _)| *period > 50.0);
    if !context.drivers.is_empty() || yearly || context.fourier.len() > 1 {
        methods.push(Method::Regression);
    }
    methods
}

fn holdout_error(actual: &[f64], forecast: &[f64], squared: bool) -> f64 {
    let n = actual.len() as f64;
    let errors = actual.iter().zip(forecast).map(|(a, f)| a - f.max(0.0));
    if squared {
        (errors.map(|e| e * e).sum::<f64>() / n).sqrt()
    } else {
        errors.map(f64::abs).sum::<f64>() / n
    }
}

/// Fourier pairs per season: enough for a weekly profile (3) or a yearly one (10),
/// never more than the season can carry ((m − 1)/2).
fn harmonics(m: usize) -> usize {
    let wanted = if m >= 52 { 10 } else { 3.max(m / 2) };
    wanted.min((m.saturating_sub(1)) / 2).max(1)
}

/// Values with |robust z| > 3 pulled in to the 3-sigma boundary (median ± 3·MAD/0.6745).
fn winsorise(values: &[f64]) -> Vec<f64> {
    let flagged = outliers(values, OUTLIER_Z);
    if flagged.is_empty() {
        return values.to_vec();
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let mut deviations: Vec<f64> = values.iter().map(|v| (v - median).abs()).collect();
    deviations.sort_by(f64::total_cmp);
    let limit = OUTLIER_Z * deviations[deviations.len() / 2] / 0.6745;
    let mut cleaned = values.to_vec();
    for i in flagged {
        cleaned[i] = cleaned[i].clamp(median - limit, median + limit);
    }
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forecast::settings::{Horizon, Levels};

    fn settings(method: Method, horizon: i64) -> Settings {
        Settings { horizon: Horizon::parse(horizon).unwrap(), season_length: None, method, levels: Levels::default(), clean_outliers: false }
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
            assert!(chain[0] >= 0.0 && chain.windows(2).all(|w| w[0] <= w[1]), "{} step {step}: {chain:?}", outcome.model);
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
        let y: Vec<f64> = (0..300).map(|t| 60.0 + 0.05 * t as f64 + [8.0, 4.0, 0.0, -2.0, -4.0, -6.0, 0.0][t % 7] + 6.0 * noise(t)).collect();
        for method in Method::ALL {
            let outcome = run(&y, method, 30);
            for band in &outcome.bands {
                let widths: Vec<f64> = band.upper.iter().zip(&band.lower).map(|(hi, lo)| hi - lo).collect();
                assert!(band.lower.iter().all(|lo| *lo > 0.0), "{} dips to zero", outcome.model);
                assert!(widths.windows(2).all(|w| w[1] >= w[0] - 1e-9), "{} {}%: {widths:?}", outcome.model, band.level);
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
        let y: Vec<f64> = (0..300).map(|t| if noise(t) > 0.75 { 2.0 + (noise(t + 1000) * 6.0).round() } else { 0.0 }).collect();
        let outcome = run(&y, Method::Auto, 14);
        assert!(outcome.reason.starts_with("intermittent") || outcome.reason.starts_with("lumpy"), "{}", outcome.reason);
        assert_well_formed(&outcome, 14);
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
