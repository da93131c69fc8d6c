//! The demo floor in real time: `seed --demo --live` and `serve --live-demo` keep
//! every demo work center moving, so a fresh `make run` shows a floor that counts.
//!
//! Every few seconds each work center takes its next step, as its operator would:
//! it starts a run (with a make-ready), counts what it made at 75–95 % of its ideal
//! rate with a little scrap, breaks down now and then and recovers, finishes runs,
//! keeps its facility's shifts and breaks (the calendar in master data), and sometimes goes quiet, so that the floor
//! watch opens an unexplained stop which the operator explains a little later.
//! Each step goes through [`apply`], the tablet's own path, in one write
//! transaction per work center: the live data obey every rule a tablet's do.

use std::collections::HashMap;
use std::time::Duration;

use app::auth::model::Role;
use app::db::entity::downtime_reason::{self, ReasonLoss};
use app::db::entity::{scrap_reason, tenant, user};
use app::db::scope::{self, Scope, TenantId};
use app::domain::oee::{MachineState, Window};
use app::error::AppError;
use app::production::actions::{apply, Actor};
use app::production::calendar::calendars;
use app::production::model::{StationAction, StationOutcome, StationStatus};
use app::production::store;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::floor_history::shift_period;
pub use super::floor_history::ShiftPeriod;
use super::DEMO_TENANT_SLUG;

/// How often every work center takes a step.
pub const LIVE_STEP: Duration = Duration::from_secs(10);

const MINUTE_MS: i64 = 60_000;
/// Mean time between breakdowns while running, and the mean breakdown.
const MEAN_RUNNING_BETWEEN_BREAKDOWNS_MS: f64 = 150.0 * 60_000.0;
const MEAN_BREAKDOWN_MS: f64 = 12.0 * 60_000.0;
/// Make-ready lasts this long before the run gets going.
const MAKE_READY_MS: i64 = 10 * MINUTE_MS;
/// Now and then the operator stops counting for this long (the floor watch then
/// opens an unexplained stop); the mean time between such lapses.
const QUIET_MS: i64 = 8 * MINUTE_MS;
const MEAN_BETWEEN_QUIET_MS: f64 = 180.0 * 60_000.0;
/// How long, on average, an unexplained stop waits for its reason.
const MEAN_UNEXPLAINED_MS: f64 = 3.0 * 60_000.0;
const PRODUCTS: [&str; 6] =
    ["Brochure A4 16 pp", "Flyer A5", "Catalogue 64 pp", "Poster A2", "Folding carton", "Annual report 48 pp"];

/// The reasons a live floor picks from, taken from the tenant's catalogue by loss.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveReasons {
    /// Breakdowns that need no comment.
    pub breakdowns: Vec<i64>,
    pub make_ready: Option<i64>,
    pub break_time: Option<i64>,
    pub scrap: Vec<i64>,
}

/// The demo tenant's floor, as the live feed drives it.
pub struct LiveFloor {
    tenant: TenantId,
    operator_id: i64,
    work_centers: Vec<i64>,
    reasons: LiveReasons,
    /// Work centers whose operator does not count until then (Unix ms).
    quiet_until: HashMap<i64, i64>,
    rng: ChaCha8Rng,
}

