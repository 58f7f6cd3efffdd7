//! Signing in and out, and who is signed in.
use crate::domain::role::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, as the interface needs them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub username: String,
    pub full_name: String,
    pub school_name: String,
    pub roles: Vec<Role>,
    pub must_change_password: bool,
}

/// Why there is nobody signed in, so the login page can say so.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Visitor {
    SignedIn(Me),
    Anonymous,
    SessionExpired,
}

#[server(prefix = "/api", endpoint = "me")]
pub async fn current_user() -> Result<Visitor, AppError> {
    use crate::server::context::{respond, session, state, SessionState};
    use crate::server::db::accounts;
    respond(async {
        Ok(match session().await? {
            SessionState::Anonymous => Visitor::Anonymous,
            SessionState::Expired => Visitor::SessionExpired,
            SessionState::Active(c) => Visitor::SignedIn(Me {
                school_name: accounts::school_name(&state()?.db, c.school_id).await?,
                user_id: c.user_id,
                username: c.username,
                full_name: c.full_name,
                roles: c.roles,
                must_change_password: c.must_change_password,
            }),
        })
    })
    .await
}

/// Where to go after signing in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedIn {
    pub next: String,
}

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<SignedIn, AppError> {
    use crate::server::context::{redirect_form_post, respond};
    respond(async {
        let next = crate::server::login::login(&username, &password).await?;
        redirect_form_post(&next);
        Ok(SignedIn { next })
    })
    .await
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::auth::clear_session_cookie;
    use crate::server::context::{
        audit, redirect_form_post, respond, session, set_header, state, SessionState,
    };
    use crate::server::db::{audit::AuditEntry, sessions};
    respond(async {
        let st = state()?;
        if let SessionState::Active(c) = session().await? {
            sessions::delete(&st.db, c.session_id).await?;
            audit(AuditEntry {
                school_id: c.school_id,
                actor_user_id: Some(c.user_id),
                action: "logout",
                entity: "session",
                entity_id: c.session_id.to_string(),
                ..Default::default()
            })
            .await?;
        }
        set_header(
            http::header::SET_COOKIE,
            &clear_session_cookie(st.auth.secure_cookies),
        );
        redirect_form_post("/login");
        Ok(())
    })
    .await
}
