//! The service worker and the offline page (`public/sw.js`, `public/offline.html`), served by
//! routes of their own rather than from the site directory: the worker must be revalidated on
//! every check (`no-cache`) so that a new version reaches browsers at once, whereas other
//! static files may be kept for a while. Both are compiled in, so the server always serves the
//! worker written for the app it runs.
use axum::response::{IntoResponse, Response};
use http::header;

const SERVICE_WORKER: &str = include_str!("../../public/sw.js");
const OFFLINE_PAGE: &str = include_str!("../../public/offline.html");

/// `GET /sw.js`.
pub async fn service_worker() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        SERVICE_WORKER,
    )
        .into_response()
}

/// `GET /offline.html`: what the worker shows offline for a page never opened on the device.
/// Kept by the worker at install, so `no-cache` here costs nothing.
pub async fn offline_page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        OFFLINE_PAGE,
    )
        .into_response()
}
