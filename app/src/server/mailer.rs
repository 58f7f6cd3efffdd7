//! The outbox's e-mail sender and the digest of published scores. `run_once` does one round:
//! a digest for each consenting family with something new since their last one (one mail per
//! child, whatever the number of scores), then every message due, over SMTP. A refused address
//! (a permanent 5xx) is a bounce: the message and the address are marked and nothing more goes
//! there; anything else is retried later with a growing delay, then given up. The server runs
//! a round every minute (`HOCBA_MAIL_INTERVAL_SECS`) when `HOCBA_SMTP_URL` is set.
use super::db::outbox::{self, Delivery, MessageRow, NewMessage};
use super::db::{family_view, home, sheet_reviews, Db};
use super::score_notices::published_lines;
use crate::domain::notification::{digest, retry_delay};
use crate::error::AppError;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Where mail goes and how it is signed.
#[derive(Clone, Debug)]
pub struct Mailer {
    /// `smtp://host:port` (plain), `smtp://host:587?tls=required`, `smtps://host`; with
    /// `user:password@` when the server asks.
    pub smtp_url: String,
    /// `Hocba <no-reply@school.edu.vn>`.
    pub from: String,
    /// The site's address, for links in the mails.
    pub public_url: String,
}

impl Mailer {
    /// From `HOCBA_SMTP_URL`, `HOCBA_MAIL_FROM`, `HOCBA_PUBLIC_URL`; None without a server.
    pub fn from_env() -> Option<Mailer> {
        let smtp_url = std::env::var("HOCBA_SMTP_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        Some(Mailer {
            smtp_url,
            from: std::env::var("HOCBA_MAIL_FROM")
                .unwrap_or_else(|_| "Hocba <no-reply@hocba.invalid>".into()),
            public_url: std::env::var("HOCBA_PUBLIC_URL")
                .unwrap_or_else(|_| "http://127.0.0.1:3000".into()),
        })
    }
}

/// What one round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub digests: usize,
    pub sent: usize,
    pub retried: usize,
    pub bounced: usize,
    pub failed: usize,
}

pub async fn run_once(db: &Db, mailer: &Mailer, now: i64) -> Result<Round, AppError> {
    let mut round = Round {
        digests: queue_digests(db, &mailer.public_url, now).await?,
        ..Round::default()
    };
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&mailer.smtp_url)
        .map_err(|e| {
            tracing::error!(error = %e, "HOCBA_SMTP_URL is not a usable SMTP address");
            AppError::Internal
        })?
        .timeout(Some(Duration::from_secs(20)))
        .build();
    for m in outbox::due(db, now, 200).await? {
        let d = deliver(&transport, &mailer.from, &m, now).await;
        match &d {
            Delivery::Sent { .. } => round.sent += 1,
            Delivery::Retry { .. } => round.retried += 1,
            Delivery::Bounced { .. } => round.bounced += 1,
            Delivery::Failed { .. } => round.failed += 1,
        }
        outbox::record(db, &m, &d).await?;
    }
    Ok(round)
}

async fn deliver(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
    m: &MessageRow,
    now: i64,
) -> Delivery {
    let message = (|| {
        Message::builder()
            .from(from.parse().map_err(|e| format!("from: {e}"))?)
            .to(m.address.parse().map_err(|e| format!("address: {e}"))?)
            .subject(m.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(m.body.clone())
            .map_err(|e| e.to_string())
    })();
    let message = match message {
        Ok(x) => x,
        Err(error) => return Delivery::Bounced { at: now, error },
    };
    match transport.send(message).await {
        Ok(_) => Delivery::Sent { at: now },
        Err(e) if e.is_permanent() => Delivery::Bounced {
            at: now,
            error: e.to_string(),
        },
        Err(e) => match retry_delay(m.attempts + 1) {
            Some(delay) => Delivery::Retry {
                next: now + delay,
                error: e.to_string(),
            },
            None => Delivery::Failed {
                error: e.to_string(),
            },
        },
    }
}

/// One digest per child with sheets newly published since the family's last digest.
async fn queue_digests(db: &Db, public_url: &str, now: i64) -> Result<usize, AppError> {
    let mut queued = 0;
    for r in outbox::digest_recipients(db).await? {
        if r.last_digest_at >= now {
            continue;
        }
        let year = home::current_year(db, r.school_id).await?;
        let year_id = year.as_ref().map(|(id, _)| *id).unwrap_or(0);
        let visibility = sheet_reviews::family_visibility(db, r.school_id).await?;
        for code in outbox::children_of(db, r.user_id).await? {
            let Some(child) =
                family_view::child(db, r.user_id, r.school_id, &code, year_id).await?
            else {
                continue;
            };
            let Some((results, lines)) = published_lines(
                db,
                r.school_id,
                &child,
                year.clone(),
                visibility,
                r.last_digest_at,
                now,
            )
            .await?
            else {
                continue;
            };
            let link = format!("{}/children/{}", public_url.trim_end_matches('/'), code);
            let (subject, body) = digest(
                &results.full_name,
                results.class_name.as_deref().unwrap_or(""),
                &results.school_name,
                &lines,
                &link,
            );
            outbox::enqueue(
                db,
                &NewMessage {
                    school_id: r.school_id,
                    user_id: r.user_id,
                    kind: "score_digest",
                    address: &r.email,
                    subject: &subject,
                    body: &body,
                    at: now,
                },
            )
            .await?;
            queued += 1;
        }
        outbox::set_last_digest(db, r.user_id, now).await?;
    }
    Ok(queued)
}

/// Runs a round every `interval`, for the life of the server.
pub fn spawn(db: Db, mailer: Mailer, interval: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        loop {
            tick.tick().await;
            match run_once(&db, &mailer, super::db::now()).await {
                Ok(r) if r != Round::default() => tracing::info!(?r, "mail round"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "mail round failed"),
            }
        }
    });
}
