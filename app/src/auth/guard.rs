//! The guard at the top of every server function: who is calling, from which
//! tenant, and may they? Failures answer 401 (not signed in) or 403 (signed in,
//! not allowed) with one plain sentence.
//!
//! The check reads the account and its tenant in one statement, inside the same
//! transaction the function then works in ([`tenant_read`], [`tenant_write`]), so
//! a read never takes SQLite's write lock. Reads keep what they found in the
//! [`cache`](super::cache) of standings, so a dashboard poll served from its snapshot
//! ([`tenant_caller`]) costs the database nothing.

use tower_sessions::Session;

use super::model::Role;
use super::policy::Access;
use super::session::{self, SessionAuth};
use super::store::{self, Standing};
use crate::db::scope::{self, Access as TxAccess, ReadTx, Scope, TenantId, Tx, WriteTx};
use crate::db::{use_server_state, AuthSettings};
use crate::error::AppError;

/// Who is calling: established by [`require`] from the session, never from the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthCtx {
    pub user_id: i64,
    pub tenant: Option<TenantId>,
    pub role: Role,
    pub facility_id: Option<i64>,
    pub work_center_id: Option<i64>,
}

impl AuthCtx {
    /// The rows this caller may reach: their tenant's, or all for platform administrators.
    pub fn scope(&self) -> Scope {
        match self.tenant {
            Some(tenant) => Scope::Tenant(tenant),
            None => Scope::AllTenants,
        }
    }
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|_| AppError::internal("the session layer is missing"))
}

/// The signed-in caller if `access` admits them; 401 or 403 otherwise. Checks the
/// account and tenant on every call (through the [`cache`](super::cache) of standings, which
/// forgets a changed account within a second), so a deactivated user or a
/// suspended tenant is out at once, and ends sessions past their absolute lifetime.
pub async fn require(access: Access) -> Result<AuthCtx, AppError> {
    let (ctx, tx) = checked::<scope::Read>(access).await?;
    end(tx).await?;
    Ok(ctx)
}

/// The caller, who must belong to a tenant, without a transaction: for views
/// served from a snapshot, which open one only when they compute.
pub async fn tenant_caller(access: Access) -> Result<(AuthCtx, TenantId), AppError> {
    let (ctx, tx) = checked::<scope::Read>(access).await?;
    end(tx).await?;
    Ok((ctx, in_tenant(&ctx)?))
}

/// The caller, who must belong to a tenant, with a read transaction scoped to it.
pub async fn tenant_read(access: Access) -> Result<(AuthCtx, TenantId, ReadTx), AppError> {
    let (ctx, tx) = checked(access).await?;
    let tenant = in_tenant(&ctx)?;
    let tx = match tx {
        Some(tx) => tx,
        None => scope::read(&use_server_state()?.db, Scope::Tenant(tenant)).await?,
    };
    Ok((ctx, tenant, tx))
}

/// The caller, who must belong to a tenant, with a write transaction scoped to it.
/// The standing is read inside that transaction, never from the cache: a write is
/// made only by an account its own transaction sees in good standing. Do slow work
/// (password hashing) before calling this: the transaction holds SQLite's write lock.
pub async fn tenant_write(access: Access) -> Result<(AuthCtx, TenantId, WriteTx), AppError> {
    let (ctx, tx) = checked(access).await?;
    let tenant = in_tenant(&ctx)?;
    let tx = tx.ok_or_else(|| AppError::internal("a write's standing was not read in its transaction"))?;
    Ok((ctx, tenant, tx))
}

fn in_tenant(ctx: &AuthCtx) -> Result<TenantId, AppError> {
    ctx.tenant.ok_or_else(AppError::forbidden)
}

async fn end<A: TxAccess>(tx: Option<Tx<A>>) -> Result<(), AppError> {
    if let Some(tx) = tx {
        tx.commit().await?;
    }
    Ok(())
}

/// The guard's work: the session's caller, checked against their standing, with
/// the transaction it was read in (none when a read was served from the cache).
async fn checked<A: TxAccess>(access: Access) -> Result<(AuthCtx, Option<Tx<A>>), AppError> {
    let Some((ctx, _, tx)) = signed_in_with::<A>().await? else { return Err(AppError::not_signed_in()) };
    if !access.allows(Some(ctx.role)) {
        return Err(AppError::forbidden());
    }
    Ok((ctx, tx))
}

/// The caller and their account's standing, if signed in with a session that is
/// still valid.
pub async fn signed_in() -> Result<Option<(AuthCtx, Standing)>, AppError> {
    Ok(match signed_in_with::<scope::Read>().await? {
        Some((ctx, standing, tx)) => {
            end(tx).await?;
            Some((ctx, standing))
        }
        None => None,
    })
}

/// Reads keep standings in the [`cache`](super::cache); writes read theirs in their own transaction.
async fn signed_in_with<A: TxAccess>() -> Result<Option<(AuthCtx, Standing, Option<Tx<A>>)>, AppError> {
    let session = session().await?;
    let Some(auth) = session::current(&session).await else { return Ok(None) };
    let state = use_server_state()?;
    let now = chrono::Utc::now().timestamp();
    if session::too_old(&auth, state.auth.max_lifetime, now) {
        sign_out(&session).await?;
        return Ok(None);
    }
    let cached = !A::MAY_WRITE;
    if cached {
        state.accounts.follow(&state.db).await;
    }
    let (standing, tx) = match cached.then(|| state.accounts.standing(auth.user_id, auth.tenant_id)).flatten() {
        Some(standing) => (Some(standing), None),
        None => {
            let ticket = state.accounts.ticket();
            let scope = auth.tenant_id.map_or(Scope::AllTenants, |id| Scope::Tenant(TenantId(id)));
            let tx = scope::begin::<A>(&state.db, scope).await?;
            let standing = store::standing(&tx, auth.user_id, auth.tenant_id).await?;
            if let (true, Some(standing)) = (cached, &standing) {
                state.accounts.keep_standing(ticket, auth.user_id, auth.tenant_id, standing);
            }
            (standing, Some(tx))
        }
    };
    let still_valid = |s: &Standing| s.may_sign_in && s.sessions_valid_after.is_none_or(|t| auth.signed_in_ms > t);
    let Some(standing) = standing.filter(still_valid) else {
        drop(tx);
        sign_out(&session).await?;
        return Ok(None);
    };
    let Some(role) = Role::parse(&standing.role) else { return Ok(None) };
    renew_if_due(&session, &auth, &state.auth, now).await?;
    let ctx = AuthCtx {
        user_id: auth.user_id,
        tenant: auth.tenant_id.map(TenantId),
        role,
        facility_id: auth.facility_id,
        work_center_id: auth.work_center_id,
    };
    Ok(Some((ctx, standing, tx)))
}

async fn sign_out(session: &Session) -> Result<(), AppError> {
    session::sign_out(session).await.map_err(AppError::internal)
}

/// Pushes the session's idle expiry forward once a quarter of it has passed, so
/// a wall TV polling all day stays signed in while a poll costs no session write.
async fn renew_if_due(
    session: &Session,
    auth: &SessionAuth,
    settings: &AuthSettings,
    now: i64,
) -> Result<(), AppError> {
    let idle = settings.idle_for(auth.role);
    if session::renewal_due(auth, idle, now) {
        session::renew(session, auth, idle, now).await.map_err(AppError::internal)?;
    }
    Ok(())
}
