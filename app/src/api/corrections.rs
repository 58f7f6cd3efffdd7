//! Corrections after lock (issue 6): a teacher who may write a closed sheet asks to change
//! named cells with a reason; the principal approves with a time window (48 h by default) or
//! refuses with a note; an approved request opens exactly those cells to that teacher until
//! the window ends. The homeroom teacher, the principal and the admins are told in-app.
use crate::api::grade_grid::GridKind;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// One cell of a sheet: a student's assessment (kind, 1-based slot).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CellRef {
    pub student_id: i64,
    pub kind: GridKind,
    pub slot: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CorrectionStatus {
    Pending,
    Approved,
    Refused,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorrectionCellInfo {
    pub student: String,
    pub kind: GridKind,
    pub slot: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorrectionInfo {
    pub id: i64,
    pub class_name: String,
    pub subject_name: String,
    pub semester_number: i64,
    /// The sheet, for a link to the grid.
    pub link: String,
    pub requested_by: String,
    pub requested_at: i64,
    pub reason: String,
    pub cells: Vec<CorrectionCellInfo>,
    pub status: CorrectionStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_note: Option<String>,
    pub open_until: Option<i64>,
    /// The caller may approve or refuse it now (principal, pending, not their own).
    pub can_decide: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorrectionsPage {
    /// The principal and the admin see the school's requests; others their own.
    pub whole_school: bool,
    pub requests: Vec<CorrectionInfo>,
}

/// Asks to correct `cells` of a closed sheet; answers the request's number.
#[server(prefix = "/api", endpoint = "corrections/request", input = Json)]
pub async fn request_correction(
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
    cells: Vec<CellRef>,
    reason: String,
) -> Result<i64, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        let sheet = crate::server::grade_grid::SheetKey {
            class_id,
            subject_id,
            semester_id,
        };
        crate::server::corrections::request(&state()?.db, &caller, sheet, &cells, &reason).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "corrections")]
pub async fn load_corrections() -> Result<CorrectionsPage, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::corrections::page(&state()?.db, &caller).await
    })
    .await
}

/// The principal approves (`approve`, open for `hours`, 48 by default) or refuses with `note`.
#[server(prefix = "/api", endpoint = "corrections/decide", input = Json)]
pub async fn decide_correction(
    id: i64,
    approve: bool,
    hours: Option<i64>,
    note: String,
) -> Result<(), AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::corrections::decide(&state()?.db, &caller, id, approve, hours, &note).await
    })
    .await
}

/// An unread in-app message; the text is written from `kind` and `params` in the reader's
/// language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationInfo {
    pub id: i64,
    pub kind: String,
    pub params: Vec<(String, String)>,
    pub link: String,
    pub created_at: i64,
}

#[server(prefix = "/api", endpoint = "notifications")]
pub async fn my_notifications() -> Result<Vec<NotificationInfo>, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::corrections::notifications(&state()?.db, &caller).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "notifications/read")]
pub async fn mark_notification_read(id: i64) -> Result<(), AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::db::corrections::mark_read(
            &state()?.db,
            caller.user_id,
            id,
            crate::server::db::now(),
        )
        .await?;
        Ok(())
    })
    .await
}
