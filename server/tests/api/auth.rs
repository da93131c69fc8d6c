//! People sign in and out: supervisors with e-mail and password, operators with
//! badge and PIN at a kiosk. Wrong guesses are throttled, suspended tenants are out.

use app::db::entity::tenant::TenantStatus;
use app::db::entity::{facility, tenant};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;
use server::seed::{DEMO_BADGE, DEMO_PASSWORD, DEMO_PIN};

use crate::helpers::{browser, once_signed_out, session_cookie, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    login_with_password_shows_the_user,
    wrong_password_and_unknown_email_get_the_same_answer,
    login_rotates_the_session_id,
    logout_invalidates_the_session_on_the_server,
    failed_logins_are_throttled_with_429,
    successful_login_resets_the_account_counter,
    suspended_tenant_cannot_sign_in_and_its_sessions_stop,
    operator_signs_in_with_badge_and_pin,
    session_cookie_is_http_only_and_same_site,
    one_address_guessing_many_accounts_is_throttled,
    sessions_end_after_their_absolute_lifetime,
    operator_picks_the_work_center_of_the_kiosk,
    a_stranger_cannot_lock_the_owner_out,
    many_addresses_still_hit_the_account_ceiling,
    forwarded_for_from_an_untrusted_peer_is_ignored,
    concurrent_failures_are_all_counted,
);

const SUPERVISOR: &str = "supervisor@acme.example";

async fn error_text(response: reqwest::Response) -> String {
    response.text().await.unwrap()
}

async fn login_with_password_shows_the_user(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let client = browser();
    assert_eq!(app.whoami(&client).await, Value::Null);
    let response = app.login(&client, "  Supervisor@Acme.Example ", DEMO_PASSWORD).await;
    assert!(response.status().is_redirection() || response.status().is_success(), "{}", response.status());
    let me = app.whoami(&client).await;
    assert_eq!(me["display_name"], "Sam Supervisor", "{me}");
    assert_eq!(me["role"], "supervisor");
    assert_eq!(me["tenant_name"], "Acme Print");
}

async fn wrong_password_and_unknown_email_get_the_same_answer(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let wrong = app.login(&browser(), SUPERVISOR, "not-the-password").await;
    let unknown = app.login(&browser(), "nobody@acme.example", "not-the-password").await;
    assert_eq!(wrong.status().as_u16(), 401);
    assert_eq!(unknown.status().as_u16(), 401);
    let (wrong, unknown) = (error_text(wrong).await, error_text(unknown).await);
    assert!(wrong.contains("Email or password is wrong."), "{wrong}");
    assert_eq!(wrong, unknown);
}

async fn login_rotates_the_session_id(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let client = browser();
    let first = session_cookie(&app.login(&client, SUPERVISOR, DEMO_PASSWORD).await).expect("a session cookie");
    let second = session_cookie(&app.login(&client, "admin@acme.example", DEMO_PASSWORD).await).expect("a new cookie");
    let id = |cookie: &str| cookie.split(';').next().unwrap().to_string();
    assert_ne!(id(&first), id(&second), "signing in must issue a fresh session id");
    // The first id no longer opens anything.
    let me = app.whoami_with_cookie(&id(&first)).await;
    assert_eq!(me, Value::Null);
}

async fn logout_invalidates_the_session_on_the_server(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let client = browser();
    let cookie = session_cookie(&app.login(&client, SUPERVISOR, DEMO_PASSWORD).await).unwrap();
    let id = cookie.split(';').next().unwrap().to_string();
    let sessions = app::db::entity::session::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(sessions, 1);
    let response = app.call(&client, "/api/logout", &[]).await;
    assert!(response.status().is_redirection() || response.status().is_success());
    assert_eq!(app::db::entity::session::Entity::find().count(&app.db).await.unwrap(), 0);
    let replayed = app.whoami_with_cookie(&id).await;
    assert_eq!(replayed, Value::Null, "a stolen cookie is worthless after logout");
}

async fn failed_logins_are_throttled_with_429(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let client = browser();
    for attempt in 1..=5 {
        let response = app.login(&client, SUPERVISOR, "wrong-password").await;
        assert_eq!(response.status().as_u16(), 401, "attempt {attempt}");
    }
    let blocked = app.login(&client, SUPERVISOR, DEMO_PASSWORD).await;
    assert_eq!(blocked.status().as_u16(), 429, "even the right password waits");
    let retry_after: u64 = blocked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert!(error_text(blocked).await.contains("Too many failed sign-ins"));
    // Other accounts are not locked out by this one's failures.
    assert!(!app.login(&browser(), "admin@acme.example", DEMO_PASSWORD).await.status().is_client_error());
}

