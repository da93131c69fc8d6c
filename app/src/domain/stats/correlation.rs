//! Pearson's r and Spearman's ρ (Pearson's r of the ranks, ties given their average
//! rank), each with the two-sided p-value of t = r √((n − 2) / (1 − r²)) on n − 2
//! degrees of freedom — what `scipy.stats.pearsonr` and `spearmanr` report.

use serde::{Deserialize, Serialize};

use super::distributions::t_two_sided_p;
use super::figure::Figure;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Correlation {
    pub r: f64,
    pub p_value: f64,
}

pub fn pearson(x: &[f64], y: &[f64]) -> Figure<Correlation> {
    let n = x.len().min(y.len());
    Figure::of(n, || pearson_of(&x[..n], &y[..n]))
}

pub fn spearman(x: &[f64], y: &[f64]) -> Figure<Correlation> {
    let n = x.len().min(y.len());
    Figure::of(n, || pearson_of(&ranks(&x[..n]), &ranks(&y[..n])))
}

fn pearson_of(x: &[f64], y: &[f64]) -> Correlation {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    if sxx == 0.0 || syy == 0.0 {
        return Correlation { r: 0.0, p_value: 1.0 };
    }
    let r = (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0);
    let p_value = if r.abs() == 1.0 { 0.0 } else { t_two_sided_p(r * ((n - 2.0) / (1.0 - r * r)).sqrt(), n - 2.0) };
    Correlation { r, p_value }
}

/// Ranks from 1, ties sharing their average rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let average = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = average;
        }
        i = j + 1;
    }
    ranks
}
