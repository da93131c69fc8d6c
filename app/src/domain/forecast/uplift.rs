//! How known drivers (a promotion flag, a price) scale sporadic demand, so that
//! Croston, SBA, TSB and ADIDA, which only see the demand itself, can use them too.
//!
//! The effect is multiplicative, from a Poisson regression of demand on the drivers,
//! log E[y_t] = c + Σ_j b_j·(x_{j,t} − x̄_j), fitted by Newton's method (iteratively
//! reweighted least squares) with a Gaussian prior b_j ~ N(0, 0.5²) so that a handful
//! of promoted periods cannot claim a tenfold lift. The drivers are centred on their
//! history means, so the factor f_t = exp(Σ_j b_j·(x_{j,t} − x̄_j)) averages about 1 over
//! the history: dividing demand by it leaves the level where it was, and the smoothing
//! models fit that baseline; their forecasts are then multiplied by the factor of each
//! future period. A Poisson count model suits sporadic demand, where a least-squares
//! regression would be dominated by the many zeros.

use super::linalg::solve_symmetric;
use super::model::{never_shrinking, ModelForecast};
use super::regression::Driver;

/// Prior precision 1/0.5² on each driver's log-effect.
const PRIOR_PRECISION: f64 = 4.0;
/// Newton steps at most; the log-likelihood is concave, so it settles in a few.
const MAX_STEPS: usize = 30;
/// Largest log-effect of one driver unit kept (a factor of about 20).
const MAX_LOG_EFFECT: f64 = 3.0;

/// Fitted log-effects of the drivers that vary over the history. None means a factor
/// of 1 everywhere.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Uplift {
    effects: Vec<Effect>,
}

#[derive(Clone, Debug, PartialEq)]
struct Effect {
    /// Position among the drivers.
    driver: usize,
    /// b: log of the factor per unit of the driver.
    log_factor: f64,
    /// x̄: the driver's history mean, where its effect is 1.
    mean: f64,
}

