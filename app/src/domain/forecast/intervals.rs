//! Prediction intervals from a model's error spread, made fit for demand: never
//! negative, nested (lo95 ≤ lo80 ≤ forecast ≤ hi80 ≤ hi95) and never narrower at a
//! later step than at an earlier one, measured before clipping at zero.
//!
//! Normal spreads give ŷ ± z·σ̂_h with z from the exact inverse normal; empirical
//! spreads give ŷ + g_h·q(e) with q the residual quantiles (Hyndman & Athanasopoulos,
//! *FPP3* §5.5, "prediction intervals from bootstrapped residuals", without the
//! simulation: the quantiles are taken directly).

use super::model::{never_shrinking, Spread};
use crate::domain::normal::inverse_cdf;

/// The interval at one level for every step.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Percent, e.g. 95.
    pub level: f64,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
}

/// Intervals at `levels` (ascending percents) around `point`; `point` is clipped at zero too.
pub fn bands(point: &mut [f64], spread: &Spread, levels: &[f64]) -> Vec<Band> {
    let mut bands: Vec<Band> = levels.iter().map(|&level| raw_band(point, spread, level)).collect();
    for value in point.iter_mut() {
        *value = value.max(0.0);
    }
    let mut inner_lower = point.to_vec();
    let mut inner_upper = point.to_vec();
    for band in &mut bands {
        for step in 0..point.len() {
            band.lower[step] = band.lower[step].max(0.0).min(inner_lower[step]);
            band.upper[step] = band.upper[step].max(inner_upper[step]);
        }
        inner_lower.clone_from(&band.lower);
        inner_upper.clone_from(&band.upper);
    }
    bands
}

fn raw_band(point: &[f64], spread: &Spread, level: f64) -> Band {
    let tail = (1.0 - level / 100.0) / 2.0;
    let (below, above): (Vec<f64>, Vec<f64>) = match spread {
        Spread::Normal(std_error) => {
            let z = inverse_cdf(1.0 - tail);
            never_shrinking(std_error).iter().map(|se| (-z * se, z * se)).unzip()
        }
        Spread::Empirical { residuals, growth } => {
            let mut sorted: Vec<f64> = residuals.iter().copied().filter(|e| e.is_finite()).collect();
            sorted.sort_by(f64::total_cmp);
            let low = quantile(&sorted, tail).min(0.0);
            let high = quantile(&sorted, 1.0 - tail).max(0.0);
            never_shrinking(growth).iter().map(|g| (low * g, high * g)).unzip()
        }
    };
    Band {
        level,
        lower: point.iter().zip(&below).map(|(p, d)| p + d).collect(),
        upper: point.iter().zip(&above).map(|(p, d)| p + d).collect(),
    }
}

/// Linear-interpolation quantile (type 7) of sorted values; 0 when there are none.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        1 => sorted[0],
        n => {
            let position = p * (n - 1) as f64;
            let below = position.floor() as usize;
            let above = (below + 1).min(n - 1);
            sorted[below] + (position - below as f64) * (sorted[above] - sorted[below])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_intervals_use_the_exact_quantile() {
        let mut point = vec![100.0, 100.0];
        let bands = bands(&mut point, &Spread::Normal(vec![10.0, 20.0]), &[80.0, 95.0]);
        assert!((bands[1].upper[0] - (100.0 + 19.599639845)).abs() < 1e-6, "{bands:?}");
        assert!((bands[0].lower[1] - (100.0 - 2.0 * 12.815515655)).abs() < 1e-6, "{bands:?}");
    }

    #[test]
    fn demand_intervals_are_clipped_nested_and_ordered() {
        let mut point = vec![-3.0, 2.0, 5.0];
        let bands = bands(&mut point, &Spread::Normal(vec![4.0, 3.0, 6.0]), &[80.0, 95.0]);
        assert_eq!(point, vec![0.0, 2.0, 5.0]);
        let (b80, b95) = (&bands[0], &bands[1]);
        for (step, p) in point.iter().enumerate() {
            assert!(0.0 <= b95.lower[step] && b95.lower[step] <= b80.lower[step] && b80.lower[step] <= *p);
            assert!(*p <= b80.upper[step] && b80.upper[step] <= b95.upper[step]);
        }
        // The spread at step 2 (3.0) is raised to step 1's (4.0).
        assert!((bands[1].upper[1] - (2.0 + 4.0 * 1.959963985)).abs() < 1e-6, "{bands:?}");
    }

    #[test]
    fn empirical_intervals_take_residual_quantiles_and_grow() {
        // Residuals −1, 0, …, 9 (11 values): the 10 % quantile is 0, the 90 % one 8.
        let residuals: Vec<f64> = (-1..=9).map(f64::from).collect();
        let mut point = vec![5.0, 5.0];
        let bands = bands(&mut point, &Spread::Empirical { residuals, growth: vec![1.0, 2.0] }, &[80.0]);
        assert!((bands[0].upper[0] - 13.0).abs() < 1e-12 && (bands[0].upper[1] - 21.0).abs() < 1e-12, "{bands:?}");
        assert_eq!(bands[0].lower, vec![5.0, 5.0]);
    }

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }
}
