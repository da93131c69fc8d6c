//! Shift calendars: a facility's shifts decide what was planned. A day of idle
//! time is an unexplained loss inside the shift, a planned stop during its
//! break, and not scheduled outside it; a holiday plans nothing; a facility
//! without shifts keeps the whole day planned. Bad calendar texts and unknown
//! time zones are refused by field.

use app::db::entity::state_event::{self, StateKind};
use app::db::entity::tenant;
use app::db::scope::TenantId;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;

use crate::helpers::{work_center, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_shift_calendar_decides_what_was_planned,
    calendar_texts_and_time_zones_are_checked_by_field,
    today_is_the_facility_local_day
);

const HOUR: i64 = 3_600_000;
const MINUTE: i64 = 60_000;

async fn save(app: &TestApp, admin: &reqwest::Client, kind: &str, fields: &[(&str, &str)]) -> Value {
    let mut form = vec![("kind".to_string(), kind.to_string())];
    form.extend(fields.iter().map(|(name, value)| (format!("values[{name}]"), value.to_string())));
    let response = admin.post(app.url("/api/catalog_save")).form(&form).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

/// The facility id of the work center `code`.
async fn facility_of(app: &TestApp, admin: &reqwest::Client, code: &str) -> String {
    let id = work_center(app, code).await.to_string();
    let values: Value =
        app.call(admin, "/api/catalog_get", &[("kind", "work_centers"), ("id", &id)]).await.json().await.unwrap();
    values["facility_id"].as_str().unwrap().to_string()
}

/// Work center `id` idle without a reason over `[from, to)`.
async fn idle(app: &TestApp, tenant: i64, id: i64, (from, to): (i64, i64)) {
    let recorder = app::db::entity::user::Entity::find()
        .filter(app::db::entity::user::Column::TenantId.eq(tenant))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    state_event::ActiveModel {
        tenant_id: Set(tenant),
        work_center_id: Set(id),
        state: Set(StateKind::Idle),
        started_ms: Set(from),
        ended_ms: Set(Some(to)),
        recorded_by: Set(recorder),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

async fn a_shift_calendar_decides_what_was_planned(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in("admin@acme.example").await;
    let acme = tenant::Entity::find().filter(tenant::Column::Slug.eq("acme")).one(&app.db).await.unwrap().unwrap().id;
    let (press, folder_east) = (work_center(&app, "PRESS-1").await, work_center(&app, "FOLD-2").await);
    let plant = facility_of(&app, &admin, "PRESS-1").await;
    assert_ne!(plant, facility_of(&app, &admin, "FOLD-2").await, "FOLD-2 is in the other facility");
    let shift = [
        ("code", "DAY"),
        ("name", "Day shift"),
        ("facility_id", plant.as_str()),
        ("starts_at", "06:00"),
        ("ends_at", "14:00"),
        ("weekdays", "mon,tue,wed,thu,fri"),
        ("breaks", "10:00+30"),
    ];
    assert!(save(&app, &admin, "shifts", &shift).await.get("Saved").is_some());

    // Monday 1 June 2026, Berlin (the demo's time zone) at UTC+2: the shift is 04:00–12:00 UTC.
    let day = "2026-06-01T00:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap().timestamp_millis();
    for id in [press, folder_east] {
        idle(&app, acme, id, (day, day + 24 * HOUR)).await;
    }
    let tile = |overview: &app::production::model::FloorOverview, id: i64| {
        overview.tiles.iter().find(|tile| tile.id == id).unwrap().figures
    };
    let overview =
        app::production::overview::overview_at(&app.db, TenantId(acme), None, day + 24 * HOUR).await.unwrap();
    let planned = tile(&overview, press);
    assert_eq!(planned.planned_production_ms, 7 * HOUR + 30 * MINUTE, "the shift less its break");
    assert_eq!(planned.planned_stops_excluded_ms, 30 * MINUTE);
    assert_eq!(planned.losses.unexplained_ms, 7 * HOUR + 30 * MINUTE);
    assert_eq!(planned.not_scheduled_ms, 16 * HOUR);
    assert_eq!(planned.oee(), None, "no run time");
    let uncalendared = tile(&overview, folder_east);
    assert_eq!(uncalendared.planned_production_ms, 24 * HOUR, "a facility without shifts plans the whole day");
    assert_eq!(uncalendared.losses.unexplained_ms, 24 * HOUR);

    // The trend by shift has a bucket for each day shift worked in the last week (five or,
    // with one cut in half by the week's start, six), named after it.
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let now = chrono::Utc::now().timestamp_millis();
    idle(&app, acme, press, (now - 8 * 24 * HOUR, now)).await;
    let trend: Value =
        app.call(&supervisor, "/api/production_trend", &[("span", "7d-shift")]).await.json().await.unwrap();
    let points = trend["points"].as_array().unwrap();
    assert!((5..=6).contains(&points.len()), "{trend}");
    assert!(points
        .iter()
        .all(|p| p["shift"] == "Day shift" && p["figures"]["losses"]["unexplained_ms"].as_i64() > Some(0)));
    assert!(points.windows(2).all(|pair| pair[0]["start_ms"].as_i64() < pair[1]["start_ms"].as_i64()));

    let holiday = [("code", "WHIT"), ("name", "Whit Monday"), ("facility_id", plant.as_str()), ("date", "2026-06-01")];
    assert!(save(&app, &admin, "holidays", &holiday).await.get("Saved").is_some());
    let overview =
        app::production::overview::overview_at(&app.db, TenantId(acme), None, day + 24 * HOUR).await.unwrap();
    let off = tile(&overview, press);
    assert_eq!((off.planned_production_ms, off.losses.unexplained_ms), (0, 0), "nothing is planned on a holiday");
    assert_eq!(off.not_scheduled_ms, 24 * HOUR);
}

async fn calendar_texts_and_time_zones_are_checked_by_field(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let admin = app.signed_in("admin@acme.example").await;
    let plant = facility_of(&app, &admin, "PRESS-1").await;
    let field_of = |answer: &Value| answer["Invalid"]["errors"][0]["field"].as_str().map(str::to_string);
    let shift = |starts: &'static str, days: &'static str, breaks: &'static str| {
        [
            ("code", "NIGHT"),
            ("name", "Night shift"),
            ("facility_id", plant.as_str()),
            ("starts_at", starts),
            ("ends_at", "06:00"),
            ("weekdays", days),
            ("breaks", breaks),
        ]
    };
    let bad_clock = save(&app, &admin, "shifts", &shift("10 pm", "mon", "")).await;
    assert_eq!(field_of(&bad_clock).as_deref(), Some("starts_at"), "{bad_clock}");
    let bad_days = save(&app, &admin, "shifts", &shift("22:00", "monday", "")).await;
    assert_eq!(field_of(&bad_days).as_deref(), Some("weekdays"), "{bad_days}");
    let outside = save(&app, &admin, "shifts", &shift("22:00", "mon", "12:00+30")).await;
    assert_eq!(field_of(&outside).as_deref(), Some("breaks"), "{outside}");
    assert!(save(&app, &admin, "shifts", &shift("22:00", "mon", "02:00+30")).await.get("Saved").is_some());
    let not_a_date = save(
        &app,
        &admin,
        "holidays",
        &[("code", "X"), ("name", "X"), ("facility_id", plant.as_str()), ("date", "2026-02-30")],
    )
    .await;
    assert_eq!(field_of(&not_a_date).as_deref(), Some("date"), "{not_a_date}");
    let mars =
        save(&app, &admin, "facilities", &[("code", "MARS"), ("name", "Mars base"), ("timezone", "Mars/Olympus")])
            .await;
    assert_eq!(field_of(&mars).as_deref(), Some("timezone"), "{mars}");
    let saved =
        save(&app, &admin, "facilities", &[("code", "SG"), ("name", "Singapore"), ("timezone", "Asia/Singapore")])
            .await;
    assert!(saved.get("Saved").is_some(), "{saved}");
}

/// "Today" begins at the facility's local midnight: in Berlin (UTC+1 in
/// December), a run completed at 00:30 local time (23:30 UTC the day before)
/// was completed today; one at 23:30 local time the day before was not.
async fn today_is_the_facility_local_day(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let acme = tenant::Entity::find().filter(tenant::Column::Slug.eq("acme")).one(&app.db).await.unwrap().unwrap().id;
    let press = work_center(&app, "PRESS-1").await;
    let midnight = "2026-12-03T23:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap().timestamp_millis();
    for ended in [midnight + 30 * MINUTE, midnight - 30 * MINUTE] {
        app::db::entity::production_run::ActiveModel {
            tenant_id: Set(acme),
            work_center_id: Set(press),
            job: Set("J-NIGHT".into()),
            product: Set("Flyer".into()),
            planned_quantity: Set(10),
            ideal_cycle_ms: Set(240),
            status: Set(app::db::entity::production_run::RunStatus::Completed),
            started_ms: Set(Some(ended - HOUR)),
            ended_ms: Set(Some(ended)),
            created_ms: Set(ended - HOUR),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    let now = midnight + 2 * HOUR;
    let overview = app::production::overview::overview_at(&app.db, TenantId(acme), None, now).await.unwrap();
    assert_eq!(overview.runs_completed_today, 1);
    assert_eq!(overview.today_start_ms, midnight);
    assert_eq!(overview.today.all_time_ms, 2 * HOUR * overview.tiles.len() as i64, "two hours of every work center");
}
