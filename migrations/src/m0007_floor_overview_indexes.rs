//! Indexes for the floor overview's window over the last 24 hours, which its first
//! indexes (per work center) could answer only by reading a tenant's whole history:
//! count events by time and by run (the pieces a run counted before the window), machine
//! states by their end (the open ones and those that ended inside the window), and
//! runs by status (the partial index on live runs serves only literal statuses,
//! not bound ones). The two window indexes carry every column the overview reads,
//! so it never visits the tables: a day's counts in 2 ms instead of 7 on SQLite.
//! Measured with `server bench-floor` on 1.4 million count events.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Name, table, columns.
const INDEXES: [(&str, &str, &str); 4] = [
    ("count_events_by_time", "count_events", "tenant_id, at_ms, work_center_id, run_id, good, scrap, id"),
    ("count_events_by_run", "count_events", "run_id, at_ms, id"),
    ("state_events_by_end", "state_events", "tenant_id, ended_ms, started_ms, work_center_id, state, reason_id"),
    ("production_runs_by_status", "production_runs", "tenant_id, status"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, columns) in INDEXES {
            manager.get_connection().execute_unprepared(&format!("CREATE INDEX {name} ON {table} ({columns})")).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, ..) in INDEXES {
            manager.get_connection().execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        Ok(())
    }
}
