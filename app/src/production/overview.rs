//! The supervisor's floor overview: every work center's state, live run and OEE
//! over the window, from the same [`measure`] the shift summary will use, so the
//! two never disagree; with the stop time and scrap by reason (the Pareto charts)
//! and each work center's time per state (utilization). Ten queries whatever the
//! number of work centers (eleven once a facility has shifts), in two halves read
//! side by side.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Statement, Value,
};

use super::calendar::{calendars, Calendars};
use super::floor_spans::{downtime_reasons, spans_by_center};
use super::model::{FloorOverview, LiveRun, ReasonTotal, WorkCenterTile};
use super::window_rows::{counts_in, states_in, WindowCounts, WindowState};
use super::{local_time, loss_rules};
use crate::db::entity::production_run::{self, RunStatus};
use crate::db::entity::{downtime_reason, scrap_reason};
use crate::db::scope::{self, Scope, TenantId};
use crate::db::ServerState;
use crate::domain::oee::{loss_time_by_reason, measure, LossPolicy, OeeFigures, StateTimes, Window};
use crate::error::AppError;
use crate::snapshot::{AfterWrite, SnapshotKey};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// The overview's window: the last 24 hours.
const WINDOW_MS: i64 = DAY_MS;

/// Counts arrive many a second; the overview shows them at most this late
/// instead of being recomputed for each.
const SETTLE: AfterWrite = AfterWrite::Settle(std::time::Duration::from_secs(1));

/// The overview of the last 24 hours of the tenant's floor (or one facility's),
/// shared between everyone polling it through the snapshot cache: computed at
/// most once a second while counts arrive. Its two halves are read at the same
/// time, each in its own read transaction on its own connection: the machine
/// states with the master data, and the live runs with the counts (on SQLite,
/// p50 about 20 → 18 ms against one transaction, `server bench-floor`, 60 machines).
pub async fn shared_overview(
    state: &ServerState,
    tenant: TenantId,
    at_facility: Option<i64>,
) -> Result<FloorOverview, AppError> {
    let params = at_facility.map(|id| format!("facility={id}")).unwrap_or_default();
    let key = SnapshotKey { tenant: Some(tenant), view: "production_overview", params };
    state
        .snapshots
        .get_or_compute(key, SETTLE, async {
            Ok(overview_at(&state.db, tenant, at_facility, Utc::now().timestamp_millis()).await?)
        })
        .await
}

/// The overview of the 24 hours before `now_ms`, computed (not shared): its two
/// halves read at the same time, each in its own read transaction.
pub async fn overview_at(
    db: &DatabaseConnection,
    tenant: TenantId,
    at_facility: Option<i64>,
    now_ms: i64,
) -> Result<FloorOverview, DbErr> {
    let window = Window { start_ms: now_ms - WINDOW_MS, end_ms: now_ms };
    let floor = async {
        let tx = scope::read(db, Scope::Tenant(tenant)).await?;
        let rows = floor_rows(&tx, tenant, window).await?;
        tx.commit().await?;
        Ok::<_, DbErr>(rows)
    };
    let live = async {
        let tx = scope::read(db, Scope::Tenant(tenant)).await?;
        let rows = live_rows(&tx, tenant, window, at_facility).await?;
        tx.commit().await?;
        Ok::<_, DbErr>(rows)
    };
    let (floor, live) = tokio::try_join!(floor, live)?;
    Ok(floor_overview(floor, live, window))
}

/// The reason catalogues and the window's machine states.
struct FloorRows {
    downtime_reasons: HashMap<i64, downtime_reason::Model>,
    scrap_reasons: HashMap<i64, String>,
    states: HashMap<i64, Vec<WindowState>>,
}

/// The work centers shown with when their facility's day began, their live
/// runs, the window's counts, the run counts of the summary, the shift
/// calendars and the loss rules (in this half, the lighter of the two).
struct LiveRows {
    /// Id, `CODE — Name`, the facility's time zone.
    centers: Vec<(i64, String, String)>,
    /// Each zone's local midnight that began today.
    day_starts: HashMap<String, i64>,
    live: HashMap<i64, production_run::Model>,
    counts: WindowCounts,
    runs: RunCounts,
    calendars: Calendars,
    policy: LossPolicy,
}

