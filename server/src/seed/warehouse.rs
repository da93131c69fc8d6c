//! The demo warehouse: materials with unit and case dimensions (a few deliberately
//! without dimensions or weight, for the data-quality view), bins in racks, shelves,
//! floor lanes and cross-dock lanes of both facilities, filled by the putaway engine's
//! own geometry (so every recorded block is one the engine could have placed), and
//! with history 90 days of putaway recommendations with accept / reject / override
//! decisions.
//!
//! With history (`make run`): 320 materials and 1,040 bins per facility. Without (the
//! tests): 40 materials and 60 bins per facility, the same shapes.

use app::domain::putaway::bin_space::BinSpace;
use app::domain::putaway::Size;
use app::warehouse::receiving::packed_as::{load_of, MaterialPacking};
use chrono::Utc;
use rand::Rng;
use sea_orm::sea_query::{Alias, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::tenants::DemoTenant;
use super::SeedCtx;
use app::db::scope::TenantId;
use app::warehouse::receiving::store::{placement_values, NewPlacement, PLACEMENT_COLUMNS, SUPPORT};

/// A kind of material: name, unit, unit sides (mm) ranges, unit kg range, units per case, this side up.
struct Family {
    name: &'static str,
    unit: &'static str,
    sides: [(f64, f64); 3],
    kg: (f64, f64),
    per_case: Option<i64>,
    upright: bool,
}

const FAMILIES: [Family; 5] = [
    Family {
        name: "Paper ream",
        unit: "box",
        sides: [(297.0, 320.0), (210.0, 230.0), (50.0, 60.0)],
        kg: (2.4, 2.6),
        per_case: Some(5),
        upright: false,
    },
    Family {
        name: "Ink can",
        unit: "l",
        sides: [(180.0, 220.0), (180.0, 220.0), (200.0, 260.0)],
        kg: (1.0, 2.5),
        per_case: Some(4),
        upright: true,
    },
    Family {
        name: "Carton blank",
        unit: "pcs",
        sides: [(400.0, 800.0), (300.0, 600.0), (5.0, 15.0)],
        kg: (0.1, 0.4),
        per_case: Some(50),
        upright: false,
    },
    Family {
        name: "Paper reel",
        unit: "roll",
        sides: [(700.0, 1000.0), (700.0, 1000.0), (600.0, 1400.0)],
        kg: (150.0, 400.0),
        per_case: None,
        upright: true,
    },
    Family {
        name: "Spare part",
        unit: "pcs",
        sides: [(40.0, 300.0), (30.0, 200.0), (20.0, 150.0)],
        kg: (0.05, 6.0),
        per_case: None,
        upright: false,
    },
];

/// A kind of bin: zone, kind, inner sides (mm), max kg, storage rule, levels, bins per aisle and level.
struct BinType {
    zone: &'static str,
    kind: &'static str,
    sides: [f64; 3],
    max_kg: f64,
    rule: &'static str,
    levels: u32,
}

const BIN_TYPES: [BinType; 4] = [
    BinType {
        zone: "RACK",
        kind: "pallet_rack",
        sides: [1200.0, 1000.0, 1500.0],
        max_kg: 1000.0,
        rule: "same_material",
        levels: 4,
    },
    BinType { zone: "SHELF", kind: "shelf", sides: [600.0, 400.0, 400.0], max_kg: 60.0, rule: "mixed", levels: 5 },
    BinType {
        zone: "FLOOR",
        kind: "floor",
        sides: [2400.0, 1200.0, 2000.0],
        max_kg: 3000.0,
        rule: "empty_only",
        levels: 1,
    },
    BinType {
        zone: "XDOCK",
        kind: "cross_dock",
        sides: [2400.0, 1200.0, 2000.0],
        max_kg: 3000.0,
        rule: "mixed",
        levels: 1,
    },
];

struct WarehouseSize {
    materials: usize,
    /// Aisles per zone (RACK, SHELF, FLOOR, XDOCK) and bins per aisle and level.
    aisles: [u32; 4],
    per_aisle: u32,
}

fn size_of(ctx: &SeedCtx) -> WarehouseSize {
    if ctx.history_days > 0 {
        WarehouseSize { materials: 320, aisles: [8, 8, 2, 1], per_aisle: 20 }
    } else {
        WarehouseSize { materials: 40, aisles: [1, 1, 1, 1], per_aisle: 4 }
    }
}

struct SeededMaterial {
    id: i64,
    packing: MaterialPacking,
}

pub async fn seed(db: &impl ConnectionTrait, ctx: &mut SeedCtx, demo: &DemoTenant) -> Result<(), DbErr> {
    let size = size_of(ctx);
    let materials = materials(db, ctx, demo, size.materials).await?;
    let mut bins = 0;
    let mut placements = 0;
    for &facility in &demo.facility_ids {
        let facility_bins = bin_locations(db, ctx, demo, facility, &size).await?;
        bins += facility_bins.len();
        placements += fill(db, ctx, demo, &facility_bins, &materials).await?;
        if ctx.history_days > 0 {
            history(db, ctx, demo, facility, &facility_bins, &materials).await?;
        }
    }
    let unmeasured = materials.iter().filter(|m| load_of(&m.packing, 1).is_err()).count();
    ctx.summary.push(format!(
        "{} materials ({unmeasured} without dimensions or weight), {bins} bins holding {placements} placements",
        materials.len()
    ));
    Ok(())
}

async fn materials(
    db: &impl ConnectionTrait,
    ctx: &mut SeedCtx,
    demo: &DemoTenant,
    count: usize,
) -> Result<Vec<SeededMaterial>, DbErr> {
    let now = Utc::now();
    let mut seeded = Vec::with_capacity(count);
    for n in 0..count {
        let family = &FAMILIES[n % FAMILIES.len()];
        let rng = &mut ctx.rng;
        let mut sides = family.sides.map(|(lo, hi)| rng.random_range(lo..=hi).round());
        let mut kg = (rng.random_range(family.kg.0..=family.kg.1) * 100.0_f64).round() / 100.0;
        // Data quality: every 53rd material lacks a dimension, every 71st its weight.
        if n % 53 == 52 {
            sides[2] = 0.0;
        }
        if n % 71 == 70 {
            kg = 0.0;
        }
        let velocity = match rng.random_range(0..10) {
            0..=1 => "A",
            2..=4 => "B",
            _ => "C",
        };
        let case = family.per_case.map(|per| {
            let [l, w, h] = sides;
            ([l * 2.0 + 10.0, w + 10.0, h * (per as f64 / 2.0).ceil() + 10.0], per)
        });
        let code = format!("MAT-{:04}", n + 1);
        let name = format!("{} {}", family.name, n + 1);
        let values: Vec<SimpleExpr> = vec![
            demo.tenant_id.into(),
            code.clone().into(),
            name.into(),
            family.unit.into(),
            sides[0].into(),
            sides[1].into(),
            sides[2].into(),
            kg.into(),
            rng.random_range(3..=21i64).into(),
            0.95.into(),
            rng.random_range(40.0..=160.0f64).round().into(),
            0.25.into(),
            0.0.into(),
            1.0.into(),
            case.map(|(c, _)| c[0]).into(),
            case.map(|(c, _)| c[1]).into(),
            case.map(|(c, _)| c[2]).into(),
            Option::<f64>::None.into(),
            case.map(|(_, per)| per).into(),
            family.upright.into(),
            (family.name != "Carton blank" || n % 2 == 0).into(),
            velocity.into(),
            now.into(),
        ];
        let columns = [
            "tenant_id",
            "code",
            "name",
            "unit",
            "unit_length_mm",
            "unit_width_mm",
            "unit_height_mm",
            "unit_weight_kg",
            "lead_time_days",
            "service_level",
            "order_cost",
            "holding_cost_rate",
            "min_order_qty",
            "order_multiple",
            "case_length_mm",
            "case_width_mm",
            "case_height_mm",
            "case_weight_kg",
            "units_per_case",
            "this_side_up",
            "stackable",
            "velocity_class",
            "updated_at",
        ];
        let insert = Query::insert()
            .into_table(Alias::new("materials"))
            .columns(columns.map(Alias::new))
            .values_panic(values)
            .returning_col(Alias::new("id"))
            .to_owned();
        let row = db.query_one(&insert).await?.ok_or_else(|| DbErr::Custom("no id for a new material".into()))?;
        let packing = MaterialPacking {
            code,
            unit_mm: sides,
            unit_kg: kg,
            case_mm: case.map(|(c, _)| c),
            case_kg: None,
            units_per_case: case.map(|(_, per)| per),
            this_side_up: family.upright,
            stackable: family.name != "Carton blank" || n % 2 == 0,
        };
        seeded.push(SeededMaterial { id: row.try_get("", "id")?, packing });
    }
    Ok(seeded)
}

/// A bin as seeded: its id, type and empty space.
struct SeededBin {
    id: i64,
    kind: &'static str,
    rule: &'static str,
    space: BinSpace,
}

async fn bin_locations(
    db: &impl ConnectionTrait,
    ctx: &mut SeedCtx,
    demo: &DemoTenant,
    facility: i64,
    size: &WarehouseSize,
) -> Result<Vec<SeededBin>, DbErr> {
    let now = Utc::now();
    let mut bins = Vec::new();
    let mut aisle_number = 0;
    for (bin_type, &aisles) in BIN_TYPES.iter().zip(&size.aisles) {
        for _ in 0..aisles {
            aisle_number += 1;
            let aisle = format!("A{aisle_number:02}");
            let per_aisle = if bin_type.kind == "cross_dock" { 4 } else { size.per_aisle };
            for position in 0..per_aisle {
                for level in 0..bin_type.levels {
                    let site = demo.facility_ids.iter().position(|&f| f == facility).unwrap_or(0) + 1;
                    let code = format!("F{site}-{}-{aisle}-{:02}-{level}", bin_type.zone, position + 1);
                    let distance = if bin_type.kind == "cross_dock" {
                        2.0 + position as f64
                    } else {
                        aisle_number as f64 * 6.0
                            + position as f64 * 1.3
                            + level as f64 * 2.5
                            + ctx.rng.random_range(0.0..0.5)
                    };
                    let values: Vec<SimpleExpr> = vec![
                        demo.tenant_id.into(),
                        facility.into(),
                        code.into(),
                        bin_type.zone.into(),
                        bin_type.sides[0].into(),
                        bin_type.sides[1].into(),
                        bin_type.sides[2].into(),
                        bin_type.max_kg.into(),
                        aisle.clone().into(),
                        bin_type.kind.into(),
                        (level as i64).into(),
                        ((distance * 10.0).round() / 10.0).into(),
                        bin_type.rule.into(),
                        now.into(),
                    ];
                    let columns = [
                        "tenant_id",
                        "facility_id",
                        "code",
                        "zone",
                        "length_mm",
                        "width_mm",
                        "height_mm",
                        "max_weight_kg",
                        "aisle",
                        "kind",
                        "level",
                        "distance_m",
                        "storage_rule",
                        "updated_at",
                    ];
                    let insert = Query::insert()
                        .into_table(Alias::new("bin_locations"))
                        .columns(columns.map(Alias::new))
                        .values_panic(values)
                        .returning_col(Alias::new("id"))
                        .to_owned();
                    let row =
                        db.query_one(&insert).await?.ok_or_else(|| DbErr::Custom("no id for a new bin".into()))?;
                    let inner =
                        Size::of_bin_mm(bin_type.sides[0], bin_type.sides[1], bin_type.sides[2]).expect("seeded sides");
                    bins.push(SeededBin {
                        id: row.try_get("", "id")?,
                        kind: bin_type.kind,
                        rule: bin_type.rule,
                        space: BinSpace::empty(inner, (bin_type.max_kg * 1000.0) as u64),
                    });
                }
            }
        }
    }
    Ok(bins)
}

/// Fills the bins to a spread of levels (a fifth empty, some nearly full) by putting
/// loads of materials in with the engine's geometry; returns the placements made.
async fn fill(
    db: &impl ConnectionTrait,
    ctx: &mut SeedCtx,
    demo: &DemoTenant,
    bins: &[SeededBin],
    materials: &[SeededMaterial],
) -> Result<usize, DbErr> {
    let since = Utc::now().timestamp_millis() - 30 * 86_400_000;
    let packable: Vec<&SeededMaterial> = materials.iter().filter(|m| load_of(&m.packing, 1).is_ok()).collect();
    let mut rows: Vec<Vec<Value>> = Vec::new();
    for bin in bins {
        if bin.kind == "cross_dock" || ctx.rng.random_range(0..5) == 0 {
            continue;
        }
        let mut space = bin.space.clone();
        let target = ctx.rng.random_range(0.15..0.98) * space.inner.volume() as f64;
        let single = bin.rule != "mixed";
        let mut material = packable[ctx.rng.random_range(0..packable.len())];
        for _ in 0..12 {
            if space.used_volume() as f64 >= target {
                break;
            }
            if !single {
                material = packable[ctx.rng.random_range(0..packable.len())];
            }
            let pieces = ctx.rng.random_range(1..=40u32);
            let Ok((load, _)) = load_of(&material.packing, pieces) else { continue };
            let Some(block) = space.put(&load, SUPPORT) else { continue };
            let lot = format!("L{}", ctx.rng.random_range(1000..9999));
            let placement = NewPlacement {
                bin: bin.id,
                material: material.id,
                lot: Some(&lot),
                pieces,
                block: &block,
                since_ms: since,
            };
            rows.push(placement_values(TenantId(demo.tenant_id), &placement));
        }
    }
    let count = rows.len();
    for chunk in rows.chunks(300) {
        let mut insert = Query::insert();
        insert.into_table(Alias::new("placements")).columns(PLACEMENT_COLUMNS.map(Alias::new));
        for row in chunk {
            insert.values_panic(row.iter().cloned().map(SimpleExpr::from));
        }
        db.execute(&insert).await?;
    }
    Ok(count)
}

/// Reasons the engine gave, as history shows them.
const HISTORY_REASONS: [&str; 3] = [
    "the same material is already here; room for 2 cases",
    "A-class: 4 % along the pick path, as near as there is room; room for 1 unit",
    "the fullest bin it fits in: 12 % stays free; room for 6 cases",
];

/// Reasons people gave for rejecting or overriding a recommendation.
const OVERRIDE_REASONS: [&str; 4] = [
    "bin blocked by a pallet",
    "closer to the press that uses it",
    "keep the lot together",
    "forklift cannot reach that level",
];
const REJECT_REASONS: [&str; 3] = ["goods go straight to production", "damaged on arrival", "wrong delivery"];

/// 90 days of recommendations with their decisions, about 12 a day per facility.
async fn history(
    db: &impl ConnectionTrait,
    ctx: &mut SeedCtx,
    demo: &DemoTenant,
    facility: i64,
    bins: &[SeededBin],
    materials: &[SeededMaterial],
) -> Result<(), DbErr> {
    let now = Utc::now().timestamp_millis();
    let usable: Vec<&SeededBin> = bins.iter().filter(|b| b.kind != "cross_dock").collect();
    let mut rows: Vec<Vec<SimpleExpr>> = Vec::new();
    for day in (1..=90i64).rev() {
        for k in 0..12 {
            let rng = &mut ctx.rng;
            let at = now - day * 86_400_000 + rng.random_range(6..18) * 3_600_000 + rng.random_range(0..3_600_000);
            let material = &materials[rng.random_range(0..materials.len())];
            let bin = usable[rng.random_range(0..usable.len())];
            let other = usable[rng.random_range(0..usable.len())];
            let strategy = if k % 5 == 0 { "best_fit" } else { "standard" };
            let confidence: f64 = (rng.random_range(0.3..1.0f64) * 100.0).round() / 100.0;
            // Higher confidence is accepted more often (what the statistics should find).
            let draw: f64 = rng.random_range(0.0..1.0);
            let (status, reason, final_bin) = if draw < 0.45 + 0.45 * confidence {
                ("ACCEPTED", None, Some(bin.id))
            } else if draw < 0.93 {
                ("OVERRIDDEN", Some(OVERRIDE_REASONS[rng.random_range(0..OVERRIDE_REASONS.len())]), Some(other.id))
            } else {
                ("REJECTED", Some(REJECT_REASONS[rng.random_range(0..REJECT_REASONS.len())]), None)
            };
            rows.push(vec![
                demo.tenant_id.into(),
                facility.into(),
                format!("seed-{facility}-{day}").into(),
                (k as i64).into(),
                material.id.into(),
                Option::<String>::None.into(),
                (rng.random_range(1..=40) as i64).into(),
                bin.id.into(),
                strategy.into(),
                confidence.into(),
                HISTORY_REASONS[k % HISTORY_REASONS.len()].into(),
                "[]".into(),
                "{}".into(),
                status.into(),
                final_bin.into(),
                reason.map(str::to_string).into(),
                (at + 120_000).into(),
                at.into(),
            ]);
        }
    }
    let columns = [
        "tenant_id",
        "facility_id",
        "batch_key",
        "line",
        "material_id",
        "lot",
        "pieces",
        "bin_id",
        "strategy",
        "confidence",
        "reason",
        "alternatives",
        "block",
        "status",
        "final_bin_id",
        "decision_reason",
        "decided_ms",
        "created_ms",
    ];
    for chunk in rows.chunks(200) {
        let mut insert = Query::insert();
        insert.into_table(Alias::new("putaway_recommendations")).columns(columns.map(Alias::new));
        for row in chunk {
            insert.values_panic(row.iter().cloned());
        }
        db.execute(&insert).await?;
    }
    Ok(())
}
