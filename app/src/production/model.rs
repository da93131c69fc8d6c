//! What the operator's station and the server say to each other (both sides).

use serde::{Deserialize, Serialize};

use crate::domain::oee::MachineState;

/// One thing an operator does at the machine. Every action travels with an
/// idempotency key, so a tablet can resend it after a dropped connection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum StationAction {
    /// Starts an ad-hoc run: of a product from master data (`product_id`, whose
    /// cycle time then holds), or of a product named in `product` (the work
    /// center's ideal rate holds).
    StartRun {
        job: String,
        product: String,
        planned_quantity: i64,
        #[serde(default)]
        product_id: Option<i64>,
    },
    /// Starts a run of the work center's schedule.
    StartScheduled {
        run_id: i64,
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
    /// The tenant's active products, to start a run of.
    pub products: Vec<Choice>,
    /// The work center's next scheduled runs, earliest first.
    pub scheduled: Vec<ScheduledRun>,
}

/// A row to pick: its id and `CODE — Name`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

/// A run waiting on the schedule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduledRun {
    pub id: i64,
    pub work_center_id: i64,
    pub work_center: String,
    pub job: String,
    pub product: String,
    pub planned_quantity: i64,
    pub planned_start_ms: i64,
    pub planned_end_ms: Option<i64>,
    /// The planned start on the facility's clock: "Fri 4 Dec 14:00".
    pub planned_start_local: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub id: i64,
    pub name: String,
    pub needs_comment: bool,
}

/// The supervisor's view of the floor over a window (the last 24 hours).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FloorOverview {
    pub window_start_ms: i64,
    pub window_end_ms: i64,
    /// Every work center rolled up (times and counts summed, ratios computed once).
    pub total: crate::domain::oee::OeeFigures,
    /// The same since each facility's local midnight: "today" (`today_start_ms`:
    /// the earliest of those midnights).
    pub today: crate::domain::oee::OeeFigures,
    pub today_start_ms: i64,
    /// The same over the last hour: "now".
    pub last_hour: crate::domain::oee::OeeFigures,
    /// Runs waiting on the schedule, and runs completed today.
    pub runs_scheduled: u64,
    pub runs_completed_today: u64,
    pub tiles: Vec<WorkCenterTile>,
    /// Stop time that is a loss, by downtime reason, largest first (the Pareto's bars).
    pub loss_time_by_reason: Vec<ReasonTotal>,
    /// Scrap pieces by scrap reason, largest first.
    pub scrap_by_reason: Vec<ReasonTotal>,
}

/// How much (milliseconds or pieces) went to one reason; `reason` is `None` for
/// what was recorded without one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReasonTotal {
    pub reason: Option<String>,
    pub amount: i64,
}

/// One work center on the supervisor's dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkCenterTile {
    pub id: i64,
    pub name: String,
    pub state: Option<MachineState>,
    pub state_since_ms: Option<i64>,
    /// The current state is a stop nobody has given a reason for yet.
    pub waiting_for_reason: bool,
    pub run: Option<LiveRun>,
    pub figures: crate::domain::oee::OeeFigures,
    /// The window's time in each machine state (the utilization chart).
    pub time_in_state: crate::domain::oee::StateTimes,
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
    /// Both on the tenant's home clock ("2026-12-04 14:05"), as the table shows them.
    pub start_local: String,
    pub end_local: Option<String>,
    pub operator: Option<String>,
}

/// One page of the runs table, newest first, and how many runs match in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunsPage {
    pub rows: Vec<RunRow>,
    /// The clock of the filter's days and the rows' times: the zone most work centers are in.
    pub time_zone: String,
    pub total: u64,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

/// The statuses a run can be in, in the order the filter offers them.
pub const RUN_STATUSES: [&str; 5] = ["scheduled", "active", "paused", "completed", "cancelled"];

/// How far back the OEE trend looks, and in what buckets (hours, each
/// facility's local days, or the shifts of the facilities' calendars).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrendSpan {
    Last24HoursByHour,
    Last7DaysByHour,
    Last7DaysByShift,
    Last7DaysByDay,
    Last30DaysByDay,
    Last90DaysByDay,
}

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

impl TrendSpan {
    /// In the order the picker offers them.
    pub const ALL: [TrendSpan; 6] = [
        TrendSpan::Last24HoursByHour,
        TrendSpan::Last7DaysByHour,
        TrendSpan::Last7DaysByShift,
        TrendSpan::Last7DaysByDay,
        TrendSpan::Last30DaysByDay,
        TrendSpan::Last90DaysByDay,
    ];

    /// The code a request and a link carry.
    pub fn code(self) -> &'static str {
        match self {
            TrendSpan::Last24HoursByHour => "24h-hour",
            TrendSpan::Last7DaysByHour => "7d-hour",
            TrendSpan::Last7DaysByShift => "7d-shift",
            TrendSpan::Last7DaysByDay => "7d-day",
            TrendSpan::Last30DaysByDay => "30d-day",
            TrendSpan::Last90DaysByDay => "90d-day",
        }
    }

    pub fn from_code(code: &str) -> Option<TrendSpan> {
        TrendSpan::ALL.into_iter().find(|span| span.code() == code)
    }

    /// How many buckets, and how long each is (the last one ends now, early);
    /// `None` when the buckets are the calendar's shifts.
    pub fn buckets(self) -> Option<(i64, i64)> {
        match self {
            TrendSpan::Last24HoursByHour => Some((24, HOUR_MS)),
            TrendSpan::Last7DaysByHour => Some((7 * 24, HOUR_MS)),
            TrendSpan::Last7DaysByShift => None,
            TrendSpan::Last7DaysByDay => Some((7, DAY_MS)),
            TrendSpan::Last30DaysByDay => Some((30, DAY_MS)),
            TrendSpan::Last90DaysByDay => Some((90, DAY_MS)),
        }
    }

    /// How far back the span reaches.
    pub fn reach_ms(self) -> i64 {
        self.buckets().map_or(7 * DAY_MS, |(count, length)| count * length)
    }
}

/// The floor's OEE per bucket, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OeeTrend {
    pub span: TrendSpan,
    /// The clock the labels are on: the zone most of the tenant's work centers are in.
    pub time_zone: String,
    pub points: Vec<TrendPoint>,
}

/// One bucket: every work center's figures in it, summed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub start_ms: i64,
    /// What the chart's axis says: the bucket's start on the home zone's clock
    /// ("Fri 4 Dec", "4 Dec 14:00"), with the shift's name for a trend by shift.
    pub label: String,
    /// The shift's name, for a trend by shift.
    pub shift: Option<String>,
    pub figures: crate::domain::oee::OeeFigures,
}

/// What a wall TV shows: one facility's floor over the last 24 hours, the
/// facilities it rotates through, and the build of the site it should run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TvBoard {
    pub facility_id: i64,
    pub facility: String,
    pub overview: FloorOverview,
    /// The open alerts of the facility's work centers, longest waiting first.
    pub alerts: Vec<super::alerts::model::AlertRow>,
    /// In the order the board rotates through them (a display link: its own only).
    pub facilities: Vec<i64>,
    /// The build of the browser bundles the server serves: the TV reloads when it changes.
    pub site_version: String,
}
