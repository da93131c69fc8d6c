//! `server bench-forecast`: the two tables the forecasting targets are judged by.
//!
//! 1. Speed: `auto` over N daily series (default 10 000 × 730 days, with a promotion
//!    driver) end to end — read the CSV, forecast, write the CSV — per phase.
//! 2. Accuracy: every method and `auto` on held-out periods of synthetic daily
//!    (regular and intermittent), weekly, monthly and quarterly series: mean MASE
//!    (seasonal-naive scale), mean sMAPE, and 80 %/95 % interval coverage.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use app::domain::accuracy::{coverage, Pairs};
use app::domain::forecast::calendar::{Calendar, Date};
use app::domain::forecast::seasonality::Frequency;
use app::domain::forecast::settings::{Horizon, Levels, Method, Settings};

use super::input::{DriverValues, SeriesInput};
use super::synthetic::{self, Generated};
use super::{forecast_one, parallel, run, Request, RunError};

/// What to benchmark.
#[derive(Clone, Debug)]
pub struct BenchRequest {
    pub series: usize,
    pub days: usize,
    pub horizon: Horizon,
    pub seed: u64,
    /// Series per kind in the accuracy table (0 skips it).
    pub accuracy_sample: usize,
    /// Where the generated CSVs go (a temporary folder when absent).
    pub dir: Option<PathBuf>,
}

/// Runs both benchmarks and returns the tables as text.
pub fn bench(request: &BenchRequest) -> Result<String, RunError> {
    let temporary = std::env::temp_dir().join(format!("floorcast-bench-{}", std::process::id()));
    let dir = request.dir.clone().unwrap_or_else(|| temporary.clone());
    std::fs::create_dir_all(&dir).map_err(|e| RunError::Io(format!("cannot create {}: {e}", dir.display())))?;
    let mut report = String::new();
    let speed = speed(request, &dir);
    if request.dir.is_none() {
        let _ = std::fs::remove_dir_all(&temporary);
    }
    report.push_str(&speed?);
    if request.accuracy_sample > 0 {
        report.push('\n');
        report.push_str(&accuracy(request));
        if let Some(dir) = &request.dir {
            export_accuracy_sets(request, dir)?;
        }
    }
    Ok(report)
}

/// Writes each accuracy set as `<kind>-train.csv` (with future promotion rows where
/// the set has them) and `<kind>-test.csv`, so other tools can be scored on the same data.
fn export_accuracy_sets(request: &BenchRequest, dir: &Path) -> Result<(), RunError> {
    for kind in kinds(request) {
        let slug = kind.name.replace(", ", "-");
        let has_promotion = kind.series.iter().any(|g| !g.promotion.is_empty());
        let mut train = String::from(if has_promotion { "series_id,date,quantity,promotion\n" } else { "series_id,date,quantity\n" });
        let mut test = String::from("series_id,date,quantity\n");
        for generated in &kind.series {
            let calendar = series_input(generated).calendar;
            let (id, n) = (&generated.id, generated.history.len());
            for t in 0..n + generated.future.len() {
                let date = calendar.date_at(t);
                let promotion = if has_promotion { format!(",{}", generated.promotion[t]) } else { String::new() };
                if t < n {
                    let _ = writeln!(train, "{id},{date},{}{promotion}", generated.history[t]);
                } else {
                    let _ = writeln!(test, "{id},{date},{}", generated.future[t - n]);
                    if has_promotion {
                        let _ = writeln!(train, "{id},{date},{promotion}");
                    }
                }
            }
        }
        for (name, text) in [(format!("{slug}-train.csv"), train), (format!("{slug}-test.csv"), test)] {
            super::output::write_atomically(&dir.join(name), std::iter::once(text.as_str())).map_err(RunError::Io)?;
        }
    }
    Ok(())
}

