//! Server-only database plumbing: the state server functions reach through Leptos
//! context, and the SeaORM entities.

pub mod entity;
pub mod scope;
pub mod search;

use std::path::PathBuf;
use std::time::Duration;

use leptos::prelude::*;
use sea_orm::DatabaseConnection;

use crate::error::AppError;

/// What every server function may use, provided by the server for each request.
#[derive(Clone, Debug)]
pub struct ServerState {
    pub db: DatabaseConnection,
    /// Where the built site (WASM bundle, CSS, ECharts) is served from.
    pub site_root: PathBuf,
    pub auth: AuthSettings,
    /// Dashboard snapshots shared between the requests of all users.
    pub snapshots: std::sync::Arc<crate::snapshot::SnapshotCache>,
    /// Sessions and account standings kept between requests.
    pub accounts: std::sync::Arc<crate::auth::cache::AuthCache>,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: std::sync::Arc<[ipnet::IpNet]>,
    /// The build of the browser bundles served ([`crate::site_version`]).
    pub site_version: std::sync::Arc<str>,
}

/// How long sessions last.
#[derive(Clone, Copy, Debug)]
pub struct AuthSettings {
    /// A session ends after this long without a request.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, however active.
    pub max_lifetime: Duration,
    /// Kiosk sessions of operators end sooner: a shared tablet is left unattended.
    pub operator_idle_timeout: Duration,
}

impl AuthSettings {
    /// How long a session of `role` lasts without requests.
    pub fn idle_for(&self, role: crate::auth::model::Role) -> Duration {
        match role {
            crate::auth::model::Role::Operator => self.operator_idle_timeout,
            _ => self.idle_timeout,
        }
    }
}

/// The [`ServerState`] of the current request.
pub fn use_server_state() -> Result<ServerState, AppError> {
    use_context::<ServerState>().ok_or_else(|| AppError::internal("server state missing from the request context"))
}
