//! The class summary screen (`/classes/:id/summary`, "Bảng tổng hợp"): every subject's result
//! per student for a semester or the year, the learning result, conduct, absences and, for the
//! year, the year-end proposal or decision and the title; totals per level.
use crate::api::year_end::YearEndSubject;
use crate::domain::grading::{LearningResult, Level, SubjectResult, Title};
use crate::domain::year_end_review::OutcomeKind;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The year-end column of a student.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearEndCell {
    /// None: the year data are incomplete.
    pub proposed: Option<OutcomeKind>,
    pub proposed_title: Option<Title>,
    /// The confirmed decision, if any.
    pub decided: Option<OutcomeKind>,
    pub decided_title: Option<Title>,
    /// The proposal changed since it was confirmed.
    pub changed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryLine {
    pub number: usize,
    pub student_id: i64,
    pub code: String,
    pub full_name: String,
    /// One per subject (None: incomplete).
    pub subjects: Vec<Option<SubjectResult>>,
    /// None: incomplete.
    pub learning: Option<LearningResult<i64>>,
    pub conduct: Option<Level>,
    pub excused: i64,
    pub unexcused: i64,
    pub year_end: Option<YearEndCell>,
}

/// How many students are at a level (None: not complete yet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelTotal {
    pub level: Option<Level>,
    pub learning: usize,
    pub conduct: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSummaryView {
    pub class_id: i64,
    pub class_name: String,
    pub school_year: String,
    /// "1", "2" or "year".
    pub period: String,
    pub subjects: Vec<YearEndSubject>,
    pub rows: Vec<SummaryLine>,
    /// Tốt, Khá, Đạt, Chưa đạt, then not complete.
    pub totals: Vec<LevelTotal>,
}

/// The summary of a class for `period` ("1", "2" or "year").
#[server(prefix = "/api", endpoint = "class-summary")]
pub async fn load_class_summary(
    class_id: i64,
    period: String,
) -> Result<ClassSummaryView, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::class_summary::view_for_caller(&state()?.db, &caller, class_id, &period)
            .await
    })
    .await
}
