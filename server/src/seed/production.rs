//! The demo's production floor: work centers with their ideal rates in both
//! facilities, and the tenant's downtime and scrap reason catalogues.

use app::db::entity::downtime_reason::{self, ReasonLoss};
use app::db::entity::scrap_reason;
use chrono::Utc;
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use super::tenants::DemoTenant;
use super::SeedCtx;

/// Per facility (in `DEMO_FACILITIES` order): code, name, kind, ideal pieces per hour.
const WORK_CENTERS: [&[(&str, &str, &str, f64)]; 2] = [
    &[
        ("PRESS-1", "Heidelberg Speedmaster XL 106", "press", 15_000.0),
        ("PRESS-2", "Komori Lithrone GL40", "press", 12_000.0),
        ("FOLD-1", "MBO K8 folder", "finishing", 20_000.0),
        ("CUT-1", "Polar 115 guillotine", "finishing", 2_400.0),
        ("BIND-1", "Müller Martini perfect binder", "binding", 3_000.0),
        ("PACK-1", "Shrink-wrap line", "packaging", 6_000.0),
    ],
    &[
        ("PRESS-3", "HP Indigo 12000", "press", 4_600.0),
        ("PRESS-4", "Heidelberg Versafire", "press", 6_000.0),
        ("FOLD-2", "Horizon AF-566 folder", "finishing", 18_000.0),
        ("STITCH-1", "Saddle stitcher", "binding", 5_000.0),
        ("LAM-1", "Laminator", "finishing", 3_600.0),
        ("PACK-2", "Carton packing", "packaging", 2_000.0),
    ],
];

/// Code, name, loss, needs a comment.
const DOWNTIME_REASONS: [(&str, &str, ReasonLoss, bool); 10] = [
    ("MECH", "Mechanical failure", ReasonLoss::Breakdown, false),
    ("ELEC", "Electrical fault", ReasonLoss::Breakdown, false),
    ("JAM", "Paper jam", ReasonLoss::Breakdown, false),
    ("NOMAT", "Waiting for material", ReasonLoss::Breakdown, false),
    ("OTHER", "Other (say what)", ReasonLoss::Breakdown, true),
    ("MAKEREADY", "Make-ready / changeover", ReasonLoss::SetupAdjustment, false),
    ("ADJUST", "Colour or register adjustment", ReasonLoss::SetupAdjustment, false),
    ("BREAK", "Break", ReasonLoss::PlannedStopExcluded, false),
    ("PM", "Planned maintenance", ReasonLoss::PlannedStopExcluded, false),
    ("MEETING", "Meeting or training", ReasonLoss::PlannedStopCounted, false),
];

const SCRAP_REASONS: [(&str, &str); 5] = [
    ("MISPRINT", "Misprint"),
    ("COLOUR", "Colour out of tolerance"),
    ("CREASE", "Torn or creased"),
    ("MAKEREADY", "Make-ready waste"),
    ("TRIM", "Trimmed wrong"),
];

pub async fn seed(db: &impl ConnectionTrait, ctx: &mut SeedCtx, demo: &DemoTenant) -> Result<(), DbErr> {
    let now = Utc::now();
    let mut count = 0;
    for (facility_id, centers) in demo.facility_ids.iter().zip(WORK_CENTERS) {
        for (code, name, kind, rate) in centers {
            let insert = Query::insert()
                .into_table(Alias::new("work_centers"))
                .columns(
                    ["tenant_id", "facility_id", "code", "name", "kind", "ideal_rate_per_hour", "updated_at"]
                        .map(Alias::new),
                )
                .values_panic([
                    demo.tenant_id.into(),
                    (*facility_id).into(),
                    (*code).into(),
                    (*name).into(),
                    (*kind).into(),
                    (*rate).into(),
                    now.into(),
                ])
                .to_owned();
            db.execute(&insert).await?;
            count += 1;
        }
    }
    for (code, name, loss, needs_comment) in DOWNTIME_REASONS {
        downtime_reason::ActiveModel {
            tenant_id: Set(demo.tenant_id),
            code: Set(code.into()),
            name: Set(name.into()),
            loss: Set(loss),
            needs_comment: Set(needs_comment),
            active: Set(true),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (code, name) in SCRAP_REASONS {
        scrap_reason::ActiveModel {
            tenant_id: Set(demo.tenant_id),
            code: Set(code.into()),
            name: Set(name.into()),
            active: Set(true),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    ctx.summary.push(format!(
        "{count} work centers, {} downtime and {} scrap reasons",
        DOWNTIME_REASONS.len(),
        SCRAP_REASONS.len()
    ));
    Ok(())
}
