//! The readiness checks themselves (server only). The report is public, so its
//! messages name no engine, error or path; the detail of a failure goes to the log.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::model::{Check, HealthReport, HealthStatus};

/// A database round trip slower than this makes the system DEGRADED.
const SLOW_DATABASE: Duration = Duration::from_millis(500);
/// A database that has not answered after this long is taken as gone.
const DATABASE_TIMEOUT: Duration = Duration::from_secs(3);

/// Runs every readiness check: database reachable, schema migrated, and the
/// browser bundle present under `site_root`.
pub async fn readiness(db: &DatabaseConnection, site_root: &Path) -> HealthReport {
    let mut checks = vec![database_reachable(db).await];
    if checks[0].status != HealthStatus::Unhealthy {
        checks.push(schema_migrated(db).await);
    }
    checks.push(site_bundle(site_root));
    HealthReport::from_checks(checks, now_ms())
}

async fn database_reachable(db: &DatabaseConnection) -> Check {
    let started = Instant::now();
    let outcome = tokio::time::timeout(DATABASE_TIMEOUT, db.execute_unprepared("SELECT 1")).await;
    let elapsed = started.elapsed();
    let (status, message) = match outcome {
        Err(_) => (HealthStatus::Unhealthy, format!("no answer within {} s", DATABASE_TIMEOUT.as_secs())),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness: the database is unreachable");
            (HealthStatus::Unhealthy, "unreachable".to_string())
        }
        Ok(Ok(_)) if elapsed > SLOW_DATABASE => (HealthStatus::Degraded, "answered slowly".to_string()),
        Ok(Ok(_)) => (HealthStatus::Healthy, "answered".to_string()),
    };
    finish("database", status, message, started)
}

async fn schema_migrated(db: &DatabaseConnection) -> Check {
    let started = Instant::now();
    let (status, message) = match Migrator::get_pending_migrations_read_only(db).await {
        Ok(pending) if pending.is_empty() => (HealthStatus::Healthy, "schema is up to date".to_string()),
        Ok(pending) => {
            (HealthStatus::Unhealthy, format!("{} migration(s) pending: run `server migrate up`", pending.len()))
        }
        Err(error) => {
            tracing::warn!(%error, "readiness: cannot read the migration state");
            (HealthStatus::Unhealthy, "cannot read the migration state".to_string())
        }
    };
    finish("migrations", status, message, started)
}

/// Without the WASM bundles pages still render, but nothing on them reacts.
fn site_bundle(site_root: &Path) -> Check {
    let started = Instant::now();
    let missing: Vec<_> = [crate::OFFICE_BUNDLE, crate::FLOOR_BUNDLE]
        .iter()
        .map(|name| site_root.join("pkg").join(format!("{name}.js")))
        .filter(|bundle| !bundle.is_file())
        .collect();
    let (status, message) = if missing.is_empty() {
        (HealthStatus::Healthy, "browser bundles present".to_string())
    } else {
        for bundle in &missing {
            tracing::warn!(path = %bundle.display(), "readiness: a browser bundle is missing (run `make site`)");
        }
        (HealthStatus::Degraded, "browser bundle missing: pages render but do not react".to_string())
    };
    finish("site", status, message, started)
}

fn finish(name: &str, status: HealthStatus, message: String, started: Instant) -> Check {
    Check { name: name.to_string(), status, message, duration_ms: started.elapsed().as_secs_f64() * 1000.0 }
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or_default()
}
