//! Server functions of the audit log: tenant administrators read their tenant's.

use leptos::prelude::*;

use super::model::AuditEntry;
use crate::admin::list::{ListQuery, Page};
use crate::auth::model::Role;
use crate::auth::policy::Access;

pub const AUDIT_ACCESS: Access = Access::Roles(&[Role::TenantAdmin]);

#[server(endpoint = "audit_list")]
pub async fn audit_list(#[server(default)] query: ListQuery) -> Result<Page<AuditEntry>, ServerFnError> {
    use crate::auth::guard::{reject, require, NOT_ALLOWED};
    use crate::db::{scope, use_server_state};

    let ctx = require(AUDIT_ACCESS).await?;
    let Some(tenant) = ctx.tenant else { return Err(reject(http::StatusCode::FORBIDDEN, NOT_ALLOWED)) };
    let tx = scope::begin(&use_server_state()?.db, ctx.scope()).await?;
    let page = super::store::list(&tx, tenant, &query).await?;
    tx.commit().await?;
    Ok(page)
}
