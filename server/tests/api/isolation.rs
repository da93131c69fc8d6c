//! Tenant isolation, the first wall: a user of tenant A who passes an id that
//! belongs to tenant B gets "not found", and nothing of B changes. Every server
//! function that takes an id is in the table below.

use app::db::entity::production_run::RunStatus;
use app::db::entity::{alert, alert_rule, audit_log, production_run, user};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set};
use serde_json::Value;

use crate::helpers::{machine_token, saved_id, second_tenant, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(ids_of_another_tenant_are_not_found_and_nothing_changes, each_tenant_sees_only_its_own_figures);

/// The ids of tenant B's rows that the calls below aim at.
struct Targets {
    facility: i64,
    vendor: i64,
    material: i64,
    work_center: i64,
    bin: i64,
    user: i64,
    operator: i64,
    device_token: i64,
    alert_rule: i64,
    alert: i64,
    shift: i64,
    product: i64,
    scheduled_run: i64,
    recommendation: i64,
}

/// A call with an id: endpoint and form. `{…}` placeholders are B's ids.
const CALLS: &[(&str, &[(&str, &str)])] = &[
    ("/api/catalog_get", &[("kind", "materials"), ("id", "{material}")]),
    ("/api/catalog_get", &[("kind", "facilities"), ("id", "{facility}")]),
    (
        "/api/catalog_save",
        &[
            ("kind", "vendors"),
            ("id", "{vendor}"),
            ("values[code]", "HACK"),
            ("values[name]", "Hacked"),
            ("values[lead_time_days]", "1"),
        ],
    ),
    (
        "/api/catalog_save",
        &[
            ("kind", "facilities"),
            ("id", "{facility}"),
            ("values[code]", "HACK"),
            ("values[name]", "Hacked"),
            ("values[timezone]", "UTC"),
        ],
    ),
    ("/api/catalog_delete", &[("kind", "materials"), ("id", "{material}")]),
    ("/api/catalog_delete", &[("kind", "work_centers"), ("id", "{work_center}")]),
    ("/api/catalog_delete", &[("kind", "bins"), ("id", "{bin}")]),
    ("/api/user_detail", &[("id", "{user}")]),
    ("/api/user_update", &[("id", "{user}"), ("display_name", "Hacked"), ("role", "operator")]),
    ("/api/user_reset_password", &[("id", "{user}"), ("password", "hacked-password-1")]),
    ("/api/user_set_active", &[("id", "{user}"), ("active", "false")]),
    ("/api/badge_create", &[("user_id", "{operator}"), ("facility", "{facility}"), ("badge", "666"), ("pin", "6666")]),
    ("/api/station_view", &[("work_center_id", "{work_center}")]),
    ("/api/production_runs", &[("work_center_id", "{work_center}")]),
    ("/api/production_runs_csv", &[("work_center_id", "{work_center}")]),
    ("/api/device_token_create", &[("name", "Hack"), ("work_center_id", "{work_center}")]),
    ("/api/device_token_revoke", &[("id", "{device_token}")]),
    ("/api/display_link_create", &[("name", "Hack"), ("facility_id", "{facility}")]),
    ("/api/production_tv", &[("facility_id", "{facility}")]),
    ("/api/catalog_get", &[("kind", "alert_rules"), ("id", "{alert_rule}")]),
    ("/api/catalog_delete", &[("kind", "alert_rules"), ("id", "{alert_rule}")]),
    ("/api/alert_acknowledge", &[("alert_id", "{alert}"), ("comment", "Hacked")]),
    ("/api/catalog_get", &[("kind", "shifts"), ("id", "{shift}")]),
    (
        "/api/catalog_save",
        &[
            ("kind", "shifts"),
            ("id", "{shift}"),
            ("values[code]", "HACK"),
            ("values[name]", "Hacked"),
            ("values[facility_id]", "{facility}"),
            ("values[starts_at]", "00:00"),
            ("values[ends_at]", "00:00"),
            ("values[weekdays]", "mon"),
        ],
    ),
    ("/api/catalog_get", &[("kind", "products"), ("id", "{product}")]),
    (
        "/api/schedule_run",
        &[
            ("work_center_id", "{work_center}"),
            ("product_id", "{product}"),
            ("job", "HACK"),
            ("planned_quantity", "1"),
            ("planned_start", "{tomorrow}"),
        ],
    ),
    ("/api/schedule_cancel", &[("run_id", "{scheduled_run}")]),
    (
        "/api/putaway_recommend",
        &[
            ("facility_id", "{facility}"),
            ("lines[0][material]", "M1"),
            ("lines[0][quantity]", "1"),
            ("lines[0][lot]", ""),
        ],
    ),
    ("/api/putaway_decide", &[("recommendation_id", "{recommendation}"), ("decision", "accept")]),
    ("/api/warehouse_overview", &[("facility_id", "{facility}")]),
    (
        "/api/putaway_decide",
        &[("recommendation_id", "{recommendation}"), ("decision", "override"), ("bin_id", "{bin}"), ("reason", "x")],
    ),
];

/// Calls with a JSON body (the station's actions), the same way.
const JSON_CALLS: &[(&str, &str)] = &[
    (
        "/api/station_write",
        r#"{"work_center_id": {work_center}, "idempotency_key": "0b6c3c52-93f6-4b4e-8d0e-0a4c1f0d2a11",
        "action": {"action": "start_run", "job": "J-1", "product": "Flyer", "planned_quantity": 100}}"#,
    ),
    (
        "/api/station_write",
        r#"{"work_center_id": {work_center}, "idempotency_key": "0b6c3c52-93f6-4b4e-8d0e-0a4c1f0d2a13",
        "action": {"action": "start_scheduled", "run_id": {scheduled_run}}}"#,
    ),
];

