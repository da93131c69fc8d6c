//! The production tables: what a station shows and what an operator's action
//! changes. Every function takes the tenant and filters by it (row-level
//! security on Postgres is the second wall); writes run in the caller's one
//! write transaction.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Statement,
};

use super::model::{LiveRun, Reason, StationStatus};
use crate::db::entity::production_run::{self, RunStatus};
use crate::db::entity::state_event::{self, StateKind};
use crate::db::entity::{count_event, downtime_reason, scrap_reason};
use crate::db::scope::{TenantId, WriteTx};
use crate::domain::oee::MachineState;

/// A work center as the station needs it.
#[derive(Clone, Debug)]
pub struct Station {
    pub id: i64,
    pub name: String,
    /// From the work center's ideal rate; `None` when the rate is not set.
    pub ideal_cycle_ms: Option<i64>,
    /// Its facility's time zone (the schedule's clock).
    pub time_zone: String,
}

/// The tenant's work centers (at one facility, when given) by code, each as
/// `(id, "CODE — Name")`.
pub async fn work_centers(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    at_facility: Option<i64>,
) -> Result<Vec<(i64, String)>, DbErr> {
    Ok(work_centers_in_zones(db, tenant, at_facility).await?.into_iter().map(|(id, label, _)| (id, label)).collect())
}

/// The same, each with its facility's time zone: `(id, "CODE — Name", zone)`.
pub async fn work_centers_in_zones(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    at_facility: Option<i64>,
) -> Result<Vec<(i64, String, String)>, DbErr> {
    let mut values = vec![tenant.0.into()];
    values.extend(at_facility.map(Into::into));
    let facility = if at_facility.is_some() { "AND w.facility_id = $2" } else { "" };
    let sql = format!(
        "SELECT w.id, w.code, w.name, f.timezone FROM work_centers w JOIN facilities f ON f.id = w.facility_id
         WHERE w.tenant_id = $1 {facility} ORDER BY w.code"
    );
    let rows = db.query_all_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await?;
    rows.iter()
        .map(|row| {
            let (code, name): (String, String) = (row.try_get("", "code")?, row.try_get("", "name")?);
            Ok((row.try_get("", "id")?, format!("{code} — {name}"), row.try_get("", "timezone")?))
        })
        .collect()
}

const STATION_SQL: &str = "SELECT w.code, w.name, w.ideal_rate_per_hour, f.timezone
    FROM work_centers w JOIN facilities f ON f.id = w.facility_id
    WHERE w.tenant_id = $1 AND w.id = $2";

pub async fn station(db: &impl ConnectionTrait, tenant: TenantId, id: i64) -> Result<Option<Station>, DbErr> {
    let statement =
        Statement::from_sql_and_values(db.get_database_backend(), STATION_SQL, vec![tenant.0.into(), id.into()]);
    let Some(row) = db.query_one_raw(statement).await? else { return Ok(None) };
    let (code, name): (String, String) = (row.try_get("", "code")?, row.try_get("", "name")?);
    let rate: Option<f64> = row.try_get("", "ideal_rate_per_hour")?;
    Ok(Some(Station {
        id,
        name: format!("{code} — {name}"),
        ideal_cycle_ms: rate.filter(|r| r.is_finite() && *r > 0.0).map(|r| (3_600_000.0 / r).round().max(1.0) as i64),
        time_zone: row.try_get("", "timezone")?,
    }))
}

/// The work center's run that is ACTIVE or PAUSED (at most one: a unique index).
pub async fn live_run(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    work_center: i64,
) -> Result<Option<production_run::Model>, DbErr> {
    production_run::Entity::find()
        .filter(production_run::Column::TenantId.eq(tenant.0))
        .filter(production_run::Column::WorkCenterId.eq(work_center))
        .filter(production_run::Column::Status.is_in([RunStatus::Active, RunStatus::Paused]))
        .one(db)
        .await
}

/// The work center's open state (at most one: a unique index).
pub async fn open_state(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    work_center: i64,
) -> Result<Option<state_event::Model>, DbErr> {
    state_event::Entity::find()
        .filter(state_event::Column::TenantId.eq(tenant.0))
        .filter(state_event::Column::WorkCenterId.eq(work_center))
        .filter(state_event::Column::EndedMs.is_null())
        .one(db)
        .await
}

/// How many of its scheduled runs a tablet offers.
const NEXT_SCHEDULED: u64 = 5;

