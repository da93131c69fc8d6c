//! The dashboard's aggregates, in SQL: a bin's fill is the volume its recorded blocks
//! reserve over its inner volume (placements recorded without a position count as
//! nothing here; every putaway records one).

use sea_orm::{ConnectionTrait, DbErr, QueryResult, Statement, Value};

use super::model::{Acceptance, AisleFill};
use crate::db::scope::TenantId;
use crate::production::model::Choice;

async fn rows(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await
}

pub async fn facilities(db: &impl ConnectionTrait, tenant: TenantId) -> Result<Vec<Choice>, DbErr> {
    let found =
        rows(db, "SELECT id, code, name FROM facilities WHERE tenant_id = $1 ORDER BY id", vec![tenant.0.into()])
            .await?;
    found
        .iter()
        .map(|row| {
            let (code, name): (String, String) = (row.try_get("", "code")?, row.try_get("", "name")?);
            Ok(Choice { id: row.try_get("", "id")?, label: format!("{code} — {name}") })
        })
        .collect()
}

/// Each bin's reserved (`v`) and inner (`cap`) volume in cubic millimetres.
const PER_BIN: &str = "WITH used AS (
        SELECT p.bin_id, SUM(CAST(p.turned_x * p.grid_x AS DOUBLE PRECISION) * (p.turned_y * p.grid_y) * (p.turned_z * p.grid_z)) AS v
        FROM placements p JOIN bin_locations pb ON pb.id = p.bin_id
        WHERE p.tenant_id = $1 AND pb.facility_id = $2 GROUP BY p.bin_id
    ), per_bin AS (
        SELECT b.zone, COALESCE(b.aisle, '') AS aisle, b.length_mm * b.width_mm * b.height_mm AS cap, COALESCE(u.v, 0.0) AS v
        FROM bin_locations b LEFT JOIN used u ON u.bin_id = b.id
        WHERE b.tenant_id = $1 AND b.facility_id = $2 AND b.length_mm > 0 AND b.width_mm > 0 AND b.height_mm > 0
    )";

/// Per zone and aisle: bins, fill, and the over-full (> 95 %) and under-used (< 20 %) counts.
pub async fn aisles(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    facility: i64,
) -> Result<Vec<(AisleFill, f64, f64, u32, u32)>, DbErr> {
    let sql = format!(
        "{PER_BIN}
        SELECT zone, aisle, COUNT(*) AS bins, SUM(v) AS used, SUM(cap) AS cap,
               SUM(CASE WHEN v > 0.95 * cap THEN 1 ELSE 0 END) AS over_full,
               SUM(CASE WHEN v < 0.2 * cap THEN 1 ELSE 0 END) AS under_used
        FROM per_bin GROUP BY zone, aisle ORDER BY zone, aisle"
    );
    let found = rows(db, &sql, vec![tenant.0.into(), facility.into()]).await?;
    found
        .iter()
        .map(|row| {
            let (used, cap): (f64, f64) = (row.try_get("", "used")?, row.try_get("", "cap")?);
            let bins: i64 = row.try_get("", "bins")?;
            let fill = AisleFill {
                zone: row.try_get("", "zone")?,
                aisle: row.try_get("", "aisle")?,
                bins: bins as u32,
                percent: if cap > 0.0 { (1000.0 * used / cap).round() / 10.0 } else { 0.0 },
            };
            let (over, under): (i64, i64) = (row.try_get("", "over_full")?, row.try_get("", "under_used")?);
            Ok((fill, used, cap, over as u32, under as u32))
        })
        .collect()
}

/// Bins per tenth of fill (the last tenth includes 100 %).
pub async fn histogram(db: &impl ConnectionTrait, tenant: TenantId, facility: i64) -> Result<Vec<u32>, DbErr> {
    let tenths: Vec<String> = (1..10).map(|k| format!("WHEN v < {k}.0 * cap / 10.0 THEN {}", k - 1)).collect();
    let sql = format!(
        "{PER_BIN}
        SELECT CAST(CASE {} ELSE 9 END AS BIGINT) AS tenth, COUNT(*) AS bins FROM per_bin GROUP BY 1",
        tenths.join(" ")
    );
    let mut histogram = vec![0; 10];
    for row in rows(db, &sql, vec![tenant.0.into(), facility.into()]).await? {
        let (tenth, bins): (i64, i64) = (row.try_get("", "tenth")?, row.try_get("", "bins")?);
        if let Some(slot) = histogram.get_mut(tenth as usize) {
            *slot = bins as u32;
        }
    }
    Ok(histogram)
}

/// Decisions on recommendations made since `since_ms`.
pub async fn acceptance(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    facility: i64,
    days: u32,
    now_ms: i64,
) -> Result<Acceptance, DbErr> {
    let sql = "SELECT status, COUNT(*) AS n FROM putaway_recommendations
               WHERE tenant_id = $1 AND facility_id = $2 AND created_ms >= $3 GROUP BY status";
    let since = now_ms - days as i64 * 86_400_000;
    let mut acceptance = Acceptance { days, decided: 0, accepted: 0, overridden: 0, rejected: 0 };
    for row in rows(db, sql, vec![tenant.0.into(), facility.into(), since.into()]).await? {
        let (status, n): (String, i64) = (row.try_get("", "status")?, row.try_get("", "n")?);
        let n = n as u32;
        match status.as_str() {
            "ACCEPTED" => acceptance.accepted = n,
            "OVERRIDDEN" => acceptance.overridden = n,
            "REJECTED" => acceptance.rejected = n,
            _ => continue,
        }
        acceptance.decided += n;
    }
    Ok(acceptance)
}

/// Recommendations nobody has decided yet, and capacity failures since `since_ms`.
pub async fn open_counts(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    facility: i64,
    since_ms: i64,
) -> Result<(u32, u32), DbErr> {
    let pending = "SELECT COUNT(*) AS n FROM putaway_recommendations WHERE tenant_id = $1 AND facility_id = $2 AND status = 'PENDING'";
    let failures =
        "SELECT COUNT(*) AS n FROM capacity_failures WHERE tenant_id = $1 AND facility_id = $2 AND at_ms >= $3";
    let count = |found: Vec<QueryResult>| -> Result<u32, DbErr> {
        Ok(found.first().map(|row| row.try_get::<i64>("", "n")).transpose()?.unwrap_or(0) as u32)
    };
    let p = count(rows(db, pending, vec![tenant.0.into(), facility.into()]).await?)?;
    let f = count(rows(db, failures, vec![tenant.0.into(), facility.into(), since_ms.into()]).await?)?;
    Ok((p, f))
}

/// Decided recommendations since `since_ms`, for the statistics.
pub async fn decisions(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    facility: i64,
    since_ms: i64,
) -> Result<Vec<super::statistics::Decision>, DbErr> {
    let sql = "SELECT created_ms, confidence, status, strategy FROM putaway_recommendations
               WHERE tenant_id = $1 AND facility_id = $2 AND created_ms >= $3 AND status <> 'PENDING'";
    rows(db, sql, vec![tenant.0.into(), facility.into(), since_ms.into()])
        .await?
        .iter()
        .map(|row| {
            Ok(super::statistics::Decision {
                created_ms: row.try_get("", "created_ms")?,
                confidence: row.try_get("", "confidence")?,
                accepted: row.try_get::<String>("", "status")? == "ACCEPTED",
                strategy: row.try_get("", "strategy")?,
            })
        })
        .collect()
}