fn fill(value: &str, ids: &Targets) -> String {
    value
        .replace("{facility}", &ids.facility.to_string())
        .replace("{vendor}", &ids.vendor.to_string())
        .replace("{material}", &ids.material.to_string())
        .replace("{work_center}", &ids.work_center.to_string())
        .replace("{bin}", &ids.bin.to_string())
        .replace("{user}", &ids.user.to_string())
        .replace("{operator}", &ids.operator.to_string())
        .replace("{device_token}", &ids.device_token.to_string())
        .replace("{alert_rule}", &ids.alert_rule.to_string())
        .replace("{alert}", &ids.alert.to_string())
        .replace("{shift}", &ids.shift.to_string())
        .replace("{product}", &ids.product.to_string())
        .replace("{scheduled_run}", &ids.scheduled_run.to_string())
        .replace("{recommendation}", &ids.recommendation.to_string())
        .replace("{tomorrow}", &tomorrow())
}

/// Tomorrow at ten, as a schedule form sends it.
fn tomorrow() -> String {
    (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%dT10:00").to_string()
}

async fn create(app: &TestApp, client: &reqwest::Client, kind: &str, values: &[(&str, &str)]) -> i64 {
    let mut form = vec![("kind".to_string(), kind.to_string())];
    form.extend(values.iter().map(|(k, v)| (format!("values[{k}]"), v.to_string())));
    saved_id(client.post(app.url("/api/catalog_save")).form(&form).send().await.unwrap()).await
}

/// An alert of `work_center`, raised as the floor watch would for the rule `rule` (of the same tenant).
async fn raised_alert(app: &TestApp, rule: i64, work_center: i64) -> i64 {
    let rule = alert_rule::Entity::find_by_id(rule).one(&app.db).await.unwrap().unwrap();
    let raised = alert::ActiveModel {
        tenant_id: Set(rule.tenant_id),
        work_center_id: Set(work_center),
        kind: Set(rule.kind),
        threshold: Set(rule.threshold),
        value: Set(rule.threshold + 1.0),
        raised_ms: Set(chrono::Utc::now().timestamp_millis()),
        ..Default::default()
    };
    raised.insert(&app.db).await.unwrap().id
}

/// Everything of tenant B as JSON, to compare before and after.
async fn snapshot(app: &TestApp, b_admin: &reqwest::Client, ids: &Targets) -> Vec<Value> {
    let mut all = Vec::new();
    for (kind, id) in [
        ("facilities", ids.facility),
        ("vendors", ids.vendor),
        ("materials", ids.material),
        ("work_centers", ids.work_center),
        ("bins", ids.bin),
        ("alert_rules", ids.alert_rule),
        ("shifts", ids.shift),
        ("products", ids.product),
    ] {
        let row = app.call(b_admin, "/api/catalog_get", &[("kind", kind), ("id", &id.to_string())]).await;
        all.push(row.json().await.unwrap());
    }
    all.push(app.call(b_admin, "/api/device_tokens", &[]).await.json().await.unwrap());
    all.push(app.call(b_admin, "/api/production_alerts", &[]).await.json().await.unwrap());
    all.push(app.call(b_admin, "/api/production_schedule", &[]).await.json().await.unwrap());
    all.push(Value::String(putaway_state(app).await));
    for id in [ids.user, ids.operator] {
        all.push(app.call(b_admin, "/api/user_detail", &[("id", &id.to_string())]).await.json().await.unwrap());
        let hash = user::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().password_hash;
        all.push(Value::String(hash));
    }
    all
}

/// Every recommendation's status and every placement, as text.
async fn putaway_state(app: &TestApp) -> String {
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.db;
    let mut state = String::new();
    for sql in [
        "SELECT id, status FROM putaway_recommendations ORDER BY id",
        "SELECT id, bin_id, pieces FROM placements ORDER BY id",
    ] {
        for row in db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap() {
            let id: i64 = row.try_get_by_index(0).unwrap();
            state.push_str(&format!("{id} "));
        }
        state.push('|');
    }
    let pending = "SELECT COUNT(*) FROM putaway_recommendations WHERE status = 'PENDING'";
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), pending)).await.unwrap().unwrap();
    state.push_str(&row.try_get_by_index::<i64>(0).unwrap().to_string());
    state
}

