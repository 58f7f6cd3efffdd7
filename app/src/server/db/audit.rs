//! The append-only audit log: this module only ever inserts and reads.
use super::{now, on_db, Db, DbResult};

/// One recorded act: who did what to which thing, with the old and new value and why.
#[derive(Clone, Debug, Default)]
pub struct AuditEntry<'a> {
    pub school_id: i64,
    pub actor_user_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<&'a str>,
    pub source: &'a str,
    pub ip: &'a str,
    pub request_id: &'a str,
}

pub async fn append(db: &Db, e: &AuditEntry<'_>) -> DbResult<()> {
    on_db!(db, p => { sqlx::query(
        "INSERT INTO audit_log (school_id, at, actor_user_id, action, entity, entity_id, \
         old_value, new_value, reason, source, ip, request_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .bind(e.school_id).bind(now()).bind(e.actor_user_id).bind(e.action).bind(e.entity)
        .bind(&e.entity_id).bind(&e.old_value).bind(&e.new_value).bind(e.reason)
        .bind(e.source).bind(e.ip).bind(e.request_id)
        .execute(p).await?; });
    Ok(())
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// The latest entries of a school, newest first.
pub async fn latest(db: &Db, school_id: i64, limit: i64) -> DbResult<Vec<AuditRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, at, actor_user_id, action, entity, entity_id, old_value, new_value \
         FROM audit_log WHERE school_id = $1 ORDER BY id DESC LIMIT $2")
        .bind(school_id).bind(limit).fetch_all(p).await?))
}
