//! Overall equipment effectiveness, the standard way.
//!
//! Names follow ISO 22400-2:2014 ("Key performance indicators for manufacturing
//! operations management"), the losses follow the six big losses as oee.com
//! (Vorne) teaches them:
//!
//! - **all time**: the calendar time of the window.
//! - **planned production time** (ISO: planned busy time, PBT) = all time − time
//!   not scheduled − planned stops that a tenant excludes (a reason's choice).
//! - **run time** (ISO: actual production time, APT) = planned production time −
//!   breakdowns − setups and adjustments − planned stops counted as a loss −
//!   unexplained stops. Minor stops stay inside run time: like oee.com we count
//!   them as a speed (performance) loss, not an availability loss.
//! - **Availability** = run time / planned production time.
//! - **Performance** (ISO: effectiveness) = Σ ideal cycle time × total count / run time.
//! - **Quality** (ISO: quality ratio) = good count / total count.
//! - **OEE** = Availability × Performance × Quality, which equals fully productive
//!   time (Σ ideal cycle time × good count) / planned production time.
//! - **TEEP** = OEE × planned production time / all time (oee.com: OEE × utilization).
//!
//! Figures are rolled up (work centers, shifts, days, facilities, the tenant) by
//! adding times and counts and dividing once at the end, never by averaging
//! percentages ([`OeeFigures`] is a sum; ratios are methods). A ratio without a
//! denominator is `None` — the dashboard shows "—", never 0 % or NaN — and a
//! performance above 100 % is reported as it is and flagged
//! ([`OeeFigures::performance_above_ideal`]): the ideal cycle time is too slow.
//!
//! - `figures.rs`: the sums and the ratios.
//! - `measure.rs`: one window of one work center, from its state intervals and
//!   count events: the figures and the six big losses in minutes.
//! - `time_split.rs`: the same window's time per machine state and per stop reason.
//! - `schedule.rs`: the shift calendar's part: time outside the shifts is not
//!   scheduled, a planned break is a planned stop left out of planned time.

mod figures;
mod measure;
mod schedule;
mod time_split;

pub use figures::{OeeFigures, SixBigLosses};
pub use measure::{measure, CountEvent, LossPolicy, MachineState, StateSpan, StopLoss, Window};
pub use schedule::{on_calendar, PlannedTime};
pub use time_split::{loss_time_by_reason, StateTimes};