fn speed(request: &BenchRequest, dir: &Path) -> Result<String, RunError> {
    let generated = synthetic::daily(request.series, request.days, request.horizon.steps(), request.seed);
    let input = dir.join("bench-input.csv");
    write_input(&input, &generated, request.days)?;
    let size = std::fs::metadata(&input).map(|m| m.len()).unwrap_or(0);
    let settings = settings(Method::Auto, request.horizon);
    let output = dir.join("bench-output.csv");
    let started = Instant::now();
    let timings = run(&Request { input, output, report: None, settings })?;
    let total = started.elapsed().as_secs_f64();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut table = String::new();
    let _ = writeln!(
        table,
        "Speed: auto, {} daily series × {} days (+{} future promotion rows), horizon {}, {cores} cores, input {:.0} MB\n",
        timings.series,
        request.days,
        request.horizon.steps(),
        request.horizon.steps(),
        size as f64 / 1e6
    );
    let _ = writeln!(table, "| phase                | seconds |");
    let _ = writeln!(table, "|----------------------|--------:|");
    for (phase, seconds) in [
        ("read + check CSV", timings.read.as_secs_f64()),
        ("forecast (auto)", timings.forecast.as_secs_f64()),
        ("write CSV", timings.write.as_secs_f64()),
        ("total wall", total),
    ] {
        let _ = writeln!(table, "| {phase:20} | {seconds:7.2} |");
    }
    let _ = writeln!(table, "\n{:.2} ms per series per core", total * 1000.0 * cores as f64 / timings.series.max(1) as f64);
    Ok(table)
}

/// The benchmark's CSV: history rows, then future rows carrying only the promotion flag.
fn write_input(path: &Path, generated: &[Generated], days: usize) -> Result<(), RunError> {
    let start = Date::from_ymd(2024, 1, 1);
    let calendar = Calendar::infer(&[start, Date::from_ymd(2024, 1, 2)], Frequency::Daily);
    let dates: Vec<String> = (0..days + generated.first().map_or(0, |g| g.future.len())).map(|t| calendar.date_at(t).to_string()).collect();
    let chunks = parallel::map_in_parallel(generated, "generating", |g| {
        let mut text = String::with_capacity(dates.len() * 28);
        for (t, date) in dates.iter().enumerate() {
            let quantity = g.history.get(t).map(|v| v.to_string()).unwrap_or_default();
            let _ = writeln!(text, "{},{date},{quantity},{}", g.id, g.promotion[t]);
        }
        text
    });
    let header = "series_id,date,quantity,promotion\n";
    super::output::write_atomically(path, std::iter::once(header).chain(chunks.iter().map(String::as_str))).map_err(RunError::Io)
}

fn settings(method: Method, horizon: Horizon) -> Settings {
    Settings {
        horizon,
        season_length: None,
        method,
        levels: Levels::default(),
        clean_outliers: false,
    }
}

/// A kind of data in the accuracy table.
struct Kind {
    name: &'static str,
    season: usize,
    horizon: Horizon,
    series: Vec<Generated>,
}

fn kinds(request: &BenchRequest) -> Vec<Kind> {
    let n = request.accuracy_sample;
    let daily = synthetic::daily(4 * n, request.days, request.horizon.steps(), request.seed ^ 0xACC);
    let (intermittent, regular): (Vec<Generated>, Vec<Generated>) = daily.into_iter().partition(|g| g.intermittent);
    // A quarter of a year ahead for weekly data, a year for monthly, two for quarterly.
    let coarse = |name, frequency, season, periods, steps: usize| Kind {
        name,
        season,
        horizon: Horizon::parse(steps as i64).expect("13, 12 and 8 are valid horizons"),
        series: synthetic::seasonal(frequency, n, periods, steps, request.seed),
    };
    vec![
        Kind { name: "daily, regular", season: 7, horizon: request.horizon, series: regular.into_iter().take(n).collect() },
        Kind { name: "daily, intermittent", season: 7, horizon: request.horizon, series: intermittent.into_iter().take(n).collect() },
        coarse("weekly", Frequency::Weekly, 52, (104, 260), 13),
        coarse("monthly", Frequency::Monthly, 12, (36, 120), 12),
        coarse("quarterly", Frequency::Quarterly, 4, (16, 48), 8),
    ]
}

