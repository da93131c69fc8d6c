//! The floor watch: every half minute, a running machine whose run has counted
//! nothing for five minutes (or its work center's own limit) gets an unexplained stop (see
//! `app::production::unexplained`), and every work center is compared with its
//! tenant's alert rules (`app::production::alerts::sweep`), for as long as the
//! server runs.

use std::time::Duration;

use app::db::scope::{self, Scope};
use app::production::alerts::sweep::{raise_and_clear, Swept};
use app::production::unexplained::{open_unexplained_stops, DEFAULT_AFTER_MIN};
use sea_orm::{DatabaseConnection, DbErr};

/// How often the floor is looked at.
pub const WATCH_PERIOD: Duration = Duration::from_secs(30);

/// What one look at the floor changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Watched {
    pub stops_opened: u64,
    pub alerts: Swept,
}

/// One look at every tenant's floor: stops first, so that the alerts see them.
pub async fn watch_once(db: &DatabaseConnection, now_ms: i64) -> Result<Watched, DbErr> {
    let tx = scope::write(db, Scope::AllTenants).await?;
    let stops_opened = open_unexplained_stops(&tx, now_ms, DEFAULT_AFTER_MIN).await?;
    tx.commit().await?;
    let alerts = raise_and_clear(db, now_ms).await?;
    Ok(Watched { stops_opened, alerts })
}

/// Watches every `period` in the background.
pub fn spawn(db: DatabaseConnection, period: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        loop {
            ticks.tick().await;
            match watch_once(&db, chrono::Utc::now().timestamp_millis()).await {
                Ok(watched) if watched == Watched::default() => {}
                Ok(Watched { stops_opened, alerts }) => {
                    tracing::info!(
                        stops_opened,
                        raised = alerts.raised,
                        cleared = alerts.cleared,
                        "the floor watch changed something"
                    )
                }
                Err(error) => tracing::warn!(%error, "the floor watch failed"),
            }
        }
    })
}
