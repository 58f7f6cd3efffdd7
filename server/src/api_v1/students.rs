//! `GET /api/v1/classes/{id}/students` and `GET /api/v1/students/{code}`.
use super::auth::ApiCaller;
use super::error::{ApiError, ErrorBody};
use app::api::api_tokens::ApiScope;
use app::domain::role::Role;
use app::domain::vietnamese::{compare_names, PersonName};
use app::server::db::structure::{self, StudentRecord};
use app::server::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Student {
    pub id: i64,
    /// The student code (mã học sinh).
    pub code: String,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub full_name: String,
    /// YYYY-MM-DD.
    pub date_of_birth: Option<String>,
    /// `male` or `female`.
    pub gender: String,
    pub ethnicity: String,
    pub nationality: String,
    /// `studying`, `transferred_out`, `dropped_out`, `graduated` or `suspended`.
    pub status: String,
    /// The class the student is enrolled in now.
    pub class_id: Option<i64>,
}

impl From<StudentRecord> for Student {
    fn from(s: StudentRecord) -> Student {
        Student {
            id: s.id,
            code: s.code,
            family_name: s.family_name,
            middle_name: s.middle_name,
            given_name: s.given_name,
            full_name: s.full_name,
            date_of_birth: s.date_of_birth,
            gender: s.gender,
            ethnicity: s.ethnicity,
            nationality: s.nationality,
            status: s.status,
            class_id: s.class_id,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ClassStudents {
    pub class_id: i64,
    pub class_name: String,
    /// In Vietnamese class order (given name first).
    pub students: Vec<Student>,
}

/// The students of a class, in class order, for a user allowed to see its list.
#[utoipa::path(
    get,
    path = "/api/v1/classes/{id}/students",
    tag = "students",
    params(("id" = i64, Path, description = "Class id")),
    responses(
        (status = 200, description = "The class's students", body = ClassStudents),
        (status = 401, description = "No, unknown, revoked or expired token", body = ErrorBody),
        (status = 403, description = "Missing students:read, or the user may not see this class", body = ErrorBody),
        (status = 404, description = "No such class in the user's school", body = ErrorBody),
    ),
    security(("bearer" = ["students:read"]))
)]
pub async fn class_students(
    State(state): State<AppState>,
    api: ApiCaller,
    Path(class_id): Path<i64>,
) -> Result<Json<ClassStudents>, ApiError> {
    let caller = api.require(ApiScope::StudentsRead)?;
    // The same rule as the class page.
    let roster = app::server::roster::for_caller(&state.db, caller, class_id).await?;
    let mut students = structure::students_of_class(&state.db, class_id).await?;
    let name = |s: &StudentRecord| PersonName {
        family: s.family_name.clone(),
        middle: s.middle_name.clone(),
        given: s.given_name.clone(),
    };
    students.sort_by(|a, b| compare_names(&name(a), &name(b)).then_with(|| a.code.cmp(&b.code)));
    Ok(Json(ClassStudents {
        class_id,
        class_name: roster.name,
        students: students.into_iter().map(Student::from).collect(),
    }))
}

/// One student by code: the board sees every student of the school; teachers see the
/// students of classes they may see.
#[utoipa::path(
    get,
    path = "/api/v1/students/{code}",
    tag = "students",
    params(("code" = String, Path, description = "Student code (mã học sinh)")),
    responses(
        (status = 200, description = "The student", body = Student),
        (status = 401, description = "No, unknown, revoked or expired token", body = ErrorBody),
        (status = 403, description = "Missing students:read, or the user may not see this student", body = ErrorBody),
        (status = 404, description = "No such student in the user's school", body = ErrorBody),
    ),
    security(("bearer" = ["students:read"]))
)]
pub async fn student_by_code(
    State(state): State<AppState>,
    api: ApiCaller,
    Path(code): Path<String>,
) -> Result<Json<Student>, ApiError> {
    let caller = api.require(ApiScope::StudentsRead)?;
    let student = structure::student_by_code(&state.db, caller.school_id, code.trim())
        .await?
        .ok_or(app::error::AppError::NotFound)?;
    let board = caller.has(Role::Admin) || caller.has(Role::Principal);
    if !board {
        let class_id = student.class_id.ok_or(app::error::AppError::Forbidden)?;
        app::server::roster::for_caller(&state.db, caller, class_id).await?;
    }
    Ok(Json(student.into()))
}
