//! A facility's bins with their contents, and the orders the strategies walk them in,
//! sorted once when the warehouse is built so that a recommendation never sorts
//! 50,000 bins again.

use super::bin_space::BinSpace;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Which contents a bin accepts (as Odoo's storage categories allow per location).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StorageRule {
    /// Only into an empty bin.
    EmptyOnly,
    /// Empty, or holding only the same material.
    SameMaterial,
    /// Empty, or holding only the same material of the same lot.
    SameLot,
    Mixed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinKind {
    PalletRack,
    Shelf,
    Floor,
    /// A staging lane for goods that leave again at once; used only for items with open demand.
    CrossDock,
}

/// ABC class by how often a material is issued.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Velocity {
    A,
    B,
    C,
}

impl Velocity {
    pub const ALL: [Velocity; 3] = [Velocity::A, Velocity::B, Velocity::C];

    /// Where in the pick path (0 = nearest bin, 1 = farthest) this class belongs.
    pub fn target_rank(self) -> f64 {
        match self {
            Velocity::A => 0.0,
            Velocity::B => 0.5,
            Velocity::C => 1.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Velocity::A => "A",
            Velocity::B => "B",
            Velocity::C => "C",
        }
    }
}

/// What a bin holds of one material and lot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Content {
    pub material: i64,
    pub lot: Option<String>,
    pub pieces: u32,
}

/// A bin and what is in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bin {
    pub id: i64,
    pub code: String,
    pub zone: String,
    pub aisle: String,
    pub kind: BinKind,
    /// Metres along the pick path from the pick face (or the pick sequence); smaller is nearer.
    pub distance: f64,
    pub rule: StorageRule,
    /// A piece-count limit, where the tenant counts capacity that way.
    pub max_pieces: Option<u32>,
    pub space: BinSpace,
    pub contents: Vec<Content>,
}

impl Bin {
    pub fn pieces(&self) -> u64 {
        self.contents.iter().map(|c| c.pieces as u64).sum()
    }
}

/// The bins of one facility, indexed for the strategies.
#[derive(Clone, Debug)]
pub struct Warehouse {
    pub bins: Vec<Bin>,
    /// Each bin's place on the pick path, 0 (nearest) to 1 (farthest).
    pub rank: Vec<f64>,
    /// Bins nearest first.
    pub nearest_first: Vec<usize>,
    /// Per velocity class (as in `Velocity::ALL`): bins nearest to that class's place first.
    pub by_velocity: [Vec<usize>; 3],
    /// Bins with the least free volume first.
    pub fullest_first: Vec<usize>,
    /// Cross-dock bins, nearest first.
    pub cross_dock: Vec<usize>,
    /// Bins holding each material.
    pub holding: HashMap<i64, Vec<usize>>,
    /// Aisle of each bin (an index into `aisles`).
    pub aisle_of: Vec<usize>,
    pub aisles: Vec<Aisle>,
}

/// One aisle: its name, its bins nearest first, and how many bins hold each material.
#[derive(Clone, Debug, PartialEq)]
pub struct Aisle {
    pub name: String,
    pub bins: Vec<usize>,
    pub materials: HashMap<i64, u32>,
}

impl Warehouse {
    pub fn new(bins: Vec<Bin>) -> Warehouse {
        let n = bins.len();
        let mut nearest_first: Vec<usize> = (0..n).collect();
        nearest_first.sort_by(|&a, &b| bins[a].distance.total_cmp(&bins[b].distance).then(a.cmp(&b)));
        let mut rank = vec![0.0; n];
        for (place, &bin) in nearest_first.iter().enumerate() {
            rank[bin] = if n > 1 { place as f64 / (n - 1) as f64 } else { 0.0 };
        }
        let by_velocity = Velocity::ALL.map(|class| {
            let mut order = nearest_first.clone();
            let target = class.target_rank();
            order.sort_by(|&a, &b| (rank[a] - target).abs().total_cmp(&(rank[b] - target).abs()));
            order
        });
        let mut fullest_first: Vec<usize> = (0..n).collect();
        fullest_first.sort_by_key(|&b| (bins[b].space.free_volume(), b));
        let cross_dock = nearest_first.iter().copied().filter(|&b| bins[b].kind == BinKind::CrossDock).collect();
        let mut holding: HashMap<i64, Vec<usize>> = HashMap::new();
        let mut aisle_index: HashMap<&str, usize> = HashMap::new();
        let mut aisles: Vec<Aisle> = Vec::new();
        let mut aisle_of = vec![0; n];
        for &b in &nearest_first {
            let bin = &bins[b];
            let a = *aisle_index.entry(bin.aisle.as_str()).or_insert_with(|| {
                aisles.push(Aisle { name: bin.aisle.clone(), bins: Vec::new(), materials: HashMap::new() });
                aisles.len() - 1
            });
            aisle_of[b] = a;
            aisles[a].bins.push(b);
            for content in &bin.contents {
                let held = holding.entry(content.material).or_default();
                if held.last() != Some(&b) {
                    held.push(b);
                }
                *aisles[a].materials.entry(content.material).or_default() += 1;
            }
        }
        Warehouse { bins, rank, nearest_first, by_velocity, fullest_first, cross_dock, holding, aisle_of, aisles }
    }

    pub fn velocity_order(&self, class: Velocity) -> &[usize] {
        &self.by_velocity[Velocity::ALL.iter().position(|&c| c == class).expect("every class is listed")]
    }
}
