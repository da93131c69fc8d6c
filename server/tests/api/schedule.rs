//! Products and the schedule: a run takes the most specific ideal cycle time (the
//! work center's own for the product, the product's, the work center's rate); a
//! supervisor schedules a run on the facility's clock, once per form key; the
//! operator starts it from the tablet, once; a run that has not started can be
//! cancelled, one that has cannot; bad fields are named and write nothing.

use app::db::entity::audit_log;
use app::db::entity::production_run::{self, RunStatus};
use chrono::{Duration, NaiveTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};

use crate::helpers::{done, id_of, key, operator_at, refused, saved_id, second_tenant, station, work_center};
use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_run_takes_the_most_specific_ideal_cycle_time,
    a_scheduled_run_is_planned_on_the_facility_clock_and_started_once,
    a_bad_schedule_is_refused_by_field_and_writes_nothing
);

async fn run(app: &TestApp, id: i64) -> production_run::Model {
    production_run::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

fn start(product_id: i64) -> Value {
    json!({ "action": "start_run", "job": "J-1", "product": "", "planned_quantity": 100, "product_id": product_id })
}

async fn a_run_takes_the_most_specific_ideal_cycle_time(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let press = work_center(&app, "PRESS-1").await;
    let operator = operator_at(&app, Some(press)).await;
    let offered = station(&app, &operator, press).await["products"].as_array().unwrap().len();
    assert_eq!(offered, 8, "the tablet offers the demo's products");
    // The demo: a poster has its own time on PRESS-1 (0.36 s), the annual report
    // a product time (2.4 s), a flyer neither (PRESS-1 makes 15,000 an hour: 240 ms).
    for (n, (product, ideal_ms)) in [("POSTER-A2", 360), ("AR-2026", 2_400), ("FLY-A5", 240)].into_iter().enumerate() {
        let n = n as u32 * 2;
        let started = done(&app, &operator, press, &key(n), start(id_of(&app, "products", product).await)).await;
        let started = run(&app, started["run_id"].as_i64().unwrap()).await;
        assert_eq!(started.ideal_cycle_ms, ideal_ms, "{product}");
        assert!(started.product.starts_with(&format!("{product} — ")), "{}", started.product);
        done(&app, &operator, press, &key(n + 1), json!({ "action": "finish_run", "run_id": started.id })).await;
    }

    // Another tenant's product, or a retired one, is not started.
    let globex = second_tenant(&app).await;
    let form = [("kind", "products"), ("values[code]", "G-1"), ("values[name]", "Globex label")];
    let theirs = saved_id(globex.post(app.url("/api/catalog_save")).form(&form).send().await.unwrap()).await;
    let message = refused(&app, &operator, press, &key(10), start(theirs)).await;
    assert!(message.contains("not in master data"), "{message}");
    let admin = app.signed_in("admin@acme.example").await;
    let flyer = id_of(&app, "products", "FLY-A5").await.to_string();
    let retire = [
        ("kind", "products"),
        ("id", flyer.as_str()),
        ("values[code]", "FLY-A5"),
        ("values[name]", "A5 flyer, 4/4"),
        ("values[active]", "no"),
    ];
    saved_id(admin.post(app.url("/api/catalog_save")).form(&retire).send().await.unwrap()).await;
    refused(&app, &operator, press, &key(11), start(flyer.parse().unwrap())).await;

    // A second cycle time for the same product and work center is refused by field.
    let poster = id_of(&app, "products", "POSTER-A2").await.to_string();
    let press_id = press.to_string();
    let twin = [
        ("kind", "cycle_times"),
        ("values[code]", "TWIN"),
        ("values[product_id]", poster.as_str()),
        ("values[work_center_id]", press_id.as_str()),
        ("values[ideal_cycle_s]", "1"),
    ];
    let answer: Value =
        admin.post(app.url("/api/catalog_save")).form(&twin).send().await.unwrap().json().await.unwrap();
    assert_eq!(answer["Invalid"]["errors"][0]["field"], "work_center_id", "{answer}");
}

/// Tomorrow at `hh:mm` as the facility's clock shows it (the form's text), and
/// that moment in UTC for a facility 8 hours ahead of UTC (no DST).
fn tomorrow_at(hour: u32, minute: u32, hours_ahead_of_utc: i64) -> (String, i64) {
    let day = (Utc::now() + Duration::days(1)).date_naive();
    let local = day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap());
    let utc = local.and_utc() - Duration::hours(hours_ahead_of_utc);
    (local.format("%Y-%m-%dT%H:%M").to_string(), utc.timestamp_millis())
}

