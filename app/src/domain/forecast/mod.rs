//! Demand forecasting: models, prediction intervals and the `auto` selector.
//! Pure computation on evenly spaced series (one value per period, oldest first);
//! dates, files and threads belong to the caller.
//!
//! - `model.rs`: what every model returns (points plus error spread), information criteria.
//! - `seasonality.rs`: frequencies, their candidate seasons, and the autocorrelation test.
//! - `baselines.rs`: naive, seasonal naive, moving average.
//! - `ets.rs`: exponential smoothing (SES, Holt, damped, Holt-Winters, the ETS family by AICc).
//! - `intermittent.rs`: Croston, SBA, TSB and ADIDA for demand that is often zero.
//! - `optimize.rs`: bounded Nelder–Mead, used to fit smoothing and ARIMA parameters.
//! - `linalg.rs`: least squares for the regression model and ARIMA start values.

pub mod arima;
pub mod baselines;
pub mod ets;
pub mod intermittent;
pub mod linalg;
pub mod model;
pub mod optimize;
pub mod regression;
pub mod seasonality;
pub mod theta;
