//! Server-side sessions: the cookie carries a random token, the database only its hash.
use super::{now, on_db, Db, DbResult};
use crate::api::sessions::SessionInfo;

pub struct NewSession<'a> {
    pub school_id: i64,
    pub user_id: i64,
    pub token_hash: &'a str,
    pub expires_at: i64,
    pub user_agent: &'a str,
    pub ip: &'a str,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

pub async fn create(db: &Db, s: &NewSession<'_>) -> DbResult<i64> {
    let at = now();
    Ok(on_db!(db, p => sqlx::query_scalar(
        "INSERT INTO sessions (school_id, user_id, token_hash, created_at, last_seen_at, \
         expires_at, user_agent, ip) VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING id")
        .bind(s.school_id).bind(s.user_id).bind(s.token_hash).bind(at).bind(s.expires_at)
        .bind(s.user_agent).bind(s.ip)
        .fetch_one(p).await?))
}

pub async fn find(db: &Db, token_hash: &str) -> DbResult<Option<SessionRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, user_id, last_seen_at, expires_at FROM sessions WHERE token_hash = $1")
        .bind(token_hash).fetch_optional(p).await?))
}

pub async fn touch(db: &Db, id: i64, at: i64) -> DbResult<()> {
    on_db!(db, p => { sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(at).bind(id).execute(p).await?; });
    Ok(())
}

pub async fn delete(db: &Db, id: i64) -> DbResult<()> {
    on_db!(db, p => { sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id).execute(p).await?; });
    Ok(())
}

/// Ends one of the user's own sessions; `false` when it is not theirs (or already gone).
pub async fn delete_own(db: &Db, user_id: i64, id: i64) -> DbResult<bool> {
    let done = on_db!(db, p => sqlx::query("DELETE FROM sessions WHERE id = $1 AND user_id = $2")
        .bind(id).bind(user_id).execute(p).await?.rows_affected());
    Ok(done == 1)
}

/// Ends every session of the user except `keep` (pass `None` to end them all).
pub async fn delete_all_for_user(db: &Db, user_id: i64, keep: Option<i64>) -> DbResult<u64> {
    let keep = keep.unwrap_or(-1);
    let done = on_db!(db, p => sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id).bind(keep).execute(p).await?.rows_affected());
    Ok(done)
}

pub async fn list_for_user(db: &Db, user_id: i64, current: i64) -> DbResult<Vec<SessionInfo>> {
    let rows: Vec<(i64, i64, i64, String, String)> = on_db!(db, p => sqlx::query_as(
        "SELECT id, created_at, last_seen_at, user_agent, ip FROM sessions \
         WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC")
        .bind(user_id).bind(now()).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(
            |(id, created_at, last_seen_at, user_agent, ip)| SessionInfo {
                id,
                created_at,
                last_seen_at,
                user_agent,
                ip,
                is_current: id == current,
            },
        )
        .collect())
}

/// Drops sessions past their absolute end or idle longer than `idle_secs`.
pub async fn purge_expired(db: &Db, idle_secs: i64) -> DbResult<u64> {
    let at = now();
    let done = on_db!(db, p => sqlx::query(
        "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(at).bind(at - idle_secs).execute(p).await?.rows_affected());
    Ok(done)
}
