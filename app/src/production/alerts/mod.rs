//! Floor alerts (the dashboard's view 7): the floor watch compares every work
//! center with its tenant's alert rules (`domain::floor_alerts`) and raises or
//! clears alerts; supervisors see the open ones and the last week's, and
//! acknowledge an alert with a comment. The rules are master data (the catalog's
//! "Alert rules").
//!
//! - `model.rs`, `api.rs`: what the dashboard shows and its server functions;
//!   `panel.rs`: the panel.
//! - server only: `store.rs` (the table), `sweep.rs` (the floor watch's part).

pub mod api;
pub mod model;
pub mod panel;

#[cfg(feature = "ssr")]
mod store;
#[cfg(feature = "ssr")]
pub mod sweep;
