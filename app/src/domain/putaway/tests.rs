//! Known cases for the engine, and properties on random warehouses checked by the
//! independent checker.

use super::checker::{self, CheckedBin, Placement};
use super::packing::{checked_bin, checked_placement, large_box_bound, pack, PackingRule};
use super::strategy::Strategy as PutawayStrategy;
use super::{
    recommend, Bin, BinKind, BinSpace, Choice, Content, Item, Load, Outcome, Size, StorageRule, Support, Velocity,
    Warehouse, Why,
};
use proptest::prelude::*;

fn bin(id: i64, size: Size, distance: f64) -> Bin {
    Bin {
        id,
        code: format!("B{id:03}"),
        zone: "Z1".into(),
        aisle: format!("A{}", id % 3),
        kind: BinKind::Shelf,
        distance,
        rule: StorageRule::Mixed,
        max_pieces: None,
        space: BinSpace::empty(size, 500_000),
        contents: Vec::new(),
    }
}

fn item(material: i64, unit: Size, count: u32) -> Item {
    Item {
        material,
        lot: None,
        load: Load { unit, unit_weight_g: 1_000, count, upright_only: false, stackable: true },
        box_name: "case".into(),
        pieces: count,
        velocity: Velocity::A,
        open_demand: false,
        affine: Vec::new(),
    }
}

fn placed(outcome: &Outcome) -> &Choice {
    match outcome {
        Outcome::Placed { best, .. } => best,
        Outcome::NoFit { message } => panic!("expected a bin, got {message}"),
    }
}

/// The warehouse's blocks and the batch's chosen blocks, in the checker's terms.
fn as_checked(warehouse: &Warehouse, items: &[Item], outcomes: &[Outcome]) -> (Vec<CheckedBin>, Vec<Placement>) {
    let bins = warehouse.bins.iter().map(|b| checked_bin(b.space.inner, b.space.max_weight_g)).collect();
    let mut placements = Vec::new();
    for (index, b) in warehouse.bins.iter().enumerate() {
        for block in b.space.blocks() {
            let unit = Load {
                unit: block.turned,
                unit_weight_g: 0,
                count: block.count,
                upright_only: false,
                stackable: block.bears_load,
            };
            placements.push(Placement { weight_g: block.weight_g as i64, ..checked_placement(index, block, &unit) });
        }
    }
    for (item, outcome) in items.iter().zip(outcomes) {
        if let Outcome::Placed { best, .. } = outcome {
            placements.push(checked_placement(best.bin, &best.block, &item.load));
        }
    }
    (bins, placements)
}

#[test]
fn a_long_item_is_turned_into_a_deep_bin_and_the_shallow_one_is_passed_over() {
    let warehouse = Warehouse::new(vec![bin(1, Size::new(500, 500, 500), 1.0), bin(2, Size::new(1500, 400, 400), 9.0)]);
    let pipe = item(7, Size::new(300, 300, 1200), 1);
    let outcome = recommend(&warehouse, std::slice::from_ref(&pipe), PutawayStrategy::FirstFit, Support::FULL);
    let best = placed(&outcome[0]);
    assert_eq!(warehouse.bins[best.bin].id, 2);
    assert_eq!(best.block.turned.x, 1200, "lies along the bin's length");
}

#[test]
fn this_side_up_keeps_a_tall_item_out_of_a_low_bin() {
    let warehouse = Warehouse::new(vec![bin(1, Size::new(1500, 1500, 400), 1.0)]);
    let mut drum = item(7, Size::new(300, 300, 900), 1);
    drum.load.upright_only = true;
    let outcome = recommend(&warehouse, &[drum], PutawayStrategy::FirstFit, Support::FULL);
    let Outcome::NoFit { message } = &outcome[0] else { panic!("a 900 mm drum cannot stand in a 400 mm bin") };
    assert_eq!(message, "no bin fits: needs 81 l (0.3 × 0.3 × 0.9 m, 1 kg); the largest free space is 0.9 m³ but no bin has room in that shape, weight or storage rule");
}

