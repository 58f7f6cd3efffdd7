//! Notification settings (issue 8): the address e-mails go to, consent given or withdrawn (and
//! recorded), what to receive (digests of newly published scores, answers to reports), and the
//! latest messages with what became of them.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMessage {
    pub subject: String,
    /// "pending" | "sent" | "failed" | "bounced".
    pub status: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSettings {
    pub email: String,
    pub email_consent: bool,
    /// When consent was last given.
    pub consent_at: Option<i64>,
    pub score_digest: bool,
    pub report_answers: bool,
    /// The mail server refused the address: nothing is sent until it changes.
    pub bounced: Option<String>,
    pub messages: Vec<SentMessage>,
}

#[server(prefix = "/api", endpoint = "notifications/settings")]
pub async fn load_notification_settings() -> Result<NotificationSettings, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::notifications::load(&state()?.db, &caller).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "notifications/settings/save")]
pub async fn save_notification_settings(
    email: String,
    email_consent: bool,
    score_digest: bool,
    report_answers: bool,
) -> Result<NotificationSettings, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::notifications::save(
            &state()?.db,
            &caller,
            &email,
            email_consent,
            score_digest,
            report_answers,
        )
        .await
    })
    .await
}
