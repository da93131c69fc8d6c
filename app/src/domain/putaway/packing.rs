//! The classic three-dimensional bin-packing problem: boxes into as few identical bins
//! as possible, with the same extreme-point geometry the putaway engine uses. It is how
//! the engine's packing is measured against the lower bound and against a peer packer
//! (`server bench-packing`).
//!
//! First-fit decreasing puts each box, largest volume first, into the first open bin it
//! fits; best-fit decreasing into the open bin it leaves least free volume in
//! (Crainic, Perboli & Tadei 2008, EP-FFD and EP-BFD). A box that fits no open bin opens
//! a new one.

use super::bin_space::{BinSpace, Block, Load, Support};
use super::checker;
use super::geometry::Size;

/// Which open bin a box goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackingRule {
    FirstFitDecreasing,
    BestFitDecreasing,
}

impl PackingRule {
    pub const ALL: [PackingRule; 2] = [PackingRule::FirstFitDecreasing, PackingRule::BestFitDecreasing];

    pub fn label(self) -> &'static str {
        match self {
            PackingRule::FirstFitDecreasing => "first-fit decreasing",
            PackingRule::BestFitDecreasing => "best-fit decreasing",
        }
    }
}

/// Where each box went.
#[derive(Clone, Debug, PartialEq)]
pub struct Packing {
    pub bins: Vec<BinSpace>,
    /// Per box, in the order given: its bin and block, or `None` when it fits no empty bin.
    pub placed: Vec<Option<(usize, Block)>>,
}

impl Packing {
    pub fn bins_used(&self) -> usize {
        self.bins.len()
    }

    /// The boxes' volume over the volume of the bins used (0 when none is used).
    pub fn utilisation(&self, boxes: &[Load]) -> f64 {
        let Some(bin) = self.bins.first() else { return 0.0 };
        let packed: u64 = self.placed.iter().zip(boxes).filter(|(p, _)| p.is_some()).map(|(_, b)| b.volume()).sum();
        packed as f64 / (bin.inner.volume() as f64 * self.bins.len() as f64)
    }

    /// The placements in the checker's terms, to be verified independently.
    pub fn checked(&self, boxes: &[Load]) -> (Vec<checker::CheckedBin>, Vec<checker::Placement>) {
        let bins = self.bins.iter().map(|b| checked_bin(b.inner, b.max_weight_g)).collect();
        let placements = self
            .placed
            .iter()
            .zip(boxes)
            .filter_map(|(p, load)| p.map(|(bin, block)| checked_placement(bin, &block, load)))
            .collect();
        (bins, placements)
    }
}

/// A bin in the checker's terms.
pub fn checked_bin(inner: Size, max_weight_g: u64) -> checker::CheckedBin {
    checker::CheckedBin { inner: triple(inner), max_weight_g: max_weight_g.min(i64::MAX as u64) as i64 }
}

/// A placed block in the checker's terms.
pub fn checked_placement(bin: usize, block: &Block, load: &Load) -> checker::Placement {
    let at = block.space.at;
    checker::Placement {
        bin,
        at: [at.x as i64, at.y as i64, at.z as i64],
        turned: triple(block.turned),
        grid: block.grid.map(i64::from),
        count: block.count as i64,
        unit: triple(load.unit),
        upright_only: load.upright_only,
        weight_g: block.weight_g as i64,
        carries_load: load.stackable && block.grid.iter().product::<u32>() == block.count,
    }
}

fn triple(size: Size) -> [i64; 3] {
    [size.x as i64, size.y as i64, size.z as i64]
}

/// The order boxes are taken in: "decreasing" by one of two measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BoxOrder {
    /// Largest volume first, then longest side.
    Volume,
    /// Largest shortest side first: the boxes hardest to put beside others go first.
    ShortestSide,
}

impl BoxOrder {
    fn key(self, load: &Load) -> (u64, u64, u64) {
        let [a, b, c] = load.unit.sorted_sides().map(u64::from);
        match self {
            BoxOrder::Volume => (load.volume(), c, 0),
            BoxOrder::ShortestSide => (a, b, c),
        }
    }
}