/// Scheduled runs, and when each run completed since the earliest local midnight, by work center.
#[derive(Default)]
struct RunCounts {
    scheduled: HashMap<i64, u64>,
    completed_ms: HashMap<i64, Vec<i64>>,
}

/// What the tiles need besides the work centers and the counts: the reason
/// catalogues and the window's machine states.
async fn floor_rows(db: &impl ConnectionTrait, tenant: TenantId, window: Window) -> Result<FloorRows, DbErr> {
    let scrap_reasons = scrap_reason::Entity::find()
        .filter(scrap_reason::Column::TenantId.eq(tenant.0))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    Ok(FloorRows {
        downtime_reasons: downtime_reasons(db, tenant).await?,
        scrap_reasons,
        states: states_in(db, tenant, window).await?,
    })
}

/// The tenant's live runs, and the window's counts with how far those runs came.
async fn live_rows(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    window: Window,
    at_facility: Option<i64>,
) -> Result<LiveRows, DbErr> {
    let centers = super::store::work_centers_in_zones(db, tenant, at_facility).await?;
    let mut day_starts = HashMap::new();
    for (_, _, zone) in &centers {
        if !day_starts.contains_key(zone) {
            day_starts.insert(zone.clone(), local_time::day_start(&local_time::zone(zone), window.end_ms));
        }
    }
    let live: HashMap<i64, production_run::Model> = production_run::Entity::find()
        .filter(production_run::Column::TenantId.eq(tenant.0))
        .filter(production_run::Column::Status.is_in([RunStatus::Active, RunStatus::Paused]))
        .all(db)
        .await?
        .into_iter()
        .map(|run| (run.work_center_id, run))
        .collect();
    let live_runs: Vec<i64> = live.values().map(|run| run.id).collect();
    let counts = counts_in(db, tenant, window, &live_runs).await?;
    // The runs completed since the earliest of those midnights: a day's, not 24 hours'.
    let since = day_starts.values().copied().min().unwrap_or(window.end_ms);
    let runs = run_counts(db, tenant, since).await?;
    let (calendars, policy) = (calendars(db, tenant).await?, loss_rules::store::policy(db, tenant).await?);
    Ok(LiveRows { centers, day_starts, live, counts, runs, calendars, policy })
}

/// The work centers of the scheduled runs (`$2`) and of the runs completed
/// (`$3`) since `$4`, one row a run: a few dozen, read from the index on status
/// and end alone (grouped in SQL, SQLite would rather walk the tenant's runs by
/// work center).
const RUN_COUNTS_SQL: &str = "
    SELECT work_center_id, status, ended_ms FROM production_runs WHERE tenant_id = $1 AND status = $2
    UNION ALL
    SELECT work_center_id, status, ended_ms FROM production_runs WHERE tenant_id = $1 AND status = $3 AND ended_ms >= $4";

/// Per work center: how many runs are scheduled, and when those completed since `since_ms` did.
async fn run_counts(db: &impl ConnectionTrait, tenant: TenantId, since_ms: i64) -> Result<RunCounts, DbErr> {
    let values: [Value; 4] = [
        tenant.0.into(),
        RunStatus::Scheduled.to_value().into(),
        RunStatus::Completed.to_value().into(),
        since_ms.into(),
    ];
    let rows =
        db.query_all_raw(Statement::from_sql_and_values(db.get_database_backend(), RUN_COUNTS_SQL, values)).await?;
    let mut counts = RunCounts::default();
    for row in rows {
        let work_center: i64 = row.try_get("", "work_center_id")?;
        let status: String = row.try_get("", "status")?;
        if status == RunStatus::Scheduled.to_value() {
            *counts.scheduled.entry(work_center).or_default() += 1;
        } else if let Some(ended) = row.try_get::<Option<i64>>("", "ended_ms")? {
            counts.completed_ms.entry(work_center).or_default().push(ended);
        }
    }
    Ok(counts)
}

