//! What the operator's station and the server say to each other (both sides).

use serde::{Deserialize, Serialize};

use crate::domain::oee::MachineState;

/// One thing an operator does at the machine. Every action travels with an
/// idempotency key, so a tablet can resend it after a dropped connection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum StationAction {
    /// Starts an ad-hoc run (the work center's ideal rate sets its ideal cycle time).
    StartRun {
        job: String,
        product: String,
        planned_quantity: i64,
    },
    PauseRun {
        run_id: i64,
    },
    ResumeRun {
        run_id: i64,
    },
    FinishRun {
        run_id: i64,
    },
    /// Pieces made in `run_id`; `at_ms` is when the operator pressed the button
    /// (a queued count keeps its moment), or now when absent.
    Count {
        run_id: i64,
        good: i64,
        scrap: i64,
        scrap_reason_id: Option<i64>,
        at_ms: Option<i64>,
    },
    /// Gives the reason for a stop recorded without one (an unexplained stop).
    Explain {
        state_event_id: i64,
        reason_id: i64,
        comment: Option<String>,
    },
    /// The machine's state from now on, or for a past interval `[from_ms, to_ms)`.
    State {
        state: MachineState,
        reason_id: Option<i64>,
        comment: Option<String>,
        from_ms: Option<i64>,
        to_ms: Option<i64>,
    },
}

/// The answer to a [`StationAction`]: done, or refused with a sentence the
/// operator reads (a refused action changed nothing and should not be resent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum StationOutcome {
    Done { run_id: Option<i64> },
    Refused { message: String },
}

/// The station's live run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveRun {
    pub id: i64,
    pub job: String,
    pub product: String,
    pub planned_quantity: i64,
    pub paused: bool,
    pub started_ms: i64,
    pub good: i64,
    pub scrap: i64,
}

/// What the operator's tablet shows: the work center, its run and state, and the reasons to pick from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StationStatus {
    pub work_center_id: i64,
    pub name: String,
    pub run: Option<LiveRun>,
    pub state: Option<MachineState>,
    pub state_since_ms: Option<i64>,
    /// The current state when it is a stop without a reason: the tablet asks for one.
    pub unexplained_stop_id: Option<i64>,
    pub downtime_reasons: Vec<Reason>,
    pub scrap_reasons: Vec<Reason>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub id: i64,
    pub name: String,
    pub needs_comment: bool,
}

/// The supervisor's view of the floor over a window (the last 24 hours).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FloorOverview {
    pub window_start_ms: i64,
    pub window_end_ms: i64,
    /// Every work center rolled up (times and counts summed, ratios computed once).
    pub total: crate::domain::oee::OeeFigures,
    pub tiles: Vec<WorkCenterTile>,
}

/// One work center on the supervisor's dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkCenterTile {
    pub id: i64,
    pub name: String,
    pub state: Option<MachineState>,
    pub state_since_ms: Option<i64>,
    pub run: Option<LiveRun>,
    pub figures: crate::domain::oee::OeeFigures,
}

/// One production run as the runs table lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRow {
    pub id: i64,
    pub work_center: String,
    pub job: String,
    pub product: String,
    /// `scheduled`, `active`, `paused`, `completed` or `cancelled`.
    pub status: String,
    pub planned_quantity: i64,
    pub good: i64,
    pub scrap: i64,
    /// When it started, or was planned to, or was created (Unix ms): what it is listed by.
    pub start_ms: i64,
    pub ended_ms: Option<i64>,
    pub operator: Option<String>,
}

/// One page of the runs table, newest first, and how many runs match in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunsPage {
    pub rows: Vec<RunRow>,
    pub total: u64,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

/// The statuses a run can be in, in the order the filter offers them.
pub const RUN_STATUSES: [&str; 5] = ["scheduled", "active", "paused", "completed", "cancelled"];
