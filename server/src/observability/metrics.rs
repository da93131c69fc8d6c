//! Prometheus metrics: request counts and latency by route and status, database
//! pool usage, and build information, served as text at `GET /metrics`.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{DatabaseBackend, DatabaseConnection};

use crate::startup::AppState;

const LATENCY_BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

/// The process-wide recorder (metrics are global to a process; tests start several
/// applications in one process and share it).
pub fn recorder() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full("http_request_duration_seconds".into()), &LATENCY_BUCKETS)
                .expect("bucket list is not empty")
                .set_buckets_for_metric(Matcher::Full("floorcast_putaway_batch_seconds".into()), &LATENCY_BUCKETS)
                .expect("bucket list is not empty")
                .install_recorder()
                .expect("the metrics recorder is installed once per process")
        })
        .clone()
}

/// Middleware: counts each request and times it, labelled by the route pattern
/// (not the raw path, so ids do not explode the label set) and the status code.
pub async fn track_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "fallback".to_string());
    let method = method_label(request.method());
    let response = next.run(request).await;
    let labels = [("method", method), ("route", route), ("status", response.status().as_u16().to_string())];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}

/// Counts one database statement (`floorcast_db_queries_total{outcome}`), so a load
/// test can show that polling dashboards cost the database queries per interval, not
/// per client. Installed on every connection pool by `database::connect_url`.
pub fn count_query(info: &sea_orm::metric::Info<'_>) {
    let outcome = if info.failed { "failed" } else { "ok" };
    metrics::counter!("floorcast_db_queries_total", "outcome" => outcome).increment(1);
}

/// The method as a label: the standard ones by name, anything else `other`, so a
/// client inventing methods cannot grow the label set.
fn method_label(method: &Method) -> String {
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::HEAD,
        Method::OPTIONS,
        Method::PATCH,
        Method::CONNECT,
        Method::TRACE,
    ];
    if KNOWN.contains(method) { method.as_str() } else { "other" }.to_string()
}

/// `GET /metrics`: the Prometheus text exposition format. With
/// `FLOORCAST_METRICS_TOKEN` set, only a scraper presenting it as a bearer token.
pub async fn render(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = &state.metrics_token {
        let presented = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        if presented != Some(format!("Bearer {token}").as_str()) {
            return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "metrics need the bearer token")
                .into_response();
        }
    }
    record_pool(&state.server.db);
    metrics::gauge!("floorcast_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render()).into_response()
}

fn record_pool(db: &DatabaseConnection) {
    let (size, idle) = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle() as u32)
        }
        DatabaseBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle() as u32)
        }
        _ => return,
    };
    metrics::gauge!("db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("db_pool_connections", "state" => "in_use").set(f64::from(size.saturating_sub(idle)));
}
