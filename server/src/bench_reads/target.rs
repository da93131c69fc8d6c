//! The server under load: the real application on a fresh database with the demo
//! data, signed-in readers and one administrator who saves a vendor.

use std::collections::HashMap;

use app::admin::catalog::spec::CatalogKind;
use app::admin::catalog::{store, validate};
use app::auth::model::Role;
use app::db::scope::{self, Scope, TenantId};
use sea_orm::DatabaseConnection;

use crate::bench_server::{session_for, user_named, Backend, RunningServer, ThrowawayDatabase};
use crate::seed::{seed_demo, Scale};

/// A running server with sessions to load it with.
pub struct Target {
    pub base_url: String,
    pub readers: Vec<String>,
    pub writer: String,
    /// A form that updates one vendor: one write transaction per request.
    pub write_body: String,
    server: RunningServer,
    database: ThrowawayDatabase,
}

impl Target {
    pub async fn start(backend: &Backend, readers: usize) -> Result<Target, String> {
        let database = ThrowawayDatabase::create(backend, "bench_reads").await?;
        let server = RunningServer::start(&database, None).await?;
        let db = &server.db;
        seed_demo(db, Scale::parse(1)?).await.map_err(|e| e.to_string())?;
        let mut reader_cookies = Vec::with_capacity(readers);
        for _ in 0..readers {
            reader_cookies.push(session_for(db, "supervisor@acme.example", Role::Supervisor, None).await?);
        }
        let writer = session_for(db, "admin@acme.example", Role::TenantAdmin, None).await?;
        let tenant =
            user_named(db, "admin@acme.example").await?.tenant_id.ok_or("the demo administrator has no tenant")?;
        let write_body = vendor_update(db, tenant).await?;
        let base_url = server.base_url.clone();
        Ok(Target { base_url, readers: reader_cookies, writer, write_body, server, database })
    }

    /// Stops the server and removes its database.
    pub async fn stop(self) {
        self.server.stop().await;
        self.database.drop().await;
    }
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