/// The facility of `work_center` moved to `zone`.
async fn move_facility(app: &TestApp, admin: &reqwest::Client, work_center: i64, zone: &str) {
    let center: Value = app
        .call(admin, "/api/catalog_get", &[("kind", "work_centers"), ("id", &work_center.to_string())])
        .await
        .json()
        .await
        .unwrap();
    let id = center["facility_id"].as_str().unwrap();
    let facility: Value =
        app.call(admin, "/api/catalog_get", &[("kind", "facilities"), ("id", id)]).await.json().await.unwrap();
    let form = [
        ("kind", "facilities"),
        ("id", id),
        ("values[code]", facility["code"].as_str().unwrap()),
        ("values[name]", facility["name"].as_str().unwrap()),
        ("values[timezone]", zone),
    ];
    saved_id(admin.post(app.url("/api/catalog_save")).form(&form).send().await.unwrap()).await;
}

async fn schedule(app: &TestApp, client: &reqwest::Client, fields: &[(&str, &str)]) -> (u16, Value) {
    let response = app.call(client, "/api/schedule_run", fields).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn a_scheduled_run_is_planned_on_the_facility_clock_and_started_once(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let press = work_center(&app, "PRESS-1").await;
    let admin = app.signed_in("admin@acme.example").await;
    move_facility(&app, &admin, press, "Asia/Singapore").await;
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let board: Value = app.call(&supervisor, "/api/production_schedule", &[]).await.json().await.unwrap();
    assert_eq!(board["runs"], json!([]), "the demo without history schedules nothing");
    let flyer = board["products"].as_array().unwrap().iter().find(|p| p["label"] == "FLY-A5 — A5 flyer, 4/4");
    let flyer = flyer.unwrap()["id"].as_i64().unwrap().to_string();

    let ((start_text, start_ms), (end_text, end_ms)) = (tomorrow_at(10, 0, 8), tomorrow_at(12, 30, 8));
    let press_id = press.to_string();
    let form = [
        ("work_center_id", press_id.as_str()),
        ("product_id", flyer.as_str()),
        ("job", "J-900"),
        ("planned_quantity", "900"),
        ("planned_start", start_text.as_str()),
        ("planned_end", end_text.as_str()),
        ("idempotency_key", "5a1e0c52-93f6-4b4e-8d0e-0a4c1f0d2a11"),
    ];
    let (status, first) = schedule(&app, &supervisor, &form).await;
    assert_eq!(status, 200, "{first}");
    let (_, again) = schedule(&app, &supervisor, &form).await;
    assert_eq!(first, again, "the same form key schedules once");
    let id = first["Saved"]["id"].as_i64().unwrap();
    let scheduled = run(&app, id).await;
    assert_eq!(production_run::Entity::find().count(&app.db).await.unwrap(), 1);
    assert_eq!(scheduled.status, RunStatus::Scheduled);
    assert_eq!((scheduled.planned_start_ms, scheduled.planned_end_ms), (Some(start_ms), Some(end_ms)));
    assert_eq!((scheduled.ideal_cycle_ms, scheduled.product.as_str()), (240, "FLY-A5 — A5 flyer, 4/4"));

    let board: Value = app.call(&supervisor, "/api/production_schedule", &[]).await.json().await.unwrap();
    let listed = board["runs"][0]["planned_start_local"].as_str().unwrap();
    assert!(listed.ends_with(" 10:00"), "listed on the facility's clock: {listed}");
    let overview: Value = app.call(&supervisor, "/api/production_overview", &[]).await.json().await.unwrap();
    assert_eq!(overview["runs_scheduled"], 1);

    // The operator starts it from the tablet, once.
    let operator = operator_at(&app, Some(press)).await;
    assert_eq!(station(&app, &operator, press).await["scheduled"][0]["id"], id);
    let start = json!({ "action": "start_scheduled", "run_id": id });
    done(&app, &operator, press, &key(1), start.clone()).await;
    let started = run(&app, id).await;
    assert_eq!(started.status, RunStatus::Active);
    assert!(started.started_ms.is_some() && started.operator_id.is_some());
    assert_eq!(started.planned_start_ms, Some(start_ms), "the plan stays beside what happened");
    assert_eq!(station(&app, &operator, press).await["scheduled"], json!([]));
    refused(&app, &operator, press, &key(2), start.clone()).await;
    done(&app, &operator, press, &key(3), json!({ "action": "finish_run", "run_id": id })).await;
    let message = refused(&app, &operator, press, &key(4), start).await;
    assert!(message.contains("no longer on the schedule"), "{message}");

    // A started run is not cancelled; one that has not started is, and both are audited.
    let cancel = app.call(&supervisor, "/api/schedule_cancel", &[("run_id", &id.to_string())]).await;
    assert_eq!(cancel.status().as_u16(), 422);
    let mut form2 = form;
    form2[2] = ("job", "J-901");
    form2[6] = ("idempotency_key", "5a1e0c52-93f6-4b4e-8d0e-0a4c1f0d2a12");
    let (_, second) = schedule(&app, &supervisor, &form2).await;
    let second = second["Saved"]["id"].as_i64().unwrap();
    let cancel = app.call(&supervisor, "/api/schedule_cancel", &[("run_id", &second.to_string())]).await;
    assert_eq!(cancel.status().as_u16(), 200);
    assert_eq!(run(&app, second).await.status, RunStatus::Cancelled);
    let audited = |action: &'static str| {
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq(action))
            .filter(audit_log::Column::Entity.eq("production_runs"))
            .count(&app.db)
    };
    assert_eq!((audited("schedule").await.unwrap(), audited("cancel").await.unwrap()), (2, 1));

    // Another tenant's work center is not found, and nothing is written.
    let globex = second_tenant(&app).await;
    let (status, _) = schedule(&app, &globex, &form2[..6]).await;
    assert_eq!(status, 404);
    assert_eq!(production_run::Entity::find().count(&app.db).await.unwrap(), 2);
}

async fn a_bad_schedule_is_refused_by_field_and_writes_nothing(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let press = work_center(&app, "PRESS-1").await.to_string();
    let flyer = id_of(&app, "products", "FLY-A5").await.to_string();
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let (start, _) = tomorrow_at(10, 0, 0);
    let (before, _) = tomorrow_at(9, 0, 0);
    let form = [
        ("work_center_id", press.as_str()),
        ("product_id", flyer.as_str()),
        ("job", " "),
        ("planned_quantity", "-5"),
        ("planned_start", start.as_str()),
        ("planned_end", before.as_str()),
    ];
    let (status, answer) = schedule(&app, &supervisor, &form).await;
    assert_eq!(status, 200, "{answer}");
    let fields: Vec<&str> =
        answer["Invalid"]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["job", "planned_quantity", "planned_end"], "{answer}");
    let mut form = form;
    form[2] = ("job", "J-902");
    form[3] = ("planned_quantity", "900");
    form[4] = ("planned_start", "next week");
    let (_, answer) = schedule(&app, &supervisor, &form[..5]).await;
    assert_eq!(answer["Invalid"]["errors"][0]["field"], "planned_start", "{answer}");
    assert_eq!(production_run::Entity::find().count(&app.db).await.unwrap(), 0);
}
