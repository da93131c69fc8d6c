//! The tables behind receiving: a facility's bins with what stands in them (as the
//! engine's `Warehouse`), materials' packing data, recommendations and their
//! decisions, placements and capacity failures. Every statement is scoped to the
//! caller's tenant; writes run in the caller's one transaction.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, QueryResult, Statement, Value};

use super::model::BinRef;
use super::packed_as::{load_of, MaterialPacking};
use crate::db::scope::{TenantId, WriteTx};
use crate::domain::putaway::{
    Bin, BinKind, BinSpace, Block, Content, Cuboid, Point, Size, StorageRule, Support, Velocity, Warehouse,
};

/// The support rule of every putaway: whole base resting on something.
pub const SUPPORT: Support = Support::FULL;

async fn rows(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await
}

async fn execute(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await.map(|_| ())
}

/// The facility's id and time zone, if it is the tenant's.
pub async fn facility_exists(db: &impl ConnectionTrait, tenant: TenantId, facility: i64) -> Result<bool, DbErr> {
    let found =
        rows(db, "SELECT id FROM facilities WHERE tenant_id = $1 AND id = $2", vec![tenant.0.into(), facility.into()])
            .await?;
    Ok(!found.is_empty())
}

const MATERIAL_COLUMNS: &str = "m.id AS material_id, m.code AS material_code, m.unit_length_mm, m.unit_width_mm,
    m.unit_height_mm, m.unit_weight_kg, m.case_length_mm, m.case_width_mm, m.case_height_mm, m.case_weight_kg,
    m.units_per_case, m.this_side_up, m.stackable, m.velocity_class";

/// A material's packing data and velocity class.
#[derive(Clone, Debug)]
pub struct MaterialRow {
    pub id: i64,
    pub packing: MaterialPacking,
    pub velocity: Velocity,
}

fn material_of(row: &QueryResult) -> Result<MaterialRow, DbErr> {
    let get = |name: &str| row.try_get::<f64>("", name);
    let case = match (
        row.try_get::<Option<f64>>("", "case_length_mm")?,
        row.try_get::<Option<f64>>("", "case_width_mm")?,
        row.try_get::<Option<f64>>("", "case_height_mm")?,
    ) {
        (Some(l), Some(w), Some(h)) => Some([l, w, h]),
        _ => None,
    };
    let velocity = match row.try_get::<Option<String>>("", "velocity_class")?.as_deref() {
        Some("A") => Velocity::A,
        Some("C") => Velocity::C,
        _ => Velocity::B,
    };
    Ok(MaterialRow {
        id: row.try_get("", "material_id")?,
        packing: MaterialPacking {
            code: row.try_get("", "material_code")?,
            unit_mm: [get("unit_length_mm")?, get("unit_width_mm")?, get("unit_height_mm")?],
            unit_kg: get("unit_weight_kg")?,
            case_mm: case,
            case_kg: row.try_get("", "case_weight_kg")?,
            units_per_case: row.try_get("", "units_per_case")?,
            this_side_up: row.try_get("", "this_side_up")?,
            stackable: row.try_get("", "stackable")?,
        },
        velocity,
    })
}

/// The tenant's materials with these codes, by code.
pub async fn materials_by_code(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    codes: &[String],
) -> Result<HashMap<String, MaterialRow>, DbErr> {
    let mut found = HashMap::new();
    for code in codes {
        if found.contains_key(code) {
            continue;
        }
        let sql = format!("SELECT {MATERIAL_COLUMNS} FROM materials m WHERE m.tenant_id = $1 AND m.code = $2");
        if let Some(row) = rows(db, &sql, vec![tenant.0.into(), code.clone().into()]).await?.first() {
            found.insert(code.clone(), material_of(row)?);
        }
    }
    Ok(found)
}

