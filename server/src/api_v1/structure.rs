//! `GET /api/v1/structure`: the school's years and semesters, grade levels, classes, subjects
//! and teaching assignments.
use super::auth::ApiCaller;
use super::error::{ApiError, ErrorBody};
use app::api::api_tokens::ApiScope;
use app::server::db::{school_years, structure, subjects};
use app::server::state::AppState;
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Structure {
    pub school_years: Vec<SchoolYear>,
    pub grade_levels: Vec<GradeLevel>,
    pub classes: Vec<Class>,
    pub subjects: Vec<Subject>,
    pub teaching_assignments: Vec<TeachingAssignment>,
}

#[derive(Serialize, ToSchema)]
pub struct SchoolYear {
    pub id: i64,
    /// "2026-2027".
    pub name: String,
    /// YYYY-MM-DD.
    pub start_date: String,
    pub end_date: String,
    pub is_current: bool,
    pub semesters: Vec<Semester>,
}

#[derive(Serialize, ToSchema)]
pub struct Semester {
    pub id: i64,
    /// 1 or 2.
    pub number: i64,
    pub start_date: String,
    pub end_date: String,
}

#[derive(Serialize, ToSchema)]
pub struct GradeLevel {
    pub school_year_id: i64,
    pub grade: i64,
    /// `tt22_2021` (secondary), `tt27_2020` (primary) or `none`.
    pub rule_set: String,
}

#[derive(Serialize, ToSchema)]
pub struct Class {
    pub id: i64,
    pub school_year_id: i64,
    pub grade: i64,
    pub name: String,
    pub homeroom_teacher_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct Subject {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// `scored` (0–10) or `comment` (Đạt / Chưa đạt).
    pub assessment_kind: String,
    /// The grades that study the subject, with its periods per year there.
    pub grades: Vec<SubjectGrade>,
}

#[derive(Serialize, ToSchema)]
pub struct SubjectGrade {
    pub grade: i64,
    pub periods_per_year: i64,
    /// More regular assessments than the rule requires, when the school records more.
    pub regular_assessments: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct TeachingAssignment {
    pub school_year_id: i64,
    pub class_id: i64,
    pub subject_id: i64,
    pub teacher_id: i64,
    pub teacher_name: String,
}

/// The structure of the token user's school.
#[utoipa::path(
    get,
    path = "/api/v1/structure",
    tag = "structure",
    responses(
        (status = 200, description = "The school's structure", body = Structure),
        (status = 401, description = "No, unknown, revoked or expired token", body = ErrorBody),
        (status = 403, description = "The token lacks structure:read", body = ErrorBody),
    ),
    security(("bearer" = ["structure:read"]))
)]
pub async fn structure(
    State(state): State<AppState>,
    api: ApiCaller,
) -> Result<Json<Structure>, ApiError> {
    let caller = api.require(ApiScope::StructureRead)?;
    let db = &state.db;
    let school = caller.school_id;
    let semesters = school_years::semesters(db, school).await?;
    let mut years = school_years::list(db, school).await?;
    // Oldest first, as the API has always listed them.
    years.reverse();
    let school_years = years
        .into_iter()
        .map(|y| SchoolYear {
            semesters: semesters
                .iter()
                .filter(|s| s.school_year_id == y.id)
                .map(|s| Semester {
                    id: s.id,
                    number: s.number,
                    start_date: s.start_date.to_string(),
                    end_date: s.end_date.to_string(),
                })
                .collect(),
            id: y.id,
            name: y.name,
            start_date: y.start_date.to_string(),
            end_date: y.end_date.to_string(),
            is_current: y.is_current,
        })
        .collect();
    let subject_grades = subjects::grades(db, school).await?;
    Ok(Json(Structure {
        school_years,
        grade_levels: school_years::grade_levels(db, school)
            .await?
            .into_iter()
            .map(|g| GradeLevel {
                school_year_id: g.school_year_id,
                grade: g.grade,
                rule_set: g.rule_set,
            })
            .collect(),
        classes: structure::classes(db, school)
            .await?
            .into_iter()
            .map(|c| Class {
                id: c.id,
                school_year_id: c.school_year_id,
                grade: c.grade,
                name: c.name,
                homeroom_teacher_id: c.homeroom_teacher_id,
            })
            .collect(),
        subjects: subjects::list(db, school)
            .await?
            .into_iter()
            .map(|s| Subject {
                grades: subject_grades
                    .iter()
                    .filter(|g| g.subject_id == s.id)
                    .map(|g| SubjectGrade {
                        grade: g.grade,
                        periods_per_year: g.periods_per_year,
                        regular_assessments: g.regular_assessments,
                    })
                    .collect(),
                id: s.id,
                code: s.code,
                name: s.name,
                assessment_kind: s.assessment_kind,
            })
            .collect(),
        teaching_assignments: structure::assignments(db, school)
            .await?
            .into_iter()
            .map(|a| TeachingAssignment {
                school_year_id: a.school_year_id,
                class_id: a.class_id,
                subject_id: a.subject_id,
                teacher_id: a.teacher_id,
                teacher_name: a.teacher_name,
            })
            .collect(),
    }))
}
