//! The guard at the top of every server function: who is calling, from which
//! tenant, and may they? Failures answer 401 (not signed in) or 403 (signed in,
//! not allowed) with one plain sentence.

use std::time::Duration;

use http::{header, StatusCode};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use sea_orm::DatabaseTransaction;
use tower_sessions::Session;

use super::model::Role;
use super::policy::Access;
use super::session::{self, SessionAuth};
use super::store;
use crate::db::scope::{self, Scope, TenantId};
use crate::db::use_server_state;

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

pub const NOT_SIGNED_IN: &str = "Please sign in.";
pub const NOT_ALLOWED: &str = "Your role does not allow this.";

/// Sets the HTTP status of the current server-function response. A plain HTML
/// form post keeps its redirect (status 302) so the page can show the outcome;
/// scripts and the WASM client see the status.
pub fn set_status(status: StatusCode) {
    let from_html_form = use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts.headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html"))
        })
        .unwrap_or(false);
    if !from_html_form {
        if let Some(response) = use_context::<ResponseOptions>() {
            response.set_status(status);
        }
    }
}

/// Sets `status` (see [`set_status`]) and returns the error to give back.
pub fn reject(status: StatusCode, message: &str) -> ServerFnError {
    set_status(status);
    ServerFnError::new(message)
}

/// As [`reject`], adding `Retry-After` for a throttled request.
pub fn reject_retry_after(wait: Duration, message: &str) -> ServerFnError {
    if let Some(response) = use_context::<ResponseOptions>() {
        let secs = wait.as_secs().max(1).to_string();
        if let Ok(value) = header::HeaderValue::from_str(&secs) {
            response.insert_header(header::RETRY_AFTER, value);
        }
    }
    reject(StatusCode::TOO_MANY_REQUESTS, message)
}

pub async fn session() -> Result<Session, ServerFnError> {
    leptos_axum::extract::<Session>().await.map_err(|_| ServerFnError::new("the session layer is missing"))
}

/// The signed-in caller if `access` admits them; 401 or 403 otherwise. Checks the
/// account and tenant on every call, so a deactivated user or a suspended tenant
/// is out at once, and ends sessions past their absolute lifetime.
pub async fn require(access: Access) -> Result<AuthCtx, ServerFnError> {
    let Some(ctx) = signed_in().await? else {
        return Err(reject(StatusCode::UNAUTHORIZED, NOT_SIGNED_IN));
    };
    if !access.allows(Some(ctx.role)) {
        return Err(reject(StatusCode::FORBIDDEN, NOT_ALLOWED));
    }
    Ok(ctx)
}

/// The caller, who must belong to a tenant, with a transaction scoped to that tenant.
pub async fn tenant_transaction(access: Access) -> Result<(AuthCtx, TenantId, DatabaseTransaction), ServerFnError> {
    let ctx = require(access).await?;
    let Some(tenant) = ctx.tenant else { return Err(reject(StatusCode::FORBIDDEN, NOT_ALLOWED)) };
    let tx = scope::begin(&use_server_state()?.db, ctx.scope()).await?;
    Ok((ctx, tenant, tx))
}

/// The caller, if signed in with a session that is still valid.
pub async fn signed_in() -> Result<Option<AuthCtx>, ServerFnError> {
    let session = session().await?;
    let Some(auth) = session::current(&session).await else { return Ok(None) };
    let state = use_server_state()?;
    if session_too_old(&auth, state.auth.max_lifetime) {
        session::sign_out(&session).await.map_err(ServerFnError::new)?;
        return Ok(None);
    }
    let tx = scope::begin(&state.db, Scope::AllTenants).await?;
    let account = store::account_by_id(&tx, auth.user_id).await?;
    tx.commit().await?;
    let Some(account) = account.filter(|a| a.may_sign_in()) else {
        session::sign_out(&session).await.map_err(ServerFnError::new)?;
        return Ok(None);
    };
    let Some(role) = Role::parse(&account.user.role) else { return Ok(None) };
    Ok(Some(AuthCtx {
        user_id: account.user.id,
        tenant: account.user.tenant_id.map(TenantId),
        role,
        facility_id: auth.facility_id,
        work_center_id: auth.work_center_id,
    }))
}

fn session_too_old(auth: &SessionAuth, max_lifetime: Duration) -> bool {
    let now = chrono::Utc::now().timestamp();
    now.saturating_sub(auth.signed_in_at) > max_lifetime.as_secs() as i64
}
