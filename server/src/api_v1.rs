//! The integration API, version 1 (`/api/v1`): plain JSON over HTTP for the sector's systems
//! and tools such as online test platforms. Each call carries `Authorization: Bearer <token>`;
//! a token acts for the user who created it, limited to its scopes and never beyond that
//! user's own access (checked on every call with the same rules as the web pages). Errors are
//! `{"error": {"code", "message"}}` with 401, 403, 404, 409, 422 or 400; never a bare 500.
//!
//! The OpenAPI 3.1 document is derived from the handlers and served at
//! `GET /api/v1/openapi.json`.
pub mod auth;
pub mod error;
pub mod import;
pub mod results;
pub mod scores;
pub mod structure;
pub mod students;

use app::server::state::AppState;
use axum::routing::{get, post};
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hocba API",
        version = "1.0.0",
        description = "Read a school's structure, students and results, and record assessment \
            scores, under the same rules, access and audit as the web gradebook."
    ),
    paths(
        structure::structure,
        students::class_students,
        students::student_by_code,
        import::import_students,
        results::class_results,
        scores::record_scores,
    ),
    components(schemas(error::ErrorBody, error::ErrorDetail)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "structure", description = "School years, semesters, grade levels, classes, subjects, teaching assignments"),
        (name = "students", description = "Students of a class, one student by code, importing students"),
        (name = "results", description = "Grade sheets with averages and results"),
        (name = "scores", description = "Recording assessment scores"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A token created at /account/api-tokens (shown once)."))
                    .build(),
            ),
        );
    }
}

/// The routes under `/api/v1`, with a JSON 404 for any other path there.
pub fn routes() -> Router<AppState> {
    let v1 = Router::new()
        .route("/openapi.json", get(openapi))
        .route("/structure", get(structure::structure))
        .route("/classes/{id}/students", get(students::class_students))
        .route("/students/import", post(import::import_students))
        .route("/students/{code}", get(students::student_by_code))
        .route("/classes/{id}/results", get(results::class_results))
        .route("/scores", post(scores::record_scores))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed);
    Router::new().nest("/api/v1", v1)
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
