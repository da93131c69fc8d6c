//! The floor overview's window index over count events (m0007's
//! `count_events_by_time`) is replaced by one that carries the scrap reason too:
//! the overview's scrap Pareto reads it, and without it every count of the day
//! would be looked up in the table again. The new index is made before the old is
//! dropped, so the window is never without one; it has a new name because a
//! second SQLite connection may still know the old one.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: (&str, &str) = ("count_events_by_time", "tenant_id, at_ms, work_center_id, run_id, good, scrap, id");
const NEW: (&str, &str) =
    ("count_events_in_window", "tenant_id, at_ms, work_center_id, run_id, good, scrap, id, scrap_reason_id");

/// Creates the index `make` and then drops `drop`.
async fn replace(manager: &SchemaManager<'_>, make: (&str, &str), drop: (&str, &str)) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let (name, columns) = make;
    db.execute_unprepared(&format!("CREATE INDEX {name} ON count_events ({columns})")).await?;
    db.execute_unprepared(&format!("DROP INDEX {}", drop.0)).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace(manager, NEW, OLD).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace(manager, OLD, NEW).await
    }
}
