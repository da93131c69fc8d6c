//! The demo's products, a few work centers' own cycle times for them, and (with
//! history) the next runs on every work center's schedule, so the tablets offer
//! runs to start and the live demo starts them when they are due.

use app::db::entity::production_run::{self, RunStatus};
use app::production::products::ideal_cycle_ms;
use chrono::Utc;
use rand::Rng;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use super::tenants::DemoTenant;
use super::SeedCtx;

/// Code, name, ideal seconds per piece (none: each work center's rate holds).
const PRODUCTS: [(&str, &str, Option<f64>); 8] = [
    ("FLY-A5", "A5 flyer, 4/4", None),
    ("BRO-A4-16", "A4 brochure, 16 pp", None),
    ("BC-85x55", "Business cards", None),
    ("CAT-COVER", "Catalogue cover", None),
    ("CARTON-F", "Folding carton", Some(1.8)),
    ("POSTER-A2", "Poster A2", None),
    ("LABEL-WINE", "Wine label", None),
    ("AR-2026", "Annual report", Some(2.4)),
];

/// Product, work center, ideal seconds per piece there.
const CYCLE_TIMES: [(&str, &str, f64); 4] = [
    ("POSTER-A2", "PRESS-1", 0.36),
    ("POSTER-A2", "PRESS-2", 0.45),
    ("BC-85x55", "CUT-1", 1.0),
    ("AR-2026", "BIND-1", 1.5),
];

/// Scheduled runs per work center, and hours between their planned starts.
const SCHEDULED_PER_WORK_CENTER: usize = 2;
const HOURS_APART: i64 = 3;

pub async fn seed(db: &impl ConnectionTrait, ctx: &mut SeedCtx, demo: &DemoTenant) -> Result<(), DbErr> {
    let now = Utc::now();
    let mut products = Vec::new();
    for (code, name, cycle_s) in PRODUCTS {
        let insert = Query::insert()
            .into_table(Alias::new("products"))
            .columns(["tenant_id", "code", "name", "ideal_cycle_s", "active", "updated_at"].map(Alias::new))
            .values_panic([demo.tenant_id.into(), code.into(), name.into(), cycle_s.into(), true.into(), now.into()])
            .returning_col(Alias::new("id"))
            .to_owned();
        let row = db.query_one(&insert).await?.ok_or_else(|| DbErr::Custom("no id for a new product".into()))?;
        products.push((row.try_get::<i64>("", "id")?, code, name, cycle_s));
    }
    let centers = work_centers(db, demo.tenant_id).await?;
    let mut cycle_times = 0;
    for (product, center, seconds) in CYCLE_TIMES {
        let (Some(p), Some(c)) = (products.iter().find(|p| p.1 == product), centers.iter().find(|c| c.1 == center))
        else {
            continue;
        };
        let insert = Query::insert()
            .into_table(Alias::new("cycle_times"))
            .columns(
                ["tenant_id", "code", "product_id", "work_center_id", "ideal_cycle_s", "updated_at"].map(Alias::new),
            )
            .values_panic([
                demo.tenant_id.into(),
                format!("{product}@{center}").into(),
                p.0.into(),
                c.0.into(),
                seconds.into(),
                now.into(),
            ])
            .to_owned();
        db.execute(&insert).await?;
        cycle_times += 1;
    }
    ctx.summary.push(format!("{} products, {cycle_times} work-center cycle times", products.len()));
    if ctx.history_days == 0 {
        return Ok(());
    }
    let now_ms = now.timestamp_millis();
    let next_hour = now_ms - now_ms % 3_600_000 + 3_600_000;
    let mut scheduled = 0;
    for (center_id, code, rate_ms) in &centers {
        for n in 0..SCHEDULED_PER_WORK_CENTER {
            let (_, product_code, name, cycle_s) = products[ctx.rng.random_range(0..products.len())];
            let here = CYCLE_TIMES.iter().find(|(p, c, _)| *p == product_code && c == code).map(|(_, _, s)| *s);
            let Some(cycle_ms) = ideal_cycle_ms(here, cycle_s, *rate_ms) else { continue };
            let start = next_hour + (n as i64 * HOURS_APART + ctx.rng.random_range(0..2)) * 3_600_000;
            let planned_quantity = (ctx.rng.random_range(1.0..2.5) * 3_600_000.0 / cycle_ms as f64).round() as i64;
            production_run::ActiveModel {
                tenant_id: Set(demo.tenant_id),
                work_center_id: Set(*center_id),
                job: Set(format!("J-{}", 26_000 + scheduled)),
                product: Set(format!("{product_code} — {name}")),
                planned_quantity: Set(Ord::max(planned_quantity, 1)),
                ideal_cycle_ms: Set(cycle_ms),
                status: Set(RunStatus::Scheduled),
                planned_start_ms: Set(Some(start)),
                planned_end_ms: Set(Some(start + planned_quantity * cycle_ms)),
                created_ms: Set(now_ms),
                ..Default::default()
            }
            .insert(db)
            .await?;
            scheduled += 1;
        }
    }
    ctx.summary.push(format!("{scheduled} scheduled runs"));
    Ok(())
}

/// The demo's work centers: id, code, ideal cycle from the rate.
async fn work_centers(db: &impl ConnectionTrait, tenant: i64) -> Result<Vec<(i64, String, Option<i64>)>, DbErr> {
    let select = Query::select()
        .columns(["id", "code", "ideal_rate_per_hour"].map(Alias::new))
        .from(Alias::new("work_centers"))
        .and_where(Expr::col(Alias::new("tenant_id")).eq(tenant))
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            let rate: Option<f64> = row.try_get("", "ideal_rate_per_hour")?;
            let cycle = rate.filter(|r| *r > 0.0).map(|r| (3_600_000.0 / r).round() as i64);
            Ok((row.try_get("", "id")?, row.try_get("", "code")?, cycle))
        })
        .collect()
}
