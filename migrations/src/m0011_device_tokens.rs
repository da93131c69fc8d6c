//! Device tokens: long-lived, revocable secrets that let a device act without a
//! person signing in. A `machine` token lets a PLC gateway feed one work
//! center's counts and states (`POST /api/machine/…`); its writes are recorded
//! by the token's own account (`acts_as`: a user that can never sign in), so
//! every count still names who recorded it. Only the SHA-256 of a token is kept:
//! the secret is shown once, when it is made. Tenant-owned, with row-level
//! security on Postgres. (`display` links for the wall TV share the table:
//! bound to a facility, read-only.)

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::postgres;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn table(id: &str) -> String {
    format!(
        "CREATE TABLE device_tokens (
            id {id},
            tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
            kind VARCHAR(16) NOT NULL CHECK (kind IN ('machine', 'display')),
            work_center_id BIGINT NULL REFERENCES work_centers(id) ON DELETE CASCADE,
            facility_id BIGINT NULL REFERENCES facilities(id) ON DELETE CASCADE,
            name VARCHAR(100) NOT NULL,
            token_hash VARCHAR(64) NOT NULL,
            acts_as BIGINT NULL REFERENCES users(id),
            created_by BIGINT NOT NULL REFERENCES users(id),
            created_ms BIGINT NOT NULL,
            revoked_ms BIGINT NULL,
            last_used_ms BIGINT NULL,
            CHECK ((kind = 'machine' AND work_center_id IS NOT NULL AND acts_as IS NOT NULL)
                OR (kind = 'display' AND facility_id IS NOT NULL))
        )"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let id = postgres::id_column(manager);
        db.execute_unprepared(&table(id)).await?;
        db.execute_unprepared("CREATE UNIQUE INDEX device_tokens_by_hash ON device_tokens (token_hash)").await?;
        db.execute_unprepared("CREATE INDEX device_tokens_by_tenant ON device_tokens (tenant_id, created_ms)").await?;
        if postgres::is_postgres(manager) {
            postgres::grant_app_role(manager).await?;
            postgres::isolate_by_tenant(manager, "device_tokens", "tenant_id").await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP TABLE device_tokens").await.map(|_| ())
    }
}
