//! The server under load: the real application on a fresh database (a temporary
//! SQLite file, or a throw-away Postgres database), with the demo data and signed-in
//! sessions made directly in the session store, as a sign-in would leave them.

use std::collections::HashMap;
use std::path::PathBuf;

use app::admin::catalog::spec::CatalogKind;
use app::admin::catalog::{store, validate};
use app::auth::model::Role;
use app::auth::session::SessionAuth;
use app::db::entity::user;
use app::db::scope::{self, Scope, TenantId};
use sea_orm::{ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, QueryFilter};
use tower_sessions::session::{Id, Record};
use tower_sessions::SessionStore;

use crate::config::{Config, DatabaseUrl};
use crate::seed::{seed_demo, Scale};
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

/// A running server with sessions to load it with.
pub struct Target {
    pub base_url: String,
    pub readers: Vec<String>,
    pub writer: String,
    /// A form that updates one vendor: one write transaction per request.
    pub write_body: String,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    folder: PathBuf,
    postgres: Option<(String, String)>,
}

impl Target {
    pub async fn start(backend: &Backend, readers: usize) -> Result<Target, String> {
        let name = format!("floorcast_bench_{}", std::process::id());
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
        let mut config = Config::from_lookup(|_| None).map_err(|e| e.to_string())?;
        config.database_url = DatabaseUrl::parse(&url)?;
        config.addr = "127.0.0.1:0".parse().map_err(|_| "bad address")?;
        config.site_root = folder.join("site");
        let application = Application::build(&config).await.map_err(|e| e.to_string())?;
        let db = application.db().clone();
        seed_demo(&db, Scale::parse(1)?).await.map_err(|e| e.to_string())?;
        let base_url = format!("http://127.0.0.1:{}", application.port());
        let server = tokio::spawn(application.run_until_stopped(std::future::pending()));
        let mut reader_cookies = Vec::with_capacity(readers);
        for _ in 0..readers {
            reader_cookies.push(session_for(&db, "supervisor@acme.example", Role::Supervisor).await?);
        }
        let writer = session_for(&db, "admin@acme.example", Role::TenantAdmin).await?;
        let tenant = writer_tenant(&db).await?;
        let write_body = vendor_update(&db, tenant).await?;
        Ok(Target { base_url, readers: reader_cookies, writer, write_body, server, folder, postgres })
    }

    /// Stops the server and removes its database.
    pub async fn stop(self) {
        self.server.abort();
        let _ = std::fs::remove_dir_all(&self.folder);
        if let Some((admin_url, name)) = self.postgres {
            if let Ok(admin) = Database::connect(&admin_url).await {
                let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
            }
        }
    }
}

/// The demo tenant, whose administrator writes.
async fn writer_tenant(db: &DatabaseConnection) -> Result<i64, String> {
    let admin = user::Entity::find()
        .filter(user::Column::Email.eq("admin@acme.example"))
        .one(db)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no demo administrator")?;
    admin.tenant_id.ok_or_else(|| "the demo administrator has no tenant".to_string())
}

/// A session of `email` in the store, as signing in would make it; returns the cookie value.
async fn session_for(db: &DatabaseConnection, email: &str, role: Role) -> Result<String, String> {
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no demo user {email}"))?;
    let now = chrono::Utc::now().timestamp();
    let auth = SessionAuth {
        user_id: found.id,
        tenant_id: found.tenant_id,
        role,
        facility_id: None,
        work_center_id: None,
        signed_in_at: now,
        renewed_at: now,
        signed_in_ms: now * 1000,
    };
    let data = HashMap::from([("auth".to_string(), serde_json::to_value(&auth).map_err(|e| e.to_string())?)]);
    let expiry_date = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let mut record = Record { id: Id::default(), data, expiry_date };
    DbSessionStore::new(db.clone()).create(&mut record).await.map_err(|e| e.to_string())?;
    Ok(record.id.to_string())
}

/// The vendor the writer saves, field by field.
const VENDOR: [(&str, &str); 3] = [("code", "BENCH"), ("name", "Bench Paper Co"), ("lead_time_days", "5")];

/// Adds a vendor to the demo tenant and returns the form that saves it unchanged
/// (its stamp moves): one real write transaction per request.
async fn vendor_update(db: &DatabaseConnection, tenant: i64) -> Result<String, String> {
    let raw: HashMap<String, String> = VENDOR.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let spec = CatalogKind::Vendors.spec();
    let values = validate::validate(spec, &raw, &app::i18n::EN).map_err(|e| format!("{e:?}"))?;
    let tx = scope::write(db, Scope::Tenant(TenantId(tenant))).await.map_err(|e| e.to_string())?;
    let (id, _) = store::write(&tx, TenantId(tenant), spec, None, &values)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the vendor was not created")?;
    tx.commit().await.map_err(|e| e.to_string())?;
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("kind", "vendors").append_pair("id", &id.to_string());
    for (field, value) in VENDOR {
        form.append_pair(&format!("values[{field}]"), value);
    }
    Ok(form.finish())
}
