//! Year-end sign-offs of a class's results: append-only rows, each with the canonical JSON as
//! signed and its hash, and the audit row written in the same transaction.
use super::audit::{append_audit, AuditEntry};
use super::BeginWrite;
use super::{now, on_db, Db, DbResult};

/// A sign-off to store.
#[derive(Clone, Debug)]
pub struct NewSignoff<'a> {
    pub school_id: i64,
    pub class_id: i64,
    pub signed_by: i64,
    pub canonical_json: &'a str,
    pub sha256: &'a str,
    /// JSON list of the sheets not yet approved when signed.
    pub unapproved: &'a str,
    pub source: &'a str,
    pub ip: &'a str,
    pub request_id: &'a str,
}

pub async fn insert(db: &Db, s: &NewSignoff<'_>) -> DbResult<()> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query(
            "INSERT INTO class_signoffs (school_id, class_id, signed_at, signed_by, \
             canonical_json, sha256, unapproved) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(s.school_id).bind(s.class_id).bind(at).bind(s.signed_by)
            .bind(s.canonical_json).bind(s.sha256).bind(s.unapproved)
            .execute(&mut *tx).await?;
        let audit = AuditEntry {
            school_id: s.school_id,
            actor_user_id: Some(s.signed_by),
            action: "sign",
            entity: "class_signoff",
            entity_id: s.class_id.to_string(),
            new_value: Some(s.sha256.to_string()),
            source: s.source,
            ip: s.ip,
            request_id: s.request_id,
            ..AuditEntry::default()
        };
        append_audit!(&mut *tx, &audit, at)?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(())
    })?;
    Ok(())
}

/// The latest sign-off of a class.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SignoffRow {
    pub id: i64,
    pub signed_at: i64,
    pub signed_by: i64,
    pub signed_by_name: String,
    pub canonical_json: String,
    pub sha256: String,
    pub unapproved: String,
    pub signature_algorithm: Option<String>,
    pub signature_key_id: Option<String>,
    pub signature: Option<String>,
}

pub async fn latest(db: &Db, class_id: i64) -> DbResult<Option<SignoffRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT s.id, s.signed_at, s.signed_by, u.full_name AS signed_by_name, s.canonical_json, \
           s.sha256, s.unapproved, s.signature_algorithm, s.signature_key_id, s.signature \
         FROM class_signoffs s JOIN users u ON u.id = s.signed_by \
         WHERE s.class_id = $1 ORDER BY s.id DESC LIMIT 1")
        .bind(class_id).fetch_optional(p).await?))
}
