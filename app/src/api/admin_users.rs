//! The admin's account management: create accounts, assign roles, reset passwords.
//! Every function is for admins of the caller's school only; another school's account is
//! "not found".
use crate::domain::role::Role;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub roles: Vec<Role>,
    pub must_change_password: bool,
    pub is_active: bool,
}

/// A new or reset account's one-time password, shown once to the admin to hand over.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemporaryPassword {
    pub user_id: i64,
    pub username: String,
    pub password: String,
}

#[server(prefix = "/api", endpoint = "admin/users")]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        Ok(crate::server::db::accounts::list_users(&state()?.db, caller.school_id).await?)
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/create_user", input = Json)]
pub async fn create_user(
    username: String,
    full_name: String,
    roles: Vec<Role>,
) -> Result<TemporaryPassword, AppError> {
    use crate::server::admin::{audit_account, roles_text};
    use crate::server::auth::{hash_password, random_password};
    use crate::server::context::{require_role, respond, state};
    use crate::server::db::accounts;
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        let username = crate::domain::username::Username::parse(&username)
            .map_err(AppError::InvalidUsername)?;
        let full_name = full_name.trim();
        if full_name.is_empty() {
            return Err(AppError::MissingField("full_name".into()));
        }
        let roles = normalise(roles)?;
        let password = random_password();
        let hash = hash_password(password.clone()).await?;
        let st = state()?;
        let user_id = accounts::create_user(
            &st.db,
            &accounts::NewUser {
                school_id: caller.school_id,
                username: username.as_str(),
                full_name,
                email: None,
                password_hash: &hash,
                must_change_password: true,
                roles: &roles,
            },
        )
        .await?;
        audit_account(
            &caller,
            "user_created",
            user_id,
            None,
            Some(format!(
                "{} ({full_name}): {}",
                username.as_str(),
                roles_text(&roles)
            )),
        )
        .await?;
        Ok(TemporaryPassword {
            user_id,
            username: username.as_str().into(),
            password,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/set_roles", input = Json)]
pub async fn set_user_roles(user_id: i64, roles: Vec<Role>) -> Result<(), AppError> {
    use crate::server::admin::{audit_account, roles_text, target_user};
    use crate::server::context::{require_role, respond, state};
    use crate::server::db::accounts;
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        let roles = normalise(roles)?;
        if user_id == caller.user_id && !roles.contains(&Role::Admin) {
            return Err(AppError::CannotDemoteSelf);
        }
        let target = target_user(&caller, user_id).await?;
        let st = state()?;
        let old = accounts::roles_of(&st.db, target.id).await?;
        accounts::set_roles(&st.db, caller.school_id, target.id, &roles).await?;
        audit_account(
            &caller,
            "roles_changed",
            target.id,
            Some(roles_text(&old)),
            Some(roles_text(&roles)),
        )
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/reset_password", input = Json)]
pub async fn reset_password(user_id: i64) -> Result<TemporaryPassword, AppError> {
    use crate::server::admin::{audit_account, target_user};
    use crate::server::auth::{hash_password, random_password};
    use crate::server::context::{require_role, respond, state};
    use crate::server::db::{accounts, sessions};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        let target = target_user(&caller, user_id).await?;
        let password = random_password();
        let hash = hash_password(password.clone()).await?;
        let st = state()?;
        accounts::set_password(&st.db, target.id, &hash, true).await?;
        sessions::delete_all_for_user(&st.db, target.id, None).await?;
        audit_account(&caller, "password_reset", target.id, None, None).await?;
        Ok(TemporaryPassword {
            user_id: target.id,
            username: target.username,
            password,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/set_active", input = Json)]
pub async fn set_user_active(user_id: i64, active: bool) -> Result<(), AppError> {
    use crate::server::admin::{audit_account, target_user};
    use crate::server::context::{require_role, respond, state};
    use crate::server::db::{accounts, sessions};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        if user_id == caller.user_id && !active {
            return Err(AppError::CannotDemoteSelf);
        }
        let target = target_user(&caller, user_id).await?;
        let st = state()?;
        accounts::set_active(&st.db, target.id, active).await?;
        if !active {
            sessions::delete_all_for_user(&st.db, target.id, None).await?;
        }
        audit_account(
            &caller,
            if active {
                "user_enabled"
            } else {
                "user_disabled"
            },
            target.id,
            Some(target.is_active.to_string()),
            Some(active.to_string()),
        )
        .await
    })
    .await
}

/// Sorted, without duplicates, and not empty.
pub fn normalise(mut roles: Vec<Role>) -> Result<Vec<Role>, AppError> {
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(AppError::NoRole);
    }
    Ok(roles)
}
