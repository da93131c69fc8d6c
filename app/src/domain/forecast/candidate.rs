//! Any fitted model behind one interface, so that explicit methods and the `auto`
//! selector fit, describe and forecast them alike.

use super::akaike::AkaikeAverage;
use super::arima::Arima;
use super::baselines::{naive, seasonal_naive, MovingAverage};
use super::ets::{self, Ets, Spec, TrendType};
use super::intermittent::{Intermittent, IntermittentMethod};
use super::model::{FitError, ModelForecast, Spread};
use super::regression::{Driver, Regression};
use super::seasonality::Frequency;
use super::settings::Method;
use super::theta::Theta;
use super::uplift::Uplift;

/// What the models need to know about a series besides its values.
pub struct Context<'a> {
    pub frequency: Frequency,
    /// The season for single-season models (ETS, Holt-Winters, ARIMA, Theta, seasonal naive).
    pub season: Option<usize>,
    /// The frequency's usual season (12 for months…) when the caller did not fix one:
    /// the ETS search on a short history tries it even when the season test was unsure.
    pub natural_season: Option<usize>,
    /// Every season as (exact period in steps, Fourier harmonics), for the regression.
    pub fourier: Vec<(f64, usize)>,
    /// Known drivers over the whole history and the forecast horizon.
    pub drivers: &'a [Driver<'a>],
}

/// ETS, ARIMA and Theta fit on the most recent periods only, a year of days: older
/// history moves their states very little but costs time on every series. (The
/// regression keeps the whole history: a yearly cycle needs two years.)
pub const RECENT: usize = 366;

/// A model fitted to a prefix of the series.
pub enum Fitted {
    /// History without any demand: forecast nothing, with certainty.
    Zero,
    Naive,
    SeasonalNaive(usize),
    MovingAverage(MovingAverage),
    /// The state-space models are fitted on the periods from `start` on (see `RECENT`).
    Ets {
        model: Ets,
        start: usize,
    },
    /// The `ets` method: the family averaged by Akaike weights.
    EtsFamily {
        model: AkaikeAverage,
        start: usize,
    },
    Arima {
        model: Arima,
        start: usize,
    },
    Theta {
        model: Theta,
        start: usize,
    },
    /// Fitted on `fitted_on` periods of history.
    Regression {
        model: Box<Regression>,
        fitted_on: usize,
    },
    /// Fitted to the demand with the drivers' effect divided out (see `uplift.rs`).
    Intermittent {
        model: Intermittent,
        uplift: Uplift,
    },
}

impl Fitted {
    /// Fits `method` (anything but `Auto`) to `y`, the first periods of the series.
    pub fn fit(method: Method, y: &[f64], context: &Context<'_>) -> Result<Fitted, FitError> {
        let season = || context.season.filter(|m| *m > 1).ok_or(FitError::NoSeason);
        let start = y.len().saturating_sub(RECENT);
        let recent = &y[start..];
        let as_ets = |model: Ets| Fitted::Ets { model, start };
        let intermittent = |kind| {
            let drivers = drivers_until(context.drivers, y.len());
            let views = views(&drivers);
            let uplift = Uplift::fit(y, &views);
            Intermittent::fit(&uplift.baseline(y, &views), kind).map(|model| Fitted::Intermittent { model, uplift })
        };
        match method {
            Method::Naive | Method::Auto => naive(y, 1).map(|_| Fitted::Naive),
            Method::SeasonalNaive => {
                let m = season()?;
                seasonal_naive(y, m, 1).map(|_| Fitted::SeasonalNaive(m))
            }
            Method::MovingAverage => MovingAverage::fit(y).map(Fitted::MovingAverage),
            Method::Ses => Ets::fit(recent, Spec::SES).map(as_ets),
            Method::Holt => {
                let damped = Spec { trend: TrendType::Damped, ..Spec::HOLT };
                lowest_aicc(recent, &[Spec::HOLT, damped]).map(as_ets)
            }
            Method::HoltWinters => {
                let m = season()?;
                lowest_aicc(recent, &[Spec::holt_winters_additive(m), Spec::holt_winters_multiplicative(m)]).map(as_ets)
            }
            Method::Ets => {
                let short = recent.len() <= ets::FULL_SEARCH_MAX;
                let m = if short { context.season.or(context.natural_season) } else { context.season };
                AkaikeAverage::fit(recent, m).map(|model| Fitted::EtsFamily { model, start })
            }
            Method::Arima => Arima::fit_auto(recent, context.season).map(|model| Fitted::Arima { model, start }),
            Method::Theta => Theta::fit(recent, context.season).map(|model| Fitted::Theta { model, start }),
            Method::Regression => {
                let drivers = drivers_until(context.drivers, y.len());
                let views = views(&drivers);
                let model = Regression::fit(y, &context.fourier, &views)?;
                Ok(Fitted::Regression { model: Box::new(model), fitted_on: y.len() })
            }
            Method::Croston => intermittent(IntermittentMethod::Croston),
            Method::Sba => intermittent(IntermittentMethod::Sba),
            Method::Tsb => intermittent(IntermittentMethod::Tsb),
            Method::Adida => intermittent(IntermittentMethod::Adida),
        }
    }

