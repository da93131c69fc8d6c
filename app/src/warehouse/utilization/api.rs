//! `warehouse_overview`: the dashboard's figures for one facility (the caller's, or
//! the tenant's first). Supervisors and tenant administrators.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::model::WarehouseOverview;
use crate::auth::model::Role;
use crate::auth::policy::Access;
use crate::error::AppError;

pub const OVERVIEW_ACCESS: Access = Access::Roles(&[Role::Supervisor, Role::TenantAdmin]);

pub const ACCESS: &[(&str, Access)] = &[(WarehouseOverviewView::PATH, OVERVIEW_ACCESS)];

#[server(name = WarehouseOverviewView, endpoint = "warehouse_overview")]
pub async fn warehouse_overview(facility_id: Option<i64>) -> Result<WarehouseOverview, AppError> {
    server::overview(facility_id).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;

    use super::super::model::WarehouseOverview;
    use super::super::store;
    use super::OVERVIEW_ACCESS;
    use crate::auth::guard::tenant_read;
    use crate::error::AppError;

    pub async fn overview(facility_id: Option<i64>) -> Result<WarehouseOverview, AppError> {
        let (ctx, tenant, tx) = tenant_read(OVERVIEW_ACCESS).await?;
        let facilities = store::facilities(&tx, tenant).await?;
        let wanted = facility_id.or(ctx.facility_id);
        let facility = match wanted {
            Some(id) => Some(facilities.iter().find(|f| f.id == id).ok_or_else(AppError::not_found)?.id),
            None => facilities.first().map(|f| f.id),
        };
        let now_ms = Utc::now().timestamp_millis();
        let mut overview = WarehouseOverview {
            facilities,
            facility_id: facility,
            bins: 0,
            percent: 0.0,
            aisles: Vec::new(),
            histogram: vec![0; 10],
            over_full: 0,
            under_used: 0,
            acceptance: Vec::new(),
            pending: 0,
            capacity_failures_24h: 0,
            statistics: Vec::new(),
        };
        if let Some(facility) = facility {
            let (mut used, mut cap) = (0.0, 0.0);
            for (fill, u, c, over, under) in store::aisles(&tx, tenant, facility).await? {
                overview.bins += fill.bins;
                overview.over_full += over;
                overview.under_used += under;
                used += u;
                cap += c;
                overview.aisles.push(fill);
            }
            overview.percent = if cap > 0.0 { (1000.0 * used / cap).round() / 10.0 } else { 0.0 };
            overview.histogram = store::histogram(&tx, tenant, facility).await?;
            for days in [7, 30] {
                overview.acceptance.push(store::acceptance(&tx, tenant, facility, days, now_ms).await?);
            }
            (overview.pending, overview.capacity_failures_24h) =
                store::open_counts(&tx, tenant, facility, now_ms - 86_400_000).await?;
            let decisions = store::decisions(&tx, tenant, facility, now_ms - 60 * 86_400_000).await?;
            let stats = super::super::statistics::of(&decisions, now_ms);
            overview.statistics = super::super::wording::lines(&stats, crate::i18n::use_i18n());
        }
        tx.commit().await?;
        Ok(overview)
    }
}
