//! Receiving: an operator enters the received lines, gets a bin per line, and accepts,
//! rejects or overrides each recommendation.
//!
//! - `model.rs`: what the screen sends and gets (both sides).
//! - `check.rs`: the lines checked field by field.
//! - `packed_as.rs`: a material's quantity as the boxes the engine places.
//! - `api.rs`: `putaway_facilities`, `putaway_recommend` and `putaway_decide`.
//! - `page.rs`: the receiving page for a tablet.
//! - server only: `store.rs` (bins with their contents as the engine's warehouse,
//!   recommendations, placements, capacity failures).

pub mod api;
pub mod check;
pub mod model;
pub mod packed_as;
pub mod page;
#[cfg(feature = "ssr")]
pub mod store;