/// The facility's bins (or the one bin `only`) with their contents laid out: recorded
/// blocks where they were put, contents recorded without a position laid out again,
/// and a bin whose contents cannot be laid out counted as full (see `domain::putaway`).
pub async fn warehouse(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    facility: i64,
    only: Option<i64>,
) -> Result<Warehouse, DbErr> {
    let one = if only.is_some() { "AND b.id = $3" } else { "" };
    let mut values: Vec<Value> = vec![tenant.0.into(), facility.into()];
    values.extend(only.map(Value::from));
    let bin_sql = format!(
        "SELECT b.id, b.code, b.zone, b.aisle, b.kind, b.distance_m, b.storage_rule, b.max_pieces,
                b.length_mm, b.width_mm, b.height_mm, b.max_weight_kg
         FROM bin_locations b WHERE b.tenant_id = $1 AND b.facility_id = $2 {one} ORDER BY b.id"
    );
    let mut bins = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    for row in rows(db, &bin_sql, values.clone()).await? {
        let side = |name: &str| row.try_get::<f64>("", name);
        let Some(inner) = Size::of_bin_mm(side("length_mm")?, side("width_mm")?, side("height_mm")?) else { continue };
        let max_kg: f64 = row.try_get("", "max_weight_kg")?;
        let id: i64 = row.try_get("", "id")?;
        index.insert(id, bins.len());
        bins.push(Bin {
            id,
            code: row.try_get("", "code")?,
            zone: row.try_get("", "zone")?,
            aisle: row.try_get::<Option<String>>("", "aisle")?.unwrap_or_default(),
            kind: bin_kind(row.try_get::<Option<String>>("", "kind")?.as_deref()),
            distance: row.try_get::<Option<f64>>("", "distance_m")?.unwrap_or(0.0),
            rule: storage_rule(row.try_get::<Option<String>>("", "storage_rule")?.as_deref()),
            max_pieces: row.try_get::<Option<i64>>("", "max_pieces")?.map(|n| n.clamp(0, u32::MAX as i64) as u32),
            space: BinSpace::empty(inner, (max_kg.max(0.0) * 1000.0).floor() as u64),
            contents: Vec::new(),
        });
    }
    let placement_sql = format!(
        "SELECT p.bin_id, p.lot, p.pieces, p.boxes, p.at_x, p.at_y, p.at_z, p.turned_x, p.turned_y, p.turned_z,
                p.grid_x, p.grid_y, p.grid_z, p.weight_g, p.bears_load, {MATERIAL_COLUMNS}
         FROM placements p JOIN bin_locations b ON b.id = p.bin_id JOIN materials m ON m.id = p.material_id
         WHERE p.tenant_id = $1 AND b.facility_id = $2 {one} ORDER BY p.bin_id, p.id"
    );
    for row in rows(db, &placement_sql, values).await? {
        let Some(&b) = index.get(&row.try_get::<i64>("", "bin_id")?) else { continue };
        let material = material_of(&row)?;
        let pieces: i64 = row.try_get("", "pieces")?;
        let pieces = pieces.clamp(1, u32::MAX as i64) as u32;
        let bin = &mut bins[b];
        let laid_out = match recorded_block(&row)? {
            Some(block) => bin.space.restore(block),
            None => match load_of(&material.packing, pieces) {
                Ok((load, _)) => bin.space.put(&load, SUPPORT).is_some(),
                Err(_) => false,
            },
        };
        if !laid_out {
            bin.space.mark_full();
        }
        bin.contents.push(Content { material: material.id, lot: row.try_get("", "lot")?, pieces });
    }
    Ok(Warehouse::new(bins))
}

fn recorded_block(row: &QueryResult) -> Result<Option<Block>, DbErr> {
    let mut numbers = [0u32; 9];
    for (slot, name) in
        ["at_x", "at_y", "at_z", "turned_x", "turned_y", "turned_z", "grid_x", "grid_y", "grid_z"].iter().enumerate()
    {
        match row.try_get::<Option<i64>>("", name)? {
            Some(n) if (0..=u32::MAX as i64).contains(&n) => numbers[slot] = n as u32,
            _ => return Ok(None),
        }
    }
    let [x, y, z, tx, ty, tz, gx, gy, gz] = numbers;
    let turned = Size::new(tx, ty, tz);
    let boxes: i64 = row.try_get("", "boxes")?;
    let weight_g: i64 = row.try_get("", "weight_g")?;
    Ok(Some(Block {
        space: Cuboid {
            at: Point::new(x, y, z),
            size: Size::new(tx.saturating_mul(gx), ty.saturating_mul(gy), tz.saturating_mul(gz)),
        },
        turned,
        grid: [gx, gy, gz],
        count: boxes.clamp(0, u32::MAX as i64) as u32,
        weight_g: weight_g.max(0) as u64,
        bears_load: row.try_get("", "bears_load")?,
    }))
}

