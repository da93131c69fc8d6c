//! A tenant's loss rules (`/admin/loss-rules`): how short a stop is a minor
//! stop, and how long (or how many pieces) after a run's start scrap is a
//! start-up reject. The OEE of the dashboard, the trend, the TV and the alerts
//! classify losses by them (`domain::oee::LossPolicy`).
//!
//! - `model.rs`: the rules as the form shows them, checked field by field.
//! - `api.rs`: reading and saving (tenant administrators); `page.rs`: the form.
//! - server only: `store.rs` (the one row per tenant).

pub mod api;
pub mod model;
pub mod page;

#[cfg(feature = "ssr")]
pub mod store;
