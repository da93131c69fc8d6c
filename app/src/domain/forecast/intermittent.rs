//! Forecasts for demand that is often zero.
//!
//! - Croston (1972): smooth the non-zero sizes z and the intervals p between them
//!   with the same α, updating only when demand occurs; forecast z/p.
//! - SBA, Syntetos & Boylan (2005): Croston debiased, (1 − α/2)·z/p.
//! - TSB, Teunter, Syntetos & Babai (2011): smooth the probability of demand every
//!   period with β and the size on demand with α; forecast p·z, which decays when
//!   an item stops selling (Croston's does not).
//! - ADIDA, Nikolopoulos et al. (2011): sum the series into buckets as long as the
//!   mean interval between demands, forecast the buckets by SES, spread back evenly.
//!
//! Smoothing constants are chosen from small grids by in-sample mean squared error
//! (each O(n), so the whole search costs microseconds). Intervals are empirical:
//! quantiles of the one-step errors, since intermittent demand is far from normal.

use super::model::{FitError, ModelForecast, Spread};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntermittentMethod {
    Croston,
    Sba,
    Tsb,
    Adida,
}

const ALPHAS: [f64; 5] = [0.05, 0.1, 0.15, 0.2, 0.3];
const BETAS: [f64; 4] = [0.01, 0.05, 0.1, 0.2];

/// A fitted intermittent-demand model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Intermittent {
    pub method: IntermittentMethod,
    /// Smoothing of sizes (and of intervals for Croston/SBA, of buckets for ADIDA).
    pub alpha: f64,
    /// Smoothing of the demand probability (TSB only).
    pub beta: f64,
    /// Periods per bucket (ADIDA only).
    pub bucket: usize,
}

/// One-step forecasts over the history and the forecast after its end.
struct Run {
    residuals: Vec<f64>,
    sse: f64,
    next: f64,
}

impl Intermittent {
    pub fn fit(y: &[f64], method: IntermittentMethod) -> Result<Intermittent, FitError> {
        let demands = y.iter().filter(|v| **v > 0.0).count();
        if y.len() < 4 || demands < 2 {
            return Err(FitError::TooShort { needed: 4, got: y.len().min(demands) });
        }
        let bucket = if method == IntermittentMethod::Adida { (y.len() as f64 / demands as f64).round().max(1.0) as usize } else { 1 };
        let betas: &[f64] = if method == IntermittentMethod::Tsb { &BETAS } else { &[0.0] };
        let mut best: Option<(f64, Intermittent)> = None;
        for &alpha in &ALPHAS {
            for &beta in betas {
                let model = Intermittent { method, alpha, beta, bucket };
                let sse = model.run(y).sse;
                if sse.is_finite() && best.as_ref().is_none_or(|(b, _)| sse < *b) {
                    best = Some((sse, model));
                }
            }
        }
        best.map(|(_, model)| model).ok_or(FitError::NotFinite)
    }

    pub fn describe(&self) -> String {
        match self.method {
            IntermittentMethod::Croston => format!("Croston (α = {})", self.alpha),
            IntermittentMethod::Sba => format!("SBA (α = {})", self.alpha),
            IntermittentMethod::Tsb => format!("TSB (α = {}, β = {})", self.alpha, self.beta),
            IntermittentMethod::Adida => format!("ADIDA ({}-period buckets, α = {})", self.bucket, self.alpha),
        }
    }

    /// A flat forecast after the end of `y`, with empirical intervals that grow
    /// like SES's, √(1 + (h−1)α²).
    pub fn forecast(&self, y: &[f64], h: usize) -> ModelForecast {
        let run = self.run(y);
        let growth = (0..h).map(|step| (1.0 + step as f64 * self.alpha * self.alpha).sqrt()).collect();
        ModelForecast { point: vec![run.next; h], spread: Spread::Empirical { residuals: run.residuals, growth } }
    }

    fn run(&self, y: &[f64]) -> Run {
        match self.method {
            IntermittentMethod::Croston | IntermittentMethod::Sba => self.croston(y),
            IntermittentMethod::Tsb => self.tsb(y),
            IntermittentMethod::Adida => self.adida(y),
        }
    }

    fn croston(&self, y: &[f64]) -> Run {
        let alpha = self.alpha;
        let debias = if self.method == IntermittentMethod::Sba { 1.0 - alpha / 2.0 } else { 1.0 };
        let first = y.iter().position(|v| *v > 0.0).unwrap_or(0);
        // Start with the first demand's size and its distance from the start.
        let (mut z, mut p) = (y[first], (first + 1) as f64);
        let mut since = 0.0;
        let mut runner = Runner::with_capacity(y.len());
        for &value in &y[first + 1..] {
            runner.record(value, debias * z / p);
            since += 1.0;
            if value > 0.0 {
                z += alpha * (value - z);
                p += alpha * (since - p);
                since = 0.0;
            }
        }
        runner.finish(debias * z / p)
    }