fn bin_kind(text: Option<&str>) -> BinKind {
    match text {
        Some("pallet_rack") => BinKind::PalletRack,
        Some("floor") => BinKind::Floor,
        Some("cross_dock") => BinKind::CrossDock,
        _ => BinKind::Shelf,
    }
}

fn storage_rule(text: Option<&str>) -> StorageRule {
    match text {
        Some("empty_only") => StorageRule::EmptyOnly,
        Some("same_material") => StorageRule::SameMaterial,
        Some("same_lot") => StorageRule::SameLot,
        _ => StorageRule::Mixed,
    }
}

pub fn bin_ref(bin: &Bin) -> BinRef {
    BinRef { id: bin.id, code: bin.code.clone(), zone: bin.zone.clone(), aisle: bin.aisle.clone() }
}

/// Holds the bin until the transaction ends, so that two tablets putting goods into
/// the same bin at once are fitted one after the other (SQLite's write transactions
/// are serialised already).
pub async fn lock_bin(tx: &WriteTx, tenant: TenantId, bin: i64) -> Result<(), DbErr> {
    if tx.get_database_backend() == sea_orm::DbBackend::Postgres {
        let sql = "SELECT id FROM bin_locations WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
        rows(tx, sql, vec![tenant.0.into(), bin.into()]).await?;
    }
    Ok(())
}

/// A recommendation as it is saved.
pub struct NewRecommendation<'a> {
    pub facility: i64,
    pub batch_key: &'a str,
    pub line: usize,
    pub material: i64,
    pub lot: Option<&'a str>,
    pub pieces: u32,
    pub bin: i64,
    pub strategy: &'a str,
    pub confidence: f64,
    pub reason: &'a str,
    pub alternatives: String,
    pub block: &'a Block,
    pub created_by: i64,
    pub now_ms: i64,
}

pub async fn save_recommendation(tx: &WriteTx, tenant: TenantId, r: NewRecommendation<'_>) -> Result<i64, DbErr> {
    let block = serde_json::to_string(r.block).map_err(|e| DbErr::Custom(e.to_string()))?;
    let values: Vec<Value> = vec![
        tenant.0.into(),
        r.facility.into(),
        r.batch_key.into(),
        (r.line as i64).into(),
        r.material.into(),
        r.lot.map(str::to_string).into(),
        (r.pieces as i64).into(),
        r.bin.into(),
        r.strategy.into(),
        r.confidence.into(),
        r.reason.into(),
        r.alternatives.into(),
        block.into(),
        r.created_by.into(),
        r.now_ms.into(),
    ];
    let sql = "INSERT INTO putaway_recommendations (tenant_id, facility_id, batch_key, line, material_id, lot, pieces,
                   bin_id, strategy, confidence, reason, alternatives, block, created_by, created_ms)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id";
    let row = rows(tx, sql, values).await?.into_iter().next().ok_or_else(|| DbErr::Custom("no id returned".into()))?;
    row.try_get("", "id")
}

pub async fn save_capacity_failure(
    tx: &WriteTx,
    tenant: TenantId,
    facility: i64,
    material: i64,
    pieces: u32,
    message: &str,
    now_ms: i64,
) -> Result<(), DbErr> {
    let sql = "INSERT INTO capacity_failures (tenant_id, facility_id, material_id, pieces, message, at_ms)
               VALUES ($1, $2, $3, $4, $5, $6)";
    let values =
        vec![tenant.0.into(), facility.into(), material.into(), (pieces as i64).into(), message.into(), now_ms.into()];
    execute(tx, sql, values).await
}

/// A saved recommendation, as a decision needs it.
#[derive(Clone, Debug)]
pub struct Recommendation {
    pub id: i64,
    pub facility: i64,
    pub material: MaterialRow,
    pub lot: Option<String>,
    pub pieces: u32,
    pub bin: i64,
    pub status: String,
    pub block: Option<Block>,
}

