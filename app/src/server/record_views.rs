//! Staff opening a student's record leave a trace in the audit log (issue 8): who, when, which
//! record and which page, from where. Families looking at their own child are not logged here.
use super::context::{audit, Caller};
use super::db::audit::AuditEntry;
use crate::error::AppError;

/// `page`: what was opened ("record", "history").
pub async fn viewed(caller: &Caller, student_id: i64, page: &str) -> Result<(), AppError> {
    use crate::domain::role::Role;
    if caller
        .roles
        .iter()
        .all(|r| matches!(r, Role::Parent | Role::Student))
    {
        return Ok(());
    }
    audit(AuditEntry {
        school_id: caller.school_id,
        actor_user_id: Some(caller.user_id),
        action: "view",
        entity: "student",
        entity_id: student_id.to_string(),
        new_value: Some(page.to_string()),
        student_id: Some(student_id),
        ..Default::default()
    })
    .await
}
