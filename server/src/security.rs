//! Cross-site request refusal and the security headers every response carries.
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use tower_http::set_header::SetResponseHeaderLayer;

/// Refuses state-changing requests sent by a browser from another site (CSRF). Leptos does no
/// such check itself. Browsers always send `Origin` on cross-origin POSTs and `Sec-Fetch-Site`
/// on every request; non-browser clients (other systems) send neither and are not at risk.
pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let same_origin = match origin {
        Some("null") => false,
        Some(o) => o.split_once("://").map(|(_, rest)| rest) == Some(host),
        None => !matches!(fetch_site, Some("cross-site") | Some("same-site")),
    };
    if same_origin {
        next.run(req).await
    } else {
        tracing::warn!(?origin, host, path = %req.uri().path(), "cross-site request refused");
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Yêu cầu từ trang web khác bị từ chối. / Cross-site request refused.",
        )
            .into_response()
    }
}

/// Headers for every response (the CSP comes with each page, as it carries a nonce). Behind
/// HTTPS (`secure` cookies) browsers are also told to use HTTPS only, for a year.
pub fn headers(https: bool) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let mut headers = vec![
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
    ];
    if https {
        headers.push((header::STRICT_TRANSPORT_SECURITY, "max-age=31536000"));
    }
    headers
        .into_iter()
        .map(|(name, value)| {
            SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
        })
        .collect()
}

/// Pages and API answers hold personal data: no shared cache may keep them.
pub async fn no_store_for_dynamic(req: Request<Body>, next: Next) -> Response {
    let is_asset = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let value = if is_asset {
        "public, max-age=300"
    } else {
        "no-store"
    };
    res.headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(value));
    res
}

/// Server functions answer every error with 500 unless told otherwise. Our own functions set
/// the right status; errors raised before a function runs (a malformed body, a missing
/// argument) are the client's fault and become 400, so only real failures stay 500.
pub async fn client_errors_are_not_500(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key("serverfnerror")
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if bytes.as_ref() != b"\"Internal\"" {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}
