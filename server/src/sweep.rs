//! The background sweep: deletes expired sessions, idempotency keys past their
//! retention and old rows of the auth change log, every few minutes, for as long
//! as the server runs.

use std::time::Duration;

use app::auth::cache::delete_old_changes;
use app::db::scope::{self, Scope};
use app::idempotency::store::delete_older_than;
use sea_orm::{DatabaseConnection, DbErr};

use crate::sessions::delete_expired;

/// What one sweep removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub idempotency_keys: u64,
    pub auth_changes: u64,
}

/// How long the auth change log keeps a row: many times the window instances read.
const AUTH_CHANGES_KEPT_MS: i64 = 5 * 60_000;

/// Runs one sweep: sessions past their expiry, idempotency keys older than
/// `retention`, auth changes older than [`AUTH_CHANGES_KEPT_MS`].
pub async fn sweep_once(db: &DatabaseConnection, retention: Duration) -> Result<Swept, DbErr> {
    let sessions = delete_expired(db).await?;
    let auth_changes = delete_old_changes(db, AUTH_CHANGES_KEPT_MS).await?;
    let cutoff = chrono::Utc::now() - chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::days(7));
    let tx = scope::write(db, Scope::AllTenants).await?;
    let idempotency_keys = delete_older_than(&tx, cutoff).await?;
    tx.commit().await?;
    Ok(Swept { sessions, idempotency_keys, auth_changes })
}

/// Sweeps every `period` in the background.
pub fn spawn(db: DatabaseConnection, retention: Duration, period: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        loop {
            ticks.tick().await;
            match sweep_once(&db, retention).await {
                Ok(swept) if swept == Swept::default() => {}
                Ok(swept) => tracing::debug!(?swept, "swept expired sessions and idempotency keys"),
                Err(error) => tracing::warn!(%error, "the background sweep failed"),
            }
        }
    })
}
