//! How long a work center's running machine may count nothing before the floor
//! watch takes it to have stopped (an unexplained stop), per work center in
//! minutes; empty means the default of five.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let column = ColumnDef::new(Alias::new("unexplained_after_min")).integer().null().to_owned();
        manager.alter_table(Table::alter().table(Alias::new("work_centers")).add_column(column).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let drop = Table::alter()
            .table(Alias::new("work_centers"))
            .drop_column(Alias::new("unexplained_after_min"))
            .to_owned();
        manager.alter_table(drop).await
    }
}
