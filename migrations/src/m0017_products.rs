//! Products and their ideal cycle times: a product may say how long one piece
//! ideally takes, and a work center may say it for one product (a press prints a
//! flyer faster than a brochure). A run fixes its ideal cycle time when it is
//! created (started or scheduled) from these; the index lists a tenant's
//! schedule in order. Tenant-owned, with row-level security on Postgres.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::postgres;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn tables(id: &str) -> [String; 2] {
    let tenant = "tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE";
    [
        format!(
            "CREATE TABLE products (
                id {id}, {tenant},
                code VARCHAR(32) NOT NULL,
                name VARCHAR(200) NOT NULL,
                ideal_cycle_s DOUBLE PRECISION NULL CHECK (ideal_cycle_s IS NULL OR ideal_cycle_s > 0),
                active BOOLEAN NOT NULL DEFAULT TRUE,
                updated_at TIMESTAMP WITH TIME ZONE NULL,
                UNIQUE (tenant_id, code)
            )"
        ),
        format!(
            "CREATE TABLE cycle_times (
                id {id}, {tenant},
                code VARCHAR(32) NOT NULL,
                product_id BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
                work_center_id BIGINT NOT NULL REFERENCES work_centers(id) ON DELETE CASCADE,
                ideal_cycle_s DOUBLE PRECISION NOT NULL CHECK (ideal_cycle_s > 0),
                updated_at TIMESTAMP WITH TIME ZONE NULL,
                UNIQUE (tenant_id, code),
                UNIQUE (tenant_id, product_id, work_center_id)
            )"
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in tables(postgres::id_column(manager)) {
            db.execute_unprepared(&table).await?;
        }
        db.execute_unprepared(
            "CREATE INDEX production_runs_scheduled ON production_runs (tenant_id, status, planned_start_ms)",
        )
        .await?;
        postgres::secure_tenant_tables(manager, &["products", "cycle_times"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX production_runs_scheduled").await?;
        for table in ["cycle_times", "products"] {
            db.execute_unprepared(&format!("DROP TABLE {table}")).await?;
        }
        Ok(())
    }
}
