//! The outer wall around server functions: a call to a server function without an
//! entry in `app::auth::policy::POLICY` is refused (deny by default), and a call
//! that needs a role is refused before its input is even read when the session
//! has none or the wrong one. The guard inside each function then checks the
//! account and tenant against the database.

use app::auth::policy::{access_for, Access};
use app::auth::session;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use app::error::AppError;
use leptos::server_fn::error::FromServerFnError;
use tower_sessions::Session;

pub const API_PREFIX: &str = "/api/";

pub async fn guard_server_functions(request: Request, next: Next) -> Response {
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
    next.run(request).await
}

/// A refusal encoded like a server function error, so the WASM client shows the message.
fn refuse(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::FORBIDDEN);
    (status, [(header::CONTENT_TYPE, "application/json")], error.ser()).into_response()
}
