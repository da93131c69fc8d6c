//! Postgres only: row-level security is a second wall. A query that forgets its
//! tenant filter still sees only the current tenant's rows, and cannot write
//! another tenant's.

use app::db::entity::{facility, tenant, user};
use app::db::scope::{self, Scope, TenantId};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use server::database::{connect_url, migrate_up};
use server::seed::{seed_demo, Scale};

use crate::helpers::{Backend, TestDb};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unfiltered_queries_see_only_the_current_tenant() {
    let Some(test_db) = TestDb::create(Backend::Postgres).await else { return };
    let db = connect_url(&test_db.url, 2).await.unwrap();
    migrate_up(&db).await.unwrap();
    seed_demo(&db, Scale::parse(3).unwrap()).await.unwrap();
    let acme = tenant::Entity::find().filter(tenant::Column::Slug.eq("acme")).one(&db).await.unwrap().unwrap();

    let tx = scope::write(&db, Scope::Tenant(TenantId(acme.id))).await.unwrap();
    let facilities = facility::Entity::find().all(&tx).await.unwrap();
    assert_eq!(facilities.len(), 2);
    assert!(facilities.iter().all(|f| f.tenant_id == acme.id));
    let tenants = tenant::Entity::find().all(&tx).await.unwrap();
    assert_eq!(tenants.iter().map(|t| t.id).collect::<Vec<_>>(), vec![acme.id]);
    let users = user::Entity::find().all(&tx).await.unwrap();
    assert!(
        !users.is_empty() && users.iter().all(|u| u.tenant_id == Some(acme.id)),
        "platform admins are invisible too"
    );
    tx.rollback().await.unwrap();

    let tx = scope::read(&db, Scope::AllTenants).await.unwrap();
    assert_eq!(facility::Entity::find().all(&tx).await.unwrap().len(), 6);
    tx.rollback().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writing_another_tenants_row_is_refused() {
    let Some(test_db) = TestDb::create(Backend::Postgres).await else { return };
    let db = connect_url(&test_db.url, 2).await.unwrap();
    migrate_up(&db).await.unwrap();
    seed_demo(&db, Scale::parse(2).unwrap()).await.unwrap();
    let tenants = tenant::Entity::find().all(&db).await.unwrap();
    let (acme, other) = (&tenants[0], &tenants[1]);

    let tx = scope::write(&db, Scope::Tenant(TenantId(acme.id))).await.unwrap();
    let sneaky = facility::ActiveModel {
        tenant_id: Set(other.id),
        code: Set("SNEAK".into()),
        name: Set("Planted".into()),
        timezone: Set("UTC".into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let error = sneaky.insert(&tx).await.expect_err("row-level security must refuse");
    assert!(error.to_string().contains("row-level security"), "{error}");
    tx.rollback().await.unwrap();

    let tx = scope::write(&db, Scope::Tenant(TenantId(acme.id))).await.unwrap();
    let updated = facility::Entity::update_many()
        .col_expr(facility::Column::Name, sea_orm::sea_query::Expr::value("Renamed"))
        .exec(&tx)
        .await
        .unwrap();
    assert_eq!(updated.rows_affected, 2, "an unfiltered update touches only the tenant's own rows");
    tx.commit().await.unwrap();
    let untouched = facility::Entity::find().filter(facility::Column::TenantId.eq(other.id)).all(&db).await.unwrap();
    assert!(untouched.iter().all(|f| f.name != "Renamed"));
}
