//! The service worker and the offline page are served with the headers the browser needs.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use axum::body::Body;
use databases::TestDb;
use http::{header, Request, StatusCode};
use support::{Reply, TestApp, HOST};

async fn get(app: &TestApp, path: &str) -> Reply {
    let req = Request::builder()
        .uri(path)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .expect("request");
    app.send(req, [10, 0, 0, 1]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_worker_is_javascript_revalidated_on_every_check() {
    let app = TestApp::start(TestDb::sqlite().await).await;
    let r = get(&app, "/sw.js").await;
    assert_eq!(r.status, StatusCode::OK);
    let content_type = r.header(header::CONTENT_TYPE).unwrap_or_default();
    assert!(
        content_type.starts_with("text/javascript"),
        "content type {content_type}"
    );
    assert_eq!(r.header(header::CACHE_CONTROL), Some("no-cache"));
    assert!(r.body.contains("addEventListener('fetch'"), "{}", r.body);
    // No session needed: the worker is fetched by the browser without the page's context.
    assert!(r.session_cookie().is_none());
    app.t.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offline_page_is_served_in_vietnamese_and_english() {
    let app = TestApp::start(TestDb::sqlite().await).await;
    let r = get(&app, "/offline.html").await;
    assert_eq!(r.status, StatusCode::OK);
    let content_type = r.header(header::CONTENT_TYPE).unwrap_or_default();
    assert!(
        content_type.starts_with("text/html"),
        "content type {content_type}"
    );
    assert_eq!(r.header(header::CACHE_CONTROL), Some("no-cache"));
    assert!(r.body.contains("Không có kết nối mạng"), "{}", r.body);
    assert!(r.body.contains("No connection"), "{}", r.body);
    assert!(r.body.contains("href=\"/\""), "{}", r.body);
    app.t.finish().await;
}
