//! The operator station: a run from start to finish, counts that a retry cannot
//! double, refusals that change nothing, operators kept to their work center,
//! and machine-state intervals that never overlap.

use app::db::entity::{count_event, production_run, state_event};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{json, Value};

use app::db::scope::TenantId;
use app::domain::oee::Window;
use app::production::window_rows::counts_in;

use crate::helpers::{
    act, done, key, operator_at, refused, second_tenant, states_in_order, station, work_center, Backend, TestApp,
};
use crate::on_both_backends;

on_both_backends!(
    a_run_counts_and_finishes_and_a_repeated_key_counts_once,
    refused_actions_change_nothing,
    operators_reach_only_their_own_work_center,
    past_states_split_the_open_one_and_never_overlap,
    the_floor_overview_rolls_up_what_the_stations_recorded,
    the_overview_window_knows_what_each_run_counted_before_it,
    the_demo_history_is_a_consistent_live_floor,
    a_work_center_with_history_is_not_deleted,
    a_machine_that_stops_counting_gets_an_unexplained_stop_to_explain,
    a_work_centers_own_limit_decides_when_its_silence_is_a_stop,
    the_trend_buckets_the_same_floor_the_overview_shows,
);

async fn counts(app: &TestApp) -> Vec<count_event::Model> {
    count_event::Entity::find().all(&app.db).await.unwrap()
}

fn start() -> Value {
    json!({ "action": "start_run", "job": "J-4711", "product": "A5 flyer, 4/4", "planned_quantity": 5000 })
}

