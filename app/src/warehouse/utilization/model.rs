//! The warehouse dashboard's figures (both sides).

use serde::{Deserialize, Serialize};

use crate::production::model::Choice;

/// One aisle of one zone: its bins and how full they are, by reserved volume.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AisleFill {
    pub zone: String,
    pub aisle: String,
    pub bins: u32,
    /// Reserved volume over inner volume, 0–100.
    pub percent: f64,
}

/// Recommendations decided in a window, and how many were accepted as given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Acceptance {
    pub days: u32,
    pub decided: u32,
    pub accepted: u32,
    pub overridden: u32,
    pub rejected: u32,
}

impl Acceptance {
    /// Fewer decisions than this and the rate is not shown ("not enough data").
    pub const MIN_SAMPLE: u32 = 30;

    /// Accepted over decided in percent, or `None` below the minimum sample.
    pub fn rate(&self) -> Option<f64> {
        (self.decided >= Self::MIN_SAMPLE).then(|| 100.0 * self.accepted as f64 / self.decided as f64)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WarehouseOverview {
    pub facilities: Vec<Choice>,
    pub facility_id: Option<i64>,
    pub bins: u32,
    /// All bins' reserved volume over their inner volume, 0–100.
    pub percent: f64,
    pub aisles: Vec<AisleFill>,
    /// Bins per tenth of fill: 0–10 %, 10–20 %, … 90–100 %.
    pub histogram: Vec<u32>,
    /// Bins over 95 % full, and under 20 %.
    pub over_full: u32,
    pub under_used: u32,
    /// The last 7 and 30 days.
    pub acceptance: Vec<Acceptance>,
    pub pending: u32,
    pub capacity_failures_24h: u32,
    /// The decision statistics in words (`wording.rs`), none without a facility.
    pub statistics: Vec<StatisticLine>,
}

/// One statistic: what it is, and its value with its sample size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatisticLine {
    pub label: String,
    pub text: String,
}
