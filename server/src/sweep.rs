//! The background sweep: deletes expired sessions and idempotency keys past their
//! retention, every few minutes, for as long as the server runs.

use std::time::Duration;

use app::db::scope::{self, Scope};
use app::idempotency::store::delete_older_than;
use sea_orm::{DatabaseConnection, DbErr};

use crate::sessions::DbSessionStore;

/// What one sweep removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub idempotency_keys: u64,
}

/// Runs one sweep: sessions past their expiry, idempotency keys older than `retention`.
pub async fn sweep_once(db: &DatabaseConnection, retention: Duration) -> Result<Swept, DbErr> {
    let sessions = DbSessionStore::new(db.clone()).delete_expired().await?;
    let cutoff = chrono::Utc::now() - chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::days(7));
    let tx = scope::write(db, Scope::AllTenants).await?;
    let idempotency_keys = delete_older_than(&tx, cutoff).await?;
    tx.commit().await?;
    Ok(Swept { sessions, idempotency_keys })
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
