//! Entry deadlines and locks (issue 6): the principal and the admin set a deadline per
//! semester for the school or a grade level, lock a semester or the whole year for the school,
//! a grade level or a class with a reason, and unlock with a reason. Every act is audited;
//! other roles are refused by the server.
use crate::domain::entry_window::LockScope;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SemesterChoice {
    pub id: i64,
    pub number: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassChoice {
    pub id: i64,
    pub name: String,
    pub grade: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeadlineInfo {
    pub semester_id: i64,
    pub semester_number: i64,
    /// `None`: the whole school.
    pub grade: Option<i64>,
    /// 'YYYY-MM-DD'.
    pub date: String,
    pub set_by: Option<String>,
    pub set_at: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LockInfo {
    pub id: i64,
    /// `None`: the whole school year.
    pub semester_number: Option<i64>,
    pub scope: LockScope,
    pub reason: String,
    pub locked_by: String,
    pub locked_at: i64,
    pub unlocked_by: Option<String>,
    pub unlocked_at: Option<i64>,
    pub unlock_reason: Option<String>,
}

/// The current school year's deadlines and locks, with what can be chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocksPage {
    pub year_id: i64,
    pub year_name: String,
    pub semesters: Vec<SemesterChoice>,
    pub grades: Vec<i64>,
    pub classes: Vec<ClassChoice>,
    pub deadlines: Vec<DeadlineInfo>,
    pub locks: Vec<LockInfo>,
}

#[server(prefix = "/api", endpoint = "locks")]
pub async fn load_locks() -> Result<LocksPage, AppError> {
    use crate::server::context::{respond, state};
    respond(async {
        let caller = crate::server::locks::require_board().await?;
        crate::server::locks::page(&state()?.db, &caller).await
    })
    .await
}

/// Sets the entry deadline ('YYYY-MM-DD') of a semester, for the school or one grade.
#[server(prefix = "/api", endpoint = "locks/deadline", input = Json)]
pub async fn set_entry_deadline(
    semester_id: i64,
    grade: Option<i64>,
    date: String,
) -> Result<(), AppError> {
    use crate::server::context::{respond, state};
    respond(async {
        let caller = crate::server::locks::require_board().await?;
        crate::server::locks::set_deadline(&state()?.db, &caller, semester_id, grade, &date).await
    })
    .await
}

/// Removes a deadline (a grade without its own then follows the school's).
#[server(prefix = "/api", endpoint = "locks/deadline/clear", input = Json)]
pub async fn clear_entry_deadline(semester_id: i64, grade: Option<i64>) -> Result<(), AppError> {
    use crate::server::context::{respond, state};
    respond(async {
        let caller = crate::server::locks::require_board().await?;
        crate::server::locks::clear_deadline(&state()?.db, &caller, semester_id, grade).await
    })
    .await
}

/// What to lock: a semester (`semester_id`) or the whole current year (`None`), for the school
/// (`scope` "school"), a grade ("grade" with `grade`) or a class ("class" with `class_id`).
#[server(prefix = "/api", endpoint = "locks/lock", input = Json)]
pub async fn lock_entry(
    semester_id: Option<i64>,
    scope: String,
    grade: Option<i64>,
    class_id: Option<i64>,
    reason: String,
) -> Result<i64, AppError> {
    use crate::server::context::{respond, state};
    respond(async {
        let caller = crate::server::locks::require_board().await?;
        let target = crate::server::locks::LockTarget {
            semester_id,
            scope: &scope,
            grade,
            class_id,
        };
        crate::server::locks::lock(&state()?.db, &caller, &target, &reason).await
    })
    .await
}

/// Unlocks a lock with the reason; the lock stays listed with its unlock.
#[server(prefix = "/api", endpoint = "locks/unlock", input = Json)]
pub async fn unlock_entry(lock_id: i64, reason: String) -> Result<(), AppError> {
    use crate::server::context::{respond, state};
    respond(async {
        let caller = crate::server::locks::require_board().await?;
        crate::server::locks::unlock(&state()?.db, &caller, lock_id, &reason).await
    })
    .await
}
