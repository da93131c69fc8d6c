//! Forecast accuracy on a hold-out: MAE, RMSE, MAPE, sMAPE, MASE, bias, the
//! tracking signal and prediction-interval coverage, as defined in Hyndman &
//! Athanasopoulos, *Forecasting: Principles and Practice* (3rd ed., §5.8–5.9),
//! plus robust outlier flags.

/// Actuals and forecasts of the same periods, equally long, finite, at least one.
#[derive(Clone, Debug, PartialEq)]
pub struct Pairs<'a> {
    actual: &'a [f64],
    forecast: &'a [f64],
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccuracyError {
    #[error("{actual} actuals but {forecast} forecasts")]
    Length { actual: usize, forecast: usize },
    #[error("nothing to compare")]
    Empty,
    #[error("a value is not a finite number")]
    NotFinite,
}

impl<'a> Pairs<'a> {
    pub fn parse(actual: &'a [f64], forecast: &'a [f64]) -> Result<Pairs<'a>, AccuracyError> {
        if actual.len() != forecast.len() {
            return Err(AccuracyError::Length { actual: actual.len(), forecast: forecast.len() });
        }
        if actual.is_empty() {
            return Err(AccuracyError::Empty);
        }
        if actual.iter().chain(forecast).any(|x| !x.is_finite()) {
            return Err(AccuracyError::NotFinite);
        }
        Ok(Pairs { actual, forecast })
    }

    fn errors(&self) -> impl Iterator<Item = f64> + '_ {
        // e_t = y_t − ŷ_t
        self.actual.iter().zip(self.forecast).map(|(y, f)| y - f)
    }

    fn n(&self) -> f64 {
        self.actual.len() as f64
    }

    /// Mean absolute error: mean |e_t|.
    pub fn mae(&self) -> f64 {
        self.errors().map(f64::abs).sum::<f64>() / self.n()
    }

    /// Root mean squared error: √(mean e_t²).
    pub fn rmse(&self) -> f64 {
        (self.errors().map(|e| e * e).sum::<f64>() / self.n()).sqrt()
    }

    /// Bias: mean (ŷ_t − y_t); positive means the forecast runs high.
    pub fn bias(&self) -> f64 {
        -self.errors().sum::<f64>() / self.n()
    }

    /// Mean absolute percentage error, 100·mean |e_t / y_t|, over the periods whose
    /// actual is not zero (undefined there); `None` when every actual is zero.
    pub fn mape(&self) -> Option<f64> {
        let terms: Vec<f64> =
            self.actual.iter().zip(self.errors()).filter(|(y, _)| **y != 0.0).map(|(y, e)| (e / y).abs()).collect();
        (!terms.is_empty()).then(|| 100.0 * terms.iter().sum::<f64>() / terms.len() as f64)
    }

    /// Symmetric MAPE, 100·mean 2|e_t| / (|y_t| + |ŷ_t|), a period where both are
    /// zero counting as a perfect 0.
    pub fn smape(&self) -> f64 {
        let total: f64 = self
            .actual
            .iter()
            .zip(self.forecast)
            .map(|(y, f)| {
                let denominator = y.abs() + f.abs();
                if denominator == 0.0 {
                    0.0
                } else {
                    2.0 * (y - f).abs() / denominator
                }
            })
            .sum();
        100.0 * total / self.n()
    }

    /// Mean absolute scaled error: MAE divided by the in-sample MAE of the seasonal
    /// naive forecast with season `m` on `history` (m = 1: the naive forecast).
    /// `None` when the history is too short or perfectly periodic (scale 0).
    pub fn mase(&self, history: &[f64], m: usize) -> Option<f64> {
        let scale = seasonal_naive_mae(history, m)?;
        (scale > 0.0).then(|| self.mae() / scale)
    }

    /// Tracking signal: cumulative error over the mean absolute error, Σe_t / MAE.
    /// `None` for a perfect forecast.
    pub fn tracking_signal(&self) -> Option<f64> {
        let mae = self.mae();
        (mae > 0.0).then(|| self.errors().sum::<f64>() / mae)
    }
}

/// The in-sample MAE of the seasonal naive forecast ŷ_t = y_{t−m}.
pub fn seasonal_naive_mae(history: &[f64], m: usize) -> Option<f64> {
    if m == 0 || history.len() <= m {
        return None;
    }
    let diffs: Vec<f64> = history.windows(m + 1).map(|w| (w[m] - w[0]).abs()).collect();
    Some(diffs.iter().sum::<f64>() / diffs.len() as f64)
}

/// Whether a tracking signal says the forecast is biased: |TS| > `threshold` (4 is usual).
pub fn tracking_signal_alarm(tracking_signal: Option<f64>, threshold: f64) -> bool {
    tracking_signal.is_some_and(|ts| ts.abs() > threshold)
}

