//! Server functions of the audit log: tenant administrators read their tenant's.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::model::AuditEntry;
use crate::auth::model::Role;
use crate::auth::policy::Access;
use crate::error::AppError;
use crate::ui::list_query::{ListQuery, Page};

pub const AUDIT_ACCESS: Access = Access::Roles(&[Role::TenantAdmin]);

/// Who may call the audit log's server functions.
pub const ACCESS: &[(&str, Access)] = &[(AuditList::PATH, AUDIT_ACCESS)];

#[server(endpoint = "audit_list")]
pub async fn audit_list(#[server(default)] query: ListQuery) -> Result<Page<AuditEntry>, AppError> {
    let (_, tenant, tx) = crate::auth::guard::tenant_read(AUDIT_ACCESS).await?;
    let page = super::store::list(&tx, tenant, &query).await?;
    tx.commit().await?;
    Ok(page)
}
