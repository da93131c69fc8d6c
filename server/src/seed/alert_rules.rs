//! The demo tenant's alert rules: one tenant-wide rule of each kind, so that the
//! demo floor's breakdowns and slow shifts raise alerts on the dashboard.

use app::db::entity::alert_rule;
use app::domain::floor_alerts::AlertKind;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use super::tenants::DemoTenant;
use super::SeedCtx;

/// Code, kind, threshold (percent or minutes).
const RULES: [(&str, AlertKind, f64); 4] = [
    ("OEE-LOW", AlertKind::OeeBelow, 55.0),
    ("DOWN-15", AlertKind::DownLongerThan, 15.0),
    ("SCRAP-5", AlertKind::ScrapRateAbove, 5.0),
    ("NO-REASON-10", AlertKind::UnexplainedLongerThan, 10.0),
];

pub async fn seed(db: &impl ConnectionTrait, ctx: &mut SeedCtx, demo: &DemoTenant) -> Result<(), DbErr> {
    for (code, kind, threshold) in RULES {
        alert_rule::ActiveModel {
            tenant_id: Set(demo.tenant_id),
            code: Set(code.into()),
            kind: Set(kind.code().into()),
            work_center_id: Set(None),
            threshold: Set(threshold),
            active: Set(true),
            updated_at: Set(Some(chrono::Utc::now().into())),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    ctx.summary.push(format!("{} alert rules", RULES.len()));
    Ok(())
}