impl LiveFloor {
    /// The demo floor, or `None` when there is no demo tenant (or it has no operator).
    pub async fn load(db: &DatabaseConnection, rng: ChaCha8Rng) -> Result<Option<LiveFloor>, AppError> {
        let tx = scope::read(db, Scope::AllTenants).await?;
        let Some(demo) = tenant::Entity::find().filter(tenant::Column::Slug.eq(DEMO_TENANT_SLUG)).one(&tx).await?
        else {
            return Ok(None);
        };
        let operator = user::Entity::find()
            .filter(user::Column::TenantId.eq(demo.id))
            .filter(user::Column::Role.eq(Role::Operator.as_str()))
            .order_by_asc(user::Column::Id)
            .one(&tx)
            .await?;
        let Some(operator) = operator else { return Ok(None) };
        use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
        let ids = Query::select()
            .column(Alias::new("id"))
            .from(Alias::new("work_centers"))
            .and_where(Expr::col(Alias::new("tenant_id")).eq(demo.id))
            .order_by(Alias::new("id"), Order::Asc)
            .to_owned();
        let work_centers =
            tx.query_all(&ids).await?.iter().map(|row| row.try_get("", "id")).collect::<Result<Vec<i64>, _>>()?;
        let downtime = downtime_reason::Entity::find()
            .filter(downtime_reason::Column::TenantId.eq(demo.id))
            .filter(downtime_reason::Column::Active.eq(true))
            .order_by_asc(downtime_reason::Column::Id)
            .all(&tx)
            .await?;
        let first_with = |loss: ReasonLoss| downtime.iter().find(|r| r.loss == loss && !r.needs_comment).map(|r| r.id);
        let reasons = LiveReasons {
            breakdowns: downtime
                .iter()
                .filter(|r| r.loss == ReasonLoss::Breakdown && !r.needs_comment)
                .map(|r| r.id)
                .collect(),
            make_ready: first_with(ReasonLoss::SetupAdjustment),
            break_time: first_with(ReasonLoss::PlannedStopExcluded),
            scrap: scrap_reason::Entity::find()
                .filter(scrap_reason::Column::TenantId.eq(demo.id))
                .filter(scrap_reason::Column::Active.eq(true))
                .all(&tx)
                .await?
                .into_iter()
                .map(|r| r.id)
                .collect(),
        };
        tx.commit().await?;
        Ok(Some(LiveFloor {
            tenant: TenantId(demo.id),
            operator_id: operator.id,
            work_centers,
            reasons,
            quiet_until: HashMap::new(),
            rng,
        }))
    }

    /// One step of every work center at `now_ms`; returns how many actions were taken.
    pub async fn step(&mut self, db: &DatabaseConnection, now_ms: i64) -> Result<usize, AppError> {
        let tx = scope::read(db, Scope::Tenant(self.tenant)).await?;
        let calendars = calendars(&tx, self.tenant).await?;
        tx.commit().await?;
        let now = Window { start_ms: now_ms, end_ms: now_ms + 1 };
        // A work center without a calendar works round the clock.
        let period_of = |work_center| {
            calendars
                .planned_time(work_center, now)
                .map_or(ShiftPeriod::Working, |planned| shift_period(&planned, now_ms))
        };
        self.step_in(db, now_ms, &period_of).await
    }

    /// [`LiveFloor::step`] as if each work center's moment fell in `period_of` it
    /// of the shift calendar.
    pub async fn step_in(
        &mut self,
        db: &DatabaseConnection,
        now_ms: i64,
        period_of: &(dyn Fn(i64) -> ShiftPeriod + Sync),
    ) -> Result<usize, AppError> {
        let mut taken = 0;
        for work_center in self.work_centers.clone() {
            let tx = scope::write(db, Scope::Tenant(self.tenant)).await?;
            let Some(station) = store::station(&tx, self.tenant, work_center).await? else { continue };
            let Some(ideal_cycle_ms) = station.ideal_cycle_ms else { continue };
            let status = store::view(&tx, self.tenant, station.clone()).await?;
            let quiet = self.quiet_until.get(&work_center).is_some_and(|&until| until > now_ms);
            let moment = Moment { now_ms, period: period_of(work_center), ideal_cycle_ms, quiet };
            let step = next_step(&status, &moment, &self.reasons, &mut self.rng);
            if step.go_quiet {
                self.quiet_until.insert(work_center, now_ms + QUIET_MS);
            }
            let actor = Actor { user_id: self.operator_id, now_ms, t: &app::i18n::EN };
            for action in &step.actions {
                if let StationOutcome::Refused { message } = apply(&tx, self.tenant, &station, action, &actor).await? {
                    tracing::debug!(work_center, ?action, %message, "the live demo's step was refused");
                    break;
                }
                taken += 1;
            }
            tx.commit().await?;
        }
        Ok(taken)
    }
}

/// What a work center's step is decided from, besides its status.
#[derive(Clone, Copy, Debug)]
pub struct Moment {
    pub now_ms: i64,
    pub period: ShiftPeriod,
    pub ideal_cycle_ms: i64,
    /// The operator is not counting just now.
    pub quiet: bool,
}

/// The actions of one step, and whether the operator stops counting for a while.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    pub actions: Vec<StationAction>,
    pub go_quiet: bool,
}

/// Whether something with mean time between occurrences `mean_ms` happens in one step.
fn happens(rng: &mut ChaCha8Rng, mean_ms: f64) -> bool {
    rng.random_bool((LIVE_STEP.as_millis() as f64 / mean_ms).clamp(0.0, 1.0))
}

fn state(state: MachineState, reason_id: Option<i64>) -> StationAction {
    StationAction::State { state, reason_id, comment: None, from_ms: None, to_ms: None }
}

