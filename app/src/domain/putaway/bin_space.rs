//! One bin's space: what stands in it, and where a new load still fits.
//!
//! A load (n boxes of one material) goes in as one **block**: an a × b × c grid of
//! boxes, all turned the same way, at an *extreme point* of the bin (Crainic, Perboli &
//! Tadei, "Extreme point-based heuristics for three-dimensional bin packing", INFORMS
//! J. on Computing 20(3), 2008): the corners that the boxes already standing in the bin
//! offer, pushed back, left and down until they touch a wall or another box. Of the
//! places a block fits, the one whose top stays lowest wins: it keeps bins low and
//! stable, and packed best in `server bench-packing` of the merits tried (lowest
//! top, first point, smallest x + y + z, smallest largest side).
//!
//! The whole bounding box of the grid is reserved even when its top layer is not full
//! (n < a·b·c), and such a block, or one of a material that may not be stacked on,
//! carries nothing: no box may rest on it.

use super::geometry::{orientations, Cuboid, Point, Size};
use serde::{Deserialize, Serialize};

/// What is put away in one go: `count` boxes of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Load {
    /// One box (a unit or a case), as the material master gives it.
    pub unit: Size,
    pub unit_weight_g: u64,
    pub count: u32,
    /// "This side up": only the two turns that keep the box's height vertical.
    pub upright_only: bool,
    /// Whether other boxes may stand on these; if not, they also stand one layer high.
    pub stackable: bool,
}

impl Load {
    pub fn volume(&self) -> u64 {
        self.unit.volume() * self.count as u64
    }

    pub fn weight_g(&self) -> u64 {
        self.unit_weight_g * self.count as u64
    }
}

/// A grid of boxes standing in a bin.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// The space the grid reserves.
    pub space: Cuboid,
    /// One box as it stands (turned).
    pub turned: Size,
    /// Boxes along x, y and z.
    pub grid: [u32; 3],
    pub count: u32,
    pub weight_g: u64,
    /// Whether its top is a full, stackable surface that other boxes may rest on.
    pub bears_load: bool,
}

/// How much of a box's base must rest on the floor or on boxes below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    pub per_mille: u32,
}

impl Support {
    /// Whole base supported: what a person stacking a shelf expects.
    pub const FULL: Support = Support { per_mille: 1000 };
    /// No support rule (the academic bin-packing problem, where boxes may float).
    pub const NONE: Support = Support { per_mille: 0 };
}

/// The state of one bin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BinSpace {
    pub inner: Size,
    pub max_weight_g: u64,
    blocks: Vec<Block>,
    points: Vec<Point>,
    used_volume: u64,
    load_g: u64,
}

/// Grid shapes tried per point and turn: enough to find a tidy block, few enough to stay fast.
const SHAPES_TRIED: usize = 12;
/// Upper limit on boxes along one side when enumerating grid shapes.
const SIDE_LIMIT: u32 = 64;

