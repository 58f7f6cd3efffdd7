//! The audit history's views (issue 6): one grade cell's changes (for whoever may see the
//! sheet), one student's record history (the board, the class's homeroom teacher; a subject
//! teacher only their subjects' entries; families never), and the school's filterable log for
//! the principal and the admin. All read-only: nothing here, or anywhere, edits the log.
use crate::domain::audit_kind::AuditKind;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// One recorded act, as the history views show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditLine {
    pub id: i64,
    pub at: i64,
    /// The person's name (and username); empty for the system.
    pub actor: String,
    pub action: String,
    pub kind: AuditKind,
    pub entity: String,
    pub entity_id: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
    /// 'typing', 'paste', 'api', 'import', 'web'…
    pub source: String,
    pub request_id: String,
    pub student: Option<String>,
    pub class: Option<String>,
    pub subject: Option<String>,
}

/// Which column of a grid row: a score slot or the comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryColumn {
    Regular(i64),
    Midterm,
    Final,
    Comment,
}

/// Every change of one cell of the sheet (class × subject × semester number), newest first.
#[server(prefix = "/api", endpoint = "audit/cell", input = Json)]
pub async fn load_cell_history(
    class_id: i64,
    subject_id: i64,
    semester: i64,
    student_id: i64,
    column: HistoryColumn,
) -> Result<Vec<AuditLine>, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::audit_views::cell(
            &state()?.db,
            &caller,
            crate::server::audit_views::CellAsked {
                class_id,
                subject_id,
                semester,
                student_id,
                column,
            },
        )
        .await
    })
    .await
}

/// A page of entries, newest first; `next` is the id to pass as `before` for the next page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub lines: Vec<AuditLine>,
    pub next: Option<i64>,
}

/// The student's name, and their record's history (a page), for those who may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudentHistory {
    pub student_id: i64,
    pub full_name: String,
    pub code: String,
    /// False when the caller sees only their own subjects' entries.
    pub complete: bool,
    pub page: AuditPage,
}

#[server(prefix = "/api", endpoint = "audit/student", input = Json)]
pub async fn load_student_history(
    student_id: i64,
    before: Option<i64>,
) -> Result<StudentHistory, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        let db = state()?.db;
        let history = crate::server::audit_views::student(&db, &caller, student_id, before).await?;
        if before.is_none() {
            crate::server::record_views::viewed(&caller, student_id, "history").await?;
        }
        Ok(history)
    })
    .await
}

/// The principal's filters. Dates are `YYYY-MM-DD`, both inclusive, in Vietnam's time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogQuery {
    pub person: Option<i64>,
    pub class_id: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub kind: Option<AuditKind>,
}

impl LogQuery {
    /// As the query string of the log's `.xlsx` download (`/downloads/audit-log.xlsx?…`).
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.person {
            parts.push(format!("person={p}"));
        }
        if let Some(c) = self.class_id {
            parts.push(format!("class={c}"));
        }
        if let Some(f) = self.from.as_deref().filter(|s| !s.is_empty()) {
            parts.push(format!("from={f}"));
        }
        if let Some(t) = self.to.as_deref().filter(|s| !s.is_empty()) {
            parts.push(format!("to={t}"));
        }
        if let Some(k) = self.kind {
            parts.push(format!("kind={}", k.code()));
        }
        parts.join("&")
    }
}

/// One page of the school's log matching `query`, from below `before`.
#[server(prefix = "/api", endpoint = "audit/log", input = Json)]
pub async fn load_audit_log(query: LogQuery, before: Option<i64>) -> Result<AuditPage, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::audit_views::log(&state()?.db, &caller, &query, before).await
    })
    .await
}

/// A choice in a filter: an id and what to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogChoices {
    pub people: Vec<Choice>,
    pub classes: Vec<Choice>,
}

/// The people and classes of the school, for the log's filters.
#[server(prefix = "/api", endpoint = "audit/choices")]
pub async fn load_log_choices() -> Result<LogChoices, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::audit_views::choices(&state()?.db, &caller).await
    })
    .await
}
