//! What the load benchmarks share: the real application on a throw-away database
//! (a temporary SQLite file, or a Postgres database made and dropped for the run),
//! and signed-in sessions written straight into the session store, as a sign-in
//! would leave them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use app::auth::model::Role;
use app::auth::session::SessionAuth;
use app::db::entity::user;
use sea_orm::{ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, QueryFilter};
use tower_sessions::session::{Id, Record};
use tower_sessions::SessionStore;

use crate::config::{Config, DatabaseUrl};
use crate::sessions::DbSessionStore;
use crate::startup::Application;

/// Which database the server runs on.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    /// The maintenance database URL on which a throw-away database is created.
    Postgres {
        admin_url: String,
    },
}

impl Backend {
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres { .. } => "Postgres",
        }
    }
}

/// A database that exists for one benchmark, and the folder the server serves from.
pub struct ThrowawayDatabase {
    url: String,
    folder: PathBuf,
    /// The maintenance URL and the database's name, to drop it afterwards.
    postgres: Option<(String, String)>,
}

impl ThrowawayDatabase {
    /// An empty database named after `purpose` and this process.
    pub async fn create(backend: &Backend, purpose: &str) -> Result<ThrowawayDatabase, String> {
        let name = format!("floorcast_{purpose}_{}", std::process::id());
        let folder = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(folder.join("site/pkg")).map_err(|e| e.to_string())?;
        let (url, postgres) = match backend {
            Backend::Sqlite => (format!("sqlite://{}", folder.join("bench.db").display()), None),
            Backend::Postgres { admin_url } => {
                let admin = Database::connect(admin_url).await.map_err(|e| format!("Postgres unreachable: {e}"))?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\""))
                    .await
                    .map_err(|e| e.to_string())?;
                admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.map_err(|e| e.to_string())?;
                let mut url = url::Url::parse(admin_url).map_err(|e| e.to_string())?;
                url.set_path(&name);
                (url.to_string(), Some((admin_url.clone(), name.clone())))
            }
        };
        Ok(ThrowawayDatabase { url, folder, postgres })
    }

    /// A connection of its own to the migrated database, for seeding before any
    /// server (and its background tasks) runs on it.
    pub async fn connect(&self) -> Result<DatabaseConnection, String> {
        let url = DatabaseUrl::parse(&self.url)?;
        let db = crate::database::connect_url(&url, 2).await.map_err(|e| e.to_string())?;
        crate::database::migrate_up(&db).await.map_err(|e| e.to_string())?;
        Ok(db)
    }

    /// Removes the database and its folder.
    pub async fn drop(self) {
        let _ = std::fs::remove_dir_all(&self.folder);
        if let Some((admin_url, name)) = self.postgres {
            if let Ok(admin) = Database::connect(&admin_url).await {
                let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
            }
        }
    }
}

/// The application serving on a loopback port of its own.
pub struct RunningServer {
    pub base_url: String,
    /// The server's own connection pool, for seeding and making sessions.
    pub db: DatabaseConnection,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// Migrates `database` and serves it; `snapshot_ttl` overrides the default.
    pub async fn start(database: &ThrowawayDatabase, snapshot_ttl: Option<Duration>) -> Result<RunningServer, String> {
        let mut config = Config::from_lookup(|_| None).map_err(|e| e.to_string())?;
        config.database_url = DatabaseUrl::parse(&database.url)?;
        config.addr = "127.0.0.1:0".parse().map_err(|_| "bad address")?;
        config.site_root = database.folder.join("site");
        if let Some(ttl) = snapshot_ttl {
            config.snapshot_ttl = ttl;
        }
        let application = Application::build(&config).await.map_err(|e| e.to_string())?;
        let db = application.db().clone();
        let base_url = format!("http://127.0.0.1:{}", application.port());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(application.run_until_stopped(async {
            let _ = stopped.await;
        }));
        Ok(RunningServer { base_url, db, stop, task })
    }

    /// Shuts the server down as a signal would, background tasks included, so
    /// nothing of it runs on into the next measurement.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
        self.db.close_by_ref().await.ok();
    }
}

/// The user with `email` (the benches need its id and tenant).
pub async fn user_named(db: &DatabaseConnection, email: &str) -> Result<user::Model, String> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no demo user {email}"))
}

/// A session of `email` in the store, as signing in would make it (at a kiosk's
/// work center when one is given); returns the cookie value.
pub async fn session_for(
    db: &DatabaseConnection,
    email: &str,
    role: Role,
    work_center_id: Option<i64>,
) -> Result<String, String> {
    let found = user_named(db, email).await?;
    let now = chrono::Utc::now().timestamp();
    let auth = SessionAuth {
        user_id: found.id,
        tenant_id: found.tenant_id,
        role,
        facility_id: None,
        work_center_id,
        signed_in_at: now,
        renewed_at: now,
        signed_in_ms: now * 1000,
    };
    let data = HashMap::from([("auth".to_string(), serde_json::to_value(&auth).map_err(|e| e.to_string())?)]);
    let expiry_date = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let mut record = Record { id: Id::default(), data, expiry_date };
    DbSessionStore::new(db.clone(), Default::default()).create(&mut record).await.map_err(|e| e.to_string())?;
    Ok(record.id.to_string())
}
