//! Recommendations for a receiving batch: per item the bin to put it in, the next two
//! alternatives, a confidence and a reason; or why no bin fits.
//!
//! Items are placed largest first (the "decreasing" of first- and best-fit decreasing),
//! each against the bins as the earlier items left them, and reported in the order
//! given. Alternatives are shown, not reserved: accepting one is checked again.
//!
//! Confidence says how directly the strategy's first wish is met, not a probability:
//! cross-dock for open demand 0.95, the same lot 0.9, the same material 0.85, an aisle
//! with materials issued together 0.6–0.9 (more such bins, higher), a velocity slot
//! 0.8 at the class's own place on the pick path falling to 0.3 at the far end, the
//! first bin on the path 0.7, and best fit 0.5 + half the share of the bin's free
//! volume the item fills. Whether people accept high-confidence recommendations more
//! often is what the dashboard's statistics then measure.

use super::batch::Batch;
use super::bin_space::{Block, Load, Support};
use super::explain;
use super::strategy::{order, Strategy, Why};
use super::warehouse::{Velocity, Warehouse};
use serde::{Deserialize, Serialize};

/// One line of a receiving batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub material: i64,
    pub lot: Option<String>,
    /// The boxes: units, or cases of units.
    pub load: Load,
    /// What one box is called in a reason ("case", "unit", "pallet").
    pub box_name: String,
    /// Pieces, for bins limited by piece count.
    pub pieces: u32,
    pub velocity: Velocity,
    /// Whether an open demand (an order waiting) exists for the material: cross-dock it.
    pub open_demand: bool,
    /// Materials often issued together with this one.
    pub affine: Vec<i64>,
}

/// A bin an item can go to, and exactly where in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// Index into the warehouse's bins.
    pub bin: usize,
    pub block: Block,
    pub why: Why,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    Placed { best: Choice, alternatives: Vec<Choice>, confidence: f64 },
    NoFit { message: String },
}

/// How many bins are offered per item: the recommendation and two alternatives.
const OFFERED: usize = 3;

/// Recommends a bin for every item of the batch (see the module doc).
pub fn recommend(warehouse: &Warehouse, items: &[Item], strategy: Strategy, support: Support) -> Vec<Outcome> {
    let mut batch = Batch::new(warehouse);
    let mut by_size: Vec<usize> = (0..items.len()).collect();
    by_size.sort_by_key(|&i| std::cmp::Reverse(items[i].load.volume()));
    let mut outcomes: Vec<Option<Outcome>> = vec![None; items.len()];
    for i in by_size {
        let item = &items[i];
        let mut offered = offers(&batch, item, strategy, support);
        let outcome = if offered.is_empty() {
            Outcome::NoFit { message: explain::no_fit(&batch, item) }
        } else {
            let best = offered.remove(0);
            let confidence = confidence(&best, &batch, item);
            batch.put(best.bin, best.block, item);
            Outcome::Placed { best, alternatives: offered, confidence }
        };
        outcomes[i] = Some(outcome);
    }
    outcomes.into_iter().map(|o| o.expect("every item was placed or refused")).collect()
}

/// Up to three bins the item fits in, in the strategy's order.
fn offers(batch: &Batch<'_>, item: &Item, strategy: Strategy, support: Support) -> Vec<Choice> {
    let mut seen = vec![0u64; batch.warehouse.bins.len().div_ceil(64)];
    let mut offered = Vec::with_capacity(OFFERED);
    if item.load.count == 0 {
        return offered;
    }
    for (bin, why) in order(batch, item, strategy) {
        let (word, bit) = (bin / 64, 1u64 << (bin % 64));
        if seen[word] & bit != 0 {
            continue;
        }
        seen[word] |= bit;
        if !batch.admits(bin, item) {
            continue;
        }
        if let Some(block) = batch.space(bin).fit(&item.load, support) {
            let reason = explain::reason(batch, bin, &block, &why, item);
            offered.push(Choice { bin, block, why, reason });
            if offered.len() == OFFERED {
                break;
            }
        }
    }
    offered
}

fn confidence(best: &Choice, batch: &Batch<'_>, item: &Item) -> f64 {
    let value = match &best.why {
        Why::CrossDock => 0.95,
        Why::SameLot => 0.9,
        Why::SameMaterial => 0.85,
        Why::Affinity { materials, .. } => 0.6 + 0.1 * (*materials).min(3) as f64,
        Why::Slot { class } => 0.8 - 0.5 * (batch.warehouse.rank[best.bin] - class.target_rank()).abs(),
        Why::Nearest => 0.7,
        Why::Tightest => {
            let free = batch.space(best.bin).free_volume().max(1);
            0.5 + 0.5 * (item.load.volume() as f64 / free as f64).min(1.0)
        }
    };
    value.clamp(0.0, 1.0)
}
