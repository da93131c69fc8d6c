//! Pure algorithms: no I/O, no Leptos, compiled for the server and the browser.
//! Each file reads like the textbook it comes from, with the formula and its
//! source in the doc comment and known-answer tests beside it.
//!
//! - `accuracy.rs`: MAE, RMSE, MAPE, sMAPE, MASE, bias, tracking signal, coverage, outliers.
//! - `demand_class.rs`: smooth / erratic / intermittent / lumpy by ADI and CV².
//! - `floor_alerts.rs`: which work centers cross their alert rules, what to raise and clear.
//! - `forecast/`: forecasting models, intervals and automatic model choice.
//! - `oee/`: availability, performance, quality, OEE, TEEP and the six big losses.
//! - `putaway/`: 3-D bin fit, putaway strategies, an independent checker, bin packing.
//! - `stats/`: outliers, trend, correlation and two-rate tests, withheld below n = 30.
//! - `shift_calendar.rs`: shifts, breaks and holidays as a tenant writes them.
//! - `normal.rs`: the standard normal distribution (exact inverse CDF, AS 241).
//! - `inventory.rs`: safety stock, reorder point, EOQ with MOQ and order multiples,
//!   days of cover, projected stockout and replenishment urgency.

pub mod accuracy;
pub mod demand_class;
pub mod floor_alerts;
pub mod forecast;
pub mod inventory;
pub mod normal;
pub mod oee;
pub mod putaway;
pub mod shift_calendar;
pub mod stats;
