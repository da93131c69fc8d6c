//! The `auto` choice for one series.
//!
//! The demand class (Syntetos–Boylan ADI/CV²) decides the candidates: intermittent
//! and lumpy series try a moving average, Croston, SBA, TSB, ADIDA (these four scaled by
//! the drivers' effect, `uplift.rs`) and, with drivers,
//! the regression; smooth and
//! erratic ones try the seasonal naive (or naive), a moving average, Theta, the ETS
//! family (averaged by Akaike weights), ARIMA (not on daily data, where it is the slowest
//! and rarely best) and, with drivers or several seasons, the regression.
//!
//! Each candidate is fitted on the history minus its last `v` periods (v = the
//! horizon, at most a fifth of the history) and scored on those `v` periods; where
//! fitting is cheap (all but daily data) two earlier origins, each `v` periods before
//! the last, are scored too (rolling-origin evaluation). Scores are MAE for regular
//! demand and RMSE for intermittent demand, because MAE rewards forecasting zero
//! whenever most periods are zero.
//!
//! The equal-weight means of the best two and best three candidates are scored on the
//! same hold-out forecasts, and whichever of the three options scores lowest is used:
//! combinations are often more accurate than any single model (the M3 and M4
//! competitions), but not always, and the hold-out says which. Members keep their
//! parameters and forecast from the end of the full history; their intervals are
//! widened when their hold-out errors were larger than their own standard errors
//! promised, and a combination's bounds are the means of its members' bounds
//! (quantile averaging, which keeps them nested).

use super::candidate::{Context, Fitted};
use super::ets;
use super::intervals::{bands, Band};
use super::model::{FitError, Spread};
use super::seasonality::Frequency;
use super::settings::Method;
use crate::domain::demand_class::{classify, DemandClass};

/// Fewest periods a model is fitted on during validation.
const MIN_TRAINING: usize = 8;

/// Rolling origins where fitting is cheap (everything but daily data).
const ORIGINS: usize = 3;

/// Histories up to this long have the chosen models refitted on all of it; longer
/// ones reuse the parameters fitted without the hold-out (they barely move).
const REFIT_MAX: usize = 200;

/// Seasons up to this long need two of them before every origin; longer ones
/// (a year of weeks) would leave no origin at all.
const MAX_SEASON_BEFORE_ORIGINS: usize = 24;

/// On short histories with short seasons, where ETS fits its whole family and its
/// seasonal start values, another model or combination must beat ETS's hold-out score
/// by half to replace it: the hold-out is a few dozen points, AICc sees them all, and
/// on our evaluation a smaller margin picked worse models more often than better.
const ETS_MARGIN: f64 = 0.5;

/// Largest combination tried.
const MAX_MEMBERS: usize = 3;

/// The models to forecast with, and why.
pub struct Choice {
    /// One model, or the members of an equal-weight combination, each with the factor
    /// (≥ 1) on its standard errors from its hold-out errors.
    members: Vec<(Fitted, f64)>,
    pub reason: String,
}

impl Choice {
    pub fn single(fitted: Fitted, reason: String) -> Choice {
        Choice { members: vec![(fitted, 1.0)], reason }
    }

    /// "ETS(A,N,A)", or "mean of ETS(A,N,A), Theta".
    pub fn describe(&self) -> String {
        let names: Vec<String> = self.members.iter().map(|(fitted, _)| fitted.describe()).collect();
        if names.len() == 1 {
            names.join("")
        } else {
            format!("mean of {}", names.join(" + "))
        }
    }

    /// Points and bands h steps after the end of `y`: the members' averaged.
    pub fn forecast(&self, y: &[f64], h: usize, context: &Context<'_>, levels: &[f64]) -> (Vec<f64>, Vec<Band>) {
        let mut point = vec![0.0; h];
        let mut combined: Vec<Band> =
            levels.iter().map(|&level| Band { level, lower: vec![0.0; h], upper: vec![0.0; h] }).collect();
        let share = 1.0 / self.members.len() as f64;
        for (fitted, calibration) in &self.members {
            let forecast = fitted.forecast(y, h, context);
            let mut member_point = forecast.point;
            let member_bands = bands(&mut member_point, &forecast.spread.scaled(*calibration), levels);
            for step in 0..h {
                point[step] += share * member_point[step];
            }
            for (total, band) in combined.iter_mut().zip(member_bands) {
                for step in 0..h {
                    total.lower[step] += share * band.lower[step];
                    total.upper[step] += share * band.upper[step];
                }
            }
        }
        (point, combined)
    }
}

/// A candidate's hold-out forecasts over all origins, fitted at the latest origin.
struct Validated {
    method: Method,
    fitted: Fitted,
    /// Forecasts for the hold-out periods of every origin, concatenated (clipped at zero).
    holdout: Vec<f64>,
    score: f64,
    calibration: f64,
}

