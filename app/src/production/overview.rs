//! The supervisor's floor overview: every work center's state, live run and OEE
//! over the window, from the same [`measure`] the shift summary will use, so the
//! two never disagree. Six queries whatever the number of work centers.

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::model::{FloorOverview, LiveRun, WorkCenterTile};
use super::window_rows::{counts_in, states_in, WindowCounts, WindowState};
use crate::db::entity::downtime_reason;
use crate::db::entity::production_run::{self, RunStatus};
use crate::db::scope::TenantId;
use crate::domain::oee::{measure, LossPolicy, OeeFigures, StateSpan, Window};

pub async fn floor_overview(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    window: Window,
    policy: &LossPolicy,
) -> Result<FloorOverview, DbErr> {
    let centers = work_centers(db, tenant).await?;
    let losses: HashMap<i64, _> = downtime_reason::Entity::find()
        .filter(downtime_reason::Column::TenantId.eq(tenant.0))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.loss.into()))
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
    let WindowCounts { by_center, run_totals } = counts_in(db, tenant, window, &live_runs).await?;

    let mut spans: HashMap<i64, Vec<StateSpan>> = HashMap::new();
    let mut open: HashMap<i64, &WindowState> = HashMap::new();
    for (&work_center, listed) in &states {
        for state in listed {
            let loss = state.reason_id.and_then(|id| losses.get(&id).copied());
            let end_ms = state.ended_ms.unwrap_or(window.end_ms);
            spans.entry(work_center).or_default().push(StateSpan {
                state: state.state.into(),
                start_ms: state.started_ms,
                end_ms,
                loss,
            });
            if state.ended_ms.is_none() {
                open.insert(work_center, state);
            }
        }
    }
    let tiles: Vec<WorkCenterTile> = centers
        .into_iter()
        .map(|(id, name)| {
            let figures = measure(
                window,
                spans.get(&id).map(Vec::as_slice).unwrap_or_default(),
                by_center.get(&id).map(Vec::as_slice).unwrap_or_default(),
                policy,
            );
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
            }
        })
        .collect();
    let total: OeeFigures = tiles.iter().map(|tile| tile.figures).sum();
    Ok(FloorOverview { window_start_ms: window.start_ms, window_end_ms: window.end_ms, total, tiles })
}

async fn work_centers(db: &impl ConnectionTrait, tenant: TenantId) -> Result<Vec<(i64, String)>, DbErr> {
    let select = Query::select()
        .columns([Alias::new("id"), Alias::new("code"), Alias::new("name")])
        .from(Alias::new("work_centers"))
        .and_where(Expr::col(Alias::new("tenant_id")).eq(tenant.0))
        .order_by(Alias::new("code"), Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            let (code, name): (String, String) = (row.try_get("", "code")?, row.try_get("", "name")?);
            Ok((row.try_get("", "id")?, format!("{code} — {name}")))
        })
        .collect()
}
