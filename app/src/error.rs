//! The one error every server function returns: a kind (which fixes the HTTP
//! status) and a plain sentence for the person in front of the screen.
//!
//! Internals never reach the client: a database or driver failure becomes
//! `Internal` ("Something went wrong on our side", with the request id to quote)
//! or `Unavailable`, and its detail goes to the log, inside the request's span, so
//! the request id ties the two together. Arguments the server cannot decode are
//! `BadRequest` (400) with a sentence naming the field, never a 500.
//!
//! Form outcomes are not errors: a form with bad fields answers 200 with
//! [`crate::forms::SaveOutcome::Invalid`], which plain HTML forms need.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::Encodes;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::forms::FieldError;

/// What went wrong, in the terms of HTTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// 400: the request itself is malformed (an argument that does not decode).
    BadRequest,
    /// 401
    NotSignedIn,
    /// 403
    Forbidden,
    /// 404
    NotFound,
    /// 409: the request contradicts what is stored (a reused idempotency key).
    Conflict,
    /// 422: well-formed, but a value is not acceptable (for scripts; forms get 200).
    Invalid,
    /// 429, with `Retry-After`.
    TooManyRequests,
    /// 503: the database (or the server, seen from the browser) cannot be reached.
    Unavailable,
    /// 500: a fault of ours.
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::BadRequest => 400,
            ErrorKind::NotSignedIn => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::Conflict => 409,
            ErrorKind::Invalid => 422,
            ErrorKind::TooManyRequests => 429,
            ErrorKind::Unavailable => 503,
            ErrorKind::Internal => 500,
        }
    }
}

pub const NOT_SIGNED_IN: &str = "Please sign in.";
pub const NOT_ALLOWED: &str = "Your role does not allow this.";
pub const NOT_FOUND: &str = "Not found.";
const INTERNAL: &str = "Something went wrong on our side. Please try again; if it keeps happening, quote";
#[cfg(feature = "ssr")]
const DATABASE_UNAVAILABLE: &str = "The database cannot be reached right now. Please try again in a moment.";
const SERVER_UNREACHABLE: &str = "The server cannot be reached. Check the connection; nothing was lost.";
const BAD_ANSWER: &str = "The server sent an answer this page does not understand. Please reload the page.";

/// A failed server-function call, as the client sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
    /// Messages beside individual fields, when the kind is `Invalid`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// For `TooManyRequests`: how long to wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    /// For `Internal`: the id to quote, which the log has beside the detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> AppError {
        AppError { kind, message: message.into(), fields: Vec::new(), retry_after_secs: None, request_id: None }
    }

    pub fn not_signed_in() -> AppError {
        AppError::new(ErrorKind::NotSignedIn, NOT_SIGNED_IN)
    }

    pub fn forbidden() -> AppError {
        AppError::new(ErrorKind::Forbidden, NOT_ALLOWED)
    }

    pub fn not_found() -> AppError {
        AppError::new(ErrorKind::NotFound, NOT_FOUND)
    }

    pub fn bad_request(message: impl Into<String>) -> AppError {
        AppError::new(ErrorKind::BadRequest, message)
    }

    pub fn conflict(message: impl Into<String>) -> AppError {
        AppError::new(ErrorKind::Conflict, message)
    }

    pub fn invalid(message: impl Into<String>) -> AppError {
        AppError::new(ErrorKind::Invalid, message)
    }

    pub fn too_many_requests(wait: std::time::Duration, message: impl Into<String>) -> AppError {
        AppError { retry_after_secs: Some(wait.as_secs().max(1)), ..AppError::new(ErrorKind::TooManyRequests, message) }
    }

    /// A fault of ours: `detail` goes to the log (with the request id), the client
    /// gets a generic sentence and the id.
    pub fn internal(detail: impl std::fmt::Display) -> AppError {
        let request_id = current_request_id();
        #[cfg(feature = "ssr")]
        tracing::error!(request_id = request_id.as_deref().unwrap_or("-"), %detail, "server function failed");
        #[cfg(not(feature = "ssr"))]
        let _ = detail;
        let message = match &request_id {
            Some(id) => format!("{INTERNAL} request {id}."),
            None => format!("{INTERNAL} the time it happened."),
        };
        AppError { request_id, ..AppError::new(ErrorKind::Internal, message) }
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> u16 {
        self.kind.status()
    }
}

/// The request id the server gave this request (`x-request-id`), if any.
fn current_request_id() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string))
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// Database failures: unreachable is 503, anything else a fault of ours.
#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(error: sea_orm::DbErr) -> AppError {
        use sea_orm::DbErr;
        match &error {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                tracing::error!(%error, "database unavailable");
                AppError::new(ErrorKind::Unavailable, DATABASE_UNAVAILABLE)
            }
            _ => AppError::internal(error),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Failures of the server-function machinery itself: on the server an argument
    /// that does not decode (400), on the client an unreachable server or an answer
    /// it cannot read.
    fn from_server_fn_error(error: ServerFnErrorErr) -> AppError {
        match error {
            ServerFnErrorErr::Args(detail) | ServerFnErrorErr::MissingArg(detail) => {
                AppError::bad_request(describe_argument_error(&detail))
            }
            ServerFnErrorErr::Request(_) => AppError::new(ErrorKind::Unavailable, SERVER_UNREACHABLE),
            ServerFnErrorErr::Deserialization(_) => AppError::new(ErrorKind::Internal, BAD_ANSWER),
            other => AppError::internal(other),
        }
    }

    /// Encodes the error for the client and, on the server, stamps its status on
    /// the response: this is the one place every error passes on its way out.
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        stamp_response(self);
        JsonEncoding::encode(self).unwrap_or_default()
    }
}

/// A sentence for an argument the server could not decode, naming the field or
/// value when the decoder said which.
fn describe_argument_error(detail: &str) -> String {
    let quoted = |after: &str| {
        detail.split_once(after).and_then(|(_, rest)| rest.strip_prefix('`')).and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.chars().take(60).collect::<String>())
    };
    if let Some(field) = quoted("missing field ") {
        return format!("The request lacks the field \"{field}\".");
    }
    if let Some(value) = quoted("unknown variant ") {
        return format!("\"{value}\" is not one of the accepted values.");
    }
    if let Some(field) = quoted("unknown field ") {
        return format!("The request has an unknown field \"{field}\".");
    }
    let expected = if detail.contains("digit") || detail.contains("number") {
        " a number field holds something else, or a number too large"
    } else if detail.contains("true") || detail.contains("bool") {
        " a yes/no field holds something other than true or false"
    } else {
        " a field is missing or has the wrong type"
    };
    format!("The request could not be read:{expected}.")
}

/// Sets the response's status (and `Retry-After`) from `error`. A plain HTML form
/// post keeps the redirect back to its page, which then shows the outcome.
#[cfg(feature = "ssr")]
fn stamp_response(error: &AppError) {
    use leptos::prelude::use_context;
    let from_html_form = use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
        .unwrap_or(false);
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    if let Some(secs) = error.retry_after_secs {
        response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
    }
    if !from_html_form {
        if let Ok(status) = http::StatusCode::from_u16(error.status()) {
            response.set_status(status);
        }
    }
}
