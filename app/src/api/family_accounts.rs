//! Family accounts: the admin creates the parent (and optionally student) accounts of a class
//! or of the whole school in one step and prints the credential slips; a parent links a second
//! child with that child's code and slip.
use crate::api::home::ChildCard;
use crate::domain::family_accounts::Slip;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// What a batch did: the slips to print (the only time the passwords are shown) and counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FamilySlips {
    /// By class, then by name in Vietnamese order; a student's parent slip before their own.
    pub slips: Vec<Slip>,
    pub created: usize,
    /// Accounts never used that got a new password (their old slips no longer work).
    pub reissued: usize,
    /// Accounts already in use: no slip (the admin resets a forgotten password).
    pub in_use: usize,
    /// Codes whose login name belongs to another account: nothing created for them.
    pub taken: Vec<String>,
    pub school_name: String,
}

/// Creates the missing family accounts of the current year's class `class_id` (every class
/// when `None`), with the students' own accounts if `student_accounts`, and new passwords for
/// accounts never used if `reissue_unused`. Every account must change its password at first
/// sign-in. Admin only.
#[server(prefix = "/api", endpoint = "admin/family_accounts", input = Json)]
pub async fn create_family_accounts(
    class_id: Option<i64>,
    student_accounts: bool,
    reissue_unused: bool,
) -> Result<FamilySlips, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        let options = crate::server::family_accounts::Batch {
            class_id,
            student_accounts,
            reissue_unused,
        };
        crate::server::family_accounts::create(&state()?.db, &caller, &options).await
    })
    .await
}

/// Links the child of a slip never used (the child's code and the slip's password) to the
/// signed-in parent's account; the slip's own account is closed. Parents only.
#[server(prefix = "/api", endpoint = "family/link_child", input = Json)]
pub async fn link_child(code: String, slip_password: String) -> Result<ChildCard, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Parent]).await?;
        crate::server::family_accounts::link(&state()?.db, &caller, &code, slip_password).await
    })
    .await
}