#[test]
fn storage_rules_keep_other_materials_and_lots_out() {
    let mut same_lot = bin(1, Size::new(1000, 1000, 1000), 1.0);
    same_lot.rule = StorageRule::SameLot;
    same_lot.contents.push(Content { material: 7, lot: Some("L1".into()), pieces: 1 });
    let mut empty_only = bin(2, Size::new(1000, 1000, 1000), 2.0);
    empty_only.rule = StorageRule::EmptyOnly;
    empty_only.contents.push(Content { material: 8, lot: None, pieces: 1 });
    let open = bin(3, Size::new(1000, 1000, 1000), 3.0);
    let warehouse = Warehouse::new(vec![same_lot, empty_only, open]);
    let mut other_lot = item(7, Size::new(100, 100, 100), 1);
    other_lot.lot = Some("L2".into());
    let mut right_lot = other_lot.clone();
    right_lot.lot = Some("L1".into());
    let outcomes = recommend(&warehouse, &[other_lot, right_lot], PutawayStrategy::FirstFit, Support::FULL);
    assert_eq!(warehouse.bins[placed(&outcomes[0]).bin].id, 3);
    assert_eq!(warehouse.bins[placed(&outcomes[1]).bin].id, 1);
}

#[test]
fn two_items_never_both_take_the_last_space_of_a_bin() {
    let warehouse =
        Warehouse::new(vec![bin(1, Size::new(1000, 1000, 1000), 1.0), bin(2, Size::new(1000, 1000, 1000), 5.0)]);
    let half = Size::new(1000, 1000, 600);
    let items = [item(1, half, 1), item(2, half, 1)];
    let outcomes = recommend(&warehouse, &items, PutawayStrategy::FirstFit, Support::FULL);
    assert_ne!(placed(&outcomes[0]).bin, placed(&outcomes[1]).bin);
    let (bins, placements) = as_checked(&warehouse, &items, &outcomes);
    assert_eq!(checker::check(&bins, &placements, 1000), vec![]);
}

#[test]
fn consolidation_goes_where_the_material_is_and_says_so() {
    let far = bin(1, Size::new(1000, 1000, 1000), 50.0);
    let mut holding = bin(2, Size::new(1000, 1000, 1000), 90.0);
    holding.contents.push(Content { material: 7, lot: None, pieces: 4 });
    let warehouse = Warehouse::new(vec![far, holding]);
    let outcomes =
        recommend(&warehouse, &[item(7, Size::new(200, 200, 200), 3)], PutawayStrategy::Consolidation, Support::FULL);
    let Outcome::Placed { best, alternatives, confidence } = &outcomes[0] else { panic!("fits") };
    assert_eq!(warehouse.bins[best.bin].id, 2);
    assert_eq!(best.reason, "the same material is already here; room for 3 cases");
    assert_eq!(*confidence, 0.85);
    assert_eq!(alternatives.len(), 1, "the other bin, once");
}

#[test]
fn velocity_slotting_puts_a_items_near_and_c_items_far() {
    let bins = (0..10).map(|i| bin(i, Size::new(1000, 1000, 1000), i as f64)).collect();
    let warehouse = Warehouse::new(bins);
    let mut slow = item(2, Size::new(100, 100, 100), 1);
    slow.velocity = Velocity::C;
    let outcomes =
        recommend(&warehouse, &[item(1, Size::new(100, 100, 100), 1), slow], PutawayStrategy::Velocity, Support::FULL);
    assert_eq!(warehouse.bins[placed(&outcomes[0]).bin].id, 0);
    assert_eq!(warehouse.bins[placed(&outcomes[1]).bin].id, 9);
    assert!(placed(&outcomes[1]).reason.starts_with("C-class: 100 % along the pick path"));
}

