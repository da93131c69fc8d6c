//! What the alerts panel shows (both sides).

use serde::{Deserialize, Serialize};

use crate::domain::floor_alerts::AlertKind;
use crate::forms::FieldError;

/// One alert as the panel lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertRow {
    pub id: i64,
    pub work_center_id: i64,
    pub work_center: String,
    pub kind: AlertKind,
    /// Percent or minutes, as the kind says; both as they were when it was raised.
    pub threshold: f64,
    pub value: f64,
    pub raised_ms: i64,
    pub acknowledged_ms: Option<i64>,
    /// Who acknowledged it.
    pub acknowledged_by: Option<String>,
    pub ack_comment: Option<String>,
    /// `None` while the work center is still past the threshold.
    pub cleared_ms: Option<i64>,
}

/// The open alerts (oldest first: the longest waiting on top) and those that
/// cleared in the last [`HISTORY_DAYS`] days (newest first, at most [`HISTORY_ROWS`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertsBoard {
    pub open: Vec<AlertRow>,
    pub history: Vec<AlertRow>,
}

pub const HISTORY_DAYS: i64 = 7;
pub const HISTORY_ROWS: u64 = 50;

/// The answer to an acknowledgement: the alert as it now stands (acknowledged by
/// whoever was first), or what is wrong with the comment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AckOutcome {
    Acknowledged { alert: AlertRow },
    Invalid { errors: Vec<FieldError> },
}