    /// For the final forecast: the regression is refitted on all of `y` (cheap, and
    /// its trend must see the latest data); the others keep their parameters and
    /// rerun their recursions over `y` when they forecast.
    pub fn refit_on(self, y: &[f64], context: &Context<'_>) -> Result<Fitted, FitError> {
        match self {
            Fitted::Regression { fitted_on, .. } if fitted_on != y.len() => Fitted::fit(Method::Regression, y, context),
            other => Ok(other),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Fitted::Zero => "zero (no demand in history)".to_string(),
            Fitted::Naive => "naive".to_string(),
            Fitted::SeasonalNaive(m) => format!("seasonal naive (m = {m})"),
            Fitted::MovingAverage(model) => model.describe(),
            Fitted::Ets { model, .. } => model.describe(),
            Fitted::EtsFamily { model, .. } => model.describe(),
            Fitted::Arima { model, .. } => model.describe(),
            Fitted::Theta { model, .. } => model.describe(),
            Fitted::Regression { model, .. } => model.describe(),
            Fitted::Intermittent { model, uplift } => format!("{}{}", model.describe(), uplift.describe()),
        }
    }

    /// Forecasts `h` steps after the end of `y`, which starts with the history the
    /// model was fitted on and may go on beyond it.
    pub fn forecast(&self, y: &[f64], h: usize, context: &Context<'_>) -> ModelForecast {
        let flat = |value: f64| ModelForecast { point: vec![value; h], spread: Spread::Normal(vec![0.0; h]) };
        let last = y.last().copied().unwrap_or(0.0);
        match self {
            Fitted::Zero => flat(0.0),
            Fitted::Naive => naive(y, h).unwrap_or_else(|_| flat(last)),
            Fitted::SeasonalNaive(m) => seasonal_naive(y, *m, h).unwrap_or_else(|_| flat(last)),
            Fitted::MovingAverage(model) => model.forecast(y, h),
            Fitted::Ets { model, start } => model.forecast(&y[*start..], h),
            Fitted::EtsFamily { model, start } => model.forecast(&y[*start..], h),
            Fitted::Arima { model, start } => model.forecast(&y[*start..], h),
            Fitted::Theta { model, start } => model.forecast(&y[*start..], h),
            Fitted::Regression { model, fitted_on } => {
                let drivers = drivers_until(context.drivers, *fitted_on);
                // Periods between the fitted history and the end of `y` are forecast too, then dropped.
                let skipped = y.len().saturating_sub(*fitted_on);
                let mut forecast = model.forecast(skipped + h, &views(&drivers));
                forecast.point.drain(..skipped);
                if let Spread::Normal(std_error) = &mut forecast.spread {
                    std_error.drain(..skipped);
                }
                forecast
            }
            Fitted::Intermittent { model, uplift } => {
                let drivers = drivers_until(context.drivers, y.len());
                let views = views(&drivers);
                uplift.apply(model.forecast(&uplift.baseline(y, &views), h), &views)
            }
        }
    }
}

/// The lowest-AICc fit among `specs`.
fn lowest_aicc(y: &[f64], specs: &[Spec]) -> Result<Ets, FitError> {
    let mut best: Result<Ets, FitError> = Err(FitError::TooShort { needed: 3, got: y.len() });
    for spec in specs {
        match (Ets::fit(y, *spec), &best) {
            (Ok(model), Ok(current)) if model.aicc() >= current.aicc() => {}
            (Ok(model), _) => best = Ok(model),
            (Err(error), Err(_)) => best = Err(error),
            (Err(_), Ok(_)) => {}
        }
    }
    best
}

/// Each driver cut at period `k`: its history before k, and everything after as future.
fn drivers_until(drivers: &[Driver<'_>], k: usize) -> Vec<(Vec<f64>, Vec<f64>)> {
    drivers
        .iter()
        .map(|d| {
            let k = k.min(d.history.len());
            let mut future = d.history[k..].to_vec();
            future.extend_from_slice(d.future);
            (d.history[..k].to_vec(), future)
        })
        .collect()
}

fn views(drivers: &[(Vec<f64>, Vec<f64>)]) -> Vec<Driver<'_>> {
    drivers.iter().map(|(history, future)| Driver { history, future }).collect()
}
