//! Production analytics: runs, counts and machine states from the floor; OEE, trends and alerts.
//!
//! - `alerts/`: floor alerts (rules, raising and clearing, the dashboard's panel).
//! - `loss_rules/`: the tenant's minor-stop and start-up thresholds.
//! - `schedule/`: planned runs (the schedule page; the tablet starts them).
//! - `model.rs`: the station's actions and answers (both sides).
//! - `api.rs`: the station's server functions and their access rules.
//! - server only: `actions.rs` (what an action does), `calendar.rs` (shift
//!   calendars as planned time), `overview.rs` (the floor
//!   overview from the OEE domain, over what `window_rows.rs` reads of its
//!   window; `floor_spans.rs` turns its states into the domain's spans),
//!   `trend.rs` (the OEE trend per hour or day, the same way), `runs.rs` (the runs table's filter and queries) with `runs_csv.rs`,
//!   `store.rs` (the tables), `products.rs` (products and the ideal cycle time a
//!   run takes), `local_time.rs` (a facility's clock), `unexplained.rs` (stops nobody explained, opened by
//!   the floor watch).
//! - `page.rs`: the supervisor's dashboard, with `floor_charts.rs`, `trend_chart.rs` and `runs_table.rs`; `station.rs`: the operator's tablet (with
//!   `past_stop.rs`, a stop entered after the fact, and `start_run.rs`, starting
//!   a run from the schedule or ad hoc),
//!   whose taps wait in `outbox.rs` until the server has them.

pub mod alerts;
pub mod api;
pub mod floor_charts;
pub mod loss_rules;
pub mod model;
pub mod outbox;
pub mod page;
pub mod past_stop;
pub mod runs_table;
pub mod schedule;
pub mod start_run;
pub mod station;
pub mod trend_chart;
pub mod tv;
pub mod tv_api;

#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
mod floor_spans;
#[cfg(feature = "ssr")]
pub mod local_time;
#[cfg(feature = "ssr")]
pub mod overview;
#[cfg(feature = "ssr")]
pub mod products;
#[cfg(feature = "ssr")]
pub mod runs;
#[cfg(feature = "ssr")]
mod runs_csv;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
mod trend;
#[cfg(feature = "ssr")]
pub mod unexplained;
#[cfg(feature = "ssr")]
pub mod window_rows;
