//! Scoped transactions: the one way store code reaches tenant data.
//!
//! `begin(db, Scope::Tenant(id))` opens a transaction that, on Postgres, runs as
//! the non-owner role `floorcast_app` with `app.tenant_id` set, so row-level
//! security hides every other tenant's rows even from a query that forgot its
//! `tenant_id` filter. SQLite has no such wall; there the filters in store code are
//! the only one, and the isolation tests cover both.

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait,
};

/// A tenant's id, taken from the session, never from a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TenantId(pub i64);

/// Whose rows a transaction may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One tenant's rows only.
    Tenant(TenantId),
    /// Every tenant's rows: platform administration and signing in.
    AllTenants,
}

/// Begins a transaction limited to `scope`.
///
/// On SQLite the transaction takes the write lock at once (`BEGIN IMMEDIATE`): a
/// deferred one that reads and then writes fails with "database is locked" when
/// another writer got in between, whereas an immediate one waits its turn.
pub async fn begin(db: &DatabaseConnection, scope: Scope) -> Result<DatabaseTransaction, DbErr> {
    let tx = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let immediate = TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            };
            db.begin_with_options(immediate).await?
        }
        _ => db.begin().await?,
    };
    if tx.get_database_backend() == DbBackend::Postgres {
        tx.execute_unprepared("SET LOCAL ROLE floorcast_app").await?;
        let (scope_name, tenant) = match scope {
            Scope::Tenant(TenantId(id)) => ("tenant", id.to_string()),
            Scope::AllTenants => ("platform", String::new()),
        };
        tx.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT set_config('app.scope', $1, true), set_config('app.tenant_id', $2, true)",
            [scope_name.into(), tenant.into()],
        ))
        .await?;
    }
    Ok(tx)
}
