//! Floor alerts: which work centers cross their tenant's alert rules right now,
//! which open alerts should be raised and which have cleared.
//!
//! A rule names a kind, a threshold and either one work center or every work
//! center of the tenant. A work center's own rules of a kind replace the
//! tenant-wide ones of that kind (a press may be allowed a lower OEE than the
//! line). Of several rules that apply, the most severe one crossed is the one
//! reported. The four kinds, as the production issue names them:
//!
//! - `oee_below` (percent): OEE over the dashboard's window is below the
//!   threshold, once the work center has had an hour of planned production time
//!   ([`MIN_PLANNED_MS`]); with less, OEE says little and nothing is raised.
//! - `down_longer_than` (minutes): the machine has been DOWN longer than that.
//! - `scrap_rate_above` (percent): scrap / (good + scrap) over the window is above
//!   the threshold, once [`MIN_PIECES`] pieces were made.
//! - `unexplained_longer_than` (minutes): a stop has waited that long for its reason.
//!
//! An open alert of a percentage kind clears only when the value is back past
//! its threshold by [`CLEAR_MARGIN_POINTS`], so a figure hovering at the line
//! does not raise and clear an alert every half minute.

use serde::{Deserialize, Serialize};

use super::oee::{MachineState, OeeFigures};

/// The least planned production time before OEE is judged.
pub const MIN_PLANNED_MS: i64 = 3_600_000;
/// The least pieces made before a scrap rate is judged.
pub const MIN_PIECES: i64 = 20;
/// How far (percentage points) a figure must come back before its alert clears.
pub const CLEAR_MARGIN_POINTS: f64 = 1.0;

const MINUTE_MS: f64 = 60_000.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AlertKind {
    OeeBelow,
    DownLongerThan,
    ScrapRateAbove,
    UnexplainedLongerThan,
}

/// The codes rules and alerts are stored with, in the order of [`AlertKind::ALL`].
pub const ALERT_KIND_CODES: [&str; 4] =
    ["oee_below", "down_longer_than", "scrap_rate_above", "unexplained_longer_than"];

impl AlertKind {
    pub const ALL: [AlertKind; 4] =
        [AlertKind::OeeBelow, AlertKind::DownLongerThan, AlertKind::ScrapRateAbove, AlertKind::UnexplainedLongerThan];

    /// The code rules and alerts are stored with.
    pub fn code(self) -> &'static str {
        ALERT_KIND_CODES[self as usize]
    }

    pub fn from_code(code: &str) -> Option<AlertKind> {
        AlertKind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// Whether the threshold is a percentage (otherwise it is minutes).
    pub fn in_percent(self) -> bool {
        matches!(self, AlertKind::OeeBelow | AlertKind::ScrapRateAbove)
    }

    /// Whether the alert is about a figure falling below its threshold.
    fn falls_below(self) -> bool {
        self == AlertKind::OeeBelow
    }

    /// Whether `value` is past `threshold` the wrong way.
    fn crossed(self, value: f64, threshold: f64) -> bool {
        if self.falls_below() {
            value < threshold
        } else {
            value > threshold
        }
    }

    /// Whether an open alert at `threshold` still holds for `value`.
    fn still_holds(self, value: f64, threshold: f64) -> bool {
        let margin = if self.in_percent() { CLEAR_MARGIN_POINTS } else { 0.0 };
        if self.falls_below() {
            value < threshold + margin
        } else {
            value > threshold - margin
        }
    }
}

/// One of a tenant's rules; `work_center` `None` covers every work center.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AlertRule {
    pub kind: AlertKind,
    pub work_center: Option<i64>,
    pub threshold: f64,
}

/// What the rules look at of one work center now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CenterNow {
    pub work_center: i64,
    /// Over the dashboard's window.
    pub figures: OeeFigures,
    pub state: Option<MachineState>,
    pub state_since_ms: Option<i64>,
    /// The current state is a stop without a reason.
    pub waiting_for_reason: bool,
}

impl CenterNow {
    /// The figure `kind` judges (percent or minutes), or `None` when it does not apply now.
    pub fn value(&self, kind: AlertKind, now_ms: i64) -> Option<f64> {
        let minutes_since = || self.state_since_ms.map(|since| (now_ms - since) as f64 / MINUTE_MS);
        match kind {
            AlertKind::OeeBelow => {
                let judged = self.figures.planned_production_ms >= MIN_PLANNED_MS;
                self.figures.oee().filter(|_| judged).map(|oee| oee * 100.0)
            }
            AlertKind::DownLongerThan => minutes_since().filter(|_| self.state == Some(MachineState::Down)),
            AlertKind::ScrapRateAbove => {
                let total = self.figures.total_count();
                (total >= MIN_PIECES).then(|| self.figures.scrap as f64 * 100.0 / total as f64)
            }
            AlertKind::UnexplainedLongerThan => minutes_since().filter(|_| self.waiting_for_reason),
        }
    }
}

