//! Seeded synthetic demand for the forecasting benchmark: the same seed gives the
//! same series on every machine.
//!
//! Daily items (the speed set) have a level, a trend, a weekday profile, a yearly
//! cycle, promotion runs with a known flag and Poisson counts; about 30 % are
//! intermittent (demand on 5–40 % of days, sizes 1 + Poisson). Weekly, monthly and
//! quarterly sets have trend and a yearly cycle at their own frequency.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use app::domain::forecast::seasonality::Frequency;

/// One generated series: `history` to fit on, `future` to score against.
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    pub id: String,
    pub frequency: Frequency,
    pub history: Vec<f64>,
    pub future: Vec<f64>,
    /// Promotion flag (0/1) over history then future; empty when the set has none.
    pub promotion: Vec<f64>,
    pub intermittent: bool,
}

/// Share of daily items that are intermittent.
const INTERMITTENT_SHARE: f64 = 0.3;

/// `count` daily items with `days` of history and `horizon` days after it.
pub fn daily(count: usize, days: usize, horizon: usize, seed: u64) -> Vec<Generated> {
    (0..count)
        .map(|i| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let total = days + horizon;
            let promotion = promotion_runs(&mut rng, total);
            let intermittent = rng.random_bool(INTERMITTENT_SHARE);
            let values = if intermittent { sporadic(&mut rng, &promotion) } else { regular_daily(&mut rng, &promotion) };
            split(format!("D{i:05}"), Frequency::Daily, values, days, promotion, intermittent)
        })
        .collect()
}

/// `count` series at a coarser frequency with a yearly cycle of `season` periods and
/// `periods` of history drawn between the given bounds.
pub fn seasonal(frequency: Frequency, count: usize, periods: (usize, usize), horizon: usize, seed: u64) -> Vec<Generated> {
    let season = match frequency {
        Frequency::Daily => 7,
        Frequency::Weekly => 52,
        Frequency::Monthly => 12,
        Frequency::Quarterly => 4,
    };
    let period_length = match frequency {
        Frequency::Weekly => 365.25 / 7.0,
        _ => season as f64,
    };
    (0..count)
        .map(|i| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (i as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
            let length = rng.random_range(periods.0..=periods.1);
            let level = (rng.random_range(3.0f64..8.0)).exp();
            let growth = rng.random_range(-0.3..0.6) / period_length;
            let amplitude = rng.random_range(0.0..0.5);
            let phase = rng.random_range(0.0..std::f64::consts::TAU);
            let noise = rng.random_range(0.03..0.2);
            let mut shock = 0.0;
            let values = (0..length + horizon)
                .map(|t| {
                    // A slowly wandering level (AR(1) shocks) on top of trend and season.
                    shock = 0.8 * shock + normal(&mut rng) * noise * 0.5;
                    let trend = (1.0 + growth * t as f64).max(0.1);
                    let cycle = 1.0 + amplitude * (std::f64::consts::TAU * t as f64 / period_length + phase).sin();
                    (level * trend * cycle * (1.0 + shock + noise * normal(&mut rng))).max(0.0).round()
                })
                .collect();
            split(format!("{}{i:05}", &frequency.name()[..1].to_uppercase()), frequency, values, length, Vec::new(), false)
        })
        .collect()
}

fn split(id: String, frequency: Frequency, mut values: Vec<f64>, history: usize, promotion: Vec<f64>, intermittent: bool) -> Generated {
    let future = values.split_off(history);
    Generated { id, frequency, history: values, future, promotion, intermittent }
}

/// Runs of 3–7 promoted days, about one run every seven weeks.
fn promotion_runs(rng: &mut ChaCha8Rng, total: usize) -> Vec<f64> {
    let mut flags = vec![0.0; total];
    let mut day = rng.random_range(0..50);
    while day < total {
        let length = rng.random_range(3..=7);
        for flag in flags.iter_mut().skip(day).take(length) {
            *flag = 1.0;
        }
        day += length + rng.random_range(20..80);
    }
    flags
}

fn regular_daily(rng: &mut ChaCha8Rng, promotion: &[f64]) -> Vec<f64> {
    let level = rng.random_range(2.0f64..5.5).exp();
    let growth = rng.random_range(-0.2..0.5) / 365.0;
    let weekend_dip = rng.random_range(0.0..0.6);
    let weekday: Vec<f64> = (0..7).map(|d| if d >= 5 { 1.0 - weekend_dip } else { 1.0 + rng.random_range(-0.1..0.1) }).collect();
    let yearly = rng.random_range(0.0..0.4);
    let phase = rng.random_range(0.0..std::f64::consts::TAU);
    let lift = rng.random_range(1.2..2.0);
    let mut shock = 0.0;
    promotion
        .iter()
        .enumerate()
        .map(|(t, promoted)| {
            shock = 0.95 * shock + 0.02 * normal(rng);
            let trend = (1.0 + growth * t as f64).max(0.1);
            let cycle = 1.0 + yearly * (std::f64::consts::TAU * t as f64 / 365.25 + phase).sin();
            let mean = level * trend * weekday[t % 7] * cycle * (1.0 + shock).max(0.1) * if *promoted > 0.0 { lift } else { 1.0 };
            poisson(rng, mean)
        })
        .collect()
}

fn sporadic(rng: &mut ChaCha8Rng, promotion: &[f64]) -> Vec<f64> {
    let probability: f64 = rng.random_range(0.05..0.4);
    let size = rng.random_range(0.5..8.0);
    promotion
        .iter()
        .map(|promoted| {
            let p = if *promoted > 0.0 { (probability * 1.5).min(0.9) } else { probability };
            if rng.random_bool(p) {
                1.0 + poisson(rng, size)
            } else {
                0.0
            }
        })
        .collect()
}

/// Standard normal by Box–Muller.
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u: f64 = rng.random_range(f64::EPSILON..1.0);
    let v: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// Poisson counts: Knuth's product method for small means, a rounded normal above 30.
fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> f64 {
    if mean > 30.0 {
        return (mean + mean.sqrt() * normal(rng)).round().max(0.0);
    }
    let limit = (-mean).exp();
    let mut product: f64 = rng.random_range(0.0..1.0);
    let mut count = 0.0;
    while product > limit {
        product *= rng.random_range(0.0f64..1.0);
        count += 1.0;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_series() {
        assert_eq!(daily(20, 100, 10, 7), daily(20, 100, 10, 7));
        assert_ne!(daily(5, 100, 10, 7), daily(5, 100, 10, 8));
    }

    #[test]
    fn about_thirty_percent_are_intermittent_and_all_are_counts() {
        let set = daily(1000, 60, 0, 1);
        let share = set.iter().filter(|g| g.intermittent).count() as f64 / 1000.0;
        assert!((0.25..0.35).contains(&share), "{share}");
        assert!(set.iter().flat_map(|g| &g.history).all(|v| *v >= 0.0 && v.fract() == 0.0));
        let monthly = seasonal(Frequency::Monthly, 10, (36, 48), 12, 3);
        assert!(monthly.iter().all(|g| (36..=48).contains(&g.history.len()) && g.future.len() == 12));
    }
}
