//! Polling dashboards share snapshots: many identical calls at once cost one
//! computation, and a write in the tenant makes the next call compute afresh.

use std::time::Duration;

use serde_json::Value;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(concurrent_polls_share_one_computation_and_writes_refresh_it);

/// Long enough that the fifty calls below never outlive one entry, however slow the machine.
async fn app_with_long_ttl(backend: Backend) -> Option<TestApp> {
    TestApp::with_demo_configured(backend, |config| config.snapshot_ttl = Duration::from_secs(60)).await
}

async fn concurrent_polls_share_one_computation_and_writes_refresh_it(backend: Backend) {
    let Some(app) = app_with_long_ttl(backend).await else { return };
    let mut desks = Vec::new();
    for _ in 0..5 {
        desks.push(app.signed_in("supervisor@acme.example").await);
    }
    let before = app.snapshots.stats();
    let polls = (0..50).map(|i| app.call(&desks[i % desks.len()], "/api/overview_summary", &[]));
    let answers: Vec<Value> = futures::future::join_all(polls.map(|p| async { p.await.json().await.unwrap() })).await;
    assert!(answers.iter().all(|a| a == &answers[0]), "one snapshot for all: {answers:?}");
    let stats = app.snapshots.stats();
    assert_eq!(stats.misses - before.misses, 1, "fifty polls, one computation: {stats:?}");
    assert_eq!(stats.hits + stats.waits - before.hits - before.waits, 49, "{stats:?}");

    let admin = app.signed_in("admin@acme.example").await;
    let saved = app
        .call(
            &admin,
            "/api/catalog_save",
            &[
                ("kind", "facilities"),
                ("values[code]", "NEW"),
                ("values[name]", "New plant"),
                ("values[timezone]", "UTC"),
            ],
        )
        .await;
    assert_eq!(saved.status().as_u16(), 200);
    let after: Value = app.call(&desks[0], "/api/overview_summary", &[]).await.json().await.unwrap();
    assert_eq!(app.snapshots.stats().misses - before.misses, 2, "the write made the snapshot stale");
    assert_eq!(after["facilities"].as_u64(), answers[0]["facilities"].as_u64().map(|n| n + 1), "{after}");
}
