//! Server functions of the overview.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::model::TenantFigures;
use crate::auth::model::Role;
use crate::auth::policy::Access;
use crate::error::AppError;

pub const OVERVIEW_ACCESS: Access = Access::Roles(&[Role::TenantAdmin, Role::Supervisor]);

/// Who may call the overview's server functions.
pub const ACCESS: &[(&str, Access)] = &[(OverviewSummary::PATH, OVERVIEW_ACCESS)];

/// The tenant's figures at a glance, shared between everyone polling them
/// (a snapshot of at most a couple of seconds, fresh after any write).
#[server(endpoint = "overview_summary")]
pub async fn overview_summary() -> Result<TenantFigures, AppError> {
    use crate::db::scope::{self, Scope};
    use crate::snapshot::{AfterWrite, SnapshotKey};
    let (_, tenant) = crate::auth::guard::tenant_caller(OVERVIEW_ACCESS).await?;
    let state = crate::db::use_server_state()?;
    let key = SnapshotKey { tenant: Some(tenant), view: "overview_summary", params: String::new() };
    state
        .snapshots
        .get_or_compute(key, AfterWrite::Recompute, async {
            let tx = scope::read(&state.db, Scope::Tenant(tenant)).await?;
            let summary = super::store::summary(&tx, tenant).await?;
            tx.commit().await?;
            Ok(summary)
        })
        .await
}
