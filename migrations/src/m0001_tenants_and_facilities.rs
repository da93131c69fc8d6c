//! Tenants (customer companies) and their facilities (plants, warehouses).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
    Name,
    Slug,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Facilities {
    Table,
    Id,
    TenantId,
    Code,
    Name,
    Timezone,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tenants::Table)
                    .col(ColumnDef::new(Tenants::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Tenants::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Tenants::Slug).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Tenants::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Facilities::Table)
                    .col(ColumnDef::new(Facilities::Id).big_integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Facilities::TenantId).big_integer().not_null())
                    .col(ColumnDef::new(Facilities::Code).string_len(32).not_null())
                    .col(ColumnDef::new(Facilities::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Facilities::Timezone).string_len(64).not_null())
                    .col(ColumnDef::new(Facilities::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Facilities::Table, Facilities::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Every key of a tenant-owned table starts with tenant_id (see ARCHITECTURE.md).
        manager
            .create_index(
                Index::create()
                    .name("facilities_tenant_code")
                    .table(Facilities::Table)
                    .col(Facilities::TenantId)
                    .col(Facilities::Code)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Facilities::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Tenants::Table).to_owned()).await
    }
}
