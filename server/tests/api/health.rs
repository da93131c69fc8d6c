//! A load balancer asks whether this instance can serve.

use serde_json::Value;

use crate::helpers::{spawn_app, Backend};
use crate::on_both_backends;

on_both_backends!(
    live_answers_ok,
    ready_is_healthy_on_a_migrated_database,
    ready_is_degraded_without_the_browser_bundle,
    ready_is_unhealthy_with_503_when_the_database_is_gone,
    ready_is_unhealthy_with_pending_migrations,
    status_server_function_returns_the_report,
);

async fn ready(app: &crate::helpers::TestApp) -> (u16, Value) {
    let response = app.get("/health/ready").await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON report"))
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name} check: {report}"))
}

async fn live_answers_ok(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let response = app.get("/health/live").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap(), "OK");
}

async fn ready_is_healthy_on_a_migrated_database(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let (status, report) = ready(&app).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["status"], "HEALTHY", "{report}");
    for name in ["database", "migrations", "site"] {
        let check = check(&report, name);
        assert_eq!(check["status"], "HEALTHY", "{report}");
        assert!(check["duration_ms"].as_f64().unwrap() >= 0.0);
        assert!(!check["message"].as_str().unwrap().is_empty());
    }
}

async fn ready_is_degraded_without_the_browser_bundle(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    std::fs::remove_file(app.test_db.site_root().join("pkg/floorcast.js")).unwrap();
    let (status, report) = ready(&app).await;
    assert_eq!(status, 200, "DEGRADED still serves: {report}");
    assert_eq!(report["status"], "DEGRADED", "{report}");
    assert_eq!(check(&report, "site")["status"], "DEGRADED");
    assert_eq!(check(&report, "database")["status"], "HEALTHY");
}

async fn ready_is_unhealthy_with_503_when_the_database_is_gone(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    assert_eq!(ready(&app).await.0, 200);
    app.test_db.make_unreachable(&app.db).await;
    let (status, report) = ready(&app).await;
    assert_eq!(status, 503, "{report}");
    assert_eq!(report["status"], "UNHEALTHY");
    assert_eq!(check(&report, "database")["status"], "UNHEALTHY");
}

async fn ready_is_unhealthy_with_pending_migrations(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    server::database::migrate_down(&app.db, 1).await.unwrap();
    let (status, report) = ready(&app).await;
    assert_eq!(status, 503, "{report}");
    let migrations = check(&report, "migrations");
    assert_eq!(migrations["status"], "UNHEALTHY");
    assert!(migrations["message"].as_str().unwrap().contains("pending"), "{report}");
}

async fn status_server_function_returns_the_report(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let response = app
        .client
        .post(format!("{}/api/system_status", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["status"], "HEALTHY", "{report}");
    assert!(report["checked_at_ms"].as_i64().unwrap() > 1_700_000_000_000);
}
