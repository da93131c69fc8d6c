//! Floorcast's application: every page and server function, compiled twice —
//! with `ssr` into the server and with `hydrate` into the browser's WASM.
//!
//! `domain/` holds the pure algorithms (forecasting, inventory policy, …).
//! One folder per feature (`health`, `home`, `forecasting`, `production`,
//! `warehouse`, `admin`), each with the same rooms: `model.rs` (DTOs both sides
//! share), `api.rs` (server functions), `page.rs` (components); `ui/` holds the
//! shared components and `i18n` the one catalogue of user-facing text.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod devices;
pub mod domain;
pub mod error;
pub mod forecasting;
pub mod forms;
pub mod health;
pub mod home;
pub mod i18n;
pub mod idempotency;
pub mod production;
mod root;
pub mod ui;
pub mod warehouse;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod site_version;
#[cfg(feature = "ssr")]
pub mod snapshot;

pub use root::{shell, App, FloorApp};
#[cfg(feature = "ssr")]
pub use root::{FLOOR_BUNDLE, OFFICE_BUNDLE};

/// Hydrates the server-rendered page with `app` (the entry of each WASM bundle).
#[cfg(feature = "hydrate")]
pub fn hydrate<V: leptos::IntoView + 'static>(app: fn() -> V) {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app);
    // A marker for tests and support: from here on, the page reacts to input.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
