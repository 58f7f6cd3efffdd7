//! The review of a grade sheet: its state, history and the caller's possible acts; the acts
//! (submit, check, approve, return); the sheets waiting for the caller; each subject's state
//! in a class.
use crate::domain::review::{Closure, ReviewAct, ReviewState};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// One step of a sheet's review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewStep {
    pub at: i64,
    pub actor: String,
    pub act: ReviewAct,
    pub from: ReviewState,
    pub to: ReviewState,
    pub comment: String,
    /// How many empty assessments the actor confirmed anyway.
    pub missing_confirmed: usize,
}

/// A sheet's review as the caller sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetReview {
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    pub semester_number: i64,
    pub state: ReviewState,
    /// Send it back with an act: a stale version is refused.
    pub version: i64,
    /// The acts the caller may do now.
    pub acts: Vec<ReviewAct>,
    pub steps: Vec<ReviewStep>,
    /// Why entry is closed, when it is.
    pub closure: Option<Closure>,
}

/// The review of the sheet of semester `semester` (1 or 2).
#[server(prefix = "/api", endpoint = "sheet_review")]
pub async fn load_sheet_review(
    class_id: i64,
    subject_id: i64,
    semester: i64,
) -> Result<SheetReview, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::sheet_review::load(&state()?.db, &caller, class_id, subject_id, semester)
            .await
    })
    .await
}

/// Submits, checks, approves or returns a sheet. Refused with the reason (missing cells
/// listed) unless the rules allow it; `confirm_missing` goes ahead despite empty cells.
#[server(prefix = "/api", endpoint = "sheet_review/act", input = Json)]
pub async fn act_on_sheet(
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
    act: ReviewAct,
    expected_version: i64,
    comment: String,
    confirm_missing: bool,
) -> Result<SheetReview, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        let req = crate::server::sheet_review::ActRequest {
            class_id,
            subject_id,
            semester_id,
            act,
            expected_version,
            comment,
            confirm_missing,
        };
        crate::server::sheet_review::act(&state()?.db, &caller, &req).await
    })
    .await
}

/// A sheet waiting for the caller's step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingSheet {
    pub class_id: i64,
    pub class_name: String,
    pub subject_id: i64,
    pub subject_name: String,
    pub semester_number: i64,
    pub state: ReviewState,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<i64>,
    /// Required assessments still empty.
    pub missing: usize,
}

/// Sheets waiting for the caller: group heads check, the principal approves.
#[server(prefix = "/api", endpoint = "sheet_review/pending")]
pub async fn pending_sheet_reviews() -> Result<Vec<PendingSheet>, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::GroupHead, Role::Principal]).await?;
        crate::server::sheet_review::pending(&state()?.db, &caller).await
    })
    .await
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubjectStates {
    pub subject_id: i64,
    pub subject_name: String,
    /// Semester 1, then semester 2.
    pub semesters: Vec<ReviewState>,
    /// Who took each semester's sheet to its state, and when (none while never acted on).
    pub last_steps: Vec<Option<LastStep>>,
}

/// The latest review step of a sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastStep {
    pub by: String,
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassReviewStates {
    pub class_id: i64,
    pub subjects: Vec<SubjectStates>,
}

/// The review state of each subject of a class the caller may see.
#[server(prefix = "/api", endpoint = "sheet_review/class")]
pub async fn load_class_review_states(class_id: i64) -> Result<ClassReviewStates, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::sheet_review::class_states(&state()?.db, &caller, class_id).await
    })
    .await
}

/// Whether the school lets one check or approve a sheet one submitted oneself (default no).
#[server(prefix = "/api", endpoint = "sheet_review/self_review")]
pub async fn load_self_review_setting() -> Result<bool, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin, Role::Principal, Role::GroupHead]).await?;
        Ok(
            crate::server::db::sheet_reviews::allow_self_review(&state()?.db, caller.school_id)
                .await?,
        )
    })
    .await
}

/// The principal or an admin changes that setting (audited).
#[server(prefix = "/api", endpoint = "sheet_review/self_review/set")]
pub async fn set_self_review_setting(allow: bool) -> Result<bool, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin, Role::Principal]).await?;
        crate::server::sheet_review::set_self_review(&state()?.db, &caller, allow).await
    })
    .await
}

/// When families see a sheet's scores: as soon as saved, after the group check, or after the
/// principal's approval (the default).
#[server(prefix = "/api", endpoint = "sheet_review/family_visibility")]
pub async fn load_family_visibility(
) -> Result<crate::domain::publication::FamilyVisibility, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin, Role::Principal, Role::GroupHead]).await?;
        Ok(
            crate::server::db::sheet_reviews::family_visibility(&state()?.db, caller.school_id)
                .await?,
        )
    })
    .await
}

/// The principal or an admin changes that setting (audited).
#[server(prefix = "/api", endpoint = "sheet_review/family_visibility/set", input = Json)]
pub async fn set_family_visibility_setting(
    visibility: crate::domain::publication::FamilyVisibility,
) -> Result<crate::domain::publication::FamilyVisibility, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin, Role::Principal]).await?;
        crate::server::sheet_review::set_family_visibility(&state()?.db, &caller, visibility).await
    })
    .await
}
