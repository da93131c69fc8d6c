//! An independent check of placements against the bins they were put in.
//!
//! Written apart from the engine on purpose: it shares no geometry code with
//! `bin_space.rs`, works in signed 64-bit integers, and trusts nothing it is given
//! but the bins' inner sizes, weight limits and the placements themselves. It checks
//! any packer's output the same way (ours, and a peer's in the packing benchmark).
//!
//! Each placement must be: a grid of boxes of its unit's size turned one of the
//! allowed ways (upright only when the unit says so), holding at least its count;
//! inside its bin; sharing no volume with any other placement in that bin; and the
//! bin's total weight within its limit. Optionally each placement above the floor
//! must rest on other placements' tops for at least a share of its base.

use serde::{Deserialize, Serialize};

/// A bin as the checker sees it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckedBin {
    /// Inner length, width, height in millimetres.
    pub inner: [i64; 3],
    pub max_weight_g: i64,
}

/// One block of boxes in a bin, as any packer reports it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// Index into the bins.
    pub bin: usize,
    /// Back-left-bottom corner, millimetres.
    pub at: [i64; 3],
    /// One box as it stands.
    pub turned: [i64; 3],
    /// Boxes along each axis.
    pub grid: [i64; 3],
    pub count: i64,
    /// One box as the material gives it (length, width, height).
    pub unit: [i64; 3],
    pub upright_only: bool,
    pub weight_g: i64,
    /// Whether boxes may rest on its top (a full grid of a stackable material).
    pub carries_load: bool,
}

impl Placement {
    fn extent(&self, axis: usize) -> i64 {
        self.turned[axis] * self.grid[axis]
    }

    fn end(&self, axis: usize) -> i64 {
        self.at[axis] + self.extent(axis)
    }
}

/// What is wrong with one placement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    pub placement: usize,
    pub what: String,
}

/// Every violation found; an empty list means every placement is physically possible.
pub fn check(bins: &[CheckedBin], placements: &[Placement], support_per_mille: i64) -> Vec<Violation> {
    let mut found = Vec::new();
    let mut weight = vec![0i64; bins.len()];
    for (i, p) in placements.iter().enumerate() {
        let mut flag = |what: String| found.push(Violation { placement: i, what });
        let Some(bin) = bins.get(p.bin) else {
            flag(format!("names bin {} of {}", p.bin, bins.len()));
            continue;
        };
        if !is_turn_of(p.turned, p.unit, p.upright_only) {
            flag(format!("stands as {:?}, which is not an allowed turn of {:?}", p.turned, p.unit));
        }
        if p.count < 1 || p.grid.iter().any(|&n| n < 1) || p.grid.iter().product::<i64>() < p.count {
            flag(format!("a {:?} grid cannot hold {} boxes", p.grid, p.count));
        }
        for axis in 0..3 {
            if p.at[axis] < 0 || p.end(axis) > bin.inner[axis] {
                flag(format!(
                    "reaches {}..{} on axis {axis} of a bin {} long",
                    p.at[axis],
                    p.end(axis),
                    bin.inner[axis]
                ));
            }
        }
        weight[p.bin] += p.weight_g;
    }
    for (b, bin) in bins.iter().enumerate() {
        if weight[b] > bin.max_weight_g {
            let last = placements.iter().rposition(|p| p.bin == b).expect("weight came from a placement");
            found.push(Violation {
                placement: last,
                what: format!("bin {b} holds {} g of {} g", weight[b], bin.max_weight_g),
            });
        }
    }
    for i in 0..placements.len() {
        for j in i + 1..placements.len() {
            let (a, b) = (&placements[i], &placements[j]);
            if a.bin == b.bin && (0..3).all(|axis| a.at[axis] < b.end(axis) && b.at[axis] < a.end(axis)) {
                found.push(Violation { placement: j, what: format!("shares space with placement {i}") });
            }
        }
    }
    if support_per_mille > 0 {
        for (i, p) in placements.iter().enumerate() {
            if p.at[2] > 0 && rested_area(placements, i) * 1000 < support_per_mille * p.extent(0) * p.extent(1) {
                found.push(Violation { placement: i, what: "rests on too little of its base".to_string() });
            }
        }
    }
    found
}

/// Whether `turned` is `unit` with its sides swapped around (keeping the height when upright).
fn is_turn_of(turned: [i64; 3], unit: [i64; 3], upright_only: bool) -> bool {
    if upright_only && turned[2] != unit[2] {
        return false;
    }
    let (mut a, mut b) = (turned, unit);
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

/// The part of placement `i`'s base lying on the tops of load-carrying placements just below it.
fn rested_area(placements: &[Placement], i: usize) -> i64 {
    let p = &placements[i];
    placements
        .iter()
        .filter(|q| q.bin == p.bin && q.carries_load && q.end(2) == p.at[2])
        .map(|q| {
            let dx = p.end(0).min(q.end(0)) - p.at[0].max(q.at[0]);
            let dy = p.end(1).min(q.end(1)) - p.at[1].max(q.at[1]);
            dx.max(0) * dy.max(0)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BIN: CheckedBin = CheckedBin { inner: [100, 100, 100], max_weight_g: 10_000 };

    fn one(at: [i64; 3], size: [i64; 3]) -> Placement {
        Placement {
            bin: 0,
            at,
            turned: size,
            grid: [1, 1, 1],
            count: 1,
            unit: size,
            upright_only: false,
            weight_g: 1_000,
            carries_load: true,
        }
    }

    #[test]
    fn boxes_side_by_side_pass() {
        let placements = [one([0, 0, 0], [50, 100, 100]), one([50, 0, 0], [50, 100, 100])];
        assert_eq!(check(&[BIN], &placements, 1000), vec![]);
    }

    #[test]
    fn overlap_outside_and_overweight_are_each_found() {
        let overlapping = [one([0, 0, 0], [60, 100, 100]), one([50, 0, 0], [60, 100, 100])];
        assert_eq!(check(&[BIN], &overlapping, 0).len(), 2, "overlap and reaching past the wall");
        let heavy = [Placement { weight_g: 10_001, ..one([0, 0, 0], [10, 10, 10]) }];
        assert!(check(&[BIN], &heavy, 0)[0].what.contains("10001 g of 10000 g"));
    }

    #[test]
    fn a_lying_box_that_must_stand_upright_is_found() {
        let lying =
            Placement { unit: [10, 10, 40], turned: [40, 10, 10], upright_only: true, ..one([0, 0, 0], [40, 10, 10]) };
        assert_eq!(check(&[BIN], &[lying], 0).len(), 1);
        assert_eq!(check(&[BIN], &[Placement { upright_only: false, ..lying }], 0), vec![]);
    }

    #[test]
    fn a_floating_box_is_found_only_when_support_is_asked_for() {
        let floating = [one([0, 0, 50], [10, 10, 10])];
        assert_eq!(check(&[BIN], &floating, 0), vec![]);
        assert_eq!(check(&[BIN], &floating, 1000).len(), 1);
    }

    #[test]
    fn a_grid_too_small_for_its_count_is_found() {
        let short = Placement {
            grid: [2, 1, 1],
            count: 3,
            turned: [10, 10, 10],
            unit: [10, 10, 10],
            ..one([0, 0, 0], [10, 10, 10])
        };
        assert_eq!(check(&[BIN], &[short], 0).len(), 1);
    }
}
