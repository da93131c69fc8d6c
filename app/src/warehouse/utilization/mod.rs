//! The warehouse dashboard: utilization by zone and aisle, its distribution, over-full
//! and under-used bins, and how often people accept the recommendations.
//!
//! - `model.rs`: the figures (both sides).
//! - `statistics.rs`: statistics of people's decisions on recommendations.
//! - `wording.rs`: those statistics in words (made on the server).
//! - `api.rs`: `warehouse_overview`.
//! - server only: `store.rs`, the aggregates, computed in SQL so that 50,000 bins
//!   come back as a few rows.

pub mod api;
pub mod model;
pub mod statistics;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod wording;
