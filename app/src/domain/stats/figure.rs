//! A figure with its sample size, or "not enough data": below [`MIN_SAMPLE`]
//! observations no statistic is given, so a dashboard cannot show a number from
//! three data points as if it meant something.

use serde::{Deserialize, Serialize};

/// The smallest sample any statistic here is reported for.
pub const MIN_SAMPLE: usize = 30;

/// A statistic computed from `n` observations, or the reason there is none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Figure<T> {
    Value { n: usize, value: T },
    NotEnoughData { n: usize },
}

impl<T> Figure<T> {
    /// `compute` only when `n` reaches the minimum sample.
    pub fn of(n: usize, compute: impl FnOnce() -> T) -> Figure<T> {
        if n >= MIN_SAMPLE {
            Figure::Value { n, value: compute() }
        } else {
            Figure::NotEnoughData { n }
        }
    }

    pub fn value(&self) -> Option<&T> {
        match self {
            Figure::Value { value, .. } => Some(value),
            Figure::NotEnoughData { .. } => None,
        }
    }

    pub fn n(&self) -> usize {
        match self {
            Figure::Value { n, .. } | Figure::NotEnoughData { n } => *n,
        }
    }
}
