//! Where a window's time went, for the utilization and downtime charts: per
//! machine state, and per reason of the stops that are losses. Spans are
//! [`clipped`] as for [`measure`](super::measure), so these times add up with
//! its figures.

use std::collections::HashMap;
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use super::measure::{bucket_of, clipped, Bucket, LossPolicy, MachineState, StateSpan, Window};

/// Milliseconds in each machine state over a window, and the time no state was
/// recorded for (which OEE counts as not scheduled).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateTimes {
    /// In the order of [`MachineState::ALL`].
    pub in_state_ms: [i64; 6],
    pub unrecorded_ms: i64,
}

impl StateTimes {
    pub fn of(window: Window, spans: &[StateSpan]) -> StateTimes {
        let mut times = StateTimes { unrecorded_ms: window.length_ms(), ..StateTimes::default() };
        for (span, length) in clipped(window, spans) {
            times.in_state_ms[span.state.index()] += length;
            times.unrecorded_ms -= length;
        }
        times
    }

    pub fn in_state(&self, state: MachineState) -> i64 {
        self.in_state_ms[state.index()]
    }
}

impl Add for StateTimes {
    type Output = StateTimes;
    fn add(mut self, other: StateTimes) -> StateTimes {
        self += other;
        self
    }
}

impl AddAssign for StateTimes {
    fn add_assign(&mut self, other: StateTimes) {
        for (mine, theirs) in self.in_state_ms.iter_mut().zip(other.in_state_ms) {
            *mine += theirs;
        }
        self.unrecorded_ms += other.unrecorded_ms;
    }
}

/// The stop time inside `window` that is a loss (breakdowns, setups and
/// adjustments, counted planned stops, minor and unexplained stops), by the
/// stop's reason; `None` collects the stops nobody has given a reason for.
/// Planned stops a tenant excludes from planned production time are no loss and
/// are left out, as are running and not-scheduled time.
pub fn loss_time_by_reason(
    window: Window,
    spans: &[StateSpan],
    policy: &LossPolicy,
    into: &mut HashMap<Option<i64>, i64>,
) {
    for (span, length) in clipped(window, spans) {
        match bucket_of(span, policy) {
            Bucket::NotScheduled | Bucket::PlannedStopExcluded | Bucket::Running => {}
            Bucket::MinorStop | Bucket::Breakdown | Bucket::SetupAdjustment | Bucket::Unexplained => {
                *into.entry(span.reason_id).or_default() += length;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::oee::{measure, StopLoss};

    const MIN: i64 = 60_000;

    fn span(
        state: MachineState,
        from_min: i64,
        to_min: i64,
        reason_id: Option<i64>,
        loss: Option<StopLoss>,
    ) -> StateSpan {
        StateSpan { state, start_ms: from_min * MIN, end_ms: to_min * MIN, reason_id, loss }
    }

    fn spans() -> [StateSpan; 7] {
        [
            span(MachineState::Running, -10, 10, None, None),
            span(MachineState::Down, 10, 25, Some(7), Some(StopLoss::Breakdown)),
            span(MachineState::Idle, 25, 26, None, None), // minor, no reason
            span(MachineState::Idle, 26, 56, Some(9), Some(StopLoss::PlannedStopExcluded)), // a break
            span(MachineState::Setup, 56, 70, Some(8), Some(StopLoss::SetupAdjustment)),
            span(MachineState::Down, 70, 75, Some(7), Some(StopLoss::Breakdown)),
            span(MachineState::Running, 80, 200, None, None), // runs past the window's end
        ]
    }

    #[test]
    fn time_in_each_state_is_clipped_to_the_window_and_gaps_are_unrecorded() {
        let window = Window { start_ms: 0, end_ms: 120 * MIN };
        let times = StateTimes::of(window, &spans());
        assert_eq!(times.in_state(MachineState::Running), (10 + 40) * MIN);
        assert_eq!(times.in_state(MachineState::Down), 20 * MIN);
        assert_eq!(times.in_state(MachineState::Idle), 31 * MIN);
        assert_eq!(times.in_state(MachineState::Setup), 14 * MIN);
        assert_eq!(times.unrecorded_ms, 5 * MIN, "75 to 80");
        assert_eq!(times.in_state_ms.iter().sum::<i64>() + times.unrecorded_ms, window.length_ms());
        let halves = StateTimes::of(Window { start_ms: 0, end_ms: 60 * MIN }, &spans())
            + StateTimes::of(Window { start_ms: 60 * MIN, end_ms: 120 * MIN }, &spans());
        assert_eq!(halves, times, "two windows add up to the one that spans both");
    }

    #[test]
    fn loss_time_by_reason_leaves_out_excluded_stops_and_agrees_with_the_oee_losses() {
        let window = Window { start_ms: 0, end_ms: 120 * MIN };
        let policy = LossPolicy::default();
        let mut by_reason = HashMap::new();
        loss_time_by_reason(window, &spans(), &policy, &mut by_reason);
        assert_eq!(by_reason, HashMap::from([(Some(7), 20 * MIN), (Some(8), 14 * MIN), (None, MIN)]));
        let losses = measure(window, &spans(), &[], &policy).losses;
        let stop_losses =
            losses.breakdowns_ms + losses.setup_adjustments_ms + losses.minor_stops_ms + losses.unexplained_ms;
        assert_eq!(by_reason.values().sum::<i64>(), stop_losses);
    }
}
