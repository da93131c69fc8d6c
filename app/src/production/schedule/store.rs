//! The schedule's rows: SCHEDULED runs, listed earliest first with their planned
//! start on their facility's clock, and scheduled or cancelled in the caller's
//! one write transaction.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, Statement};

use super::super::local_time;
use super::super::model::ScheduledRun;
use crate::db::entity::production_run::{self, RunStatus};
use crate::db::scope::{TenantId, WriteTx};

/// The most runs the schedule page lists.
pub const MAX_LISTED: u64 = 500;

fn upcoming_sql(one_work_center: bool, limit: u64) -> String {
    let work_center = if one_work_center { "AND r.work_center_id = $3" } else { "" };
    format!(
        "SELECT r.id, r.work_center_id, w.code, w.name, f.timezone, r.job, r.product, r.planned_quantity,
                r.planned_start_ms, r.planned_end_ms
         FROM production_runs r
         JOIN work_centers w ON w.id = r.work_center_id
         JOIN facilities f ON f.id = w.facility_id
         WHERE r.tenant_id = $1 AND r.status = $2 {work_center}
         ORDER BY r.planned_start_ms, r.id
         LIMIT {limit}"
    )
}

/// The tenant's scheduled runs (of one work center, when given), earliest first.
pub async fn upcoming(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    work_center: Option<i64>,
    limit: u64,
) -> Result<Vec<ScheduledRun>, DbErr> {
    let mut values = vec![tenant.0.into(), "scheduled".into()];
    values.extend(work_center.map(Into::into));
    let sql = upcoming_sql(work_center.is_some(), limit);
    let rows = db.query_all_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await?;
    rows.iter()
        .map(|row| {
            let (code, name): (String, String) = (row.try_get("", "code")?, row.try_get("", "name")?);
            let start: Option<i64> = row.try_get("", "planned_start_ms")?;
            let start = start.unwrap_or_default();
            let zone = local_time::zone(&row.try_get::<String>("", "timezone")?);
            Ok(ScheduledRun {
                id: row.try_get("", "id")?,
                work_center_id: row.try_get("", "work_center_id")?,
                work_center: format!("{code} — {name}"),
                job: row.try_get("", "job")?,
                product: row.try_get("", "product")?,
                planned_quantity: row.try_get("", "planned_quantity")?,
                planned_start_ms: start,
                planned_end_ms: row.try_get("", "planned_end_ms")?,
                planned_start_local: local_time::label(&zone, start),
            })
        })
        .collect()
}

/// A run to put on the schedule, checked.
pub struct NewScheduled<'a> {
    pub work_center: i64,
    pub job: &'a str,
    pub product: &'a str,
    pub planned_quantity: i64,
    pub ideal_cycle_ms: i64,
    pub planned_start_ms: i64,
    pub planned_end_ms: Option<i64>,
    pub now_ms: i64,
}

pub async fn schedule(tx: &WriteTx, tenant: TenantId, run: NewScheduled<'_>) -> Result<i64, DbErr> {
    let created = production_run::ActiveModel {
        tenant_id: Set(tenant.0),
        work_center_id: Set(run.work_center),
        job: Set(run.job.to_string()),
        product: Set(run.product.to_string()),
        planned_quantity: Set(run.planned_quantity),
        ideal_cycle_ms: Set(run.ideal_cycle_ms),
        status: Set(RunStatus::Scheduled),
        planned_start_ms: Set(Some(run.planned_start_ms)),
        planned_end_ms: Set(run.planned_end_ms),
        started_ms: Set(None),
        ended_ms: Set(None),
        operator_id: Set(None),
        created_ms: Set(run.now_ms),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok(created.id)
}

/// The tenant's run `id`, whatever its status.
pub async fn run(db: &impl ConnectionTrait, tenant: TenantId, id: i64) -> Result<Option<production_run::Model>, DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    production_run::Entity::find_by_id(id).filter(production_run::Column::TenantId.eq(tenant.0)).one(db).await
}
