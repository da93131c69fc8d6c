//! The wall TV's server functions: the board of a display link (no session: the
//! link's token is the key, read-only, for one facility) and the board of a
//! signed-in supervisor's `/production?tv=1`, which rotates through facilities.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::api::OVERVIEW_ACCESS;
use super::model::TvBoard;
use crate::auth::policy::Access;
use crate::error::AppError;

pub const ACCESS: &[(&str, Access)] = &[(TvBoardOfLink::PATH, Access::Public), (ProductionTv::PATH, OVERVIEW_ACCESS)];

/// The board of the display link whose secret is `token`; 404 for a link that
/// is unknown or revoked.
#[server(TvBoardOfLink, endpoint = "tv_board")]
pub async fn tv_board(token: String) -> Result<TvBoard, AppError> {
    server::of_link(&token).await
}

/// The board of the caller's facility `facility_id` (none: the first).
#[server(endpoint = "production_tv")]
pub async fn production_tv(facility_id: Option<i64>) -> Result<TvBoard, AppError> {
    server::signed_in(facility_id).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;

    use super::OVERVIEW_ACCESS;
    use crate::admin::catalog::spec::CatalogKind;
    use crate::admin::catalog::store::options;
    use crate::auth::guard::tenant_read;
    use crate::db::entity::device_token::TokenKind;
    use crate::db::scope::{self, Scope, TenantId};
    use crate::db::ServerState;
    use crate::devices::store::{touch, usable_token};
    use crate::devices::token::DeviceSecret;
    use crate::error::AppError;
    use crate::production::alerts::api::shared_board;
    use crate::production::model::TvBoard;
    use crate::production::overview::shared_overview;

    /// A display link's last use is written down at most this often (a TV polls every few seconds).
    const TOUCH_EVERY_MS: i64 = 60_000;

    async fn board(
        state: &ServerState,
        tenant: TenantId,
        facility_id: i64,
        facility: String,
        facilities: Vec<i64>,
    ) -> Result<TvBoard, AppError> {
        let overview = shared_overview(state, tenant, Some(facility_id)).await?;
        let mut alerts = shared_board(state, tenant).await?.open;
        alerts.retain(|alert| overview.tiles.iter().any(|tile| tile.id == alert.work_center_id));
        let site_version = state.site_version.to_string();
        Ok(TvBoard { facility_id, facility, overview, alerts, facilities, site_version })
    }

    pub async fn of_link(token: &str) -> Result<TvBoard, AppError> {
        let secret = DeviceSecret::parse(token).ok_or_else(AppError::not_found)?;
        let state = crate::db::use_server_state()?;
        let lookup = scope::read(&state.db, Scope::AllTenants).await?;
        let link = usable_token(&lookup, TokenKind::Display, &secret.hash()).await?;
        lookup.commit().await?;
        let link = link.ok_or_else(AppError::not_found)?;
        let (tenant, facility_id) = (TenantId(link.tenant_id), link.facility_id.ok_or_else(AppError::not_found)?);
        let tx = scope::read(&state.db, Scope::Tenant(tenant)).await?;
        let facility = options(&tx, tenant, CatalogKind::Facilities).await?.into_iter().find(|f| f.id == facility_id);
        tx.commit().await?;
        let facility = facility.ok_or_else(AppError::not_found)?;
        let now_ms = Utc::now().timestamp_millis();
        if link.last_used_ms.is_none_or(|used| now_ms - used >= TOUCH_EVERY_MS) {
            let tx = scope::write(&state.db, Scope::Tenant(tenant)).await?;
            touch(&tx, link, now_ms).await?;
            tx.commit().await?;
        }
        board(&state, tenant, facility_id, facility.label, vec![facility_id]).await
    }

    pub async fn signed_in(facility_id: Option<i64>) -> Result<TvBoard, AppError> {
        let (_, tenant, tx) = tenant_read(OVERVIEW_ACCESS).await?;
        let facilities = options(&tx, tenant, CatalogKind::Facilities).await?;
        tx.commit().await?;
        let shown = match facility_id {
            Some(id) => facilities.iter().find(|f| f.id == id),
            None => facilities.first(),
        };
        let shown = shown.ok_or_else(AppError::not_found)?;
        let order = facilities.iter().map(|f| f.id).collect();
        board(&crate::db::use_server_state()?, tenant, shown.id, shown.label.clone(), order).await
    }
}
