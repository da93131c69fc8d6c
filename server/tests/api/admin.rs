//! Administrators at work: master data with search, sort, pages and CSV import;
//! users created, changed and deactivated; tenants created and suspended. Every
//! change lands in the audit log.

use serde_json::Value;

use crate::helpers::{browser, saved_id, second_tenant, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    master_data_lists_search_sort_and_page,
    a_row_in_use_cannot_be_deleted,
    csv_import_is_all_or_nothing_with_line_numbers,
    users_are_created_changed_and_deactivated,
    tenants_are_created_renamed_and_suspended,
    every_list_search_ignores_case,
    reason_catalogues_are_edited_and_reach_the_tablets,
);

const ADMIN: &str = "admin@acme.example";

async fn json(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

async fn vendor(app: &TestApp, client: &reqwest::Client, code: &str, name: &str) -> i64 {
    saved_id(
        app.call(
            client,
            "/api/catalog_save",
            &[("kind", "vendors"), ("values[code]", code), ("values[name]", name), ("values[lead_time_days]", "4")],
        )
        .await,
    )
    .await
}

async fn master_data_lists_search_sort_and_page(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in(ADMIN).await;
    for n in 1..=30 {
        vendor(&app, &admin, &format!("V{n:02}"), &format!("Vendor {n}")).await;
    }
    let special = vendor(&app, &admin, "ZZ", "Müller Papier 100%").await;

    let page: Value = json(app.call(&admin, "/api/catalog_list", &[("kind", "vendors")]).await).await;
    assert_eq!(page["total"], 31);
    assert_eq!(page["rows"].as_array().unwrap().len(), 25);
    assert_eq!(page["rows"][0]["cells"][0], "V01", "sorted by code by default");
    let second: Value =
        json(app.call(&admin, "/api/catalog_list", &[("kind", "vendors"), ("query[page]", "2")]).await).await;
    assert_eq!(second["rows"].as_array().unwrap().len(), 6);
    let desc: Value = json(
        app.call(&admin, "/api/catalog_list", &[("kind", "vendors"), ("query[sort]", "name"), ("query[desc]", "true")])
            .await,
    )
    .await;
    assert_eq!(desc["rows"][0]["cells"][1], "Vendor 9");
    let found: Value = json(
        app.call(&admin, "/api/catalog_list", &[("kind", "vendors"), ("query[search]", "müller PAPIER 100%")]).await,
    )
    .await;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["rows"][0]["id"], special);
    let none: Value =
        json(app.call(&admin, "/api/catalog_list", &[("kind", "vendors"), ("query[search]", "%")]).await).await;
    assert_eq!(none["total"], 1, "% is searched literally: {none}");

    // Update: the audit log says what changed.
    saved_id(
        app.call(
            &admin,
            "/api/catalog_save",
            &[
                ("kind", "vendors"),
                ("id", &special.to_string()),
                ("values[code]", "ZZ"),
                ("values[name]", "Müller GmbH"),
                ("values[lead_time_days]", "4"),
            ],
        )
        .await,
    )
    .await;
    let log: Value = json(app.call(&admin, "/api/audit_list", &[("query[search]", "Müller GmbH")]).await).await;
    assert_eq!(log["total"], 1, "{log}");
    assert_eq!(log["rows"][0]["action"], "update");
    assert_eq!(log["rows"][0]["user"], ADMIN);
    assert!(log["rows"][0]["summary"].as_str().unwrap().contains("→"), "{log}");
}

async fn a_row_in_use_cannot_be_deleted(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in(ADMIN).await;
    let facilities: Value = json(app.call(&admin, "/api/catalog_list", &[("kind", "facilities")]).await).await;
    let plant = facilities["rows"][1]["id"].as_i64().unwrap();
    let press = saved_id(
        app.call(
            &admin,
            "/api/catalog_save",
            &[
                ("kind", "work_centers"),
                ("values[code]", "P1"),
                ("values[name]", "Press"),
                ("values[facility_id]", &plant.to_string()),
                ("values[kind]", "press"),
            ],
        )
        .await,
    )
    .await;
    let refused = app.call(&admin, "/api/catalog_delete", &[("kind", "facilities"), ("id", &plant.to_string())]).await;
    assert_eq!(refused.status().as_u16(), 200);
    assert_eq!(json(refused).await, serde_json::json!({"InUse": {"by": "work_centers"}}));
    let deleted =
        app.call(&admin, "/api/catalog_delete", &[("kind", "work_centers"), ("id", &press.to_string())]).await;
    assert_eq!(deleted.status().as_u16(), 200);
    let gone = app.call(&admin, "/api/catalog_get", &[("kind", "work_centers"), ("id", &press.to_string())]).await;
    assert_eq!(gone.status().as_u16(), 404);
}

