//! Demo production history: what each work center did, minute by minute, over the
//! last days up to now, keeping to its facility's shift calendar (the demo's: two
//! shifts a day, each with a 30-minute break; see `shifts.rs`), runs with a make-ready at the start, breakdowns,
//! adjustments, micro-stops, stops nobody explained, slower-than-ideal running and
//! a little scrap (more during make-ready). The last run and the last state are
//! still open at `now`, so the dashboard is live on the first visit.

use app::db::entity::state_event::StateKind;
use app::domain::oee::PlannedTime;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

const MINUTE: i64 = 60_000;
/// Minutes of running between two count events.
const COUNT_EVERY: i64 = 10;

/// Where a moment falls in the demo's shift calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftPeriod {
    OffShift,
    Break,
    Working,
}

/// The period of the moment `at_ms` in the calendar `planned`.
pub fn shift_period(planned: &PlannedTime, at_ms: i64) -> ShiftPeriod {
    if !planned.in_shift(at_ms) {
        ShiftPeriod::OffShift
    } else if planned.in_break(at_ms) {
        ShiftPeriod::Break
    } else {
        ShiftPeriod::Working
    }
}

/// The reason ids a history uses (the demo catalogue's).
pub struct Reasons {
    pub breakdowns: Vec<i64>,
    pub make_ready: i64,
    pub adjustment: i64,
    pub break_time: i64,
    pub scrap: Vec<i64>,
}

pub struct SimRun {
    pub job: String,
    pub product: &'static str,
    pub planned_quantity: i64,
    pub started_ms: i64,
    /// `None` while it still runs at `now`.
    pub ended_ms: Option<i64>,
}

pub struct SimState {
    pub state: StateKind,
    pub reason_id: Option<i64>,
    pub start_ms: i64,
    /// `None` for the state the machine is in at `now`.
    pub end_ms: Option<i64>,
}

pub struct SimCount {
    /// Index into [`Timeline::runs`].
    pub run: usize,
    pub at_ms: i64,
    pub good: i64,
    pub scrap: i64,
    pub scrap_reason_id: Option<i64>,
}

#[derive(Default)]
pub struct Timeline {
    pub runs: Vec<SimRun>,
    pub states: Vec<SimState>,
    pub counts: Vec<SimCount>,
}

const PRODUCTS: [&str; 8] = [
    "A5 flyer, 4/4",
    "A4 brochure, 16 pp",
    "Business cards",
    "Catalogue cover",
    "Folding carton",
    "Poster A2",
    "Wine label",
    "Annual report",
];

/// What a minute is spent on.
#[derive(Clone, Copy, PartialEq)]
struct Activity {
    state: StateKind,
    reason: Option<i64>,
}

struct Sim<'a> {
    rng: &'a mut ChaCha8Rng,
    reasons: &'a Reasons,
    pieces_per_minute: f64,
    timeline: Timeline,
    current: Option<(Activity, i64)>,
    /// The live run: index, good so far, and minutes since it started running.
    run: Option<(usize, i64, i64)>,
    pending: (i64, i64),
    minutes_running: i64,
    next_job: u32,
}

