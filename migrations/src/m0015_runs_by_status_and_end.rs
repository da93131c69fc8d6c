//! Runs by status and end: the floor overview's summary counts the tenant's
//! scheduled runs and the runs completed today, which without it would walk
//! every run the tenant ever had. It carries the work center, so both counts are
//! read from the index alone.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = "CREATE INDEX production_runs_by_status_and_end ON production_runs (tenant_id, status, ended_ms, work_center_id)";
        manager.get_connection().execute_unprepared(sql).await.map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP INDEX production_runs_by_status_and_end").await.map(|_| ())
    }
}
