//! A tenant's loss rules (the OEE's classification thresholds): stops shorter
//! than `minor_stop_s` are minor stops, and scrap in a run's first
//! `startup_min` minutes or before its first `startup_pieces` pieces is a
//! start-up reject. One row per tenant; none means the defaults (2 min, 10 min,
//! 0 pieces). Row-level security on Postgres.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::postgres;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "CREATE TABLE loss_policies (
    tenant_id BIGINT NOT NULL PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
    minor_stop_s BIGINT NOT NULL CHECK (minor_stop_s BETWEEN 1 AND 3600),
    startup_min BIGINT NOT NULL CHECK (startup_min BETWEEN 0 AND 480),
    startup_pieces BIGINT NOT NULL CHECK (startup_pieces BETWEEN 0 AND 1000000),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(TABLE).await?;
        postgres::secure_tenant_tables(manager, &["loss_policies"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP TABLE loss_policies").await.map(|_| ())
    }
}
