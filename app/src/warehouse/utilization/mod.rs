//! The warehouse dashboard: utilization by zone and aisle, its distribution, over-full
//! and under-used bins, and how often people accept the recommendations.
//!
//! - `model.rs`: the figures (both sides).
//! - `api.rs`: `warehouse_overview`.
//! - server only: `store.rs`, the aggregates, computed in SQL so that 50,000 bins
//!   come back as a few rows.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
