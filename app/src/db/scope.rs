//! Scoped transactions: the two doors through which store code reaches tenant data.
//!
//! `read(db, scope)` opens a transaction for looking: deferred on SQLite, so readers
//! run side by side under WAL and never queue on the write lock; `READ ONLY` on
//! Postgres. `write(db, scope)` opens one for changing: `BEGIN IMMEDIATE` on
//! SQLite, because a deferred transaction that reads and then writes fails with
//! "database is locked" when another writer got in between, whereas an immediate
//! one waits its turn.
//!
//! Store functions that change rows take a [`WriteTx`], so passing a [`ReadTx`]
//! does not compile; a read transaction also refuses every statement that would
//! write (and Postgres refuses it a second time), so a write slipped into a
//! read-only path fails loudly in the tests instead of taking the lock quietly.
//!
//! On Postgres both run as the non-owner role `floorcast_app` with `app.tenant_id`
//! set, so row-level security hides every other tenant's rows even from a query
//! that forgot its `tenant_id` filter. SQLite has no such wall; there the filters
//! in store code are the only one, and the isolation tests cover both.

use std::marker::PhantomData;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

/// A tenant's id, taken from the session, never from a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TenantId(pub i64);

/// Whose rows a transaction may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One tenant's rows only.
    Tenant(TenantId),
    /// Every tenant's rows: platform administration and signing in.
    AllTenants,
}

/// What a transaction may do: [`Read`] or [`Write`].
pub trait Access: Send + Sync + 'static {
    const MAY_WRITE: bool;
}

/// Looks only.
#[derive(Debug)]
pub struct Read;

/// May change rows.
#[derive(Debug)]
pub struct Write;

impl Access for Read {
    const MAY_WRITE: bool = false;
}

impl Access for Write {
    const MAY_WRITE: bool = true;
}

/// A tenant-scoped transaction that reads or writes, as its type says.
#[derive(Debug)]
pub struct Tx<A: Access> {
    inner: DatabaseTransaction,
    scope: Scope,
    access: PhantomData<A>,
}

/// A transaction that only looks.
pub type ReadTx = Tx<Read>;
/// A transaction that may change rows.
pub type WriteTx = Tx<Write>;

/// The refusal of a write through a [`ReadTx`]: a programming error, said plainly.
pub const WRITE_IN_READ: &str = "a read transaction cannot write: open it with scope::write";

/// Begins a transaction that only reads `scope`'s rows.
pub async fn read(db: &DatabaseConnection, scope: Scope) -> Result<ReadTx, DbErr> {
    begin(db, scope).await
}

/// Begins a transaction that may change `scope`'s rows.
pub async fn write(db: &DatabaseConnection, scope: Scope) -> Result<WriteTx, DbErr> {
    begin(db, scope).await
}

/// Begins a transaction of access `A` ([`Read`] or [`Write`]) limited to `scope`.
pub async fn begin<A: Access>(db: &DatabaseConnection, scope: Scope) -> Result<Tx<A>, DbErr> {
    let backend = db.get_database_backend();
    let options = match (backend, A::MAY_WRITE) {
        // READ ONLY is set below with the scope, in the same round trip.
        (DbBackend::Postgres, _) => TransactionOptions::default(),
        (_, false) => {
            TransactionOptions { sqlite_transaction_mode: Some(SqliteTransactionMode::Deferred), ..Default::default() }
        }
        (_, true) => {
            TransactionOptions { sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate), ..Default::default() }
        }
    };
    let inner = db.begin_with_options(options).await?;
    if backend == DbBackend::Postgres {
        // One round trip: `set_config('role', …, true)` is `SET LOCAL ROLE`, and
        // `transaction_read_only` is `SET TRANSACTION READ ONLY` (which SeaORM
        // would send as a statement of its own).
        let (scope_name, tenant) = match scope {
            Scope::Tenant(TenantId(id)) => ("tenant", id.to_string()),
            Scope::AllTenants => ("platform", String::new()),
        };
        let read_only = if A::MAY_WRITE { "off" } else { "on" };
        inner
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT set_config('role', 'floorcast_app', true), set_config('app.scope', $1, true), \
                 set_config('app.tenant_id', $2, true), set_config('transaction_read_only', $3, true)",
                [scope_name.into(), tenant.into(), read_only.into()],
            ))
            .await?;
    }
    Ok(Tx { inner, scope, access: PhantomData })
}

impl<A: Access> Tx<A> {
    /// Ends the transaction, keeping what it wrote. A write also marks the
    /// request's dashboard snapshots of its scope stale.
    pub async fn commit(self) -> Result<(), DbErr> {
        self.inner.commit().await?;
        if A::MAY_WRITE {
            crate::snapshot::written_in_request(self.scope);
        }
        Ok(())
    }

    /// Ends the transaction, undoing what it wrote.
    pub async fn rollback(self) -> Result<(), DbErr> {
        self.inner.rollback().await
    }

    fn check_write(&self) -> Result<(), DbErr> {
        if A::MAY_WRITE {
            Ok(())
        } else {
            Err(DbErr::Custom(WRITE_IN_READ.into()))
        }
    }
}

#[async_trait::async_trait]
impl<A: Access> ConnectionTrait for Tx<A> {
    fn get_database_backend(&self) -> DbBackend {
        self.inner.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.check_write()?;
        self.inner.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.check_write()?;
        self.inner.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.inner.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.inner.query_all_raw(stmt).await
    }

    /// A read transaction says no, so SeaORM sends every insert, update and delete
    /// through `execute`, where it is refused.
    fn support_returning(&self) -> bool {
        A::MAY_WRITE && self.inner.support_returning()
    }
}
