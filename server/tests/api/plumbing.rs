//! What every request gets: a request id, compression, a body limit, and pages
//! rendered on the server.

use crate::helpers::{spawn_app, Backend};
use crate::on_both_backends;

on_both_backends!(
    request_id_is_echoed_or_generated,
    responses_are_compressed_when_asked,
    oversized_bodies_are_refused_with_413,
    pages_render_on_the_server,
    unknown_pages_are_404,
);

async fn request_id_is_echoed_or_generated(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let response =
        app.client.get(format!("{}/health/live", app.address)).header("x-request-id", "abc-123").send().await.unwrap();
    assert_eq!(response.headers()["x-request-id"], "abc-123");
    let response = app.get("/health/live").await;
    let generated = response.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(generated.len(), 36, "a UUID: {generated}");
}

async fn responses_are_compressed_when_asked(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    for encoding in ["gzip", "br"] {
        let response =
            app.client.get(format!("{}/", app.address)).header("accept-encoding", encoding).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
}

async fn oversized_bodies_are_refused_with_413(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let body = "x".repeat(2 * 1024 * 1024);
    let response = app
        .client
        .post(format!("{}/api/system_status", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
}

async fn pages_render_on_the_server(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    for (path, heading) in [
        ("/", "Overview"),
        ("/forecasting", "Forecasting &amp; replenishment"),
        ("/production", "Production analytics"),
        ("/warehouse", "Bin utilization &amp; putaway"),
        ("/admin", "Administration"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("<h1>{heading}</h1>")), "{path} lacks its heading:\n{html}");
        assert!(html.contains("/pkg/floorcast.js"), "{path} lacks the hydration script");
        assert!(html.contains("/echarts.min.js"), "{path} lacks ECharts");
    }
}

async fn unknown_pages_are_404(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let response = app.get("/no-such-page").await;
    assert_eq!(response.status().as_u16(), 404);
    assert!(response.text().await.unwrap().contains("Page not found"));
}