async fn a_run_counts_and_finishes_and_a_repeated_key_counts_once(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let press = work_center(&app, "PRESS-1").await;
    let operator = operator_at(&app, Some(press)).await;

    let run_id = done(&app, &operator, press, &key(1), start()).await["run_id"].as_i64().unwrap();
    let count = json!({ "action": "count", "run_id": run_id, "good": 10, "scrap": 0 });
    let first = done(&app, &operator, press, &key(2), count.clone()).await;
    let repeat = done(&app, &operator, press, &key(2), count).await;
    assert_eq!(first, repeat, "a retry gets the first answer");
    assert_eq!(counts(&app).await.len(), 1, "and counts nothing twice");

    let screen = station(&app, &operator, press).await;
    let scrap_reason = screen["scrap_reasons"][0]["id"].as_i64().unwrap();
    done(
        &app,
        &operator,
        press,
        &key(3),
        json!({ "action": "count", "run_id": run_id, "good": 0, "scrap": 2, "scrap_reason_id": scrap_reason }),
    )
    .await;
    let screen = station(&app, &operator, press).await;
    assert_eq!((screen["run"]["good"].as_i64(), screen["run"]["scrap"].as_i64()), (Some(10), Some(2)), "{screen}");
    assert_eq!(screen["state"], "Running");

    done(&app, &operator, press, &key(4), json!({ "action": "pause_run", "run_id": run_id })).await;
    assert_eq!(station(&app, &operator, press).await["state"], "Idle");
    refused(&app, &operator, press, &key(5), json!({ "action": "count", "run_id": run_id, "good": 1, "scrap": 0 }))
        .await;
    done(&app, &operator, press, &key(6), json!({ "action": "resume_run", "run_id": run_id })).await;
    done(&app, &operator, press, &key(7), json!({ "action": "finish_run", "run_id": run_id })).await;
    let run = production_run::Entity::find_by_id(run_id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(run.status, production_run::RunStatus::Completed);
    assert!(run.ended_ms.is_some());

    // A count queued on a tablet that arrives after another tablet finished the run.
    let late =
        refused(&app, &operator, press, &key(8), json!({ "action": "count", "run_id": run_id, "good": 5, "scrap": 0 }))
            .await;
    assert!(late.contains("not going any more"), "{late}");
    assert_eq!(counts(&app).await.len(), 2);
    assert!(station(&app, &operator, press).await["run"].is_null());
}

async fn refused_actions_change_nothing(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let press = work_center(&app, "PRESS-1").await;
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let run_id = done(&app, &supervisor, press, &key(1), start()).await["run_id"].as_i64().unwrap();
    let runs_before = production_run::Entity::find().all(&app.db).await.unwrap();
    let states_before = state_event::Entity::find().all(&app.db).await.unwrap();

    refused(&app, &supervisor, press, &key(2), start()).await; // a run is live already
    let bad_counts = [
        json!({ "action": "count", "run_id": run_id, "good": 0, "scrap": 0 }),
        json!({ "action": "count", "run_id": run_id, "good": -5, "scrap": 0 }),
        json!({ "action": "count", "run_id": run_id, "good": 100_001, "scrap": 0 }),
        json!({ "action": "count", "run_id": run_id, "good": 0, "scrap": 3 }), // no scrap reason
        json!({ "action": "count", "run_id": run_id, "good": 0, "scrap": 3, "scrap_reason_id": 999_999 }),
        json!({ "action": "count", "run_id": run_id + 1, "good": 1, "scrap": 0 }),
        json!({ "action": "count", "run_id": run_id, "good": 1, "scrap": 0, "at_ms": Utc::now().timestamp_millis() + 3_600_000 }),
        json!({ "action": "state", "state": "Down", "reason_id": 999_999 }),
        json!({ "action": "state", "state": "Down", "from_ms": 10, "to_ms": 5 }),
        json!({ "action": "state", "state": "Down", "from_ms": 10 }),
    ];
    for (n, action) in bad_counts.into_iter().enumerate() {
        refused(&app, &supervisor, press, &key(100 + n as u32), action).await;
    }
    // "Other" needs a comment.
    let screen = station(&app, &supervisor, press).await;
    let other = screen["downtime_reasons"].as_array().unwrap().iter().find(|r| r["needs_comment"] == true).unwrap();
    let message = refused(
        &app,
        &supervisor,
        press,
        &key(200),
        json!({ "action": "state", "state": "Down", "reason_id": other["id"] }),
    )
    .await;
    assert!(message.contains("comment"), "{message}");

    assert!(counts(&app).await.is_empty());
    assert_eq!(production_run::Entity::find().all(&app.db).await.unwrap(), runs_before);
    assert_eq!(state_event::Entity::find().all(&app.db).await.unwrap(), states_before);

    // The same key with another action is a conflict, not a second write.
    let (status, _) = act(&app, &supervisor, press, &key(1), json!({ "action": "pause_run", "run_id": run_id })).await;
    assert_eq!(status, 409);
    // A malformed key is refused before anything is looked at.
    let (status, _) =
        act(&app, &supervisor, press, "not-a-key", json!({ "action": "pause_run", "run_id": run_id })).await;
    assert_eq!(status, 422);
    assert_eq!(production_run::Entity::find().all(&app.db).await.unwrap(), runs_before);
}

async fn operators_reach_only_their_own_work_center(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let (press, folder) = (work_center(&app, "PRESS-1").await, work_center(&app, "FOLD-1").await);
    let operator = operator_at(&app, Some(press)).await;
    let (status, _) = act(&app, &operator, folder, &key(1), start()).await;
    assert_eq!(status, 403, "an operator at PRESS-1 writes to FOLD-1");
    let response = app.call(&operator, "/api/station_view", &[("work_center_id", &folder.to_string())]).await;
    assert_eq!(response.status().as_u16(), 403);
    assert!(production_run::Entity::find().all(&app.db).await.unwrap().is_empty());
    // A supervisor reaches every work center of the tenant.
    let supervisor = app.signed_in("supervisor@acme.example").await;
    done(&app, &supervisor, folder, &key(2), start()).await;
    // Unknown work centers are not found.
    let (status, _) = act(&app, &supervisor, 999_999, &key(3), start()).await;
    assert_eq!(status, 404);
}

async fn past_states_split_the_open_one_and_never_overlap(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let press = work_center(&app, "PRESS-1").await;
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let now = Utc::now().timestamp_millis();
    let minute = 60_000;
    let recorder = app::db::entity::user::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let tenant = app::db::entity::user::Entity::find()
        .filter(app::db::entity::user::Column::Email.eq("supervisor@acme.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .tenant_id
        .unwrap();
    // The machine has been running for an hour.
    state_event::ActiveModel {
        tenant_id: Set(tenant),
        work_center_id: Set(press),
        state: Set(state_event::StateKind::Running),
        started_ms: Set(now - 60 * minute),
        ended_ms: Set(None),
        reason_id: Set(None),
        comment: Set(None),
        recorded_by: Set(recorder),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();

    let jam = station(&app, &supervisor, press).await["downtime_reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Paper jam")
        .unwrap()["id"]
        .clone();
    // A 10-minute jam half an hour ago splits the running hour in three.
    let down = |from: i64, to: i64| json!({ "action": "state", "state": "Down", "reason_id": jam, "from_ms": now - from * minute, "to_ms": now - to * minute });
    done(&app, &supervisor, press, &key(1), down(30, 20)).await;
    let spans = state_event::Entity::find().order_by_asc(state_event::Column::StartedMs).all(&app.db).await.unwrap();
    let shape: Vec<_> = spans.iter().map(|s| (s.state, s.started_ms, s.ended_ms)).collect();
    assert_eq!(
        shape,
        vec![
            (state_event::StateKind::Running, now - 60 * minute, Some(now - 30 * minute)),
            (state_event::StateKind::Down, now - 30 * minute, Some(now - 20 * minute)),
            (state_event::StateKind::Running, now - 20 * minute, None),
        ]
    );
    // Overlapping what is recorded now is refused; so is a stretch before the open state that overlaps a closed one.
    refused(&app, &supervisor, press, &key(2), down(25, 15)).await;
    refused(&app, &supervisor, press, &key(3), down(35, 25)).await;
    // Right after the jam, inside the open state: a second split.
    done(&app, &supervisor, press, &key(4), down(20, 18)).await;
    let spans = state_event::Entity::find().order_by_asc(state_event::Column::StartedMs).all(&app.db).await.unwrap();
    assert_eq!(spans.len(), 4);
    for pair in spans.windows(2) {
        assert_eq!(pair[0].ended_ms, Some(pair[1].started_ms), "intervals touch and never overlap: {spans:?}");
    }
    assert_eq!(spans.iter().filter(|s| s.ended_ms.is_none()).count(), 1, "one open state");
}

async fn the_floor_overview_rolls_up_what_the_stations_recorded(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let press = work_center(&app, "PRESS-1").await;
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let run_id = done(&app, &supervisor, press, &key(1), start()).await["run_id"].as_i64().unwrap();
    let scrap_reason = station(&app, &supervisor, press).await["scrap_reasons"][0].clone();
    let reason = scrap_reason["id"].clone();
    done(&app, &supervisor, press, &key(2), json!({ "action": "count", "run_id": run_id, "good": 100, "scrap": 0 }))
        .await;
    done(
        &app,
        &supervisor,
        press,
        &key(3),
        json!({ "action": "count", "run_id": run_id, "good": 0, "scrap": 5, "scrap_reason_id": reason }),
    )
    .await;
    let folder = work_center(&app, "FOLD-1").await;
    let finished = done(&app, &supervisor, folder, &key(4), start()).await["run_id"].clone();
    done(&app, &supervisor, folder, &key(5), json!({ "action": "finish_run", "run_id": finished })).await;

    let response = app.call(&supervisor, "/api/production_overview", &[]).await;
    assert_eq!(response.status().as_u16(), 200);
    let overview: Value = response.json().await.unwrap();
    let tiles = overview["tiles"].as_array().unwrap();
    assert_eq!(tiles.len(), 12, "every demo work center has a tile");
    assert_eq!((overview["runs_scheduled"].as_u64(), overview["runs_completed_today"].as_u64()), (Some(0), Some(1)));
    // Everything happened moments ago: today and the last hour hold the same pieces
    // (unless the day turned in between, at midnight UTC).
    let run = production_run::Entity::find_by_id(run_id).one(&app.db).await.unwrap().unwrap();
    if overview["today_start_ms"].as_i64().unwrap() <= run.started_ms.unwrap() {
        assert_eq!((overview["today"]["good"].as_i64(), overview["today"]["scrap"].as_i64()), (Some(100), Some(5)));
    }
    assert_eq!((overview["last_hour"]["good"].as_i64(), overview["last_hour"]["scrap"].as_i64()), (Some(100), Some(5)));
    let tile = tiles.iter().find(|tile| tile["id"] == press).unwrap();
    assert_eq!((tile["run"]["good"].as_i64(), tile["run"]["scrap"].as_i64()), (Some(100), Some(5)));
    assert_eq!(tile["state"], "Running");
    let total = &overview["total"];
    assert_eq!((total["good"].as_i64(), total["scrap"].as_i64()), (Some(100), Some(5)));
    // PRESS-1's ideal rate is 15,000 an hour: 240 ms a piece. The scrap came in the
    // run's first minutes, so it is a start-up reject.
    assert_eq!(total["ideal_ms"].as_i64(), Some(105 * 240));
    assert_eq!(total["losses"]["startup_rejects_ms"].as_i64(), Some(5 * 240));
    assert_eq!(total["losses"]["production_rejects_ms"].as_i64(), Some(0));
    assert_eq!(overview["scrap_by_reason"], json!([{ "reason": scrap_reason["name"], "amount": 5 }]));
    let stops = overview["loss_time_by_reason"].as_array().unwrap();
    assert_eq!(stops.len(), 1, "only the folder's idle time since its run finished: {stops:?}");
    assert!(stops[0]["reason"].is_null() && stops[0]["amount"].as_i64().unwrap() < 60_000, "{stops:?}");
    let running_ms = tile["time_in_state"]["in_state_ms"][0].as_i64().unwrap();
    let in_window = tile["figures"]["all_time_ms"].as_i64().unwrap();
    assert!(running_ms > 0 && running_ms < 60_000, "PRESS-1 has run for moments: {running_ms}");
    assert_eq!(tile["time_in_state"]["unrecorded_ms"].as_i64(), Some(in_window - running_ms));

    // Operators have no floor overview; another tenant sees none of this one's floor.
    let operator = operator_at(&app, Some(press)).await;
    assert_eq!(app.call(&operator, "/api/production_overview", &[]).await.status().as_u16(), 403);
    let other: Value =
        app.call(&second_tenant(&app).await, "/api/production_overview", &[]).await.json().await.unwrap();
    assert_eq!(other["tiles"], json!([]));
    assert_eq!(other["total"]["good"].as_i64(), Some(0));
}

async fn the_overview_window_knows_what_each_run_counted_before_it(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let press = work_center(&app, "PRESS-1").await;
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let run_id = done(&app, &supervisor, press, &key(1), start()).await["run_id"].as_i64().unwrap();
    let run = production_run::Entity::find_by_id(run_id).one(&app.db).await.unwrap().unwrap();
    let started = run.started_ms.unwrap();
    // Counts a minute apart, two of them at the same moment (their order is the recording's).
    for (minute, good, scrap) in [(1, 10, 0), (2, 5, 1), (2, 4, 0), (3, 7, 0)] {
        count_event::ActiveModel {
            tenant_id: Set(run.tenant_id),
            work_center_id: Set(press),
            run_id: Set(run_id),
            at_ms: Set(started + minute * 60_000),
            good: Set(good),
            scrap: Set(scrap),
            scrap_reason_id: Set(None),
            recorded_by: Set(run.operator_id.unwrap()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    let window = Window { start_ms: started + 90_000, end_ms: started + 10 * 60_000 };
    let read = counts_in(&app.db, TenantId(run.tenant_id), window, &[]).await.unwrap();
    assert_eq!(read.by_center.len(), 1, "only PRESS-1 counted");
    let seen: Vec<(i64, i64, i64)> =
        read.by_center[&press].iter().map(|c| (c.at_ms - started, c.good, c.run_pieces_before)).collect();
    assert_eq!(
        seen,
        vec![(120_000, 5, 10), (120_000, 4, 16), (180_000, 7, 20)],
        "the first count is before the window"
    );
    let first = &read.by_center[&press][0];
    assert_eq!((first.ideal_cycle_ms, first.run_started_ms), (run.ideal_cycle_ms, started));
    assert_eq!(read.run_totals[&run_id], (26, 1), "the whole run, not only the window's part");
    // A live run that counted nothing in the window is still known when asked for.
    let later = Window { start_ms: started + 5 * 60_000, end_ms: started + 10 * 60_000 };
    let quiet = counts_in(&app.db, TenantId(run.tenant_id), later, &[run_id]).await.unwrap();
    assert!(quiet.by_center.is_empty());
    assert_eq!(quiet.run_totals[&run_id], (26, 1));
    let elsewhere = TenantId(run.tenant_id + 1);
    assert_eq!(
        counts_in(&app.db, elsewhere, window, &[]).await.unwrap(),
        Default::default(),
        "another tenant's is empty"
    );
}

async fn the_demo_history_is_a_consistent_live_floor(backend: Backend) {
    let Some(test_db) = crate::helpers::TestDb::create(backend).await else { return };
    let app = crate::helpers::spawn_app_with(crate::helpers::test_config(&test_db), test_db).await;
    let scale = server::seed::Scale::parse(1).unwrap();
    server::seed::seed_demo_with_history(&app.db, scale, 3).await.unwrap();

    let states = states_in_order(&app.db).await;
    assert!(states.len() > 12 * 3 * 10, "{} states", states.len());
    for pair in states.windows(2).filter(|p| p[0].work_center_id == p[1].work_center_id) {
        assert_eq!(pair[0].ended_ms, Some(pair[1].started_ms), "contiguous and never overlapping");
    }
    assert_eq!(states.iter().filter(|s| s.ended_ms.is_none()).count(), 12, "one open state per work center");
    let live = production_run::Entity::find()
        .filter(production_run::Column::Status.eq(production_run::RunStatus::Active))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(live.len(), 12, "each work center has its run going");
    assert!(counts(&app).await.len() > 12 * 3 * 50);

    let supervisor = app.signed_in("supervisor@acme.example").await;
    let overview: Value = app.call(&supervisor, "/api/production_overview", &[]).await.json().await.unwrap();
    let total = &overview["total"];
    let ratio = |a: &str, b: &str| total[a].as_f64().unwrap() / total[b].as_f64().unwrap();
    let oee = ratio("fully_productive_ms", "planned_production_ms");
    assert!((0.4..0.9).contains(&oee), "a believable OEE over the last 24 hours: {oee} ({total})");
    assert!(overview["tiles"]
        .as_array()
        .unwrap()
        .iter()
        .all(|tile| tile["run"].is_object() && tile["state"].is_string()));
}

async fn a_work_center_with_history_is_not_deleted(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    // PRESS-3: no master data refers to it (the demo's cycle times are for other presses).
    let (press, laminator) = (work_center(&app, "PRESS-3").await, work_center(&app, "LAM-1").await);
    let admin = app.signed_in("admin@acme.example").await;
    done(&app, &admin, press, &key(1), start()).await;
    let delete = |id: i64| {
        let form = [("kind", "work_centers".to_string()), ("id", id.to_string())];
        admin.post(app.url("/api/catalog_delete")).form(&form).send()
    };
    let response = delete(press).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.json::<Value>().await.unwrap(), json!("InHistory"));
    assert_eq!(work_center(&app, "PRESS-3").await, press, "still there");
    // The next write in a fresh transaction works (the refused one was rolled back).
    let response = delete(laminator).await.unwrap();
    assert_eq!(response.json::<Value>().await.unwrap()["Deleted"]["code"], "LAM-1");
}

async fn a_work_centers_own_limit_decides_when_its_silence_is_a_stop(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let (press, folder) = (work_center(&app, "PRESS-1").await, work_center(&app, "FOLD-1").await);
    let admin = app.signed_in("admin@acme.example").await;
    let id = press.to_string();
    let values: Value =
        app.call(&admin, "/api/catalog_get", &[("kind", "work_centers"), ("id", &id)]).await.json().await.unwrap();
    let mut form = vec![("kind".to_string(), "work_centers".to_string()), ("id".to_string(), id.clone())];
    for (name, value) in values.as_object().unwrap() {
        form.push((format!("values[{name}]"), value.as_str().unwrap().to_string()));
    }
    form.retain(|(name, _)| name != "values[unexplained_after_min]");
    let with = |limit: &str| {
        let mut form = form.clone();
        form.push(("values[unexplained_after_min]".into(), limit.into()));
        admin.post(app.url("/api/catalog_save")).form(&form).send()
    };
    let refused: Value = with("0").await.unwrap().json().await.unwrap();
    assert_eq!(refused["Invalid"]["errors"][0]["field"], "unexplained_after_min", "{refused}");
    let saved: Value = with("10").await.unwrap().json().await.unwrap();
    assert!(saved.get("Saved").is_some(), "{saved}");

    let supervisor = app.signed_in("supervisor@acme.example").await;
    for (n, wc) in [(1, press), (3, folder)] {
        let run_id = done(&app, &supervisor, wc, &key(n), start()).await["run_id"].as_i64().unwrap();
        let count = json!({ "action": "count", "run_id": run_id, "good": 10, "scrap": 0 });
        done(&app, &supervisor, wc, &key(n + 1), count).await;
    }
    let last_count = counts(&app).await.iter().map(|c| c.at_ms).max().unwrap();
    let minute = 60_000;
    let watch = |at: i64| {
        let db = app.db.clone();
        async move { server::floor_watch::watch_once(&db, at).await.unwrap().stops_opened }
    };
    assert_eq!(watch(last_count + 6 * minute).await, 1, "the folder keeps the default five minutes");
    assert_eq!(watch(last_count + 9 * minute).await, 0, "the press is allowed ten");
    assert_eq!(watch(last_count + 11 * minute).await, 1);
}

async fn a_machine_that_stops_counting_gets_an_unexplained_stop_to_explain(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let press = work_center(&app, "PRESS-1").await;
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let run_id = done(&app, &supervisor, press, &key(1), start()).await["run_id"].as_i64().unwrap();
    done(&app, &supervisor, press, &key(2), json!({ "action": "count", "run_id": run_id, "good": 10, "scrap": 0 }))
        .await;
    let last_count = counts(&app).await[0].at_ms;
    let minute = 60_000;

    assert_eq!(
        server::floor_watch::watch_once(&app.db, last_count + 4 * minute).await.unwrap().stops_opened,
        0,
        "still counting"
    );
    assert_eq!(server::floor_watch::watch_once(&app.db, last_count + 6 * minute).await.unwrap().stops_opened, 1);
    let spans = state_event::Entity::find().order_by_asc(state_event::Column::StartedMs).all(&app.db).await.unwrap();
    let (running, stop) = (&spans[spans.len() - 2], &spans[spans.len() - 1]);
    assert_eq!((running.state, running.ended_ms), (state_event::StateKind::Running, Some(last_count)));
    assert_eq!(
        (stop.state, stop.started_ms, stop.ended_ms, stop.reason_id),
        (state_event::StateKind::Idle, last_count, None, None)
    );
    assert_eq!(
        server::floor_watch::watch_once(&app.db, last_count + 7 * minute).await.unwrap().stops_opened,
        0,
        "opened once"
    );

    let screen = station(&app, &supervisor, press).await;
    assert_eq!(screen["unexplained_stop_id"].as_i64(), Some(stop.id));
    let jam =
        screen["downtime_reasons"].as_array().unwrap().iter().find(|r| r["name"] == "Paper jam").unwrap()["id"].clone();
    let explain = json!({ "action": "explain", "state_event_id": stop.id, "reason_id": jam });
    done(&app, &supervisor, press, &key(3), explain.clone()).await;
    let explained = state_event::Entity::find_by_id(stop.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((explained.state, explained.reason_id), (state_event::StateKind::Down, jam.as_i64()));
    assert!(station(&app, &supervisor, press).await["unexplained_stop_id"].is_null());
    refused(&app, &supervisor, press, &key(4), explain).await;
}

async fn the_trend_buckets_the_same_floor_the_overview_shows(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let press = work_center(&app, "PRESS-1").await;
    let supervisor = app.signed_in("supervisor@acme.example").await;
    let run_id = done(&app, &supervisor, press, &key(1), start()).await["run_id"].as_i64().unwrap();
    let reasons = station(&app, &supervisor, press).await["downtime_reasons"].clone();
    let breakdown = reasons.as_array().unwrap().iter().find(|r| r["name"] == "Paper jam").unwrap().clone();
    let now = Utc::now().timestamp_millis();
    let count = |at_ms: i64, good: i64| json!({ "action": "count", "run_id": run_id, "good": good, "scrap": 0, "at_ms": at_ms });
    done(&app, &supervisor, press, &key(2), count(now - 1_000, 40)).await;
    // A stop recorded for the last ten minutes, with its reason.
    let stop = json!({ "action": "state", "state": "Down", "reason_id": breakdown["id"], "comment": "hopper jam",
                       "from_ms": now - 600_000, "to_ms": now - 60_000 });
    done(&app, &supervisor, press, &key(3), stop).await;

    let trend: Value =
        app.call(&supervisor, "/api/production_trend", &[("span", "24h-hour")]).await.json().await.unwrap();
    let points = trend["points"].as_array().unwrap();
    assert_eq!(points.len(), 24);
    let good: i64 = points.iter().map(|p| p["figures"]["good"].as_i64().unwrap()).sum();
    assert_eq!(good, 40);
    let hour = 3_600_000;
    assert_eq!(points[23]["start_ms"].as_i64(), Some(now.div_euclid(hour) * hour), "the last bucket is this hour");
    let broken: i64 = points.iter().map(|p| p["figures"]["losses"]["breakdowns_ms"].as_i64().unwrap()).sum();
    assert_eq!(broken, 540_000, "nine minutes down, wherever the hour fell");
    let overview: Value = app.call(&supervisor, "/api/production_overview", &[]).await.json().await.unwrap();
    assert_eq!(overview["loss_time_by_reason"], json!([{ "reason": "Paper jam", "amount": 540_000 }]));
    let days: Value =
        app.call(&supervisor, "/api/production_trend", &[("span", "90d-day")]).await.json().await.unwrap();
    assert_eq!(days["points"].as_array().unwrap().len(), 90);

    let bad = app.call(&supervisor, "/api/production_trend", &[("span", "1y-minute")]).await;
    assert_eq!(bad.status().as_u16(), 422);
    assert!(bad.text().await.unwrap().contains(app::i18n::EN.trend_bad_span));
    let operator = operator_at(&app, Some(press)).await;
    assert_eq!(app.call(&operator, "/api/production_trend", &[("span", "24h-hour")]).await.status().as_u16(), 403);
    let other: Value = app
        .call(&second_tenant(&app).await, "/api/production_trend", &[("span", "24h-hour")])
        .await
        .json()
        .await
        .unwrap();
    assert!(
        other["points"].as_array().unwrap().iter().all(|p| p["figures"]["good"] == 0),
        "another tenant's floor is empty"
    );
}
