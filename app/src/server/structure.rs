//! Shared steps of the admin's structure functions: the audit line of each change, and turning
//! a unique-key clash into the field it concerns.
use super::context::{audit, Caller};
use super::db::audit::AuditEntry;
use super::db::DbError;
use crate::domain::structure::{Field, FieldProblem, Invalid};
use crate::error::AppError;

/// Records one structural change made by `caller`. A change to a student or a class also
/// names it in the log's `student_id` / `class_id`, for the record's history and the filters.
pub async fn audit_change(
    caller: &Caller,
    action: &str,
    entity: &str,
    entity_id: i64,
    old_value: Option<String>,
    new_value: Option<String>,
    reason: Option<&str>,
) -> Result<(), AppError> {
    audit(AuditEntry {
        school_id: caller.school_id,
        actor_user_id: Some(caller.user_id),
        action,
        entity,
        entity_id: entity_id.to_string(),
        old_value,
        new_value,
        reason,
        student_id: (entity == "student").then_some(entity_id),
        class_id: matches!(entity, "class" | "teaching_assignment").then_some(entity_id),
        ..Default::default()
    })
    .await
}

/// A duplicate name or code is the user's mistake in `field`, not a server failure.
pub fn taken(field: Field) -> impl FnOnce(DbError) -> AppError {
    move |err| match err {
        DbError::Conflict => AppError::Invalid(Invalid::new(field, FieldProblem::Taken)),
        other => other.into(),
    }
}

/// The value as JSON for the audit log's old / new columns.
pub fn snapshot<T: serde::Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

pub mod classes;
pub mod read;
pub mod students;
