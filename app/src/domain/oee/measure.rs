//! One window (an hour, a shift, a day) of one work center: its state intervals
//! and count events turned into [`OeeFigures`] and the six big losses.

use serde::{Deserialize, Serialize};

use super::figures::{OeeFigures, SixBigLosses};

/// What a machine is doing (recorded by operators or a machine gateway).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MachineState {
    Running,
    Idle,
    Setup,
    Down,
    Maintenance,
    NotScheduled,
}

impl MachineState {
    /// Every state, in the order charts and tables list them.
    pub const ALL: [MachineState; 6] = [
        MachineState::Running,
        MachineState::Idle,
        MachineState::Setup,
        MachineState::Down,
        MachineState::Maintenance,
        MachineState::NotScheduled,
    ];

    /// Where the state is in [`MachineState::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Which loss a stop is, as its reason in the tenant's catalogue says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopLoss {
    /// An unplanned stop: equipment failure, jam, no material.
    Breakdown,
    /// A setup, changeover or adjustment.
    SetupAdjustment,
    /// A planned stop (break, meeting, planned maintenance) that the tenant
    /// leaves out of planned production time.
    PlannedStopExcluded,
    /// A planned stop the tenant counts as a loss (oee.com's "planned stops",
    /// binned with setups and adjustments).
    PlannedStopCounted,
}

/// A machine state from `start_ms` to `end_ms`, with its reason (an id in the
/// tenant's catalogue) and that reason's loss when it has one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateSpan {
    pub state: MachineState,
    pub start_ms: i64,
    pub end_ms: i64,
    pub reason_id: Option<i64>,
    pub loss: Option<StopLoss>,
}

/// Pieces counted at one moment, with the ideal cycle time of what was made and
/// where in its run the count fell (for start-up rejects).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountEvent {
    pub at_ms: i64,
    pub good: i64,
    pub scrap: i64,
    pub ideal_cycle_ms: i64,
    pub run_started_ms: i64,
    /// Pieces (good and scrap) the run had counted before this event.
    pub run_pieces_before: i64,
}

/// A half-open time window `[start_ms, end_ms)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub start_ms: i64,
    pub end_ms: i64,
}

impl Window {
    pub fn length_ms(&self) -> i64 {
        (self.end_ms - self.start_ms).max(0)
    }

    fn contains(&self, at_ms: i64) -> bool {
        self.start_ms <= at_ms && at_ms < self.end_ms
    }
}

/// A tenant's thresholds for classifying losses.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LossPolicy {
    /// Unplanned stops shorter than this (the whole stop, not the part inside the
    /// window) are minor stops.
    pub minor_stop_ms: i64,
    /// Scrap within this long after a run's start is a start-up reject…
    pub startup_ms: i64,
    /// …and so is scrap before the run has counted this many pieces.
    pub startup_pieces: i64,
}

impl Default for LossPolicy {
    fn default() -> LossPolicy {
        LossPolicy { minor_stop_ms: 2 * 60_000, startup_ms: 10 * 60_000, startup_pieces: 0 }
    }
}

/// Where one stretch of time goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Bucket {
    NotScheduled,
    PlannedStopExcluded,
    Running,
    MinorStop,
    Breakdown,
    SetupAdjustment,
    Unexplained,
}

pub(super) fn bucket_of(span: &StateSpan, policy: &LossPolicy) -> Bucket {
    let is_minor = span.end_ms - span.start_ms < policy.minor_stop_ms;
    let unplanned = |unexplained: Bucket| if is_minor { Bucket::MinorStop } else { unexplained };
    match (span.state, span.loss) {
        (MachineState::NotScheduled, _) => Bucket::NotScheduled,
        (MachineState::Running, _) => Bucket::Running,
        (_, Some(StopLoss::PlannedStopExcluded)) | (MachineState::Maintenance, None) => Bucket::PlannedStopExcluded,
        (_, Some(StopLoss::SetupAdjustment | StopLoss::PlannedStopCounted)) | (MachineState::Setup, None) => {
            Bucket::SetupAdjustment
        }
        (_, Some(StopLoss::Breakdown)) => unplanned(Bucket::Breakdown),
        (MachineState::Idle | MachineState::Down, None) => unplanned(Bucket::Unexplained),
    }
}

