//! Bin utilization & putaway: capacity-true bin recommendations and utilization maps.
//!
//! - `receiving/`: recommendations for received goods and the decisions on them.
//! - `utilization/`: the dashboard's figures (fill by zone and aisle, acceptance).
//! - `page.rs`: the warehouse dashboard.

pub mod page;
pub mod receiving;
pub mod utilization;
