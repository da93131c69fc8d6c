//! The machine feed: a PLC gateway posts counts and states with a work center's
//! token; a repeated key counts once, the token reaches only its own work center,
//! and a missing, unknown or revoked token writes nothing.

use app::db::entity::{audit_log, count_event, user};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

use crate::helpers::{machine_token, second_tenant, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_machine_counts_into_the_live_run_once_per_key_and_sets_its_state,
    tokens_are_refused_when_missing_unknown_or_revoked,
);

fn key(n: u32) -> String {
    format!("00000000-0000-4000-9000-{n:012}")
}

/// Posts `body` to the feed `path` with `secret` (none: no header); the status and answer.
async fn post(app: &TestApp, path: &str, secret: Option<&str>, body: Value) -> (u16, Value) {
    let mut request = reqwest::Client::new().post(app.url(path)).json(&body);
    if let Some(secret) = secret {
        request = request.bearer_auth(secret);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// The demo's PRESS-1, from the admin page's work-center list.
async fn press(app: &TestApp, admin: &reqwest::Client) -> i64 {
    let page: Value = app.call(admin, "/api/device_tokens", &[]).await.json().await.unwrap();
    let centers = page["work_centers"].as_array().unwrap();
    centers.iter().find(|c| c[1].as_str().unwrap().starts_with("PRESS-1 ")).unwrap()[0].as_i64().unwrap()
}

async fn counts(app: &TestApp) -> Vec<count_event::Model> {
    count_event::Entity::find().all(&app.db).await.unwrap()
}

async fn a_machine_counts_into_the_live_run_once_per_key_and_sets_its_state(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in("admin@acme.example").await;
    let press = press(&app, &admin).await;
    let secret = machine_token(&app, &admin, press).await;
    let count = json!({ "idempotency_key": key(1), "good": 12, "scrap": 1 });

    // No run yet: refused, plainly, and nothing counted.
    let (status, answer) = post(&app, "/api/machine/counts", Some(&secret), count.clone()).await;
    assert_eq!((status, answer["outcome"].as_str()), (200, Some("refused")), "{answer}");
    assert_eq!(answer["message"], app::i18n::EN.feed_no_live_run);

    let start = json!({ "work_center_id": press, "idempotency_key": key(2),
        "action": { "action": "start_run", "job": "J-1", "product": "Flyer", "planned_quantity": 100 } });
    let supervisor = app.signed_in("supervisor@acme.example").await;
    assert_eq!(supervisor.post(app.url("/api/station_write")).json(&start).send().await.unwrap().status(), 200);
    let fresh = json!({ "idempotency_key": key(3), "good": 12 });
    for _ in 0..3 {
        let (status, answer) = post(&app, "/api/machine/counts", Some(&secret), fresh.clone()).await;
        assert_eq!((status, answer["outcome"].as_str()), (200, Some("done")), "{answer}");
    }
    let counted = counts(&app).await;
    assert_eq!(counted.len(), 1, "a resent key counts once: {counted:?}");
    assert_eq!((counted[0].work_center_id, counted[0].good, counted[0].scrap), (press, 12, 0));
    let recorder = user::Entity::find_by_id(counted[0].recorded_by).one(&app.db).await.unwrap().unwrap();
    assert_eq!(recorder.display_name, "Machine feed: Gateway");
    assert_eq!(recorder.status, user::UserStatus::Inactive, "the token's account cannot sign in");
    assert_eq!(app.login(&crate::helpers::browser(), &recorder.email, "!").await.status().as_u16(), 401);

    // A body of another shape is a 400 that names what is wrong; a work center in it is not taken.
    let aimed = json!({ "idempotency_key": key(4), "good": 1, "work_center_id": press + 1 });
    let (status, answer) = post(&app, "/api/machine/counts", Some(&secret), aimed).await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("work_center_id"), "{answer}");
    let (status, _) =
        post(&app, "/api/machine/counts", Some(&secret), json!({ "idempotency_key": "x", "good": 1 })).await;
    assert_eq!(status, 422, "a malformed idempotency key");

    let down = json!({ "idempotency_key": key(5), "state": "Down" });
    let (status, answer) = post(&app, "/api/machine/states", Some(&secret), down).await;
    assert_eq!((status, answer["outcome"].as_str()), (200, Some("done")), "{answer}");
    let overview: Value = app.call(&supervisor, "/api/production_overview", &[]).await.json().await.unwrap();
    let tile = overview["tiles"].as_array().unwrap().iter().find(|t| t["id"] == press).unwrap().clone();
    assert_eq!(tile["state"], "Down", "the dashboard shows the machine's state");
    assert_eq!(tile["run"]["good"], 12);

    let listed: Value = app.call(&admin, "/api/device_tokens", &[]).await.json().await.unwrap();
    assert!(listed["tokens"][0]["last_used_ms"].as_i64().is_some(), "{listed}");
    assert!(!listed.to_string().contains(&secret[4..]), "the list never shows a secret");
}

async fn tokens_are_refused_when_missing_unknown_or_revoked(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in("admin@acme.example").await;
    let press = press(&app, &admin).await;
    let secret = machine_token(&app, &admin, press).await;
    let state = |n| json!({ "idempotency_key": key(n), "state": "Idle" });
    let unknown = format!("fcd_{}", "0".repeat(64));
    for (n, presented) in [(1, None), (2, Some("not-a-token")), (3, Some(unknown.as_str()))] {
        let (status, answer) = post(&app, "/api/machine/states", presented, state(n)).await;
        assert_eq!(status, 401, "{presented:?}: {answer}");
    }

    // Another tenant's administrator neither sees nor revokes it.
    let globex = second_tenant(&app).await;
    let theirs: Value = app.call(&globex, "/api/device_tokens", &[]).await.json().await.unwrap();
    assert_eq!(theirs["tokens"], json!([]));
    let ours: Value = app.call(&admin, "/api/device_tokens", &[]).await.json().await.unwrap();
    let id = ours["tokens"][0]["id"].as_i64().unwrap().to_string();
    assert_eq!(app.call(&globex, "/api/device_token_revoke", &[("id", &id)]).await.status().as_u16(), 404);
    assert_eq!(post(&app, "/api/machine/states", Some(&secret), state(4)).await.0, 200, "still usable");

    let revoked: Value = app.call(&admin, "/api/device_token_revoke", &[("id", &id)]).await.json().await.unwrap();
    assert!(revoked["revoked_ms"].as_i64().is_some(), "{revoked}");
    let (status, _) = post(&app, "/api/machine/states", Some(&secret), state(5)).await;
    assert_eq!(status, 401, "a revoked token is refused");
    let again: Value = app.call(&admin, "/api/device_token_revoke", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(again["revoked_ms"], revoked["revoked_ms"], "revoking twice changes nothing");
    let audited =
        audit_log::Entity::find().filter(audit_log::Column::Entity.eq("device_tokens")).all(&app.db).await.unwrap();
    let actions: Vec<&str> = audited.iter().map(|entry| entry.action.as_str()).collect();
    assert_eq!(actions, ["create", "revoke"]);

    // A bad form changes nothing and says which field is wrong.
    let bad: Value = app
        .call(&admin, "/api/device_token_create", &[("name", " "), ("work_center_id", "seven")])
        .await
        .json()
        .await
        .unwrap();
    let fields: Vec<&str> =
        bad["Invalid"]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "work_center_id"]);
}