async fn csv_import_is_all_or_nothing_with_line_numbers(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in(ADMIN).await;
    let header = "code,facility,zone,length_mm,width_mm,height_mm,max_weight_kg";
    let bad = format!("{header}\nA-01,PLANT,A,1200,800,1500,1000\nA-02,NOWHERE,A,1200,800,1500,1000\nA-03,PLANT,A,-5,800,1500,1000\nA-01,PLANT,B,1,1,1,1\nA-04,PLANT,A,1200,800\n");
    let before: Value = json(app.call(&admin, "/api/catalog_list", &[("kind", "bins")]).await).await;
    let response = app.call(&admin, "/api/catalog_import", &[("kind", "bins"), ("csv", &bad)]).await;
    assert_eq!(response.status().as_u16(), 200);
    let errors = json(response).await["Rejected"]["errors"].clone();
    let lines: Vec<i64> = errors.as_array().unwrap().iter().map(|e| e["line"].as_i64().unwrap()).collect();
    assert_eq!(lines, [3, 4, 5, 6], "{errors}");
    assert!(errors[0]["message"].as_str().unwrap().contains("NOWHERE"), "{errors}");
    assert!(errors[2]["message"].as_str().unwrap().contains("twice"), "{errors}");
    let bins: Value = json(app.call(&admin, "/api/catalog_list", &[("kind", "bins")]).await).await;
    assert_eq!(bins["total"], before["total"], "nothing is stored from a rejected file");

    let good =
        format!("{header}\r\nA-01,PLANT,A,1200,800,1500,1000\r\nA-02,DC-EAST,\"B, upper\",1200,800,\"1500,5\",750\r\n");
    let response = app.call(&admin, "/api/catalog_import", &[("kind", "bins"), ("csv", &good)]).await;
    assert_eq!(json(response).await, serde_json::json!({"Imported": {"created": 2, "updated": 0}}));
    let again =
        app.call(&admin, "/api/catalog_import", &[("kind", "bins"), ("csv", &good.replace("1000", "900"))]).await;
    assert_eq!(
        json(again).await,
        serde_json::json!({"Imported": {"created": 0, "updated": 2}}),
        "existing codes are updated"
    );
    let bins: Value =
        json(app.call(&admin, "/api/catalog_list", &[("kind", "bins"), ("query[search]", "upper")]).await).await;
    assert_eq!(bins["total"], 1);

    let header_only =
        app.call(&admin, "/api/catalog_import", &[("kind", "materials"), ("csv", "code,name,colour\n")]).await;
    let errors = json(header_only).await["Rejected"]["errors"].clone();
    assert_eq!(errors[0]["line"], 1);
    assert!(errors[0]["message"].as_str().unwrap().contains("colour"), "{errors}");
    let not_importable = app.call(&admin, "/api/catalog_import", &[("kind", "vendors"), ("csv", "code\n")]).await;
    assert_eq!(not_importable.status().as_u16(), 400);
}

