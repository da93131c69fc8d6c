//! Server-only database plumbing: the state server functions reach through Leptos
//! context, and the SeaORM entities.

pub mod entity;

use std::path::PathBuf;

use leptos::prelude::*;
use sea_orm::DatabaseConnection;

/// What every server function may use, provided by the server for each request.
#[derive(Clone, Debug)]
pub struct ServerState {
    pub db: DatabaseConnection,
    /// Where the built site (WASM bundle, CSS, ECharts) is served from.
    pub site_root: PathBuf,
}

/// The [`ServerState`] of the current request.
pub fn use_server_state() -> Result<ServerState, ServerFnError> {
    use_context::<ServerState>()
        .ok_or_else(|| ServerFnError::new("server state missing from the request context"))
}
