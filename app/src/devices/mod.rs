//! Devices that act without a person signing in, each with a token a tenant
//! administrator makes and revokes: machine gateways, which feed one work
//! center's counts and states, and wall TVs, whose display link shows one
//! facility's floor (the board itself is `production::tv`).
//!
//! - `model.rs`, `api.rs`: the admin page's data and server functions; `page.rs`: the page.
//! - server only: `token.rs` (the secret and its hash), `store.rs` (the table),
//!   `feed.rs` (what a machine's post does).

pub mod api;
pub mod model;
pub mod page;

#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod token;
