//! Trend by ordinary least squares, y = a + b·x: the slope b, its standard error
//! s_b = √(Σe² / (n − 2) / Σ(x − x̄)²), t = b / s_b with n − 2 degrees of freedom and
//! its two-sided p-value (as `scipy.stats.linregress`). A direction is claimed only
//! when p < α; otherwise the series is STABLE.

use serde::{Deserialize, Serialize};

use super::distributions::t_two_sided_p;
use super::figure::Figure;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub slope: f64,
    pub intercept: f64,
    pub r_squared: f64,
    pub p_value: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Improving,
    Declining,
    Stable,
}

impl Trend {
    /// IMPROVING / DECLINING only when the slope is significant at `alpha`.
    pub fn direction(&self, higher_is_better: bool, alpha: f64) -> Direction {
        if self.p_value >= alpha || self.slope == 0.0 {
            Direction::Stable
        } else if (self.slope > 0.0) == higher_is_better {
            Direction::Improving
        } else {
            Direction::Declining
        }
    }
}

/// The least-squares line through (x, y); pairs beyond the shorter side are ignored.
pub fn trend(x: &[f64], y: &[f64]) -> Figure<Trend> {
    let n = x.len().min(y.len());
    Figure::of(n, || {
        let (x, y) = (&x[..n], &y[..n]);
        let nf = n as f64;
        let (mx, my) = (x.iter().sum::<f64>() / nf, y.iter().sum::<f64>() / nf);
        let sxx: f64 = x.iter().map(|v| (v - mx).powi(2)).sum();
        let syy: f64 = y.iter().map(|v| (v - my).powi(2)).sum();
        let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
        if sxx == 0.0 {
            return Trend { slope: 0.0, intercept: my, r_squared: 0.0, p_value: 1.0 };
        }
        let slope = sxy / sxx;
        let intercept = my - slope * mx;
        let residual = (syy - slope * sxy).max(0.0);
        let r_squared = if syy > 0.0 { sxy * sxy / (sxx * syy) } else { 0.0 };
        let se = (residual / (nf - 2.0) / sxx).sqrt();
        let p_value = if se > 0.0 { t_two_sided_p(slope / se, nf - 2.0) } else { 0.0 };
        Trend { slope, intercept, r_squared, p_value }
    })
}