/// The share of actuals inside their interval [lo, hi].
pub fn coverage(actual: &[f64], lo: &[f64], hi: &[f64]) -> Option<f64> {
    let n = actual.len().min(lo.len()).min(hi.len());
    (n > 0).then(|| (0..n).filter(|&i| lo[i] <= actual[i] && actual[i] <= hi[i]).count() as f64 / n as f64)
}

/// Indices of outliers by the robust z-score z_i = 0.6745·(x_i − median) / MAD,
/// flagged when |z_i| > `threshold` (3 is usual). Nothing is flagged when more
/// than half the values are equal (MAD = 0).
pub fn outliers(values: &[f64], threshold: f64) -> Vec<usize> {
    let Some((low, high)) = robust_bounds(values, threshold) else { return Vec::new() };
    values.iter().enumerate().filter(|(_, x)| **x < low || **x > high).map(|(i, _)| i).collect()
}

/// The values whose robust z-score is exactly ±`threshold`: median ∓ threshold·MAD/0.6745.
/// `None` when there are no values or MAD = 0.
pub fn robust_bounds(values: &[f64], threshold: f64) -> Option<(f64, f64)> {
    let center = median(values)?;
    let deviations: Vec<f64> = values.iter().map(|x| (x - center).abs()).collect();
    let mad = median(&deviations).filter(|mad| *mad > 0.0)?;
    let reach = threshold * mad / 0.6745;
    Some((center - reach, center + reach))
}

fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len().is_multiple_of(2) { (sorted[mid - 1] + sorted[mid]) / 2.0 } else { sorted[mid] })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Actuals 10, 0, 20, 30 against forecasts 12, 2, 18, 24: errors −2, −2, 2, 6.
    #[test]
    fn hand_computed_errors() {
        let actual = [10.0, 0.0, 20.0, 30.0];
        let forecast = [12.0, 2.0, 18.0, 24.0];
        let pairs = Pairs::parse(&actual, &forecast).unwrap();
        assert!(close(pairs.mae(), 3.0));
        assert!(close(pairs.rmse(), (48.0f64 / 4.0).sqrt()));
        assert!(close(pairs.bias(), -1.0), "the forecast runs low by 1 on average");
        // MAPE skips the zero actual: (0.2 + 0.1 + 0.2) / 3.
        assert!(close(pairs.mape().unwrap(), 100.0 * 0.5 / 3.0));
        // sMAPE: 2·2/22, 2·2/2, 2·2/38, 2·6/54.
        let smape = 100.0 * (4.0 / 22.0 + 2.0 + 4.0 / 38.0 + 12.0 / 54.0) / 4.0;
        assert!(close(pairs.smape(), smape));
        assert!(close(pairs.tracking_signal().unwrap(), 4.0 / 3.0));
    }

    #[test]
    fn mape_is_undefined_when_every_actual_is_zero() {
        let pairs = Pairs::parse(&[0.0, 0.0], &[1.0, 0.0]).unwrap();
        assert_eq!(pairs.mape(), None);
        assert!(close(pairs.smape(), 100.0));
    }

    #[test]
    fn mase_scales_by_the_seasonal_naive_in_sample_error() {
        // Season 2: |3−1|, |4−2|, |5−3|, |6−4| → scale 2.
        let history = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        assert_eq!(seasonal_naive_mae(&history, 2), Some(2.0));
        let pairs = Pairs::parse(&[7.0, 8.0], &[6.0, 5.0]).unwrap();
        assert!(close(pairs.mase(&history, 2).unwrap(), 1.0));
        assert_eq!(pairs.mase(&[1.0, 1.0, 1.0], 1), None, "a flat history has no scale");
        assert_eq!(seasonal_naive_mae(&[1.0, 2.0], 2), None);
    }

    #[test]
    fn bad_pairs_are_refused() {
        assert_eq!(Pairs::parse(&[1.0], &[1.0, 2.0]), Err(AccuracyError::Length { actual: 1, forecast: 2 }));
        assert_eq!(Pairs::parse(&[], &[]), Err(AccuracyError::Empty));
        assert_eq!(Pairs::parse(&[f64::NAN], &[1.0]), Err(AccuracyError::NotFinite));
    }

    #[test]
    fn tracking_signal_and_coverage() {
        assert!(tracking_signal_alarm(Some(-4.5), 4.0));
        assert!(!tracking_signal_alarm(Some(3.9), 4.0));
        assert!(!tracking_signal_alarm(None, 4.0));
        let coverage = coverage(&[1.0, 5.0, 9.0, 3.0], &[0.0, 0.0, 0.0, 3.5], &[2.0, 6.0, 8.0, 9.0]);
        assert_eq!(coverage, Some(0.5));
    }

    #[test]
    fn robust_z_flags_the_spike_only() {
        let demand = [10.0, 12.0, 11.0, 9.0, 10.0, 95.0, 11.0, 10.0, 12.0, 9.0];
        assert_eq!(outliers(&demand, 3.0), vec![5]);
        assert!(outliers(&[5.0; 8], 3.0).is_empty());
        assert!(outliers(&[], 3.0).is_empty());
    }
}