/// A work center past a threshold: what to raise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Breach {
    pub work_center: i64,
    pub kind: AlertKind,
    pub threshold: f64,
    pub value: f64,
}

/// An alert raised before and not cleared yet.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OpenAlert {
    pub id: i64,
    pub work_center: i64,
    pub kind: AlertKind,
    pub threshold: f64,
}

/// What a look at the floor changes: alerts to raise, and open alerts (by id) to clear.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Verdict {
    pub raise: Vec<Breach>,
    pub clear: Vec<i64>,
}

/// The thresholds that apply to `work_center` for `kind`: its own rules, or the
/// tenant-wide ones when it has none.
fn thresholds(rules: &[AlertRule], work_center: i64, kind: AlertKind) -> Vec<f64> {
    let of_kind = || rules.iter().filter(move |rule| rule.kind == kind);
    let own: Vec<f64> = of_kind().filter(|rule| rule.work_center == Some(work_center)).map(|r| r.threshold).collect();
    if !own.is_empty() {
        return own;
    }
    of_kind().filter(|rule| rule.work_center.is_none()).map(|r| r.threshold).collect()
}

/// The most severe threshold `value` crosses, if any.
fn most_severe_crossed(kind: AlertKind, value: f64, thresholds: &[f64]) -> Option<f64> {
    let crossed = thresholds.iter().copied().filter(|&threshold| kind.crossed(value, threshold));
    if kind.falls_below() {
        crossed.reduce(f64::min)
    } else {
        crossed.reduce(f64::max)
    }
}

