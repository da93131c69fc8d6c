//! `users.sessions_valid_after` (Unix ms): sessions signed in before this moment no longer
//! count. A password reset, a deactivation or a role change sets it, which ends
//! every session the user had open: at once on the instance that made the change,
//! within a second on the others (they learn of it from m0008's change log).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    SessionsValidAfter,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::SessionsValidAfter).big_integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::SessionsValidAfter).to_owned()).await
    }
}
