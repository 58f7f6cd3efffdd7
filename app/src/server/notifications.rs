//! Notification settings and consent, and putting an e-mail in the outbox for an account that
//! wants it. Sending is `mailer`'s.
use super::context::{origin, Caller};
use super::db::conduct::Via;
use super::db::outbox::{self, NewMessage, SettingsRow};
use super::db::{now, Db};
use crate::api::notifications::{NotificationSettings, SentMessage};
use crate::domain::notification::{check_address, EmailProblem};
use crate::error::AppError;

fn view(s: SettingsRow, messages: Vec<outbox::MessageRow>) -> NotificationSettings {
    NotificationSettings {
        email: s.email,
        email_consent: s.email_consent,
        consent_at: s.consent_at,
        score_digest: s.score_digest,
        report_answers: s.report_answers,
        bounced: s.bounced_at.map(|_| s.bounce_reason),
        messages: messages
            .into_iter()
            .map(|m| SentMessage {
                subject: m.subject,
                status: m.status,
                created_at: m.created_at,
                sent_at: m.sent_at,
            })
            .collect(),
    }
}

fn defaults(caller: &Caller) -> SettingsRow {
    SettingsRow {
        user_id: caller.user_id,
        school_id: caller.school_id,
        score_digest: true,
        report_answers: true,
        ..SettingsRow::default()
    }
}

pub async fn load(db: &Db, caller: &Caller) -> Result<NotificationSettings, AppError> {
    let s = outbox::settings(db, caller.user_id)
        .await?
        .unwrap_or_else(|| defaults(caller));
    Ok(view(s, outbox::of_user(db, caller.user_id, 10).await?))
}

pub async fn save(
    db: &Db,
    caller: &Caller,
    email: &str,
    email_consent: bool,
    score_digest: bool,
    report_answers: bool,
) -> Result<NotificationSettings, AppError> {
    let old = outbox::settings(db, caller.user_id)
        .await?
        .unwrap_or_else(|| defaults(caller));
    let email = if email.trim().is_empty() {
        String::new()
    } else {
        check_address(email).map_err(AppError::Email)?
    };
    if email_consent && email.is_empty() {
        return Err(AppError::Email(EmailProblem::ConsentWithoutAddress));
    }
    let at = now();
    let given = email_consent && !old.email_consent;
    let withdrawn = !email_consent && old.email_consent;
    let address_changed = email != old.email;
    let s = SettingsRow {
        email: email.clone(),
        email_consent,
        consent_at: if given { Some(at) } else { old.consent_at },
        score_digest,
        report_answers,
        // Digests start from now: consent does not send the past.
        last_digest_at: if given || old.last_digest_at == 0 {
            at
        } else {
            old.last_digest_at
        },
        // A new address is tried again.
        bounced_at: if address_changed {
            None
        } else {
            old.bounced_at
        },
        bounce_reason: if address_changed {
            String::new()
        } else {
            old.bounce_reason.clone()
        },
        updated_at: at,
        ..old
    };
    let change = if given {
        Some("consent_given")
    } else if withdrawn {
        Some("consent_withdrawn")
    } else if email_consent && address_changed {
        Some("consent_address_changed")
    } else {
        None
    };
    let o = origin();
    outbox::save_settings(
        db,
        &s,
        change,
        Via {
            source: "web",
            ip: &o.ip,
            request_id: &o.request_id,
        },
    )
    .await?;
    load(db, caller).await
}

/// Puts an e-mail in the outbox if `user_id` consented, wants `wants`, and has a working
/// address. Returns whether it did.
pub async fn email_if_wanted(
    db: &Db,
    user_id: i64,
    kind: &str,
    wants: impl Fn(&SettingsRow) -> bool,
    subject: &str,
    body: &str,
) -> Result<bool, AppError> {
    let Some(s) = outbox::settings(db, user_id).await? else {
        return Ok(false);
    };
    if !s.email_consent || s.email.is_empty() || s.bounced_at.is_some() || !wants(&s) {
        return Ok(false);
    }
    outbox::enqueue(
        db,
        &NewMessage {
            school_id: s.school_id,
            user_id,
            kind,
            address: &s.email,
            subject,
            body,
            at: now(),
        },
    )
    .await?;
    Ok(true)
}
