//! The audit log: every change an administrator makes, who made it and when.
//! Written in the same transaction as the change, so neither exists without the other.

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod store;
