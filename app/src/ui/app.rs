//! The document shell and the router.
use super::auth_gate::provide_visitor;
use super::lang::provide_lang;
use super::lazy_routes::{
    AdminClassesRoute, AdminLocksRoute, AdminStructureRoute, AdminStudentsRoute, AdminUsersRoute,
    ApiTokensRoute, AttendanceRoute, AttendanceSchoolRoute, AuditLogRoute, ChildResultsRoute,
    ClassRosterRoute, ClassSummaryRoute, ConductRoute, CorrectionsRoute, DashboardResultsRoute,
    DashboardRoute, GradeGridRoute, NotificationSettingsRoute, PasswordRoute, ReportInboxRoute,
    ReviewsRoute, SessionsRoute, StudentHistoryRoute, StudentImportRoute, StudentRecordRoute,
    YearEndRoute,
};
use super::pages::{home::HomePage, login::LoginPage, not_found::NotFound};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The whole HTML document, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// A nonce per response lets the hydration script run while inline scripts from elsewhere cannot.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    leptos::nonce::provide_nonce();
    let nonce = leptos::nonce::use_nonce()
        .map(|n| n.to_string())
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    crate::server::context::set_header(http::header::CONTENT_SECURITY_POLICY, &policy);
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = provide_lang();
    provide_visitor();
    // Tests wait for `data-hydrated` on <body> before they click: the client sets it once the
    // whole page has hydrated, lazy routes included (frontend/src/lib.rs).
    view! {
        <Html attr:lang=lang.code() />
        <Stylesheet id="hocba-css" href="/pkg/hocba.css" />
        <Meta name="description" content=crate::i18n::Msg::AppDescription.raw(lang) />
        <Title formatter=|page: String| if page.is_empty() { "Hocba".to_string() } else { format!("{page} · Hocba") } />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                <Route path=path!("/account/password") view={Lazy::<PasswordRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/account/notifications") view={Lazy::<NotificationSettingsRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/account/sessions") view={Lazy::<SessionsRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/account/api-tokens") view={Lazy::<ApiTokensRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/admin/users") view={Lazy::<AdminUsersRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/admin/structure") view={Lazy::<AdminStructureRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/admin/classes") view={Lazy::<AdminClassesRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/admin/locks") view={Lazy::<AdminLocksRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/admin/students") view={Lazy::<AdminStudentsRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/admin/students/import") view={Lazy::<StudentImportRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/admin/students/:id") view={Lazy::<StudentRecordRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/corrections") view={Lazy::<CorrectionsRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/classes/:id") view={Lazy::<ClassRosterRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/reviews") view={Lazy::<ReviewsRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/classes/:id/conduct") view={Lazy::<ConductRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/classes/:id/grades/:subject/:semester") view={Lazy::<GradeGridRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/admin/audit") view={Lazy::<AuditLogRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/students/:id/history") view={Lazy::<StudentHistoryRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/attendance") view={Lazy::<AttendanceSchoolRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/classes/:id/attendance") view={Lazy::<AttendanceRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/classes/:id/attendance/period") view={Lazy::<AttendanceRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/classes/:id/summary") view={Lazy::<ClassSummaryRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/classes/:id/year-end") view={Lazy::<YearEndRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/reports") view={Lazy::<ReportInboxRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/dashboard") view={Lazy::<DashboardRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/dashboard/results") view={Lazy::<DashboardResultsRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("/children/:code") view={Lazy::<ChildResultsRoute>::new()} ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}
