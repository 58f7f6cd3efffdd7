//! Staff opening a student's record leave a trace in the audit log (issue 8): who, when, which
//! record and which page, from where. Families looking at their own child are not logged here.
use super::context::{origin, Caller};
use super::db::audit::{self, AuditEntry};
use super::db::Db;
use crate::error::AppError;

/// `page`: what was opened ("record", "history").
pub async fn viewed(db: &Db, caller: &Caller, student_id: i64, page: &str) -> Result<(), AppError> {
    use crate::domain::role::Role;
    if caller
        .roles
        .iter()
        .all(|r| matches!(r, Role::Parent | Role::Student))
    {
        return Ok(());
    }
    let o = origin();
    let entry = AuditEntry {
        school_id: caller.school_id,
        actor_user_id: Some(caller.user_id),
        action: "view",
        entity: "student",
        entity_id: student_id.to_string(),
        old_value: None,
        new_value: Some(page.to_string()),
        reason: None,
        source: "web",
        ip: &o.ip,
        request_id: &o.request_id,
        student_id: Some(student_id),
        class_id: None,
        subject_id: None,
        semester_id: None,
    };
    audit::append(db, &entry).await?;
    Ok(())
}
