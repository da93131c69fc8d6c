//! The floor watch: every half minute, a running machine whose run has counted
//! nothing for five minutes gets an unexplained stop (see
//! `app::production::unexplained`), for as long as the server runs.

use std::time::Duration;

use app::db::scope::{self, Scope};
use app::production::unexplained::{open_unexplained_stops, DEFAULT_AFTER_MS};
use sea_orm::{DatabaseConnection, DbErr};

/// How often the floor is looked at.
pub const WATCH_PERIOD: Duration = Duration::from_secs(30);

/// One look at every tenant's floor; returns the stops it opened.
pub async fn watch_once(db: &DatabaseConnection, now_ms: i64) -> Result<u64, DbErr> {
    let tx = scope::write(db, Scope::AllTenants).await?;
    let opened = open_unexplained_stops(&tx, now_ms, DEFAULT_AFTER_MS).await?;
    tx.commit().await?;
    Ok(opened)
}

/// Watches every `period` in the background.
pub fn spawn(db: DatabaseConnection, period: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        loop {
            ticks.tick().await;
            match watch_once(&db, chrono::Utc::now().timestamp_millis()).await {
                Ok(0) => {}
                Ok(opened) => tracing::info!(opened, "opened unexplained stops"),
                Err(error) => tracing::warn!(%error, "the floor watch failed"),
            }
        }
    })
}
