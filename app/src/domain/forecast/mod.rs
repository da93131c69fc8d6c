//! Demand forecasting: models, prediction intervals and the `auto` selector.
//! Pure computation: no files, no threads, no clock; it compiles for the browser too.
//!
//! Entry point: `auto::forecast(series, settings)` takes one evenly spaced series
//! (oldest first) and returns points, nested non-negative intervals, the model used
//! and why. `calendar.rs` turns dated rows into such series and back.
//!
//! - Inputs: `settings.rs` (horizon, levels, method), `calendar.rs` (dates, frequency
//!   inference, gap filling), `seasonality.rs` (candidate seasons and their tests).
//! - Models: `baselines.rs` (naive, seasonal naive, moving average), `ets.rs` (SES,
//!   Holt, damped, Holt-Winters, the ETS family), `akaike.rs` (the family averaged by
//!   Akaike weights), `arima/` (stepwise auto ARIMA), `theta.rs`, `regression.rs`
//!   (trend, Fourier seasons, drivers), `intermittent.rs` (Croston, SBA, TSB, ADIDA)
//!   and `uplift.rs` (the drivers' effect on sporadic demand).
//! - Glue: `model.rs` (what every model returns), `candidate.rs` (any model behind one
//!   interface), `intervals.rs` (bands from error spreads), `auto.rs` (one series end to
//!   end), `select.rs` (the `auto` choice: validation, combinations, calibration).
//! - Numerics: `optimize.rs` (bounded Nelder–Mead), `linalg.rs` (least squares).

pub mod akaike;
pub mod arima;
pub mod auto;
pub mod baselines;
pub mod calendar;
pub mod candidate;
pub mod ets;
pub mod intermittent;
pub mod intervals;
pub mod linalg;
pub mod model;
pub mod optimize;
pub mod regression;
pub mod seasonality;
pub mod select;
pub mod settings;
pub mod theta;
pub mod uplift;
