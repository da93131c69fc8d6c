//! The overview page: where to go, and whether the system is well.

pub mod page;
