//! `server forecast`: demand CSV in, forecast CSV out, every series in parallel.
//! The models live in `app::domain::forecast`; this module does files, threads and
//! the command line's promises (bad input → exit 2 and no output file).
//!
//! - `input.rs`: parse and check the CSV into per-series values and drivers.
//! - `parallel.rs`: all cores, input order kept, progress bar on a terminal.
//! - `output.rs`: the forecast rows and report, written atomically.
//! - `bench.rs` and `synthetic.rs`: `server bench-forecast`, speed and accuracy tables.

pub mod bench;
pub mod input;
pub mod output;
pub mod parallel;
pub mod synthetic;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use app::domain::forecast::auto::{self, Outcome, Series};
use app::domain::forecast::regression::Driver;
use app::domain::forecast::settings::Settings;

use input::SeriesInput;

/// One `server forecast` invocation.
#[derive(Clone, Debug)]
pub struct Request {
    pub input: PathBuf,
    pub output: PathBuf,
    /// Optional per-series report: frequency, periods, chosen model and why.
    pub report: Option<PathBuf>,
    pub settings: Settings,
}

/// Why a run failed, and the exit code that says so.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    /// The input is wrong; the user must fix it (exit 2).
    #[error("{0}")]
    Input(String),
    /// Reading or writing failed (exit 1).
    #[error("{0}")]
    Io(String),
}

/// How long each phase took.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub read: Duration,
    pub forecast: Duration,
    pub write: Duration,
    pub series: usize,
}

/// Reads, forecasts and writes; on any error nothing is written.
pub fn run(request: &Request) -> Result<Timings, RunError> {
    let started = Instant::now();
    let text = std::fs::read_to_string(&request.input).map_err(|error| RunError::Input(format!("cannot read {}: {error}", request.input.display())))?;
    let parsed = input::parse(&text).map_err(|error| RunError::Input(format!("{}: {error}", request.input.display())))?;
    drop(text);
    let read = started.elapsed();

    let started = Instant::now();
    let outcomes = forecast_all(&parsed.series, &request.settings);
    let forecast = started.elapsed();

    let started = Instant::now();
    let header = output::forecast_header(request.settings.levels.percents());
    let rows = output::forecast_rows_all(&parsed.series, &outcomes);
    output::write_atomically(&request.output, std::iter::once(header.as_str()).chain(rows.iter().map(String::as_str))).map_err(RunError::Io)?;
    if let Some(report) = &request.report {
        let lines: Vec<String> = parsed.series.iter().zip(&outcomes).map(|(s, o)| output::report_row(s, o)).collect();
        output::write_atomically(report, std::iter::once(output::REPORT_HEADER).chain(lines.iter().map(String::as_str))).map_err(RunError::Io)?;
    }
    Ok(Timings { read, forecast, write: started.elapsed(), series: parsed.series.len() })
}

/// Forecasts every series on all cores.
pub fn forecast_all(series: &[SeriesInput], settings: &Settings) -> Vec<Outcome> {
    parallel::map_in_parallel(series, "forecasting", |one| forecast_one(one, settings))
}

pub fn forecast_one(series: &SeriesInput, settings: &Settings) -> Outcome {
    let drivers: Vec<Driver<'_>> = series.drivers.iter().map(|d| Driver { history: &d.history, future: &d.future }).collect();
    auto::forecast(&Series { values: &series.values, frequency: series.calendar.frequency, drivers: &drivers }, settings)
}
