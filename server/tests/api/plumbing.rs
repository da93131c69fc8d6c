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
    cross_site_posts_are_refused,
    pages_carry_a_nonce_csp_and_hardening_headers,
    kiosk_pages_are_hydrated_by_the_floor_bundle,
    static_files_are_sent_precompressed,
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
        assert!(!html.contains("echarts.min.js"), "{path}: ECharts is loaded by the first chart, not by every page");
    }
}

async fn kiosk_pages_are_hydrated_by_the_floor_bundle(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    for path in ["/kiosk/1", "/kiosk/not-a-number"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains("/pkg/floorcast-floor.js"), "{path} lacks the floor bundle:\n{html}");
        assert!(html.contains("/pkg/floorcast-floor_bg.wasm"), "{path}");
        assert!(!html.contains("/pkg/floorcast.js"), "{path} loads the office bundle too");
    }
    let html = app.get("/login").await.text().await.unwrap();
    assert!(html.contains("/pkg/floorcast.js") && !html.contains("floorcast-floor"), "{html}");
}

/// The build writes `.br` and `.gz` copies beside the files; the server sends the
/// one the browser accepts, as it is, and the original to a client that accepts none.
async fn static_files_are_sent_precompressed(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let pkg = app.test_db.site_root().join("pkg");
    std::fs::write(pkg.join("probe.js"), "console.log('probe');").unwrap();
    std::fs::write(pkg.join("probe.js.br"), "brotli bytes").unwrap();
    std::fs::write(pkg.join("probe.js.gz"), "gzip bytes").unwrap();
    let fetch = |encoding: &'static str| {
        let request = app.client.get(app.url("/pkg/probe.js"));
        async move {
            let request = if encoding.is_empty() { request } else { request.header("accept-encoding", encoding) };
            request.send().await.unwrap()
        }
    };
    for (accepts, encoding, body) in [
        ("br, gzip", Some("br"), "brotli bytes"),
        ("gzip", Some("gzip"), "gzip bytes"),
        ("", None, "console.log('probe');"),
    ] {
        let response = fetch(accepts).await;
        assert_eq!(response.status().as_u16(), 200, "{accepts}");
        assert_eq!(response.headers().get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accepts}");
        assert_eq!(response.headers()["content-type"], "text/javascript", "{accepts}");
        assert_eq!(response.text().await.unwrap(), body, "{accepts}");
    }
    assert_eq!(app.get("/pkg/no-such-file.js").await.status().as_u16(), 404);
}

async fn unknown_pages_are_404(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let response = app.get("/no-such-page").await;
    assert_eq!(response.status().as_u16(), 404);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

async fn cross_site_posts_are_refused(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let post = |headers: &[(&'static str, &'static str)]| {
        let mut request = app.client.post(app.url("/api/system_status"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send()
    };
    assert_eq!(post(&[("sec-fetch-site", "cross-site")]).await.unwrap().status().as_u16(), 403);
    assert_eq!(post(&[("origin", "https://evil.example")]).await.unwrap().status().as_u16(), 403);
    assert_eq!(post(&[("sec-fetch-site", "same-origin")]).await.unwrap().status().as_u16(), 200);
    assert_eq!(post(&[]).await.unwrap().status().as_u16(), 200, "scripts and gateways send neither header");
    // Login CSRF: a foreign page cannot sign a browser in either.
    let login = app
        .client
        .post(app.url("/api/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", "admin@acme.example"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status().as_u16(), 403);
}

async fn pages_carry_a_nonce_csp_and_hardening_headers(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let mut nonces = Vec::new();
    for path in ["/", "/login", "/admin"] {
        let response = app.get(path).await;
        let headers = response.headers().clone();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain HTTP");
        let csp = headers["content-security-policy"].to_str().unwrap().to_string();
        for part in
            ["'strict-dynamic'", "'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]
        {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap().to_string();
        let html = response.text().await.unwrap();
        let scripts = html.matches("<script").count();
        let nonced = html.matches(&format!("nonce=\"{nonce}\"")).count();
        assert!(scripts > 0 && nonced >= scripts, "{path}: {nonced} of {scripts} scripts carry the nonce");
        nonces.push(nonce);
    }
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "a fresh nonce per response");
    assert!(app.get("/health/live").await.headers().get("x-content-type-options").is_some(), "every response");
}
