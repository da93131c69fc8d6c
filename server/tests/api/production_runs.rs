//! The runs table: a supervisor lists the tenant's runs newest first, filters them
//! by status, work center and days, pages through them and downloads them as
//! CSV with the pieces each counted; a bad filter is a plain 422.

use app::db::entity::production_run::{self, RunStatus};
use app::db::entity::{count_event, user};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(runs_are_listed_newest_first_filtered_paged_and_exported, bad_run_filters_are_refused_plainly);

const SUPERVISOR: &str = "supervisor@acme.example";

struct Demo {
    tenant: i64,
    operator: i64,
    press: i64,
    folder: i64,
}

async fn demo(app: &TestApp) -> Demo {
    let operator = user::Entity::find().filter(user::Column::Email.eq("operator@acme.example")).one(&app.db).await;
    let operator = operator.unwrap().expect("the demo operator");
    let centers = app.call(&app.signed_in(SUPERVISOR).await, "/api/production_overview", &[]).await;
    let centers: Value = centers.json().await.unwrap();
    let id = |code: &str| {
        centers["tiles"].as_array().unwrap().iter().find(|t| t["name"].as_str().unwrap().starts_with(code)).unwrap()
            ["id"]
            .as_i64()
            .unwrap()
    };
    Demo { tenant: operator.tenant_id.unwrap(), operator: operator.id, press: id("PRESS-1 "), folder: id("FOLD-1 ") }
}

/// A run of `job` on `work_center` that started `hours_ago` (planned `-hours_ago` ahead when scheduled).
async fn run(app: &TestApp, demo: &Demo, work_center: i64, job: &str, status: RunStatus, hours_ago: i64) -> i64 {
    let at = (Utc::now() - Duration::hours(hours_ago)).timestamp_millis();
    let started = status != RunStatus::Scheduled;
    production_run::ActiveModel {
        tenant_id: Set(demo.tenant),
        work_center_id: Set(work_center),
        job: Set(job.into()),
        product: Set("Flyer A5".into()),
        planned_quantity: Set(500),
        ideal_cycle_ms: Set(240),
        status: Set(status),
        planned_start_ms: Set((!started).then_some(at)),
        started_ms: Set(started.then_some(at)),
        ended_ms: Set((status == RunStatus::Completed).then_some(at + 3_600_000)),
        operator_id: Set(Some(demo.operator)),
        created_ms: Set(at.min(Utc::now().timestamp_millis())),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

async fn count(app: &TestApp, demo: &Demo, work_center: i64, run_id: i64, good: i64, scrap: i64) {
    count_event::ActiveModel {
        tenant_id: Set(demo.tenant),
        work_center_id: Set(work_center),
        run_id: Set(run_id),
        at_ms: Set(Utc::now().timestamp_millis() - 60_000),
        good: Set(good),
        scrap: Set(scrap),
        scrap_reason_id: Set(None),
        recorded_by: Set(demo.operator),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

async fn runs(app: &TestApp, client: &reqwest::Client, form: &[(&str, &str)]) -> Value {
    let response = app.call(client, "/api/production_runs", form).await;
    assert_eq!(response.status().as_u16(), 200, "{form:?}");
    response.json().await.unwrap()
}

fn jobs(page: &Value) -> Vec<&str> {
    page["rows"].as_array().unwrap().iter().map(|row| row["job"].as_str().unwrap()).collect()
}

async fn runs_are_listed_newest_first_filtered_paged_and_exported(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let demo = demo(&app).await;
    let yesterday = run(&app, &demo, demo.press, "J-YESTERDAY", RunStatus::Completed, 24).await;
    count(&app, &demo, demo.press, yesterday, 100, 5).await;
    count(&app, &demo, demo.press, yesterday, 50, 0).await;
    let now = run(&app, &demo, demo.folder, "J-NOW", RunStatus::Active, 1).await;
    count(&app, &demo, demo.folder, now, 20, 0).await;
    run(&app, &demo, demo.press, "J-TOMORROW", RunStatus::Scheduled, -30).await;
    run(&app, &demo, demo.press, "J-OLD", RunStatus::Completed, 24 * 10).await;
    let supervisor = app.signed_in(SUPERVISOR).await;

    let week = runs(&app, &supervisor, &[]).await;
    assert_eq!(jobs(&week), ["J-NOW", "J-YESTERDAY"], "the last week, newest first: {week}");
    assert_eq!(week["total"], 2);
    let row = &week["rows"][1];
    assert_eq!((row["good"].as_i64(), row["scrap"].as_i64()), (Some(150), Some(5)), "{row}");
    assert_eq!(row["operator"], "Olga Operator");
    assert_eq!(row["status"], "completed");

    assert_eq!(jobs(&runs(&app, &supervisor, &[("status", "completed")]).await), ["J-YESTERDAY"]);
    let folder = demo.folder.to_string();
    assert_eq!(jobs(&runs(&app, &supervisor, &[("work_center_id", &folder)]).await), ["J-NOW"]);
    let days = |d: i64| (Utc::now() + Duration::days(d)).format("%Y-%m-%d").to_string();
    let (from, to) = (days(-11), days(2));
    let wide = runs(&app, &supervisor, &[("from", &from), ("to", &to)]).await;
    assert_eq!(jobs(&wide), ["J-TOMORROW", "J-NOW", "J-YESTERDAY", "J-OLD"], "a scheduled run by its planned start");

    for n in 0..52 {
        run(&app, &demo, demo.folder, &format!("J-MANY-{n:02}"), RunStatus::Completed, 2 + n).await;
    }
    let first = runs(&app, &supervisor, &[]).await;
    let second = runs(&app, &supervisor, &[("page", "2")]).await;
    assert_eq!((first["total"].as_u64(), first["rows"].as_array().unwrap().len()), (Some(54), 50));
    assert_eq!(jobs(&second).len(), 4);
    let mut all: Vec<&str> = jobs(&first).into_iter().chain(jobs(&second)).collect();
    all.dedup();
    assert_eq!(all.len(), 54, "the pages neither overlap nor leave a run out");

    let csv = app
        .call(
            &supervisor,
            "/api/production_runs_csv",
            &[("status", "completed"), ("work_center_id", &demo.press.to_string())],
        )
        .await;
    assert_eq!(csv.status().as_u16(), 200);
    let text: String = csv.json().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "run,work_center,job,product,status,planned,good,scrap,start_utc,end_utc,operator");
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].starts_with(&format!("{yesterday},PRESS-1 — ")), "{text}");
    assert!(lines[1].contains(",J-YESTERDAY,Flyer A5,completed,500,150,5,"), "{text}");
}

async fn bad_run_filters_are_refused_plainly(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let supervisor = app.signed_in(SUPERVISOR).await;
    for (form, message) in [
        (vec![("status", "exploded")], "Choose a status from the list."),
        (vec![("from", "2026-13-01")], "Write a day as YYYY-MM-DD"),
        (vec![("from", "2026-12-05"), ("to", "2026-12-04")], "“From” is after “To”."),
        (vec![("from", "2024-01-01"), ("to", "2026-01-01")], "At most 366 days"),
        (vec![("page", "0")], "There is no such page."),
    ] {
        let response = app.call(&supervisor, "/api/production_runs", &form).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 422, "{form:?}: {body}");
        assert!(body.contains(message), "{form:?}: {body}");
    }
    let unknown = app.call(&supervisor, "/api/production_runs", &[("work_center_id", "999999")]).await;
    assert_eq!(unknown.status().as_u16(), 404);
}
