//! Receiving: an operator enters lines and gets a bin per line with a reason and two
//! alternatives; accepting or overriding puts the goods in (a placement with its
//! position, fitted again), rejecting needs a reason; a batch key recommends once;
//! what fits nowhere is a capacity failure with the needed space in words; bad lines
//! are named and write nothing.

use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;

use crate::helpers::{id_of, key, operator_at, second_tenant, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    an_operator_receives_three_lines_and_decides_each,
    what_fits_nowhere_is_a_capacity_failure,
    a_bin_filled_meanwhile_refuses_the_second_acceptance,
    bad_lines_are_named_and_write_nothing
);

async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = &app.db;
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

pub async fn plant(app: &TestApp) -> i64 {
    id_of(app, "facilities", "PLANT").await
}

/// Posts a batch: `lines` as (material, quantity, lot).
pub async fn receive(
    app: &TestApp,
    client: &reqwest::Client,
    facility: i64,
    key: &str,
    lines: &[(&str, &str, &str)],
) -> (u16, Value) {
    let mut form =
        vec![("facility_id".to_string(), facility.to_string()), ("idempotency_key".to_string(), key.to_string())];
    for (i, (material, quantity, lot)) in lines.iter().enumerate() {
        form.push((format!("lines[{i}][material]"), material.to_string()));
        form.push((format!("lines[{i}][quantity]"), quantity.to_string()));
        form.push((format!("lines[{i}][lot]"), lot.to_string()));
    }
    let response = client.post(app.url("/api/putaway_recommend")).form(&form).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn decide(app: &TestApp, client: &reqwest::Client, form: &[(&str, &str)]) -> (u16, Value) {
    let response = client.post(app.url("/api/putaway_decide")).form(form).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn offer(line: &Value) -> &Value {
    let offer = &line["outcome"]["Offer"];
    assert!(offer.is_object(), "expected an offer: {line}");
    offer
}

async fn an_operator_receives_three_lines_and_decides_each(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let operator = operator_at(&app, None).await;
    let facility = plant(&app).await;
    let lines = [("MAT-0001", "12", "L-77"), ("MAT-0002", "3", ""), ("MAT-0005", "2", "")];
    let (status, answer) = receive(&app, &operator, facility, &key(1), &lines).await;
    assert_eq!(status, 200, "{answer}");
    let results = answer["Recommended"]["lines"].as_array().expect("recommended").clone();
    assert_eq!(results.len(), 3);
    for line in &results {
        let offer = offer(line);
        assert!(offer["reason"].as_str().unwrap().contains("room for"), "{offer}");
        let confidence = offer["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence));
        assert!(!offer["alternatives"].as_array().unwrap().is_empty(), "alternatives: {offer}");
    }
    assert_eq!(results[0]["pieces"], 12);
    assert!(offer(&results[0])["reason"].as_str().unwrap().contains("3 cases"), "12 reams come in 3 cases of 5");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM putaway_recommendations WHERE status = 'PENDING'").await, 3);

    // The same batch key recommends once.
    let (_, again) = receive(&app, &operator, facility, &key(1), &lines).await;
    assert_eq!(again, answer);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM putaway_recommendations").await, 3);

    let supervisor = app.signed_in("supervisor@acme.example").await;
    let overview = |client: reqwest::Client| {
        let url = app.url("/api/warehouse_overview");
        let form = [("facility_id", facility.to_string())];
        async move { client.post(url).form(&form).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let before = overview(supervisor.clone()).await;
    assert_eq!(before["pending"], 3, "{before}");
    let bins = before["bins"].as_u64().unwrap();
    assert!(bins > 0);
    let histogram: u64 = before["histogram"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(histogram, bins, "every bin in one tenth");
    let aisle_bins: u64 = before["aisles"].as_array().unwrap().iter().map(|a| a["bins"].as_u64().unwrap()).sum();
    assert_eq!(aisle_bins, bins);
    let placements_before = count(&app, "SELECT COUNT(*) FROM placements").await;
    let id = |n: usize| offer(&results[n])["recommendation_id"].as_i64().unwrap().to_string();
    let (status, accepted) =
        decide(&app, &operator, &[("recommendation_id", &id(0)), ("decision", "accept"), ("idempotency_key", &key(2))])
            .await;
    assert_eq!(status, 200, "{accepted}");
    assert_eq!(accepted["status"], "ACCEPTED");
    assert_eq!(accepted["bin"]["id"], offer(&results[0])["bin"]["id"]);
    let (status, twice) =
        decide(&app, &operator, &[("recommendation_id", &id(0)), ("decision", "reject"), ("reason", "oops")]).await;
    assert_eq!(status, 409, "{twice}");

    // Override to the first alternative, with a reason.
    let other = offer(&results[1])["alternatives"][0]["bin"]["id"].as_i64().unwrap().to_string();
    let (status, _) =
        decide(&app, &operator, &[("recommendation_id", &id(1)), ("decision", "override"), ("bin_id", &other)]).await;
    assert_eq!(status, 422, "an override needs a reason");
    let form = [
        ("recommendation_id", id(1)),
        ("decision", "override".into()),
        ("bin_id", other.clone()),
        ("reason", "closer to the press".into()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, overridden) = decide(&app, &operator, &form).await;
    assert_eq!(status, 200, "{overridden}");
    assert_eq!(overridden["bin"]["id"].as_i64().unwrap().to_string(), other);

    let (status, rejected) =
        decide(&app, &operator, &[("recommendation_id", &id(2)), ("decision", "reject"), ("reason", "damaged")]).await;
    assert_eq!((status, rejected["status"].as_str()), (200, Some("REJECTED")));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM placements").await,
        placements_before + 2,
        "accepted and overridden went in"
    );
    let sql = format!("SELECT COUNT(*) FROM placements WHERE bin_id = {other} AND at_x IS NOT NULL AND pieces = 3");
    assert_eq!(count(&app, &sql).await, 1, "with its position");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE entity = 'putaway_recommendations'").await, 3);
    let after = overview(supervisor).await;
    assert!(after["percent"].as_f64().unwrap() > before["percent"].as_f64().unwrap(), "{before} → {after}");
    let statistics = &after["statistics"];
    let said = |n: usize| statistics[n]["text"].as_str().unwrap().to_string();
    assert_eq!(said(0), "not enough data (n = 3)", "{statistics}");
    assert_eq!(said(1), "not enough data (n = 1)", "one day of decisions is no trend");
    let week = &after["acceptance"][0];
    assert_eq!(
        (week["days"].as_u64(), week["decided"].as_u64(), week["accepted"].as_u64()),
        (Some(7), Some(3), Some(1))
    );
    assert_eq!(
        (week["overridden"].as_u64(), week["rejected"].as_u64(), after["pending"].as_u64()),
        (Some(1), Some(1), Some(0))
    );

    // `/metrics` counts them (the recorder is shared by every test of the process: presence, not totals).
    let metrics = app.get("/metrics").await.text().await.unwrap();
    for expected in [
        r#"floorcast_putaway_recommendations_total{strategy="standard",outcome="offer"}"#,
        r#"floorcast_putaway_decisions_total{status="OVERRIDDEN"}"#,
        r#"floorcast_putaway_batch_seconds_bucket{le="0.25"}"#,
    ] {
        assert!(metrics.contains(expected), "missing {expected}");
    }

    // Another tenant sees none of it.
    let globex = second_tenant(&app).await;
    let (status, _) =
        decide(&app, &globex, &[("recommendation_id", &id(1)), ("decision", "reject"), ("reason", "x")]).await;
    assert_eq!(status, 404);
    let (status, _) = receive(&app, &globex, facility, &key(3), &lines).await;
    assert_eq!(status, 404);
}

async fn what_fits_nowhere_is_a_capacity_failure(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in("admin@acme.example").await;
    let form = [
        ("kind", "materials"),
        ("values[code]", "CRATE-XXL"),
        ("values[name]", "Machine crate"),
        ("values[unit]", "pcs"),
        ("values[unit_length_mm]", "3000"),
        ("values[unit_width_mm]", "2500"),
        ("values[unit_height_mm]", "2200"),
        ("values[unit_weight_kg]", "900"),
        ("values[lead_time_days]", "10"),
        ("values[service_level]", "0.95"),
        ("values[order_cost]", "50"),
        ("values[holding_cost_rate]", "0.2"),
        ("values[min_order_qty]", "0"),
        ("values[order_multiple]", "1"),
    ];
    let response = admin.post(app.url("/api/catalog_save")).form(&form).send().await.unwrap();
    assert!(response.status().is_success());
    let facility = plant(&app).await;
    let (status, answer) =
        receive(&app, &admin, facility, &key(1), &[("CRATE-XXL", "1", ""), ("MAT-0001", "5", "")]).await;
    assert_eq!(status, 200, "{answer}");
    let message =
        answer["Recommended"]["lines"][0]["outcome"]["NoFit"]["message"].as_str().expect("no fit").to_string();
    assert!(
        message.starts_with("no bin fits: needs 16.5 m³ (3 × 2.5 × 2.2 m, 900 kg); the largest free space is"),
        "{message}"
    );
    offer(&answer["Recommended"]["lines"][1]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM capacity_failures").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM putaway_recommendations").await, 1);
}

async fn save(app: &TestApp, admin: &reqwest::Client, kind: &str, values: &[(&str, &str)]) -> i64 {
    let mut form = vec![("kind".to_string(), kind.to_string())];
    form.extend(values.iter().map(|(k, v)| (format!("values[{k}]"), v.to_string())));
    crate::helpers::saved_id(admin.post(app.url("/api/catalog_save")).form(&form).send().await.unwrap()).await
}

async fn a_bin_filled_meanwhile_refuses_the_second_acceptance(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in("admin@acme.example").await;
    let site = save(&app, &admin, "facilities", &[("code", "ANNEX"), ("name", "Annex"), ("timezone", "UTC")]).await;
    let site_id = site.to_string();
    let bin = [
        ("code", "ANNEX-1"),
        ("facility_id", site_id.as_str()),
        ("zone", "A"),
        ("length_mm", "1000"),
        ("width_mm", "1000"),
        ("height_mm", "1000"),
        ("max_weight_kg", "1000"),
    ];
    save(&app, &admin, "bins", &bin).await;
    let slab = [
        ("code", "SLAB"),
        ("name", "Stone slab"),
        ("unit", "pcs"),
        ("unit_length_mm", "1000"),
        ("unit_width_mm", "1000"),
        ("unit_height_mm", "600"),
        ("unit_weight_kg", "300"),
        ("lead_time_days", "5"),
        ("service_level", "0.95"),
        ("order_cost", "10"),
        ("holding_cost_rate", "0.2"),
        ("min_order_qty", "0"),
        ("order_multiple", "1"),
    ];
    save(&app, &admin, "materials", &slab).await;
    // Two batches, each told the one bin has room: a recommendation reserves nothing.
    let mut ids = Vec::new();
    for n in 0..2 {
        let (_, answer) = receive(&app, &admin, site, &key(n), &[("SLAB", "1", "")]).await;
        ids.push(offer(&answer["Recommended"]["lines"][0])["recommendation_id"].as_i64().unwrap().to_string());
    }
    let (status, _) = decide(&app, &admin, &[("recommendation_id", &ids[0]), ("decision", "accept")]).await;
    assert_eq!(status, 200);
    let (status, refused) = decide(&app, &admin, &[("recommendation_id", &ids[1]), ("decision", "accept")]).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused["message"].as_str().unwrap().contains("ANNEX-1 has no room for 1 × SLAB any more"), "{refused}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM placements WHERE pieces = 1 AND weight_g = 300000").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM putaway_recommendations WHERE status = 'PENDING'").await, 1);
}

async fn bad_lines_are_named_and_write_nothing(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let operator = operator_at(&app, None).await;
    let facility = plant(&app).await;
    let (status, answer) = receive(&app, &operator, facility, &key(1), &[("MAT-0001", "0", ""), ("", "2", "")]).await;
    assert_eq!(status, 200);
    let fields: Vec<&str> =
        answer["Invalid"]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["lines[0].quantity", "lines[1].material"]);
    let (_, answer) = receive(&app, &operator, facility, &key(2), &[("NO-SUCH", "2", ""), ("MAT-0001", "2", "")]).await;
    assert_eq!(answer["Invalid"]["errors"][0]["field"], "lines[0].material", "{answer}");
    let (status, _) = receive(&app, &operator, facility, &key(3), &[]).await;
    assert_eq!(status, 400, "a batch without lines is malformed");
    let (status, _) = receive(&app, &operator, 999_999, &key(4), &[("MAT-0001", "2", "")]).await;
    assert_eq!(status, 403, "an operator receives at the facility signed in at");
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let (status, _) = receive(&app, &supervisor, 999_999, &key(5), &[("MAT-0001", "2", "")]).await;
    assert_eq!(status, 404);
    let (status, _) = decide(&app, &operator, &[("recommendation_id", "1"), ("decision", "maybe")]).await;
    assert_eq!(status, 400);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM putaway_recommendations").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM capacity_failures").await, 0);
}
