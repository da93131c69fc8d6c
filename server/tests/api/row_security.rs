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

/// Every table that holds a tenant's rows has row-level security turned on and
/// forced (so a new table cannot forget the second wall). The one exception is
/// `auth_changes`: a platform-wide log of ids that triggers write in every
/// transaction and every instance reads (m0008); its `tenant_id` names a tenant
/// that changed, and it holds nothing of a tenant's.
const NOT_TENANT_OWNED: [&str; 1] = ["auth_changes"];

/// See [`NOT_TENANT_OWNED`].
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_table_with_a_tenant_id_is_row_secured() {
    use sea_orm::{ConnectionTrait, Statement};
    let Some(test_db) = TestDb::create(Backend::Postgres).await else { return };
    let db = connect_url(&test_db.url, 2).await.unwrap();
    migrate_up(&db).await.unwrap();
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT c.table_name, t.relrowsecurity, t.relforcerowsecurity
             FROM information_schema.columns c
             JOIN pg_class t ON t.relname = c.table_name AND t.relkind = 'r'
             JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = c.table_schema
             WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id'
             ORDER BY c.table_name",
        ))
        .await
        .unwrap();
    let tables: Vec<(String, bool, bool)> = rows
        .iter()
        .map(|row| {
            (
                row.try_get("", "table_name").unwrap(),
                row.try_get("", "relrowsecurity").unwrap(),
                row.try_get("", "relforcerowsecurity").unwrap(),
            )
        })
        .collect();
    for wanted in ["alerts", "alert_rules", "shifts", "holidays", "count_events", "device_tokens"] {
        assert!(tables.iter().any(|(name, _, _)| name == wanted), "{wanted} is not among {tables:?}");
    }
    let open: Vec<&String> = tables
        .iter()
        .filter(|(name, on, forced)| !(*on && *forced) && !NOT_TENANT_OWNED.contains(&name.as_str()))
        .map(|(name, _, _)| name)
        .collect();
    assert!(open.is_empty(), "tables with a tenant_id but without forced row-level security: {open:?}");
}
