//! The decision statistics in words, as the dashboard shows them: each with its
//! sample size, or "not enough data (n = …)".

use super::model::StatisticLine;
use super::statistics::DecisionStats;
use crate::domain::stats::figure::Figure;
use crate::domain::stats::regression::Direction;
use crate::i18n::Catalogue;

/// Each statistic in words with its sample size, or "not enough data (n = …)".
pub fn lines(stats: &DecisionStats, t: &Catalogue) -> Vec<StatisticLine> {
    let not_enough = |n: usize| t.wh_not_enough.replace("{n}", &n.to_string());
    let p = |p: f64| if p < 0.0001 { "p < 0.0001".to_string() } else { format!("p = {p:.4}") };
    let confidence = match &stats.confidence_vs_acceptance {
        Figure::Value { n, value } => format!("ρ = {:.2}, {} (n = {n})", value.r, p(value.p_value)),
        Figure::NotEnoughData { n } => not_enough(*n),
    };
    let trend = match (&stats.acceptance_trend, stats.direction) {
        (Figure::Value { n, value }, Some(direction)) => format!(
            "{:+.2} points a day, {}: {} (n = {n} days)",
            value.slope * 100.0,
            p(value.p_value),
            match direction {
                Direction::Improving => "IMPROVING",
                Direction::Declining => "DECLINING",
                Direction::Stable => "STABLE",
            }
        ),
        (figure, _) => not_enough(figure.n()),
    };
    let strategies = match &stats.strategies {
        None => t.wh_stats_one_strategy.to_string(),
        Some(c) => match &c.test {
            Some(test) => format!(
                "{} {:.0} % (n = {}) vs {} {:.0} % (n = {}): {:+.1} points, 95 % CI {:+.1} to {:+.1}, {}",
                c.a,
                100.0 * c.accepted_a as f64 / c.n_a as f64,
                c.n_a,
                c.b,
                100.0 * c.accepted_b as f64 / c.n_b as f64,
                c.n_b,
                100.0 * test.difference,
                100.0 * test.low,
                100.0 * test.high,
                p(test.p_value)
            ),
            None => format!("{} vs {}: {}", c.a, c.b, not_enough(c.n_a.min(c.n_b) as usize)),
        },
    };
    let unusual = match &stats.unusual_days {
        Figure::Value { value, .. } if value.is_empty() => t.wh_stats_none.to_string(),
        Figure::Value { n, value } => {
            let days: Vec<String> = value
                .iter()
                .map(|(day_ms, o)| format!("{} ({:?}, {:+.1})", day_label(*day_ms), o.severity, o.score))
                .collect();
            format!("{} (n = {n} days)", days.join(", "))
        }
        Figure::NotEnoughData { n } => not_enough(*n),
    };
    [
        (t.wh_stats_confidence, confidence),
        (t.wh_stats_trend, trend),
        (t.wh_stats_strategies, strategies),
        (t.wh_stats_unusual, unusual),
    ]
    .into_iter()
    .map(|(label, text)| StatisticLine { label: label.to_string(), text })
    .collect()
}

/// A UTC day as YYYY-MM-DD.
fn day_label(day_ms: i64) -> String {
    crate::domain::forecast::calendar::Date::from_days(day_ms.div_euclid(86_400_000)).to_string()
}
