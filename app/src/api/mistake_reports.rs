//! Reporting a mistake (issue 8): a family flags one of their child's scores or personal
//! details as wrong; the subject's teacher and the homeroom teacher answer; the family sees
//! the status. Messages are plain text (markup removed), at most 1000 characters.
use crate::domain::mistake_report::{ReportAbout, ReportStatus};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MistakeReport {
    pub id: i64,
    pub student_code: String,
    pub student_name: String,
    pub class_name: String,
    pub about: ReportAbout,
    /// The subject's name, for a report about scores.
    pub subject_name: Option<String>,
    pub message: String,
    pub reporter: String,
    /// Unix seconds.
    pub created_at: i64,
    pub status: ReportStatus,
    pub answer: String,
    pub answered_by: Option<String>,
    pub answered_at: Option<i64>,
    /// To name when answering.
    pub version: i64,
}

/// A family reports a mistake about their child `code`.
#[server(prefix = "/api", endpoint = "family/report", input = Json)]
pub async fn report_mistake(
    code: String,
    about: ReportAbout,
    message: String,
) -> Result<MistakeReport, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::mistake_reports::report(&state()?.db, &caller, code.trim(), about, &message)
            .await
    })
    .await
}

/// The reports sent about the child `code`, newest first.
#[server(prefix = "/api", endpoint = "family/reports")]
pub async fn child_reports(code: String) -> Result<Vec<MistakeReport>, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::mistake_reports::of_child(&state()?.db, &caller, code.trim()).await
    })
    .await
}

/// The reports the caller answers, open ones first.
#[server(prefix = "/api", endpoint = "reports/inbox")]
pub async fn report_inbox() -> Result<Vec<MistakeReport>, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::mistake_reports::inbox(&state()?.db, &caller).await
    })
    .await
}

/// Answers an open report: `Corrected` or `Unchanged`, with a message to the family.
#[server(prefix = "/api", endpoint = "reports/answer", input = Json)]
pub async fn answer_report(
    id: i64,
    status: ReportStatus,
    answer: String,
    expected_version: i64,
) -> Result<MistakeReport, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::mistake_reports::answer(
            &state()?.db,
            &caller,
            id,
            status,
            &answer,
            expected_version,
        )
        .await
    })
    .await
}
