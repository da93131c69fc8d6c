//! Boxes in a bin, in whole millimetres and grams so that every comparison is exact.
//!
//! Axes: `x` runs along the bin's length (back to front), `y` along its width, `z` up.
//! A material's dimensions become whole millimetres by rounding **up** and a bin's by
//! rounding **down** (`Size::of_item_mm`, `Size::of_bin_mm`), so rounding can only ever
//! make the engine more careful, never let it overfill.

use serde::{Deserialize, Serialize};

/// Three extents in millimetres.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Size {
    pub x: u32,
    pub y: u32,
    pub z: u32,
}

impl Size {
    pub const fn new(x: u32, y: u32, z: u32) -> Size {
        Size { x, y, z }
    }

    /// An item's size from millimetres, rounded up; `None` unless every side is finite and above 0.
    pub fn of_item_mm(length: f64, width: f64, height: f64) -> Option<Size> {
        let side = |mm: f64| (mm.is_finite() && mm > 0.0 && mm <= u32::MAX as f64).then(|| mm.ceil() as u32);
        Some(Size::new(side(length)?, side(width)?, side(height)?))
    }

    /// A bin's inner size from millimetres, rounded down; `None` unless every side is at least 1 mm.
    pub fn of_bin_mm(length: f64, width: f64, height: f64) -> Option<Size> {
        let side = |mm: f64| (mm.is_finite() && mm >= 1.0 && mm <= u32::MAX as f64).then(|| mm.floor() as u32);
        Some(Size::new(side(length)?, side(width)?, side(height)?))
    }

    /// Cubic millimetres.
    pub fn volume(self) -> u64 {
        self.x as u64 * self.y as u64 * self.z as u64
    }

    /// Whether `self` fits inside `other` without turning.
    pub fn within(self, other: Size) -> bool {
        self.x <= other.x && self.y <= other.y && self.z <= other.z
    }

    /// The sides from shortest to longest.
    pub fn sorted_sides(self) -> [u32; 3] {
        let mut sides = [self.x, self.y, self.z];
        sides.sort_unstable();
        sides
    }
}

/// A point in a bin, millimetres from its back-left-floor corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Point {
    pub z: u32,
    pub x: u32,
    pub y: u32,
}

impl Point {
    pub const ORIGIN: Point = Point { x: 0, y: 0, z: 0 };

    pub const fn new(x: u32, y: u32, z: u32) -> Point {
        Point { x, y, z }
    }
}

/// An axis-aligned box at a place: what a placed block occupies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cuboid {
    pub at: Point,
    pub size: Size,
}

impl Cuboid {
    pub fn end(self) -> Point {
        Point::new(self.at.x + self.size.x, self.at.y + self.size.y, self.at.z + self.size.z)
    }

    /// Whether the two share any volume (touching faces do not count).
    pub fn overlaps(self, other: Cuboid) -> bool {
        let (a, b) = (self.end(), other.end());
        self.at.x < b.x
            && other.at.x < a.x
            && self.at.y < b.y
            && other.at.y < a.y
            && self.at.z < b.z
            && other.at.z < a.z
    }

    /// The area of the overlap of the two footprints (square millimetres).
    pub fn footprint_overlap(self, other: Cuboid) -> u64 {
        let (a, b) = (self.end(), other.end());
        let dx = a.x.min(b.x).saturating_sub(self.at.x.max(other.at.x));
        let dy = a.y.min(b.y).saturating_sub(self.at.y.max(other.at.y));
        dx as u64 * dy as u64
    }
}

/// The ways a box may stand: all six orthogonal turns, or only the two that keep its
/// top up ("this side up"). Duplicates (a cube has one) are dropped.
pub fn orientations(unit: Size, upright_only: bool) -> Vec<Size> {
    let Size { x: l, y: w, z: h } = unit;
    let candidates: &[Size] = if upright_only {
        &[Size::new(l, w, h), Size::new(w, l, h)]
    } else {
        &[
            Size::new(l, w, h),
            Size::new(w, l, h),
            Size::new(l, h, w),
            Size::new(h, l, w),
            Size::new(w, h, l),
            Size::new(h, w, l),
        ]
    };
    let mut turns: Vec<Size> = Vec::with_capacity(candidates.len());
    for turn in candidates {
        if !turns.contains(turn) {
            turns.push(*turn);
        }
    }
    turns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_sizes_round_up_and_bin_sizes_round_down() {
        assert_eq!(Size::of_item_mm(10.2, 20.0, 0.5), Some(Size::new(11, 20, 1)));
        assert_eq!(Size::of_bin_mm(1000.9, 800.0, 1.2), Some(Size::new(1000, 800, 1)));
        assert_eq!(Size::of_item_mm(0.0, 1.0, 1.0), None);
        assert_eq!(Size::of_item_mm(f64::NAN, 1.0, 1.0), None);
        assert_eq!(Size::of_bin_mm(0.5, 1.0, 1.0), None);
    }

    #[test]
    fn boxes_that_touch_do_not_overlap() {
        let a = Cuboid { at: Point::ORIGIN, size: Size::new(10, 10, 10) };
        let touching = Cuboid { at: Point::new(10, 0, 0), size: Size::new(5, 5, 5) };
        let inside = Cuboid { at: Point::new(9, 9, 9), size: Size::new(5, 5, 5) };
        assert!(!a.overlaps(touching));
        assert!(a.overlaps(inside) && inside.overlaps(a));
        assert_eq!(a.footprint_overlap(inside), 1);
        assert_eq!(a.footprint_overlap(touching), 0);
    }

    #[test]
    fn six_turns_or_two_upright_and_no_duplicates() {
        assert_eq!(orientations(Size::new(1, 2, 3), false).len(), 6);
        let upright = orientations(Size::new(1, 2, 3), true);
        assert_eq!(upright, vec![Size::new(1, 2, 3), Size::new(2, 1, 3)]);
        assert_eq!(orientations(Size::new(4, 4, 4), false), vec![Size::new(4, 4, 4)]);
        assert_eq!(orientations(Size::new(4, 4, 2), false).len(), 3);
    }
}
