//! Production: the reasons a tenant gives for stops and scrap, production runs,
//! and the count and state events operators (or a machine gateway) record
//! against a work center. Event times are Unix milliseconds (`*_ms`), which the
//! OEE computation works in on both backends alike. All tenant-owned, with
//! row-level security on Postgres.
//!
//! Rules the store keeps and the schema backs: a work center has at most one
//! ACTIVE or PAUSED run and at most one open state (`ended_ms` NULL) — unique
//! partial indexes on both backends — and a reason's loss is one of four.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::postgres;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 5] = ["downtime_reasons", "scrap_reasons", "production_runs", "count_events", "state_events"];

/// Plain SQL both backends accept: integer ids are `BIGINT` on Postgres (with an
/// identity) and `INTEGER PRIMARY KEY` on SQLite (its row id).
fn tables(id: &str) -> [String; 5] {
    let tenant = "tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE";
    [
        format!(
            "CREATE TABLE downtime_reasons (
                id {id}, {tenant},
                code VARCHAR(32) NOT NULL,
                name VARCHAR(200) NOT NULL,
                loss VARCHAR(32) NOT NULL CHECK (loss IN
                    ('breakdown', 'setup_adjustment', 'planned_stop_excluded', 'planned_stop_counted')),
                needs_comment BOOLEAN NOT NULL DEFAULT FALSE,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                UNIQUE (tenant_id, code)
            )"
        ),
        format!(
            "CREATE TABLE scrap_reasons (
                id {id}, {tenant},
                code VARCHAR(32) NOT NULL,
                name VARCHAR(200) NOT NULL,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                UNIQUE (tenant_id, code)
            )"
        ),
        format!(
            "CREATE TABLE production_runs (
                id {id}, {tenant},
                work_center_id BIGINT NOT NULL REFERENCES work_centers(id),
                job VARCHAR(64) NOT NULL,
                product VARCHAR(200) NOT NULL,
                planned_quantity BIGINT NOT NULL CHECK (planned_quantity >= 0),
                ideal_cycle_ms BIGINT NOT NULL CHECK (ideal_cycle_ms > 0),
                status VARCHAR(16) NOT NULL CHECK (status IN
                    ('scheduled', 'active', 'paused', 'completed', 'cancelled')),
                planned_start_ms BIGINT NULL,
                planned_end_ms BIGINT NULL,
                started_ms BIGINT NULL,
                ended_ms BIGINT NULL,
                operator_id BIGINT NULL REFERENCES users(id),
                created_ms BIGINT NOT NULL
            )"
        ),
        format!(
            "CREATE TABLE count_events (
                id {id}, {tenant},
                work_center_id BIGINT NOT NULL REFERENCES work_centers(id),
                run_id BIGINT NOT NULL REFERENCES production_runs(id),
                at_ms BIGINT NOT NULL,
                good BIGINT NOT NULL CHECK (good >= 0),
                scrap BIGINT NOT NULL CHECK (scrap >= 0),
                scrap_reason_id BIGINT NULL REFERENCES scrap_reasons(id),
                recorded_by BIGINT NOT NULL REFERENCES users(id),
                CHECK (good + scrap > 0)
            )"
        ),
        format!(
            "CREATE TABLE state_events (
                id {id}, {tenant},
                work_center_id BIGINT NOT NULL REFERENCES work_centers(id),
                state VARCHAR(16) NOT NULL CHECK (state IN
                    ('running', 'idle', 'setup', 'down', 'maintenance', 'not_scheduled')),
                started_ms BIGINT NOT NULL,
                ended_ms BIGINT NULL,
                reason_id BIGINT NULL REFERENCES downtime_reasons(id),
                comment VARCHAR(500) NULL,
                recorded_by BIGINT NOT NULL REFERENCES users(id),
                CHECK (ended_ms IS NULL OR ended_ms > started_ms)
            )"
        ),
    ]
}

const INDEXES: [&str; 5] = [
    "CREATE UNIQUE INDEX production_runs_one_live_per_work_center ON production_runs (work_center_id)
         WHERE status IN ('active', 'paused')",
    "CREATE INDEX production_runs_by_work_center ON production_runs (tenant_id, work_center_id, status)",
    "CREATE INDEX count_events_by_work_center ON count_events (tenant_id, work_center_id, at_ms)",
    "CREATE UNIQUE INDEX state_events_one_open_per_work_center ON state_events (work_center_id)
         WHERE ended_ms IS NULL",
    "CREATE INDEX state_events_by_work_center ON state_events (tenant_id, work_center_id, started_ms)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let id = postgres::id_column(manager);
        for sql in tables(id).iter().map(String::as_str).chain(INDEXES) {
            db.execute_unprepared(sql).await?;
        }
        if postgres::is_postgres(manager) {
            postgres::grant_app_role(manager).await?;
            for table in TABLES {
                postgres::isolate_by_tenant(manager, table, "tenant_id").await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in TABLES.iter().rev() {
            db.execute_unprepared(&format!("DROP TABLE {table}")).await?;
        }
        Ok(())
    }
}