pub async fn recommendation(tx: &WriteTx, tenant: TenantId, id: i64) -> Result<Option<Recommendation>, DbErr> {
    let sql = format!(
        "SELECT r.id, r.facility_id, r.lot, r.pieces, r.bin_id, r.status, r.block, {MATERIAL_COLUMNS}
         FROM putaway_recommendations r JOIN materials m ON m.id = r.material_id
         WHERE r.tenant_id = $1 AND r.id = $2"
    );
    let Some(row) = rows(tx, &sql, vec![tenant.0.into(), id.into()]).await?.into_iter().next() else { return Ok(None) };
    let pieces: i64 = row.try_get("", "pieces")?;
    Ok(Some(Recommendation {
        id,
        facility: row.try_get("", "facility_id")?,
        material: material_of(&row)?,
        lot: row.try_get("", "lot")?,
        pieces: pieces.clamp(1, u32::MAX as i64) as u32,
        bin: row.try_get("", "bin_id")?,
        status: row.try_get("", "status")?,
        block: serde_json::from_str(&row.try_get::<String>("", "block")?).ok(),
    }))
}

/// One placement: what is in a bin, and the block it stands as.
pub struct NewPlacement<'a> {
    pub bin: i64,
    pub material: i64,
    pub lot: Option<&'a str>,
    pub pieces: u32,
    pub block: &'a Block,
    pub since_ms: i64,
}

/// The columns of a placement row, in the order of [`placement_values`].
pub const PLACEMENT_COLUMNS: [&str; 18] = [
    "tenant_id",
    "bin_id",
    "material_id",
    "lot",
    "pieces",
    "boxes",
    "at_x",
    "at_y",
    "at_z",
    "turned_x",
    "turned_y",
    "turned_z",
    "grid_x",
    "grid_y",
    "grid_z",
    "weight_g",
    "bears_load",
    "since_ms",
];

/// A placement row's values (the demo seed writes many at once with the same columns).
pub fn placement_values(tenant: TenantId, p: &NewPlacement<'_>) -> Vec<Value> {
    let n = |v: u32| Value::from(v as i64);
    let (block, at) = (p.block, p.block.space.at);
    vec![
        tenant.0.into(),
        p.bin.into(),
        p.material.into(),
        p.lot.map(str::to_string).into(),
        n(p.pieces),
        n(block.count),
        n(at.x),
        n(at.y),
        n(at.z),
        n(block.turned.x),
        n(block.turned.y),
        n(block.turned.z),
        n(block.grid[0]),
        n(block.grid[1]),
        n(block.grid[2]),
        (block.weight_g.min(i64::MAX as u64) as i64).into(),
        block.bears_load.into(),
        p.since_ms.into(),
    ]
}

/// Puts the boxes in the bin: one placement with the block's position.
pub async fn place(tx: &WriteTx, tenant: TenantId, placement: NewPlacement<'_>) -> Result<(), DbErr> {
    let marks: Vec<String> = (1..=PLACEMENT_COLUMNS.len()).map(|i| format!("${i}")).collect();
    let sql = format!("INSERT INTO placements ({}) VALUES ({})", PLACEMENT_COLUMNS.join(", "), marks.join(", "));
    execute(tx, &sql, placement_values(tenant, &placement)).await
}

/// A decision as it is recorded.
pub struct DecisionRow<'a> {
    pub status: &'a str,
    pub final_bin: Option<i64>,
    pub user: i64,
    pub reason: Option<&'a str>,
    pub now_ms: i64,
}

/// Records the decision on a pending recommendation; `false` when it was decided meanwhile.
pub async fn decide(tx: &WriteTx, tenant: TenantId, id: i64, d: DecisionRow<'_>) -> Result<bool, DbErr> {
    let sql = "UPDATE putaway_recommendations
               SET status = $3, final_bin_id = $4, decided_by = $5, decision_reason = $6, decided_ms = $7
               WHERE tenant_id = $1 AND id = $2 AND status = 'PENDING'";
    let values: Vec<Value> = vec![
        tenant.0.into(),
        id.into(),
        d.status.into(),
        d.final_bin.into(),
        d.user.into(),
        d.reason.map(str::to_string).into(),
        d.now_ms.into(),
    ];
    let done = tx.execute_raw(Statement::from_sql_and_values(tx.get_database_backend(), sql, values)).await?;
    Ok(done.rows_affected() == 1)
}