async fn ids_of_another_tenant_are_not_found_and_nothing_changes(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let b_admin = second_tenant(&app).await;
    let facility =
        create(&app, &b_admin, "facilities", &[("code", "G1"), ("name", "Globex plant"), ("timezone", "UTC")]).await;
    let fid = facility.to_string();
    let work_center = create(
        &app,
        &b_admin,
        "work_centers",
        &[("code", "P1"), ("name", "Press 1"), ("facility_id", &fid), ("kind", "press")],
    )
    .await;
    machine_token(&app, &b_admin, work_center).await;
    let tokens: Value = app.call(&b_admin, "/api/device_tokens", &[]).await.json().await.unwrap();
    let wid = work_center.to_string();
    let alert_rule = create(
        &app,
        &b_admin,
        "alert_rules",
        &[("code", "DOWN"), ("kind", "down_longer_than"), ("work_center_id", &wid), ("threshold", "5")],
    )
    .await;
    let shift = [
        ("code", "S1"),
        ("name", "Day"),
        ("facility_id", fid.as_str()),
        ("starts_at", "06:00"),
        ("ends_at", "14:00"),
        ("weekdays", "mon"),
    ];
    let product =
        create(&app, &b_admin, "products", &[("code", "L1"), ("name", "Label"), ("ideal_cycle_s", "1")]).await;
    let (pid, tomorrow) = (product.to_string(), tomorrow());
    let plan = [
        ("work_center_id", wid.as_str()),
        ("product_id", pid.as_str()),
        ("job", "G-1"),
        ("planned_quantity", "10"),
        ("planned_start", tomorrow.as_str()),
    ];
    let mut ids = Targets {
        recommendation: 0,
        product,
        scheduled_run: saved_id(app.call(&b_admin, "/api/schedule_run", &plan).await).await,
        shift: create(&app, &b_admin, "shifts", &shift).await,
        alert_rule,
        alert: raised_alert(&app, alert_rule, work_center).await,
        device_token: tokens["tokens"][0]["id"].as_i64().unwrap(),
        facility,
        vendor: create(&app, &b_admin, "vendors", &[("code", "V1"), ("name", "Paper Co"), ("lead_time_days", "5")])
            .await,
        material: create(
            &app,
            &b_admin,
            "materials",
            &[
                ("code", "M1"),
                ("name", "Label stock"),
                ("unit", "roll"),
                ("unit_length_mm", "330"),
                ("unit_width_mm", "330"),
                ("unit_height_mm", "100"),
                ("unit_weight_kg", "8"),
                ("lead_time_days", "7"),
                ("service_level", "0.95"),
                ("order_cost", "50"),
                ("holding_cost_rate", "0.2"),
                ("min_order_qty", "10"),
                ("order_multiple", "5"),
            ],
        )
        .await,
        work_center,
        bin: create(
            &app,
            &b_admin,
            "bins",
            &[
                ("code", "B1"),
                ("facility_id", &fid),
                ("zone", "A"),
                ("length_mm", "1200"),
                ("width_mm", "800"),
                ("height_mm", "1000"),
                ("max_weight_kg", "500"),
            ],
        )
        .await,
        user: saved_id(
            app.call(
                &b_admin,
                "/api/user_create",
                &[
                    ("email", "sup@globex.example"),
                    ("display_name", "Sue"),
                    ("role", "supervisor"),
                    ("password", "globex-password-1"),
                ],
            )
            .await,
        )
        .await,
        operator: saved_id(
            app.call(
                &b_admin,
                "/api/user_create",
                &[
                    ("email", "op@globex.example"),
                    ("display_name", "Otto"),
                    ("role", "operator"),
                    ("password", "globex-password-2"),
                ],
            )
            .await,
        )
        .await,
    };
    let line = [
        ("facility_id", fid.as_str()),
        ("lines[0][material]", "M1"),
        ("lines[0][quantity]", "2"),
        ("lines[0][lot]", ""),
    ];
    let received: Value = app.call(&b_admin, "/api/putaway_recommend", &line).await.json().await.unwrap();
    ids.recommendation =
        received["Recommended"]["lines"][0]["outcome"]["Offer"]["recommendation_id"].as_i64().expect("B's offer");
    let before = snapshot(&app, &b_admin, &ids).await;
    let audit_before = audit_log::Entity::find().order_by_asc(audit_log::Column::Id).all(&app.db).await.unwrap().len();

    let a_admin = app.signed_in("admin@acme.example").await;
    for (endpoint, form) in CALLS {
        let form: Vec<(String, String)> = form.iter().map(|(k, v)| (k.to_string(), fill(v, &ids))).collect();
        let response = a_admin.post(app.url(endpoint)).form(&form).send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        let refused =
            status == 404 || (status == 200 && body.contains("Invalid") && body.contains("Choose an existing entry."));
        assert!(refused, "{endpoint} {form:?} with another tenant's id answered {status}: {body}");
    }
    for (endpoint, body) in JSON_CALLS {
        let body = fill(body, &ids);
        let response =
            a_admin.post(app.url(endpoint)).header("content-type", "application/json").body(body).send().await.unwrap();
        let status = response.status().as_u16();
        assert_eq!(
            status,
            404,
            "{endpoint} with another tenant's id answered {status}: {}",
            response.text().await.unwrap()
        );
    }
    let runs = production_run::Entity::find().all(&app.db).await.unwrap();
    let only_b_plan = runs.iter().all(|run| run.id == ids.scheduled_run && run.status == RunStatus::Scheduled);
    assert!(only_b_plan, "a run was started on another tenant's work center, or B's plan changed: {runs:?}");

    assert_eq!(snapshot(&app, &b_admin, &ids).await, before, "tenant B changed");
    let audit_after = audit_log::Entity::find().all(&app.db).await.unwrap().len();
    assert_eq!(audit_after, audit_before, "a refused call left an audit entry");
}

