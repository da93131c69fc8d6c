//! What a signed-in session holds, and signing in and out of it.

use serde::{Deserialize, Serialize};
use tower_sessions::{Expiry, Session};

use super::model::Role;

const AUTH_KEY: &str = "auth";

/// The identity stored in the server-side session (the cookie holds only its id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAuth {
    pub user_id: i64,
    pub tenant_id: Option<i64>,
    pub role: Role,
    /// Operators signed in at a kiosk are bound to its facility.
    pub facility_id: Option<i64>,
    /// The work center an operator chose at the kiosk.
    #[serde(default)]
    pub work_center_id: Option<i64>,
    /// When the user signed in (Unix seconds), for the absolute lifetime.
    pub signed_in_at: i64,
}

/// Signs `auth` into `session` under a fresh id (no session fixation), expiring
/// after `idle` without requests.
pub async fn sign_in(session: &Session, auth: &SessionAuth, idle: std::time::Duration) -> Result<(), String> {
    session.cycle_id().await.map_err(|e| e.to_string())?;
    let idle = time::Duration::try_from(idle).unwrap_or(time::Duration::hours(8));
    session.set_expiry(Some(Expiry::OnInactivity(idle)));
    session.insert(AUTH_KEY, auth).await.map_err(|e| e.to_string())
}

/// Deletes the session on the server; its cookie is worthless afterwards.
pub async fn sign_out(session: &Session) -> Result<(), String> {
    session.flush().await.map_err(|e| e.to_string())
}

/// The identity in `session`, if someone signed in.
pub async fn current(session: &Session) -> Option<SessionAuth> {
    session.get::<SessionAuth>(AUTH_KEY).await.ok().flatten()
}
