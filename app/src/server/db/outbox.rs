//! Notification settings and the outbox of messages to send. A message is written once and
//! only its delivery state changes after; a settings change that gives or withdraws consent
//! writes its audit row in the same transaction.
use super::audit::{append_audit, AuditEntry};
use super::conduct::Via;
use super::BeginWrite;
use super::{on_db, Db, DbResult};

#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct SettingsRow {
    pub user_id: i64,
    pub school_id: i64,
    pub email: String,
    pub email_consent: bool,
    pub consent_at: Option<i64>,
    pub score_digest: bool,
    pub report_answers: bool,
    pub last_digest_at: i64,
    pub bounced_at: Option<i64>,
    pub bounce_reason: String,
    pub updated_at: i64,
}

const SELECT_SETTINGS: &str = "SELECT user_id, school_id, email, email_consent, consent_at, \
    score_digest, report_answers, last_digest_at, bounced_at, bounce_reason, updated_at \
    FROM notification_settings";

pub async fn settings(db: &Db, user_id: i64) -> DbResult<Option<SettingsRow>> {
    let sql = format!("{SELECT_SETTINGS} WHERE user_id = $1");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(user_id).fetch_optional(p).await?))
}

/// Stores the settings (all of them); `consent_change` names the audit action when consent
/// was given or withdrawn.
pub async fn save_settings(
    db: &Db,
    s: &SettingsRow,
    consent_change: Option<&str>,
    via: Via<'_>,
) -> DbResult<()> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query(
            "INSERT INTO notification_settings (user_id, school_id, email, email_consent, \
             consent_at, score_digest, report_answers, last_digest_at, bounced_at, \
             bounce_reason, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (user_id) DO UPDATE SET email = $3, email_consent = $4, \
             consent_at = $5, score_digest = $6, report_answers = $7, last_digest_at = $8, \
             bounced_at = $9, bounce_reason = $10, updated_at = $11")
            .bind(s.user_id).bind(s.school_id).bind(&s.email).bind(s.email_consent)
            .bind(s.consent_at).bind(s.score_digest).bind(s.report_answers)
            .bind(s.last_digest_at).bind(s.bounced_at).bind(&s.bounce_reason).bind(s.updated_at)
            .execute(&mut *tx).await?;
        if let Some(action) = consent_change {
            let audit = AuditEntry {
                school_id: s.school_id,
                actor_user_id: Some(s.user_id),
                action,
                entity: "notification_consent",
                entity_id: s.user_id.to_string(),
                new_value: Some(format!("email {}", s.email)),
                source: via.source,
                ip: via.ip,
                request_id: via.request_id,
                ..AuditEntry::default()
            };
            append_audit!(&mut *tx, &audit, s.updated_at)?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// Accounts that want score digests by e-mail, have consented, and whose address works.
pub async fn digest_recipients(db: &Db) -> DbResult<Vec<SettingsRow>> {
    let sql = format!(
        "{SELECT_SETTINGS} WHERE email_consent = TRUE AND score_digest = TRUE AND email <> '' \
         AND bounced_at IS NULL"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql).fetch_all(p).await?))
}

pub async fn set_last_digest(db: &Db, user_id: i64, at: i64) -> DbResult<()> {
    on_db!(db, p => { sqlx::query("UPDATE notification_settings SET last_digest_at = $1 \
        WHERE user_id = $2").bind(at).bind(user_id).execute(p).await?; });
    Ok(())
}

/// The (subject, semester id) sheets of a child's class whose child's scores changed, or whose
/// review moved, in (since, until].
pub async fn changed_sheets(
    db: &Db,
    class_id: i64,
    student_id: i64,
    since: i64,
    until: i64,
) -> DbResult<Vec<(i64, i64)>> {
    let mut out: Vec<(i64, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT DISTINCT subject_id, semester_id FROM assessment_scores \
         WHERE class_id = $1 AND student_id = $2 AND updated_at > $3 AND updated_at <= $4")
        .bind(class_id).bind(student_id).bind(since).bind(until).fetch_all(p).await?);
    let moved: Vec<(i64, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT DISTINCT subject_id, semester_id FROM sheet_review_steps \
         WHERE class_id = $1 AND at > $2 AND at <= $3")
        .bind(class_id).bind(since).bind(until).fetch_all(p).await?);
    out.extend(moved);
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The students a family account sees, with their current class.
pub async fn children_of(db: &Db, user_id: i64) -> DbResult<Vec<String>> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT st.code FROM students st WHERE st.user_id = $1 OR st.id IN \
         (SELECT g.student_id FROM guardians g WHERE g.user_id = $1) ORDER BY st.code")
        .bind(user_id).fetch_all(p).await?))
}