/// The overview from what was read: every tile measured, the floor summed.
fn floor_overview(floor: FloorRows, live: LiveRows, window: Window) -> FloorOverview {
    let FloorRows { downtime_reasons, scrap_reasons, states } = floor;
    let LiveRows { centers, day_starts, live, counts, runs, calendars, policy } = live;
    let WindowCounts { by_center, run_totals, scrap_by_reason } = counts;
    let policy = &policy;
    let mut today_start_ms = window.end_ms;
    let last_hour = Window { start_ms: window.end_ms - HOUR_MS, end_ms: window.end_ms };
    let (mut today_total, mut last_hour_total) = (OeeFigures::default(), OeeFigures::default());
    let (mut runs_scheduled, mut runs_completed_today) = (0, 0);

    let spans = spans_by_center(&states, &downtime_reasons, &calendars, window);
    let open: HashMap<i64, &WindowState> = states
        .iter()
        .filter_map(|(&work_center, listed)| Some((work_center, listed.iter().find(|s| s.ended_ms.is_none())?)))
        .collect();
    let mut loss_time: HashMap<Option<i64>, i64> = HashMap::new();
    let mut scrap: HashMap<Option<i64>, i64> = HashMap::new();
    for ((center, reason), pieces) in scrap_by_reason {
        if centers.iter().any(|(id, _, _)| *id == center) {
            *scrap.entry(reason).or_default() += pieces;
        }
    }
    let tiles: Vec<WorkCenterTile> = centers
        .into_iter()
        .map(|(id, name, zone)| {
            let spans = spans.get(&id).map(Vec::as_slice).unwrap_or_default();
            let counts = by_center.get(&id).map(Vec::as_slice).unwrap_or_default();
            let figures = measure(window, spans, counts, policy);
            // "Today" is the facility's own day, from its local midnight.
            let today = Window { start_ms: day_starts[&zone], end_ms: window.end_ms };
            today_start_ms = today_start_ms.min(today.start_ms);
            today_total += measure(today, spans, counts, policy);
            last_hour_total += measure(last_hour, spans, counts, policy);
            runs_scheduled += runs.scheduled.get(&id).copied().unwrap_or_default();
            let completed = runs.completed_ms.get(&id).map(Vec::as_slice).unwrap_or_default();
            runs_completed_today += completed.iter().filter(|ended| **ended >= today.start_ms).count() as u64;
            loss_time_by_reason(window, spans, policy, &mut loss_time);
            let run = live.get(&id).map(|run| LiveRun {
                id: run.id,
                job: run.job.clone(),
                product: run.product.clone(),
                planned_quantity: run.planned_quantity,
                paused: run.status == RunStatus::Paused,
                started_ms: run.started_ms.unwrap_or(run.created_ms),
                good: run_totals.get(&run.id).map_or(0, |c| c.0),
                scrap: run_totals.get(&run.id).map_or(0, |c| c.1),
            });
            let state = open.get(&id);
            WorkCenterTile {
                id,
                name,
                state: state.map(|s| s.state.into()),
                state_since_ms: state.map(|s| s.started_ms),
                waiting_for_reason: state.is_some_and(|s| s.is_unexplained_stop()),
                run,
                figures,
                time_in_state: StateTimes::of(window, spans),
            }
        })
        .collect();
    let total: OeeFigures = tiles.iter().map(|tile| tile.figures).sum();
    FloorOverview {
        window_start_ms: window.start_ms,
        window_end_ms: window.end_ms,
        total,
        today: today_total,
        today_start_ms,
        last_hour: last_hour_total,
        runs_scheduled,
        runs_completed_today,
        tiles,
        loss_time_by_reason: largest_first(loss_time, |id| downtime_reasons.get(&id).map(|r| r.name.clone())),
        scrap_by_reason: largest_first(scrap, |id| scrap_reasons.get(&id).cloned()),
    }
}

/// Totals by reason id, named, largest first (ties by name, so the order is stable
/// between polls). An id the catalogue lacks keeps its number rather than vanish.
fn largest_first(totals: HashMap<Option<i64>, i64>, name: impl Fn(i64) -> Option<String>) -> Vec<ReasonTotal> {
    let mut named: Vec<ReasonTotal> = totals
        .into_iter()
        .filter(|&(_, amount)| amount > 0)
        .map(|(id, amount)| ReasonTotal { reason: id.map(|id| name(id).unwrap_or_else(|| format!("#{id}"))), amount })
        .collect();
    named.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.reason.cmp(&b.reason)));
    named
}
