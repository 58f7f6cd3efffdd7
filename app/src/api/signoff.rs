//! The year-end sign-off of a class's results: its status (who signed, when, the hash, intact
//! or what changed since) and the principal's act of signing.
use crate::domain::signoff::Difference;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The latest signed record of a class, checked against the current data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedRecord {
    pub signed_by: String,
    pub signed_at: i64,
    pub sha256: String,
    /// The stored text still has the stored hash.
    pub hash_ok: bool,
    /// The current data gives the same text as was signed.
    pub intact: bool,
    /// Every signed value that is different now.
    pub differences: Vec<Difference>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignoffStatus {
    pub class_id: i64,
    /// The caller is the principal.
    pub can_sign: bool,
    /// Sheets not approved yet ("Toán – HK1"), shown to the principal before signing.
    pub unapproved: Vec<String>,
    pub signed: Option<SignedRecord>,
}

/// The sign-off status of a class, for the board and its homeroom teacher.
#[server(prefix = "/api", endpoint = "signoff")]
pub async fn load_signoff(class_id: i64) -> Result<SignoffStatus, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::signoff::status(&state()?.db, &caller, class_id).await
    })
    .await
}

/// The principal signs the class's year results; with sheets not yet approved only when
/// `confirm_unapproved`.
#[server(prefix = "/api", endpoint = "signoff/sign")]
pub async fn sign_class_year(
    class_id: i64,
    confirm_unapproved: bool,
) -> Result<SignoffStatus, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::signoff::sign(&state()?.db, &caller, class_id, confirm_unapproved).await
    })
    .await
}
