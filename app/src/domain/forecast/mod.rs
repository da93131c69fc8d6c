//! Demand forecasting: models, prediction intervals and the `auto` selector.
//! Pure computation on evenly spaced series (one value per period, oldest first);
//! dates, files and threads belong to the caller.
//!
//! - `model.rs`: what every model returns (points plus error spread), information criteria.
//! - `ets.rs`: exponential smoothing (SES, Holt, damped, Holt-Winters, the ETS family by AICc).
//! - `optimize.rs`: bounded Nelder–Mead, used to fit smoothing and ARIMA parameters.
//! - `linalg.rs`: least squares for the regression model and ARIMA start values.

pub mod arima;
pub mod ets;
pub mod linalg;
pub mod model;
pub mod optimize;
pub mod regression;
pub mod theta;
