//! Server functions of the health feature.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::model::HealthReport;
use crate::auth::policy::Access;
use crate::error::AppError;

/// Who may call the health feature's server functions.
pub const ACCESS: &[(&str, Access)] = &[(SystemStatus::PATH, Access::Public)];

/// The readiness report, for the status page. Public like `/health/ready`: it
/// names no tenant and no data. Shared as a snapshot: every open overview polls it.
#[server(endpoint = "system_status")]
pub async fn system_status() -> Result<HealthReport, AppError> {
    use crate::snapshot::{AfterWrite, SnapshotKey};
    let server = crate::db::use_server_state()?;
    let key = SnapshotKey { tenant: None, view: "system_status", params: String::new() };
    server
        .snapshots
        .get_or_compute(key, AfterWrite::Recompute, async { Ok(super::store::readiness(&server.db, &server.site_root).await) })
        .await
}