/// The next step of one work center: pure, so the tests can drive it.
pub fn next_step(status: &StationStatus, moment: &Moment, reasons: &LiveReasons, rng: &mut ChaCha8Rng) -> Step {
    let actions = |actions: Vec<StationAction>| Step { actions, go_quiet: false };
    let run = status.run.as_ref();
    let live = run.filter(|run| !run.paused);
    let since_ms = moment.now_ms - status.state_since_ms.unwrap_or(moment.now_ms);
    match moment.period {
        ShiftPeriod::OffShift => {
            if status.state == Some(MachineState::NotScheduled) {
                return Step::default();
            }
            let mut off = Vec::new();
            if let Some(run) = live {
                off.push(StationAction::PauseRun { run_id: run.id });
            }
            off.push(state(MachineState::NotScheduled, None));
            return actions(off);
        }
        ShiftPeriod::Break => {
            return match live {
                Some(run) => actions(vec![
                    StationAction::PauseRun { run_id: run.id },
                    state(MachineState::Idle, reasons.break_time),
                ]),
                None if status.state != Some(MachineState::Idle) => {
                    actions(vec![state(MachineState::Idle, reasons.break_time)])
                }
                None => Step::default(),
            };
        }
        ShiftPeriod::Working => {}
    }
    if let Some(stop) = status.unexplained_stop_id {
        return match pick(rng, &reasons.breakdowns) {
            Some(reason_id) if happens(rng, MEAN_UNEXPLAINED_MS) => {
                actions(vec![StationAction::Explain { state_event_id: stop, reason_id, comment: None }])
            }
            _ => Step::default(),
        };
    }
    let Some(run) = run else {
        let start = match status.scheduled.first().filter(|next| next.planned_start_ms <= moment.now_ms) {
            Some(next) => StationAction::StartScheduled { run_id: next.id },
            None => ad_hoc_run(status, moment, rng),
        };
        return actions(vec![start, state(MachineState::Setup, reasons.make_ready)]);
    };
    if run.paused {
        return actions(vec![StationAction::ResumeRun { run_id: run.id }]);
    }
    if run.good >= run.planned_quantity {
        return actions(vec![StationAction::FinishRun { run_id: run.id }]);
    }
    match status.state {
        Some(MachineState::Running) => running(run.id, moment, reasons, rng),
        Some(MachineState::Setup) if since_ms < MAKE_READY_MS => Step::default(),
        Some(MachineState::Down | MachineState::Maintenance) if !happens(rng, MEAN_BREAKDOWN_MS) => Step::default(),
        _ => actions(vec![state(MachineState::Running, None)]),
    }
}

/// A run nobody scheduled: one of the tenant's products, or a product named.
fn ad_hoc_run(status: &StationStatus, moment: &Moment, rng: &mut impl Rng) -> StationAction {
    let job = format!("LIVE-{}", moment.now_ms / 1000 % 1_000_000);
    let hours = rng.random_range(0.5..2.5);
    let planned_quantity = ((hours * 3_600_000.0 / moment.ideal_cycle_ms as f64).round() as i64).max(1);
    match status.products.get(rng.random_range(0..status.products.len().max(1))) {
        Some(product) => {
            StationAction::StartRun { job, product: String::new(), planned_quantity, product_id: Some(product.id) }
        }
        None => {
            let product = PRODUCTS[rng.random_range(0..PRODUCTS.len())].to_string();
            StationAction::StartRun { job, product, planned_quantity, product_id: None }
        }
    }
}

/// A running machine: it breaks down, its operator goes quiet, or it counts.
fn running(run_id: i64, moment: &Moment, reasons: &LiveReasons, rng: &mut ChaCha8Rng) -> Step {
    if happens(rng, MEAN_RUNNING_BETWEEN_BREAKDOWNS_MS) {
        if let Some(reason_id) = pick(rng, &reasons.breakdowns) {
            return Step { actions: vec![state(MachineState::Down, Some(reason_id))], go_quiet: false };
        }
    }
    if moment.quiet {
        return Step::default();
    }
    if happens(rng, MEAN_BETWEEN_QUIET_MS) {
        return Step { actions: Vec::new(), go_quiet: true };
    }
    let ideal = LIVE_STEP.as_millis() as f64 / moment.ideal_cycle_ms as f64;
    let made = ideal * rng.random_range(0.75..0.95);
    // Whole pieces on average: the fraction is made with its probability.
    let pieces = made.floor() as i64 + i64::from(rng.random_bool(made.fract()));
    if pieces == 0 {
        return Step::default();
    }
    let scrap_reason_id = pick(rng, &reasons.scrap).filter(|_| rng.random_bool(0.15));
    let scrap = scrap_reason_id.map_or(0, |_| rng.random_range(1..=(pieces / 20).max(1)));
    let count = StationAction::Count { run_id, good: pieces - scrap, scrap, scrap_reason_id, at_ms: None };
    Step { actions: vec![count], go_quiet: false }
}

