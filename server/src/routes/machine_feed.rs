//! `POST /api/machine/counts` and `/api/machine/states`: a machine gateway's
//! events, with its token as `Authorization: Bearer fcd_…` and a JSON body (see
//! `app::devices::feed`). Answers like a server function: the station's outcome
//! as JSON with 200, or the error's status and message.

use app::devices::feed::{authenticate, feed, Fed, FedCount, FedState};
use app::error::AppError;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::server_fn::error::FromServerFnError;
use serde::de::DeserializeOwned;

use crate::startup::AppState;

pub async fn counts(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    answer(&state, &headers, || parse::<FedCount>(&body).map(Fed::Count)).await
}

pub async fn states(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    answer(&state, &headers, || parse::<FedState>(&body).map(Fed::State)).await
}

/// The body as `T`; a body of another shape is a 400 that says what is wrong
/// with it (serde's words name fields and positions, never anything inside).
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(body)
        .map_err(|error| AppError::bad_request(format!("{}: {error}.", app::i18n::EN.feed_bad_body)))
}

/// The token first, then the body (`fed`), then the write.
async fn answer(state: &AppState, headers: &HeaderMap, fed: impl FnOnce() -> Result<Fed, AppError>) -> Response {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok());
    let done = async {
        let presented = authenticate(&state.server, authorization).await?;
        feed(&state.server, presented, fed()?).await
    };
    match done.await {
        Ok(outcome) => axum::Json(outcome).into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, [(header::CONTENT_TYPE, "application/json")], error.ser()).into_response()
        }
    }
}
