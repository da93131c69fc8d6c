//! Master data a tenant administrator maintains: facilities, work centers,
//! materials, vendors and bin locations. One description per kind (`spec.rs`)
//! drives the form, the list, validation, storage and CSV import, so the five
//! kinds share one tested implementation instead of five copies.

pub mod api;
pub mod csv;
pub mod model;
pub mod page;
pub mod spec;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod store;
