//! One's own active sessions, and signing them out.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_agent: String,
    pub ip: String,
    pub is_current: bool,
}

#[server(prefix = "/api", endpoint = "sessions")]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    use crate::server::context::{require_session, respond, state};
    respond(async {
        let caller = require_session().await?;
        Ok(crate::server::db::sessions::list_for_user(
            &state()?.db,
            caller.user_id,
            caller.session_id,
        )
        .await?)
    })
    .await
}

/// Ends one of the caller's sessions (another device); someone else's session is "not found".
#[server(prefix = "/api", endpoint = "end_session")]
pub async fn end_session(id: i64) -> Result<(), AppError> {
    use crate::server::context::{redirect_form_post, require_session, respond, state};
    respond(async {
        let caller = require_session().await?;
        if !crate::server::db::sessions::delete_own(&state()?.db, caller.user_id, id).await? {
            return Err(AppError::NotFound);
        }
        redirect_form_post("/account/sessions");
        Ok(())
    })
    .await
}

/// Ends every session of the caller, this one included.
#[server(prefix = "/api", endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<u64, AppError> {
    use crate::server::auth::clear_session_cookie;
    use crate::server::context::{
        audit, redirect_form_post, require_session, respond, set_header, state,
    };
    use crate::server::db::{audit::AuditEntry, sessions};
    respond(async {
        let st = state()?;
        let caller = require_session().await?;
        let ended = sessions::delete_all_for_user(&st.db, caller.user_id, None).await?;
        audit(AuditEntry {
            school_id: caller.school_id,
            actor_user_id: Some(caller.user_id),
            action: "sign_out_everywhere",
            entity: "user",
            entity_id: caller.user_id.to_string(),
            new_value: Some(format!("{ended} sessions ended")),
            ..Default::default()
        })
        .await?;
        set_header(
            http::header::SET_COOKIE,
            &clear_session_cookie(st.auth.secure_cookies),
        );
        redirect_form_post("/login");
        Ok(ended)
    })
    .await
}
