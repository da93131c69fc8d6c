//! Readiness of the running system: is the database reachable and migrated, is the
//! browser bundle in place. Served to load balancers at `/health/ready`, to the
//! `server health` command, and to people on the overview page.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
