//! Changing one's own password (required after a reset or for a new account).
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::domain::password_policy;
    use crate::server::auth::{hash_password, verify_password};
    use crate::server::context::{audit, redirect_form_post, require_session, respond, state};
    use crate::server::db::{accounts, audit::AuditEntry, sessions};
    respond(async {
        let st = state()?;
        let caller = require_session().await?;
        if new_password != confirm {
            return Err(AppError::PasswordsDiffer);
        }
        password_policy::check(&new_password, &caller.username).map_err(AppError::WeakPassword)?;
        let user = accounts::find_by_id(&st.db, caller.user_id)
            .await?
            .ok_or(AppError::NotSignedIn)?;
        if !verify_password(current.clone(), Some(user.password_hash)).await {
            return Err(AppError::WrongCurrentPassword);
        }
        if current == new_password {
            return Err(AppError::WeakPassword(
                password_policy::PasswordProblem::TooCommon,
            ));
        }
        let hash = hash_password(new_password).await?;
        accounts::set_password(&st.db, caller.user_id, &hash, false).await?;
        // Whoever knew the old password is signed out everywhere else.
        sessions::delete_all_for_user(&st.db, caller.user_id, Some(caller.session_id)).await?;
        audit(AuditEntry {
            school_id: caller.school_id,
            actor_user_id: Some(caller.user_id),
            action: "password_changed",
            entity: "user",
            entity_id: caller.user_id.to_string(),
            ..Default::default()
        })
        .await?;
        redirect_form_post("/");
        Ok(())
    })
    .await
}
