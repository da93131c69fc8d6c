//! Cross-site requests to server functions are refused: a page on another site
//! cannot make a signed-in browser post to `/api/*` (cross-site request forgery,
//! login CSRF included). The browser says where a request comes from in
//! `Sec-Fetch-Site`; older browsers send `Origin`, which must then name this host.
//! A request with neither header does not come from a browser page (a script, a
//! machine gateway) and passes: it carries no one else's cookies.

use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::access::API_PREFIX;

pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let guarded = request.method() == Method::POST && request.uri().path().starts_with(API_PREFIX);
    if guarded && !same_origin(request.headers()) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return (StatusCode::FORBIDDEN, app::i18n::EN.err_cross_site).into_response();
    }
    next.run(request).await
}

/// Whether the headers show a request from our own pages (or from no page at all).
pub fn same_origin(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v: &header::HeaderValue| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return site == "same-origin";
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin_host(origin).is_some_and(|h| h.eq_ignore_ascii_case(host)),
        (Some(_), None) => false,
    }
}

/// `host[:port]` of an origin such as `https://plant.example:8443`.
fn origin_host(origin: &str) -> Option<&str> {
    let (_, rest) = origin.split_once("://")?;
    Some(rest.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_same_origin_browsers_and_headless_clients_pass() {
        assert!(same_origin(&headers(&[])), "a script or gateway");
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        for site in ["cross-site", "same-site", "none"] {
            assert!(!same_origin(&headers(&[("sec-fetch-site", site)])), "{site}");
        }
        assert!(same_origin(&headers(&[("origin", "http://plant.local:3000"), ("host", "plant.local:3000")])));
        assert!(!same_origin(&headers(&[("origin", "https://evil.example"), ("host", "plant.local:3000")])));
        assert!(!same_origin(&headers(&[("origin", "null"), ("host", "plant.local")])));
    }
}
