//! Building and running the HTTP application. The binary and the tests start the
//! server the same way: `Application::build(config)`, then `run_until_stopped`.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use app::auth::cache::AuthCache;
use app::db::ServerState;
use app::devices::api::{FEED_COUNTS_PATH, FEED_STATES_PATH};
use app::snapshot::SnapshotCache;
use app::{shell, App};
use axum::extract::FromRef;
use axum::http::{header, HeaderName, HeaderValue, Request};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{any, get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use metrics_exporter_prometheus::PrometheusHandle;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use tracing::Level;

use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::config::Config;
use crate::database;
use crate::observability::metrics;
use crate::routes::access::{self, BodyLimit};
use crate::routes::same_origin;
use crate::routes::{health, machine_feed};
use crate::sessions::DbSessionStore;
use crate::sweep;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
const SWEEP_PERIOD: Duration = Duration::from_secs(10 * 60);

/// Everything a request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub server: ServerState,
    pub metrics: PrometheusHandle,
    /// When set, `/metrics` answers only to this bearer token.
    pub metrics_token: Option<Arc<str>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// Why the server could not start; each variant prints as one line.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] database::ConnectError),
    #[error("cannot migrate the database: {0}")]
    Migrate(sea_orm::DbErr),
    #[error("cannot listen on {addr}: {reason}")]
    Bind { addr: SocketAddr, reason: String },
}

/// A server bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    db: DatabaseConnection,
    snapshots: Arc<SnapshotCache>,
    idempotency_retention: Duration,
}

impl Application {
    /// Connects to the database, applies pending migrations and binds the port.
    pub async fn build(config: &Config) -> Result<Application, StartupError> {
        let db = database::connect(config).await?;
        database::migrate_up(&db).await.map_err(StartupError::Migrate)?;
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|e| StartupError::Bind { addr: config.addr, reason: bind_reason(&e) })?;
        let snapshots = Arc::new(SnapshotCache::new(config.snapshot_ttl));
        let router = router(config, db.clone(), snapshots.clone());
        Ok(Application { listener, router, db, snapshots, idempotency_retention: config.idempotency_retention })
    }

    /// The port actually bound (useful when the configuration asked for port 0).
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or_default()
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The dashboard snapshot cache every request shares.
    pub fn snapshots(&self) -> Arc<SnapshotCache> {
        self.snapshots.clone()
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish.
    /// Expired sessions and idempotency keys are swept meanwhile, and the floor
    /// is watched for machines that stopped without a word.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let sweeper = sweep::spawn(self.db.clone(), self.idempotency_retention, SWEEP_PERIOD);
        let watcher = crate::floor_watch::spawn(self.db.clone(), crate::floor_watch::WATCH_PERIOD);
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, service).with_graceful_shutdown(shutdown).await;
        sweeper.abort();
        watcher.abort();
        served
    }
}

fn bind_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::AddrInUse => "the port is already in use (set FLOORCAST_ADDR to another)".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied (ports below 1024 need privileges)".into(),
        _ => error.to_string(),
    }
}

