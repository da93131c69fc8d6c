//! The live demo: stepped through a morning, the demo floor starts runs with a
//! make-ready, then counts, and its machine states never overlap.

use app::db::entity::{count_event, production_run};
use chrono::Utc;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sea_orm::{EntityTrait, PaginatorTrait};
use server::seed::live::{LiveFloor, ShiftPeriod, LIVE_STEP};

use crate::helpers::{states_in_order, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(the_live_demo_starts_runs_then_counts_without_overlapping_states);

async fn the_live_demo_starts_runs_then_counts_without_overlapping_states(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    let mut floor = LiveFloor::load(&app.db, ChaCha8Rng::seed_from_u64(1)).await.unwrap().expect("the demo floor");
    // Steps in working time whatever the clock says. The make-ready starts 11.5
    // minutes ago, so the machines run from half a minute ago on: the server's
    // floor watch, on the real clock, never sees a run silent for 5 minutes.
    let work = ShiftPeriod::Working;
    let t0 = Utc::now().timestamp_millis() - 690_000;
    let step_ms = LIVE_STEP.as_millis() as i64;
    assert!(floor.step_in(&app.db, t0, &|_| work).await.unwrap() > 0, "the first step starts runs");
    let runs = production_run::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(runs.len(), 12, "one run per demo work center");
    assert_eq!(count_event::Entity::find().count(&app.db).await.unwrap(), 0, "make-ready counts nothing");
    let after_make_ready = t0 + 11 * 60_000;
    for k in 0..30 {
        floor.step_in(&app.db, after_make_ready + k * step_ms, &|_| work).await.unwrap();
    }
    let counts = count_event::Entity::find().all(&app.db).await.unwrap();
    let good: i64 = counts.iter().map(|c| c.good).sum();
    assert!(counts.len() > 12 * 20, "most steps count on every work center: {} counts", counts.len());
    assert!(good > 0);
    assert!(counts.iter().all(|c| c.scrap == 0 || c.scrap_reason_id.is_some()), "scrap always has a reason");

    let states = states_in_order(&app.db).await;
    for pair in states.windows(2).filter(|p| p[0].work_center_id == p[1].work_center_id) {
        let ended = pair[0].ended_ms.expect("only a work center's last state is open");
        assert!(ended <= pair[1].started_ms, "states overlap: {:?} and {:?}", pair[0], pair[1]);
    }
}
