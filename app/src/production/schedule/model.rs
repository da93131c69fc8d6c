//! What the schedule page shows (both sides).

use serde::{Deserialize, Serialize};

use crate::production::model::{Choice, ScheduledRun};

/// The runs waiting on the schedule, and what a new one may be made of.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduleBoard {
    pub work_centers: Vec<Choice>,
    pub products: Vec<Choice>,
    pub runs: Vec<ScheduledRun>,
}
