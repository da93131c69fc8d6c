//! Choosing and applying the differencing: seasonal D by seasonal strength, regular d by repeated
//! KPSS tests, and the differencing operator (1 − B)^d (1 − B^m)^D itself.

use super::MIN_OBSERVATIONS;

/// KPSS level-stationarity test, 5 % critical value (Kwiatkowski et al. 1992, table 1).
const KPSS_CRITICAL_5PCT: f64 = 0.463;

/// Coefficients δ_0..δ_{d+mD} of (1 − B)^d (1 − B^m)^D.
pub(super) fn differencing_polynomial(d: usize, big_d: usize, m: usize) -> Vec<f64> {
    let mut delta = vec![1.0];
    for lag in std::iter::repeat_n(1, d).chain(std::iter::repeat_n(m, big_d)) {
        let mut next = vec![0.0; delta.len() + lag];
        for (i, c) in delta.iter().enumerate() {
            next[i] += c;
            next[i + lag] -= c;
        }
        delta = next;
    }
    delta
}

/// Applies (1 − B^lag) `times` times.
pub(super) fn difference(x: &[f64], lag: usize, times: usize) -> Vec<f64> {
    let mut out = x.to_vec();
    for _ in 0..times {
        out = out.iter().skip(lag).zip(&out).map(|(later, earlier)| later - earlier).collect();
    }
    out
}

/// d by repeated KPSS tests (`forecast::ndiffs`): difference while stationarity is
/// rejected at 5 %, at most twice, never below `MIN_OBSERVATIONS` values.
pub(super) fn regular_differences(x: &[f64]) -> usize {
    let mut d = 0;
    let mut current = x.to_vec();
    while d < 2
        && current.len() > MIN_OBSERVATIONS
        && !is_constant(&current)
        && kpss_statistic(&current) > KPSS_CRITICAL_5PCT
    {
        current = difference(&current, 1, 1);
        d += 1;
    }
    d
}

/// KPSS level statistic η = Σ S_t² / (n² λ²): S_t partial sums of deviations from the
/// mean, λ² their Bartlett-weighted long-run variance over ⌊3√n/13⌋ lags.
fn kpss_statistic(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let deviations: Vec<f64> = x.iter().map(|v| v - mean).collect();
    let lags = ((3.0 * n.sqrt() / 13.0) as usize).min(x.len().saturating_sub(1));
    let mut long_run = deviations.iter().map(|e| e * e).sum::<f64>() / n;
    for lag in 1..=lags {
        let gamma = deviations[lag..].iter().zip(&deviations).map(|(a, b)| a * b).sum::<f64>() / n;
        long_run += 2.0 * (1.0 - lag as f64 / (lags + 1) as f64) * gamma;
    }
    let mut partial = 0.0;
    let mut eta = 0.0;
    for e in &deviations {
        partial += e;
        eta += partial * partial;
    }
    if long_run > 0.0 {
        eta / (n * n * long_run)
    } else {
        0.0
    }
}

/// Seasonal strength F_s = max(0, 1 − Var(R)/Var(S + R)) of a classical additive
/// decomposition: trend by centred moving average (2×m for even m), S + R = y − trend,
/// S the mean of S + R per season position. Needs n ≥ 2m; O(n) via prefix sums.
pub(super) fn seasonal_strength(y: &[f64], m: usize) -> f64 {
    let n = y.len();
    let half = m / 2;
    if n < 2 * m {
        return 0.0;
    }
    let mut prefix = vec![0.0; n + 1];
    for (t, v) in y.iter().enumerate() {
        prefix[t + 1] = prefix[t] + v;
    }
    let detrended: Vec<(usize, f64)> = (half..n - half)
        .map(|t| {
            let trend = if m % 2 == 1 {
                prefix[t + half + 1] - prefix[t - half]
            } else {
                prefix[t + half] - prefix[t - half + 1] + 0.5 * (y[t - half] + y[t + half])
            } / m as f64;
            (t, y[t] - trend)
        })
        .collect();
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for (t, v) in &detrended {
        sums[t % m] += v;
        counts[t % m] += 1;
    }
    // Centring S would shift R by a constant, which leaves Var(R) unchanged.
    let remainder: Vec<f64> = detrended.iter().map(|(t, v)| v - sums[t % m] / counts[t % m].max(1) as f64).collect();
    let seasonal_plus_remainder: Vec<f64> = detrended.iter().map(|(_, v)| *v).collect();
    let total = variance(&seasonal_plus_remainder);
    if total > 0.0 {
        (1.0 - variance(&remainder) / total).max(0.0)
    } else {
        0.0
    }
}

fn variance(x: &[f64]) -> f64 {
    let n = x.len().max(1) as f64;
    let mean = x.iter().sum::<f64>() / n;
    x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n
}

fn is_constant(x: &[f64]) -> bool {
    x.windows(2).all(|pair| pair[0] == pair[1])
}

#[cfg(test)]
mod tests {
    use super::super::tests::noise;
    use super::super::SEASONAL_STRENGTH_THRESHOLD;
    use super::*;

    #[test]
    fn seasonal_strength_separates_a_pattern_from_noise() {
        let pattern: Vec<f64> = (0..84).map(|t| [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0][t % 7] + 0.1 * t as f64).collect();
        assert!(seasonal_strength(&pattern, 7) > 0.99);
        assert!(seasonal_strength(&noise(84, 29), 7) < SEASONAL_STRENGTH_THRESHOLD);
        assert_eq!(seasonal_strength(&[2.0; 84], 7), 0.0);
    }
}