impl BinSpace {
    pub fn empty(inner: Size, max_weight_g: u64) -> BinSpace {
        BinSpace { inner, max_weight_g, blocks: Vec::new(), points: vec![Point::ORIGIN], used_volume: 0, load_g: 0 }
    }

    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Reserved cubic millimetres (whole grids, so at least the boxes' own volume).
    pub fn used_volume(&self) -> u64 {
        self.used_volume
    }

    pub fn free_volume(&self) -> u64 {
        self.inner.volume().saturating_sub(self.used_volume)
    }

    pub fn load_g(&self) -> u64 {
        self.load_g
    }

    pub fn free_weight_g(&self) -> u64 {
        self.max_weight_g.saturating_sub(self.load_g)
    }

    /// Where `load` fits, without placing it: of the first grid that fits at each point
    /// and turn, the one whose top stays lowest (then ends farthest back, then
    /// farthest left); `None` when it does not fit at all.
    pub fn fit(&self, load: &Load, support: Support) -> Option<Block> {
        if load.count == 0 || load.volume() > self.free_volume() || load.weight_g() > self.free_weight_g() {
            return None;
        }
        let turns = orientations(load.unit, load.upright_only);
        let mut best: Option<((u32, u32, u32), Block)> = None;
        for &at in &self.points {
            for &turned in &turns {
                for grid in self.shapes_at(at, turned, load) {
                    let space =
                        Cuboid { at, size: Size::new(turned.x * grid[0], turned.y * grid[1], turned.z * grid[2]) };
                    if self.is_free(space) && self.is_supported(space, support) {
                        let full = grid.iter().map(|&n| n as u64).product::<u64>() == load.count as u64;
                        let block = Block {
                            space,
                            turned,
                            grid,
                            count: load.count,
                            weight_g: load.weight_g(),
                            bears_load: load.stackable && full,
                        };
                        let end = space.end();
                        let key = (end.z, end.x, end.y);
                        if best.as_ref().is_none_or(|(lowest, _)| key < *lowest) {
                            best = Some((key, block));
                        }
                        break;
                    }
                }
            }
        }
        best.map(|(_, b)| b)
    }

    /// Puts a block in (one that `fit` returned for this bin's current state).
    pub fn place(&mut self, block: Block) {
        self.used_volume += block.space.size.volume();
        self.load_g += block.weight_g;
        self.blocks.push(block);
        let (at, end) = (block.space.at, block.space.end());
        let mut fresh = vec![
            self.project_y(Point::new(end.x, at.y, at.z)),
            self.project_z(Point::new(end.x, at.y, at.z)),
            self.project_x(Point::new(at.x, end.y, at.z)),
            self.project_z(Point::new(at.x, end.y, at.z)),
            self.project_x(Point::new(at.x, at.y, end.z)),
            self.project_y(Point::new(at.x, at.y, end.z)),
        ];
        fresh.append(&mut self.points);
        fresh.retain(|p| p.x < self.inner.x && p.y < self.inner.y && p.z < self.inner.z);
        fresh.sort_unstable();
        fresh.dedup();
        let blocks = &self.blocks;
        fresh.retain(|p| !blocks.iter().any(|b| contains(b.space, *p)));
        self.points = fresh;
    }

    /// Puts back a block recorded earlier, if it still lies inside the bin clear of the
    /// others (the bin or its contents may have been edited since); `false` changes nothing.
    pub fn restore(&mut self, block: Block) -> bool {
        let grid = Size::new(block.turned.x * block.grid[0], block.turned.y * block.grid[1], block.turned.z * block.grid[2]);
        let sound = grid == block.space.size && block.grid.iter().map(|&n| n as u64).product::<u64>() >= block.count as u64;
        if !sound || !self.is_free(block.space) || block.weight_g > self.free_weight_g() {
            return false;
        }
        self.place(block);
        true
    }

    /// Takes the bin out of use: its recorded contents cannot be laid out, so nothing
    /// more is put in (the conservative reading of a bin nobody can vouch for).
    pub fn mark_full(&mut self) {
        self.used_volume = self.inner.volume();
        self.points.clear();
    }

    /// Puts a load in where `fit` finds room; returns the block, or `None` (nothing changes).
    pub fn put(&mut self, load: &Load, support: Support) -> Option<Block> {
        let block = self.fit(load, support)?;
        self.place(block);
        Some(block)
    }

    fn is_free(&self, space: Cuboid) -> bool {
        space.end().x <= self.inner.x
            && space.end().y <= self.inner.y
            && space.end().z <= self.inner.z
            && !self.blocks.iter().any(|b| b.space.overlaps(space))
    }

    fn is_supported(&self, space: Cuboid, support: Support) -> bool {
        if space.at.z == 0 || support.per_mille == 0 {
            return true;
        }
        let carried: u64 = self
            .blocks
            .iter()
            .filter(|b| b.bears_load && b.space.end().z == space.at.z)
            .map(|b| b.space.footprint_overlap(space))
            .sum();
        carried * 1000 >= support.per_mille as u64 * space.size.x as u64 * space.size.y as u64
    }

    /// Grids of `turned` boxes holding `load.count` that fit the bin from `at` on,
    /// least wasted space first, then lowest, then narrowest.
    fn shapes_at(&self, at: Point, turned: Size, load: &Load) -> Vec<[u32; 3]> {
        let room = |inner: u32, from: u32, side: u32| (inner - from) / side;
        let (max_a, max_b) = (room(self.inner.x, at.x, turned.x), room(self.inner.y, at.y, turned.y));
        let max_c =
            if load.stackable { room(self.inner.z, at.z, turned.z) } else { room(self.inner.z, at.z, turned.z).min(1) };
        let n = load.count;
        if n == 1 {
            return if max_a >= 1 && max_b >= 1 && max_c >= 1 { vec![[1, 1, 1]] } else { Vec::new() };
        }
        let mut shapes = Vec::new();
        for c in 1..=max_c.min(n).min(SIDE_LIMIT) {
            let per_layer = n.div_ceil(c);
            for b in 1..=max_b.min(per_layer).min(SIDE_LIMIT) {
                let a = per_layer.div_ceil(b);
                if a <= max_a {
                    let waste = a as u64 * b as u64 * c as u64 - n as u64;
                    shapes.push((waste, c, b, [a, b, c]));
                }
            }
        }
        shapes.sort_unstable();
        shapes.into_iter().take(SHAPES_TRIED).map(|(.., grid)| grid).collect()
    }

    fn project_x(&self, p: Point) -> Point {
        let x =
            self.blocks.iter().map(|b| b.space).filter(|s| spans_y(*s, p.y) && spans_z(*s, p.z) && s.end().x <= p.x);
        Point { x: x.map(|s| s.end().x).max().unwrap_or(0), ..p }
    }

    fn project_y(&self, p: Point) -> Point {
        let y =
            self.blocks.iter().map(|b| b.space).filter(|s| spans_x(*s, p.x) && spans_z(*s, p.z) && s.end().y <= p.y);
        Point { y: y.map(|s| s.end().y).max().unwrap_or(0), ..p }
    }

    fn project_z(&self, p: Point) -> Point {
        let z =
            self.blocks.iter().map(|b| b.space).filter(|s| spans_x(*s, p.x) && spans_y(*s, p.y) && s.end().z <= p.z);
        Point { z: z.map(|s| s.end().z).max().unwrap_or(0), ..p }
    }
}

fn spans_x(s: Cuboid, x: u32) -> bool {
    s.at.x <= x && x < s.end().x
}

fn spans_y(s: Cuboid, y: u32) -> bool {
    s.at.y <= y && y < s.end().y
}

fn spans_z(s: Cuboid, z: u32) -> bool {
    s.at.z <= z && z < s.end().z
}

fn contains(s: Cuboid, p: Point) -> bool {
    spans_x(s, p.x) && spans_y(s, p.y) && spans_z(s, p.z)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(unit: Size, count: u32) -> Load {
        Load { unit, unit_weight_g: 1_000, count, upright_only: false, stackable: true }
    }

    #[test]
    fn a_long_box_is_turned_to_fit() {
        let bin = BinSpace::empty(Size::new(100, 1000, 100), 1_000_000);
        let block = bin.fit(&boxes(Size::new(900, 50, 50), 1), Support::FULL).expect("fits turned");
        assert_eq!(block.turned.y, 900);
    }

    #[test]
    fn this_side_up_forbids_lying_a_tall_box_down() {
        let bin = BinSpace::empty(Size::new(1000, 1000, 100), 1_000_000);
        let tall = Load { upright_only: true, ..boxes(Size::new(50, 50, 500), 1) };
        assert_eq!(bin.fit(&tall, Support::FULL), None);
        assert!(bin.fit(&Load { upright_only: false, ..tall }, Support::FULL).is_some());
    }

    #[test]
    fn the_weight_limit_counts_what_is_already_there() {
        let mut bin = BinSpace::empty(Size::new(1000, 1000, 1000), 10_000);
        assert!(bin.put(&boxes(Size::new(10, 10, 10), 6), Support::FULL).is_some());
        assert_eq!(bin.free_weight_g(), 4_000);
        assert_eq!(bin.fit(&boxes(Size::new(10, 10, 10), 5), Support::FULL), None);
        assert!(bin.fit(&boxes(Size::new(10, 10, 10), 4), Support::FULL).is_some());
    }

    #[test]
    fn eight_cubes_fill_a_bin_twice_their_side_and_a_ninth_does_not_fit() {
        let mut bin = BinSpace::empty(Size::new(20, 20, 20), u64::MAX);
        for _ in 0..8 {
            assert!(bin.put(&boxes(Size::new(10, 10, 10), 1), Support::FULL).is_some());
        }
        assert_eq!(bin.free_volume(), 0);
        assert_eq!(bin.fit(&boxes(Size::new(1, 1, 1), 1), Support::NONE), None);
    }

    #[test]
    fn a_recorded_block_is_restored_only_where_it_is_clear() {
        let mut bin = BinSpace::empty(Size::new(100, 100, 100), u64::MAX);
        let block = bin.put(&boxes(Size::new(60, 100, 100), 1), Support::FULL).expect("fits");
        let mut again = BinSpace::empty(Size::new(100, 100, 100), u64::MAX);
        assert!(again.restore(block));
        assert!(!again.restore(block), "the same space twice");
        let mut smaller = BinSpace::empty(Size::new(50, 100, 100), u64::MAX);
        assert!(!smaller.restore(block));
        smaller.mark_full();
        assert_eq!(smaller.fit(&boxes(Size::new(1, 1, 1), 1), Support::NONE), None);
    }

    #[test]
    fn a_grid_of_cases_reserves_its_whole_bounding_box() {
        let bin = BinSpace::empty(Size::new(300, 200, 100), u64::MAX);
        let block = bin.fit(&boxes(Size::new(100, 100, 100), 5), Support::FULL).expect("six places");
        assert_eq!(block.grid.iter().product::<u32>(), 6);
        assert_eq!(block.space.size.volume(), 6 * 100 * 100 * 100);
        assert!(!block.bears_load, "a grid with a gap carries nothing");
    }

    #[test]
    fn nothing_rests_on_a_box_that_may_not_be_stacked_on() {
        let mut bin = BinSpace::empty(Size::new(100, 100, 200), u64::MAX);
        let fragile = Load { stackable: false, ..boxes(Size::new(100, 100, 100), 1) };
        bin.put(&fragile, Support::FULL).expect("the floor is free");
        assert_eq!(bin.fit(&boxes(Size::new(100, 100, 100), 1), Support::FULL), None);
        assert!(bin.fit(&boxes(Size::new(100, 100, 100), 1), Support::NONE).is_some(), "only support rules it out");
    }

    #[test]
    fn a_box_overhanging_its_support_is_refused_under_full_support() {
        let mut bin = BinSpace::empty(Size::new(150, 100, 300), u64::MAX);
        bin.put(&boxes(Size::new(100, 100, 100), 1), Support::FULL).expect("floor");
        // 150 × 100 lying on the 100 × 100 box would rest on two thirds of its base;
        // beside it on the floor only 50 mm are left.
        let flat = Load { upright_only: true, ..boxes(Size::new(150, 100, 50), 1) };
        assert_eq!(bin.fit(&flat, Support::FULL), None);
        assert_eq!(bin.fit(&flat, Support { per_mille: 600 }).map(|b| b.space.at.z), Some(100));
    }
}
