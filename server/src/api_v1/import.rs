//! `POST /api/v1/students/import`: the same import as the admin's page, for the sector's
//! systems. The body is the file itself (`.xlsx`, `.xls` or `.csv`); the whole file is checked
//! first, and nothing is written while a row has a problem unless `confirm_valid_rows` is set.
use super::auth::ApiCaller;
use super::error::{ApiError, ErrorBody};
use app::api::api_tokens::ApiScope;
use app::domain::role::Role;
use app::server::db::student_import::ImportActor;
use app::server::state::AppState;
use app::server::student_import::{plan, run};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct ImportQuery {
    /// The file's name, whose extension says how to read it (`.xlsx`, `.xls`, `.csv`).
    pub file_name: String,
    /// Only check the file and say what importing it would do.
    #[serde(default)]
    pub dry_run: bool,
    /// Import the valid rows even though other rows have problems.
    #[serde(default)]
    pub confirm_valid_rows: bool,
}

/// Imports students: new codes are added, known codes of the school updated, each enrolled in
/// the named class of the current year; audited like the admin's import. For admins' tokens.
#[utoipa::path(
    post,
    path = "/api/v1/students/import",
    tag = "students",
    params(ImportQuery),
    request_body(content = Vec<u8>, description = "The .xlsx, .xls or .csv file", content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "With dry_run: `{\"preview\": …}` (columns found, counts, every problem by row and column); otherwise `{\"result\": {created, updated, unchanged, skipped_rows}}`"),
        (status = 400, description = "The file cannot be read (corrupt, password protected, no header, …)", body = ErrorBody),
        (status = 401, description = "No, unknown, revoked or expired token", body = ErrorBody),
        (status = 403, description = "Missing students:write, or the token's user is not the school's admin", body = ErrorBody),
        (status = 413, description = "The file is too large", body = ErrorBody),
        (status = 422, description = "Rows have problems and confirm_valid_rows is not set: nothing was imported; `preview` lists them", body = ErrorBody),
    ),
    security(("bearer" = ["students:write"]))
)]
pub async fn import_students(
    State(state): State<AppState>,
    api: ApiCaller,
    Query(q): Query<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let caller = api.require(ApiScope::StudentsWrite)?;
    if !caller.has(Role::Admin) {
        return Err(app::error::AppError::Forbidden.into());
    }
    let planned = plan(&state.db, caller.school_id, &q.file_name, &body).await?;
    if q.dry_run {
        return Ok(Json(json!({ "preview": planned.preview })).into_response());
    }
    if planned.preview.problem_rows > 0 && !q.confirm_valid_rows {
        let error = ApiError::invalid(format!(
            "{} rows have problems: nothing was imported (see preview.problems, or set confirm_valid_rows)",
            planned.preview.problem_rows
        ));
        let body = json!({ "error": error.body().error, "preview": planned.preview });
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let actor = ImportActor {
        school_id: caller.school_id,
        user_id: caller.user_id,
        ip: String::new(),
        request_id: header("x-request-id"),
        reason: format!(
            "api import: {}",
            q.file_name.chars().take(120).collect::<String>()
        ),
    };
    let result = run(&state.db, &actor, planned, q.confirm_valid_rows).await?;
    Ok(Json(json!({ "result": result })).into_response())
}
