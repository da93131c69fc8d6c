//! The wall TV: a display link shows one facility's floor to a browser without a
//! session, read-only, until it is revoked; a signed-in supervisor's board
//! rotates through the tenant's facilities.

use serde_json::{json, Value};

use crate::helpers::{browser, machine_token, second_tenant, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_display_link_shows_one_facility_without_a_session_until_revoked,
    a_supervisors_board_covers_each_facility
);

/// Makes a display link for `facility` as `admin`; its secret.
async fn display_link(app: &TestApp, admin: &reqwest::Client, facility: i64) -> String {
    let facility = facility.to_string();
    let made: Value = app
        .call(admin, "/api/display_link_create", &[("name", "Hall TV"), ("facility_id", &facility)])
        .await
        .json()
        .await
        .unwrap();
    made["Created"]["secret"].as_str().unwrap_or_else(|| panic!("no link made: {made}")).to_string()
}

async fn facilities(app: &TestApp, admin: &reqwest::Client) -> Vec<i64> {
    let page: Value = app.call(admin, "/api/device_tokens", &[]).await.json().await.unwrap();
    page["facilities"].as_array().unwrap().iter().map(|f| f[0].as_i64().unwrap()).collect()
}

async fn a_display_link_shows_one_facility_without_a_session_until_revoked(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in("admin@acme.example").await;
    let sites = facilities(&app, &admin).await;
    assert_eq!(sites.len(), 2, "the demo has two facilities");
    let secret = display_link(&app, &admin, sites[0]).await;
    let tv = browser();
    let board = |token: String| {
        let (app, tv) = (&app, tv.clone());
        async move { app.call(&tv, "/api/tv_board", &[("token", &token)]).await }
    };

    let shown = board(secret.clone()).await;
    assert_eq!(shown.status().as_u16(), 200, "no session needed");
    let shown: Value = shown.json().await.unwrap();
    assert_eq!(shown["facility_id"], sites[0]);
    assert_eq!(shown["facilities"], json!([sites[0]]));
    assert!(!shown["site_version"].as_str().unwrap().is_empty());
    let tiles = shown["overview"]["tiles"].as_array().unwrap();
    let everything: Value = app.call(&admin, "/api/production_overview", &[]).await.json().await.unwrap();
    let all = everything["tiles"].as_array().unwrap().len();
    assert!(!tiles.is_empty() && tiles.len() < all, "one facility's work centers: {} of {all}", tiles.len());
    let listed: Value = app.call(&admin, "/api/device_tokens", &[]).await.json().await.unwrap();
    assert_eq!(listed["tokens"][0]["kind"], "display");
    assert!(listed["tokens"][0]["last_used_ms"].as_i64().is_some(), "{listed}");

    // A link is no machine token, and a machine token is no link.
    let as_machine = reqwest::Client::new()
        .post(app.url("/api/machine/states"))
        .bearer_auth(&secret)
        .json(&json!({ "idempotency_key": "00000000-0000-4000-b000-000000000001", "state": "Idle" }))
        .send()
        .await
        .unwrap();
    assert_eq!(as_machine.status().as_u16(), 401, "read-only");
    let centers: Value = app.call(&admin, "/api/catalog_list", &[("kind", "work_centers")]).await.json().await.unwrap();
    let machine = machine_token(&app, &admin, centers["rows"][0]["id"].as_i64().unwrap()).await;
    assert_eq!(board(machine).await.status().as_u16(), 404);
    assert_eq!(board("fcd_nonsense".into()).await.status().as_u16(), 404);
    assert_eq!(board(format!("fcd_{}", "0".repeat(64))).await.status().as_u16(), 404);

    let id = listed["tokens"][0]["id"].as_i64().unwrap().to_string();
    let globex = second_tenant(&app).await;
    assert_eq!(app.call(&globex, "/api/device_token_revoke", &[("id", &id)]).await.status().as_u16(), 404);
    assert_eq!(board(secret.clone()).await.status().as_u16(), 200);
    app.call(&admin, "/api/device_token_revoke", &[("id", &id)]).await;
    assert_eq!(board(secret).await.status().as_u16(), 404, "a revoked link shows nothing");
}

async fn a_supervisors_board_covers_each_facility(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in("admin@acme.example").await;
    let sites = facilities(&app, &admin).await;
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let first: Value = app.call(&supervisor, "/api/production_tv", &[]).await.json().await.unwrap();
    assert_eq!(first["facility_id"], sites[0], "the first facility unless told");
    assert_eq!(first["facilities"], json!(sites));
    let second = sites[1].to_string();
    let next: Value =
        app.call(&supervisor, "/api/production_tv", &[("facility_id", &second)]).await.json().await.unwrap();
    assert_eq!(next["facility_id"], sites[1]);
    let mut seen: Vec<i64> = [&first, &next]
        .iter()
        .flat_map(|board| board["overview"]["tiles"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()))
        .collect();
    seen.sort_unstable();
    let everything: Value = app.call(&supervisor, "/api/production_overview", &[]).await.json().await.unwrap();
    let mut all: Vec<i64> = everything["tiles"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect();
    all.sort_unstable();
    assert_eq!(seen, all, "the facilities' boards together show every work center once");
    let unknown = app.call(&supervisor, "/api/production_tv", &[("facility_id", "999999")]).await;
    assert_eq!(unknown.status().as_u16(), 404);
}