impl Sim<'_> {
    /// Spends the minute starting at `at` on `activity`.
    fn spend(&mut self, at: i64, activity: Activity) {
        match self.current {
            Some((current, _)) if current == activity => {}
            Some((current, since)) => {
                self.timeline.states.push(SimState {
                    state: current.state,
                    reason_id: current.reason,
                    start_ms: since,
                    end_ms: Some(at),
                });
                self.current = Some((activity, at));
            }
            None => self.current = Some((activity, at)),
        }
    }

    fn start_run(&mut self, at: i64) {
        let hours = self.rng.random_range(0.5..3.0);
        let planned = (self.pieces_per_minute * 60.0 * hours * 0.8).round().max(1.0) as i64;
        self.next_job += 1;
        self.timeline.runs.push(SimRun {
            job: format!("J-{}", 4000 + self.next_job),
            product: PRODUCTS[self.rng.random_range(0..PRODUCTS.len())],
            planned_quantity: planned,
            started_ms: at,
            ended_ms: None,
        });
        self.run = Some((self.timeline.runs.len() - 1, 0, 0));
    }

    fn flush_counts(&mut self, at: i64) {
        let (good, scrap) = std::mem::take(&mut self.pending);
        if let (Some((run, ..)), true) = (self.run, good + scrap > 0) {
            let scrap_reason_id =
                (scrap > 0).then(|| self.reasons.scrap[self.rng.random_range(0..self.reasons.scrap.len())]);
            self.timeline.counts.push(SimCount { run, at_ms: at, good, scrap, scrap_reason_id });
        }
    }

    /// One running minute: pieces at a speed below the ideal, a little scrap.
    fn run_minute(&mut self, at: i64) {
        let Some((run, good_so_far, minutes)) = self.run else { return };
        let speed = self.rng.random_range(0.78..0.97);
        let pieces = (self.pieces_per_minute * speed + self.rng.random_range(0.0..1.0)).floor() as i64;
        let scrap_rate = if minutes < 10 { 0.06 } else { 0.015 };
        let scrap = (pieces as f64 * scrap_rate * self.rng.random_range(0.0..2.0)).round() as i64;
        let scrap = scrap.min(pieces);
        self.pending.0 += pieces - scrap;
        self.pending.1 += scrap;
        self.run = Some((run, good_so_far + pieces - scrap, minutes + 1));
        self.minutes_running += 1;
        if self.minutes_running % COUNT_EVERY == 0 {
            self.flush_counts(at + MINUTE);
        }
    }
}

/// The history of one work center from `from_ms` to `now_ms`, working the shifts of `planned`.
pub fn simulate(
    rng: &mut ChaCha8Rng,
    reasons: &Reasons,
    ideal_per_hour: f64,
    (from_ms, now_ms): (i64, i64),
    planned: &PlannedTime,
) -> Timeline {
    let mut sim = Sim {
        rng,
        reasons,
        pieces_per_minute: ideal_per_hour / 60.0,
        timeline: Timeline::default(),
        current: None,
        run: None,
        pending: (0, 0),
        minutes_running: 0,
        next_job: 0,
    };
    // A stop in progress: what it is and the minute it ends.
    let mut stop: Option<(Activity, i64)> = None;
    let running = Activity { state: StateKind::Running, reason: None };
    let mut at = from_ms;
    while at + MINUTE <= now_ms {
        match shift_period(planned, at) {
            ShiftPeriod::OffShift => {
                sim.flush_counts(at);
                sim.spend(at, Activity { state: StateKind::NotScheduled, reason: None });
                stop = None;
                at += MINUTE;
                continue;
            }
            ShiftPeriod::Break => {
                sim.flush_counts(at);
                sim.spend(at, Activity { state: StateKind::Idle, reason: Some(reasons.break_time) });
                at += MINUTE;
                continue;
            }
            ShiftPeriod::Working => {}
        }
        if let Some((activity, until)) = stop {
            if at < until {
                sim.spend(at, activity);
                at += MINUTE;
                continue;
            }
            stop = None;
        }
        // A run finished: make ready for the next one.
        let finished = sim.run.is_some_and(|(run, good, _)| good >= sim.timeline.runs[run].planned_quantity);
        if sim.run.is_none() || finished {
            sim.flush_counts(at);
            if let Some((run, ..)) = sim.run.take() {
                sim.timeline.runs[run].ended_ms = Some(at);
            }
            sim.start_run(at);
            let minutes = sim.rng.random_range(10..40);
            stop =
                Some((Activity { state: StateKind::Setup, reason: Some(reasons.make_ready) }, at + minutes * MINUTE));
            continue;
        }
        let roll: f64 = sim.rng.random_range(0.0..1.0);
        let (activity, minutes) = if roll < 0.15 / 60.0 {
            let reason = reasons.breakdowns[sim.rng.random_range(0..reasons.breakdowns.len())];
            (Activity { state: StateKind::Down, reason: Some(reason) }, sim.rng.random_range(5..60))
        } else if roll < 0.35 / 60.0 {
            (Activity { state: StateKind::Setup, reason: Some(reasons.adjustment) }, sim.rng.random_range(3..12))
        } else if roll < 0.43 / 60.0 {
            (Activity { state: StateKind::Idle, reason: None }, sim.rng.random_range(6..25))
        } else if roll < 1.6 / 60.0 {
            (Activity { state: StateKind::Idle, reason: None }, 1)
        } else {
            (running, 1)
        };
        if activity == running {
            sim.spend(at, running);
            sim.run_minute(at);
        } else {
            sim.flush_counts(at);
            sim.spend(at, activity);
            stop = Some((activity, at + minutes * MINUTE));
        }
        at += MINUTE;
    }
    sim.flush_counts(at.min(now_ms));
    if let Some((activity, since)) = sim.current.take() {
        sim.timeline.states.push(SimState {
            state: activity.state,
            reason_id: activity.reason,
            start_ms: since,
            end_ms: None,
        });
    }
    sim.timeline
}