fn pick(rng: &mut ChaCha8Rng, ids: &[i64]) -> Option<i64> {
    (!ids.is_empty()).then(|| ids[rng.random_range(0..ids.len())])
}

/// Steps the demo floor every [`LIVE_STEP`] for as long as the task runs; waits
/// quietly (and says so once) while there is no demo tenant.
pub fn spawn(db: DatabaseConnection) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move { run(db).await })
}

/// The loop behind [`spawn`] and `seed --demo --live`.
pub async fn run(db: DatabaseConnection) {
    use rand::SeedableRng;
    let mut ticks = tokio::time::interval(LIVE_STEP);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut floor = None;
    let mut said_absent = false;
    loop {
        ticks.tick().await;
        if floor.is_none() {
            match LiveFloor::load(&db, ChaCha8Rng::seed_from_u64(chrono::Utc::now().timestamp_millis() as u64)).await {
                Ok(Some(loaded)) => floor = Some(loaded),
                Ok(None) if !said_absent => {
                    tracing::warn!("the live demo waits: there is no demo tenant with an operator");
                    said_absent = true;
                }
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "the live demo could not read the demo floor"),
            }
        }
        let Some(live) = floor.as_mut() else { continue };
        match live.step(&db, chrono::Utc::now().timestamp_millis()).await {
            Ok(taken) => tracing::debug!(taken, "the live demo took a step"),
            Err(error) => tracing::warn!(%error, "the live demo's step failed; it tries again"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::production::model::{Choice, LiveRun, ScheduledRun};
    use rand::SeedableRng;

    fn reasons() -> LiveReasons {
        LiveReasons { breakdowns: vec![1, 2], make_ready: Some(3), break_time: Some(4), scrap: vec![5] }
    }

    fn status(state: Option<MachineState>, run: Option<LiveRun>) -> StationStatus {
        StationStatus {
            work_center_id: 9,
            name: "PRESS-1".into(),
            run,
            state,
            state_since_ms: Some(0),
            unexplained_stop_id: None,
            downtime_reasons: Vec::new(),
            scrap_reasons: Vec::new(),
            products: Vec::new(),
            scheduled: Vec::new(),
        }
    }

    fn run(good: i64, paused: bool) -> LiveRun {
        LiveRun {
            id: 7,
            job: "J".into(),
            product: "P".into(),
            planned_quantity: 1000,
            paused,
            started_ms: 0,
            good,
            scrap: 0,
        }
    }

    fn working(now_ms: i64) -> Moment {
        Moment { now_ms, period: ShiftPeriod::Working, ideal_cycle_ms: 240, quiet: false }
    }

    #[test]
    fn an_idle_work_center_starts_a_run_with_a_make_ready() {
        let step = next_step(&status(None, None), &working(0), &reasons(), &mut ChaCha8Rng::seed_from_u64(1));
        assert!(matches!(step.actions[0], StationAction::StartRun { planned_quantity, .. } if planned_quantity > 0));
        assert_eq!(step.actions[1], state(MachineState::Setup, Some(3)));
    }

    #[test]
    fn a_due_scheduled_run_is_started_before_an_ad_hoc_one() {
        let next = ScheduledRun {
            id: 31,
            work_center_id: 9,
            work_center: "PRESS-1".into(),
            job: "J-26000".into(),
            product: "FLY-A5 — A5 flyer".into(),
            planned_quantity: 900,
            planned_start_ms: 60_000,
            planned_end_ms: None,
            planned_start_local: String::new(),
        };
        let products = vec![Choice { id: 4, label: "FLY-A5 — A5 flyer".into() }];
        let waiting = StationStatus { scheduled: vec![next], products, ..status(None, None) };
        let rng = &mut ChaCha8Rng::seed_from_u64(1);
        assert_eq!(
            next_step(&waiting, &working(60_000), &reasons(), rng).actions[0],
            StationAction::StartScheduled { run_id: 31 }
        );
        // Not due yet: an ad-hoc run of one of the products.
        let early = next_step(&waiting, &working(59_999), &reasons(), rng);
        assert!(matches!(early.actions[0], StationAction::StartRun { product_id: Some(4), .. }), "{early:?}");
    }

    #[test]
    fn make_ready_ends_after_its_time_and_the_run_counts() {
        let setup = status(Some(MachineState::Setup), Some(run(0, false)));
        let rng = &mut ChaCha8Rng::seed_from_u64(2);
        assert_eq!(next_step(&setup, &working(MAKE_READY_MS - 1), &reasons(), rng), Step::default());
        assert_eq!(
            next_step(&setup, &working(MAKE_READY_MS), &reasons(), rng).actions,
            [state(MachineState::Running, None)]
        );
        let running = status(Some(MachineState::Running), Some(run(0, false)));
        let (mut good, mut counts) = (0, 0);
        for _ in 0..200 {
            if let [StationAction::Count { good: g, scrap, scrap_reason_id, .. }] =
                next_step(&running, &working(0), &reasons(), rng).actions[..]
            {
                assert!(scrap == 0 || scrap_reason_id == Some(5), "scrap always has a reason");
                good += g + scrap;
                counts += 1;
            }
        }
        // 10 s at 240 ms a piece is 41.7 pieces at the ideal rate; 75–95 % of it.
        let per_count = good as f64 / counts as f64;
        assert!((31.0..=40.0).contains(&per_count), "{per_count} pieces per step");
    }

    #[test]
    fn a_finished_quantity_finishes_the_run_and_a_paused_run_resumes() {
        let rng = &mut ChaCha8Rng::seed_from_u64(3);
        let done = status(Some(MachineState::Running), Some(run(1000, false)));
        assert_eq!(next_step(&done, &working(0), &reasons(), rng).actions, [StationAction::FinishRun { run_id: 7 }]);
        let paused = status(Some(MachineState::Idle), Some(run(10, true)));
        assert_eq!(next_step(&paused, &working(0), &reasons(), rng).actions, [StationAction::ResumeRun { run_id: 7 }]);
    }

    #[test]
    fn off_shift_pauses_the_run_once_and_then_waits() {
        let rng = &mut ChaCha8Rng::seed_from_u64(4);
        let off = Moment { period: ShiftPeriod::OffShift, ..working(0) };
        let running = status(Some(MachineState::Running), Some(run(10, false)));
        assert_eq!(
            next_step(&running, &off, &reasons(), rng).actions,
            [StationAction::PauseRun { run_id: 7 }, state(MachineState::NotScheduled, None)]
        );
        let parked = status(Some(MachineState::NotScheduled), Some(run(10, true)));
        assert_eq!(next_step(&parked, &off, &reasons(), rng), Step::default());
        let on_break = Moment { period: ShiftPeriod::Break, ..working(0) };
        assert_eq!(
            next_step(&running, &on_break, &reasons(), rng).actions,
            [StationAction::PauseRun { run_id: 7 }, state(MachineState::Idle, Some(4))]
        );
    }

    #[test]
    fn an_unexplained_stop_is_explained_sooner_or_later_and_nothing_else_happens_meanwhile() {
        let rng = &mut ChaCha8Rng::seed_from_u64(5);
        let stopped =
            StationStatus { unexplained_stop_id: Some(42), ..status(Some(MachineState::Down), Some(run(10, false))) };
        let steps: Vec<Step> = (0..200).map(|_| next_step(&stopped, &working(0), &reasons(), rng)).collect();
        let explained = steps.iter().filter(|s| !s.actions.is_empty()).count();
        assert!(explained > 0, "explained at last");
        assert!(steps
            .iter()
            .flat_map(|s| &s.actions)
            .all(|a| matches!(a, StationAction::Explain { state_event_id: 42, reason_id: 1 | 2, .. })));
    }

    #[test]
    fn a_quiet_operator_does_not_count() {
        let rng = &mut ChaCha8Rng::seed_from_u64(6);
        let running = status(Some(MachineState::Running), Some(run(10, false)));
        let quiet = Moment { quiet: true, ..working(0) };
        let counted = (0..200)
            .flat_map(|_| next_step(&running, &quiet, &reasons(), rng).actions)
            .any(|a| matches!(a, StationAction::Count { .. }));
        assert!(!counted);
    }
}
