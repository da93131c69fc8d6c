//! The shift calendar's part in OEE: time outside every shift is not scheduled,
//! and a planned break inside one is a planned stop left out of planned
//! production time (ISO 22400-2: planned busy time is the shift time less its
//! planned downtime). Applied to a work center's state spans before anything is
//! measured, so the overview, the trend and the shift summary judge a stop the
//! same way:
//!
//! - a stop (idle, down, setup, maintenance) outside the shifts becomes not
//!   scheduled: no loss, no planned time;
//! - a stop during a break becomes a planned stop excluded from planned time
//!   (it keeps its reason);
//! - running stays running wherever it falls: a machine that runs makes pieces,
//!   planned or not (overtime), and those pieces need their run time;
//! - a stop that runs past a shift's end or into a break counts, as a loss, only
//!   with its part inside working time (a minor stop is judged by that part too).

use super::{MachineState, StateSpan, StopLoss};

/// A work center's planned time: its shifts and their breaks as `[start, end)`
/// moments (Unix ms), each list sorted and without overlaps.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlannedTime {
    pub shifts: Vec<(i64, i64)>,
    pub breaks: Vec<(i64, i64)>,
}

/// Where a moment falls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Working,
    Break,
    OffShift,
}

fn inside(intervals: &[(i64, i64)], at: i64) -> bool {
    let after = intervals.partition_point(|&(start, _)| start <= at);
    after > 0 && at < intervals[after - 1].1
}

impl PlannedTime {
    /// Whether the moment `at` falls in a shift (a break included).
    pub fn in_shift(&self, at: i64) -> bool {
        inside(&self.shifts, at)
    }

    /// Whether the moment `at` falls in a planned break.
    pub fn in_break(&self, at: i64) -> bool {
        inside(&self.breaks, at)
    }

    fn part_at(&self, at: i64) -> Part {
        if !self.in_shift(at) {
            Part::OffShift
        } else if self.in_break(at) {
            Part::Break
        } else {
            Part::Working
        }
    }

    /// Every boundary strictly inside `(start, end)`, in order (a binary search
    /// into each sorted list, so a long trend stays linear in its spans).
    fn boundaries(&self, start: i64, end: i64) -> Vec<i64> {
        let mut points = Vec::new();
        for intervals in [&self.shifts, &self.breaks] {
            let first = intervals.partition_point(|&(_, until)| until <= start);
            for &(from, until) in intervals[first..].iter().take_while(|&&(from, _)| from < end) {
                points.extend([from, until].into_iter().filter(|&point| point > start && point < end));
            }
        }
        points.sort_unstable();
        points.dedup();
        points
    }
}

