//! The floor under load: the demo seeded at a benchmark's scale with days of
//! history, and the people who use it: supervisors at dashboards and operators
//! signed in at the tablets of work centers with a live run.

use std::time::Duration;

use app::auth::model::Role;
use app::db::entity::production_run::{self, RunStatus};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::load::{Call, Client};
use crate::bench_server::session_for;
use crate::seed::{seed_demo_with_history, Scale};

/// How big the seeded floor came out.
#[derive(Clone, Copy, Debug)]
pub struct FloorSize {
    pub work_centers: u64,
    pub runs: u64,
    pub count_events: u64,
    pub state_events: u64,
    pub seed_seconds: f64,
}

/// Seeds the demo at `scale` with `days` of history, then lets the planner see it
/// and Postgres mark it all visible (as autovacuum and `PRAGMA optimize` would
/// soon after on a live database).
pub async fn seed(db: &DatabaseConnection, scale: Scale, days: u32) -> Result<FloorSize, String> {
    let started = std::time::Instant::now();
    seed_demo_with_history(db, scale, days).await.map_err(|e| format!("seeding failed: {e}"))?;
    let settle = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    db.execute_unprepared(settle).await.map_err(|e| e.to_string())?;
    let rows = |table: &str| {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        async move {
            let row = db
                .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql))
                .await
                .map_err(|e| e.to_string())?
                .ok_or("no count")?;
            row.try_get::<i64>("", "n").map(|n| n as u64).map_err(|e| e.to_string())
        }
    };
    Ok(FloorSize {
        work_centers: rows("work_centers").await?,
        runs: rows("production_runs").await?,
        count_events: rows("count_events").await?,
        state_events: rows("state_events").await?,
        seed_seconds: started.elapsed().as_secs_f64(),
    })
}

/// `count` supervisors polling the overview every `every`, their phases spread
/// evenly over the interval (as dashboards opened at random moments are).
pub async fn dashboards(db: &DatabaseConnection, count: usize, every: Duration) -> Result<Vec<Client>, String> {
    let mut clients = Vec::with_capacity(count);
    for i in 0..count {
        clients.push(Client {
            cookie: session_for(db, "supervisor@acme.example", Role::Supervisor, None).await?,
            every,
            phase: every.mul_f64(i as f64 / count as f64),
            call: Call::Overview,
        });
    }
    Ok(clients)
}

/// `count` operators, each at the tablet of a different work center with a live
/// run, pressing +1 every `every`, their phases spread over the interval.
pub async fn tablets(db: &DatabaseConnection, count: usize, every: Duration) -> Result<Vec<Client>, String> {
    let live = production_run::Entity::find()
        .filter(production_run::Column::Status.eq(RunStatus::Active))
        .order_by_asc(production_run::Column::WorkCenterId)
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    if live.len() < count {
        return Err(format!("{count} tablets need as many live runs; the floor has {}", live.len()));
    }
    let mut clients = Vec::with_capacity(count);
    for (i, run) in live.iter().take(count).enumerate() {
        let cookie = session_for(db, "operator@acme.example", Role::Operator, Some(run.work_center_id)).await?;
        clients.push(Client {
            cookie,
            every,
            phase: every.mul_f64(i as f64 / count as f64),
            call: Call::CountOne { work_center_id: run.work_center_id, run_id: run.id },
        });
    }
    Ok(clients)
}
