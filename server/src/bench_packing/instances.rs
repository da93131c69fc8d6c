//! Seeded 3-D bin-packing instances in the classes of Martello, Pisinger & Vigo
//! ("The three-dimensional bin packing problem", Operations Research 48(2), 2000,
//! section 7), plus the class cut from three bins, whose optimum is known.
//!
//! Classes 1–5: bins 100 × 100 × 100; each item is of type k with probability 60 %
//! in class k, of each other type with 10 %, where the types draw (w, h, d) uniformly
//! from: 1: [1, 50] × [67, 100] × [67, 100]; 2: [67, 100] × [1, 50] × [67, 100];
//! 3: [67, 100] × [67, 100] × [1, 50]; 4: [50, 100]³; 5: [1, 50]³.
//! Class 6: bins 10³, sides in [1, 10]; class 7: bins 40³, sides in [1, 35];
//! class 8: bins 100³, sides in [1, 100]. Class 9: three 100³ bins cut by random
//! guillotine cuts into the items, so three bins hold them exactly (optimum 3).

use app::domain::putaway::{Load, Size};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One instance: identical bins and the boxes to put in as few of them as possible.
#[derive(Clone, Debug)]
pub struct Instance {
    pub name: String,
    pub class: u8,
    pub bin: Size,
    pub boxes: Vec<Load>,
}

pub const CLASSES: std::ops::RangeInclusive<u8> = 1..=9;

/// `count` instances of each class and size, reproducible from `seed`.
pub fn generate(sizes: &[usize], count: usize, seed: u64) -> Vec<Instance> {
    let mut instances = Vec::new();
    for class in CLASSES {
        for &n in sizes {
            for k in 0..count {
                let mut rng = ChaCha8Rng::seed_from_u64(seed ^ ((class as u64) << 40) ^ ((n as u64) << 16) ^ k as u64);
                let (bin, sides) = match class {
                    1..=5 => (100, (0..n).map(|_| typed(&mut rng, class)).collect()),
                    6 => (10, uniform(&mut rng, n, 1, 10)),
                    7 => (40, uniform(&mut rng, n, 1, 35)),
                    8 => (100, uniform(&mut rng, n, 1, 100)),
                    _ => (100, cut_from_bins(&mut rng, n, 3, 100)),
                };
                let boxes = sides.into_iter().map(boxed).collect();
                instances.push(Instance {
                    name: format!("c{class}-n{n}-{k}"),
                    class,
                    bin: Size::new(bin, bin, bin),
                    boxes,
                });
            }
        }
    }
    instances
}

fn boxed(size: Size) -> Load {
    Load { unit: size, unit_weight_g: 1, count: 1, upright_only: false, stackable: true }
}

/// An item of class 1–5: its own type with probability 0.6, each other type 0.1.
fn typed(rng: &mut ChaCha8Rng, class: u8) -> Size {
    let draw = rng.random_range(0..10);
    let item_type = if draw < 6 {
        class
    } else {
        [1, 2, 3, 4, 5].into_iter().filter(|&t| t != class).nth(draw - 6).expect("four others")
    };
    let mut side = |lo: u32, hi: u32| rng.random_range(lo..=hi);
    match item_type {
        1 => Size::new(side(1, 50), side(67, 100), side(67, 100)),
        2 => Size::new(side(67, 100), side(1, 50), side(67, 100)),
        3 => Size::new(side(67, 100), side(67, 100), side(1, 50)),
        4 => Size::new(side(50, 100), side(50, 100), side(50, 100)),
        _ => Size::new(side(1, 50), side(1, 50), side(1, 50)),
    }
}

fn uniform(rng: &mut ChaCha8Rng, n: usize, lo: u32, hi: u32) -> Vec<Size> {
    (0..n).map(|_| Size::new(rng.random_range(lo..=hi), rng.random_range(lo..=hi), rng.random_range(lo..=hi))).collect()
}

/// `bins` cubes of side `side` cut into `n` boxes: each cut halves the largest piece
/// somewhere in the middle half of its longest side.
fn cut_from_bins(rng: &mut ChaCha8Rng, n: usize, bins: usize, side: u32) -> Vec<Size> {
    let mut pieces = vec![Size::new(side, side, side); bins];
    while pieces.len() < n {
        let (largest, _) = pieces.iter().enumerate().max_by_key(|(_, p)| p.volume()).expect("pieces");
        let piece = pieces.swap_remove(largest);
        let longest = piece.sorted_sides()[2];
        if longest < 2 {
            pieces.push(piece);
            break;
        }
        let at = rng.random_range(longest / 4..=longest - longest / 4).clamp(1, longest - 1);
        let (a, b) = if piece.x == longest {
            (Size { x: at, ..piece }, Size { x: longest - at, ..piece })
        } else if piece.y == longest {
            (Size { y: at, ..piece }, Size { y: longest - at, ..piece })
        } else {
            (Size { z: at, ..piece }, Size { z: longest - at, ..piece })
        };
        pieces.push(a);
        pieces.push(b);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_instances_fill_three_bins_exactly() {
        for instance in generate(&[50], 3, 7).into_iter().filter(|i| i.class == 9) {
            let volume: u64 = instance.boxes.iter().map(Load::volume).sum();
            assert_eq!(volume, 3 * instance.bin.volume(), "{}", instance.name);
            assert_eq!(instance.boxes.len(), 50);
        }
    }

    #[test]
    fn items_stay_inside_their_class_ranges_and_are_reproducible() {
        let a = generate(&[20], 2, 1);
        let b = generate(&[20], 2, 1);
        assert_eq!(a.len(), 9 * 2);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.boxes, y.boxes);
            assert!(x.boxes.iter().all(|l| l.unit.sorted_sides()[0] >= 1 && l.unit.within(x.bin)), "{}", x.name);
        }
        let c7 = a.iter().find(|i| i.class == 7).expect("class 7");
        assert!(c7.boxes.iter().all(|l| l.unit.sorted_sides()[2] <= 35));
    }
}