pub async fn view(db: &impl ConnectionTrait, tenant: TenantId, station: Station) -> Result<StationStatus, DbErr> {
    let run = match live_run(db, tenant, station.id).await? {
        Some(run) => {
            let counts = count_event::Entity::find()
                .filter(count_event::Column::TenantId.eq(tenant.0))
                .filter(count_event::Column::RunId.eq(run.id))
                .all(db)
                .await?;
            Some(LiveRun {
                id: run.id,
                job: run.job,
                product: run.product,
                planned_quantity: run.planned_quantity,
                paused: run.status == RunStatus::Paused,
                started_ms: run.started_ms.unwrap_or(run.created_ms),
                good: counts.iter().map(|c| c.good).sum(),
                scrap: counts.iter().map(|c| c.scrap).sum(),
            })
        }
        None => None,
    };
    let state = open_state(db, tenant, station.id).await?;
    let downtime_reasons = downtime_reason::Entity::find()
        .filter(downtime_reason::Column::TenantId.eq(tenant.0))
        .filter(downtime_reason::Column::Active.eq(true))
        .order_by_asc(downtime_reason::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|r| Reason { id: r.id, name: r.name, needs_comment: r.needs_comment })
        .collect();
    let scrap_reasons = scrap_reason::Entity::find()
        .filter(scrap_reason::Column::TenantId.eq(tenant.0))
        .filter(scrap_reason::Column::Active.eq(true))
        .order_by_asc(scrap_reason::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|r| Reason { id: r.id, name: r.name, needs_comment: false })
        .collect();
    let products = super::products::active(db, tenant).await?;
    let scheduled = super::schedule::store::upcoming(db, tenant, Some(station.id), NEXT_SCHEDULED).await?;
    Ok(StationStatus {
        products,
        scheduled,
        work_center_id: station.id,
        name: station.name,
        run,
        state: state.as_ref().map(|s| s.state.into()),
        state_since_ms: state.as_ref().map(|s| s.started_ms),
        unexplained_stop_id: state
            .filter(|s| s.reason_id.is_none() && matches!(s.state, StateKind::Idle | StateKind::Down))
            .map(|s| s.id),
        downtime_reasons,
        scrap_reasons,
    })
}

pub struct NewRun<'a> {
    pub job: &'a str,
    pub product: &'a str,
    pub planned_quantity: i64,
    pub ideal_cycle_ms: i64,
    pub operator: i64,
    pub now_ms: i64,
}

