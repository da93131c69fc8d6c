//! Bad input on every form: empty, overlong (10 kB), invalid e-mail, duplicate,
//! HTML- and SQL-looking text. Each answer is a message beside the field,
//! never a 500, and nothing is stored. Unicode is welcome and kept as typed.

use app::db::entity::{audit_log, tenant, user};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::Value;

use crate::helpers::{saved_id, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(bad_input_gets_field_errors_and_stores_nothing, unicode_and_markup_are_stored_verbatim);

const TEN_KB: usize = 10 * 1024;

struct Case {
    who: &'static str,
    endpoint: &'static str,
    form: Vec<(String, String)>,
    /// The field the message must stand beside.
    field: &'static str,
}

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn with(mut base: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    base.retain(|(k, _)| k != key);
    base.push((key.to_string(), value.to_string()));
    base
}

fn cases() -> Vec<Case> {
    let long = "x".repeat(TEN_KB);
    let user = form(&[
        ("email", "new@acme.example"),
        ("display_name", "New Person"),
        ("role", "supervisor"),
        ("password", "a-fine-password"),
    ]);
    let tenant = form(&[
        ("name", "Initech"),
        ("slug", "initech"),
        ("admin_email", "boss@initech.example"),
        ("admin_name", "Bill"),
        ("admin_password", "a-fine-password"),
    ]);
    let vendor = form(&[
        ("kind", "vendors"),
        ("values[code]", "V-9"),
        ("values[name]", "Vendor"),
        ("values[lead_time_days]", "3"),
    ]);
    let case = |who, endpoint, form, field| Case { who, endpoint, form, field };
    let admin = "admin@acme.example";
    let platform = "platform@floorcast.local";
    vec![
        case(admin, "/api/user_create", with(user.clone(), "email", ""), "email"),
        case(admin, "/api/user_create", with(user.clone(), "email", "not-an-email"), "email"),
        case(admin, "/api/user_create", with(user.clone(), "email", &format!("{long}@x.io")), "email"),
        case(admin, "/api/user_create", with(user.clone(), "email", "supervisor@acme.example"), "email"),
        case(admin, "/api/user_create", with(user.clone(), "email", "<script>@x.io"), "email"),
        case(admin, "/api/user_create", with(user.clone(), "display_name", ""), "display_name"),
        case(admin, "/api/user_create", with(user.clone(), "display_name", &long), "display_name"),
        case(admin, "/api/user_create", with(user.clone(), "role", "platform_admin"), "role"),
        case(admin, "/api/user_create", with(user.clone(), "role", "'; DROP TABLE users; --"), "role"),
        case(admin, "/api/user_create", with(user.clone(), "password", "short"), "password"),
        case(admin, "/api/user_create", with(user.clone(), "password", "password123"), "password"),
        case(platform, "/api/tenant_create", with(tenant.clone(), "name", ""), "name"),
        case(platform, "/api/tenant_create", with(tenant.clone(), "name", &long), "name"),
        case(platform, "/api/tenant_create", with(tenant.clone(), "slug", "Bad Slug!"), "slug"),
        case(platform, "/api/tenant_create", with(tenant.clone(), "slug", "acme"), "slug"),
        case(platform, "/api/tenant_create", with(tenant.clone(), "slug", "x'; DELETE FROM tenants; --"), "slug"),
        case(platform, "/api/tenant_create", with(tenant.clone(), "admin_email", "nope"), "admin_email"),
        case(platform, "/api/tenant_create", with(tenant.clone(), "admin_password", ""), "admin_password"),
        case(admin, "/api/catalog_save", with(vendor.clone(), "values[code]", ""), "code"),
        case(admin, "/api/catalog_save", with(vendor.clone(), "values[code]", "<b>V</b>"), "code"),
        case(admin, "/api/catalog_save", with(vendor.clone(), "values[code]", "PLANT' OR '1'='1"), "code"),
        case(admin, "/api/catalog_save", with(vendor.clone(), "values[name]", &long), "name"),
        case(admin, "/api/catalog_save", with(vendor.clone(), "values[email]", "vendor at example"), "email"),
        case(admin, "/api/catalog_save", with(vendor.clone(), "values[lead_time_days]", "-3"), "lead_time_days"),
        case(admin, "/api/catalog_save", with(vendor.clone(), "values[lead_time_days]", "ten"), "lead_time_days"),
        case(
            admin,
            "/api/catalog_save",
            form(&[
                ("kind", "facilities"),
                ("values[code]", "PLANT"),
                ("values[name]", "Duplicate"),
                ("values[timezone]", "UTC"),
            ]),
            "code",
        ),
        case(
            admin,
            "/api/catalog_save",
            form(&[
                ("kind", "bins"),
                ("values[code]", "B1"),
                ("values[facility_id]", "999999"),
                ("values[zone]", "A"),
                ("values[length_mm]", "1"),
                ("values[width_mm]", "1"),
                ("values[height_mm]", "1"),
                ("values[max_weight_kg]", "1"),
            ]),
            "facility_id",
        ),
    ]
}

/// Row counts of everything a form could write.
async fn counts(app: &TestApp) -> Vec<u64> {
    let mut counts = vec![
        user::Entity::find().count(&app.db).await.unwrap(),
        tenant::Entity::find().count(&app.db).await.unwrap(),
        audit_log::Entity::find().count(&app.db).await.unwrap(),
    ];
    let platform = app.signed_in("admin@acme.example").await;
    for kind in ["facilities", "vendors", "materials", "work_centers", "bins"] {
        let page: Value = app.call(&platform, "/api/catalog_list", &[("kind", kind)]).await.json().await.unwrap();
        counts.push(page["total"].as_u64().unwrap_or_else(|| panic!("{kind}: {page}")));
    }
    counts
}

async fn bad_input_gets_field_errors_and_stores_nothing(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let before = counts(&app).await;
    let admin = app.signed_in("admin@acme.example").await;
    let platform = app.signed_in("platform@floorcast.local").await;
    for case in cases() {
        let client = if case.who == "admin@acme.example" { &admin } else { &platform };
        let response = client.post(app.url(case.endpoint)).form(&case.form).send().await.unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert_eq!(
            status,
            200,
            "{} {:?} answered {status}: {body}",
            case.endpoint,
            case.form.iter().map(|(k, v)| (k, v.chars().take(40).collect::<String>())).collect::<Vec<_>>()
        );
        let errors = body["Invalid"]["errors"].as_array().unwrap_or_else(|| panic!("no field errors: {body}"));
        assert!(
            errors.iter().any(|e| e["field"] == case.field && !e["message"].as_str().unwrap().is_empty()),
            "{}: no message beside {}: {body}",
            case.endpoint,
            case.field
        );
    }
    assert_eq!(counts(&app).await, before, "a refused form stored something");
}

async fn unicode_and_markup_are_stored_verbatim(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in("admin@acme.example").await;
    let name = "Ünïcødé <b>Papier</b> & 'Co'; DROP TABLE vendors; -- 紙";
    let id = saved_id(
        app.call(
            &admin,
            "/api/catalog_save",
            &[("kind", "vendors"), ("values[code]", "V-1"), ("values[name]", name), ("values[lead_time_days]", "3")],
        )
        .await,
    )
    .await;
    let row: Value = app
        .call(&admin, "/api/catalog_get", &[("kind", "vendors"), ("id", &id.to_string())])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(row["name"], name);
    let created = app
        .call(
            &admin,
            "/api/user_create",
            &[
                ("email", "zoe@acme.example"),
                ("display_name", "Zoë Ölçer-Ñúñez"),
                ("role", "operator"),
                ("password", "pässwörd-with-ümlauts"),
            ],
        )
        .await;
    saved_id(created).await;
    // The page escapes what it shows.
    let html = admin.get(app.url("/admin/catalog/vendors")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("&lt;b&gt;Papier&lt;/b&gt;"), "the vendor is listed, escaped:\n{html}");
    assert!(!html.contains("<b>Papier</b>"), "markup must be escaped on the page");
}
