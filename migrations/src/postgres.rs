//! Postgres-only parts of the schema: the application role and row-level security.
//!
//! The application runs every tenant-scoped transaction as the role `floorcast_app`
//! (`SET LOCAL ROLE`), which is not the tables' owner; with FORCE ROW LEVEL SECURITY
//! the policies below hold even for the owner. A row is visible when its
//! `tenant_id` equals `app.tenant_id` of the transaction, or when the transaction
//! declared `app.scope = 'platform'` (platform administration, authentication).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// The role the application switches to inside each scoped transaction.
pub const APP_ROLE: &str = "floorcast_app";

pub fn is_postgres(manager: &SchemaManager) -> bool {
    manager.get_database_backend() == DbBackend::Postgres
}

/// Creates the application role (once per cluster) and the visibility function.
pub async fn create_app_role(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    db.execute_unprepared(&format!(
        "DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                BEGIN
                    CREATE ROLE {APP_ROLE} NOLOGIN;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END;
            END IF;
            IF NOT pg_has_role(current_user, '{APP_ROLE}', 'MEMBER') THEN
                EXECUTE format('GRANT {APP_ROLE} TO %I', current_user);
            END IF;
        END $$"
    ))
    .await?;
    db.execute_unprepared(
        "CREATE OR REPLACE FUNCTION floorcast_row_visible(row_tenant bigint) RETURNS boolean
         LANGUAGE sql STABLE AS $$
            SELECT current_setting('app.scope', true) = 'platform'
                OR row_tenant = NULLIF(current_setting('app.tenant_id', true), '')::bigint
         $$",
    )
    .await?;
    Ok(())
}

/// Lets the application role use every table and sequence that exists now.
/// Each migration that creates tables calls it again.
pub async fn grant_app_role(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    db.execute_unprepared(&format!(
        "GRANT USAGE ON SCHEMA public TO {APP_ROLE};
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE};
         GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE};"
    ))
    .await?;
    Ok(())
}

/// Turns on row-level security for a tenant-owned table; `column` holds the tenant id.
pub async fn isolate_by_tenant(manager: &SchemaManager<'_>, table: &str, column: &str) -> Result<(), DbErr> {
    manager
        .get_connection()
        .execute_unprepared(&format!(
            "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
             ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
             CREATE POLICY tenant_isolation ON {table}
                 USING (floorcast_row_visible({column}))
                 WITH CHECK (floorcast_row_visible({column}));"
        ))
        .await?;
    Ok(())
}