impl Uplift {
    /// Fits the drivers' effects on `y`, the first periods of the series; `drivers`
    /// hold at least `y.len()` periods of history each.
    pub fn fit(y: &[f64], drivers: &[Driver<'_>]) -> Uplift {
        let n = y.len();
        let columns: Vec<(usize, &[f64], f64)> = drivers
            .iter()
            .enumerate()
            .map(|(j, d)| (j, &d.history[..n.min(d.history.len())]))
            .filter(|(_, x)| x.len() == n && x.iter().any(|v| *v != x[0]))
            .map(|(j, x)| (j, x, x.iter().sum::<f64>() / n as f64))
            .collect();
        let total: f64 = y.iter().sum();
        if columns.is_empty() || total <= 0.0 {
            return Uplift::default();
        }
        // θ = [c, b_1, …, b_k], started at the plain mean and no effect.
        let k = columns.len() + 1;
        let mut theta = vec![0.0; k];
        theta[0] = (total / n as f64).ln();
        for _ in 0..MAX_STEPS {
            let mut information = vec![0.0; k * k];
            let mut score = vec![0.0; k];
            let mut row = vec![1.0; k];
            for t in 0..n {
                for (j, (_, x, mean)) in columns.iter().enumerate() {
                    row[j + 1] = x[t] - mean;
                }
                let mu = row.iter().zip(&theta).map(|(r, c)| r * c).sum::<f64>().exp();
                for a in 0..k {
                    score[a] += (y[t] - mu) * row[a];
                    for b in 0..=a {
                        information[a * k + b] += mu * row[a] * row[b];
                    }
                }
            }
            for a in 1..k {
                score[a] -= PRIOR_PRECISION * theta[a];
                information[a * k + a] += PRIOR_PRECISION;
            }
            for a in 0..k {
                for b in 0..a {
                    information[b * k + a] = information[a * k + b];
                }
            }
            // The score becomes the Newton step.
            let mut step = score;
            if solve_symmetric(&mut information, &mut step, k).is_none() {
                return Uplift::default();
            }
            for (c, s) in theta.iter_mut().zip(&step) {
                *c += s;
            }
            if !theta.iter().all(|c| c.is_finite()) {
                return Uplift::default();
            }
            if step.iter().all(|s| s.abs() < 1e-9) {
                break;
            }
        }
        let effects = columns
            .iter()
            .zip(&theta[1..])
            .map(|(&(driver, _, mean), b)| Effect {
                driver,
                log_factor: b.clamp(-MAX_LOG_EFFECT, MAX_LOG_EFFECT),
                mean,
            })
            .collect();
        Uplift { effects }
    }

    /// "" without effects, else " with drivers ×1.48 per unit" (one factor per driver).
    pub fn describe(&self) -> String {
        if self.effects.is_empty() {
            return String::new();
        }
        let factors: Vec<String> = self.effects.iter().map(|e| format!("×{:.2}", e.log_factor.exp())).collect();
        format!(" with drivers {} per unit", factors.join(", "))
    }

    /// Demand with the drivers' effect divided out of each period of `y`.
    pub fn baseline(&self, y: &[f64], drivers: &[Driver<'_>]) -> Vec<f64> {
        y.iter().enumerate().map(|(t, v)| v / self.factor(drivers, |d| d.history.get(t))).collect()
    }

    /// A baseline forecast for the `h` periods after the history, scaled by each
    /// period's factor; its spread grows with the largest factor so far, so that
    /// intervals still never narrow.
    pub fn apply(&self, mut forecast: ModelForecast, drivers: &[Driver<'_>]) -> ModelForecast {
        if self.effects.is_empty() {
            return forecast;
        }
        let factors: Vec<f64> = (0..forecast.point.len()).map(|s| self.factor(drivers, |d| d.future.get(s))).collect();
        for (point, factor) in forecast.point.iter_mut().zip(&factors) {
            *point *= factor;
        }
        forecast.spread = forecast.spread.scaled_by_step(&never_shrinking(&factors));
        forecast
    }

    /// exp(Σ b_j·(x_j − x̄_j)) at one period; a driver without a value there counts as
    /// its mean (no effect).
    fn factor<'a>(&self, drivers: &'a [Driver<'a>], value: impl Fn(&Driver<'a>) -> Option<&'a f64>) -> f64 {
        let exponent: f64 = self
            .effects
            .iter()
            .map(|e| {
                let x = drivers.get(e.driver).and_then(&value).copied().unwrap_or(e.mean);
                e.log_factor * (x - e.mean)
            })
            .sum();
        exponent.exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forecast::model::Spread;

    /// Demand 2 on ordinary days and 4 on every tenth (promoted) day.
    fn doubled_on_promotion(n: usize) -> (Vec<f64>, Vec<f64>) {
        let flag: Vec<f64> = (0..n).map(|t| if t % 10 == 0 { 1.0 } else { 0.0 }).collect();
        let y = flag.iter().map(|f| 2.0 + 2.0 * f).collect();
        (y, flag)
    }

    #[test]
    fn recovers_a_doubling_on_promoted_days() {
        let (y, flag) = doubled_on_promotion(400);
        let future = [0.0, 1.0, 0.0];
        let uplift = Uplift::fit(&y, &[Driver { history: &flag, future: &future }]);
        assert_eq!(uplift.effects.len(), 1);
        // The prior shrinks ln 2 a little: 40 promoted days carry information 160 against 4.
        let factor = uplift.effects[0].log_factor.exp();
        assert!((1.9..2.0).contains(&factor), "{factor}");
        assert_eq!(uplift.describe(), format!(" with drivers ×{factor:.2} per unit"));
        // The baseline is flat, and the factor comes back on the promoted future day.
        let drivers = [Driver { history: &flag, future: &future }];
        let baseline = uplift.baseline(&y, &drivers);
        let (low, high) = baseline.iter().fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(*v), h.max(*v)));
        assert!(high / low < 1.06, "{low}..{high}");
        let flat = ModelForecast { point: vec![2.0; 3], spread: Spread::Normal(vec![1.0; 3]) };
        let lifted = uplift.apply(flat, &drivers);
        assert!((lifted.point[1] / lifted.point[0] - factor).abs() < 1e-9);
        assert_eq!(lifted.point[0], lifted.point[2]);
        // The spread follows the largest factor so far and never narrows.
        let Spread::Normal(std_error) = lifted.spread else { panic!("normal spread") };
        assert!(std_error[1] > std_error[0] && std_error[2] == std_error[1], "{std_error:?}");
    }

    #[test]
    fn leaves_demand_alone_without_a_varying_driver() {
        let (y, _) = doubled_on_promotion(50);
        let constant = vec![1.0; 50];
        for drivers in [vec![], vec![Driver { history: &constant, future: &[1.0, 1.0] }]] {
            let uplift = Uplift::fit(&y, &drivers);
            assert_eq!(uplift, Uplift::default());
            assert_eq!(uplift.describe(), "");
            assert_eq!(uplift.baseline(&y, &drivers), y);
        }
        let (_, flag) = doubled_on_promotion(50);
        assert_eq!(Uplift::fit(&[0.0; 50], &[Driver { history: &flag, future: &[] }]), Uplift::default());
    }

    #[test]
    fn a_missing_future_value_counts_as_no_effect() {
        let (y, flag) = doubled_on_promotion(200);
        let drivers = [Driver { history: &flag, future: &[1.0] }];
        let uplift = Uplift::fit(&y, &drivers);
        let flat = ModelForecast { point: vec![2.0; 2], spread: Spread::Normal(vec![0.5; 2]) };
        let mean = flag.iter().sum::<f64>() / flag.len() as f64;
        let lifted = uplift.apply(flat, &drivers);
        // Step 2 has no driver value: its factor is exp(b·(x̄ − x̄)) = 1.
        assert_eq!(lifted.point[1], 2.0);
        assert!((lifted.point[0] - 2.0 * (uplift.effects[0].log_factor * (1.0 - mean)).exp()).abs() < 1e-12);
    }
}
