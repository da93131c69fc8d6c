//! Opening the database named by the configuration, and running its migrations.

use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};

use crate::config::{Backend, Config, DatabaseUrl};

/// The database could not be opened; the message says which one and why, in one line.
#[derive(Debug, thiserror::Error)]
#[error("cannot open the database at {url}: {reason}")]
pub struct ConnectError {
    pub url: String,
    pub reason: String,
}

/// Connects to the configured database. A SQLite file and its folder are created
/// on first use; Postgres must exist and be reachable.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, ConnectError> {
    connect_url(&config.database_url, config.db_max_connections).await
}

pub async fn connect_url(url: &DatabaseUrl, max_connections: u32) -> Result<DatabaseConnection, ConnectError> {
    let fail = |reason: String| ConnectError { url: url.redacted(), reason };
    let mut address = url.as_str().to_string();
    if url.backend() == Backend::Sqlite {
        prepare_sqlite_file(&address).map_err(fail)?;
        if !address.contains("mode=") {
            address.push(if address.contains('?') { '&' } else { '?' });
            address.push_str("mode=rwc");
        }
    }
    let mut options = ConnectOptions::new(address);
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    let mut db = Database::connect(options).await.map_err(|e| fail(first_line(&e)))?;
    db.set_metric_callback(crate::observability::metrics::count_query);
    if url.backend() == Backend::Sqlite {
        // WAL lets the dashboards read while an operator's write is in flight.
        db.execute_unprepared("PRAGMA journal_mode = WAL").await.map_err(|e| fail(first_line(&e)))?;
    }
    Ok(db)
}

/// Creates the folder of a SQLite file URL such as `sqlite://data/floorcast.db`.
fn prepare_sqlite_file(url: &str) -> Result<(), String> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    if path == ":memory:" || path.is_empty() {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(folder) if !folder.as_os_str().is_empty() => {
            std::fs::create_dir_all(folder).map_err(|e| format!("cannot create the folder {}: {e}", folder.display()))
        }
        _ => Ok(()),
    }
}

fn first_line(error: &DbErr) -> String {
    error.to_string().lines().next().unwrap_or_default().to_string()
}

/// Applies every pending migration.
pub async fn migrate_up(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Reverts the last `steps` applied migrations.
pub async fn migrate_down(db: &DatabaseConnection, steps: u32) -> Result<(), DbErr> {
    Migrator::down(db, Some(steps)).await
}

/// One line per known migration: its name and whether it is applied.
pub async fn migration_status(db: &DatabaseConnection) -> Result<Vec<(String, bool)>, DbErr> {
    let applied: Vec<String> =
        Migrator::get_applied_migrations(db).await?.iter().map(|m| m.name().to_string()).collect();
    Ok(Migrator::migrations().iter().map(|m| (m.name().to_string(), applied.iter().any(|a| a == m.name()))).collect())
}