/// The `auto` choice described in the module doc.
pub fn choose(y: &[f64], h: usize, context: &Context<'_>) -> Choice {
    let class = classify(y).map(|c| c.class).unwrap_or(DemandClass::Smooth);
    let sporadic = matches!(class, DemandClass::Intermittent | DemandClass::Lumpy);
    let v = h.min(y.len() / 5);
    let class_name = format!("{class:?}").to_lowercase();
    if v == 0 || y.len() - v < MIN_TRAINING {
        // Too short to hold anything out: the first candidate that fits, most robust first.
        for method in [Method::Ets, Method::Naive] {
            if let Ok(fitted) = Fitted::fit(method, y, context) {
                return Choice::single(fitted, format!("{class_name} demand; history too short to validate"));
            }
        }
        return Choice::single(Fitted::Zero, "history too short for any model".to_string());
    }
    let ends = origins(y, v, context);
    let actual: Vec<f64> = ends.iter().flat_map(|&end| y[end - v..end].iter().copied()).collect();
    let mut scored: Vec<Validated> = candidates(sporadic, context)
        .into_iter()
        .filter_map(|method| validate(method, y, &ends, v, &actual, sporadic, context))
        .collect();
    // Stable: on a tie the earlier, simpler candidate wins.
    scored.sort_by(|a, b| a.score.total_cmp(&b.score));
    if scored.is_empty() {
        return fallback(y, context, FitError::NotFinite);
    }
    let (mut members, score) = best_combination(&scored, &actual, sporadic);
    let mut kept = "";
    if let Some(position) =
        ets_at_full_strength(&scored, y.len(), context).filter(|&p| score > (1.0 - ETS_MARGIN) * scored[p].score)
    {
        let ets = scored.remove(position);
        scored.insert(0, ets);
        members = 1;
        kept = "; ETS kept, as nothing beat it by half";
    }
    let measure = if sporadic { "RMSE" } else { "MAE" };
    let ranking: Vec<String> =
        scored.iter().take(3).map(|c| format!("{} {:.3}", c.fitted.describe(), c.score)).collect();
    let origins = if ends.len() > 1 { format!(", {} origins", ends.len()) } else { String::new() };
    let combination =
        if members > 1 { format!("; the mean of the best {members} scores {score:.3}") } else { String::new() };
    let reason = format!(
        "{class_name} demand; hold-out {measure} over the last {v} periods{origins}: {}{combination}{kept}",
        ranking.join(", ")
    );
    let mut chosen = Vec::with_capacity(members);
    for candidate in scored.into_iter().take(members) {
        // Short histories lose much by leaving out the hold-out: refit on everything.
        let refitted = if y.len() <= REFIT_MAX {
            Fitted::fit(candidate.method, y, context)
        } else {
            candidate.fitted.refit_on(y, context)
        };
        match refitted {
            Ok(fitted) => chosen.push((fitted, candidate.calibration)),
            Err(error) => return fallback(y, context, error),
        }
    }
    Choice { members: chosen, reason }
}

/// Ends of the hold-outs, latest first, each holding out the `v` periods before it:
/// one on daily data, up to `ORIGINS` elsewhere while a seasonal model still sees two
/// seasons before each.
fn origins(y: &[f64], v: usize, context: &Context<'_>) -> Vec<usize> {
    let wanted = if context.frequency == Frequency::Daily { 1 } else { ORIGINS };
    let season = context.season.or(context.natural_season).filter(|m| *m <= MAX_SEASON_BEFORE_ORIGINS).unwrap_or(1);
    let min_training = MIN_TRAINING.max(2 * season + 2);
    (0..wanted)
        .map(|k| y.len() - k * v)
        .enumerate()
        .take_while(|(k, end)| *k == 0 || end - v >= min_training)
        .map(|(_, end)| end)
        .collect()
}

/// How many of the best candidates to average (1 = the best alone), and its score.
fn best_combination(scored: &[Validated], actual: &[f64], squared: bool) -> (usize, f64) {
    (2..=MAX_MEMBERS.min(scored.len())).fold((1, scored[0].score), |(best, best_score), k| {
        let mean: Vec<f64> =
            (0..actual.len()).map(|i| scored[..k].iter().map(|c| c.holdout[i]).sum::<f64>() / k as f64).collect();
        let score = holdout_error(actual, &mean, squared);
        if score < best_score {
            (k, score)
        } else {
            (best, best_score)
        }
    })
}

/// Where ETS is among the candidates and searches its whole family with fitted
/// seasonal start values (a short history and a season of at most 12).
fn ets_at_full_strength(scored: &[Validated], n: usize, context: &Context<'_>) -> Option<usize> {
    let season = context.season.or(context.natural_season).unwrap_or(1);
    let full_strength = n <= ets::FULL_SEARCH_MAX && season <= ets::MAX_FITTED_SEASON;
    scored.iter().position(|c| c.method == Method::Ets).filter(|_| full_strength)
}

