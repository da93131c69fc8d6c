//! Putaway: which bin a received item goes to, so that no bin is ever given more than
//! physically fits. Pure code, compiled for the server and the browser.
//!
//! # The capacity model (what "fits" means)
//! - Sizes are whole millimetres and weights whole grams; an item's sides are rounded
//!   up and a bin's inner sides down (`geometry.rs`), so rounding only makes it stricter.
//! - A bin holds **blocks**: grids of boxes of one material, all turned the same way,
//!   each reserving its whole bounding box even when its top layer is not full
//!   (`bin_space.rs`). Boxes turn six ways, or two where the material says "this side
//!   up". A new block must lie inside the bin, share no volume with any block already
//!   there, keep the bin's total weight within its limit, and (by default) rest with its
//!   whole base on the floor or on full grids of stackable material.
//! - **Partly filled bins**: what a bin already holds is counted as the blocks it was
//!   put away as, at their recorded positions; contents recorded without a position are
//!   laid out again by the same rules before anything new is added, and a bin whose
//!   contents cannot be laid out that way counts as full. Free volume alone never makes
//!   a bin eligible: every recommendation names a position, a turn and a grid.
//! - On top of the geometry: storage rules (empty only, same material, same lot,
//!   mixed), piece-count limits, and cross-dock lanes only for items with open demand
//!   (`batch.rs`).
//!
//! # Files
//! - `geometry.rs`: sizes, points, boxes, turns.
//! - `bin_space.rs`: one bin's blocks and extreme points; where a load fits.
//! - `warehouse.rs`: a facility's bins with the orders the strategies walk, built once.
//! - `batch.rs`: the warehouse as a receiving batch fills it (joint consistency).
//! - `strategy.rs`: the strategies as bin orders with their reasons.
//! - `recommend.rs`: the batch loop, alternatives and confidence.
//! - `explain.rs`: reasons and "no bin fits" in words.
//! - `checker.rs`: an independent check of any placement (ours or a peer's).
//! - `packing.rs`: classic 3-D bin packing with the same geometry, and lower bounds.

pub mod batch;
pub mod bin_space;
pub mod checker;
pub mod explain;
pub mod geometry;
pub mod packing;
pub mod recommend;
pub mod strategy;
pub mod warehouse;

pub use bin_space::{BinSpace, Block, Load, Support};
pub use geometry::{Cuboid, Point, Size};
pub use recommend::{recommend, Choice, Item, Outcome};
pub use strategy::{Strategy, Why};
pub use warehouse::{Bin, BinKind, Content, StorageRule, Velocity, Warehouse};

#[cfg(test)]
mod tests;
