//! The benchmarks every model must beat (Hyndman & Athanasopoulos, *FPP3* §5.2 and
//! §5.5 for their interval formulas): naive, seasonal naive and a moving average
//! whose window is chosen by backtest.

use super::model::{residual_variance, FitError, ModelForecast, Spread};

/// Naive: ŷ_{n+h} = y_n, σ̂_h = σ̂·√h (a random walk).
pub fn naive(y: &[f64], h: usize) -> Result<ModelForecast, FitError> {
    seasonal_naive(y, 1, h)
}

/// Seasonal naive: ŷ_{n+h} = y_{n+h−m(k+1)} with k = ⌊(h−1)/m⌋, σ̂_h = σ̂·√(k+1),
/// σ̂ from the in-sample seasonal differences.
pub fn seasonal_naive(y: &[f64], m: usize, h: usize) -> Result<ModelForecast, FitError> {
    let m = m.max(1);
    if y.len() < m + 1 {
        return Err(FitError::TooShort { needed: m + 1, got: y.len() });
    }
    let n = y.len();
    let residuals: Vec<f64> = (m..n).map(|t| y[t] - y[t - m]).collect();
    let sigma = residual_variance(&residuals, 0).sqrt();
    let point = (0..h).map(|step| y[n - m + step % m]).collect();
    let std_error = (0..h).map(|step| sigma * ((step / m + 1) as f64).sqrt()).collect();
    Ok(ModelForecast { point, spread: Spread::Normal(std_error) })
}

/// Windows tried by the moving-average backtest, in periods.
const WINDOWS: [usize; 7] = [3, 4, 6, 7, 12, 14, 28];

/// A moving average with its window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MovingAverage {
    pub window: usize,
}

impl MovingAverage {
    /// Picks the window with the smallest one-step MAE over the last third of the
    /// history (every window is scored on the same periods).
    pub fn fit(y: &[f64]) -> Result<MovingAverage, FitError> {
        let smallest = WINDOWS[0];
        if y.len() < smallest + 2 {
            return Err(FitError::TooShort { needed: smallest + 2, got: y.len() });
        }
        let usable: Vec<usize> = WINDOWS.iter().copied().filter(|k| *k < y.len() / 2).collect();
        let longest = usable.iter().copied().max().unwrap_or(smallest);
        let from = longest.max(y.len() - y.len() / 3);
        let prefix = prefix_sums(y);
        let score = |k: usize| (from..y.len()).map(|t| (y[t] - (prefix[t] - prefix[t - k]) / k as f64).abs()).sum::<f64>();
        let window = usable.iter().copied().min_by(|a, b| score(*a).total_cmp(&score(*b))).unwrap_or(smallest);
        Ok(MovingAverage { window })
    }

    pub fn describe(&self) -> String {
        format!("moving average ({} periods)", self.window)
    }

    /// Flat at the mean of the last `window` values of `y`. The spread is the
    /// one-step error's, growing as √(1 + (h−1)/k): the level itself drifts.
    pub fn forecast(&self, y: &[f64], h: usize) -> ModelForecast {
        let k = self.window.min(y.len()).max(1);
        let mean = y[y.len() - k..].iter().sum::<f64>() / k as f64;
        let prefix = prefix_sums(y);
        let residuals: Vec<f64> = (k..y.len()).map(|t| y[t] - (prefix[t] - prefix[t - k]) / k as f64).collect();
        let sigma = residual_variance(&residuals, 0).sqrt();
        let std_error = (0..h).map(|step| sigma * (1.0 + step as f64 / k as f64).sqrt()).collect();
        ModelForecast { point: vec![mean; h], spread: Spread::Normal(std_error) }
    }
}

/// prefix[t] = y_0 + … + y_{t−1}.
fn prefix_sums(y: &[f64]) -> Vec<f64> {
    let mut prefix = Vec::with_capacity(y.len() + 1);
    prefix.push(0.0);
    let mut sum = 0.0;
    for v in y {
        sum += v;
        prefix.push(sum);
    }
    prefix
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normal(forecast: &ModelForecast) -> &[f64] {
        match &forecast.spread {
            Spread::Normal(se) => se,
            Spread::Empirical { .. } => panic!("baselines have analytic intervals"),
        }
    }

    #[test]
    fn naive_repeats_the_last_value_with_a_random_walk_spread() {
        // Differences 2, −1, 3: σ̂ = √((4 + 1 + 9)/3).
        let forecast = naive(&[1.0, 3.0, 2.0, 5.0], 4).unwrap();
        assert_eq!(forecast.point, vec![5.0; 4]);
        let sigma = (14.0f64 / 3.0).sqrt();
        for (h, se) in normal(&forecast).iter().enumerate() {
            assert!((se - sigma * ((h + 1) as f64).sqrt()).abs() < 1e-12);
        }
    }

    #[test]
    fn seasonal_naive_repeats_the_last_season() {
        let y = [1.0, 2.0, 3.0, 4.0, 2.0, 3.0, 4.0, 5.0];
        let forecast = seasonal_naive(&y, 4, 6).unwrap();
        assert_eq!(forecast.point, vec![2.0, 3.0, 4.0, 5.0, 2.0, 3.0]);
        // Every seasonal difference is 1: σ̂ = 1; steps 5–6 are a second season ahead.
        assert_eq!(normal(&forecast), &[1.0, 1.0, 1.0, 1.0, 2f64.sqrt(), 2f64.sqrt()]);
    }

    #[test]
    fn moving_average_prefers_a_long_window_on_noise_and_a_short_one_after_a_shift() {
        let noisy: Vec<f64> = (0..120).map(|t| 10.0 + if t % 2 == 0 { 3.0 } else { -3.0 }).collect();
        assert!(MovingAverage::fit(&noisy).unwrap().window.is_multiple_of(2));
        let mut shifted = vec![10.0; 60];
        shifted.extend(vec![30.0; 5]);
        shifted.extend((0..30).map(|t| 30.0 + (t % 3) as f64));
        let model = MovingAverage::fit(&shifted).unwrap();
        assert!(model.window <= 6, "{model:?}");
        let forecast = model.forecast(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], 3);
        let k = model.window as f64;
        assert!((forecast.point[0] - (7.0 - (k - 1.0) / 2.0)).abs() < 1e-12);
        assert!(normal(&forecast).windows(2).all(|w| w[1] >= w[0]));
    }

    #[test]
    fn too_short_histories_are_refused() {
        assert!(matches!(seasonal_naive(&[1.0; 7], 7, 3), Err(FitError::TooShort { needed: 8, got: 7 })));
        assert!(matches!(MovingAverage::fit(&[1.0; 4]), Err(FitError::TooShort { .. })));
    }
}
