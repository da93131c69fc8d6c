//! `auth_changes`: a short log of every change that can end or alter a signed-in
//! session — a session saved or deleted, a user's role, status, name or
//! `sessions_valid_after`, a tenant's status or name. Triggers write it in the
//! changing transaction itself, so no code path (the CLI, a second server
//! instance, a hand-written UPDATE) can forget to.
//!
//! Each server instance keeps sessions and account standings in memory and reads
//! this log about once a second to forget what changed: a dashboard poll then
//! costs no statement, and a deactivation still ends sessions on every instance
//! within a second. `at_ms` is the database's own clock, so instances compare
//! against one clock; the sweep deletes rows older than a few minutes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::postgres::{grant_app_role, is_postgres};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &str = "
CREATE TABLE auth_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT,
    user_id INTEGER,
    tenant_id INTEGER,
    at_ms INTEGER NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER))
);
CREATE INDEX auth_changes_by_time ON auth_changes (at_ms);
CREATE TRIGGER auth_changes_session_saved AFTER UPDATE ON sessions
BEGIN INSERT INTO auth_changes (session_id) VALUES (OLD.id); END;
CREATE TRIGGER auth_changes_session_deleted AFTER DELETE ON sessions
BEGIN INSERT INTO auth_changes (session_id) VALUES (OLD.id); END;
CREATE TRIGGER auth_changes_user_changed AFTER UPDATE ON users
WHEN OLD.role IS NOT NEW.role OR OLD.status IS NOT NEW.status OR OLD.display_name IS NOT NEW.display_name
  OR OLD.tenant_id IS NOT NEW.tenant_id OR OLD.sessions_valid_after IS NOT NEW.sessions_valid_after
BEGIN INSERT INTO auth_changes (user_id) VALUES (OLD.id); END;
CREATE TRIGGER auth_changes_user_deleted AFTER DELETE ON users
BEGIN INSERT INTO auth_changes (user_id) VALUES (OLD.id); END;
CREATE TRIGGER auth_changes_tenant_changed AFTER UPDATE ON tenants
WHEN OLD.status IS NOT NEW.status OR OLD.name IS NOT NEW.name
BEGIN INSERT INTO auth_changes (tenant_id) VALUES (OLD.id); END;
CREATE TRIGGER auth_changes_tenant_deleted AFTER DELETE ON tenants
BEGIN INSERT INTO auth_changes (tenant_id) VALUES (OLD.id); END;
";

const SQLITE_DOWN: &str = "
DROP TRIGGER auth_changes_session_saved;
DROP TRIGGER auth_changes_session_deleted;
DROP TRIGGER auth_changes_user_changed;
DROP TRIGGER auth_changes_user_deleted;
DROP TRIGGER auth_changes_tenant_changed;
DROP TRIGGER auth_changes_tenant_deleted;
DROP TABLE auth_changes;
";

/// The triggers run as the role that made the change (`floorcast_app` inside
/// scoped transactions), which [`grant_app_role`] lets insert into the log.
const POSTGRES_UP: &str = "
CREATE TABLE auth_changes (
    seq BIGSERIAL PRIMARY KEY,
    session_id TEXT,
    user_id BIGINT,
    tenant_id BIGINT,
    at_ms BIGINT NOT NULL DEFAULT (extract(epoch FROM clock_timestamp()) * 1000)::bigint
);
CREATE INDEX auth_changes_by_time ON auth_changes (at_ms);
CREATE FUNCTION auth_changes_log_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO auth_changes (session_id) VALUES (OLD.id);
    RETURN NULL;
END $$;
CREATE FUNCTION auth_changes_log_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (OLD.role, OLD.status, OLD.display_name, OLD.tenant_id, OLD.sessions_valid_after)
        IS DISTINCT FROM (NEW.role, NEW.status, NEW.display_name, NEW.tenant_id, NEW.sessions_valid_after) THEN
        INSERT INTO auth_changes (user_id) VALUES (OLD.id);
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION auth_changes_log_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (OLD.status, OLD.name) IS DISTINCT FROM (NEW.status, NEW.name) THEN
        INSERT INTO auth_changes (tenant_id) VALUES (OLD.id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER auth_changes_session AFTER UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION auth_changes_log_session();
CREATE TRIGGER auth_changes_user AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION auth_changes_log_user();
CREATE TRIGGER auth_changes_tenant AFTER UPDATE OR DELETE ON tenants
    FOR EACH ROW EXECUTE FUNCTION auth_changes_log_tenant();
";

const POSTGRES_DOWN: &str = "
DROP TRIGGER auth_changes_session ON sessions;
DROP TRIGGER auth_changes_user ON users;
DROP TRIGGER auth_changes_tenant ON tenants;
DROP FUNCTION auth_changes_log_session();
DROP FUNCTION auth_changes_log_user();
DROP FUNCTION auth_changes_log_tenant();
DROP TABLE auth_changes;
";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if is_postgres(manager) {
            manager.get_connection().execute_unprepared(POSTGRES_UP).await?;
            grant_app_role(manager).await
        } else {
            manager.get_connection().execute_unprepared(SQLITE_UP).await.map(|_| ())
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = if is_postgres(manager) { POSTGRES_DOWN } else { SQLITE_DOWN };
        manager.get_connection().execute_unprepared(sql).await.map(|_| ())
    }
}
