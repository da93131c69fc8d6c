//! The alerts panel's server functions: the board (supervisors and tenant
//! administrators, shared through the snapshot cache) and acknowledging.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::model::{AckOutcome, AlertsBoard};
use crate::auth::policy::Access;
use crate::error::AppError;
use crate::production::api::OVERVIEW_ACCESS;

/// Who sees and acknowledges alerts: whoever sees the floor overview.
pub const ALERTS_ACCESS: Access = OVERVIEW_ACCESS;

pub const ACCESS: &[(&str, Access)] =
    &[(ProductionAlerts::PATH, ALERTS_ACCESS), (AlertAcknowledge::PATH, ALERTS_ACCESS)];

/// The tenant's open alerts and the last week's cleared ones.
#[server(endpoint = "production_alerts")]
pub async fn production_alerts() -> Result<AlertsBoard, AppError> {
    server::board().await
}

/// Acknowledges alert `alert_id` with `comment` (what is being done about it).
/// Acknowledging twice keeps the first: the answer shows who it was.
#[server(endpoint = "alert_acknowledge")]
pub async fn alert_acknowledge(alert_id: i64, comment: String) -> Result<AckOutcome, AppError> {
    server::acknowledge(alert_id, comment).await
}

#[cfg(feature = "ssr")]
pub use server::shared_board;

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;

    use super::ALERTS_ACCESS;
    use crate::audit::store::{record, Change};
    use crate::auth::guard::{tenant_caller, tenant_write};
    use crate::db::scope::{self, Scope, TenantId};
    use crate::db::ServerState;
    use crate::error::AppError;
    use crate::forms::{parse_text, FieldError};
    use crate::i18n::use_i18n;
    use crate::production::alerts::model::{AckOutcome, AlertsBoard};
    use crate::production::alerts::store;
    use crate::snapshot::{AfterWrite, SnapshotKey};

    /// The longest acknowledgement comment (the column's width).
    const MAX_COMMENT_CHARS: usize = 500;

    /// Counts arrive many a second and change no alert: the board is recomputed
    /// at most this often meanwhile (the floor watch raises alerts every 30 s).
    const SETTLE: AfterWrite = AfterWrite::Settle(std::time::Duration::from_secs(1));

    pub async fn board() -> Result<AlertsBoard, AppError> {
        let (_, tenant) = tenant_caller(ALERTS_ACCESS).await?;
        shared_board(&crate::db::use_server_state()?, tenant).await
    }

    /// The tenant's board, shared through the snapshot cache (the dashboards' panel and the wall TVs).
    pub async fn shared_board(state: &ServerState, tenant: TenantId) -> Result<AlertsBoard, AppError> {
        let key = SnapshotKey { tenant: Some(tenant), view: "production_alerts", params: String::new() };
        state
            .snapshots
            .get_or_compute(key, SETTLE, async {
                let tx = scope::read(&state.db, Scope::Tenant(tenant)).await?;
                let board = store::board(&tx, tenant, Utc::now().timestamp_millis()).await?;
                tx.commit().await?;
                Ok(board)
            })
            .await
    }

    pub async fn acknowledge(alert_id: i64, comment: String) -> Result<AckOutcome, AppError> {
        let (ctx, tenant, tx) = tenant_write(ALERTS_ACCESS).await?;
        let comment = match parse_text(&comment, MAX_COMMENT_CHARS, use_i18n()) {
            Ok(comment) => comment,
            Err(message) => return Ok(AckOutcome::Invalid { errors: vec![FieldError::new("comment", message)] }),
        };
        let now = Utc::now().timestamp_millis();
        if !store::acknowledge(&tx, tenant, alert_id, ctx.user_id, &comment, now).await? {
            return Err(AppError::not_found());
        }
        let alert = store::row(&tx, tenant, alert_id).await?.ok_or_else(AppError::not_found)?;
        if alert.acknowledged_ms == Some(now) {
            let change = Change {
                action: "acknowledge",
                entity: "alerts",
                entity_id: Some(alert_id.to_string()),
                summary: format!("{} at {}: {comment:?}", alert.kind.code(), alert.work_center),
            };
            record(&tx, &ctx, Some(tenant), change).await?;
        }
        tx.commit().await?;
        Ok(AckOutcome::Acknowledged { alert })
    }
}