/// `spans` as the calendar `planned` sees them (see the module doc).
pub fn on_calendar(spans: &[StateSpan], planned: &PlannedTime) -> Vec<StateSpan> {
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        if matches!(span.state, MachineState::Running | MachineState::NotScheduled) {
            out.push(*span);
            continue;
        }
        let mut cuts = vec![span.start_ms];
        cuts.extend(planned.boundaries(span.start_ms, span.end_ms));
        cuts.push(span.end_ms);
        let mut pieces: Vec<StateSpan> = Vec::new();
        for pair in cuts.windows(2) {
            let (start_ms, end_ms) = (pair[0], pair[1]);
            let piece = match planned.part_at(start_ms) {
                Part::Working => StateSpan { start_ms, end_ms, ..*span },
                Part::Break => StateSpan { start_ms, end_ms, loss: Some(StopLoss::PlannedStopExcluded), ..*span },
                Part::OffShift => {
                    StateSpan { state: MachineState::NotScheduled, start_ms, end_ms, reason_id: None, loss: None }
                }
            };
            // Neighbours of the same kind stay one span (a stop is judged by its whole length).
            match pieces.last_mut() {
                Some(last)
                    if last.state == piece.state && last.loss == piece.loss && last.reason_id == piece.reason_id =>
                {
                    last.end_ms = end_ms
                }
                _ => pieces.push(piece),
            }
        }
        out.extend(pieces);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::oee::{measure, LossPolicy, Window};

    const MIN: i64 = 60_000;

    fn span(state: MachineState, from_min: i64, to_min: i64, loss: Option<StopLoss>) -> StateSpan {
        StateSpan { state, start_ms: from_min * MIN, end_ms: to_min * MIN, reason_id: loss.map(|_| 7), loss }
    }

    /// One shift 60–540 min with a break 300–330.
    fn planned() -> PlannedTime {
        PlannedTime { shifts: vec![(60 * MIN, 540 * MIN)], breaks: vec![(300 * MIN, 330 * MIN)] }
    }

    #[test]
    fn a_stop_is_split_at_the_shift_and_its_break() {
        let down = span(MachineState::Down, 0, 400, Some(StopLoss::Breakdown));
        let seen = on_calendar(&[down], &planned());
        let parts: Vec<(MachineState, i64, i64, Option<StopLoss>)> =
            seen.iter().map(|s| (s.state, s.start_ms / MIN, s.end_ms / MIN, s.loss)).collect();
        assert_eq!(
            parts,
            vec![
                (MachineState::NotScheduled, 0, 60, None),
                (MachineState::Down, 60, 300, Some(StopLoss::Breakdown)),
                (MachineState::Down, 300, 330, Some(StopLoss::PlannedStopExcluded)),
                (MachineState::Down, 330, 400, Some(StopLoss::Breakdown)),
            ]
        );
    }

    #[test]
    fn each_shift_of_many_cuts_only_the_stops_it_touches() {
        let week = PlannedTime {
            shifts: (0..7).map(|day| (day * 1440 * MIN + 360 * MIN, day * 1440 * MIN + 840 * MIN)).collect(),
            breaks: (0..7).map(|day| (day * 1440 * MIN + 600 * MIN, day * 1440 * MIN + 615 * MIN)).collect(),
        };
        // From the end of day 2's shift to the middle of day 3's, and a stop inside day 5's.
        let across = span(MachineState::Idle, 2 * 1440 + 800, 3 * 1440 + 420, None);
        let inside = span(MachineState::Setup, 5 * 1440 + 400, 5 * 1440 + 410, None);
        let seen: Vec<(MachineState, i64, i64)> =
            on_calendar(&[across, inside], &week).iter().map(|s| (s.state, s.start_ms / MIN, s.end_ms / MIN)).collect();
        assert_eq!(
            seen,
            vec![
                (MachineState::Idle, 2 * 1440 + 800, 2 * 1440 + 840),
                (MachineState::NotScheduled, 2 * 1440 + 840, 3 * 1440 + 360),
                (MachineState::Idle, 3 * 1440 + 360, 3 * 1440 + 420),
                (MachineState::Setup, 5 * 1440 + 400, 5 * 1440 + 410),
            ]
        );
    }

    #[test]
    fn running_counts_wherever_it_falls() {
        let running = span(MachineState::Running, 0, 600, None);
        assert_eq!(on_calendar(&[running], &planned()), vec![running]);
    }

    #[test]
    fn planned_production_time_is_the_shift_less_its_break() {
        // A whole day recorded as idle without a reason, and two hours of running in the shift.
        let spans = [
            span(MachineState::Idle, 0, 120, None),
            span(MachineState::Running, 120, 240, None),
            span(MachineState::Idle, 240, 1440, None),
        ];
        let window = Window { start_ms: 0, end_ms: 1440 * MIN };
        let figures = measure(window, &on_calendar(&spans, &planned()), &[], &LossPolicy::default());
        assert_eq!(figures.planned_production_ms, (480 - 30) * MIN);
        assert_eq!(figures.planned_stops_excluded_ms, 30 * MIN);
        assert_eq!(figures.run_ms, 120 * MIN);
        // Unexplained: 60–120 and 240–300, 330–540; the rest of the day is not scheduled.
        assert_eq!(figures.losses.unexplained_ms, (60 + 60 + 210) * MIN);
        assert_eq!(figures.availability(), Some(120.0 / 450.0));
    }

    #[test]
    fn without_a_calendar_nothing_changes() {
        let spans = [span(MachineState::Idle, 0, 120, None), span(MachineState::Setup, 120, 130, None)];
        let none = PlannedTime { shifts: vec![(i64::MIN, i64::MAX)], breaks: vec![] };
        assert_eq!(on_calendar(&spans, &none), spans.to_vec());
    }
}
