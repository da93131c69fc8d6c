//! The dashboard's statistics on people's decisions, each with its sample size and
//! withheld below 30 (see `domain::stats`): does higher confidence go with acceptance
//! (Spearman, 30 days), is the daily acceptance rate trending (60 days), do the two
//! most used strategies differ (two-proportion test, 30 days), and which days stand
//! out (modified z-score of the daily rate, 60 days).

use serde::{Deserialize, Serialize};

use crate::domain::stats::correlation::{spearman, Correlation};
use crate::domain::stats::figure::Figure;
use crate::domain::stats::outliers::{by_modified_z_score, Outlier};
use crate::domain::stats::proportions::{compare, Comparison};
use crate::domain::stats::regression::{trend, Direction, Trend};

/// One decided recommendation.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub created_ms: i64,
    pub confidence: f64,
    pub accepted: bool,
    pub strategy: String,
}

/// Two strategies' acceptance compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StrategyComparison {
    pub a: String,
    pub b: String,
    pub accepted_a: u64,
    pub n_a: u64,
    pub accepted_b: u64,
    pub n_b: u64,
    /// `None` below 30 decisions in either group.
    pub test: Option<Comparison>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionStats {
    pub confidence_vs_acceptance: Figure<Correlation>,
    /// Daily acceptance rate (0–1) against the day; n = days with decisions.
    pub acceptance_trend: Figure<Trend>,
    pub direction: Option<Direction>,
    pub strategies: Option<StrategyComparison>,
    /// Days (Unix ms of their start, UTC) whose acceptance rate stands out.
    pub unusual_days: Figure<Vec<(i64, Outlier)>>,
}

const DAY_MS: i64 = 86_400_000;
/// Significance level for a trend to be called improving or declining.
pub const ALPHA: f64 = 0.05;

/// The statistics of `decisions` (those of the last 60 days) as of `now_ms`.
pub fn of(decisions: &[Decision], now_ms: i64) -> DecisionStats {
    let month: Vec<&Decision> = decisions.iter().filter(|d| d.created_ms >= now_ms - 30 * DAY_MS).collect();
    let confidence: Vec<f64> = month.iter().map(|d| d.confidence).collect();
    let accepted: Vec<f64> = month.iter().map(|d| if d.accepted { 1.0 } else { 0.0 }).collect();
    let confidence_vs_acceptance = spearman(&confidence, &accepted);

    let first_day = (now_ms - 60 * DAY_MS).div_euclid(DAY_MS);
    let mut days: Vec<(u32, u32)> = vec![(0, 0); 61];
    for d in decisions.iter().filter(|d| d.created_ms >= now_ms - 60 * DAY_MS) {
        let day = (d.created_ms.div_euclid(DAY_MS) - first_day).clamp(0, 60) as usize;
        days[day].0 += u32::from(d.accepted);
        days[day].1 += 1;
    }
    let decided: Vec<(usize, f64)> =
        days.iter().enumerate().filter(|(_, (_, n))| *n > 0).map(|(i, (a, n))| (i, *a as f64 / *n as f64)).collect();
    let x: Vec<f64> = decided.iter().map(|(i, _)| *i as f64).collect();
    let rates: Vec<f64> = decided.iter().map(|(_, r)| *r).collect();
    let acceptance_trend = trend(&x, &rates);
    let direction = acceptance_trend.value().map(|t| t.direction(true, ALPHA));
    let unusual_days = match by_modified_z_score(&rates) {
        Figure::Value { n, value } => Figure::Value {
            n,
            value: value.into_iter().map(|o| ((first_day + decided[o.index].0 as i64) * DAY_MS, o)).collect(),
        },
        Figure::NotEnoughData { n } => Figure::NotEnoughData { n },
    };
    DecisionStats {
        confidence_vs_acceptance,
        acceptance_trend,
        direction,
        strategies: strategies(&month),
        unusual_days,
    }
}

/// The two strategies with most decisions this month, compared.
fn strategies(month: &[&Decision]) -> Option<StrategyComparison> {
    let mut counts: Vec<(String, u64, u64)> = Vec::new();
    for d in month {
        match counts.iter_mut().find(|(s, ..)| *s == d.strategy) {
            Some(entry) => {
                entry.1 += u64::from(d.accepted);
                entry.2 += 1;
            }
            None => counts.push((d.strategy.clone(), u64::from(d.accepted), 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut top = counts.into_iter();
    let ((a, accepted_a, n_a), (b, accepted_b, n_b)) = (top.next()?, top.next()?);
    let test = compare(accepted_a, n_a, accepted_b, n_b);
    Some(StrategyComparison { a, b, accepted_a, n_a, accepted_b, n_b, test })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn decision(days_ago: i64, confidence: f64, accepted: bool, strategy: &str) -> Decision {
        Decision { created_ms: NOW - days_ago * DAY_MS, confidence, accepted, strategy: strategy.into() }
    }

    #[test]
    fn confident_recommendations_accepted_more_often_correlate_and_a_rising_rate_is_improving() {
        let mut all = Vec::new();
        for day in 0..60 {
            for k in 0..10 {
                let confidence = 0.3 + 0.07 * k as f64;
                // More accepted each day nearer now, and above a confidence that rises with k.
                let accepted = k as i64 >= 2 + day / 12;
                all.push(decision(day, confidence, accepted, if k % 3 == 0 { "best_fit" } else { "standard" }));
            }
        }
        let stats = of(&all, NOW);
        let rho = stats.confidence_vs_acceptance.value().expect("300 decisions this month");
        assert!(rho.r > 0.5 && rho.p_value < 0.001, "{rho:?}");
        assert_eq!(stats.direction, Some(Direction::Improving));
        let ab = stats.strategies.expect("two strategies");
        assert_eq!(
            (ab.a.as_str(), ab.b.as_str(), ab.n_a + ab.n_b),
            ("standard", "best_fit", 310),
            "31 days: 30 back and today"
        );
        assert!(ab.test.is_some());
    }

    #[test]
    fn a_quiet_fortnight_is_not_enough_data() {
        let few: Vec<Decision> = (0..14).map(|day| decision(day, 0.8, day % 2 == 0, "standard")).collect();
        let stats = of(&few, NOW);
        assert_eq!(stats.confidence_vs_acceptance, Figure::NotEnoughData { n: 14 });
        assert_eq!(stats.acceptance_trend, Figure::NotEnoughData { n: 14 });
        assert_eq!(stats.direction, None);
        assert!(stats.strategies.is_none(), "one strategy only");
    }
}
