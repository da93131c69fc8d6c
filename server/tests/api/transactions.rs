//! The two doors: a read transaction never takes the write lock and cannot write;
//! a write transaction can.

use std::time::Duration;

use app::db::entity::facility;
use app::db::scope::{self, Scope, WRITE_IN_READ};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait, Statement};
use server::database::{connect_url, migrate_up};
use server::seed::{seed_demo, Scale};

use crate::helpers::{Backend, TestDb};
use crate::on_both_backends;

on_both_backends!(a_read_transaction_refuses_to_write, readers_do_not_wait_for_a_writer);

async fn demo_db(backend: Backend) -> Option<(TestDb, sea_orm::DatabaseConnection)> {
    let test_db = TestDb::create(backend).await?;
    let db = connect_url(&test_db.url, 4).await.unwrap();
    migrate_up(&db).await.unwrap();
    seed_demo(&db, Scale::parse(1).unwrap()).await.unwrap();
    Some((test_db, db))
}

fn new_facility(tenant_id: i64) -> facility::ActiveModel {
    facility::ActiveModel {
        tenant_id: Set(tenant_id),
        code: Set("NEW".into()),
        name: Set("New plant".into()),
        timezone: Set("UTC".into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}

async fn a_read_transaction_refuses_to_write(backend: Backend) {
    let Some((_test_db, db)) = demo_db(backend).await else { return };
    let tenant_id = facility::Entity::find().one(&db).await.unwrap().unwrap().tenant_id;
    let before = facility::Entity::find().count(&db).await.unwrap();

    let tx = scope::read(&db, Scope::AllTenants).await.unwrap();
    let error = new_facility(tenant_id).insert(&tx).await.expect_err("a read transaction must not insert");
    assert!(error.to_string().contains(WRITE_IN_READ), "{error}");
    let error = tx.execute_unprepared("DELETE FROM facilities").await.expect_err("nor delete");
    assert!(error.to_string().contains(WRITE_IN_READ), "{error}");
    if backend == Backend::Postgres {
        // Past our wrapper, Postgres itself refuses: the transaction is READ ONLY.
        let sneaky = Statement::from_string(tx.get_database_backend(), "DELETE FROM facilities RETURNING id");
        let error = tx.query_all_raw(sneaky).await.expect_err("Postgres must refuse");
        assert!(error.to_string().contains("read-only"), "{error}");
    }
    drop(tx);

    let tx = scope::write(&db, Scope::AllTenants).await.unwrap();
    new_facility(tenant_id).insert(&tx).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(facility::Entity::find().count(&db).await.unwrap(), before + 1);
}

async fn readers_do_not_wait_for_a_writer(backend: Backend) {
    let Some((_test_db, db)) = demo_db(backend).await else { return };
    let writer = scope::write(&db, Scope::AllTenants).await.unwrap();
    let tenant_id = facility::Entity::find().one(&writer).await.unwrap().unwrap().tenant_id;
    new_facility(tenant_id).insert(&writer).await.unwrap();
    // While the writer holds its lock, readers start, read and finish at once.
    let read_all = async {
        let mut counts = Vec::new();
        for _ in 0..3 {
            let tx = scope::read(&db, Scope::AllTenants).await.unwrap();
            counts.push(facility::Entity::find().count(&tx).await.unwrap());
            tx.commit().await.unwrap();
        }
        counts
    };
    let committed_before =
        tokio::time::timeout(Duration::from_secs(2), read_all).await.expect("readers waited for the writer");
    writer.commit().await.unwrap();
    let after = facility::Entity::find().count(&db).await.unwrap();
    assert!(committed_before.iter().all(|n| *n + 1 == after), "readers see the last commit: {committed_before:?}");
}
