//! Outliers three ways, each with a severity:
//! - **IQR** (Tukey, *Exploratory Data Analysis*, 1977): beyond Q1 − k·IQR or Q3 + k·IQR,
//!   mild at k = 1.5, severe at k = 3 (quartiles by linear interpolation, as NumPy's default);
//! - **z-score**: |x − mean| / s (sample standard deviation) above 2 mild, above 3 severe;
//! - **modified z-score** (Iglewicz & Hoaglin, *How to Detect and Handle Outliers*, 1993):
//!   M = 0.6745 (x − median) / MAD, outlier above 3.5 (severe above 5).

use serde::{Deserialize, Serialize};

use super::figure::Figure;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    Mild,
    Severe,
}

/// An observation flagged as an outlier: its index, score and severity.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outlier {
    pub index: usize,
    pub score: f64,
    pub severity: Severity,
}

/// The p-th quantile (0 ≤ p ≤ 1) of sorted values, linear between order statistics.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted
}

/// Tukey's fences; the score is how many IQRs beyond the nearer quartile.
pub fn by_iqr(values: &[f64]) -> Figure<Vec<Outlier>> {
    Figure::of(values.len(), || {
        let s = sorted(values);
        let (q1, q3) = (quantile(&s, 0.25), quantile(&s, 0.75));
        let iqr = q3 - q1;
        values
            .iter()
            .enumerate()
            .filter_map(|(index, &x)| {
                let beyond = if x < q1 {
                    q1 - x
                } else if x > q3 {
                    x - q3
                } else {
                    0.0
                };
                let score = if iqr > 0.0 { beyond / iqr } else { 0.0 };
                let severity = match score {
                    s if s > 3.0 => Severity::Severe,
                    s if s > 1.5 => Severity::Mild,
                    _ => return None,
                };
                Some(Outlier { index, score, severity })
            })
            .collect()
    })
}

/// z-scores with the sample standard deviation (n − 1).
pub fn by_z_score(values: &[f64]) -> Figure<Vec<Outlier>> {
    Figure::of(values.len(), || {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let sd = (values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        flagged(values, |x| if sd > 0.0 { (x - mean) / sd } else { 0.0 }, 2.0, 3.0)
    })
}

/// Iglewicz and Hoaglin's modified z-score (median and median absolute deviation).
pub fn by_modified_z_score(values: &[f64]) -> Figure<Vec<Outlier>> {
    Figure::of(values.len(), || {
        let median = quantile(&sorted(values), 0.5);
        let deviations: Vec<f64> = values.iter().map(|x| (x - median).abs()).collect();
        let mad = quantile(&sorted(&deviations), 0.5);
        flagged(values, |x| if mad > 0.0 { 0.6745 * (x - median) / mad } else { 0.0 }, 3.5, 5.0)
    })
}

fn flagged(values: &[f64], score: impl Fn(f64) -> f64, mild: f64, severe: f64) -> Vec<Outlier> {
    values
        .iter()
        .enumerate()
        .filter_map(|(index, &x)| {
            let score = score(x);
            let severity = match score.abs() {
                s if s > severe => Severity::Severe,
                s if s > mild => Severity::Mild,
                _ => return None,
            };
            Some(Outlier { index, score, severity })
        })
        .collect()
}
