//! Sessions live in the database: two server instances on one database share
//! them (so does a restarted server), and expired ones are swept away.

use app::db::entity::session;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};
use server::sessions::DbSessionStore;

use crate::helpers::{session_cookie, spawn_app_with, test_config, Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(a_second_instance_knows_the_session, expired_sessions_are_swept);

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
    let deleted = DbSessionStore::new(app.db.clone()).delete_expired().await.unwrap();
    assert_eq!(deleted, 1);
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 1, "the live session stays");
}