/// Fits `method` at each origin and forecasts the periods after.
///
/// The calibration is √(mean e²/σ̂²) over the hold-out steps, at least 1 and at most 3:
/// when a model's own standard errors understate its out-of-sample errors (a
/// misspecified model, a short history), its intervals are widened to match.
fn validate(
    method: Method,
    y: &[f64],
    ends: &[usize],
    v: usize,
    actual: &[f64],
    squared: bool,
    context: &Context<'_>,
) -> Option<Validated> {
    let mut holdout = Vec::with_capacity(actual.len());
    let (mut standardised, mut steps) = (0.0, 0usize);
    let mut latest = None;
    for &end in ends {
        let train = &y[..end - v];
        let fitted = Fitted::fit(method, train, context).ok()?;
        let forecast = fitted.forecast(train, v, context);
        if let Spread::Normal(std_error) = &forecast.spread {
            for ((actual, point), se) in y[end - v..end].iter().zip(&forecast.point).zip(std_error) {
                if *se > 0.0 {
                    standardised += ((actual - point.max(0.0)) / se).powi(2);
                    steps += 1;
                }
            }
        }
        holdout.extend(forecast.point.iter().map(|p| p.max(0.0)));
        latest.get_or_insert(fitted);
    }
    let score = holdout_error(actual, &holdout, squared);
    let calibration = if steps > 0 { (standardised / steps as f64).sqrt().clamp(1.0, 3.0) } else { 1.0 };
    score.is_finite().then_some(Validated { method, fitted: latest?, holdout, score, calibration })
}

fn fallback(y: &[f64], context: &Context<'_>, error: FitError) -> Choice {
    let fallback = Fitted::fit(Method::Naive, y, context).unwrap_or(Fitted::Zero);
    let reason = format!("no candidate could be validated ({error}); used {}", fallback.describe());
    Choice::single(fallback, reason)
}

/// Candidates in order of simplicity (ties go to the simpler one).
fn candidates(sporadic: bool, context: &Context<'_>) -> Vec<Method> {
    if sporadic {
        let mut methods = vec![Method::MovingAverage, Method::Croston, Method::Sba, Method::Tsb, Method::Adida];
        // A promotion can make a sale more likely even when sales are rare.
        if !context.drivers.is_empty() {
            methods.push(Method::Regression);
        }
        return methods;
    }
    let first = if context.season.is_some() { Method::SeasonalNaive } else { Method::Naive };
    let mut methods = vec![first, Method::MovingAverage, Method::Theta, Method::Ets];
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
    let errors = actual.iter().zip(forecast).map(|(a, f)| a - f);
    if squared {
        (errors.map(|e| e * e).sum::<f64>() / n).sqrt()
    } else {
        errors.map(f64::abs).sum::<f64>() / n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context<'static> {
        Context {
            frequency: Frequency::Daily,
            season: Some(2),
            natural_season: None,
            fourier: Vec::new(),
            drivers: &[],
        }
    }

    #[test]
    fn a_combination_averages_its_members_points_and_bounds() {
        // Naive says 6; seasonal naive (m = 2) says 4, 6, 4; every difference is ±2 or 0.
        let y = [4.0, 6.0, 4.0, 6.0];
        let context = context();
        let naive = Choice::single(Fitted::Naive, String::new()).forecast(&y, 3, &context, &[80.0]);
        let seasonal = Choice::single(Fitted::SeasonalNaive(2), String::new()).forecast(&y, 3, &context, &[80.0]);
        let both =
            Choice { members: vec![(Fitted::Naive, 1.0), (Fitted::SeasonalNaive(2), 1.0)], reason: String::new() };
        assert_eq!(both.describe(), "mean of naive + seasonal naive (m = 2)");
        let (point, bands) = both.forecast(&y, 3, &context, &[80.0]);
        assert_eq!(point, vec![5.0, 6.0, 5.0]);
        for (step, p) in point.iter().enumerate() {
            let mean_upper = (naive.1[0].upper[step] + seasonal.1[0].upper[step]) / 2.0;
            assert!((bands[0].upper[step] - mean_upper).abs() < 1e-12);
            assert!(bands[0].lower[step] <= *p && *p <= bands[0].upper[step]);
        }
    }

    #[test]
    fn calibration_widens_intervals_that_were_too_narrow() {
        // A level shift in the hold-out: naive's own σ̂ (from a flat history) is tiny.
        let mut y: Vec<f64> = (0..40).map(|t| 10.0 + (t % 2) as f64 * 0.1).collect();
        y.extend([20.0, 20.1, 20.0, 20.1]);
        let ends = [y.len()];
        let actual = y[40..].to_vec();
        let validated = validate(Method::Naive, &y, &ends, 4, &actual, false, &context()).unwrap();
        assert_eq!(validated.calibration, 3.0);
        assert!((validated.score - (actual.iter().map(|a| a - 10.1).sum::<f64>() / 4.0)).abs() < 1e-9);
    }
}
