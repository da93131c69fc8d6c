//! Idempotency keys: one row per write a client asked for with a key, holding the
//! answer it got, so a retry after a dropped connection gets the same answer and
//! writes nothing twice. Tenant-scoped, row-level security on Postgres.

use sea_orm_migration::prelude::*;

use crate::postgres;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    TenantId,
    Key,
    UserId,
    Endpoint,
    RequestHash,
    Response,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(ColumnDef::new(IdempotencyKeys::TenantId).big_integer().not_null())
                    .col(ColumnDef::new(IdempotencyKeys::Key).string_len(64).not_null())
                    .col(ColumnDef::new(IdempotencyKeys::UserId).big_integer().not_null())
                    .col(ColumnDef::new(IdempotencyKeys::Endpoint).string_len(100).not_null())
                    .col(ColumnDef::new(IdempotencyKeys::RequestHash).string_len(64).not_null())
                    // NULL while the write that claimed the key is still running.
                    .col(ColumnDef::new(IdempotencyKeys::Response).text().null())
                    .col(ColumnDef::new(IdempotencyKeys::CreatedAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(IdempotencyKeys::TenantId).col(IdempotencyKeys::Key))
                    .foreign_key(
                        ForeignKey::create()
                            .from(IdempotencyKeys::Table, IdempotencyKeys::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idempotency_keys_created_at")
                    .table(IdempotencyKeys::Table)
                    .col(IdempotencyKeys::CreatedAt)
                    .to_owned(),
            )
            .await?;
        if postgres::is_postgres(manager) {
            postgres::grant_app_role(manager).await?;
            postgres::isolate_by_tenant(manager, "idempotency_keys", "tenant_id").await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(IdempotencyKeys::Table).to_owned()).await
    }
}
