//! Sessions live in the database: two server instances on one database share
//! them (so does a restarted server), and expired ones are swept away.

use app::db::entity::session;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};

use crate::helpers::{once_signed_out, session_cookie, spawn_app_with, test_config, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_second_instance_knows_the_session,
    signing_out_on_one_instance_ends_the_session_on_the_other,
    expired_sessions_are_swept
);

async fn a_second_instance_knows_the_session(backend: Backend) {
    let Some(first) = TestApp::with_demo(backend).await else { return };
    // A second server on the same database (as behind a load balancer, or after a restart).
    let shared = first.test_db.share();
    let second = spawn_app_with(test_config(&shared), shared).await;

    let client = crate::helpers::browser();
    let response = first.login(&client, "supervisor@acme.example", server::seed::DEMO_PASSWORD).await;
    let me = second.whoami_with_cookie(&session_cookie(&response).unwrap()).await;
    assert_eq!(me["display_name"], "Sam Supervisor", "the second instance knows the session");
}

/// The second instance keeps the session in memory after its first request; the
/// auth change log tells it that the first instance deleted it.
async fn signing_out_on_one_instance_ends_the_session_on_the_other(backend: Backend) {
    let Some(first) = TestApp::with_demo(backend).await else { return };
    let shared = first.test_db.share();
    let second = spawn_app_with(test_config(&shared), shared).await;
    let client = crate::helpers::browser();
    let response = first.login(&client, "supervisor@acme.example", server::seed::DEMO_PASSWORD).await;
    let cookie = session_cookie(&response).unwrap();
    for _ in 0..3 {
        assert_eq!(second.whoami_with_cookie(&cookie).await["display_name"], "Sam Supervisor");
    }
    assert!(first.call(&client, "/api/logout", &[]).await.status().is_success());
    assert_eq!(first.whoami_with_cookie(&cookie).await, serde_json::Value::Null, "at once where it signed out");
    let answer = once_signed_out(|| second.whoami_with_cookie(&cookie)).await;
    assert_eq!(answer, serde_json::Value::Null, "and soon on the other instance");
}

async fn expired_sessions_are_swept(backend: Backend) {
    let Some(app) = TestApp::with_demo(backend).await else { return };
    app.signed_in("supervisor@acme.example").await;
    session::ActiveModel {
        id: Set("expired-one".into()),
        data: Set("{}".into()),
        expires_at: Set(Utc::now() - Duration::minutes(1)),
    }
    .insert(&app.db)
    .await
    .unwrap();
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 2);
    let deleted = server::sessions::delete_expired(&app.db).await.unwrap();
    assert_eq!(deleted, 1);
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 1, "the live session stays");
}