async fn successful_login_resets_the_account_counter(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let client = browser();
    for _ in 0..4 {
        app.login(&client, SUPERVISOR, "wrong-password").await;
    }
    assert!(!app.login(&client, SUPERVISOR, DEMO_PASSWORD).await.status().is_client_error());
    for _ in 0..4 {
        assert_eq!(app.login(&client, SUPERVISOR, "wrong-password").await.status().as_u16(), 401);
    }
    assert!(!app.login(&client, SUPERVISOR, DEMO_PASSWORD).await.status().is_client_error());
}

async fn suspend(app: &TestApp, status: TenantStatus) {
    let acme = tenant::Entity::find().filter(tenant::Column::Slug.eq("acme")).one(&app.db).await.unwrap().unwrap();
    let mut acme: tenant::ActiveModel = acme.into();
    acme.status = Set(status);
    acme.update(&app.db).await.unwrap();
}

async fn suspended_tenant_cannot_sign_in_and_its_sessions_stop(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let client = app.signed_in(SUPERVISOR).await;
    assert_eq!(app.whoami(&client).await["role"], "supervisor");
    suspend(&app, TenantStatus::Suspended).await;
    let answer = once_signed_out(|| app.whoami(&client)).await;
    assert_eq!(answer, Value::Null, "the live session stops working, though the change bypassed the server");
    let response = app.login(&browser(), SUPERVISOR, DEMO_PASSWORD).await;
    assert_eq!(response.status().as_u16(), 403);
    assert!(error_text(response).await.contains("suspended"));
    suspend(&app, TenantStatus::Active).await;
    assert!(!app.login(&browser(), SUPERVISOR, DEMO_PASSWORD).await.status().is_client_error());
}

async fn operator_signs_in_with_badge_and_pin(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let plant =
        facility::Entity::find().filter(facility::Column::Code.eq("PLANT")).one(&app.db).await.unwrap().unwrap();
    let other =
        facility::Entity::find().filter(facility::Column::Code.eq("DC-EAST")).one(&app.db).await.unwrap().unwrap();
    let (plant_id, other_id) = (plant.id.to_string(), other.id.to_string());

    let wrong_pin = app
        .call(&browser(), "/api/operator_login", &[("facility", &plant_id), ("badge", DEMO_BADGE), ("pin", "0000")])
        .await;
    assert_eq!(wrong_pin.status().as_u16(), 401);
    assert!(error_text(wrong_pin).await.contains("Badge or PIN is wrong."));
    let wrong_facility = app
        .call(&browser(), "/api/operator_login", &[("facility", &other_id), ("badge", DEMO_BADGE), ("pin", DEMO_PIN)])
        .await;
    assert_eq!(wrong_facility.status().as_u16(), 401, "a badge opens only its own facility");

    let client = browser();
    let response = app
        .call(&client, "/api/operator_login", &[("facility", &plant_id), ("badge", DEMO_BADGE), ("pin", DEMO_PIN)])
        .await;
    assert!(!response.status().is_client_error(), "{}", response.status());
    let cookie = session_cookie(&response).unwrap();
    let me = app.whoami(&client).await;
    assert_eq!(me["role"], "operator");
    assert_eq!(me["facility_id"], plant.id);
    // The kiosk session's idle timeout is the operator one (15 minutes), not the desk one.
    let max_age: i64 =
        cookie.split(';').find_map(|p| p.trim().strip_prefix("Max-Age=")).expect("an expiring cookie").parse().unwrap();
    let minutes = max_age / 60;
    assert!((14..=15).contains(&minutes), "operator session lasts {minutes} min");

    let kiosk: Value =
        app.call(&browser(), "/api/kiosk_facility", &[("facility", &plant_id)]).await.json().await.unwrap();
    assert_eq!(kiosk["name"], plant.name);
    let logout = app.call(&client, "/api/logout", &[]).await;
    assert_eq!(logout.headers()["location"], format!("/kiosk/{plant_id}"), "switch operator returns to the kiosk");
}

async fn session_cookie_is_http_only_and_same_site(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let cookie = session_cookie(&app.login(&browser(), SUPERVISOR, DEMO_PASSWORD).await).unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP by default: {cookie}");
}

async fn one_address_guessing_many_accounts_is_throttled(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let client = browser();
    for n in 0..20 {
        let response = app.login(&client, &format!("guess{n}@acme.example"), "wrong-password").await;
        assert_eq!(response.status().as_u16(), 401, "attempt {n}");
    }
    let blocked = app.login(&client, SUPERVISOR, DEMO_PASSWORD).await;
    assert_eq!(blocked.status().as_u16(), 429, "the 21st attempt from one address waits, whatever the account");
}

