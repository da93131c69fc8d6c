//! `server bench-floor` (part of `make bench`): the supervisors' floor overview and
//! the operators' writes at the size and load the production issue names, on
//! SQLite and on Postgres.
//!
//! The demo is seeded with `--scale` work-center lines (12 each) and days of
//! minute-by-minute history. Then, against the real server on loopback:
//! 1. one client asks for the overview back to back with sharing off (snapshot
//!    TTL 0), so every answer is computed: the cost of one computation;
//! 2. 10, then 200 dashboards poll it every 5 s with the default TTL: the
//!    computations per interval and the database statements per second, read off
//!    the server's own `/metrics`, show what sharing saves;
//! 3. the 200 dashboards again while 20 tablets each record +1 every second:
//!    the operators' round trip.
//!
//! Scenarios 2 and 3 start after one poll interval of warm-up, in which every
//! client polls once and the server reads its session and standing into memory:
//! they measure the steady state of a dashboard that has been open a while.

mod floor;
mod load;
mod scrape;

use std::fmt::Write as _;
use std::time::Duration;

use crate::bench_reads::quantile_ms;
use crate::bench_server::{Backend, RunningServer, ThrowawayDatabase};
use crate::seed::Scale;
use floor::FloorSize;
use load::Measured;

/// What to measure.
pub struct BenchFloorRequest {
    pub backends: Vec<Backend>,
    pub scale: Scale,
    pub days: u32,
    /// The numbers of dashboards to poll with, one scenario each.
    pub dashboards: Vec<usize>,
    pub tablets: usize,
    pub poll_every: Duration,
    pub count_every: Duration,
    /// How long each scenario lasts.
    pub duration: Duration,
}

/// One line of the table.
struct Row {
    scenario: String,
    reads: Measured,
    writes: Option<Measured>,
    /// Overview computations per poll interval, and database statements per second.
    counters: Option<(f64, f64)>,
    seconds: f64,
}

struct Section {
    backend: &'static str,
    size: FloorSize,
    rows: Vec<Row>,
}

/// Runs every scenario on every backend and returns the tables.
pub async fn bench_floor(request: &BenchFloorRequest) -> Result<String, String> {
    let mut sections = Vec::new();
    for backend in &request.backends {
        let database = ThrowawayDatabase::create(backend, "bench_floor").await?;
        let measured = measure(backend, &database, request).await;
        database.drop().await;
        sections.push(measured?);
    }
    Ok(table(request, &sections))
}

async fn measure(
    backend: &Backend,
    database: &ThrowawayDatabase,
    request: &BenchFloorRequest,
) -> Result<Section, String> {
    let seconds = request.duration.as_secs_f64();
    let seeding = database.connect().await?;
    let size = floor::seed(&seeding, request.scale, request.days).await?;
    seeding.close().await.map_err(|e| e.to_string())?;
    let uncached = RunningServer::start(database, Some(Duration::ZERO)).await?;
    let mut rows = Vec::new();
    let one = floor::dashboards(&uncached.db, 1, Duration::ZERO).await?;
    load::run(&uncached.base_url, one.clone(), Duration::from_secs(2)).await?;
    let (reads, _) = load::run(&uncached.base_url, one, request.duration).await?;
    rows.push(Row {
        scenario: "computed every call, 1 client back to back".into(),
        reads,
        writes: None,
        counters: None,
        seconds,
    });
    uncached.stop().await;

    let shared = RunningServer::start(database, None).await?;
    let most = request.dashboards.iter().copied().max().unwrap_or(0);
    let mut scenarios: Vec<(String, usize, usize)> = request
        .dashboards
        .iter()
        .map(|&n| (format!("{n} dashboards every {} s", request.poll_every.as_secs()), n, 0))
        .collect();
    if request.tablets > 0 && most > 0 {
        let scenario = format!(
            "{most} dashboards + {} tablets × 1 count every {} s",
            request.tablets,
            request.count_every.as_secs_f64()
        );
        scenarios.push((scenario, most, request.tablets));
    }
    for (scenario, dashboards, tablets) in scenarios {
        let mut clients = floor::dashboards(&shared.db, dashboards, request.poll_every).await?;
        clients.extend(floor::tablets(&shared.db, tablets, request.count_every).await?);
        // One poll interval first, so every client has polled once: what is
        // measured is the steady state, not each new session's first read.
        load::run(&shared.base_url, clients.clone(), request.poll_every).await?;
        let before = scrape::read(&shared.base_url).await?;
        let (reads, writes) = load::run(&shared.base_url, clients, request.duration).await?;
        let spent = scrape::read(&shared.base_url).await?.since(before);
        let intervals = seconds / request.poll_every.as_secs_f64();
        let counters = Some((spent.overview_computations / intervals, spent.db_statements / seconds));
        let writes = (tablets > 0).then_some(writes);
        rows.push(Row { scenario, reads, writes, counters, seconds });
    }
    shared.stop().await;
    Ok(Section { backend: backend.name(), size, rows })
}

fn table(request: &BenchFloorRequest, sections: &[Section]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Floor overview (/api/production_overview, the last 24 h) and operator counts (/api/station_write): \
         {} s per scenario, loopback\n",
        request.duration.as_secs()
    );
    for section in sections {
        let size = section.size;
        let _ = writeln!(
            out,
            "{}: {} work centers, {} runs, {} count events, {} machine states ({} days, seeded in {:.0} s)\n",
            section.backend,
            size.work_centers,
            size.runs,
            size.count_events,
            size.state_events,
            request.days,
            size.seed_seconds
        );
        let _ = writeln!(
            out,
            "| scenario | overviews/s | p50 ms | p95 ms | p99 ms | failed | computed per {} s | DB statements/s | counts/s | count p50 ms | count p99 ms |",
            request.poll_every.as_secs()
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for row in &section.rows {
            let reads = sorted(&row.reads);
            let (computed, statements) = match row.counters {
                Some((computed, statements)) => (format!("{computed:.1}"), format!("{statements:.0}")),
                None => ("every call".into(), "–".into()),
            };
            let (counts, count_p50, count_p99) = match &row.writes {
                Some(writes) => {
                    let w = sorted(writes);
                    (
                        format!("{:.1}", w.len() as f64 / row.seconds),
                        format!("{:.1}", quantile_ms(&w, 0.50)),
                        format!("{:.1}", quantile_ms(&w, 0.99)),
                    )
                }
                None => ("–".into(), "–".into(), "–".into()),
            };
            let failed = row.reads.failures + row.writes.as_ref().map_or(0, |w| w.failures);
            let _ = writeln!(
                out,
                "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {failed} | {computed} | {statements} | {counts} | {count_p50} | {count_p99} |",
                row.scenario,
                reads.len() as f64 / row.seconds,
                quantile_ms(&reads, 0.50),
                quantile_ms(&reads, 0.95),
                quantile_ms(&reads, 0.99),
            );
        }
        let _ = writeln!(out);
    }
    out
}

fn sorted(measured: &Measured) -> Vec<f64> {
    let mut latencies = measured.latencies.clone();
    latencies.sort_by(f64::total_cmp);
    latencies
}
