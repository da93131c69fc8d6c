//! The demo's production floor: work centers with their ideal rates in both
//! facilities (`--scale N` repeats the twelve N times, as lines 2…N), the tenant's
//! downtime and scrap reason catalogues, and (when asked) days of history up to
//! now (see `floor_history.rs`).

use std::collections::HashMap;

use app::auth::model::Role;
use app::db::entity::downtime_reason::{self, ReasonLoss};
use app::db::entity::production_run::{self, RunStatus};
use app::db::entity::{count_event, scrap_reason, state_event, user};
use app::domain::oee::{PlannedTime, Window};
use chrono::Utc;
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::floor_history::{simulate, Reasons};
use super::shifts::demo_calendar;
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
    let mut centers = Vec::new();
    let lines = 1..=ctx.scale.get();
    let floor =
        lines.flat_map(|line| demo.facility_ids.iter().zip(WORK_CENTERS).map(move |(f, listed)| (line, f, listed)));
    for (line, facility_id, listed) in floor {
        for (code, name, kind, rate) in listed {
            let (code, name) = match line {
                1 => (code.to_string(), name.to_string()),
                n => (format!("{code}-L{n}"), format!("{name} (line {n})")),
            };
            let insert = Query::insert()
                .into_table(Alias::new("work_centers"))
                .columns(
                    ["tenant_id", "facility_id", "code", "name", "kind", "ideal_rate_per_hour", "updated_at"]
                        .map(Alias::new),
                )
                .values_panic([
                    demo.tenant_id.into(),
                    (*facility_id).into(),
                    code.into(),
                    name.into(),
                    (*kind).into(),
                    (*rate).into(),
                    now.into(),
                ])
                .returning_col(Alias::new("id"))
                .to_owned();
            let row = db.query_one(&insert).await?;
            let id: i64 = row.ok_or_else(|| DbErr::Custom("no id for a new work center".into()))?.try_get("", "id")?;
            centers.push((id, *rate, *facility_id));
        }
    }
    let mut downtime = HashMap::new();
    for (code, name, loss, needs_comment) in DOWNTIME_REASONS {
        let reason = downtime_reason::ActiveModel {
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
        downtime.insert(code, (reason.id, loss));
    }
    let mut scrap = Vec::new();
    for (code, name) in SCRAP_REASONS {
        let reason = scrap_reason::ActiveModel {
            tenant_id: Set(demo.tenant_id),
            code: Set(code.into()),
            name: Set(name.into()),
            active: Set(true),
            ..Default::default()
        }
        .insert(db)
        .await?;
        scrap.push(reason.id);
    }
    ctx.summary.push(format!(
        "{} work centers, {} downtime and {} scrap reasons",
        centers.len(),
        DOWNTIME_REASONS.len(),
        SCRAP_REASONS.len()
    ));
    if ctx.history_days > 0 {
        let reasons = Reasons {
            breakdowns: downtime
                .values()
                .filter(|(_, loss)| *loss == ReasonLoss::Breakdown)
                .map(|(id, _)| *id)
                .collect(),
            make_ready: downtime["MAKEREADY"].0,
            adjustment: downtime["ADJUST"].0,
            break_time: downtime["BREAK"].0,
            scrap,
        };
        seed_history(db, ctx, demo, &centers, &reasons).await?;
    }
    Ok(())
}

/// `ctx.history_days` of history up to now on every work center.
async fn seed_history(
    db: &impl ConnectionTrait,
    ctx: &mut SeedCtx,
    demo: &DemoTenant,
    centers: &[(i64, f64, i64)],
    reasons: &Reasons,
) -> Result<(), DbErr> {
    let now_ms = Utc::now().timestamp_millis();
    let day = 24 * 3_600_000;
    let from_ms = (now_ms.div_euclid(day) - i64::from(ctx.history_days)) * day;
    let operator = user::Entity::find()
        .filter(user::Column::TenantId.eq(demo.tenant_id))
        .filter(user::Column::Role.eq(Role::Operator.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::Custom("the demo operator is seeded before the floor's history".into()))?
        .id;
    let window = Window { start_ms: from_ms, end_ms: now_ms };
    let planned: HashMap<i64, PlannedTime> = demo
        .facility_ids
        .iter()
        .zip(&demo.facility_time_zones)
        .map(|(&facility, zone)| {
            let calendar = demo_calendar(zone).ok_or_else(|| DbErr::Custom(format!("unknown time zone {zone:?}")))?;
            Ok((facility, calendar.planned_time(window)))
        })
        .collect::<Result<_, DbErr>>()?;
    let (mut runs, mut states, mut counts) = (0, 0, 0);
    for &(work_center, rate, facility) in centers {
        let timeline = simulate(&mut ctx.rng, reasons, rate, (from_ms, now_ms), &planned[&facility]);
        let ideal_cycle_ms = (3_600_000.0 / rate).round().max(1.0) as i64;
        let mut run_ids = Vec::with_capacity(timeline.runs.len());
        for run in &timeline.runs {
            let inserted = production_run::ActiveModel {
                tenant_id: Set(demo.tenant_id),
                work_center_id: Set(work_center),
                job: Set(run.job.clone()),
                product: Set(run.product.to_string()),
                planned_quantity: Set(run.planned_quantity),
                ideal_cycle_ms: Set(ideal_cycle_ms),
                status: Set(if run.ended_ms.is_some() { RunStatus::Completed } else { RunStatus::Active }),
                planned_start_ms: Set(None),
                planned_end_ms: Set(None),
                started_ms: Set(Some(run.started_ms)),
                ended_ms: Set(run.ended_ms),
                operator_id: Set(Some(operator)),
                created_ms: Set(run.started_ms),
                ..Default::default()
            }
            .insert(db)
            .await?;
            run_ids.push(inserted.id);
        }
        let state_rows = timeline.states.iter().map(|s| state_event::ActiveModel {
            tenant_id: Set(demo.tenant_id),
            work_center_id: Set(work_center),
            state: Set(s.state),
            started_ms: Set(s.start_ms),
            ended_ms: Set(s.end_ms),
            reason_id: Set(s.reason_id),
            comment: Set(None),
            recorded_by: Set(operator),
            ..Default::default()
        });
        let count_rows = timeline.counts.iter().map(|c| count_event::ActiveModel {
            tenant_id: Set(demo.tenant_id),
            work_center_id: Set(work_center),
            run_id: Set(run_ids[c.run]),
            at_ms: Set(c.at_ms),
            good: Set(c.good),
            scrap: Set(c.scrap),
            scrap_reason_id: Set(c.scrap_reason_id),
            recorded_by: Set(operator),
            ..Default::default()
        });
        insert_in_chunks(db, state_rows.collect()).await?;
        insert_in_chunks(db, count_rows.collect()).await?;
        (runs, states, counts) =
            (runs + timeline.runs.len(), states + timeline.states.len(), counts + timeline.counts.len());
    }
    ctx.summary.push(format!(
        "{} days of production history: {runs} runs, {states} machine states, {counts} count events",
        ctx.history_days
    ));
    Ok(())
}

/// Inserts many rows a few hundred per statement (within both backends' parameter limits).
async fn insert_in_chunks<A>(db: &impl ConnectionTrait, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(500).collect();
        A::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}