#[test]
fn cross_dock_lanes_take_only_items_with_open_demand() {
    let mut lane = bin(1, Size::new(2000, 2000, 2000), 0.0);
    lane.kind = BinKind::CrossDock;
    let warehouse = Warehouse::new(vec![lane, bin(2, Size::new(1000, 1000, 1000), 10.0)]);
    let mut wanted = item(1, Size::new(100, 100, 100), 1);
    wanted.open_demand = true;
    let outcomes = recommend(
        &warehouse,
        &[item(2, Size::new(100, 100, 100), 1), wanted],
        PutawayStrategy::Standard,
        Support::FULL,
    );
    assert_eq!(warehouse.bins[placed(&outcomes[0]).bin].id, 2);
    assert_eq!(placed(&outcomes[1]).why, Why::CrossDock);
}

#[test]
fn a_piece_limit_is_honoured() {
    let mut counted = bin(1, Size::new(1000, 1000, 1000), 0.0);
    counted.max_pieces = Some(10);
    counted.contents.push(Content { material: 1, lot: None, pieces: 8 });
    let warehouse = Warehouse::new(vec![counted, bin(2, Size::new(1000, 1000, 1000), 5.0)]);
    let outcomes =
        recommend(&warehouse, &[item(1, Size::new(10, 10, 10), 3)], PutawayStrategy::FirstFit, Support::FULL);
    assert_eq!(warehouse.bins[placed(&outcomes[0]).bin].id, 2);
}

fn arb_size(max: u32) -> impl Strategy<Value = Size> {
    (1..=max, 1..=max, 1..=max).prop_map(|(x, y, z)| Size::new(x, y, z))
}

fn arb_load() -> impl Strategy<Value = Load> {
    (arb_size(600), 1u64..50_000, 1u32..6, any::<bool>(), any::<bool>()).prop_map(
        |(unit, unit_weight_g, count, upright_only, stackable)| Load {
            unit,
            unit_weight_g,
            count,
            upright_only,
            stackable,
        },
    )
}

fn arb_rule() -> impl Strategy<Value = StorageRule> {
    prop_oneof![
        Just(StorageRule::Mixed),
        Just(StorageRule::EmptyOnly),
        Just(StorageRule::SameMaterial),
        Just(StorageRule::SameLot)
    ]
}

fn arb_support() -> impl Strategy<Value = Support> {
    prop_oneof![Just(Support::FULL), Just(Support::NONE), (0u32..=1000).prop_map(|per_mille| Support { per_mille })]
}

/// Bins of random sizes, some already holding loads put in by the engine's own rules.
fn arb_warehouse() -> impl Strategy<Value = Warehouse> {
    let one = (
        arb_size(1500),
        10_000u64..400_000,
        arb_rule(),
        prop::collection::vec((arb_load(), 1i64..5), 0..4),
        0.0..100.0f64,
        any::<bool>(),
    );
    prop::collection::vec(one, 1..12).prop_map(|bins| {
        let bins = bins
            .into_iter()
            .enumerate()
            .map(|(i, (size, max_weight_g, rule, contents, distance, cross_dock))| {
                let mut b = bin(i as i64, size, distance);
                b.rule = rule;
                b.kind = if cross_dock && i % 4 == 0 { BinKind::CrossDock } else { BinKind::Shelf };
                b.space = BinSpace::empty(size, max_weight_g);
                for (load, material) in contents {
                    if b.space.put(&load, Support::FULL).is_some() {
                        b.contents.push(Content { material, lot: None, pieces: load.count });
                    }
                }
                b
            })
            .collect();
        Warehouse::new(bins)
    })
}

fn arb_items() -> impl Strategy<Value = Vec<Item>> {
    let one =
        (arb_load(), 1i64..5, prop::option::of(0u8..2), any::<bool>(), 0usize..3, prop::collection::vec(1i64..5, 0..2));
    prop::collection::vec(one, 1..10).prop_map(|items| {
        items
            .into_iter()
            .map(|(load, material, lot, open_demand, class, affine)| Item {
                material,
                lot: lot.map(|l| format!("L{l}")),
                load,
                box_name: "case".into(),
                pieces: load.count,
                velocity: Velocity::ALL[class],
                open_demand,
                affine,
            })
            .collect()
    })
}

