//! The outer wall around server functions: a call to a server function without an
//! entry in `app::auth::policy::POLICY` is refused (deny by default), and a call
//! that needs a role is refused before its input is even read when the session
//! has none or the wrong one. The guard inside each function then checks the
//! account and tenant against the database.
//!
//! A body carrying a NUL character is refused here too (400): no field accepts
//! one, and Postgres cannot even store one in text, so letting it through would
//! only turn into a database error deep inside a function.

use app::auth::policy::{access_for, Access};
use app::auth::session;
use app::error::AppError;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::error::FromServerFnError;
use tower_sessions::Session;

pub const API_PREFIX: &str = "/api/";

/// The largest body a request may carry, in bytes.
#[derive(Clone, Copy, Debug)]
pub struct BodyLimit(pub usize);

pub async fn guard_server_functions(State(limit): State<BodyLimit>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !path.starts_with(API_PREFIX) {
        return next.run(request).await;
    }
    let access = match access_for(path) {
        Some(access) => access,
        None => {
            tracing::error!(%path, "server function without an access policy refused");
            return refuse(AppError::forbidden());
        }
    };
    if let Access::Roles(_) = access {
        let role = match request.extensions().get::<Session>() {
            Some(session) => session::current(session).await.map(|auth| auth.role),
            None => None,
        };
        if role.is_none() {
            return refuse(AppError::not_signed_in());
        }
        if !access.allows(role) {
            return refuse(AppError::forbidden());
        }
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, limit.0).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    if carries_nul(&bytes) {
        return refuse(AppError::bad_request(app::i18n::EN.err_nul));
    }
    next.run(Request::from_parts(parts, bytes.into())).await
}

/// Whether `body` holds a NUL: raw, percent-encoded or JSON-escaped.
fn carries_nul(body: &[u8]) -> bool {
    body.contains(&0)
        || body.windows(3).any(|w| w == b"%00")
        || body.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"))
}

/// A refusal encoded like a server function error, so the WASM client shows the message.
fn refuse(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN);
    (status, [(header::CONTENT_TYPE, "application/json")], error.ser()).into_response()
}
