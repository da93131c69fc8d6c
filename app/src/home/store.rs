//! The overview's queries (server only).

use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};

use super::model::TenantFigures;
use crate::db::scope::TenantId;

/// Counts the tenant's rows of each master-data kind.
pub async fn summary(db: &impl ConnectionTrait, tenant: TenantId) -> Result<TenantFigures, DbErr> {
    let count = |table: &'static str| async move {
        let select = Query::select()
            .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
            .from(Alias::new(table))
            .and_where(Expr::col(Alias::new("tenant_id")).eq(tenant.0))
            .to_owned();
        let row = db.query_one(&select).await?;
        Ok::<u64, DbErr>(
            row.map(|r| r.try_get::<i64>("", "n")).transpose()?.map_or(0, |n| u64::try_from(n).unwrap_or_default()),
        )
    };
    Ok(TenantFigures {
        facilities: count("facilities").await?,
        work_centers: count("work_centers").await?,
        materials: count("materials").await?,
        bins: count("bin_locations").await?,
        users: count("users").await?,
        computed_at_ms: chrono::Utc::now().timestamp_millis(),
    })
}
