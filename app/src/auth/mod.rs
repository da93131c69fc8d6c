//! Signing in and out, sessions, roles, and the guard every server function
//! starts with.
//!
//! - `model.rs`: roles and what the browser learns about the signed-in user.
//! - `policy.rs`: which roles may call each server function (deny by default).
//! - `api.rs`: login, operator login, logout, current user.
//! - `page.rs`: the sign-in page and the shop-floor kiosk.
//! - server only: `password.rs` (argon2id), `kiosk_credentials.rs` (badge, PIN), `session.rs` (what the session holds),
//!   `guard.rs` (401/403 and the `AuthCtx`), `cache.rs` (sessions and standings kept between requests), `throttle.rs` with `client_address.rs`,
//!   `store.rs`.

pub mod api;
pub mod model;
pub mod page;
pub mod policy;

#[cfg(feature = "ssr")]
pub mod accounts;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod client_address;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod kiosk_credentials;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
mod store;
#[cfg(feature = "ssr")]
pub mod throttle;