#[cfg(test)]
mod tests {
    use app::domain::oee::{measure, CountEvent, LossPolicy, StateSpan, Window};
    use rand::SeedableRng;

    use super::*;

    const DAY: i64 = 24 * 60 * MINUTE;

    fn reasons() -> Reasons {
        Reasons { breakdowns: vec![1, 2], make_ready: 3, adjustment: 4, break_time: 5, scrap: vec![6] }
    }

    /// The demo's calendar in UTC over `[from, now)`.
    fn planned(from: i64, now: i64) -> PlannedTime {
        crate::seed::shifts::demo_calendar("UTC").unwrap().planned_time(Window { start_ms: from, end_ms: now })
    }

    #[test]
    fn a_history_covers_every_minute_once_and_ends_live() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let (from, now) = (0, 7 * DAY + 10 * 60 * MINUTE + 17 * MINUTE);
        let timeline = simulate(&mut rng, &reasons(), 12_000.0, (from, now), &planned(from, now));
        let states = &timeline.states;
        assert_eq!(states[0].start_ms, from);
        for pair in states.windows(2) {
            assert_eq!(pair[0].end_ms, Some(pair[1].start_ms), "contiguous, never overlapping");
            assert!(pair[0].start_ms < pair[1].start_ms);
        }
        assert_eq!(states.iter().filter(|s| s.end_ms.is_none()).count(), 1, "one open state, the last");
        assert_eq!(timeline.runs.iter().filter(|r| r.ended_ms.is_none()).count(), 1, "one live run, the last");
        assert!(timeline.runs.len() > 5, "{} runs in a week", timeline.runs.len());
        for count in &timeline.counts {
            let run = &timeline.runs[count.run];
            assert!(count.at_ms >= run.started_ms && run.ended_ms.is_none_or(|end| count.at_ms <= end));
            assert!(count.at_ms <= now && count.good >= 0 && count.scrap >= 0 && count.good + count.scrap > 0);
        }
    }

    #[test]
    fn the_demo_floor_scores_a_believable_oee() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let now = 14 * DAY;
        let timeline = simulate(&mut rng, &reasons(), 6_000.0, (0, now), &planned(0, now));
        let losses = |id: i64| match id {
            1 | 2 => Some(app::domain::oee::StopLoss::Breakdown),
            3 | 4 => Some(app::domain::oee::StopLoss::SetupAdjustment),
            _ => Some(app::domain::oee::StopLoss::PlannedStopExcluded),
        };
        let spans: Vec<StateSpan> = timeline
            .states
            .iter()
            .map(|s| StateSpan {
                state: s.state.into(),
                start_ms: s.start_ms,
                end_ms: s.end_ms.unwrap_or(now),
                reason_id: s.reason_id,
                loss: s.reason_id.and_then(losses),
            })
            .collect();
        let counts: Vec<CountEvent> = timeline
            .counts
            .iter()
            .map(|c| CountEvent {
                at_ms: c.at_ms,
                good: c.good,
                scrap: c.scrap,
                ideal_cycle_ms: 600,
                run_started_ms: timeline.runs[c.run].started_ms,
                run_pieces_before: 1_000_000,
            })
            .collect();
        let figures = measure(Window { start_ms: 0, end_ms: now }, &spans, &counts, &LossPolicy::default());
        let (a, p, q) = (figures.availability().unwrap(), figures.performance().unwrap(), figures.quality().unwrap());
        assert!((0.6..0.95).contains(&a), "availability {a}");
        assert!((0.8..1.0).contains(&p), "performance {p}");
        assert!((0.95..1.0).contains(&q), "quality {q}");
        let oee = figures.oee().unwrap();
        assert!((0.45..0.9).contains(&oee), "OEE {oee}");
        // 16 scheduled hours a day minus breaks: planned production is 15 of 24 hours.
        assert_eq!(figures.planned_production_ms, 14 * 15 * 60 * MINUTE);
    }
}
