//! Idempotent writes: a repeat with the same key gets the first answer and writes
//! nothing; parallel repeats write once; a key reused for another request is
//! refused; old keys are swept.

use std::time::Duration;

use app::db::entity::idempotency_key;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::Value;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_repeat_gets_the_first_answer_and_writes_nothing,
    parallel_repeats_write_once,
    a_key_reused_for_another_request_is_refused,
    old_keys_are_swept,
);

const ADMIN: &str = "admin@acme.example";
const KEY: &str = "5f0c2a4e-8b1d-4c3e-9a7f-1b2c3d4e5f60";

fn vendor(code: &str, key: &str) -> Vec<(String, String)> {
    [("kind", "vendors"), ("values[code]", code), ("values[name]", "Paper Co"), ("values[lead_time_days]", "4")]
        .into_iter()
        .chain((!key.is_empty()).then_some(("idempotency_key", key)))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn vendors(app: &TestApp, client: &reqwest::Client) -> u64 {
    let page: Value = app.call(client, "/api/catalog_list", &[("kind", "vendors")]).await.json().await.unwrap();
    page["total"].as_u64().unwrap()
}

async fn save(app: &TestApp, client: &reqwest::Client, form: &[(String, String)]) -> (u16, Value) {
    let response = client.post(app.url("/api/catalog_save")).form(form).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn a_repeat_gets_the_first_answer_and_writes_nothing(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in(ADMIN).await;
    let before = vendors(&app, &admin).await;
    let first = save(&app, &admin, &vendor("V-NEW", KEY)).await;
    let again = save(&app, &admin, &vendor("V-NEW", KEY)).await;
    assert_eq!(first.0, 200, "{first:?}");
    assert!(first.1["Saved"]["id"].is_i64(), "{first:?}");
    assert_eq!(again, first, "the repeat gets the first answer");
    assert_eq!(vendors(&app, &admin).await, before + 1);
    assert_eq!(idempotency_key::Entity::find().count(&app.db).await.unwrap(), 1);
    // Without a key, the same form is a new write (here: refused as a duplicate code).
    let plain = save(&app, &admin, &vendor("V-NEW", "")).await;
    assert!(plain.1["Invalid"].is_object(), "{plain:?}");
}

async fn parallel_repeats_write_once(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in(ADMIN).await;
    let before = vendors(&app, &admin).await;
    let form = vendor("V-PAR", KEY);
    let answers = futures::future::join_all((0..8).map(|_| save(&app, &admin, &form))).await;
    let first = &answers[0];
    assert!(answers.iter().all(|a| a == first), "every repeat gets the same answer: {answers:?}");
    assert_eq!(first.0, 200, "{first:?}");
    assert_eq!(vendors(&app, &admin).await, before + 1, "one row, however many repeats");
}

async fn a_key_reused_for_another_request_is_refused(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(save(&app, &admin, &vendor("V-ONE", KEY)).await.0, 200);
    let before = vendors(&app, &admin).await;
    let (status, body) = save(&app, &admin, &vendor("V-TWO", KEY)).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["kind"], "conflict");
    // Another user of the tenant cannot replay someone else's answer either.
    let other = app.signed_in(ADMIN).await;
    assert_eq!(save(&app, &other, &vendor("V-ONE", KEY)).await.0, 200, "the same user in a new session replays");
    let (status, _) = save(&app, &admin, &vendor("V-ONE", "not-a-uuid")).await;
    assert_eq!(status, 422);
    assert_eq!(vendors(&app, &admin).await, before, "nothing written");
}

async fn old_keys_are_swept(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(save(&app, &admin, &vendor("V-OLD", KEY)).await.0, 200);
    let kept = server::sweep::sweep_once(&app.db, Duration::from_secs(3600)).await.unwrap();
    assert_eq!(kept.idempotency_keys, 0, "a fresh key stays");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let swept = server::sweep::sweep_once(&app.db, Duration::from_secs(1)).await.unwrap();
    assert_eq!(swept.idempotency_keys, 1);
    assert_eq!(idempotency_key::Entity::find().count(&app.db).await.unwrap(), 0);
}
