//! Floor alerts: the rules a tenant administrator sets (a threshold per kind,
//! for every work center or one), and the alerts the floor watch raises when a
//! work center crosses one, until it clears by itself. A supervisor acknowledges
//! an alert with a comment; cleared alerts stay as the history. At most one alert
//! of a kind is open per work center (a partial unique index, on both backends).
//! Tenant-owned, with row-level security on Postgres.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::postgres;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The kinds of alert, as the rules and the alerts name them.
const KINDS: &str = "'oee_below', 'down_longer_than', 'scrap_rate_above', 'unexplained_longer_than'";

fn tables(id: &str) -> [String; 2] {
    let tenant = "tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE";
    [
        format!(
            "CREATE TABLE alert_rules (
                id {id}, {tenant},
                code VARCHAR(32) NOT NULL,
                kind VARCHAR(32) NOT NULL CHECK (kind IN ({KINDS})),
                work_center_id BIGINT NULL REFERENCES work_centers(id) ON DELETE CASCADE,
                threshold DOUBLE PRECISION NOT NULL CHECK (threshold >= 0),
                active BOOLEAN NOT NULL DEFAULT TRUE,
                updated_at TIMESTAMP WITH TIME ZONE NULL,
                UNIQUE (tenant_id, code)
            )"
        ),
        format!(
            "CREATE TABLE alerts (
                id {id}, {tenant},
                work_center_id BIGINT NOT NULL REFERENCES work_centers(id) ON DELETE CASCADE,
                kind VARCHAR(32) NOT NULL CHECK (kind IN ({KINDS})),
                threshold DOUBLE PRECISION NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                raised_ms BIGINT NOT NULL,
                acknowledged_ms BIGINT NULL,
                acknowledged_by BIGINT NULL REFERENCES users(id),
                ack_comment VARCHAR(500) NULL,
                cleared_ms BIGINT NULL,
                CHECK ((acknowledged_ms IS NULL) = (acknowledged_by IS NULL)),
                CHECK (cleared_ms IS NULL OR cleared_ms >= raised_ms)
            )"
        ),
    ]
}

const INDEXES: [&str; 3] = [
    "CREATE UNIQUE INDEX alerts_one_open_per_kind ON alerts (tenant_id, work_center_id, kind)
         WHERE cleared_ms IS NULL",
    "CREATE INDEX alerts_by_raise ON alerts (tenant_id, raised_ms)",
    "CREATE INDEX alert_rules_by_tenant ON alert_rules (tenant_id, active)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in tables(postgres::id_column(manager)) {
            db.execute_unprepared(&table).await?;
        }
        for index in INDEXES {
            db.execute_unprepared(index).await?;
        }
        postgres::secure_tenant_tables(manager, &["alert_rules", "alerts"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["alerts", "alert_rules"] {
            manager.get_connection().execute_unprepared(&format!("DROP TABLE {table}")).await?;
        }
        Ok(())
    }
}
