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
    /// When the idle expiry was last pushed forward (Unix seconds).
    #[serde(default)]
    pub renewed_at: i64,
    /// When the user signed in, in Unix milliseconds: compared with the account's
    /// `sessions_valid_after`, which a reset can set within the same second.
    #[serde(default)]
    pub signed_in_ms: i64,
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

/// Whether the session has outlived `max_lifetime` since sign-in, however active.
pub fn too_old(auth: &SessionAuth, max_lifetime: std::time::Duration, now: i64) -> bool {
    now.saturating_sub(auth.signed_in_at) > max_lifetime.as_secs() as i64
}

/// Whether a quarter of the idle window has passed since the expiry was last
/// pushed forward: renewing then costs one session write per quarter window,
/// not one per request, and the session still lasts at least ¾ of it.
pub fn renewal_due(auth: &SessionAuth, idle: std::time::Duration, now: i64) -> bool {
    now.saturating_sub(auth.renewed_at.max(auth.signed_in_at)) >= (idle.as_secs() / 4) as i64
}

/// Pushes the session's expiry `idle` past now (saved when the response leaves).
pub async fn renew(session: &Session, auth: &SessionAuth, idle: std::time::Duration, now: i64) -> Result<(), String> {
    let idle = time::Duration::try_from(idle).unwrap_or(time::Duration::hours(8));
    session.set_expiry(Some(Expiry::OnInactivity(idle)));
    session.insert(AUTH_KEY, SessionAuth { renewed_at: now, ..auth.clone() }).await.map_err(|e| e.to_string())
}

/// The identity in `session`, if someone signed in.
pub async fn current(session: &Session) -> Option<SessionAuth> {
    session.get::<SessionAuth>(AUTH_KEY).await.ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(signed_in_at: i64, renewed_at: i64) -> SessionAuth {
        SessionAuth {
            user_id: 1,
            tenant_id: Some(1),
            role: Role::Supervisor,
            facility_id: None,
            work_center_id: None,
            signed_in_at,
            renewed_at,
            signed_in_ms: signed_in_at * 1000,
        }
    }

    #[test]
    fn renewal_is_due_once_a_quarter_of_the_idle_window_has_passed() {
        let idle = std::time::Duration::from_secs(4000);
        assert!(!renewal_due(&auth(0, 0), idle, 999));
        assert!(renewal_due(&auth(0, 0), idle, 1000));
        assert!(!renewal_due(&auth(0, 1000), idle, 1999));
        assert!(renewal_due(&auth(0, 1000), idle, 2000));
    }

    #[test]
    fn sessions_past_their_lifetime_are_too_old() {
        let lifetime = std::time::Duration::from_secs(100);
        assert!(!too_old(&auth(0, 0), lifetime, 100));
        assert!(too_old(&auth(0, 90), lifetime, 101));
    }
}
