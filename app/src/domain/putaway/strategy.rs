//! The strategies: each one is an order to try bins in, with the reason a bin comes
//! where it does. The engine walks the order lazily and stops at the first three bins
//! the item really fits in, so a strategy never scores every bin of a large warehouse.

use super::batch::Batch;
use super::recommend::Item;
use super::warehouse::Velocity;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Strategy {
    /// Cross-dock for open demand, then the same lot, the same material, bins near
    /// materials issued together, and finally the bin the item's velocity class belongs in.
    Standard,
    /// The first bin on the pick path with room.
    FirstFit,
    /// The bin with room that is left with the least free volume (of the fullest
    /// `TIGHTEST_TRIED` with room; then the first on the pick path).
    BestFit,
    /// A items nearest the pick face, C items farthest.
    Velocity,
    /// Where the same lot, then the same material, already is; else by velocity.
    Consolidation,
    /// Aisles holding the materials issued together with this one; else by velocity.
    Affinity,
}

impl Strategy {
    pub const ALL: [Strategy; 6] = [
        Strategy::Standard,
        Strategy::FirstFit,
        Strategy::BestFit,
        Strategy::Velocity,
        Strategy::Consolidation,
        Strategy::Affinity,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Strategy::Standard => "standard",
            Strategy::FirstFit => "first_fit",
            Strategy::BestFit => "best_fit",
            Strategy::Velocity => "velocity",
            Strategy::Consolidation => "consolidation",
            Strategy::Affinity => "affinity",
        }
    }

    pub fn parse(key: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Why a bin is where it is in a strategy's order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Why {
    CrossDock,
    SameLot,
    SameMaterial,
    /// `materials`: how many bins of this aisle hold materials issued together with the item.
    Affinity {
        aisle: String,
        materials: u32,
    },
    Slot {
        class: Velocity,
    },
    Nearest,
    Tightest,
}

/// Bins in the order `strategy` prefers them for `item`, possibly repeating a bin
/// (the engine skips repeats).
pub fn order<'a>(
    batch: &'a Batch<'a>,
    item: &'a Item,
    strategy: Strategy,
) -> Box<dyn Iterator<Item = (usize, Why)> + 'a> {
    let w = batch.warehouse;
    let by_velocity =
        move || w.velocity_order(item.velocity).iter().map(move |&b| (b, Why::Slot { class: item.velocity }));
    match strategy {
        Strategy::FirstFit => Box::new(w.nearest_first.iter().map(|&b| (b, Why::Nearest))),
        Strategy::BestFit => Box::new(fullest_with_room(batch, item)),
        Strategy::Velocity => Box::new(by_velocity()),
        Strategy::Consolidation => Box::new(already_there(batch, item).chain(by_velocity())),
        Strategy::Affinity => Box::new(near_affine(batch, item).chain(by_velocity())),
        Strategy::Standard => {
            let cross_dock =
                item.open_demand.then_some(&w.cross_dock).into_iter().flatten().map(|&b| (b, Why::CrossDock));
            Box::new(cross_dock.chain(already_there(batch, item)).chain(near_affine(batch, item)).chain(by_velocity()))
        }
    }
}

/// Bins holding the same lot of the material, then those holding the material, nearest first.
fn already_there<'a>(batch: &'a Batch<'a>, item: &'a Item) -> impl Iterator<Item = (usize, Why)> + 'a {
    let mut holding = batch.holding(item.material);
    holding.sort_by(|&a, &b| batch.warehouse.rank[a].total_cmp(&batch.warehouse.rank[b]));
    let same_lot: Vec<usize> = match &item.lot {
        Some(_) => holding
            .iter()
            .copied()
            .filter(|&b| batch.contents(b).any(|c| c.material == item.material && c.lot == item.lot))
            .collect(),
        None => Vec::new(),
    };
    let lot = same_lot.into_iter().map(|b| (b, Why::SameLot));
    lot.chain(holding.into_iter().map(|b| (b, Why::SameMaterial)))
}

/// Bins of the aisles where materials issued together with the item are, the aisle with
/// most such bins first, each aisle nearest first.
fn near_affine<'a>(batch: &'a Batch<'a>, item: &'a Item) -> impl Iterator<Item = (usize, Why)> + 'a {
    let w = batch.warehouse;
    let mut aisles: Vec<(u32, usize)> = if item.affine.is_empty() {
        Vec::new()
    } else {
        (0..w.aisles.len())
            .map(|a| (item.affine.iter().map(|&m| batch.aisle_holds(a, m)).sum::<u32>(), a))
            .filter(|(count, _)| *count > 0)
            .collect()
    };
    aisles.sort_by_key(|&(count, a)| (std::cmp::Reverse(count), a));
    aisles.into_iter().flat_map(move |(materials, a)| {
        let name = &w.aisles[a].name;
        w.aisles[a].bins.iter().map(move |&b| (b, Why::Affinity { aisle: name.clone(), materials }))
    })
}

/// Bins with at least the item's volume free, the least free first (as the batch has
/// left them), merged lazily from the warehouse's order and the batch's changed bins.
/// Only the first [`TIGHTEST_TRIED`] are offered as the tightest; after them the
/// order goes on nearest first, so a hard-to-fit item costs a bounded search, never a
/// false "no bin fits".
fn fullest_with_room<'a>(batch: &'a Batch<'a>, item: &'a Item) -> impl Iterator<Item = (usize, Why)> + 'a {
    let w = batch.warehouse;
    let need = item.load.volume();
    let base = &w.fullest_first;
    let start = base.partition_point(|&b| w.bins[b].space.free_volume() < need);
    let mut changed: Vec<usize> = batch.changed_bins().filter(|&b| batch.space(b).free_volume() >= need).collect();
    changed.sort_by_key(|&b| (batch.space(b).free_volume(), b));
    let mut unchanged = base[start..].iter().copied().filter(move |&b| !batch.is_changed(b)).peekable();
    let mut changed = changed.into_iter().peekable();
    let tightest = std::iter::from_fn(move || match (unchanged.peek(), changed.peek()) {
        (Some(&u), Some(&c)) if batch.space(c).free_volume() <= w.bins[u].space.free_volume() => changed.next(),
        (Some(_), _) => unchanged.next(),
        (None, _) => changed.next(),
    });
    tightest.take(TIGHTEST_TRIED).map(|b| (b, Why::Tightest)).chain(w.nearest_first.iter().map(|&b| (b, Why::Nearest)))
}

/// How many of the fullest bins with room best fit tries before it goes by the pick path.
pub const TIGHTEST_TRIED: usize = 512;
