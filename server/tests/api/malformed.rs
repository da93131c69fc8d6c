//! Malformed bodies posted to every registered server function, by a caller its
//! access rule admits (so the body is really read): empty, wrong types, unknown
//! enum values, overflowing numbers, 10 kB strings, NUL bytes, broken encoding.
//! None may answer 5xx, leak driver or SQL text, or write anything.

use app::auth::model::Role;
use app::auth::policy::{rules, Access};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::helpers::{browser, operator_browser, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(malformed_bodies_get_a_plain_4xx_and_change_nothing, argument_errors_name_the_field_or_value);

/// Field names the server functions take, so the wrong values reach the decoder.
const FIELDS: &[&str] = &[
    "id",
    "kind",
    "query[page]",
    "query[search]",
    "query[sort]",
    "email",
    "password",
    "display_name",
    "role",
    "active",
    "facility",
    "badge",
    "pin",
    "work_center",
    "user_id",
    "name",
    "slug",
    "admin_email",
    "admin_name",
    "admin_password",
    "csv",
    "values[code]",
    "status",
    "work_center_id",
    "from",
    "to",
    "page",
    "span",
    "token",
    "facility_id",
    "alert_id",
    "comment",
    "product_id",
    "job",
    "planned_quantity",
    "planned_start",
    "planned_end",
    "run_id",
    "idempotency_key",
    "minor_stop_s",
    "startup_min",
    "startup_pieces",
    "lines[0][material]",
    "lines[0][quantity]",
    "lines[0][lot]",
    "strategy",
    "recommendation_id",
    "decision",
    "bin_id",
    "reason",
];

fn with_every_field(value: &str) -> String {
    FIELDS.iter().map(|f| format!("{}={value}", urlencode(f))).collect::<Vec<_>>().join("&")
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// (what it is, content type, body)
fn bodies() -> Vec<(&'static str, &'static str, String)> {
    let form = "application/x-www-form-urlencoded";
    let ten_kb = "x".repeat(10 * 1024);
    vec![
        ("empty", form, String::new()),
        ("wrong types", form, with_every_field("not-a-number")),
        ("unknown enum values", form, "kind=spaceships&role=emperor&id=1&query[sort]=%00".into()),
        ("overflowing numbers", form, with_every_field("99999999999999999999999999")),
        ("negative overflow", form, with_every_field("-9223372036854775809")),
        ("10 kB strings", form, with_every_field(&ten_kb)),
        ("NUL bytes", form, with_every_field("%00abc%00")),
        ("broken percent-encoding", form, "id=%ZZ&kind=%&email=%E2%28%A1".into()),
        ("nested nonsense", form, "query[page][x][y][z][w]=1&values=3&id[]=1&id[]=2".into()),
        ("JSON under a form type", form, r#"{"id": 1, "kind": "vendors"}"#.into()),
        ("binary", "application/octet-stream", "\u{1}\u{2}\u{3}".into()),
    ]
}

/// Text that must never reach a client: it tells an attacker what runs inside.
const LEAKS: &[&str] = &[
    "sqlx",
    "sqlite",
    "postgres",
    "SQLSTATE",
    "syntax error",
    "DbErr",
    "Args|",
    "panicked",
    "relation \"",
    "duplicate key",
    "constraint",
    "deserializ",
    "serde",
    "/root/",
    "/tmp/",
    ".rs:",
];

/// Rows in every table a server function could write (sessions and sign-in
/// throttling excepted: a failed sign-in is meant to count).
async fn row_counts(app: &TestApp) -> Vec<(String, i64)> {
    let list = match app.db.get_database_backend() {
        DbBackend::Postgres => "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    };
    let backend = app.db.get_database_backend();
    let tables = app.db.query_all_raw(Statement::from_string(backend, list)).await.unwrap();
    let mut counts = Vec::new();
    for row in tables {
        let name: String = row.try_get("", "name").unwrap();
        if ["sessions", "login_throttle", "seaql_migrations"].contains(&name.as_str()) {
            continue;
        }
        let sql = format!("SELECT COUNT(*) AS n FROM \"{name}\"");
        let found = app.db.query_one_raw(Statement::from_string(backend, sql)).await.unwrap().unwrap();
        counts.push((name, found.try_get("", "n").unwrap()));
    }
    counts.sort();
    counts
}

async fn malformed_bodies_get_a_plain_4xx_and_change_nothing(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let clients = [
        (Role::PlatformAdmin, app.signed_in("platform@floorcast.local").await),
        (Role::TenantAdmin, app.signed_in("admin@acme.example").await),
        (Role::Supervisor, app.signed_in("supervisor@acme.example").await),
        (Role::Operator, operator_browser(&app).await),
    ];
    let anonymous = browser();
    let machine = crate::helpers::machine_client(&app, &clients[1].1).await;
    let before = row_counts(&app).await;
    let mut posted = 0;
    let mut bad_requests = 0;
    for (path, access) in rules() {
        // Signing in or out would change who the next request is; they get a fresh client.
        let fresh = browser();
        let client = match access {
            Access::Public if path.contains("log") => &fresh,
            Access::Public => &anonymous,
            Access::Roles(allowed) => &clients.iter().find(|(role, _)| allowed.contains(role)).unwrap().1,
            Access::DeviceToken => &machine,
        };
        for (what, content_type, body) in bodies() {
            let response = client
                .post(app.url(path))
                .header("content-type", content_type)
                .header("accept", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            assert!(status < 500, "{path} with {what} answered {status}: {text}");
            let lower = text.to_lowercase();
            for leak in LEAKS {
                assert!(!lower.contains(&leak.to_lowercase()), "{path} with {what} leaked {leak:?}: {text}");
            }
            if status == 400 {
                let error: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: {text}"));
                assert_eq!(error["kind"], "bad_request", "{path} with {what}: {text}");
                assert!(error["message"].as_str().is_some_and(|m| m.ends_with('.')), "{path}: a sentence: {text}");
                bad_requests += 1;
            }
            posted += 1;
        }
    }
    assert_eq!(row_counts(&app).await, before, "a malformed request wrote something");
    assert!(posted >= 22 * 10, "only {posted} malformed posts");
    assert!(bad_requests >= posted / 2, "only {bad_requests} of {posted} were refused as bad requests");
}

async fn argument_errors_name_the_field_or_value(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in("admin@acme.example").await;
    for (path, form, named) in [
        ("/api/user_detail", vec![], "\"id\""),
        ("/api/catalog_list", vec![("kind", "spaceships")], "\"spaceships\""),
        ("/api/user_detail", vec![("id", "seven")], "number"),
        ("/api/user_set_active", vec![("id", "1"), ("active", "maybe")], "true or false"),
    ] {
        let response = app.call(&admin, path, &form).await;
        assert_eq!(response.status().as_u16(), 400, "{path} {form:?}");
        let error: serde_json::Value = response.json().await.unwrap();
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(named), "{path} {form:?}: {message}");
    }
}
