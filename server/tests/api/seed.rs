//! A salesperson fills a fresh database with the demo tenant.

use app::db::entity::{facility, tenant};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder, Statement};
use server::database::{connect_url, migrate_up};
use server::seed::{seed_demo, Scale, SeedOutcome};

use crate::helpers::{Backend, TestDb};
use crate::on_both_backends;

on_both_backends!(demo_seed_creates_acme_print_once, scaled_seed_is_deterministic);

async fn seeded(backend: Backend, scale: u32) -> Option<(TestDb, sea_orm::DatabaseConnection, SeedOutcome)> {
    let test_db = TestDb::create(backend).await?;
    let db = connect_url(&test_db.url, 2).await.unwrap();
    migrate_up(&db).await.unwrap();
    let outcome = seed_demo(&db, Scale::parse(scale).unwrap()).await.unwrap();
    Some((test_db, db, outcome))
}

async fn demo_seed_creates_acme_print_once(backend: Backend) {
    let Some((_test_db, db, outcome)) = seeded(backend, 1).await else { return };
    let SeedOutcome::Created { summary } = outcome else { panic!("expected a fresh seed") };
    assert!(summary.iter().any(|l| l.contains("Acme Print")), "{summary:?}");
    let tenants = tenant::Entity::find().all(&db).await.unwrap();
    assert_eq!(tenants.len(), 1);
    assert_eq!(tenants[0].name, "Acme Print");
    assert_eq!(facility::Entity::find().count(&db).await.unwrap(), 2);

    assert_eq!(seed_demo(&db, Scale::parse(1).unwrap()).await.unwrap(), SeedOutcome::AlreadyPresent);
    assert_eq!(tenant::Entity::find().count(&db).await.unwrap(), 1, "a second seed changes nothing");
}

async fn scaled_seed_is_deterministic(backend: Backend) {
    let Some((_first_db, first, _)) = seeded(backend, 3).await else { return };
    let Some((_second_db, second, _)) = seeded(backend, 3).await else { return };
    assert_eq!(tenant::Entity::find().count(&first).await.unwrap(), 3);
    let zones = |db: sea_orm::DatabaseConnection| async move {
        facility::Entity::find()
            .order_by_asc(facility::Column::Id)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|f| (f.code, f.name, f.timezone))
            .collect::<Vec<_>>()
    };
    let sql = "SELECT COUNT(*) AS n, COUNT(DISTINCT code) AS codes FROM work_centers";
    let row = first.query_one_raw(Statement::from_string(first.get_database_backend(), sql)).await.unwrap().unwrap();
    let (n, codes): (i64, i64) = (row.try_get("", "n").unwrap(), row.try_get("", "codes").unwrap());
    assert_eq!((n, codes), (36, 36), "three lines of the demo's twelve work centers, each code its own");
    let first_facilities = zones(first).await;
    assert_eq!(first_facilities.len(), 6);
    assert_eq!(first_facilities, zones(second).await);
}

#[test]
fn scale_outside_1_to_1000_is_refused() {
    assert!(Scale::parse(0).is_err());
    assert!(Scale::parse(1001).is_err());
    assert_eq!(Scale::parse(1000).unwrap().get(), 1000);
}