/// A message to send.
#[derive(Clone, Debug)]
pub struct NewMessage<'a> {
    pub school_id: i64,
    pub user_id: i64,
    pub kind: &'a str,
    pub address: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub at: i64,
}

pub async fn enqueue(db: &Db, m: &NewMessage<'_>) -> DbResult<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "INSERT INTO outbox_messages (school_id, user_id, channel, kind, address, subject, body, \
         next_attempt_at, created_at) VALUES ($1, $2, 'email', $3, $4, $5, $6, $7, $7) RETURNING id")
        .bind(m.school_id).bind(m.user_id).bind(m.kind).bind(m.address).bind(m.subject)
        .bind(m.body).bind(m.at).fetch_one(p).await?))
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub school_id: i64,
    pub user_id: i64,
    pub kind: String,
    pub address: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

const SELECT_MESSAGES: &str = "SELECT id, school_id, user_id, kind, address, subject, body, \
    status, attempts, next_attempt_at, last_error, created_at, sent_at FROM outbox_messages";

/// E-mails due to be tried at `now`, oldest first.
pub async fn due(db: &Db, now: i64, limit: i64) -> DbResult<Vec<MessageRow>> {
    let sql = format!(
        "{SELECT_MESSAGES} WHERE channel = 'email' AND status = 'pending' \
         AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(p).await?))
}

/// The account's latest messages, newest first.
pub async fn of_user(db: &Db, user_id: i64, limit: i64) -> DbResult<Vec<MessageRow>> {
    let sql = format!("{SELECT_MESSAGES} WHERE user_id = $1 ORDER BY id DESC LIMIT $2");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(user_id).bind(limit).fetch_all(p).await?))
}

/// What became of one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    Sent {
        at: i64,
    },
    /// Try again at `next`.
    Retry {
        next: i64,
        error: String,
    },
    Failed {
        error: String,
    },
    /// The server refused the address for good: no more mail to it until it changes.
    Bounced {
        at: i64,
        error: String,
    },
}

pub async fn record(db: &Db, m: &MessageRow, d: &Delivery) -> DbResult<()> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        match d {
            Delivery::Sent { at } => {
                sqlx::query("UPDATE outbox_messages SET status = 'sent', sent_at = $1, \
                    attempts = attempts + 1 WHERE id = $2")
                    .bind(*at).bind(m.id).execute(&mut *tx).await?;
            }
            Delivery::Retry { next, error } => {
                sqlx::query("UPDATE outbox_messages SET attempts = attempts + 1, \
                    next_attempt_at = $1, last_error = $2 WHERE id = $3")
                    .bind(*next).bind(error).bind(m.id).execute(&mut *tx).await?;
            }
            Delivery::Failed { error } => {
                sqlx::query("UPDATE outbox_messages SET status = 'failed', \
                    attempts = attempts + 1, last_error = $1 WHERE id = $2")
                    .bind(error).bind(m.id).execute(&mut *tx).await?;
            }
            Delivery::Bounced { at, error } => {
                sqlx::query("UPDATE outbox_messages SET status = 'bounced', \
                    attempts = attempts + 1, last_error = $1 WHERE id = $2")
                    .bind(error).bind(m.id).execute(&mut *tx).await?;
                sqlx::query("UPDATE notification_settings SET bounced_at = $1, \
                    bounce_reason = $2 WHERE user_id = $3 AND email = $4")
                    .bind(*at).bind(error).bind(m.user_id).bind(&m.address)
                    .execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    })
}
