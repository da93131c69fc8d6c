//! Bin utilization & putaway: capacity-true bin recommendations and utilization maps.

pub mod page;
