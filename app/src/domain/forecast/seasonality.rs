//! Which season lengths a series shows. The candidates come from its frequency
//! (daily data: week and year; weekly: year; monthly: year; quarterly: year).
//!
//! - Short seasons (m < 52) are kept when the autocorrelation at lag m is significant
//!   by the test used in Hyndman's `forecast::thetaf` and statsforecast:
//!   r_m > 1.645·√((1 + 2Σ_{k<m} r_k²)/n) (90 %, Bartlett's variance under an MA(m−1) null).
//! - A year (m ≥ 52) is too long for that test on two years of history: the sum over
//!   hundreds of lags swamps it. It is kept when two Fourier pairs of the yearly period
//!   explain at least 10 % of the variance left by a straight line and pass an F-test
//!   at 1 % (F > 3.4 for 4 and ≥ 100 degrees of freedom).

/// How far apart consecutive observations are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
}

impl Frequency {
    /// Season lengths worth testing, shortest first (weekly data: 52 weeks to a year).
    pub fn candidate_seasons(self) -> &'static [usize] {
        match self {
            Frequency::Daily => &[7, 365],
            Frequency::Weekly => &[52],
            Frequency::Monthly => &[12],
            Frequency::Quarterly => &[4],
        }
    }

    /// The period of each candidate season in steps, exact (365.25 days, 52.18 weeks),
    /// for Fourier terms that must not drift over several years.
    pub fn exact_period(self, season: usize) -> f64 {
        match (self, season) {
            (Frequency::Daily, 365) => 365.25,
            (Frequency::Weekly, 52) => 365.25 / 7.0,
            _ => season as f64,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
        }
    }
}

use super::linalg::{least_squares, Design};

/// Smallest history, in whole seasons, on which a season is tested at all.
const MIN_CYCLES: usize = 2;

/// Seasons at least this long are tested with Fourier terms instead of the ACF.
const LONG_SEASON: usize = 52;

/// The candidate seasons of `frequency` that `y` shows, shortest first.
pub fn detect(y: &[f64], frequency: Frequency) -> Vec<usize> {
    frequency
        .candidate_seasons()
        .iter()
        .copied()
        .filter(|&m| if m >= LONG_SEASON { has_yearly_cycle(y, frequency.exact_period(m)) } else { is_seasonal(y, m) })
        .collect()
}

/// The autocorrelation test above for one season length `m`.
pub fn is_seasonal(y: &[f64], m: usize) -> bool {
    let n = y.len();
    if m < 2 || n < MIN_CYCLES * m + 1 {
        return false;
    }
    let r = autocorrelations(y, m);
    if r.is_empty() {
        return false;
    }
    let bartlett: f64 = 1.0 + 2.0 * r[..m - 1].iter().map(|v| v * v).sum::<f64>();
    let limit = 1.645 * (bartlett / n as f64).sqrt();
    r[m - 1] > limit
}

/// The Fourier F-test above for a long season of `period` steps.
fn has_yearly_cycle(y: &[f64], period: f64) -> bool {
    let n = y.len();
    if (n as f64) < MIN_CYCLES as f64 * period.floor() || n < 110 {
        return false;
    }
    let residual_sum = |columns: usize| -> Option<f64> {
        let mut x = Design::new(columns);
        let mut row = vec![0.0; columns];
        for t in 0..n {
            let time = t as f64 / n as f64;
            row[0] = 1.0;
            row[1] = time;
            for k in 1..=(columns - 2) / 2 {
                let angle = std::f64::consts::TAU * k as f64 * t as f64 / period;
                row[2 * k] = angle.sin();
                row[2 * k + 1] = angle.cos();
            }
            x.push_row(&row);
        }
        let beta = least_squares(&x, y)?;
        Some((0..n).map(|t| (y[t] - x.row(t).iter().zip(&beta).map(|(a, b)| a * b).sum::<f64>()).powi(2)).sum())
    };
    let (Some(line), Some(with_cycle)) = (residual_sum(2), residual_sum(6)) else {
        return false;
    };
    if line <= 0.0 {
        return false;
    }
    let explained = (line - with_cycle) / line;
    let f = ((line - with_cycle) / 4.0) / (with_cycle.max(f64::MIN_POSITIVE) / (n - 6) as f64);
    explained >= 0.10 && f > 3.4
}

/// Sample autocorrelations r_1..r_max_lag; empty for a constant series.
pub fn autocorrelations(y: &[f64], max_lag: usize) -> Vec<f64> {
    let n = y.len();
    let mean = y.iter().sum::<f64>() / n as f64;
    let centred: Vec<f64> = y.iter().map(|v| v - mean).collect();
    let c0: f64 = centred.iter().map(|v| v * v).sum();
    if c0 <= f64::EPSILON * n as f64 * mean.abs().max(1.0) {
        return Vec::new();
    }
    (1..=max_lag.min(n - 1)).map(|k| centred[k..].iter().zip(&centred).map(|(a, b)| a * b).sum::<f64>() / c0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(t: usize) -> f64 {
        ((t as f64 * 12.9898).sin() * 43758.5453).fract()
    }

    #[test]
    fn finds_the_week_in_daily_data() {
        let y: Vec<f64> = (0..120).map(|t| [5.0, 9.0, 9.0, 8.0, 7.0, 1.0, 0.0][t % 7] + noise(t)).collect();
        assert_eq!(detect(&y, Frequency::Daily), vec![7]);
    }

    #[test]
    fn finds_week_and_year_in_two_years_of_daily_data() {
        let y: Vec<f64> = (0..730)
            .map(|t| 50.0 + 10.0 * (t as f64 * std::f64::consts::TAU / 7.0).sin() + 20.0 * (t as f64 * std::f64::consts::TAU / 365.25).cos() + noise(t))
            .collect();
        assert_eq!(detect(&y, Frequency::Daily), vec![7, 365]);
    }

    #[test]
    fn sees_no_season_in_noise_or_a_constant() {
        let y: Vec<f64> = (0..200).map(noise).collect();
        assert!(detect(&y, Frequency::Daily).is_empty());
        assert!(detect(&[3.0; 100], Frequency::Monthly).is_empty());
    }

    #[test]
    fn sees_no_year_in_a_trend_with_a_week() {
        let y: Vec<f64> = (0..730).map(|t| 20.0 + 0.05 * t as f64 + [5.0, 9.0, 9.0, 8.0, 7.0, 1.0, 0.0][t % 7] + noise(t)).collect();
        assert_eq!(detect(&y, Frequency::Daily), vec![7]);
    }

    #[test]
    fn needs_two_whole_seasons() {
        let y: Vec<f64> = (0..23).map(|t| [1.0, 5.0, 9.0, 5.0, 1.0, 0.0, 2.0, 3.0, 4.0, 6.0, 8.0, 2.0][t % 12]).collect();
        assert!(!is_seasonal(&y, 12));
    }

    #[test]
    fn autocorrelation_of_an_alternating_series_is_minus_one_then_one() {
        let y: Vec<f64> = (0..100).map(|t| if t % 2 == 0 { 1.0 } else { -1.0 }).collect();
        let r = autocorrelations(&y, 2);
        assert!((r[0] + 0.99).abs() < 1e-9 && (r[1] - 0.98).abs() < 1e-9, "{r:?}");
    }
}
