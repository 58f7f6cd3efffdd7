//! Shared steps of the admin's account functions.
use super::context::{audit, state, Caller};
use super::db::accounts::{self, UserRow};
use super::db::audit::AuditEntry;
use crate::domain::role::Role;
use crate::error::AppError;

/// The account `user_id` if it belongs to the caller's school; otherwise "not found", so an
/// admin cannot even learn that another school's account exists.
pub async fn target_user(caller: &Caller, user_id: i64) -> Result<UserRow, AppError> {
    match accounts::find_by_id(&state()?.db, user_id).await? {
        Some(u) if u.school_id == caller.school_id => Ok(u),
        _ => {
            tracing::warn!(
                caller = caller.user_id,
                user_id,
                "admin action on a foreign or missing account"
            );
            Err(AppError::NotFound)
        }
    }
}

pub fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

pub async fn audit_account(
    caller: &Caller,
    action: &str,
    user_id: i64,
    old_value: Option<String>,
    new_value: Option<String>,
) -> Result<(), AppError> {
    audit(AuditEntry {
        school_id: caller.school_id,
        actor_user_id: Some(caller.user_id),
        action,
        entity: "user",
        entity_id: user_id.to_string(),
        old_value,
        new_value,
        ..Default::default()
    })
    .await?;
    Ok(())
}
