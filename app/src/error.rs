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
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::Encodes;
use serde::{Deserialize, Serialize};

use crate::forms::FieldError;
use crate::i18n::use_i18n;

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
        AppError::new(ErrorKind::NotSignedIn, use_i18n().err_not_signed_in)
    }

    pub fn forbidden() -> AppError {
        AppError::new(ErrorKind::Forbidden, use_i18n().err_not_allowed)
    }

    pub fn not_found() -> AppError {
        AppError::new(ErrorKind::NotFound, use_i18n().err_not_found)
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
        let message = use_i18n().err_internal.replace("{id}", request_id.as_deref().unwrap_or("-"));
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
                AppError::new(ErrorKind::Unavailable, use_i18n().err_database_unavailable)
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
            ServerFnErrorErr::Request(_) => AppError::new(ErrorKind::Unavailable, use_i18n().err_server_unreachable),
            // On the server only a request is deserialized (a JSON body that does not fit the arguments).
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(detail) => AppError::bad_request(describe_argument_error(&detail)),
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Deserialization(_) => AppError::new(ErrorKind::Internal, use_i18n().err_bad_answer),
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
        detail
            .split_once(after)
            .and_then(|(_, rest)| rest.strip_prefix('`'))
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.chars().take(60).collect::<String>())
    };
    let t = use_i18n();
    if let Some(field) = quoted("missing field ") {
        return t.err_missing_field.replace("{field}", &field);
    }
    if let Some(value) = quoted("unknown variant ") {
        return t.err_unknown_value.replace("{value}", &value);
    }
    if let Some(field) = quoted("unknown field ") {
        return t.err_unknown_field.replace("{field}", &field);
    }
    let sentence = if detail.contains("digit") || detail.contains("number") {
        t.err_bad_number
    } else if detail.contains("true") || detail.contains("bool") {
        t.err_bad_bool
    } else {
        t.err_bad_request
    };
    sentence.to_string()
}

/// Sets the response's status (and `Retry-After`) from `error`. A plain HTML form
/// post keeps the redirect back to its page, which then shows the outcome.
#[cfg(feature = "ssr")]
fn stamp_response(error: &AppError) {
    use leptos::prelude::use_context;
    let from_html_form = use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html"))
        })
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
