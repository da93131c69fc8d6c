//! An operator scrapes `/metrics` with Prometheus.

use crate::helpers::{spawn_app, spawn_app_with, test_config, Backend, TestDb};
use crate::on_both_backends;

on_both_backends!(
    metrics_count_requests_by_route_and_status,
    metrics_are_valid_prometheus_text,
    invented_methods_share_one_label,
    a_metrics_token_keeps_strangers_out,
);

async fn scrape(app: &crate::helpers::TestApp) -> String {
    let response = app.get("/metrics").await;
    assert_eq!(response.status().as_u16(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    response.text().await.unwrap()
}

async fn metrics_count_requests_by_route_and_status(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.get("/health/live").await;
    app.get("/no/such/file.txt").await;
    let text = scrape(&app).await;
    for expected in [
        r#"http_requests_total{method="GET",route="/health/live",status="200"}"#,
        r#"http_requests_total{method="GET",route="fallback",status="404"}"#,
        r#"http_request_duration_seconds_bucket{method="GET",route="/health/live",status="200",le="0.005"}"#,
        r#"db_pool_connections{state="idle"}"#,
        r#"db_pool_connections{state="in_use"}"#,
        r#"floorcast_build_info{version=""#,
        r#"floorcast_db_queries_total{outcome="ok"}"#,
    ] {
        assert!(text.contains(expected), "missing {expected} in:\n{text}");
    }
}

/// Every sample line is `name{labels} value` with a valid metric name and a number.
async fn metrics_are_valid_prometheus_text(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.get("/health/ready").await;
    let text = scrape(&app).await;
    let mut samples = 0;
    for line in text.lines().filter(|l| !l.is_empty()) {
        if let Some(comment) = line.strip_prefix("# ") {
            assert!(comment.starts_with("TYPE ") || comment.starts_with("HELP "), "bad comment: {line}");
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value: {line}"));
        assert!(value.parse::<f64>().is_ok() || value == "+Inf" || value == "NaN", "bad value: {line}");
        let name = series.split('{').next().unwrap();
        assert!(
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
                && !name.starts_with(|c: char| c.is_ascii_digit()),
            "bad metric name: {line}"
        );
        if let Some(labels) = series.strip_prefix(name) {
            assert!(labels.is_empty() || (labels.starts_with('{') && labels.ends_with('}')), "bad labels: {line}");
        }
        samples += 1;
    }
    assert!(samples > 10, "too few samples:\n{text}");
}

async fn invented_methods_share_one_label(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    for method in ["BREW", "WHEN", "X-CUSTOM"] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        app.client.request(method, app.url("/health/live")).send().await.unwrap();
    }
    let text = scrape(&app).await;
    assert!(!text.contains("BREW") && !text.contains("X-CUSTOM"), "invented methods became labels:\n{text}");
    assert!(text.contains(r#"method="other""#), "{text}");
}

async fn a_metrics_token_keeps_strangers_out(backend: Backend) {
    let Some(test_db) = TestDb::create(backend).await else { return };
    let mut config = test_config(&test_db);
    config.metrics_token = Some("s3cret-scraper".into());
    let app = spawn_app_with(config, test_db).await;
    assert_eq!(app.get("/metrics").await.status().as_u16(), 401);
    let wrong = app.client.get(app.url("/metrics")).bearer_auth("guess").send().await.unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let right = app.client.get(app.url("/metrics")).bearer_auth("s3cret-scraper").send().await.unwrap();
    assert_eq!(right.status().as_u16(), 200);
    assert!(right.text().await.unwrap().contains("http_requests_total"));
}
