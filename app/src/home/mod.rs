//! The overview page: where to go, whether the system is well, and the tenant's
//! figures at a glance.

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
mod store;