async fn sessions_end_after_their_absolute_lifetime(backend: Backend) {
    use app::db::entity::session;
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let client = app.signed_in(SUPERVISOR).await;
    assert_eq!(app.whoami(&client).await["role"], "supervisor");
    // Pretend the sign-in happened 13 hours ago (the default lifetime is 12 hours).
    let row = session::Entity::find().one(&app.db).await.unwrap().unwrap();
    let mut data: Value = serde_json::from_str(&row.data).unwrap();
    let thirteen_hours_ago = chrono::Utc::now().timestamp() - 13 * 3600;
    data["auth"]["signed_in_at"] = thirteen_hours_ago.into();
    let mut row: session::ActiveModel = row.into();
    row.data = Set(data.to_string());
    row.update(&app.db).await.unwrap();
    assert_eq!(once_signed_out(|| app.whoami(&client)).await, Value::Null, "however active, the session is over");
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 0, "and deleted on the server");
}

async fn operator_picks_the_work_center_of_the_kiosk(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let plant =
        facility::Entity::find().filter(facility::Column::Code.eq("PLANT")).one(&app.db).await.unwrap().unwrap();
    let plant_id = plant.id.to_string();
    let admin = app.signed_in("admin@acme.example").await;
    let press = app
        .call(
            &admin,
            "/api/catalog_save",
            &[
                ("kind", "work_centers"),
                ("values[code]", "P1"),
                ("values[name]", "Press 1"),
                ("values[facility_id]", &plant_id),
                ("values[kind]", "press"),
            ],
        )
        .await;
    let press = crate::helpers::saved_id(press).await.to_string();

    let kiosk: Value =
        app.call(&browser(), "/api/kiosk_facility", &[("facility", &plant_id)]).await.json().await.unwrap();
    let labels: Vec<_> = kiosk["work_centers"].as_array().unwrap().iter().map(|w| w["label"].clone()).collect();
    assert!(labels.contains(&Value::from("P1 — Press 1")), "{labels:?}");

    let login = |work_center: &str| {
        let form = [
            ("facility", plant_id.clone()),
            ("badge", DEMO_BADGE.to_string()),
            ("pin", DEMO_PIN.to_string()),
            ("work_center", work_center.to_string()),
        ];
        let client = browser();
        let url = app.url("/api/operator_login");
        async move {
            let status = client.post(url).form(&form).send().await.unwrap().status().as_u16();
            (status, client)
        }
    };
    let (status, _) = login("999999").await;
    assert_eq!(status, 400, "a work center of another facility or tenant is refused");
    let (status, client) = login(&press).await;
    assert!(status < 400, "{status}");
    assert_eq!(app.whoami(&client).await["work_center"], "P1 — Press 1");
}

/// The app behind a reverse proxy on 127.0.0.1, whose `X-Forwarded-For` names the client.
async fn behind_a_proxy(backend: Backend) -> Option<TestApp> {
    TestApp::with_demo_configured(backend, |config| config.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()])
        .await
}

async fn login_from(app: &TestApp, address: &str, password: &str) -> u16 {
    let form = [("email", SUPERVISOR), ("password", password)];
    let request = browser().post(app.url("/api/login")).header("x-forwarded-for", address).form(&form);
    request.send().await.unwrap().status().as_u16()
}

async fn a_stranger_cannot_lock_the_owner_out(backend: Backend) {
    let Some(app) = behind_a_proxy(backend).await else { return };
    for attempt in 1..=5 {
        assert_eq!(login_from(&app, "198.51.100.66", "guess").await, 401, "attempt {attempt}");
    }
    assert_eq!(login_from(&app, "198.51.100.66", DEMO_PASSWORD).await, 429, "the stranger waits");
    assert!(login_from(&app, "203.0.113.10", DEMO_PASSWORD).await < 400, "the owner, elsewhere, does not");
}

async fn many_addresses_still_hit_the_account_ceiling(backend: Backend) {
    let Some(app) = behind_a_proxy(backend).await else { return };
    for n in 0..50 {
        assert_eq!(login_from(&app, &format!("198.51.100.{n}"), "guess").await, 401, "attempt {n}");
    }
    assert_eq!(login_from(&app, "203.0.113.10", DEMO_PASSWORD).await, 429, "fifty failures from fifty addresses");
}

async fn forwarded_for_from_an_untrusted_peer_is_ignored(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    for n in 0..5 {
        assert_eq!(login_from(&app, &format!("198.51.100.{n}"), "guess").await, 401);
    }
    assert_eq!(login_from(&app, "203.0.113.10", DEMO_PASSWORD).await, 429, "a forged header buys nothing");
}

async fn concurrent_failures_are_all_counted(backend: Backend) {
    use app::db::entity::login_throttle;
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let attempts = (0..8).map(|_| login_from(&app, "ignored", "guess"));
    let statuses = futures::future::join_all(attempts).await;
    assert!(statuses.iter().all(|s| *s == 401 || *s == 429), "{statuses:?}");
    let rows = login_throttle::Entity::find().all(&app.db).await.unwrap();
    let ceiling = rows.iter().find(|r| r.key == format!("account:{SUPERVISOR}")).expect("the account is counted");
    let failed = statuses.iter().filter(|s| **s == 401).count() as i32;
    assert_eq!(ceiling.failures, failed, "every failure counted once: {rows:?}");
}
