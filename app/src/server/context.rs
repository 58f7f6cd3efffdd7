//! What a server function needs from its request: the state, the caller's session and
//! address, and a single place where errors get their HTTP status and a log line.
use super::auth::{token_from_cookie_header, token_hash};
use super::db::audit::AuditEntry;
use super::db::{accounts, now, sessions};
use super::state::AppState;
use crate::domain::role::Role;
use crate::error::AppError;
use axum::extract::ConnectInfo;
use http::header::{COOKIE, USER_AGENT};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::net::SocketAddr;

/// Refresh `last_seen_at` at most this often, not on every request.
const TOUCH_EVERY_SECS: i64 = 60;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from context");
        AppError::Internal
    })
}

/// The signed-in caller.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: i64,
    pub school_id: i64,
    pub session_id: i64,
    pub username: String,
    pub full_name: String,
    pub roles: Vec<Role>,
    pub must_change_password: bool,
}

impl Caller {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Where a request came from, for throttling, sessions and the audit log.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    pub ip: String,
    pub user_agent: String,
    pub request_id: String,
}

pub fn origin() -> Origin {
    let (Ok(parts), Ok(st)) = (parts(), state()) else {
        return Origin::default();
    };
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let forwarded = header("x-forwarded-for");
    let ip = match forwarded.split(',').next().map(str::trim) {
        Some(f) if st.auth.trust_proxy && !f.is_empty() => f.to_string(),
        _ => parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_default(),
    };
    let mut user_agent = header(USER_AGENT.as_str());
    user_agent.truncate(300);
    Origin {
        ip,
        user_agent,
        request_id: header("x-request-id"),
    }
}

#[derive(Clone)]
pub enum SessionState {
    Anonymous,
    Expired,
    Active(Caller),
}

/// The session of the request being answered, looked up once: a page asks for it from several
/// resources at a time, and an expired session must read as expired to all of them.
#[derive(Clone, Default)]
pub struct SessionCache(std::sync::Arc<tokio::sync::OnceCell<SessionState>>);

/// Called for every request Leptos answers (pages and server functions).
pub fn provide_request_context() {
    provide_context(SessionCache::default());
}

/// Reads the session cookie and finds its session; unknown or tampered tokens are anonymous.
pub async fn session() -> Result<SessionState, AppError> {
    let st = state()?;
    let parts = parts()?;
    match use_context::<SessionCache>() {
        Some(cache) => cache
            .0
            .get_or_try_init(|| session_from_headers(&st, &parts.headers))
            .await
            .cloned(),
        None => session_from_headers(&st, &parts.headers).await,
    }
}

/// The same, for plain HTTP handlers (downloads) that run outside Leptos' context.
pub async fn session_from_headers(
    st: &AppState,
    headers: &http::HeaderMap,
) -> Result<SessionState, AppError> {
    let Some(token) = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(token_from_cookie_header)
    else {
        return Ok(SessionState::Anonymous);
    };
    let Some(row) = sessions::find(&st.db, &token_hash(token)).await? else {
        tracing::info!("unknown session token presented");
        return Ok(SessionState::Anonymous);
    };
    let at = now();
    if row.expires_at <= at || row.last_seen_at + st.auth.session_idle_secs <= at {
        sessions::delete(&st.db, row.id).await?;
        return Ok(SessionState::Expired);
    }
    let Some(user) = accounts::find_by_id(&st.db, row.user_id).await? else {
        return Ok(SessionState::Anonymous);
    };
    if !user.is_active {
        sessions::delete(&st.db, row.id).await?;
        return Ok(SessionState::Anonymous);
    }
    if at - row.last_seen_at >= TOUCH_EVERY_SECS {
        sessions::touch(&st.db, row.id, at).await?;
    }
    Ok(SessionState::Active(Caller {
        user_id: user.id,
        school_id: user.school_id,
        session_id: row.id,
        roles: accounts::roles_of(&st.db, user.id).await?,
        username: user.username,
        full_name: user.full_name,
        must_change_password: user.must_change_password,
    }))
}

/// The caller, who may still have to change their password (for the few functions that allow it).
pub async fn require_session() -> Result<Caller, AppError> {
    match session().await? {
        SessionState::Active(c) => Ok(c),
        SessionState::Expired => Err(AppError::SessionExpired),
        SessionState::Anonymous => Err(AppError::NotSignedIn),
    }
}

/// The caller, refused until a temporary password has been changed.
pub async fn require_user() -> Result<Caller, AppError> {
    let caller = require_session().await?;
    if caller.must_change_password {
        return Err(AppError::MustChangePassword);
    }
    Ok(caller)
}

/// The caller, if they hold at least one of `roles`.
pub async fn require_role(roles: &[Role]) -> Result<Caller, AppError> {
    let caller = require_user().await?;
    if roles.iter().any(|r| caller.has(*r)) {
        Ok(caller)
    } else {
        tracing::warn!(user = caller.user_id, ?roles, "access refused");
        Err(AppError::Forbidden)
    }
}

/// Appends `entry` to the audit log with where the request came from (address, request id).
pub async fn audit(entry: AuditEntry<'_>) -> Result<(), AppError> {
    let o = origin();
    let entry = AuditEntry {
        source: "web",
        ip: &o.ip,
        request_id: &o.request_id,
        ..entry
    };
    Ok(super::db::audit::append(&state()?.db, &entry).await?)
}

pub fn set_header(name: http::HeaderName, value: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        res.append_header(name, v);
    }
}

/// True when the request is a plain HTML form post (no JavaScript), which expects a redirect.
pub fn wants_html() -> bool {
    parts()
        .ok()
        .and_then(|p| p.headers.get(http::header::ACCEPT).cloned())
        .and_then(|v| v.to_str().map(|s| s.contains("text/html")).ok())
        .unwrap_or(false)
}

/// Sends a no-JavaScript form post on to `path`; script callers navigate themselves.
pub fn redirect_form_post(path: &str) {
    if wants_html() {
        leptos_axum::redirect(path);
    }
}

/// Runs a server function's body, giving its error the right HTTP status and a log line.
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = body.await;
    if let Err(err) = &result {
        let is_server_fn_call = parts()
            .map(|p| p.uri.path().starts_with("/api/"))
            .unwrap_or(false);
        // A form posted without JavaScript goes back to its page with the error in the URL
        // (Leptos' redirect, which needs the status left alone); other callers get the status.
        if is_server_fn_call && !wants_html() {
            if let Some(res) = use_context::<ResponseOptions>() {
                res.set_status(
                    http::StatusCode::from_u16(err.status())
                        .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
                );
            }
        }
        match err {
            AppError::Internal => tracing::error!(error = %err, "request failed"),
            _ => tracing::info!(error = %err, "request refused"),
        }
    }
    result
}
