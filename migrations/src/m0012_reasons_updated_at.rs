//! The downtime and scrap reason catalogues become master data that tenant
//! administrators edit in the catalog forms, which stamp each save: they get an
//! `updated_at` like the other catalogues (empty for the reasons made before).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["downtime_reasons", "scrap_reasons"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            let column = ColumnDef::new(Alias::new("updated_at")).timestamp_with_time_zone().null().to_owned();
            manager.alter_table(Table::alter().table(Alias::new(table)).add_column(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            let drop = Table::alter().table(Alias::new(table)).drop_column(Alias::new("updated_at")).to_owned();
            manager.alter_table(drop).await?;
        }
        Ok(())
    }
}
