//! A tenant administrator's user management: create users, change their role,
//! reset passwords, deactivate and reactivate, and give operators kiosk badges.

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod store;
