//! `GET /health/live` (the process answers) and `GET /health/ready` (it can serve:
//! database reachable and migrated, site bundle present).

use app::health::model::HealthStatus;
use app::health::store::readiness;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;

use crate::startup::AppState;

pub async fn live() -> impl IntoResponse {
    (StatusCode::OK, "OK")
}

/// 200 while HEALTHY or DEGRADED (still serving), 503 when UNHEALTHY so a load
/// balancer takes the instance out of rotation.
pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let report = readiness(&state.server.db, &state.server.site_root).await;
    let code = match report.status {
        HealthStatus::Unhealthy => StatusCode::SERVICE_UNAVAILABLE,
        HealthStatus::Healthy | HealthStatus::Degraded => StatusCode::OK,
    };
    (code, Json(report))
}