pub async fn start_run(tx: &WriteTx, tenant: TenantId, work_center: i64, run: NewRun<'_>) -> Result<i64, DbErr> {
    let created = production_run::ActiveModel {
        tenant_id: Set(tenant.0),
        work_center_id: Set(work_center),
        job: Set(run.job.to_string()),
        product: Set(run.product.to_string()),
        planned_quantity: Set(run.planned_quantity),
        ideal_cycle_ms: Set(run.ideal_cycle_ms),
        status: Set(RunStatus::Active),
        planned_start_ms: Set(None),
        planned_end_ms: Set(None),
        started_ms: Set(Some(run.now_ms)),
        ended_ms: Set(None),
        operator_id: Set(Some(run.operator)),
        created_ms: Set(run.now_ms),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok(created.id)
}

/// The work center's run `id` if it is waiting on the schedule.
pub async fn scheduled_run(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    work_center: i64,
    id: i64,
) -> Result<Option<production_run::Model>, DbErr> {
    production_run::Entity::find_by_id(id)
        .filter(production_run::Column::TenantId.eq(tenant.0))
        .filter(production_run::Column::WorkCenterId.eq(work_center))
        .filter(production_run::Column::Status.eq(RunStatus::Scheduled))
        .one(db)
        .await
}

/// A scheduled run goes live now, with its operator; its plan and ideal cycle time stay.
pub async fn start_scheduled(
    tx: &WriteTx,
    run: production_run::Model,
    operator: i64,
    now_ms: i64,
) -> Result<(), DbErr> {
    let mut active: production_run::ActiveModel = run.into();
    active.status = Set(RunStatus::Active);
    active.started_ms = Set(Some(now_ms));
    active.operator_id = Set(Some(operator));
    active.update(tx).await?;
    Ok(())
}

pub async fn set_run_status(
    tx: &WriteTx,
    run: production_run::Model,
    status: RunStatus,
    now_ms: i64,
) -> Result<(), DbErr> {
    let ends = matches!(status, RunStatus::Completed | RunStatus::Cancelled);
    let mut active: production_run::ActiveModel = run.into();
    active.status = Set(status);
    if ends {
        active.ended_ms = Set(Some(now_ms));
    }
    active.update(tx).await?;
    Ok(())
}

pub struct NewCount {
    pub run_id: i64,
    pub at_ms: i64,
    pub good: i64,
    pub scrap: i64,
    pub scrap_reason_id: Option<i64>,
    pub recorded_by: i64,
}

pub async fn record_count(tx: &WriteTx, tenant: TenantId, work_center: i64, count: NewCount) -> Result<(), DbErr> {
    count_event::ActiveModel {
        tenant_id: Set(tenant.0),
        work_center_id: Set(work_center),
        run_id: Set(count.run_id),
        at_ms: Set(count.at_ms),
        good: Set(count.good),
        scrap: Set(count.scrap),
        scrap_reason_id: Set(count.scrap_reason_id),
        recorded_by: Set(count.recorded_by),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok(())
}

pub async fn downtime_reason(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    id: i64,
) -> Result<Option<downtime_reason::Model>, DbErr> {
    downtime_reason::Entity::find_by_id(id)
        .filter(downtime_reason::Column::TenantId.eq(tenant.0))
        .filter(downtime_reason::Column::Active.eq(true))
        .one(db)
        .await
}

pub async fn scrap_reason_exists(db: &impl ConnectionTrait, tenant: TenantId, id: i64) -> Result<bool, DbErr> {
    Ok(scrap_reason::Entity::find_by_id(id)
        .filter(scrap_reason::Column::TenantId.eq(tenant.0))
        .filter(scrap_reason::Column::Active.eq(true))
        .one(db)
        .await?
        .is_some())
}

/// A state interval to write: open (`end_ms` None) from `start_ms` on, or closed.
pub struct NewState {
    pub state: MachineState,
    pub start_ms: i64,
    pub end_ms: Option<i64>,
    pub reason_id: Option<i64>,
    pub comment: Option<String>,
    pub recorded_by: i64,
}

/// The closed intervals of a work center that overlap `[start_ms, end_ms)`.
pub async fn closed_overlapping(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    work_center: i64,
    start_ms: i64,
    end_ms: i64,
) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    state_event::Entity::find()
        .filter(state_event::Column::TenantId.eq(tenant.0))
        .filter(state_event::Column::WorkCenterId.eq(work_center))
        .filter(state_event::Column::EndedMs.is_not_null())
        .filter(state_event::Column::StartedMs.lt(end_ms))
        .filter(state_event::Column::EndedMs.gt(start_ms))
        .count(db)
        .await
}

/// A stop of the work center that has no reason yet.
pub async fn unexplained_stop(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    work_center: i64,
    id: i64,
) -> Result<Option<state_event::Model>, DbErr> {
    state_event::Entity::find_by_id(id)
        .filter(state_event::Column::TenantId.eq(tenant.0))
        .filter(state_event::Column::WorkCenterId.eq(work_center))
        .filter(state_event::Column::ReasonId.is_null())
        .filter(state_event::Column::State.is_in([StateKind::Idle, StateKind::Down]))
        .one(db)
        .await
}

pub async fn explain_stop(
    tx: &WriteTx,
    stop: state_event::Model,
    reason_id: i64,
    comment: Option<String>,
) -> Result<(), DbErr> {
    let mut active: state_event::ActiveModel = stop.into();
    active.state = Set(StateKind::Down);
    active.reason_id = Set(Some(reason_id));
    active.comment = Set(comment);
    active.update(tx).await?;
    Ok(())
}

/// Ends the open interval at `at_ms` (removing it if it would be empty).
pub async fn close_state(tx: &WriteTx, open: state_event::Model, at_ms: i64) -> Result<(), DbErr> {
    if at_ms <= open.started_ms {
        state_event::Entity::delete_by_id(open.id).exec(tx).await?;
        return Ok(());
    }
    let mut active: state_event::ActiveModel = open.into();
    active.ended_ms = Set(Some(at_ms));
    active.update(tx).await?;
    Ok(())
}

pub async fn insert_state(tx: &WriteTx, tenant: TenantId, work_center: i64, state: NewState) -> Result<(), DbErr> {
    state_event::ActiveModel {
        tenant_id: Set(tenant.0),
        work_center_id: Set(work_center),
        state: Set(StateKind::from(state.state)),
        started_ms: Set(state.start_ms),
        ended_ms: Set(state.end_ms),
        reason_id: Set(state.reason_id),
        comment: Set(state.comment),
        recorded_by: Set(state.recorded_by),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok(())
}
