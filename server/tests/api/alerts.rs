//! Floor alerts: the floor watch raises an alert when a work center crosses its
//! tenant's rule, once, keeps it while the condition lasts and clears it when the
//! work center is back; a supervisor acknowledges it with a comment; a work
//! center's own rule replaces the tenant-wide one; rules are checked when saved.

use serde_json::{json, Value};

use crate::helpers::{done, key, second_tenant, work_center, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_machine_down_too_long_is_raised_once_acknowledged_and_cleared,
    a_work_centers_own_rule_replaces_the_tenant_wide_one
);

const MINUTE: i64 = 60_000;

/// Looks at the floor `minutes` from now, as the floor watch does.
async fn watch_in(app: &TestApp, minutes: i64) -> server::floor_watch::Watched {
    let at = chrono::Utc::now().timestamp_millis() + minutes * MINUTE;
    server::floor_watch::watch_once(&app.db, at).await.unwrap()
}

/// The board, once the shared snapshot has caught up with what was written
/// (it settles for a second while writes arrive).
async fn board(app: &TestApp, client: &reqwest::Client) -> Value {
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let response = app.call(client, "/api/production_alerts", &[]).await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

/// Puts work center `wc` DOWN now with its tenant's first breakdown reason.
async fn put_down(app: &TestApp, client: &reqwest::Client, wc: i64, n: u32) {
    let screen: Value =
        app.call(client, "/api/station_view", &[("work_center_id", &wc.to_string())]).await.json().await.unwrap();
    let reason = screen["downtime_reasons"].as_array().unwrap().iter().find(|r| r["name"] == "Mechanical failure");
    let reason = reason.unwrap_or_else(|| panic!("no reason in {screen}"))["id"].clone();
    done(app, client, wc, &key(n), json!({ "action": "state", "state": "Down", "reason_id": reason })).await;
}

async fn acknowledge(app: &TestApp, client: &reqwest::Client, id: i64, comment: &str) -> reqwest::Response {
    app.call(client, "/api/alert_acknowledge", &[("alert_id", &id.to_string()), ("comment", comment)]).await
}

async fn a_machine_down_too_long_is_raised_once_acknowledged_and_cleared(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let press = work_center(&app, "PRESS-1").await;
    let supervisor = app.signed_in("supervisor@acme.example").await;
    assert_eq!(board(&app, &supervisor).await, json!({ "open": [], "history": [] }));
    put_down(&app, &supervisor, press, 1).await;

    assert_eq!(watch_in(&app, 14).await.alerts.raised, 0, "the demo's rule allows 15 minutes");
    assert_eq!(watch_in(&app, 16).await.alerts.raised, 1);
    assert_eq!(watch_in(&app, 20).await.alerts.raised, 0, "raised once while it lasts");
    let shown = board(&app, &supervisor).await;
    let open = shown["open"].as_array().unwrap();
    assert_eq!(open.len(), 1, "{shown}");
    let alert = &open[0];
    assert_eq!((alert["kind"].as_str(), alert["work_center_id"].as_i64()), (Some("DownLongerThan"), Some(press)));
    assert_eq!(alert["threshold"], 15.0);
    assert!(alert["value"].as_f64().unwrap() > 15.0, "{alert}");
    assert!(alert["work_center"].as_str().unwrap().starts_with("PRESS-1"), "{alert}");
    assert_eq!(alert["acknowledged_ms"], Value::Null);
    let id = alert["id"].as_i64().unwrap();

    // An empty comment is refused by field and changes nothing; another tenant finds no such alert.
    let refused: Value = acknowledge(&app, &supervisor, id, "  ").await.json().await.unwrap();
    assert_eq!(refused["Invalid"]["errors"][0]["field"], "comment", "{refused}");
    let globex = second_tenant(&app).await;
    assert_eq!(acknowledge(&app, &globex, id, "not mine").await.status().as_u16(), 404);
    assert_eq!(board(&app, &globex).await["open"], json!([]), "another tenant sees none of it");
    assert_eq!(board(&app, &supervisor).await["open"][0]["acknowledged_ms"], Value::Null);

    let answer: Value =
        acknowledge(&app, &supervisor, id, "Fitter called, bearing on order").await.json().await.unwrap();
    let acknowledged = &answer["Acknowledged"]["alert"];
    assert_eq!(acknowledged["acknowledged_by"], "Sam Supervisor", "{answer}");
    assert_eq!(acknowledged["ack_comment"], "Fitter called, bearing on order");
    let admin = app.signed_in("admin@acme.example").await;
    let again: Value = acknowledge(&app, &admin, id, "me too").await.json().await.unwrap();
    assert_eq!(again["Acknowledged"]["alert"], *acknowledged, "the first acknowledgement stands");
    let audited: Value =
        app.call(&admin, "/api/audit_list", &[("query[search]", "down_longer_than")]).await.json().await.unwrap();
    let acks =
        audited["rows"].as_array().map_or(0, |rows| rows.iter().filter(|r| r["action"] == "acknowledge").count());
    assert_eq!(acks, 1, "{audited}");

    done(&app, &supervisor, press, &key(2), json!({ "action": "state", "state": "Running" })).await;
    assert_eq!(watch_in(&app, 21).await.alerts.cleared, 1);
    let shown = board(&app, &supervisor).await;
    assert_eq!(shown["open"], json!([]));
    let history = shown["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "{shown}");
    assert_eq!(history[0]["id"].as_i64(), Some(id));
    assert!(history[0]["cleared_ms"].as_i64().unwrap() > history[0]["raised_ms"].as_i64().unwrap());
    assert_eq!(history[0]["ack_comment"], "Fitter called, bearing on order");
}

async fn a_work_centers_own_rule_replaces_the_tenant_wide_one(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let (press, folder) = (work_center(&app, "PRESS-1").await, work_center(&app, "FOLD-1").await);
    let admin = app.signed_in("admin@acme.example").await;
    let save = |fields: Vec<(&'static str, String)>| {
        let (app, admin) = (&app, admin.clone());
        async move {
            let mut form = vec![("kind", "alert_rules".to_string())];
            form.extend(fields.into_iter().map(|(name, value)| (name, value)));
            let response = admin.post(app.url("/api/catalog_save")).form(&form).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    let rule = |code: &str, kind: &str, wc: String, threshold: &str| {
        vec![
            ("values[code]", code.to_string()),
            ("values[kind]", kind.to_string()),
            ("values[work_center_id]", wc),
            ("values[threshold]", threshold.to_string()),
        ]
    };
    let too_much = save(rule("OEE-150", "oee_below", String::new(), "150")).await;
    assert_eq!(too_much["Invalid"]["errors"][0]["field"], "threshold", "{too_much}");
    let saved = save(rule("PRESS-DOWN-60", "down_longer_than", press.to_string(), "60")).await;
    assert!(saved.get("Saved").is_some(), "{saved}");

    let supervisor = app.signed_in("supervisor@acme.example").await;
    put_down(&app, &supervisor, press, 1).await;
    put_down(&app, &supervisor, folder, 2).await;
    assert_eq!(watch_in(&app, 30).await.alerts.raised, 1, "the press may be down an hour, the folder 15 minutes");
    let open = board(&app, &supervisor).await["open"].clone();
    assert_eq!(open[0]["work_center_id"].as_i64(), Some(folder), "{open}");
    assert_eq!(watch_in(&app, 61).await.alerts.raised, 1, "now the press too");
}
