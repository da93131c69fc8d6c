//! Runs by when they started (or were planned to, or were created): the runs
//! table lists a tenant's runs newest first within a date range, and at 100,000
//! runs it must not sort them all. The expression is the one the runs query
//! filters and orders by, written the same way, so both backends use the index.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The moment the runs table lists a run by: see `app::production::runs`.
pub const RUN_START: &str = "COALESCE(started_ms, planned_start_ms, created_ms)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = format!("CREATE INDEX production_runs_by_start ON production_runs (tenant_id, ({RUN_START}), id)");
        manager.get_connection().execute_unprepared(&sql).await.map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP INDEX production_runs_by_start").await.map(|_| ())
    }
}
