//! Tokens of the integration API (/api/v1): only the SHA-256 of a token is stored; a token acts
//! for the user who created it, within its scopes.
use super::BeginWrite;
use super::{now, on_db, Db, DbResult};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub school_id: i64,
    pub user_id: i64,
    pub name: String,
    pub scopes: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

const COLUMNS: &str = "id, school_id, user_id, name, scopes, created_at, expires_at, \
    last_used_at, revoked_at";

pub struct NewToken<'a> {
    pub school_id: i64,
    pub user_id: i64,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub scopes: &'a str,
    pub expires_at: Option<i64>,
}

pub async fn create(db: &Db, t: &NewToken<'_>) -> DbResult<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "INSERT INTO api_tokens (school_id, user_id, name, token_hash, scopes, created_at, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(t.school_id).bind(t.user_id).bind(t.name).bind(t.token_hash).bind(t.scopes)
        .bind(now()).bind(t.expires_at)
        .fetch_one(p).await.map_err(super::DbError::from_write)?))
}

pub async fn find_by_hash(db: &Db, token_hash: &str) -> DbResult<Option<TokenRow>> {
    let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(token_hash).fetch_optional(p).await?))
}

/// The user's own tokens, newest first.
pub async fn list_for_user(db: &Db, user_id: i64) -> DbResult<Vec<TokenRow>> {
    let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(user_id).fetch_all(p).await?))
}

/// Revokes one of the user's own tokens; false when it is not theirs or already revoked.
pub async fn revoke_own(db: &Db, user_id: i64, id: i64) -> DbResult<bool> {
    let done = on_db!(db, p => sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 \
         AND revoked_at IS NULL")
        .bind(now()).bind(id).bind(user_id).execute(p).await?.rows_affected());
    Ok(done == 1)
}

/// Records a use, at most once a minute per token.
pub async fn touch(db: &Db, id: i64, at: i64) -> DbResult<()> {
    on_db!(db, p => { sqlx::query(
        "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 \
         AND (last_used_at IS NULL OR last_used_at < $3)")
        .bind(at).bind(id).bind(at - 60).execute(p).await?; });
    Ok(())
}

/// How long an idempotency key's answer is kept.
pub const IDEMPOTENCY_SECS: i64 = 86_400;

/// A stored answer: the request's hash, the HTTP status and the JSON body.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredAnswer {
    pub request_hash: String,
    pub status: i64,
    pub response: String,
}

/// The answer given to this user's request with this key within the last day.
pub async fn idempotent_answer(db: &Db, user_id: i64, key: &str) -> DbResult<Option<StoredAnswer>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT request_hash, CAST(status AS BIGINT) AS status, response FROM api_idempotency \
         WHERE user_id = $1 AND idem_key = $2 AND created_at > $3")
        .bind(user_id).bind(key).bind(now() - IDEMPOTENCY_SECS)
        .fetch_optional(p).await?))
}

/// Keeps the answer; an expired answer under the same key is replaced, a concurrent one kept.
pub async fn keep_answer(
    db: &Db,
    school_id: i64,
    user_id: i64,
    key: &str,
    answer: &StoredAnswer,
) -> DbResult<()> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query("DELETE FROM api_idempotency WHERE user_id = $1 AND idem_key = $2 \
                     AND created_at <= $3")
            .bind(user_id).bind(key).bind(at - IDEMPOTENCY_SECS).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO api_idempotency (school_id, user_id, idem_key, request_hash, \
                     status, response, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (user_id, idem_key) DO NOTHING")
            .bind(school_id).bind(user_id).bind(key).bind(&answer.request_hash)
            .bind(answer.status).bind(&answer.response).bind(at)
            .execute(&mut *tx).await?;
        tx.commit().await?;
    });
    Ok(())
}