/// Each span with the time of it that falls inside `window`, in the order of
/// their starts, leaving out spans with none. If two overlap (the store refuses
/// that, but a bad feed must not make availability negative) the later one only
/// counts from where the earlier ended, so the times never add up to more than
/// the window.
pub fn clipped(window: Window, spans: &[StateSpan]) -> Vec<(&StateSpan, i64)> {
    let mut sorted: Vec<&StateSpan> = spans.iter().collect();
    sorted.sort_by_key(|span| span.start_ms);
    let mut cursor = window.start_ms;
    let mut inside = Vec::with_capacity(sorted.len());
    for span in sorted {
        let start = span.start_ms.max(cursor);
        let end = span.end_ms.min(window.end_ms);
        if end > start {
            cursor = end;
            inside.push((span, end - start));
        }
    }
    inside
}

/// The figures of `window` from the work center's state spans and count events.
///
/// Time no span covers is not scheduled. Spans are [`clipped`] to the window.
/// Counts belong to the window their moment falls in.
pub fn measure(window: Window, spans: &[StateSpan], counts: &[CountEvent], policy: &LossPolicy) -> OeeFigures {
    let mut figures = OeeFigures { all_time_ms: window.length_ms(), ..OeeFigures::default() };
    let mut losses = SixBigLosses::default();
    let mut running_ms = 0;
    let mut covered_ms = 0;
    for (span, length) in clipped(window, spans) {
        covered_ms += length;
        match bucket_of(span, policy) {
            Bucket::NotScheduled => figures.not_scheduled_ms += length,
            Bucket::PlannedStopExcluded => figures.planned_stops_excluded_ms += length,
            Bucket::Running => running_ms += length,
            Bucket::MinorStop => losses.minor_stops_ms += length,
            Bucket::Breakdown => losses.breakdowns_ms += length,
            Bucket::SetupAdjustment => losses.setup_adjustments_ms += length,
            Bucket::Unexplained => losses.unexplained_ms += length,
        }
    }
    figures.not_scheduled_ms += figures.all_time_ms - covered_ms;
    figures.planned_production_ms = figures.all_time_ms - figures.not_scheduled_ms - figures.planned_stops_excluded_ms;
    figures.run_ms = running_ms + losses.minor_stops_ms;

    for count in counts.iter().filter(|count| window.contains(count.at_ms)) {
        let (good, scrap) = (count.good.max(0), count.scrap.max(0));
        let cycle = count.ideal_cycle_ms.max(0);
        figures.good += good;
        figures.scrap += scrap;
        figures.ideal_ms += cycle * (good + scrap);
        figures.fully_productive_ms += cycle * good;
        let startup =
            count.at_ms - count.run_started_ms < policy.startup_ms || count.run_pieces_before < policy.startup_pieces;
        if startup {
            losses.startup_rejects_ms += cycle * scrap;
        } else {
            losses.production_rejects_ms += cycle * scrap;
        }
    }
    losses.reduced_speed_ms = running_ms - figures.ideal_ms;
    figures.losses = losses;
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn span(state: MachineState, from_min: i64, to_min: i64, loss: Option<StopLoss>) -> StateSpan {
        StateSpan { state, start_ms: from_min * MIN, end_ms: to_min * MIN, reason_id: None, loss }
    }

    fn count(at_min: i64, good: i64, scrap: i64, ideal_cycle_ms: i64) -> CountEvent {
        CountEvent { at_ms: at_min * MIN, good, scrap, ideal_cycle_ms, run_started_ms: 0, run_pieces_before: 1_000_000 }
    }

    fn shift(from_min: i64, to_min: i64) -> Window {
        Window { start_ms: from_min * MIN, end_ms: to_min * MIN }
    }

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a ratio");
        assert!((actual - expected).abs() < 5e-5, "{actual} vs {expected}");
    }

    /// oee.com's worked example ("OEE calculation"): an 8-hour shift with two
    /// 15-minute breaks and a 30-minute meal, 47 minutes of downtime, ideal cycle
    /// time 1.0 s, 19,271 pieces of which 18,848 good: A 88.81 %, P 86.11 %,
    /// Q 97.80 %, OEE 74.79 %.
    #[test]
    fn the_oee_com_worked_example() {
        let excluded = Some(StopLoss::PlannedStopExcluded);
        let spans = [
            span(MachineState::Running, 0, 120, None),
            span(MachineState::Idle, 120, 135, excluded),
            span(MachineState::Running, 135, 200, None),
            span(MachineState::Down, 200, 247, Some(StopLoss::Breakdown)),
            span(MachineState::Running, 247, 260, None),
            span(MachineState::Idle, 260, 290, excluded),
            span(MachineState::Running, 290, 400, None),
            span(MachineState::Idle, 400, 415, excluded),
            span(MachineState::Running, 415, 480, None),
        ];
        let figures = measure(shift(0, 480), &spans, &[count(300, 18_848, 423, 1_000)], &LossPolicy::default());
        assert_eq!(figures.planned_production_ms, 420 * MIN);
        assert_eq!(figures.run_ms, 373 * MIN);
        close(figures.availability(), 0.888_095);
        close(figures.performance(), 19_271.0 / (373.0 * 60.0));
        close(figures.quality(), 18_848.0 / 19_271.0);
        close(figures.oee(), 0.747_937);
        close(figures.teep(), 0.747_937 * 420.0 / 480.0);
        assert_eq!(figures.losses.breakdowns_ms, 47 * MIN);
        // Planned production time is fully productive time plus the losses, to the millisecond.
        assert_eq!(figures.planned_production_ms, figures.fully_productive_ms + figures.losses.total_ms());
    }

    #[test]
    fn no_run_time_is_no_oee_and_no_counts_with_run_time_is_zero() {
        let down = [span(MachineState::Down, 0, 60, Some(StopLoss::Breakdown))];
        let figures = measure(shift(0, 60), &down, &[], &LossPolicy::default());
        assert_eq!(figures.availability(), Some(0.0));
        assert_eq!(figures.performance(), None);
        assert_eq!(figures.oee(), None);
        assert_eq!(figures.teep(), None);

        let ran = [span(MachineState::Running, 0, 60, None)];
        let figures = measure(shift(0, 60), &ran, &[], &LossPolicy::default());
        assert_eq!(figures.performance(), Some(0.0));
        assert_eq!(figures.quality(), None);
        assert_eq!(figures.oee(), Some(0.0), "a machine that ran and made nothing scores 0, not —");

        let nothing = measure(shift(0, 60), &[], &[], &LossPolicy::default());
        assert_eq!(nothing.not_scheduled_ms, 60 * MIN);
        assert_eq!((nothing.availability(), nothing.oee()), (None, None));
    }

    #[test]
    fn performance_above_100_percent_is_reported_and_flagged() {
        let ran = [span(MachineState::Running, 0, 10, None)];
        // 700 pieces at an ideal 1 s each in 10 minutes: 116.7 %.
        let figures = measure(shift(0, 10), &ran, &[count(5, 700, 0, 1_000)], &LossPolicy::default());
        close(figures.performance(), 700.0 / 600.0);
        assert!(figures.performance_above_ideal());
        assert_eq!(figures.losses.reduced_speed_ms, -100_000);
        assert_eq!(figures.planned_production_ms, figures.fully_productive_ms + figures.losses.total_ms());
    }

    #[test]
    fn stops_are_classified_by_state_reason_and_length() {
        let spans = [
            span(MachineState::Running, 0, 10, None),
            span(MachineState::Down, 10, 11, Some(StopLoss::Breakdown)), // 1 min: minor
            span(MachineState::Idle, 11, 12, None),                      // 1 min, no reason: minor
            span(MachineState::Idle, 12, 20, None),                      // 8 min, no reason: unexplained
            span(MachineState::Setup, 20, 30, None),                     // setup
            span(MachineState::Down, 30, 35, Some(StopLoss::PlannedStopCounted)),
            span(MachineState::Maintenance, 35, 45, None), // planned, excluded
            span(MachineState::Maintenance, 45, 50, Some(StopLoss::Breakdown)), // unplanned repair
            span(MachineState::NotScheduled, 50, 55, None),
        ];
        let figures = measure(shift(0, 60), &spans, &[], &LossPolicy::default());
        let losses = figures.losses;
        assert_eq!(losses.minor_stops_ms, 2 * MIN);
        assert_eq!(losses.unexplained_ms, 8 * MIN);
        assert_eq!(losses.setup_adjustments_ms, 15 * MIN);
        assert_eq!(losses.breakdowns_ms, 5 * MIN);
        assert_eq!(figures.planned_stops_excluded_ms, 10 * MIN);
        assert_eq!(figures.not_scheduled_ms, 10 * MIN, "5 min not scheduled plus 5 min no span covers");
        assert_eq!(figures.run_ms, 12 * MIN, "running plus minor stops");
        assert_eq!(figures.planned_production_ms, 40 * MIN);
    }

    #[test]
    fn spans_crossing_midnight_are_split_by_the_window_but_classified_whole() {
        // A 3-minute stop from 23:59 to 00:02: not a minor stop on either side.
        let day = 24 * 60;
        let spans = [
            span(MachineState::Running, day - 60, day - 1, None),
            span(MachineState::Down, day - 1, day + 2, Some(StopLoss::Breakdown)),
            span(MachineState::Running, day + 2, day + 60, None),
        ];
        let before = measure(shift(day - 60, day), &spans, &[], &LossPolicy::default());
        let after = measure(shift(day, day + 60), &spans, &[], &LossPolicy::default());
        assert_eq!((before.losses.breakdowns_ms, after.losses.breakdowns_ms), (MIN, 2 * MIN));
        assert_eq!(before.losses.minor_stops_ms + after.losses.minor_stops_ms, 0);
        let whole = measure(shift(day - 60, day + 60), &spans, &[], &LossPolicy::default());
        assert_eq!(before + after, whole, "two windows add up to the window that spans both");
    }

    #[test]
    fn roll_ups_add_times_and_counts_instead_of_averaging_percentages() {
        // A slow press: 60 min planned and run at 10 s per piece, 300 pieces: OEE 83.3 %.
        let press = [span(MachineState::Running, 0, 60, None)];
        let slow = measure(shift(0, 60), &press, &[count(1, 300, 0, 10_000)], &LossPolicy::default());
        // A fast labeller: 120 min planned, 30 min run, 0.5 s per piece, 3,000 pieces: 20.8 %.
        let labeller = [span(MachineState::Running, 0, 30, None), span(MachineState::Down, 30, 120, None)];
        let fast = measure(shift(0, 120), &labeller, &[count(1, 3_000, 0, 500)], &LossPolicy::default());
        close(slow.oee(), 3_000.0 / 3_600.0);
        close(fast.oee(), 1_500.0 / 7_200.0);
        let both: OeeFigures = [slow, fast].into_iter().sum();
        // (3,000 s + 1,500 s fully productive) / (60 + 120 min planned) = 41.7 %, not the 52.1 % average.
        close(both.oee(), 4_500.0 / 10_800.0);
        assert_eq!(both.planned_production_ms, both.fully_productive_ms + both.losses.total_ms());
    }

    #[test]
    fn startup_rejects_are_scrap_early_in_a_run() {
        let ran = [span(MachineState::Running, 0, 60, None)];
        let early = CountEvent { run_pieces_before: 0, ..count(5, 10, 4, 1_000) };
        let late = count(30, 10, 6, 1_000);
        let policy = LossPolicy { startup_ms: 10 * MIN, startup_pieces: 0, ..LossPolicy::default() };
        let figures = measure(shift(0, 60), &ran, &[early, late], &policy);
        assert_eq!(figures.losses.startup_rejects_ms, 4_000);
        assert_eq!(figures.losses.production_rejects_ms, 6_000);
        // By pieces: the run had counted 20 pieces before the late event, fewer than 50.
        let by_pieces = LossPolicy { startup_ms: 0, startup_pieces: 50, ..policy };
        let late = CountEvent { run_pieces_before: 20, ..late };
        let figures = measure(shift(0, 60), &ran, &[late], &by_pieces);
        assert_eq!(figures.losses.startup_rejects_ms, 6_000);
    }

    #[test]
    fn overlapping_spans_never_make_availability_negative_or_above_one() {
        let spans = [
            span(MachineState::Running, 0, 40, None),
            span(MachineState::Down, 20, 60, Some(StopLoss::Breakdown)),
            span(MachineState::Running, 10, 30, None),
        ];
        let figures = measure(shift(0, 60), &spans, &[], &LossPolicy::default());
        assert_eq!(figures.run_ms + figures.losses.breakdowns_ms, 60 * MIN);
        let availability = figures.availability().unwrap();
        assert!((0.0..=1.0).contains(&availability), "{availability}");
    }
}
