//! The year-end review of a class (xét lên lớp, `/classes/:id/year-end`): the proposal per
//! student, confirming them, overriding a title with a reason, and the summer results.
use crate::domain::grading::{Level, SubjectResult, Title};
use crate::domain::year_end_review::{OutcomeKind, Status};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearEndSubject {
    pub id: i64,
    pub name: String,
    /// Assessed by comment (Đ / CĐ).
    pub comment: bool,
}

/// A confirmed decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionInfo {
    pub outcome: OutcomeKind,
    pub title: Option<Title>,
    pub override_reason: String,
    pub confirmed_by: String,
    pub confirmed_at: i64,
    pub version: i64,
    /// The proposal is no longer what was confirmed: confirm again.
    pub changed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReassessedInfo {
    pub subject_id: i64,
    pub result: SubjectResult,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearEndRow {
    pub number: usize,
    pub student_id: i64,
    pub code: String,
    pub full_name: String,
    /// The year results, one per subject of the sheet (None: missing).
    pub subjects: Vec<Option<SubjectResult>>,
    pub conduct_first: Option<Level>,
    pub conduct_second: Option<Level>,
    pub conduct_summer: Option<Level>,
    /// Version of the 'summer' conduct row (0: none).
    pub conduct_summer_version: i64,
    pub excused: i64,
    pub unexcused: i64,
    pub status: Status<i64>,
    pub reassessed: Vec<ReassessedInfo>,
    pub decision: Option<DecisionInfo>,
    /// Not confirmed, or confirmed but changed since, or incomplete.
    pub needs_attention: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearEndSheet {
    pub class_id: i64,
    pub class_name: String,
    pub school_year: String,
    /// The caller may confirm and enter results (homeroom teacher of the class, board).
    pub may_act: bool,
    pub subjects: Vec<YearEndSubject>,
    pub rows: Vec<YearEndRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmAllResult {
    pub confirmed: usize,
    /// Incomplete, or confirmed with an override that has changed since: left for one by one.
    pub skipped: usize,
}

/// The year-end sheet of a class.
#[server(prefix = "/api", endpoint = "year-end")]
pub async fn load_year_end(class_id: i64) -> Result<YearEndSheet, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::year_end::sheet_for_caller(&state()?.db, &caller, class_id).await
    })
    .await
}

/// Confirms every proposal that needs no override and is not confirmed as it stands.
#[server(prefix = "/api", endpoint = "year-end/confirm-all")]
pub async fn confirm_year_end_all(class_id: i64) -> Result<ConfirmAllResult, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::year_end::confirm_all(&state()?.db, &caller, class_id).await
    })
    .await
}

/// Confirms one student's outcome; `title` is '', 'outstanding' or 'excellent', `outcome` a
/// stored outcome code; a change to the proposal needs `reason`. `version`: the decision's
/// version the caller saw (0: none).
#[server(prefix = "/api", endpoint = "year-end/confirm")]
pub async fn confirm_year_end(
    class_id: i64,
    student_id: i64,
    outcome: String,
    title: String,
    reason: String,
    version: i64,
) -> Result<(), AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        let choice = crate::server::year_end::ChoiceInput {
            outcome: &outcome,
            title: &title,
            reason: &reason,
        };
        crate::server::year_end::confirm_one(
            &state()?.db,
            &caller,
            class_id,
            student_id,
            &choice,
            version,
        )
        .await
    })
    .await
}

/// Records a summer re-assessment result ("6,5", or Đ / CĐ for a comment subject).
#[server(prefix = "/api", endpoint = "year-end/reassessment")]
pub async fn record_reassessment(
    class_id: i64,
    student_id: i64,
    subject_id: i64,
    value: String,
    version: i64,
) -> Result<(), AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::year_end::record_reassessment(
            &state()?.db,
            &caller,
            class_id,
            student_id,
            subject_id,
            &value,
            version,
        )
        .await
    })
    .await
}

/// Records the conduct level after summer training ('good', 'fair', 'pass', 'fail').
#[server(prefix = "/api", endpoint = "year-end/summer-conduct")]
pub async fn record_summer_conduct(
    class_id: i64,
    student_id: i64,
    level: String,
    version: i64,
) -> Result<(), AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::year_end::record_summer_conduct(
            &state()?.db,
            &caller,
            class_id,
            student_id,
            &level,
            version,
        )
        .await
    })
    .await
}

/// The name of an outcome.
pub fn outcome_label(kind: OutcomeKind) -> crate::i18n::Msg {
    use crate::i18n::Msg;
    match kind {
        OutcomeKind::Promoted => Msg::YeOutcomePromoted,
        OutcomeKind::Reassessment => Msg::YeOutcomeReassessment,
        OutcomeKind::ConductTraining => Msg::YeOutcomeConductTraining,
        OutcomeKind::NotPromoted => Msg::YeOutcomeNotPromoted,
    }
}

/// The name of a title.
pub fn title_label(title: Title) -> crate::i18n::Msg {
    use crate::i18n::Msg;
    match title {
        Title::Outstanding => Msg::YeTitleOutstanding,
        Title::Excellent => Msg::YeTitleExcellent,
    }
}
