//! Shift calendars per facility: shifts by local time of day on chosen weekdays,
//! with planned breaks (`10:00+15, …`), and holidays on which no shift starts.
//! The texts are checked by `app::domain::shift_calendar` when saved; the
//! facility's time zone turns them into moments. Tenant-owned, with row-level
//! security on Postgres.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::postgres;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn tables(id: &str) -> [String; 2] {
    let tenant = "tenant_id BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE";
    let facility = "facility_id BIGINT NOT NULL REFERENCES facilities(id) ON DELETE CASCADE";
    [
        format!(
            "CREATE TABLE shifts (
                id {id}, {tenant}, {facility},
                code VARCHAR(32) NOT NULL,
                name VARCHAR(200) NOT NULL,
                starts_at VARCHAR(5) NOT NULL,
                ends_at VARCHAR(5) NOT NULL,
                weekdays VARCHAR(40) NOT NULL,
                breaks VARCHAR(200) NULL,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                updated_at TIMESTAMP WITH TIME ZONE NULL,
                UNIQUE (tenant_id, code)
            )"
        ),
        format!(
            "CREATE TABLE holidays (
                id {id}, {tenant}, {facility},
                code VARCHAR(32) NOT NULL,
                name VARCHAR(200) NOT NULL,
                date VARCHAR(10) NOT NULL,
                updated_at TIMESTAMP WITH TIME ZONE NULL,
                UNIQUE (tenant_id, code)
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
        db.execute_unprepared("CREATE INDEX shifts_by_facility ON shifts (tenant_id, facility_id)").await?;
        db.execute_unprepared("CREATE INDEX holidays_by_facility ON holidays (tenant_id, facility_id, date)").await?;
        postgres::secure_tenant_tables(manager, &["shifts", "holidays"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["holidays", "shifts"] {
            manager.get_connection().execute_unprepared(&format!("DROP TABLE {table}")).await?;
        }
        Ok(())
    }
}
