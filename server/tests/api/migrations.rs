//! An operator upgrades and rolls back the schema.

use migrations::MigratorTrait;
use sea_orm::{EntityTrait, PaginatorTrait};
use server::database::{connect_url, migrate_down, migrate_up, migration_status};

use crate::helpers::{Backend, TestDb};
use crate::on_both_backends;

on_both_backends!(migrations_go_up_down_and_up_again);

async fn migrations_go_up_down_and_up_again(backend: Backend) {
    let Some(test_db) = TestDb::create(backend).await else { return };
    let db = connect_url(&test_db.url, 2).await.unwrap();
    let total = migrations::Migrator::migrations().len() as u32;

    migrate_up(&db).await.unwrap();
    assert!(migration_status(&db).await.unwrap().iter().all(|(_, applied)| *applied));
    assert_eq!(app::db::entity::tenant::Entity::find().count(&db).await.unwrap(), 0);

    migrate_down(&db, total).await.unwrap();
    assert!(migration_status(&db).await.unwrap().iter().all(|(_, applied)| !*applied));
    assert!(app::db::entity::tenant::Entity::find().count(&db).await.is_err(), "tenants table should be gone");

    migrate_up(&db).await.unwrap();
    assert_eq!(app::db::entity::facility::Entity::find().count(&db).await.unwrap(), 0);
    assert!(migration_status(&db).await.unwrap().iter().all(|(_, applied)| *applied));
}
