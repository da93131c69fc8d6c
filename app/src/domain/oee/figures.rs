//! Sums of times and counts, and the OEE ratios computed from them once.

use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

/// The six big losses (oee.com) plus unexplained stops, in milliseconds. The
/// quality losses are the ideal time the rejected pieces took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SixBigLosses {
    /// Unplanned stops: equipment failure (availability).
    pub breakdowns_ms: i64,
    /// Planned stops counted as a loss: setups, changeovers, adjustments (availability).
    pub setup_adjustments_ms: i64,
    /// Stops no one has explained yet, shown as their own bar until classified (availability).
    pub unexplained_ms: i64,
    /// Unplanned stops shorter than the tenant's threshold (performance).
    pub minor_stops_ms: i64,
    /// Run time beyond the ideal that is not a minor stop: slow cycles
    /// (performance). Negative when the line ran faster than its ideal rate.
    pub reduced_speed_ms: i64,
    /// Scrap in the start-up phase of a run (quality), as ideal time.
    pub startup_rejects_ms: i64,
    /// Scrap in steady production (quality), as ideal time.
    pub production_rejects_ms: i64,
}

impl SixBigLosses {
    pub fn total_ms(&self) -> i64 {
        self.breakdowns_ms
            + self.setup_adjustments_ms
            + self.unexplained_ms
            + self.minor_stops_ms
            + self.reduced_speed_ms
            + self.startup_rejects_ms
            + self.production_rejects_ms
    }
}

impl Add for SixBigLosses {
    type Output = SixBigLosses;
    fn add(self, other: SixBigLosses) -> SixBigLosses {
        SixBigLosses {
            breakdowns_ms: self.breakdowns_ms + other.breakdowns_ms,
            setup_adjustments_ms: self.setup_adjustments_ms + other.setup_adjustments_ms,
            unexplained_ms: self.unexplained_ms + other.unexplained_ms,
            minor_stops_ms: self.minor_stops_ms + other.minor_stops_ms,
            reduced_speed_ms: self.reduced_speed_ms + other.reduced_speed_ms,
            startup_rejects_ms: self.startup_rejects_ms + other.startup_rejects_ms,
            production_rejects_ms: self.production_rejects_ms + other.production_rejects_ms,
        }
    }
}

/// Times (milliseconds) and counts of one or many work centers over one or many
/// windows. Add them to roll up; ask for ratios at the end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OeeFigures {
    pub all_time_ms: i64,
    pub not_scheduled_ms: i64,
    /// Planned stops the tenant excludes from planned production time.
    pub planned_stops_excluded_ms: i64,
    pub planned_production_ms: i64,
    pub run_ms: i64,
    /// Σ ideal cycle time × total count: what the run time would have been at the ideal rate.
    pub ideal_ms: i64,
    /// Σ ideal cycle time × good count: fully productive time.
    pub fully_productive_ms: i64,
    pub good: i64,
    pub scrap: i64,
    pub losses: SixBigLosses,
}

fn ratio(numerator: i64, denominator: i64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

impl OeeFigures {
    pub fn total_count(&self) -> i64 {
        self.good + self.scrap
    }

    /// Run time / planned production time.
    pub fn availability(&self) -> Option<f64> {
        ratio(self.run_ms, self.planned_production_ms)
    }

    /// Σ ideal cycle time × total count / run time; above 1 when the ideal is too slow.
    pub fn performance(&self) -> Option<f64> {
        ratio(self.ideal_ms, self.run_ms)
    }

    /// Good count / total count.
    pub fn quality(&self) -> Option<f64> {
        ratio(self.good, self.total_count())
    }

    /// Availability × performance × quality, computed as fully productive time /
    /// planned production time (the same number when all three exist). `None`
    /// without run time; 0 when the machine ran and counted nothing.
    pub fn oee(&self) -> Option<f64> {
        if self.run_ms <= 0 {
            return None;
        }
        ratio(self.fully_productive_ms, self.planned_production_ms)
    }

    /// OEE × planned production time / all time.
    pub fn teep(&self) -> Option<f64> {
        Some(self.oee()? * ratio(self.planned_production_ms, self.all_time_ms)?)
    }

    /// Whether the line beat its ideal rate: shown and flagged, never capped.
    pub fn performance_above_ideal(&self) -> bool {
        self.performance().is_some_and(|p| p > 1.0)
    }
}

impl Add for OeeFigures {
    type Output = OeeFigures;
    fn add(self, other: OeeFigures) -> OeeFigures {
        OeeFigures {
            all_time_ms: self.all_time_ms + other.all_time_ms,
            not_scheduled_ms: self.not_scheduled_ms + other.not_scheduled_ms,
            planned_stops_excluded_ms: self.planned_stops_excluded_ms + other.planned_stops_excluded_ms,
            planned_production_ms: self.planned_production_ms + other.planned_production_ms,
            run_ms: self.run_ms + other.run_ms,
            ideal_ms: self.ideal_ms + other.ideal_ms,
            fully_productive_ms: self.fully_productive_ms + other.fully_productive_ms,
            good: self.good + other.good,
            scrap: self.scrap + other.scrap,
            losses: self.losses + other.losses,
        }
    }
}

impl AddAssign for OeeFigures {
    fn add_assign(&mut self, other: OeeFigures) {
        *self = *self + other;
    }
}

impl std::iter::Sum for OeeFigures {
    fn sum<I: Iterator<Item = OeeFigures>>(iter: I) -> OeeFigures {
        iter.fold(OeeFigures::default(), Add::add)
    }
}
