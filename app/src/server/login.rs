//! The login use case: throttle, verify, open a session, audit.
use super::auth::{new_session_token, session_cookie, verify_password};
use super::context::{audit, origin, set_header, state};
use super::db::{accounts, audit::AuditEntry, now, sessions, throttle};
use crate::domain::login_throttle::{wait_secs, PER_ACCOUNT, PER_ADDRESS};
use crate::domain::username::Username;
use crate::error::AppError;

/// Signs in and sets the session cookie; returns where to go next.
pub async fn login(raw_username: &str, password: &str) -> Result<String, AppError> {
    let st = state()?;
    let o = origin();
    let at = now();
    let Ok(username) = Username::parse(raw_username) else {
        tracing::info!(ip = %o.ip, "login with a malformed username");
        return Err(AppError::InvalidCredentials);
    };
    let account_key = format!("account:{}", username.as_str());
    let address_key = format!("address:{}", o.ip);
    let wait = wait_secs(
        PER_ACCOUNT,
        throttle::recent(&st.db, &account_key, at).await?,
        at,
    )
    .max(wait_secs(
        PER_ADDRESS,
        throttle::recent(&st.db, &address_key, at).await?,
        at,
    ));
    if wait > 0 {
        tracing::warn!(user = username.as_str(), ip = %o.ip, wait, "login throttled");
        return Err(AppError::Throttled {
            retry_after_secs: wait,
        });
    }

    let user = accounts::find_by_username(&st.db, username.as_str()).await?;
    let ok = verify_password(
        password.to_string(),
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    let user = match user {
        Some(u) if ok => u,
        other => {
            throttle::record(&st.db, &[&account_key, &address_key], at).await?;
            tracing::warn!(user = username.as_str(), ip = %o.ip, "failed login");
            if let Some(u) = other {
                audit(AuditEntry {
                    school_id: u.school_id,
                    actor_user_id: Some(u.id),
                    action: "login_failed",
                    entity: "user",
                    entity_id: u.id.to_string(),
                    ..Default::default()
                })
                .await?;
            }
            return Err(AppError::InvalidCredentials);
        }
    };
    if !user.is_active {
        return Err(AppError::AccountDisabled);
    }
    throttle::clear(&st.db, &account_key).await?;

    let (token, hash) = new_session_token();
    let session_id = sessions::create(
        &st.db,
        &sessions::NewSession {
            school_id: user.school_id,
            user_id: user.id,
            token_hash: &hash,
            expires_at: at + st.auth.session_max_secs,
            user_agent: &o.user_agent,
            ip: &o.ip,
        },
    )
    .await?;
    set_header(
        http::header::SET_COOKIE,
        &session_cookie(&token, st.auth.session_max_secs, st.auth.secure_cookies),
    );
    audit(AuditEntry {
        school_id: user.school_id,
        actor_user_id: Some(user.id),
        action: "login",
        entity: "session",
        entity_id: session_id.to_string(),
        ..Default::default()
    })
    .await?;
    tracing::info!(user = user.id, "signed in");
    Ok(if user.must_change_password {
        "/account/password".into()
    } else {
        "/".into()
    })
}