/// The whole HTTP surface: pages and server functions (Leptos), health, metrics,
/// static files, wrapped in request ids, tracing, metrics, compression and a body limit.
pub fn router(config: &Config, db: DatabaseConnection, snapshots: Arc<SnapshotCache>) -> Router {
    let leptos = LeptosOptions::builder()
        .output_name(app::OFFICE_BUNDLE)
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    let accounts = Arc::new(AuthCache::default());
    let server = ServerState {
        db: db.clone(),
        site_root: config.site_root.clone(),
        auth: config.auth,
        snapshots,
        accounts: accounts.clone(),
        trusted_proxies: config.trusted_proxies.clone().into(),
        site_version: app::site_version::site_version(&config.site_root).into(),
    };
    let state = AppState {
        leptos: leptos.clone(),
        server: server.clone(),
        metrics: metrics::recorder(),
        metrics_token: config.metrics_token.as_deref().map(Arc::from),
    };
    let routes = route_list();

    let per_request_context = move || provide_context(server.clone());
    let render_shell = move || shell(leptos.clone());

    let sessions = SessionManagerLayer::new(DbSessionStore::new(db, accounts))
        .with_name("floorcast_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(
            time::Duration::try_from(config.auth.idle_timeout).unwrap_or(time::Duration::hours(8)),
        ));

    let observed = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let request_id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    let uri = logged_uri(request.uri());
                    tracing::info_span!("request", id = %request_id, method = %request.method(), uri = %uri)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Millis)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, hsts(config.secure_cookies)))
        .layer(CompressionLayer::new().compress_when(worth_compressing()))
        .layer(from_fn(same_origin::refuse_cross_site))
        .layer(sessions)
        .layer(from_fn_with_state(BodyLimit(config.max_body_bytes), access::guard_server_functions))
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes));

    // Static files, sent as the build precompressed them (brotli 11) where the
    // browser accepts it, else the not-found page: counted too, under the route "fallback".
    let not_found =
        any(leptos_axum::file_and_error_handler_with_context::<AppState, _>(per_request_context.clone(), shell))
            .with_state(state.clone());
    let static_files = ServeDir::new(&config.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .call_fallback_on_method_not_allowed(true)
        .fallback(not_found);
    let fallback = ServiceBuilder::new().layer(from_fn(metrics::track_requests)).service(static_files);

    Router::new()
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .route("/metrics", get(metrics::render))
        .route(FEED_COUNTS_PATH, post(machine_feed::counts))
        .route(FEED_STATES_PATH, post(machine_feed::states))
        .leptos_routes_with_context(&state, routes, per_request_context, render_shell)
        .route_layer(from_fn(metrics::track_requests))
        .fallback_service(fallback)
        .layer(observed)
        .with_state(state)
}

/// The address as the log shows it: a display link's secret (`/tv/<secret>`) is
/// left out, so that reading the log is no way onto a wall TV's board.
fn logged_uri(uri: &axum::http::Uri) -> std::borrow::Cow<'_, str> {
    match uri.path().strip_prefix("/tv/") {
        Some(_) => "/tv/…".into(),
        None => uri.to_string().into(),
    }
}

/// Responses of a kilobyte or more, except images and streams. A dashboard poll's
/// small JSON answer gains nothing from gzip, whose set-up costs more than it saves.
fn worth_compressing() -> impl Predicate {
    SizeAbove::new(1024).and(NotForContentType::GRPC).and(NotForContentType::IMAGES).and(NotForContentType::SSE)
}

/// HSTS for a year when the site is served over TLS (secure cookies); none otherwise,
/// so a plain-HTTP installation on a plant network is not locked out of itself.
fn hsts(secure: bool) -> Option<HeaderValue> {
    secure.then(|| HeaderValue::from_static("max-age=31536000"))
}

/// The application's routes, walked once per process and shared by every router.
///
/// While any thread walks the route tree, Leptos suppresses resource loading for
/// the whole process (leptos-rs/leptos#4773), so a page rendering at that moment
/// on another router (the integration tests run many) could wait forever.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Completes on Ctrl-C or SIGTERM, so `docker stop` and systemd stop the server cleanly.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
    // Give in-flight requests a bounded time; the caller's runtime stops after that.
    tokio::spawn(async {
        tokio::time::sleep(Duration::from_secs(10)).await;
        tracing::warn!("requests still running after 10 s; stopping anyway");
        std::process::exit(0);
    });
}

#[cfg(test)]
mod tests {
    use super::logged_uri;

    #[test]
    fn display_link_secrets_stay_out_of_the_log() {
        let link: axum::http::Uri = format!("/tv/fcd_{}", "a".repeat(64)).parse().unwrap();
        assert_eq!(logged_uri(&link), "/tv/…");
        let page: axum::http::Uri = "/production?tv=1".parse().unwrap();
        assert_eq!(logged_uri(&page), "/production?tv=1");
    }
}