async fn users_are_created_changed_and_deactivated(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in(ADMIN).await;
    let id = saved_id(
        app.call(
            &admin,
            "/api/user_create",
            &[
                ("email", "Nina@Acme.Example"),
                ("display_name", "Nina"),
                ("role", "supervisor"),
                ("password", "nina-password-1"),
            ],
        )
        .await,
    )
    .await;
    let nina = browser();
    assert!(!app.login(&nina, "nina@acme.example", "nina-password-1").await.status().is_client_error());
    assert_eq!(app.whoami(&nina).await["role"], "supervisor");

    saved_id(
        app.call(
            &admin,
            "/api/user_update",
            &[("id", &id.to_string()), ("display_name", "Nina N."), ("role", "tenant_admin")],
        )
        .await,
    )
    .await;
    assert_eq!(app.whoami(&nina).await, Value::Null, "a role change ends the user's sessions");
    assert!(!app.login(&nina, "nina@acme.example", "nina-password-1").await.status().is_client_error());
    assert_eq!(app.whoami(&nina).await["role"], "tenant_admin", "signed in again, with the new role");

    saved_id(
        app.call(&admin, "/api/user_reset_password", &[("id", &id.to_string()), ("password", "nina-password-2")]).await,
    )
    .await;
    assert_eq!(app.whoami(&nina).await, Value::Null, "a password reset ends the user's sessions");
    assert_eq!(app.login(&browser(), "nina@acme.example", "nina-password-1").await.status().as_u16(), 401);
    assert!(!app.login(&nina, "nina@acme.example", "nina-password-2").await.status().is_client_error());
    assert_eq!(app.whoami(&nina).await["role"], "tenant_admin");

    saved_id(app.call(&admin, "/api/user_set_active", &[("id", &id.to_string()), ("active", "false")]).await).await;
    assert_eq!(app.whoami(&nina).await, Value::Null, "deactivation ends the session");
    assert_eq!(app.login(&browser(), "nina@acme.example", "nina-password-2").await.status().as_u16(), 401);

    let me: Value = json(app.call(&admin, "/api/users_list", &[("query[search]", "admin@")]).await).await;
    let my_id = me["rows"][0]["id"].as_i64().unwrap().to_string();
    let refused = app.call(&admin, "/api/user_set_active", &[("id", &my_id), ("active", "false")]).await;
    assert!(json(refused).await["Invalid"].is_object(), "an administrator cannot lock themselves out");

    // A new operator with a badge signs in at the kiosk.
    let operator = saved_id(
        app.call(
            &admin,
            "/api/user_create",
            &[
                ("email", "ivan@acme.example"),
                ("display_name", "Ivan"),
                ("role", "operator"),
                ("password", "ivan-password-1"),
            ],
        )
        .await,
    )
    .await;
    let facilities: Value = json(app.call(&admin, "/api/catalog_list", &[("kind", "facilities")]).await).await;
    let plant = facilities["rows"].as_array().unwrap().iter().find(|r| r["cells"][0] == "PLANT").unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let taken = app
        .call(
            &admin,
            "/api/badge_create",
            &[("user_id", &operator.to_string()), ("facility", &plant), ("badge", "1001"), ("pin", "1357")],
        )
        .await;
    assert!(json(taken).await["Invalid"].is_object(), "badge 1001 belongs to the demo operator");
    saved_id(
        app.call(
            &admin,
            "/api/badge_create",
            &[("user_id", &operator.to_string()), ("facility", &plant), ("badge", "2002"), ("pin", "1357")],
        )
        .await,
    )
    .await;
    let kiosk = browser();
    let response =
        app.call(&kiosk, "/api/operator_login", &[("facility", &plant), ("badge", "2002"), ("pin", "1357")]).await;
    assert!(!response.status().is_client_error());
    assert_eq!(app.whoami(&kiosk).await["display_name"], "Ivan");

    let log: Value = json(app.call(&admin, "/api/audit_list", &[]).await).await;
    let actions: Vec<&str> = log["rows"].as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    for action in ["create", "update", "reset_password", "deactivate", "create_badge"] {
        assert!(actions.contains(&action), "{action} missing from {actions:?}");
    }
}

async fn tenants_are_created_renamed_and_suspended(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let globex_admin = second_tenant(&app).await;
    assert_eq!(app.whoami(&globex_admin).await["tenant_name"], "Globex Labels");
    // The new tenant sees only itself.
    let facilities: Value = json(app.call(&globex_admin, "/api/catalog_list", &[("kind", "facilities")]).await).await;
    assert_eq!(facilities["total"], 0);
    let users: Value = json(app.call(&globex_admin, "/api/users_list", &[]).await).await;
    assert_eq!(users["total"], 1);

    let platform = app.signed_in("platform@floorcast.local").await;
    let tenants: Value = json(app.call(&platform, "/api/tenants_list", &[("query[search]", "globex")]).await).await;
    let globex = tenants["rows"][0]["id"].as_i64().unwrap().to_string();
    saved_id(app.call(&platform, "/api/tenant_rename", &[("id", &globex), ("name", "Globex Labels & Tags")]).await)
        .await;
    assert_eq!(app.whoami(&globex_admin).await["tenant_name"], "Globex Labels & Tags");
    saved_id(app.call(&platform, "/api/tenant_set_active", &[("id", &globex), ("active", "false")]).await).await;
    assert_eq!(app.whoami(&globex_admin).await, Value::Null, "suspension ends the tenant's sessions");
    let tenants: Value = json(app.call(&platform, "/api/tenants_list", &[]).await).await;
    assert_eq!(tenants["total"], 2);
    let missing = app.call(&platform, "/api/tenant_rename", &[("id", "999999"), ("name", "Ghost")]).await;
    assert_eq!(missing.status().as_u16(), 404);
}