/// Compares the floor now with the rules and the open alerts: a work center past
/// a threshold without an open alert of that kind gets one; an open alert whose
/// work center is back (or gone, or no longer covered by a rule) clears.
pub fn evaluate(rules: &[AlertRule], centers: &[CenterNow], open: &[OpenAlert], now_ms: i64) -> Verdict {
    let mut verdict = Verdict::default();
    for center in centers {
        for kind in AlertKind::ALL {
            let applying = thresholds(rules, center.work_center, kind);
            let value = center.value(kind, now_ms);
            let already = open.iter().find(|alert| alert.work_center == center.work_center && alert.kind == kind);
            match (already, value) {
                (Some(alert), Some(value)) if !applying.is_empty() && kind.still_holds(value, alert.threshold) => {}
                (Some(alert), _) => verdict.clear.push(alert.id),
                (None, Some(value)) => {
                    if let Some(threshold) = most_severe_crossed(kind, value, &applying) {
                        verdict.raise.push(Breach { work_center: center.work_center, kind, threshold, value });
                    }
                }
                (None, None) => {}
            }
        }
    }
    let gone = open.iter().filter(|alert| !centers.iter().any(|center| center.work_center == alert.work_center));
    verdict.clear.extend(gone.map(|alert| alert.id));
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;
    const NOW: i64 = 1_000 * MIN;

    fn rule(kind: AlertKind, work_center: Option<i64>, threshold: f64) -> AlertRule {
        AlertRule { kind, work_center, threshold }
    }

    /// A work center with `planned` minutes of planned time, `run` of run time at
    /// full speed, and `good` / `scrap` pieces.
    fn center(id: i64, planned: i64, run: i64, good: i64, scrap: i64) -> CenterNow {
        let figures = OeeFigures {
            all_time_ms: 24 * 60 * MIN,
            planned_production_ms: planned * MIN,
            run_ms: run * MIN,
            ideal_ms: run * MIN,
            fully_productive_ms: run * MIN * good / (good + scrap).max(1),
            good,
            scrap,
            ..OeeFigures::default()
        };
        CenterNow { work_center: id, figures, state: None, state_since_ms: None, waiting_for_reason: false }
    }

    fn in_state(mut center: CenterNow, state: MachineState, minutes_ago: i64, waiting: bool) -> CenterNow {
        center.state = Some(state);
        center.state_since_ms = Some(NOW - minutes_ago * MIN);
        center.waiting_for_reason = waiting;
        center
    }

    #[test]
    fn oee_below_its_threshold_is_raised_once_an_hour_was_planned() {
        let rules = [rule(AlertKind::OeeBelow, None, 60.0)];
        // 120 min planned, 60 min run at full speed, no scrap: OEE 50 %.
        let low = center(1, 120, 60, 100, 0);
        let verdict = evaluate(&rules, &[low], &[], NOW);
        assert_eq!(
            verdict.raise,
            vec![Breach { work_center: 1, kind: AlertKind::OeeBelow, threshold: 60.0, value: 50.0 }]
        );
        // Half an hour planned: too little to judge.
        assert_eq!(evaluate(&rules, &[center(1, 30, 15, 100, 0)], &[], NOW), Verdict::default());
        // No run time at all: OEE is "—", not 0, and raises nothing.
        assert_eq!(evaluate(&rules, &[center(1, 120, 0, 0, 0)], &[], NOW), Verdict::default());
    }

    #[test]
    fn a_work_centers_own_rule_replaces_the_tenant_wide_one() {
        let rules = [rule(AlertKind::OeeBelow, None, 60.0), rule(AlertKind::OeeBelow, Some(2), 40.0)];
        let verdict = evaluate(&rules, &[center(1, 120, 60, 100, 0), center(2, 120, 60, 100, 0)], &[], NOW);
        assert_eq!(verdict.raise.len(), 1, "{verdict:?}");
        assert_eq!(verdict.raise[0].work_center, 1, "OEE 50 % is allowed at work center 2");
    }

    #[test]
    fn of_several_rules_the_most_severe_crossed_is_reported() {
        let rules = [
            rule(AlertKind::ScrapRateAbove, None, 2.0),
            rule(AlertKind::ScrapRateAbove, None, 5.0),
            rule(AlertKind::ScrapRateAbove, None, 50.0),
        ];
        let verdict = evaluate(&rules, &[center(1, 120, 120, 90, 10)], &[], NOW);
        assert_eq!(verdict.raise[0].threshold, 5.0);
        assert!((verdict.raise[0].value - 10.0).abs() < 1e-9);
        // Nineteen pieces are too few to judge a scrap rate.
        assert_eq!(evaluate(&rules, &[center(1, 120, 120, 10, 9)], &[], NOW), Verdict::default());
    }

    #[test]
    fn a_machine_down_too_long_is_raised_and_clears_when_it_runs() {
        let rules = [rule(AlertKind::DownLongerThan, None, 15.0)];
        let base = center(7, 120, 100, 100, 0);
        assert_eq!(evaluate(&rules, &[in_state(base, MachineState::Down, 15, false)], &[], NOW), Verdict::default());
        let verdict = evaluate(&rules, &[in_state(base, MachineState::Down, 16, false)], &[], NOW);
        assert_eq!(
            verdict.raise,
            vec![Breach { work_center: 7, kind: AlertKind::DownLongerThan, threshold: 15.0, value: 16.0 }]
        );
        let open = [OpenAlert { id: 3, work_center: 7, kind: AlertKind::DownLongerThan, threshold: 15.0 }];
        let still = evaluate(&rules, &[in_state(base, MachineState::Down, 40, false)], &open, NOW);
        assert_eq!(still, Verdict::default(), "raised once, kept while it lasts");
        let back = evaluate(&rules, &[in_state(base, MachineState::Running, 1, false)], &open, NOW);
        assert_eq!(back, Verdict { raise: vec![], clear: vec![3] });
    }

    #[test]
    fn a_stop_waiting_for_its_reason_is_raised_after_its_minutes() {
        let rules = [rule(AlertKind::UnexplainedLongerThan, None, 10.0)];
        let base = center(4, 120, 100, 100, 0);
        let explained = in_state(base, MachineState::Down, 30, false);
        assert_eq!(evaluate(&rules, &[explained], &[], NOW), Verdict::default());
        let waiting = in_state(base, MachineState::Idle, 11, true);
        assert_eq!(evaluate(&rules, &[waiting], &[], NOW).raise[0].kind, AlertKind::UnexplainedLongerThan);
    }

    #[test]
    fn a_percentage_alert_clears_only_past_its_margin() {
        let rules = [rule(AlertKind::OeeBelow, None, 60.0)];
        let open = [OpenAlert { id: 9, work_center: 1, kind: AlertKind::OeeBelow, threshold: 60.0 }];
        // OEE 60.5 %: back above the line, not yet by the margin.
        let hovering = center(1, 1000, 605, 100, 0);
        assert_eq!(evaluate(&rules, &[hovering], &open, NOW), Verdict::default());
        let recovered = center(1, 1000, 620, 100, 0);
        assert_eq!(evaluate(&rules, &[recovered], &open, NOW).clear, vec![9]);
    }

    #[test]
    fn an_alert_without_its_rule_or_its_work_center_clears() {
        let open = [OpenAlert { id: 5, work_center: 1, kind: AlertKind::OeeBelow, threshold: 60.0 }];
        let low = center(1, 120, 60, 100, 0);
        assert_eq!(evaluate(&[], &[low], &open, NOW).clear, vec![5], "the rule was deleted or turned off");
        let rules = [rule(AlertKind::OeeBelow, None, 60.0)];
        assert_eq!(evaluate(&rules, &[], &open, NOW).clear, vec![5], "the work center is gone");
    }

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for kind in AlertKind::ALL {
            assert_eq!(AlertKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(AlertKind::from_code("oee"), None);
    }
}
