//! `server bench-reads` (part of `make bench`): how fast the signed-in read path
//! answers under dashboard polling, on SQLite and on Postgres.
//!
//! 50 signed-in clients (one `hey` process each, each with its own session) call
//! a read-only server function (`current_user`, the cheapest signed-in call) at a
//! fixed 500 requests/s in all: alone, then while one administrator saves a row
//! 20 times a second; then the same clients as fast as they can. Everything runs
//! on loopback against a fresh database, for a bounded time.

mod hey;
mod target;

use std::fmt::Write as _;
use std::time::Duration;

use target::Target;

use crate::bench_server::Backend;

/// What to measure.
pub struct BenchReadsRequest {
    pub backends: Vec<Backend>,
    pub clients: usize,
    /// Requests per second of all clients together, in the fixed-rate scenarios.
    pub rate: f64,
    pub writes_per_second: f64,
    pub duration: Duration,
}

const READ_PATH: &str = "/api/current_user";
const WRITE_PATH: &str = "/api/catalog_save";

struct Row {
    backend: &'static str,
    scenario: String,
    reads: hey::Measured,
    writes: Option<hey::Measured>,
    seconds: f64,
}

/// Runs every scenario on every backend and returns the table.
pub async fn bench_reads(request: &BenchReadsRequest) -> Result<String, String> {
    if !hey::available() {
        return Err("the load generator `hey` is missing: apt-get install hey (or run `make bench`)".into());
    }
    let mut rows = Vec::new();
    for backend in &request.backends {
        let name = backend.name();
        let target = Target::start(backend, request.clients).await?;
        // A short warm-up: connections opened, caches filled.
        let _ = load(&target, request, Some(request.rate), false, Duration::from_secs(1)).await?;
        for (scenario, rate, writer) in [
            (format!("{} req/s", request.rate), Some(request.rate), false),
            (format!("{} req/s + {} writes/s", request.rate, request.writes_per_second), Some(request.rate), true),
            ("as fast as they can".to_string(), None, false),
        ] {
            let (reads, writes) = load(&target, request, rate, writer, request.duration).await?;
            rows.push(Row { backend: name, scenario, reads, writes, seconds: request.duration.as_secs_f64() });
        }
        target.stop().await;
    }
    Ok(table(request, &rows))
}

async fn load(
    target: &Target,
    request: &BenchReadsRequest,
    rate: Option<f64>,
    writer: bool,
    duration: Duration,
) -> Result<(hey::Measured, Option<hey::Measured>), String> {
    let read_url = format!("{}{READ_PATH}", target.base_url);
    let write_url = format!("{}{WRITE_PATH}", target.base_url);
    let reads = hey::Load {
        url: &read_url,
        cookies: &target.readers,
        body: "",
        rate_per_client: rate.map(|r| r / request.clients as f64),
        duration,
    };
    let writer_cookie = [target.writer.clone()];
    let writes = hey::Load {
        url: &write_url,
        cookies: &writer_cookie,
        body: &target.write_body,
        rate_per_client: Some(request.writes_per_second),
        duration,
    };
    if writer {
        let (reads, writes) = tokio::join!(hey::run(&reads), hey::run(&writes));
        Ok((reads?, Some(writes?)))
    } else {
        Ok((hey::run(&reads).await?, None))
    }
}

/// The `p`-quantile (0..1) of sorted `values`, in milliseconds.
pub(crate) fn quantile_ms(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1] * 1000.0
}

fn table(request: &BenchReadsRequest, rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Signed-in reads ({READ_PATH}): {} clients, {} s per scenario, loopback\n",
        request.clients,
        request.duration.as_secs()
    );
    let _ = writeln!(
        out,
        "| backend | scenario | reads/s | p50 ms | p95 ms | p99 ms | non-200 | writes/s | write p99 ms |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        let mut sorted = row.reads.latencies.clone();
        sorted.sort_by(f64::total_cmp);
        let (writes_per_s, write_p99) = match &row.writes {
            Some(writes) => {
                let mut w = writes.latencies.clone();
                w.sort_by(f64::total_cmp);
                (format!("{:.1}", w.len() as f64 / row.seconds), format!("{:.1}", quantile_ms(&w, 0.99)))
            }
            None => ("–".into(), "–".into()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {} | {writes_per_s} | {write_p99} |",
            row.backend,
            row.scenario,
            sorted.len() as f64 / row.seconds,
            quantile_ms(&sorted, 0.50),
            quantile_ms(&sorted, 0.95),
            quantile_ms(&sorted, 0.99),
            row.reads.failures + row.writes.as_ref().map_or(0, |w| w.failures),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::quantile_ms;

    #[test]
    fn quantiles_are_nearest_rank() {
        let sorted: Vec<f64> = (1..=100).map(|ms| ms as f64 / 1000.0).collect();
        assert_eq!(quantile_ms(&sorted, 0.50), 50.0);
        assert_eq!(quantile_ms(&sorted, 0.99), 99.0);
        assert_eq!(quantile_ms(&sorted[..1], 0.99), 1.0);
        assert!(quantile_ms(&[], 0.5).is_nan());
    }
}
