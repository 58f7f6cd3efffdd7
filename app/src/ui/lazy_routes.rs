//! Pages whose code the browser fetches only when one of them is first shown: each route
//! here is a WASM module of its own (`cargo xtask build-site` splits them out), so the first
//! download holds only the shell, the login and the home page. The server renders them as
//! before; the page then hydrates once its module has arrived (the server tells the browser
//! to preload it).
use super::pages::{
    admin_classes::AdminClassesPage, admin_locks::AdminLocksPage,
    admin_structure::AdminStructurePage, admin_students::AdminStudentsPage,
    admin_users::AdminUsersPage, api_tokens::ApiTokensPage, attendance::AttendancePage,
    attendance_school::AttendanceSchoolPage, audit_log::AuditLogPage,
    child_results::ChildResultsPage, class_roster::ClassRosterPage,
    class_summary::ClassSummaryPage, conduct::ConductPage, corrections::CorrectionsPage,
    dashboard::DashboardPage, dashboard_results::DashboardResultsPage, grade_grid::GradeGridPage,
    notification_settings::NotificationSettingsPage, password::PasswordPage,
    report_inbox::ReportInboxPage, reviews::ReviewsPage, sessions::SessionsPage,
    student_history::StudentHistoryPage, student_import::StudentImportPage,
    student_record::StudentRecordPage, year_end::YearEndPage,
};
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// `/admin/users`
#[derive(Debug)]
pub struct AdminUsersRoute;

#[lazy_route]
impl LazyRoute for AdminUsersRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminUsersPage /> }.into_any()
    }
}

/// `/admin/structure`
#[derive(Debug)]
pub struct AdminStructureRoute;

#[lazy_route]
impl LazyRoute for AdminStructureRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminStructurePage /> }.into_any()
    }
}

/// `/admin/classes`
#[derive(Debug)]
pub struct AdminClassesRoute;

#[lazy_route]
impl LazyRoute for AdminClassesRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminClassesPage /> }.into_any()
    }
}

/// `/admin/students`
#[derive(Debug)]
pub struct AdminStudentsRoute;

#[lazy_route]
impl LazyRoute for AdminStudentsRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminStudentsPage /> }.into_any()
    }
}

/// `/admin/students/import`
#[derive(Debug)]
pub struct StudentImportRoute;

#[lazy_route]
impl LazyRoute for StudentImportRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <StudentImportPage /> }.into_any()
    }
}

/// `/admin/students/:id`
#[derive(Debug)]
pub struct StudentRecordRoute;

#[lazy_route]
impl LazyRoute for StudentRecordRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <StudentRecordPage /> }.into_any()
    }
}

/// `/classes/:id`
#[derive(Debug)]
pub struct ClassRosterRoute;

#[lazy_route]
impl LazyRoute for ClassRosterRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ClassRosterPage /> }.into_any()
    }
}

/// `/classes/:id/grades/:subject/:semester`
#[derive(Debug)]
pub struct GradeGridRoute;

#[lazy_route]
impl LazyRoute for GradeGridRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <GradeGridPage /> }.into_any()
    }
}

/// `/account/password`
#[derive(Debug)]
pub struct PasswordRoute;

#[lazy_route]
impl LazyRoute for PasswordRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <PasswordPage /> }.into_any()
    }
}

/// `/account/sessions`
#[derive(Debug)]
pub struct SessionsRoute;

#[lazy_route]
impl LazyRoute for SessionsRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <SessionsPage /> }.into_any()
    }
}

/// `/account/api-tokens`
#[derive(Debug)]
pub struct ApiTokensRoute;

#[lazy_route]
impl LazyRoute for ApiTokensRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ApiTokensPage /> }.into_any()
    }
}

/// `/admin/audit`
#[derive(Debug)]
pub struct AuditLogRoute;

#[lazy_route]
impl LazyRoute for AuditLogRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <AuditLogPage /> }.into_any()
    }
}

/// `/students/:id/history`
#[derive(Debug)]
pub struct StudentHistoryRoute;

#[lazy_route]
impl LazyRoute for StudentHistoryRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <StudentHistoryPage /> }.into_any()
    }
}

/// `/reviews`
#[derive(Debug)]
pub struct ReviewsRoute;

#[lazy_route]
impl LazyRoute for ReviewsRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ReviewsPage /> }.into_any()
    }
}

/// `/admin/locks`
#[derive(Debug)]
pub struct AdminLocksRoute;

#[lazy_route]
impl LazyRoute for AdminLocksRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminLocksPage /> }.into_any()
    }
}

/// `/corrections`
#[derive(Debug)]
pub struct CorrectionsRoute;

#[lazy_route]
impl LazyRoute for CorrectionsRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <CorrectionsPage /> }.into_any()
    }
}

/// `/classes/:id/conduct`
#[derive(Debug)]
pub struct ConductRoute;

#[lazy_route]
impl LazyRoute for ConductRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ConductPage /> }.into_any()
    }
}

/// `/classes/:id/attendance` and `/classes/:id/attendance/period`
#[derive(Debug)]
pub struct AttendanceRoute;

#[lazy_route]
impl LazyRoute for AttendanceRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <AttendancePage /> }.into_any()
    }
}

/// `/attendance`
#[derive(Debug)]
pub struct AttendanceSchoolRoute;

#[lazy_route]
impl LazyRoute for AttendanceSchoolRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <AttendanceSchoolPage /> }.into_any()
    }
}

/// `/classes/:id/summary`
#[derive(Debug)]
pub struct ClassSummaryRoute;

#[lazy_route]
impl LazyRoute for ClassSummaryRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ClassSummaryPage /> }.into_any()
    }
}

/// `/classes/:id/year-end`
#[derive(Debug)]
pub struct YearEndRoute;

#[lazy_route]
impl LazyRoute for YearEndRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <YearEndPage /> }.into_any()
    }
}

/// `/children/:code`
#[derive(Debug)]
pub struct ChildResultsRoute;

#[lazy_route]
impl LazyRoute for ChildResultsRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ChildResultsPage /> }.into_any()
    }
}

/// `/reports`
#[derive(Debug)]
pub struct ReportInboxRoute;

#[lazy_route]
impl LazyRoute for ReportInboxRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ReportInboxPage /> }.into_any()
    }
}

/// `/account/notifications`
#[derive(Debug)]
pub struct NotificationSettingsRoute;

#[lazy_route]
impl LazyRoute for NotificationSettingsRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <NotificationSettingsPage /> }.into_any()
    }
}

/// `/dashboard`
#[derive(Debug)]
pub struct DashboardRoute;

#[lazy_route]
impl LazyRoute for DashboardRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <DashboardPage /> }.into_any()
    }
}

/// `/dashboard/results`
#[derive(Debug)]
pub struct DashboardResultsRoute;

#[lazy_route]
impl LazyRoute for DashboardResultsRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <DashboardResultsPage /> }.into_any()
    }
}
