//! The warehouse as a receiving batch changes it: bins that earlier items of the batch
//! were put in carry those items, so that two items never both take the last space of
//! one bin. The warehouse itself is never changed (it stays shared between requests).

use super::bin_space::{BinSpace, Block};
use super::recommend::Item;
use super::warehouse::{BinKind, Content, StorageRule, Warehouse};
use std::collections::HashMap;

pub struct Batch<'w> {
    pub warehouse: &'w Warehouse,
    changed: HashMap<usize, Changed>,
}

struct Changed {
    space: BinSpace,
    added: Vec<Content>,
}

impl<'w> Batch<'w> {
    pub fn new(warehouse: &'w Warehouse) -> Batch<'w> {
        Batch { warehouse, changed: HashMap::new() }
    }

    pub fn space(&self, bin: usize) -> &BinSpace {
        self.changed.get(&bin).map_or(&self.warehouse.bins[bin].space, |c| &c.space)
    }

    pub fn is_changed(&self, bin: usize) -> bool {
        self.changed.contains_key(&bin)
    }

    /// Bins this batch has put something in.
    pub fn changed_bins(&self) -> impl Iterator<Item = usize> + '_ {
        self.changed.keys().copied()
    }

    pub fn contents(&self, bin: usize) -> impl Iterator<Item = &Content> + '_ {
        let added = self.changed.get(&bin).map(|c| c.added.as_slice()).unwrap_or_default();
        self.warehouse.bins[bin].contents.iter().chain(added)
    }

    /// Bins holding `material`, before or during this batch.
    pub fn holding(&self, material: i64) -> Vec<usize> {
        let mut bins = self.warehouse.holding.get(&material).cloned().unwrap_or_default();
        for (&bin, changed) in &self.changed {
            if changed.added.iter().any(|c| c.material == material) && !bins.contains(&bin) {
                bins.push(bin);
            }
        }
        bins
    }

    /// Bins in `aisle` holding `material`, before or during this batch.
    pub fn aisle_holds(&self, aisle: usize, material: i64) -> u32 {
        let before = self.warehouse.aisles[aisle].materials.get(&material).copied().unwrap_or(0);
        let during = self
            .changed
            .iter()
            .filter(|(&bin, c)| self.warehouse.aisle_of[bin] == aisle && c.added.iter().any(|c| c.material == material))
            .count();
        before + during as u32
    }

    /// Whether the bin may take the item at all: its kind, storage rule, piece limit,
    /// free volume and free weight. The 3-D fit is `BinSpace::fit`'s job.
    pub fn admits(&self, bin: usize, item: &Item) -> bool {
        let b = &self.warehouse.bins[bin];
        let space = self.space(bin);
        if b.kind == BinKind::CrossDock && !item.open_demand {
            return false;
        }
        if space.free_volume() < item.load.volume() || space.free_weight_g() < item.load.weight_g() {
            return false;
        }
        if let Some(max) = b.max_pieces {
            let held: u64 = self.contents(bin).map(|c| c.pieces as u64).sum();
            if held + item.pieces as u64 > max as u64 {
                return false;
            }
        }
        let mut contents = self.contents(bin);
        match b.rule {
            StorageRule::Mixed => true,
            StorageRule::EmptyOnly => contents.next().is_none(),
            StorageRule::SameMaterial => contents.all(|c| c.material == item.material),
            StorageRule::SameLot => contents.all(|c| c.material == item.material && c.lot == item.lot),
        }
    }

    /// Records the item in the bin for the rest of the batch.
    pub fn put(&mut self, bin: usize, block: Block, item: &Item) {
        let warehouse = self.warehouse;
        let changed = self
            .changed
            .entry(bin)
            .or_insert_with(|| Changed { space: warehouse.bins[bin].space.clone(), added: Vec::new() });
        changed.space.place(block);
        changed.added.push(Content { material: item.material, lot: item.lot.clone(), pieces: item.pieces });
    }
}