    fn tsb(&self, y: &[f64]) -> Run {
        let first = y.iter().position(|v| *v > 0.0).unwrap_or(0);
        let demands = y.iter().filter(|v| **v > 0.0).count();
        let (mut z, mut probability) = (y[first], demands as f64 / y.len() as f64);
        let mut runner = Runner::with_capacity(y.len());
        for &value in &y[first + 1..] {
            runner.record(value, probability * z);
            let occurred = if value > 0.0 { 1.0 } else { 0.0 };
            probability += self.beta * (occurred - probability);
            if value > 0.0 {
                z += self.alpha * (value - z);
            }
        }
        runner.finish(probability * z)
    }

    fn adida(&self, y: &[f64]) -> Run {
        let k = self.bucket.min(y.len() / 2).max(1);
        // Whole buckets ending at the last period; the oldest remainder is dropped.
        let skip = y.len() % k;
        let buckets: Vec<f64> = y[skip..].chunks(k).map(|chunk| chunk.iter().sum()).collect();
        let mut level = buckets[0];
        let mut runner = Runner::with_capacity(y.len());
        for (b, total) in buckets.iter().enumerate().skip(1) {
            for &value in &y[skip + b * k..skip + (b + 1) * k] {
                runner.record(value, level / k as f64);
            }
            level += self.alpha * (total - level);
        }
        runner.finish(level / k as f64)
    }
}

/// Collects one-step errors e_t = y_t − ŷ_t.
struct Runner {
    residuals: Vec<f64>,
    sse: f64,
}

impl Runner {
    fn with_capacity(n: usize) -> Runner {
        Runner { residuals: Vec::with_capacity(n), sse: 0.0 }
    }

    fn record(&mut self, actual: f64, forecast: f64) {
        let e = actual - forecast;
        self.sse += e * e;
        self.residuals.push(e);
    }

    fn finish(self, next: f64) -> Run {
        Run { residuals: self.residuals, sse: self.sse, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn croston_and_sba_match_the_hand_recursion() {
        // y = 0, 4, 0, 0, 6 with α = 0.1: z = 4, p = 2 after the first demand;
        // at the demand of 6, 3 periods later: z = 4.2, p = 2.1 → 2.0; SBA × 0.95.
        let y = [0.0, 4.0, 0.0, 0.0, 6.0];
        let croston = Intermittent { method: IntermittentMethod::Croston, alpha: 0.1, beta: 0.0, bucket: 1 };
        let point = croston.forecast(&y, 2).point;
        assert!((point[0] - 2.0).abs() < 1e-12 && point[1] == point[0], "{point:?}");
        let sba = Intermittent { method: IntermittentMethod::Sba, ..croston };
        assert!((sba.forecast(&y, 1).point[0] - 1.9).abs() < 1e-12);
    }

    #[test]
    fn tsb_matches_the_hand_recursion_and_decays_after_demand_stops() {
        // y = 5, 0, 5, 0 with α = 0.2, β = 0.1: start z = 5, p = 2/4 = 0.5;
        // t=1 (0): p = 0.45; t=2 (5): p = 0.505, z = 5; t=3 (0): p = 0.4545 → 0.4545·5.
        let model = Intermittent { method: IntermittentMethod::Tsb, alpha: 0.2, beta: 0.1, bucket: 1 };
        let point = model.forecast(&[5.0, 0.0, 5.0, 0.0], 1).point[0];
        assert!((point - 0.4545 * 5.0).abs() < 1e-12, "{point}");
        let mut stopped = vec![5.0, 0.0, 5.0, 0.0];
        stopped.extend(vec![0.0; 20]);
        assert!(model.forecast(&stopped, 1).point[0] < point / 5.0);
    }

    #[test]
    fn adida_spreads_the_bucket_forecast_evenly() {
        // Buckets of 2: (0+4), (0+4), (2+2) with α = 0.5: level 4 → 4 → 4; 2 per period.
        let model = Intermittent { method: IntermittentMethod::Adida, alpha: 0.5, beta: 0.0, bucket: 2 };
        assert_eq!(model.forecast(&[0.0, 4.0, 0.0, 4.0, 2.0, 2.0], 3).point, vec![2.0; 3]);
    }

    #[test]
    fn fitting_picks_from_the_grid_and_intervals_grow() {
        let y: Vec<f64> = (0..200).map(|t| if t % 3 == 0 { 3.0 + (t % 2) as f64 } else { 0.0 }).collect();
        for method in [IntermittentMethod::Croston, IntermittentMethod::Sba, IntermittentMethod::Tsb, IntermittentMethod::Adida] {
            let model = Intermittent::fit(&y, method).unwrap();
            assert!(ALPHAS.contains(&model.alpha));
            let forecast = model.forecast(&y, 5);
            assert!((forecast.point[0] - 3.5 / 3.0).abs() < 0.35, "{}: {:?}", model.describe(), forecast.point);
            let Spread::Empirical { residuals, growth } = forecast.spread else { panic!("empirical intervals") };
            assert!(!residuals.is_empty() && growth.windows(2).all(|w| w[1] >= w[0]) && growth[0] == 1.0);
        }
    }

    #[test]
    fn needs_two_demands() {
        assert!(matches!(Intermittent::fit(&[0.0, 0.0, 5.0, 0.0, 0.0], IntermittentMethod::Croston), Err(FitError::TooShort { .. })));
    }
}
