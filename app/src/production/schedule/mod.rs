//! The production schedule (`/production/schedule`): supervisors plan runs per
//! work center with a product, a quantity and a planned start on the facility's
//! clock; the operator's tablet offers the work center's next ones to start.
//!
//! - `model.rs`, `api.rs`: the board and its server functions; `page.rs`: the page.
//! - server only: `check.rs` (the form, field by field), `store.rs` (the rows).

pub mod api;
pub mod model;
pub mod page;

#[cfg(feature = "ssr")]
mod check;
#[cfg(feature = "ssr")]
pub mod store;
