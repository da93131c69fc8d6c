//! The supervisor's floor overview: every work center's state, live run and OEE
//! over the window, from the same [`measure`] the shift summary will use, so the
//! two never disagree; with the stop time and scrap by reason (the Pareto charts)
//! and each work center's time per state (utilization). Seven queries whatever the
//! number of work centers.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::floor_spans::{downtime_reasons, spans_by_center};
use super::model::{FloorOverview, LiveRun, ReasonTotal, WorkCenterTile};
use super::window_rows::{counts_in, states_in, WindowCounts, WindowState};
use crate::db::entity::production_run::{self, RunStatus};
use crate::db::entity::scrap_reason;
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
/// most once a second while counts arrive, in its own read transaction.
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
            let tx = scope::read(&state.db, Scope::Tenant(tenant)).await?;
            let now = Utc::now().timestamp_millis();
            let window = Window { start_ms: now - WINDOW_MS, end_ms: now };
            let overview = floor_overview(&tx, tenant, window, &LossPolicy::default(), at_facility).await?;
            tx.commit().await?;
            Ok(overview)
        })
        .await
}

/// The overview of the tenant's floor, or of one facility's (`at_facility`).
pub async fn floor_overview(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    window: Window,
    policy: &LossPolicy,
    at_facility: Option<i64>,
) -> Result<FloorOverview, DbErr> {
    let centers = super::store::work_centers(db, tenant, at_facility).await?;
    let downtime_reasons = downtime_reasons(db, tenant).await?;
    let scrap_reasons: HashMap<i64, String> = scrap_reason::Entity::find()
        .filter(scrap_reason::Column::TenantId.eq(tenant.0))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let states = states_in(db, tenant, window).await?;
    let live: HashMap<i64, production_run::Model> = production_run::Entity::find()
        .filter(production_run::Column::TenantId.eq(tenant.0))
        .filter(production_run::Column::Status.is_in([RunStatus::Active, RunStatus::Paused]))
        .all(db)
        .await?
        .into_iter()
        .map(|run| (run.work_center_id, run))
        .collect();
    let live_runs: Vec<i64> = live.values().map(|run| run.id).collect();
    let WindowCounts { by_center, run_totals, scrap_by_reason } = counts_in(db, tenant, window, &live_runs).await?;

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
                run,
                figures,
                time_in_state: StateTimes::of(window, spans),
            }
        })
        .collect();
    let total: OeeFigures = tiles.iter().map(|tile| tile.figures).sum();
    Ok(FloorOverview {
        window_start_ms: window.start_ms,
        window_end_ms: window.end_ms,
        total,
        tiles,
        loss_time_by_reason: largest_first(loss_time, |id| downtime_reasons.get(&id).map(|r| r.name.clone())),
        scrap_by_reason: largest_first(scrap, |id| scrap_reasons.get(&id).cloned()),
    })
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
