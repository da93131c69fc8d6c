//! Accounts and sessions: tenant status, users with roles, operator badges,
//! server-side sessions, login throttling and the audit log. On Postgres, every
//! tenant-owned table gets row-level security (see `postgres.rs`).

use sea_orm_migration::prelude::*;

use crate::postgres;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
    Status,
}

#[derive(DeriveIden)]
enum Facilities {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    TenantId,
    Email,
    DisplayName,
    Role,
    Status,
    PasswordHash,
    LastLoginAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OperatorBadges {
    Table,
    Id,
    TenantId,
    FacilityId,
    UserId,
    Badge,
    PinHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
    Failures,
    BlockedUntil,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    TenantId,
    UserId,
    Action,
    Entity,
    EntityId,
    Summary,
    At,
}

fn id(column: impl IntoIden) -> ColumnDef {
    ColumnDef::new(column).big_integer().not_null().auto_increment().primary_key().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tenants::Table)
                    .add_column(ColumnDef::new(Tenants::Status).string_len(16).not_null().default("active"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(id(Users::Id))
                    // NULL for platform administrators, who belong to no tenant.
                    .col(ColumnDef::new(Users::TenantId).big_integer().null())
                    .col(ColumnDef::new(Users::Email).string_len(254).not_null())
                    .col(ColumnDef::new(Users::DisplayName).string_len(100).not_null())
                    .col(ColumnDef::new(Users::Role).string_len(32).not_null())
                    .col(ColumnDef::new(Users::Status).string_len(16).not_null().default("active"))
                    .col(ColumnDef::new(Users::PasswordHash).string_len(255).not_null())
                    .col(ColumnDef::new(Users::LastLoginAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Users::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("users_tenant_email")
                    .table(Users::Table)
                    .col(Users::TenantId)
                    .col(Users::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("users_email").table(Users::Table).col(Users::Email).to_owned())
            .await?;
        // A unique index ignores NULL tenant ids, so platform e-mails get their own.
        manager
            .get_connection()
            .execute_unprepared("CREATE UNIQUE INDEX users_platform_email ON users (email) WHERE tenant_id IS NULL")
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OperatorBadges::Table)
                    .col(id(OperatorBadges::Id))
                    .col(ColumnDef::new(OperatorBadges::TenantId).big_integer().not_null())
                    .col(ColumnDef::new(OperatorBadges::FacilityId).big_integer().not_null())
                    .col(ColumnDef::new(OperatorBadges::UserId).big_integer().not_null())
                    .col(ColumnDef::new(OperatorBadges::Badge).string_len(32).not_null())
                    .col(ColumnDef::new(OperatorBadges::PinHash).string_len(255).not_null())
                    .col(ColumnDef::new(OperatorBadges::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(OperatorBadges::Table, OperatorBadges::FacilityId)
                            .to(Facilities::Table, Facilities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OperatorBadges::Table, OperatorBadges::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("operator_badges_tenant_facility_badge")
                    .table(OperatorBadges::Table)
                    .col(OperatorBadges::TenantId)
                    .col(OperatorBadges::FacilityId)
                    .col(OperatorBadges::Badge)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(ColumnDef::new(Sessions::Id).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(Sessions::Data).text().not_null())
                    .col(ColumnDef::new(Sessions::ExpiresAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("sessions_expires_at").table(Sessions::Table).col(Sessions::ExpiresAt).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    .col(ColumnDef::new(LoginThrottle::Key).string_len(320).not_null().primary_key())
                    .col(ColumnDef::new(LoginThrottle::Failures).integer().not_null())
                    .col(ColumnDef::new(LoginThrottle::BlockedUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(LoginThrottle::UpdatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(id(AuditLog::Id))
                    .col(ColumnDef::new(AuditLog::TenantId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::UserId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::Action).string_len(64).not_null())
                    .col(ColumnDef::new(AuditLog::Entity).string_len(64).not_null())
                    .col(ColumnDef::new(AuditLog::EntityId).string_len(64).null())
                    .col(ColumnDef::new(AuditLog::Summary).text().not_null())
                    .col(ColumnDef::new(AuditLog::At).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_log_tenant_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::TenantId)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await?;

        if postgres::is_postgres(manager) {
            postgres::create_app_role(manager).await?;
            postgres::grant_app_role(manager).await?;
            postgres::isolate_by_tenant(manager, "tenants", "id").await?;
            for table in ["facilities", "users", "operator_badges", "audit_log"] {
                postgres::isolate_by_tenant(manager, table, "tenant_id").await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if postgres::is_postgres(manager) {
            manager
                .get_connection()
                .execute_unprepared(
                    "DROP POLICY IF EXISTS tenant_isolation ON tenants;
                     ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY;
                     ALTER TABLE tenants DISABLE ROW LEVEL SECURITY;
                     DROP POLICY IF EXISTS tenant_isolation ON facilities;
                     ALTER TABLE facilities NO FORCE ROW LEVEL SECURITY;
                     ALTER TABLE facilities DISABLE ROW LEVEL SECURITY;",
                )
                .await?;
        }
        for table in [
            AuditLog::Table.into_iden(),
            LoginThrottle::Table.into_iden(),
            Sessions::Table.into_iden(),
            OperatorBadges::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Tenants::Table).drop_column(Tenants::Status).to_owned()).await?;
        if postgres::is_postgres(manager) {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS floorcast_row_visible(bigint)")
                .await?;
        }
        Ok(())
    }
}
