//! The putaway engine's speed against a large warehouse: one recommendation and a
//! 50-item receiving batch against 50,000 bins filled to a spread of levels, per
//! strategy (engine only: the warehouse is in memory, as the server keeps it).

use std::fmt::Write as _;
use std::time::Instant;

use app::domain::putaway::{
    recommend, Bin, BinKind, BinSpace, Content, Item, Load, Size, StorageRule, Strategy, Support, Velocity, Warehouse,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Bins of the speed run.
pub const BINS: usize = 50_000;
const SINGLES: usize = 400;
const BATCHES: usize = 40;
const BATCH_SIZE: usize = 50;

fn random_load(rng: &mut ChaCha8Rng) -> Load {
    let side = |rng: &mut ChaCha8Rng, lo: u32, hi: u32| rng.random_range(lo..=hi);
    let unit = Size::new(side(rng, 100, 600), side(rng, 100, 400), side(rng, 50, 400));
    Load {
        unit,
        unit_weight_g: rng.random_range(200..20_000),
        count: rng.random_range(1..=8),
        upright_only: rng.random_bool(0.3),
        stackable: rng.random_bool(0.9),
    }
}

fn item(rng: &mut ChaCha8Rng) -> Item {
    let load = random_load(rng);
    Item {
        material: rng.random_range(1..=300),
        lot: None,
        load,
        box_name: "case".into(),
        pieces: load.count,
        velocity: Velocity::ALL[rng.random_range(0..3)],
        open_demand: rng.random_bool(0.05),
        affine: (0..2).map(|_| rng.random_range(1..=300)).collect(),
    }
}

/// 50,000 bins: pallet racks, shelves and floor lanes, a fifth empty, the rest filled
/// by the engine's own geometry to a spread of levels.
pub fn warehouse(seed: u64) -> Warehouse {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let bins = (0..BINS)
        .map(|i| {
            let (inner, max_kg, kind) = match i % 10 {
                0..=3 => (Size::new(1200, 1000, 1500), 1000, BinKind::PalletRack),
                4..=8 => (Size::new(600, 400, 400), 60, BinKind::Shelf),
                _ => (Size::new(2400, 1200, 2000), 3000, BinKind::Floor),
            };
            let mut space = BinSpace::empty(inner, max_kg * 1000);
            let mut contents = Vec::new();
            if rng.random_range(0..5) > 0 {
                let target = rng.random_range(0.1..0.95) * inner.volume() as f64;
                for _ in 0..6 {
                    if space.used_volume() as f64 >= target {
                        break;
                    }
                    let load = random_load(&mut rng);
                    if space.put(&load, Support::FULL).is_some() {
                        contents.push(Content { material: rng.random_range(1..=300), lot: None, pieces: load.count });
                    }
                }
            }
            Bin {
                id: i as i64,
                code: format!("B{i:05}"),
                zone: format!("Z{}", i % 4),
                aisle: format!("A{:03}", i / 250),
                kind,
                distance: (i / 250) as f64 * 5.0 + (i % 250) as f64 * 0.4,
                rule: if i % 7 == 0 { StorageRule::SameMaterial } else { StorageRule::Mixed },
                max_pieces: None,
                space,
                contents,
            }
        })
        .collect();
    Warehouse::new(bins)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// The speed table, per strategy: p50 / p95 of one recommendation and of a 50-item batch.
pub fn table(seed: u64) -> String {
    let started = Instant::now();
    let warehouse = warehouse(seed);
    let built = started.elapsed().as_secs_f64();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Putaway engine against {BINS} bins (built and indexed in {built:.1} s), {SINGLES} single items and {BATCHES} batches of {BATCH_SIZE}, ms\n"
    );
    let _ = writeln!(out, "| strategy | one item p50 | one item p95 | batch of 50 p50 | batch of 50 p95 | no bin fits |\n|---|---|---|---|---|---|");
    for strategy in Strategy::ALL {
        let mut rng = ChaCha8Rng::seed_from_u64(seed + 1);
        let mut refused = 0;
        let mut singles: Vec<f64> = (0..SINGLES)
            .map(|_| {
                let one = [item(&mut rng)];
                let started = Instant::now();
                let outcome = recommend(&warehouse, &one, strategy, Support::FULL);
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                refused += outcome.iter().filter(|o| matches!(o, app::domain::putaway::Outcome::NoFit { .. })).count();
                ms
            })
            .collect();
        let mut batches: Vec<f64> = (0..BATCHES)
            .map(|_| {
                let batch: Vec<Item> = (0..BATCH_SIZE).map(|_| item(&mut rng)).collect();
                let started = Instant::now();
                let _ = recommend(&warehouse, &batch, strategy, Support::FULL);
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        singles.sort_by(f64::total_cmp);
        batches.sort_by(f64::total_cmp);
        let _ = writeln!(
            out,
            "| {} | {:.3} | {:.3} | {:.2} | {:.2} | {refused} of {SINGLES} |",
            strategy.key(),
            percentile(&singles, 0.5),
            percentile(&singles, 0.95),
            percentile(&batches, 0.5),
            percentile(&batches, 0.95)
        );
    }
    out
}