/// Views without ids (dashboard snapshots) answer from the caller's tenant only,
/// even while another tenant's snapshot of the same view is cached.
async fn each_tenant_sees_only_its_own_figures(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let acme = app.signed_in("admin@acme.example").await;
    let figures = |client: reqwest::Client| {
        let app = &app;
        async move { app.call(&client, "/api/overview_summary", &[]).await.json::<Value>().await.unwrap() }
    };
    let acme_figures = figures(acme.clone()).await;
    assert!(acme_figures["facilities"].as_u64().unwrap() > 0, "{acme_figures}");
    let globex = second_tenant(&app).await;
    let globex_figures = figures(globex.clone()).await;
    for kind in ["facilities", "work_centers", "materials", "bins"] {
        assert_eq!(globex_figures[kind], 0, "{kind}: {globex_figures}");
    }
    assert_eq!(globex_figures["users"], 1, "only Globex's own administrator: {globex_figures}");

    // The floor overview too, while Acme's is cached.
    let floor = |client: reqwest::Client| {
        let app = &app;
        async move { app.call(&client, "/api/production_overview", &[]).await.json::<Value>().await.unwrap() }
    };
    let acme_floor = floor(acme.clone()).await;
    assert_eq!(acme_floor["tiles"].as_array().map(Vec::len), Some(12));
    let globex_floor = floor(globex.clone()).await;
    assert_eq!(globex_floor["tiles"], serde_json::json!([]), "{globex_floor}");

    // And the runs table, once Acme has a run.
    let press = acme_floor["tiles"][0]["id"].as_i64().unwrap();
    let started = serde_json::json!({ "work_center_id": press, "idempotency_key": "0b6c3c52-93f6-4b4e-8d0e-0a4c1f0d2a12",
        "action": {"action": "start_run", "job": "J-ACME", "product": "Flyer", "planned_quantity": 100} });
    let answer = acme.post(app.url("/api/station_write")).json(&started).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let runs = |client: reqwest::Client| {
        let app = &app;
        async move { app.call(&client, "/api/production_runs", &[]).await.json::<Value>().await.unwrap() }
    };
    assert_eq!(runs(acme.clone()).await["total"], 1);
    assert_eq!(runs(globex.clone()).await["total"], 0);

    // And the OEE trend: Acme's press has run since; Globex's floor never has.
    let run_time = |client: reqwest::Client| {
        let app = &app;
        async move {
            let trend: Value =
                app.call(&client, "/api/production_trend", &[("span", "24h-hour")]).await.json().await.unwrap();
            trend["points"].as_array().unwrap().iter().map(|p| p["figures"]["run_ms"].as_i64().unwrap()).sum::<i64>()
        }
    };
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert!(run_time(acme.clone()).await > 0);
    assert_eq!(run_time(globex.clone()).await, 0);

    // And the warehouse: Acme's facilities and bins, none for Globex.
    let warehouse = |client: reqwest::Client, endpoint: &'static str| {
        let app = &app;
        async move { app.call(&client, endpoint, &[]).await.json::<Value>().await.unwrap() }
    };
    assert_eq!(warehouse(acme.clone(), "/api/putaway_facilities").await.as_array().map(Vec::len), Some(2));
    assert_eq!(warehouse(globex.clone(), "/api/putaway_facilities").await, serde_json::json!([]));
    assert!(warehouse(acme, "/api/warehouse_overview").await["bins"].as_u64().unwrap() > 0);
    let empty = warehouse(globex, "/api/warehouse_overview").await;
    assert_eq!((empty["bins"].as_u64(), empty["facility_id"].is_null()), (Some(0), true), "{empty}");
}
