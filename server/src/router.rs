//! Assembles the HTTP application: pages and server functions from `app`, a few plain routes,
//! and the layers every response passes through.
use crate::security;
use app::server::state::AppState;
use app::{shell, App};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::middleware::from_fn;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::{header, HeaderMap, StatusCode};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let mut router = Router::new()
        .merge(crate::api_v1::routes())
        .route("/healthz", get(health))
        .route("/lang/{code}", get(set_lang))
        .route("/offline.html", get(crate::offline::offline_page))
        .route("/sw.js", get(crate::offline::service_worker))
        .route(
            "/classes/{id}/grades.xlsx",
            get(crate::downloads::grades_xlsx),
        )
        .route(
            "/classes/{id}/list.xlsx",
            get(crate::downloads::class_list_xlsx),
        )
        .route(
            "/classes/{id}/summary.xlsx",
            get(crate::downloads::summary_xlsx),
        )
        .route("/admin/audit.xlsx", get(crate::downloads::audit_log_xlsx))
        .route(
            "/dashboard/results.xlsx",
            get(crate::downloads::results_overview_xlsx),
        )
        .route(
            "/dashboard/progress.xlsx",
            get(crate::downloads::progress_xlsx),
        )
        .route(
            "/children/{code}/report.pdf",
            get(crate::report_cards::child_pdf),
        )
        .route(
            "/children/{code}/report.html",
            get(crate::report_cards::child_html),
        )
        .route(
            "/classes/{id}/report-cards.pdf",
            get(crate::report_cards::class_pdf),
        )
        .route(
            "/classes/{id}/report-cards.html",
            get(crate::report_cards::class_html),
        )
        .route(
            "/classes/{id}/signoff.json",
            get(crate::downloads::signoff_json),
        )
        .route(
            "/admin/students/template.xlsx",
            get(crate::downloads::student_template_xlsx),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            app::server::context::provide_request_context,
            move || shell(options.clone()),
        )
        .fallback(static_file_or_page);
    for layer in security::headers(state.auth.secure_cookies) {
        router = router.layer(layer);
    }
    // Layers run bottom-up on the way in: the request id exists before anything logs.
    router
        // Student imports upload a spreadsheet as base64 in JSON (at most
        // `student_import::MAX_FILE_BYTES`, 4 MiB, so about 5.4 MiB encoded); axum's default is 2 MiB.
        .layer(DefaultBodyLimit::max(6 * 1024 * 1024))
        .layer(from_fn(security::client_errors_are_not_500))
        .layer(from_fn(security::no_store_for_dynamic))
        .layer(from_fn(security::refuse_cross_site))
        // Brotli's own default is its slowest quality (11), meant for files compressed once:
        // every answer here is compressed as it goes out, the shell's files included.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(4)))
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Ready when the database answers.
async fn health(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// Remembers the chosen language in a cookie and returns to the page the person was on.
async fn set_lang(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let back = same_site_path(&headers).unwrap_or_else(|| "/".into());
    let Some(lang) = app::i18n::Lang::from_code(&code) else {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        app::i18n::LANG_COOKIE,
        lang.code()
    );
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, back), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}

/// The path of the `Referer` if it is on this site, so the switch never redirects elsewhere.
fn same_site_path(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let rest = referer.split_once("://")?.1;
    let path = rest.strip_prefix(host)?;
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

/// The site's files (`/pkg/…`, the favicon) as they are on disk, and anything else rendered by
/// the app (its "not found" page). Not `leptos_axum::file_and_error_handler`: that one gives a
/// file the status of a page rendered at the same moment on the same thread (a shell chunk
/// answered 403 while a refused page was being drawn), which breaks hydration.
async fn static_file_or_page(
    uri: http::Uri,
    State(state): State<AppState>,
    req: axum::extract::Request,
) -> Response {
    use tower::ServiceExt;
    let mut file = http::Request::builder().uri(uri.clone());
    if let Some(encoding) = req.headers().get(header::ACCEPT_ENCODING) {
        file = file.header(header::ACCEPT_ENCODING, encoding);
    }
    if let Ok(file) = file.body(axum::body::Body::empty()) {
        let served = tower_http::services::ServeDir::new(&*state.leptos_options.site_root)
            .precompressed_gzip()
            .precompressed_br()
            .oneshot(file)
            .await;
        let Ok(res) = served;
        if res.status() == StatusCode::OK {
            return res.into_response();
        }
    }
    leptos_axum::file_and_error_handler::<AppState, _>(shell)(uri, State(state), req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(host: &str, referer: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, host.parse().expect("host"));
        h.insert(header::REFERER, referer.parse().expect("referer"));
        h
    }

    #[test]
    fn the_language_switch_returns_to_the_same_page() {
        let h = headers(
            "127.0.0.1:3000",
            "http://127.0.0.1:3000/account/sessions?x=1",
        );
        assert_eq!(same_site_path(&h).as_deref(), Some("/account/sessions?x=1"));
    }

    #[test]
    fn the_language_switch_never_redirects_to_another_site() {
        assert_eq!(
            same_site_path(&headers("a.vn", "https://evil.example/a.vn/")),
            None
        );
        assert_eq!(
            same_site_path(&headers("a.vn", "https://a.vn//evil.example")),
            None
        );
        assert_eq!(
            same_site_path(&headers("a.vn", "https://a.vn.evil.example/")),
            None
        );
    }
}