/// One search for every list: case does not matter on either backend (Postgres'
/// `LIKE` is case-sensitive), and `%` is taken literally.
async fn every_list_search_ignores_case(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in(ADMIN).await;
    let platform = app.signed_in("platform@floorcast.local").await;
    let total = |client: reqwest::Client, endpoint: &'static str, form: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move { json(app.call(&client, endpoint, &form).await).await["total"].as_u64().unwrap() }
    };
    for search in ["olga", "OLGA", "Olga"] {
        assert_eq!(total(admin.clone(), "/api/users_list", vec![("query[search]", search)]).await, 1, "{search}");
    }
    assert!(total(admin.clone(), "/api/users_list", vec![("query[search]", "ACME.EXAMPLE")]).await >= 3);
    assert_eq!(total(admin.clone(), "/api/users_list", vec![("query[search]", "%")]).await, 0, "% is literal");
    assert_eq!(total(platform.clone(), "/api/tenants_list", vec![("query[search]", "ACME")]).await, 1);
    assert!(
        total(admin.clone(), "/api/catalog_list", vec![("kind", "facilities"), ("query[search]", "PLANT")]).await >= 1
    );
    assert!(
        total(admin.clone(), "/api/catalog_list", vec![("kind", "facilities"), ("query[search]", "plant")]).await >= 1
    );
    app.call(
        &admin,
        "/api/catalog_save",
        &[
            ("kind", "vendors"),
            ("values[code]", "V-CASE"),
            ("values[name]", "Case Co"),
            ("values[lead_time_days]", "2"),
        ],
    )
    .await;
    assert!(total(admin.clone(), "/api/audit_list", vec![("query[search]", "VENDORS")]).await >= 1);
}

async fn reason_catalogues_are_edited_and_reach_the_tablets(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in(ADMIN).await;
    let save = |values: Vec<(&'static str, &'static str)>| {
        let (app, admin) = (&app, admin.clone());
        async move { app.call(&admin, "/api/catalog_save", &values).await }
    };
    let reason = vec![
        ("kind", "downtime_reasons"),
        ("values[code]", "HYD"),
        ("values[name]", "Hydraulic leak"),
        ("values[loss]", "breakdown"),
        ("values[needs_comment]", "yes"),
    ];
    let hydraulic = saved_id(save(reason.clone()).await).await;
    let centers: Value = json(app.call(&admin, "/api/catalog_list", &[("kind", "work_centers")]).await).await;
    let press = centers["rows"][0]["id"].as_i64().unwrap().to_string();
    let offered = || {
        let (app, admin, press) = (&app, admin.clone(), press.clone());
        async move {
            let view: Value = json(app.call(&admin, "/api/station_view", &[("work_center_id", &press)]).await).await;
            view["downtime_reasons"].as_array().unwrap().iter().find(|r| r["name"] == "Hydraulic leak").cloned()
        }
    };
    let listed = offered().await.expect("a new reason is offered at the tablet");
    assert_eq!(listed["needs_comment"], true);

    // Bad values are refused field by field; nothing is stored.
    let mut bad = reason.clone();
    bad[1] = ("values[code]", "HYD2");
    bad[3] = ("values[loss]", "coffee");
    bad[4] = ("values[needs_comment]", "maybe");
    let refused: Value = json(save(bad).await).await;
    let fields: Vec<&str> =
        refused["Invalid"]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["loss", "needs_comment"], "{refused}");

    // Used by a stop, it cannot be deleted; retired, it is no longer offered.
    let id = hydraulic.to_string();
    let stop = serde_json::json!({ "work_center_id": press.parse::<i64>().unwrap(), "idempotency_key": "00000000-0000-4000-a000-000000000001",
        "action": { "action": "state", "state": "Down", "reason_id": hydraulic, "comment": "hose burst" } });
    let recorded: Value =
        admin.post(app.url("/api/station_write")).json(&stop).send().await.unwrap().json().await.unwrap();
    assert_eq!(recorded["outcome"], "done", "{recorded}");
    let delete = app.call(&admin, "/api/catalog_delete", &[("kind", "downtime_reasons"), ("id", &id)]).await;
    assert_eq!(json(delete).await, serde_json::json!("InHistory"));
    let mut retired = reason.clone();
    retired.push(("values[active]", "no"));
    let retire: Vec<(&str, &str)> = retired.iter().copied().chain([("id", id.as_str())]).collect();
    saved_id(app.call(&admin, "/api/catalog_save", &retire).await).await;
    assert!(offered().await.is_none(), "a retired reason is not offered");
    let page: Value =
        json(app.call(&admin, "/api/catalog_list", &[("kind", "downtime_reasons"), ("query[search]", "HYD")]).await)
            .await;
    assert_eq!(page["rows"][0]["cells"], serde_json::json!(["HYD", "Hydraulic leak", "breakdown", "yes", "no"]));

    let scrap =
        saved_id(save(vec![("kind", "scrap_reasons"), ("values[code]", "INK"), ("values[name]", "Ink smear")]).await)
            .await;
    let view: Value = json(app.call(&admin, "/api/station_view", &[("work_center_id", &press)]).await).await;
    assert!(view["scrap_reasons"].as_array().unwrap().iter().any(|r| r["id"] == scrap), "active unless told otherwise");
}
