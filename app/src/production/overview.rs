//! The supervisor's floor overview: every work center's state, live run and OEE
//! over the window, from the same [`measure`] the shift summary will use, so the
//! two never disagree; with the stop time and scrap by reason (the Pareto charts)
//! and each work center's time per state (utilization). Seven queries whatever the
//! number of work centers, in two halves read side by side.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use super::floor_spans::{downtime_reasons, spans_by_center};
use super::model::{FloorOverview, LiveRun, ReasonTotal, WorkCenterTile};
use super::window_rows::{counts_in, states_in, WindowCounts, WindowState};
use crate::db::entity::production_run::{self, RunStatus};
use crate::db::entity::{downtime_reason, scrap_reason};
use crate::db::scope::{self, Scope, TenantId};
use crate::db::ServerState;
use crate::domain::oee::{loss_time_by_reason, measure, LossPolicy, OeeFigures, StateTimes, Window};
use crate::error::AppError;
use crate::snapshot::{AfterWrite, SnapshotKey};

/// The overview's window: the last 24 hours.
const WINDOW_MS: i64 = 24 * 3_600_000;

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
        let rows = floor_rows(&tx, tenant, window, at_facility).await?;
        tx.commit().await?;
        Ok::<_, DbErr>(rows)
    };
    let live = async {
        let tx = scope::read(db, Scope::Tenant(tenant)).await?;
        let rows = live_rows(&tx, tenant, window).await?;
        tx.commit().await?;
        Ok::<_, DbErr>(rows)
    };
    let (floor, live) = tokio::try_join!(floor, live)?;
    Ok(floor_overview(floor, live, window, &LossPolicy::default()))
}

/// The work centers shown, the reason catalogues and the window's machine states.
struct FloorRows {
    centers: Vec<(i64, String)>,
    downtime_reasons: HashMap<i64, downtime_reason::Model>,
    scrap_reasons: HashMap<i64, String>,
    states: HashMap<i64, Vec<WindowState>>,
}

/// The live runs by work center and the window's counts.
struct LiveRows {
    live: HashMap<i64, production_run::Model>,
    counts: WindowCounts,
}

/// The work centers of the tenant, or of one facility (`at_facility`), with what
/// their tiles need besides the counts.
async fn floor_rows(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    window: Window,
    at_facility: Option<i64>,
) -> Result<FloorRows, DbErr> {
    let scrap_reasons = scrap_reason::Entity::find()
        .filter(scrap_reason::Column::TenantId.eq(tenant.0))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    Ok(FloorRows {
        centers: super::store::work_centers(db, tenant, at_facility).await?,
        downtime_reasons: downtime_reasons(db, tenant).await?,
        scrap_reasons,
        states: states_in(db, tenant, window).await?,
    })
}

/// The tenant's live runs, and the window's counts with how far those runs came.
async fn live_rows(db: &impl ConnectionTrait, tenant: TenantId, window: Window) -> Result<LiveRows, DbErr> {
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
    Ok(LiveRows { live, counts })
}

/// The overview from what was read: every tile measured, the floor summed.
fn floor_overview(floor: FloorRows, live: LiveRows, window: Window, policy: &LossPolicy) -> FloorOverview {
    let FloorRows { centers, downtime_reasons, scrap_reasons, states } = floor;
    let LiveRows { live, counts: WindowCounts { by_center, run_totals, scrap_by_reason } } = live;

    let spans = spans_by_center(&states, &downtime_reasons, window.end_ms);
    let open: HashMap<i64, &WindowState> = states
        .iter()
        .filter_map(|(&work_center, listed)| Some((work_center, listed.iter().find(|s| s.ended_ms.is_none())?)))
        .collect();
    let mut loss_time: HashMap<Option<i64>, i64> = HashMap::new();
    let mut scrap: HashMap<Option<i64>, i64> = HashMap::new();
    for ((center, reason), pieces) in scrap_by_reason {
        if centers.iter().any(|(id, _)| *id == center) {
            *scrap.entry(reason).or_default() += pieces;
        }
    }
    let tiles: Vec<WorkCenterTile> = centers
        .into_iter()
        .map(|(id, name)| {
            let spans = spans.get(&id).map(Vec::as_slice).unwrap_or_default();
            let figures = measure(window, spans, by_center.get(&id).map(Vec::as_slice).unwrap_or_default(), policy);
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
