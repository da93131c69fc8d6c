//! A tenant's loss rules decide what a stop is: a 90-second breakdown is a minor
//! stop under the default two minutes and a breakdown once the tenant says one
//! minute. Bad rules are refused by field and change nothing; a save is audited.

use app::db::entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};

use crate::helpers::{done, key, operator_at, second_tenant, station, work_center, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(the_tenants_loss_rules_decide_what_a_short_stop_is);

async fn losses(app: &TestApp, client: &reqwest::Client) -> Value {
    let overview: Value = app.call(client, "/api/production_overview", &[]).await.json().await.unwrap();
    overview["total"]["losses"].clone()
}

async fn save(app: &TestApp, client: &reqwest::Client, rules: [&str; 3]) -> Value {
    let form = [("minor_stop_s", rules[0]), ("startup_min", rules[1]), ("startup_pieces", rules[2])];
    let response = app.call(client, "/api/loss_rules_save", &form).await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

async fn the_tenants_loss_rules_decide_what_a_short_stop_is(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in("admin@acme.example").await;
    let defaults: Value = app.call(&admin, "/api/loss_rules_get", &[]).await.json().await.unwrap();
    assert_eq!(defaults, json!({ "minor_stop_s": 120, "startup_min": 10, "startup_pieces": 0 }));

    // A run, and a 90-second breakdown ten minutes ago.
    let press = work_center(&app, "PRESS-1").await;
    let operator = operator_at(&app, Some(press)).await;
    let start = json!({ "action": "start_run", "job": "J-1", "product": "Flyer", "planned_quantity": 100 });
    done(&app, &operator, press, &key(1), start).await;
    let breakdown = station(&app, &operator, press).await["downtime_reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Mechanical failure")
        .unwrap()["id"]
        .clone();
    let now = chrono::Utc::now().timestamp_millis();
    let stop = json!({ "action": "state", "state": "Down", "reason_id": breakdown,
        "from_ms": now - 10 * 60_000, "to_ms": now - 10 * 60_000 + 90_000 });
    done(&app, &operator, press, &key(2), stop).await;
    let before = losses(&app, &admin).await;
    assert_eq!((before["minor_stops_ms"].as_i64(), before["breakdowns_ms"].as_i64()), (Some(90_000), Some(0)));

    let refused = save(&app, &admin, ["0", "481", "many"]).await;
    let fields: Vec<&str> =
        refused["Invalid"]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["minor_stop_s", "startup_min", "startup_pieces"]);
    assert_eq!(app.call(&admin, "/api/loss_rules_get", &[]).await.json::<Value>().await.unwrap(), defaults);

    assert!(save(&app, &admin, ["60", "5", "50"]).await["Saved"].is_object());
    let saved: Value = app.call(&admin, "/api/loss_rules_get", &[]).await.json().await.unwrap();
    assert_eq!(saved, json!({ "minor_stop_s": 60, "startup_min": 5, "startup_pieces": 50 }));
    // The overview settles for a second after writes.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let after = losses(&app, &admin).await;
    assert_eq!((after["minor_stops_ms"].as_i64(), after["breakdowns_ms"].as_i64()), (Some(0), Some(90_000)));
    let audited =
        audit_log::Entity::find().filter(audit_log::Column::Entity.eq("loss_policies")).count(&app.db).await.unwrap();
    assert_eq!(audited, 1, "one save, one entry; the refused one none");

    // Supervisors plan the floor but do not set its rules.
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let form = [("minor_stop_s", "1"), ("startup_min", "1"), ("startup_pieces", "1")];
    assert_eq!(app.call(&supervisor, "/api/loss_rules_save", &form).await.status().as_u16(), 403);
    // Another tenant keeps its own (the defaults).
    let globex = second_tenant(&app).await;
    assert_eq!(app.call(&globex, "/api/loss_rules_get", &[]).await.json::<Value>().await.unwrap(), defaults);
}