fn arb_strategy() -> impl Strategy<Value = PutawayStrategy> {
    (0..PutawayStrategy::ALL.len()).prop_map(|i| PutawayStrategy::ALL[i])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// No recommendation exceeds a bin's sides in the turn used, its volume or its weight,
    /// and a batch never double-books space: the independent checker agrees.
    #[test]
    fn every_batch_of_recommendations_passes_the_checker(
        warehouse in arb_warehouse(), items in arb_items(), strategy in arb_strategy(), support in arb_support()
    ) {
        let outcomes = recommend(&warehouse, &items, strategy, support);
        let (bins, placements) = as_checked(&warehouse, &items, &outcomes);
        prop_assert_eq!(checker::check(&bins, &placements, support.per_mille as i64), vec![]);
        for (item, outcome) in items.iter().zip(&outcomes) {
            if let Outcome::Placed { best, alternatives, confidence } = outcome {
                prop_assert!((0.0..=1.0).contains(confidence));
                prop_assert!(alternatives.iter().all(|a| a.bin != best.bin) && alternatives.len() <= 2);
                let b = &warehouse.bins[best.bin];
                prop_assert!(b.kind != BinKind::CrossDock || item.open_demand);
            }
        }
    }

    /// Storage rules hold against what the bin held before and what the batch put in before.
    #[test]
    fn storage_rules_hold_across_the_batch(warehouse in arb_warehouse(), items in arb_items(), strategy in arb_strategy()) {
        let outcomes = recommend(&warehouse, &items, strategy, Support::FULL);
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(items[i].load.volume()));
        let mut held: Vec<Vec<(i64, Option<String>)>> =
            warehouse.bins.iter().map(|b| b.contents.iter().map(|c| (c.material, c.lot.clone())).collect()).collect();
        for i in order {
            if let Outcome::Placed { best, .. } = &outcomes[i] {
                let there = &held[best.bin];
                let ok = match warehouse.bins[best.bin].rule {
                    StorageRule::Mixed => true,
                    StorageRule::EmptyOnly => there.is_empty(),
                    StorageRule::SameMaterial => there.iter().all(|(m, _)| *m == items[i].material),
                    StorageRule::SameLot => there.iter().all(|(m, l)| *m == items[i].material && *l == items[i].lot),
                };
                prop_assert!(ok, "{:?} broken by item {}", warehouse.bins[best.bin].rule, i);
                held[best.bin].push((items[i].material, items[i].lot.clone()));
            }
        }
    }

    /// One box against empty, open bins is refused only when no bin could hold it in any turn.
    #[test]
    fn a_single_box_is_refused_only_when_it_fits_no_empty_bin(sizes in prop::collection::vec(arb_size(1500), 1..6), unit in arb_size(1600)) {
        let warehouse = Warehouse::new(sizes.iter().enumerate().map(|(i, &s)| bin(i as i64, s, i as f64)).collect());
        let outcome = &recommend(&warehouse, &[item(1, unit, 1)], PutawayStrategy::FirstFit, Support::FULL)[0];
        let fits_somewhere = sizes.iter().any(|s| {
            let (a, b) = (unit.sorted_sides(), s.sorted_sides());
            a[0] <= b[0] && a[1] <= b[1] && a[2] <= b[2]
        });
        prop_assert_eq!(matches!(outcome, Outcome::Placed { .. }), fits_somewhere);
    }

    /// Packing never overfills, never uses fewer bins than the bound, and leaves out only boxes larger than a bin.
    #[test]
    fn packings_pass_the_checker_and_respect_the_bound(units in prop::collection::vec(arb_size(100), 1..60), support in arb_support()) {
        let bin_size = Size::new(100, 100, 100);
        let boxes: Vec<Load> = units.iter().map(|&unit| Load { unit, unit_weight_g: 1, count: 1, upright_only: false, stackable: true }).collect();
        for rule in PackingRule::ALL {
            let packing = pack(&boxes, bin_size, u64::MAX, rule, support);
            let (bins, placements) = packing.checked(&boxes);
            prop_assert_eq!(checker::check(&bins, &placements, support.per_mille as i64), vec![]);
            prop_assert!(packing.placed.iter().all(Option::is_some));
            prop_assert!(packing.bins_used() >= large_box_bound(&boxes, bin_size));
        }
    }
}
