//! `GET /api/v1/classes/{id}/results?subject_id=&semester_id=`: one subject's grade sheet of a
//! class for a semester: every cell with its version, and each student's semester result.
use super::auth::ApiCaller;
use super::error::{ApiError, ErrorBody};
use app::api::api_tokens::ApiScope;
use app::domain::grading::Computed;
use app::server::db::scores::{StoredScore, Value};
use app::server::grade_sheet::{self, Outcome};
use app::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct ResultsQuery {
    /// Subject id (from /api/v1/structure).
    pub subject_id: i64,
    /// Semester id (from /api/v1/structure).
    pub semester_id: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ClassResults {
    pub class_id: i64,
    pub class_name: String,
    pub subject_id: i64,
    pub subject_code: String,
    /// `scored` or `comment`.
    pub assessment_kind: String,
    pub semester_id: i64,
    pub semester_number: i64,
    pub school_year: String,
    /// Regular assessments (ĐĐGtx) required per student.
    pub regular_count: usize,
    /// In Vietnamese class order.
    pub students: Vec<StudentResult>,
}

#[derive(Serialize, ToSchema)]
pub struct StudentResult {
    pub number: usize,
    pub student_id: i64,
    pub student_code: String,
    pub full_name: String,
    /// Entered cells only: a missing cell is "not yet", never 0.
    pub cells: Vec<ScoreCell>,
    pub result: SemesterResult,
    /// The teacher's comment (nhận xét), if written.
    pub comment: Option<CommentCell>,
}

#[derive(Serialize, ToSchema)]
pub struct CommentCell {
    pub text: String,
    pub version: i64,
    /// Unix seconds.
    pub updated_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ScoreCell {
    /// `regular`, `midterm`, `final` or `reassessment`.
    pub kind: String,
    pub slot: i64,
    /// "8.5" for scores, "pass" / "fail" for comment subjects, "0" for a zero by decision,
    /// null when cleared or absent.
    pub value: Option<String>,
    /// `absent` (missed, awaiting a make-up: the average waits) or `zero_by_decision` (counts
    /// as 0); null for a plain value.
    pub mark: Option<String>,
    /// Why the mark was set (always given for a zero by decision).
    pub reason: Option<String>,
    /// Send this as `expected_version` to change the cell.
    pub version: i64,
    /// Unix seconds.
    pub updated_at: i64,
}

/// A cell's value as the API shows it: an absence has none (its mark says why).
pub fn api_value(v: Value) -> Option<String> {
    match v {
        Value::Absent => None,
        v => Some(v.code()),
    }
}

impl From<&StoredScore> for ScoreCell {
    fn from(s: &StoredScore) -> ScoreCell {
        ScoreCell {
            kind: s.kind.code().into(),
            slot: s.slot,
            value: s.value.and_then(api_value),
            mark: s.value.and_then(Value::mark).map(str::to_string),
            reason: s.value.and_then(Value::mark).and(s.reason.clone()),
            version: s.version,
            updated_at: s.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SemesterResult {
    /// False while assessments are missing (then `missing` says how many).
    pub complete: bool,
    pub missing: usize,
    /// ĐTBmhk rounded to one decimal ("7.8"), for scored subjects.
    pub average: Option<String>,
    /// "pass" (Đạt) or "fail" (Chưa đạt), for comment subjects.
    pub judgement: Option<String>,
}

pub fn semester_result(outcome: Outcome) -> SemesterResult {
    let mut r = SemesterResult {
        complete: false,
        missing: 0,
        average: None,
        judgement: None,
    };
    match outcome {
        Outcome::Average(Computed::Value(a)) => {
            r.complete = true;
            r.average = Some(a.format_en());
        }
        Outcome::Judgement(Computed::Value(j)) => {
            r.complete = true;
            r.judgement = Some(
                match j {
                    app::domain::grading::Judgement::Pass => "pass",
                    app::domain::grading::Judgement::Fail => "fail",
                }
                .into(),
            );
        }
        Outcome::Average(Computed::Incomplete { missing })
        | Outcome::Judgement(Computed::Incomplete { missing }) => r.missing = missing,
    }
    r
}

/// A class × subject × semester grade sheet, for a user allowed to see it.
#[utoipa::path(
    get,
    path = "/api/v1/classes/{id}/results",
    tag = "results",
    params(("id" = i64, Path, description = "Class id"), ResultsQuery),
    responses(
        (status = 200, description = "The grade sheet with results", body = ClassResults),
        (status = 401, description = "No, unknown, revoked or expired token", body = ErrorBody),
        (status = 403, description = "Missing results:read, or the user may not see this sheet", body = ErrorBody),
        (status = 404, description = "No such class, subject or semester in the user's school", body = ErrorBody),
    ),
    security(("bearer" = ["results:read"]))
)]
pub async fn class_results(
    State(state): State<AppState>,
    api: ApiCaller,
    Path(class_id): Path<i64>,
    query: Result<Query<ResultsQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ClassResults>, ApiError> {
    let caller = api.require(ApiScope::ResultsRead)?;
    let Query(q) = query.map_err(|e| ApiError::invalid(e.body_text()))?;
    let sheet =
        grade_sheet::for_caller(&state.db, caller, class_id, q.subject_id, q.semester_id).await?;
    Ok(Json(ClassResults {
        class_id: sheet.class.id,
        class_name: sheet.class.name.clone(),
        subject_id: sheet.subject.id,
        subject_code: sheet.subject.code.clone(),
        assessment_kind: sheet.subject.assessment_kind.clone(),
        semester_id: sheet.semester.id,
        semester_number: sheet.semester.number,
        school_year: sheet.semester.school_year.clone(),
        regular_count: sheet.regular_count,
        students: sheet
            .rows
            .iter()
            .map(|r| StudentResult {
                number: r.number,
                student_id: r.student.id,
                student_code: r.student.code.clone(),
                full_name: r.student.full_name.clone(),
                cells: r
                    .regular
                    .iter()
                    .chain([&r.midterm, &r.final_])
                    .flatten()
                    .map(ScoreCell::from)
                    .collect(),
                result: semester_result(r.outcome),
                comment: r.comment.as_ref().map(|c| CommentCell {
                    text: c.comment.clone(),
                    version: c.version,
                    updated_at: c.updated_at,
                }),
            })
            .collect(),
    }))
}