/// Packs `boxes` into bins of size `bin` (and weight limit `max_weight_g`): once in
/// each box order, keeping the packing with fewer bins (neither order wins on every
/// class of `server bench-packing`; together they beat each alone).
pub fn pack(boxes: &[Load], bin: Size, max_weight_g: u64, rule: PackingRule, support: Support) -> Packing {
    let by_volume = pack_in_order(boxes, bin, max_weight_g, rule, support, BoxOrder::Volume);
    let by_side = pack_in_order(boxes, bin, max_weight_g, rule, support, BoxOrder::ShortestSide);
    let placed = |p: &Packing| p.placed.iter().filter(|b| b.is_some()).count();
    if (std::cmp::Reverse(placed(&by_side)), by_side.bins_used())
        < (std::cmp::Reverse(placed(&by_volume)), by_volume.bins_used())
    {
        by_side
    } else {
        by_volume
    }
}

fn pack_in_order(
    boxes: &[Load],
    bin: Size,
    max_weight_g: u64,
    rule: PackingRule,
    support: Support,
    box_order: BoxOrder,
) -> Packing {
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(box_order.key(&boxes[i])));
    let mut packing = Packing { bins: Vec::new(), placed: vec![None; boxes.len()] };
    for i in order {
        let load = &boxes[i];
        let open =
            packing.bins.iter().enumerate().filter_map(|(b, space)| space.fit(load, support).map(|block| (b, block)));
        let chosen = match rule {
            PackingRule::FirstFitDecreasing => open.into_iter().next(),
            PackingRule::BestFitDecreasing => {
                open.min_by_key(|(b, block)| packing.bins[*b].free_volume() - block.space.size.volume())
            }
        };
        let chosen = chosen.or_else(|| {
            let fresh = BinSpace::empty(bin, max_weight_g);
            let block = fresh.fit(load, support)?;
            packing.bins.push(fresh);
            Some((packing.bins.len() - 1, block))
        });
        if let Some((b, block)) = chosen {
            packing.bins[b].place(block);
            packing.placed[i] = Some((b, block));
        }
    }
    packing
}

/// The continuous lower bound L0 = ⌈Σ box volume / bin volume⌉ (Martello, Pisinger & Vigo,
/// "The three-dimensional bin packing problem", Operations Research 48(2), 2000).
pub fn volume_bound(boxes: &[Load], bin: Size) -> usize {
    let total: u128 = boxes.iter().map(|b| b.volume() as u128).sum();
    total.div_ceil(bin.volume() as u128) as usize
}

/// A bound that holds with turning allowed: no two boxes whose shortest side is over
/// half the bin's longest side can share a bin, so each needs its own; the larger of
/// that count and L0.
pub fn large_box_bound(boxes: &[Load], bin: Size) -> usize {
    let longest = bin.sorted_sides()[2] as u64;
    let large = boxes.iter().filter(|b| 2 * b.unit.sorted_sides()[0] as u64 > longest).count();
    large.max(volume_bound(boxes, bin))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cube(side: u32) -> Load {
        Load { unit: Size::new(side, side, side), unit_weight_g: 1, count: 1, upright_only: false, stackable: true }
    }

    #[test]
    fn twenty_seven_cubes_of_a_third_fill_one_bin() {
        let boxes = vec![cube(10); 27];
        for rule in PackingRule::ALL {
            let packing = pack(&boxes, Size::new(30, 30, 30), u64::MAX, rule, Support::FULL);
            assert_eq!(packing.bins_used(), 1, "{rule:?}");
            assert!((packing.utilisation(&boxes) - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn large_cubes_each_take_a_bin_and_the_bound_knows_it() {
        let boxes = vec![cube(60); 3];
        let bin = Size::new(100, 100, 100);
        assert_eq!(volume_bound(&boxes, bin), 1);
        assert_eq!(large_box_bound(&boxes, bin), 3);
        assert_eq!(pack(&boxes, bin, u64::MAX, PackingRule::FirstFitDecreasing, Support::NONE).bins_used(), 3);
    }

    #[test]
    fn a_box_larger_than_any_bin_is_left_out_not_forced_in() {
        let boxes = vec![cube(10), cube(200)];
        let packing = pack(&boxes, Size::new(100, 100, 100), u64::MAX, PackingRule::BestFitDecreasing, Support::FULL);
        assert!(packing.placed[0].is_some() && packing.placed[1].is_none());
        assert_eq!(packing.bins_used(), 1);
    }
}
