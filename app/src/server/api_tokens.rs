//! Creating, listing, revoking and checking integration API tokens. The token is 256 random
//! bits shown once; the database keeps only its SHA-256.
use super::auth::{new_session_token, token_hash};
use super::context::{audit, require_user, Caller};
use super::db::api_tokens::{self, NewToken};
use super::db::audit::AuditEntry;
use super::db::{accounts, now, Db};
use crate::api::api_tokens::{ApiScope, ApiTokenInfo, NewApiToken};
use crate::error::AppError;

/// Every token starts with this, so that leaked tokens are easy to recognise and scan for.
pub const TOKEN_PREFIX: &str = "hocba_";
const MAX_NAME: usize = 100;
const MAX_DAYS: i64 = 3650;

/// Staff only: families never hold API tokens.
pub async fn require_staff() -> Result<Caller, AppError> {
    let caller = require_user().await?;
    if caller.roles.iter().all(|r| r.is_family()) {
        return Err(AppError::Forbidden);
    }
    Ok(caller)
}

pub async fn list(db: &Db, caller: &Caller) -> Result<Vec<ApiTokenInfo>, AppError> {
    let at = now();
    Ok(api_tokens::list_for_user(db, caller.user_id)
        .await?
        .into_iter()
        .map(|t| ApiTokenInfo {
            id: t.id,
            name: t.name,
            scopes: t.scopes.split_whitespace().map(String::from).collect(),
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked: t.revoked_at.is_some(),
            expired: t.expires_at.is_some_and(|e| e <= at),
        })
        .collect())
}

pub async fn create(
    db: &Db,
    caller: &Caller,
    name: &str,
    scopes: &[String],
    expires_days: Option<&str>,
) -> Result<NewApiToken, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::MissingField("name".into()));
    }
    if name.chars().count() > MAX_NAME {
        return Err(AppError::BadRequest("name".into()));
    }
    let mut chosen: Vec<ApiScope> = scopes
        .iter()
        .map(|s| ApiScope::from_code(s.trim()).ok_or_else(|| AppError::BadRequest(s.clone())))
        .collect::<Result<_, _>>()?;
    chosen.sort();
    chosen.dedup();
    if chosen.is_empty() {
        return Err(AppError::MissingField("scopes".into()));
    }
    let expires_at = match expires_days.map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(days) => {
            let days: i64 = days
                .parse()
                .ok()
                .filter(|d| (1..=MAX_DAYS).contains(d))
                .ok_or_else(|| AppError::BadRequest("expires_days".into()))?;
            Some(now() + days * 86_400)
        }
    };
    let (secret, _) = new_session_token();
    let token = format!("{TOKEN_PREFIX}{secret}");
    let codes: Vec<&str> = chosen.iter().map(|s| s.code()).collect();
    let scopes = codes.join(" ");
    let id = api_tokens::create(
        db,
        &NewToken {
            school_id: caller.school_id,
            user_id: caller.user_id,
            name,
            token_hash: &token_hash(&token),
            scopes: &scopes,
            expires_at,
        },
    )
    .await?;
    audit(AuditEntry {
        school_id: caller.school_id,
        actor_user_id: Some(caller.user_id),
        action: "create",
        entity: "api_token",
        entity_id: id.to_string(),
        new_value: Some(format!("{name}: {scopes}")),
        ..Default::default()
    })
    .await?;
    Ok(NewApiToken { id, token })
}

pub async fn revoke(db: &Db, caller: &Caller, id: i64) -> Result<(), AppError> {
    if !api_tokens::revoke_own(db, caller.user_id, id).await? {
        return Err(AppError::NotFound);
    }
    audit(AuditEntry {
        school_id: caller.school_id,
        actor_user_id: Some(caller.user_id),
        action: "revoke",
        entity: "api_token",
        entity_id: id.to_string(),
        ..Default::default()
    })
    .await
}

/// Why a presented token was refused (all answered 401, with a reason for the client).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenRefusal {
    Missing,
    Unknown,
    Revoked,
    Expired,
    AccountDisabled,
}

/// The user a bearer token acts for, with its scopes; checked on every call, so a revoked
/// token, a disabled account or removed roles take effect at once.
pub async fn authenticate(
    db: &Db,
    token: Option<&str>,
) -> Result<Result<(Caller, Vec<ApiScope>), TokenRefusal>, AppError> {
    let Some(token) = token.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(Err(TokenRefusal::Missing));
    };
    let Some(row) = api_tokens::find_by_hash(db, &token_hash(token)).await? else {
        return Ok(Err(TokenRefusal::Unknown));
    };
    let at = now();
    if row.revoked_at.is_some() {
        return Ok(Err(TokenRefusal::Revoked));
    }
    if row.expires_at.is_some_and(|e| e <= at) {
        return Ok(Err(TokenRefusal::Expired));
    }
    let Some(user) = accounts::find_by_id(db, row.user_id)
        .await?
        .filter(|u| u.is_active && u.school_id == row.school_id)
    else {
        return Ok(Err(TokenRefusal::AccountDisabled));
    };
    api_tokens::touch(db, row.id, at).await?;
    let caller = Caller {
        user_id: user.id,
        school_id: user.school_id,
        // Not a browser session.
        session_id: 0,
        roles: accounts::roles_of(db, user.id).await?,
        username: user.username,
        full_name: user.full_name,
        must_change_password: user.must_change_password,
    };
    Ok(Ok((caller, ApiScope::parse_list(&row.scopes))))
}
