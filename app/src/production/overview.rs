//! The supervisor's floor overview: every work center's state, live run and OEE
//! over the window, from the same [`measure`] the shift summary will use, so the
//! two never disagree. Three queries whatever the number of work centers.

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Statement};

use super::model::{FloorOverview, LiveRun, WorkCenterTile};
use crate::db::entity::production_run::{self, RunStatus};
use crate::db::entity::{downtime_reason, state_event};
use crate::db::scope::TenantId;
use crate::domain::oee::{measure, CountEvent, LossPolicy, OeeFigures, StateSpan, Window};

/// Counts in the window, each with its run's ideal cycle time and start and the
/// pieces its run had counted before it (a window function over the whole run;
/// Postgres sums BIGINT to NUMERIC, hence the cast).
const COUNTS_SQL: &str = "
    SELECT c.work_center_id, c.run_id, c.at_ms, c.good, c.scrap, r.ideal_cycle_ms,
           COALESCE(r.started_ms, r.created_ms) AS run_started_ms, c.pieces_before
    FROM (SELECT work_center_id, run_id, at_ms, good, scrap, tenant_id,
                 CAST(COALESCE(SUM(good + scrap) OVER (PARTITION BY run_id ORDER BY at_ms, id
                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS BIGINT) AS pieces_before
          FROM count_events
          WHERE tenant_id = $1 AND run_id IN (SELECT run_id FROM count_events WHERE tenant_id = $1 AND at_ms >= $2 AND at_ms < $3)
         ) c
    JOIN production_runs r ON r.id = c.run_id
    WHERE c.at_ms >= $2 AND c.at_ms < $3";

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
    let states = state_event::Entity::find()
        .filter(state_event::Column::TenantId.eq(tenant.0))
        .filter(state_event::Column::StartedMs.lt(window.end_ms))
        .filter(state_event::Column::EndedMs.is_null().or(state_event::Column::EndedMs.gt(window.start_ms)))
        .all(db)
        .await?;
    let live: HashMap<i64, production_run::Model> = production_run::Entity::find()
        .filter(production_run::Column::TenantId.eq(tenant.0))
        .filter(production_run::Column::Status.is_in([RunStatus::Active, RunStatus::Paused]))
        .all(db)
        .await?
        .into_iter()
        .map(|run| (run.work_center_id, run))
        .collect();
    let counts = counts_in(db, tenant, window).await?;

    let mut spans: HashMap<i64, Vec<StateSpan>> = HashMap::new();
    let mut open: HashMap<i64, &state_event::Model> = HashMap::new();
    for state in &states {
        let loss = state.reason_id.and_then(|id| losses.get(&id).copied());
        let end_ms = state.ended_ms.unwrap_or(window.end_ms);
        spans.entry(state.work_center_id).or_default().push(StateSpan {
            state: state.state.into(),
            start_ms: state.started_ms,
            end_ms,
            loss,
        });
        if state.ended_ms.is_none() {
            open.insert(state.work_center_id, state);
        }
    }
    let mut per_run: HashMap<i64, (i64, i64)> = HashMap::new();
    let mut by_center: HashMap<i64, Vec<CountEvent>> = HashMap::new();
    for (work_center, run_id, count) in counts {
        let run_total = per_run.entry(run_id).or_default();
        run_total.0 += count.good;
        run_total.1 += count.scrap;
        by_center.entry(work_center).or_default().push(count);
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
                good: per_run.get(&run.id).map_or(0, |c| c.0),
                scrap: per_run.get(&run.id).map_or(0, |c| c.1),
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

async fn counts_in(
    db: &impl ConnectionTrait,
    tenant: TenantId,
    window: Window,
) -> Result<Vec<(i64, i64, CountEvent)>, DbErr> {
    // `$1`…`$3` are positional on Postgres and named (bound in order) on SQLite.
    let values = [tenant.0.into(), window.start_ms.into(), window.end_ms.into()];
    let statement = Statement::from_sql_and_values(db.get_database_backend(), COUNTS_SQL, values);
    db.query_all_raw(statement)
        .await?
        .iter()
        .map(|row| {
            let count = CountEvent {
                at_ms: row.try_get("", "at_ms")?,
                good: row.try_get("", "good")?,
                scrap: row.try_get("", "scrap")?,
                ideal_cycle_ms: row.try_get("", "ideal_cycle_ms")?,
                run_started_ms: row.try_get("", "run_started_ms")?,
                run_pieces_before: row.try_get("", "pieces_before")?,
            };
            Ok((row.try_get("", "work_center_id")?, row.try_get("", "run_id")?, count))
        })
        .collect()
}