/// Mean scores of one method on one kind.
#[derive(Default)]
struct Score {
    mase: f64,
    smape: f64,
    cover80: f64,
    cover95: f64,
    milliseconds: f64,
}

fn accuracy(request: &BenchRequest) -> String {
    let mut table = String::new();
    let _ = writeln!(
        table,
        "Accuracy on held-out periods ({} series per kind, seed {}); MASE on the seasonal-naive scale, lower is better; coverage should be near 80 / 95 %\n",
        request.accuracy_sample, request.seed
    );
    let _ = writeln!(table, "| data                | method     | MASE  | sMAPE % | cover 80 | cover 95 | ms/series |");
    let _ = writeln!(table, "|---------------------|------------|------:|--------:|---------:|---------:|----------:|");
    for kind in kinds(request) {
        let inputs: Vec<SeriesInput> = kind.series.iter().map(series_input).collect();
        for method in Method::ALL.into_iter().filter(|m| *m != Method::Auto).chain([Method::Auto]) {
            let score = score(&kind, &inputs, method);
            let _ = writeln!(
                table,
                "| {:19} | {:10} | {:5.3} | {:7.2} | {:7.1}% | {:7.1}% | {:9.2} |",
                kind.name,
                method.name(),
                score.mase,
                score.smape,
                score.cover80,
                score.cover95,
                score.milliseconds
            );
        }
    }
    table
}

fn score(kind: &Kind, inputs: &[SeriesInput], method: Method) -> Score {
    let pairs: Vec<(&Generated, &SeriesInput)> = kind.series.iter().zip(inputs).collect();
    let started = Instant::now();
    let rows = parallel::map_in_parallel(&pairs, "scoring", |(generated, input)| {
        let outcome = forecast_one(input, &settings(method, kind.horizon));
        let pairs = Pairs::parse(&generated.future, &outcome.point).ok()?;
        let mase = pairs.mase(&generated.history, kind.season).or_else(|| pairs.mase(&generated.history, 1))?;
        let cover = |band: usize| coverage(&generated.future, &outcome.bands[band].lower, &outcome.bands[band].upper).unwrap_or(0.0);
        Some((mase, pairs.smape(), cover(0), cover(1)))
    });
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) as f64;
    let elapsed = started.elapsed().as_secs_f64() * 1000.0 * cores;
    let scored: Vec<(f64, f64, f64, f64)> = rows.into_iter().flatten().collect();
    let n = scored.len().max(1) as f64;
    Score {
        mase: scored.iter().map(|s| s.0).sum::<f64>() / n,
        smape: scored.iter().map(|s| s.1).sum::<f64>() / n,
        cover80: 100.0 * scored.iter().map(|s| s.2).sum::<f64>() / n,
        cover95: 100.0 * scored.iter().map(|s| s.3).sum::<f64>() / n,
        milliseconds: elapsed / inputs.len().max(1) as f64,
    }
}

/// A generated series as the CSV reader would have produced it.
fn series_input(generated: &Generated) -> SeriesInput {
    let start = Date::from_ymd(2015, 1, 1);
    let second = match generated.frequency {
        Frequency::Daily => Date::from_ymd(2015, 1, 2),
        Frequency::Weekly => Date::from_ymd(2015, 1, 8),
        Frequency::Monthly => Date::from_ymd(2015, 2, 1),
        Frequency::Quarterly => Date::from_ymd(2015, 4, 1),
    };
    let n = generated.history.len();
    let drivers = if generated.promotion.is_empty() {
        Vec::new()
    } else {
        vec![DriverValues { history: generated.promotion[..n].to_vec(), future: generated.promotion[n..].to_vec() }]
    };
    SeriesInput {
        id: generated.id.clone(),
        calendar: Calendar::infer(&[start, second], generated.frequency),
        values: generated.history.clone(),
        drivers,
    }
}
