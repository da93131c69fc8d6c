//! The sentences a person reads beside a recommendation, or instead of one.

use super::batch::Batch;
use super::bin_space::Block;
use super::recommend::Item;
use super::strategy::Why;
use super::warehouse::Velocity;

/// "A-class: 3 % along the pick path, as near as there is room; room for 3 cases; the same material is already there".
pub fn reason(batch: &Batch<'_>, bin: usize, block: &Block, why: &Why, item: &Item) -> String {
    let room = format!("room for {}", boxes(block.count, &item.box_name));
    let along = (batch.warehouse.rank[bin] * 100.0).round();
    let lead = match why {
        Why::CrossDock => "open demand for this material: the cross-dock lane".to_string(),
        Why::SameLot => format!("lot {} of this material is already here", item.lot.as_deref().unwrap_or_default()),
        Why::SameMaterial => "the same material is already here".to_string(),
        Why::Affinity { aisle, materials } => {
            format!(
                "aisle {aisle} holds {} of materials issued together with this one",
                plural(*materials as u64, "bin")
            )
        }
        Why::Slot { class: Velocity::A } => format!("A-class: {along} % along the pick path, as near as there is room"),
        Why::Slot { class: Velocity::B } => {
            format!("B-class: {along} % along the pick path, leaving the nearest bins to A items")
        }
        Why::Slot { class: Velocity::C } => {
            format!("C-class: {along} % along the pick path, leaving near bins to faster movers")
        }
        Why::Nearest => "the first bin on the pick path with room".to_string(),
        Why::Tightest => {
            let left = batch.space(bin).free_volume() - block.space.size.volume();
            let share = 100.0 * left as f64 / batch.space(bin).inner.volume() as f64;
            format!("the fullest bin it fits in: {share:.0} % stays free")
        }
    };
    let already =
        !matches!(why, Why::SameLot | Why::SameMaterial) && batch.contents(bin).any(|c| c.material == item.material);
    if already {
        format!("{lead}; {room}; the same material is already there")
    } else {
        format!("{lead}; {room}")
    }
}

/// "no bin fits: needs 1.2 m³ (0.8 × 1.2 × 1.25 m, 310 kg); the largest free space is 0.8 m³".
pub fn no_fit(batch: &Batch<'_>, item: &Item) -> String {
    let load = &item.load;
    if load.count == 0 {
        return "nothing to put away: the quantity is 0".to_string();
    }
    let unit = load.unit;
    let sides = format!("{} × {} × {} m", metres(unit.x), metres(unit.y), metres(unit.z));
    let shape = if load.count == 1 { sides } else { format!("{} × {sides}", load.count) };
    let kg = load.weight_g() as f64 / 1000.0;
    let largest = (0..batch.warehouse.bins.len()).map(|b| batch.space(b).free_volume()).max().unwrap_or(0);
    let tail = if largest >= load.volume() {
        format!(
            "the largest free space is {} but no bin has room in that shape, weight or storage rule",
            cubic(largest)
        )
    } else {
        format!("the largest free space is {}", cubic(largest))
    };
    format!("no bin fits: needs {} ({shape}, {kg:.0} kg); {tail}", cubic(load.volume()))
}

fn boxes(count: u32, name: &str) -> String {
    plural(count as u64, name)
}

fn plural(n: u64, name: &str) -> String {
    if n == 1 {
        format!("1 {name}")
    } else {
        format!("{n} {name}s")
    }
}

/// Millimetres as metres, without trailing zeros: 1250 → "1.25".
fn metres(mm: u32) -> String {
    let text = format!("{:.3}", mm as f64 / 1000.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Cubic millimetres as cubic metres to one decimal, or as litres below 0.1 m³.
fn cubic(mm3: u64) -> String {
    let m3 = mm3 as f64 / 1e9;
    if m3 >= 0.1 {
        format!("{m3:.1} m³")
    } else {
        format!("{:.0} l", m3 * 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_volumes_read_as_people_write_them() {
        assert_eq!(metres(1250), "1.25");
        assert_eq!(metres(800), "0.8");
        assert_eq!(metres(2000), "2");
        assert_eq!(cubic(1_200_000_000), "1.2 m³");
        assert_eq!(cubic(24_000_000), "24 l");
        assert_eq!(boxes(3, "case"), "3 cases");
        assert_eq!(boxes(1, "pallet"), "1 pallet");
    }
}
