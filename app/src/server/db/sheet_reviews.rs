//! The review state of grade sheets and its append-only steps. An act names the version its
//! author saw and is applied only if the stored row still has it; the step row and the audit
//! row are written in the same transaction.
use super::audit::{append_audit, AuditEntry};
use super::BeginWrite;
use super::{now, on_db, Db, DbError, DbResult};
use crate::domain::publication::FamilyVisibility;

/// The stored review of one sheet (absent: a draft nobody acted on yet).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ReviewRow {
    pub state: String,
    pub version: i64,
    pub submitted_by: Option<i64>,
    pub submitted_by_name: Option<String>,
    pub submitted_at: Option<i64>,
    pub updated_at: i64,
}

pub async fn find(
    db: &Db,
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
) -> DbResult<Option<ReviewRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT r.state, r.version, r.submitted_by, u.full_name AS submitted_by_name, \
           r.submitted_at, r.updated_at \
         FROM sheet_reviews r LEFT JOIN users u ON u.id = r.submitted_by \
         WHERE r.class_id = $1 AND r.subject_id = $2 AND r.semester_id = $3")
        .bind(class_id).bind(subject_id).bind(semester_id).fetch_optional(p).await?))
}

/// Whether a school lets one check or approve a sheet one submitted oneself.
pub async fn allow_self_review(db: &Db, school_id: i64) -> DbResult<bool> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT allow_self_review FROM schools WHERE id = $1")
        .bind(school_id).fetch_optional(p).await?)
    .unwrap_or(false))
}

pub async fn set_allow_self_review(db: &Db, school_id: i64, allow: bool) -> DbResult<()> {
    on_db!(db, p => { sqlx::query("UPDATE schools SET allow_self_review = $1 WHERE id = $2")
        .bind(allow).bind(school_id).execute(p).await?; });
    Ok(())
}

/// When the school's families see a sheet's scores; an unknown code reads as the default.
pub async fn family_visibility(db: &Db, school_id: i64) -> DbResult<FamilyVisibility> {
    let code: Option<String> = on_db!(db, p => sqlx::query_scalar(
        "SELECT family_visibility FROM schools WHERE id = $1")
        .bind(school_id).fetch_optional(p).await?);
    Ok(code
        .and_then(|c| FamilyVisibility::from_code(&c))
        .unwrap_or_default())
}

pub async fn set_family_visibility(
    db: &Db,
    school_id: i64,
    visibility: FamilyVisibility,
) -> DbResult<()> {
    on_db!(db, p => { sqlx::query("UPDATE schools SET family_visibility = $1 WHERE id = $2")
        .bind(visibility.code()).bind(school_id).execute(p).await?; });
    Ok(())
}

/// One step of a sheet's review, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StepRow {
    pub at: i64,
    pub actor_user_id: i64,
    pub actor_name: String,
    pub act: String,
    pub from_state: String,
    pub to_state: String,
    pub comment: String,
    pub missing: String,
}

pub async fn steps(
    db: &Db,
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
) -> DbResult<Vec<StepRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT s.at, s.actor_user_id, u.full_name AS actor_name, s.act, s.from_state, \
           s.to_state, s.comment, s.missing \
         FROM sheet_review_steps s JOIN users u ON u.id = s.actor_user_id \
         WHERE s.class_id = $1 AND s.subject_id = $2 AND s.semester_id = $3 ORDER BY s.id")
        .bind(class_id).bind(subject_id).bind(semester_id).fetch_all(p).await?))
}

/// An act to apply.
#[derive(Clone, Debug)]
pub struct ActWrite<'a> {
    pub school_id: i64,
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    pub actor_user_id: i64,
    pub act: &'a str,
    pub from_state: &'a str,
    pub to_state: &'a str,
    pub expected_version: i64,
    pub comment: &'a str,
    /// JSON list of the missing cells confirmed anyway.
    pub missing: &'a str,
    pub source: &'a str,
    pub ip: &'a str,
    pub request_id: &'a str,
}

/// Applies the act if the stored version is still `expected_version`: the new state (a
/// submission records who and when; a return to draft forgets it), the step and the audit
/// row. `Ok(None)` when someone acted meanwhile; `Ok(Some(version))` otherwise.
pub async fn act(db: &Db, w: &ActWrite<'_>) -> DbResult<Option<i64>> {
    let at = now();
    let version = w.expected_version + 1;
    let submitting = w.to_state == "submitted" && w.from_state == "draft";
    let back_to_draft = w.to_state == "draft";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let applied = if w.expected_version == 0 {
            sqlx::query(
                "INSERT INTO sheet_reviews (school_id, class_id, subject_id, semester_id, state, \
                 version, submitted_by, submitted_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7) \
                 ON CONFLICT (class_id, subject_id, semester_id) DO NOTHING")
                .bind(w.school_id).bind(w.class_id).bind(w.subject_id).bind(w.semester_id)
                .bind(w.to_state).bind(submitting.then_some(w.actor_user_id)).bind(at)
                .execute(&mut *tx).await.map_err(DbError::from_write)?
        } else {
            sqlx::query(
                "UPDATE sheet_reviews SET state = $1, version = version + 1, updated_at = $2, \
                   submitted_by = CASE WHEN $3 THEN $4 WHEN $5 THEN NULL ELSE submitted_by END, \
                   submitted_at = CASE WHEN $3 THEN $2 WHEN $5 THEN NULL ELSE submitted_at END \
                 WHERE class_id = $6 AND subject_id = $7 AND semester_id = $8 AND version = $9 \
                   AND state = $10")
                .bind(w.to_state).bind(at).bind(submitting).bind(w.actor_user_id)
                .bind(back_to_draft).bind(w.class_id).bind(w.subject_id).bind(w.semester_id)
                .bind(w.expected_version).bind(w.from_state)
                .execute(&mut *tx).await?
        };
        if applied.rows_affected() != 1 {
            return Ok(None);
        }
        sqlx::query(
            "INSERT INTO sheet_review_steps (school_id, class_id, subject_id, semester_id, at, \
             actor_user_id, act, from_state, to_state, version, comment, missing) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
            .bind(w.school_id).bind(w.class_id).bind(w.subject_id).bind(w.semester_id)
            .bind(at).bind(w.actor_user_id).bind(w.act).bind(w.from_state).bind(w.to_state)
            .bind(version).bind(w.comment).bind(w.missing)
            .execute(&mut *tx).await?;
        let action = format!("review_{}", w.act);
        let audit = AuditEntry {
            school_id: w.school_id,
            actor_user_id: Some(w.actor_user_id),
            action: &action,
            entity: "sheet_review",
            entity_id: format!("{}/{}/{}", w.class_id, w.subject_id, w.semester_id),
            old_value: Some(w.from_state.to_string()),
            new_value: Some(w.to_state.to_string()),
            reason: (!w.comment.is_empty()).then_some(w.comment),
            source: w.source,
            ip: w.ip,
            request_id: w.request_id,
            ..AuditEntry::default()
        };
        append_audit!(&mut *tx, &audit, at)?;
        tx.commit().await?;
        Ok(Some(version))
    })
}

/// A sheet waiting for someone's step, for the review list.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PendingRow {
    pub class_id: i64,
    pub class_name: String,
    pub subject_id: i64,
    pub subject_name: String,
    pub semester_id: i64,
    pub semester_number: i64,
    pub state: String,
    pub group_head_id: Option<i64>,
    pub submitted_by_name: Option<String>,
    pub submitted_at: Option<i64>,
}

/// The school's sheets in `state`, by class and subject.
pub async fn in_state(db: &Db, school_id: i64, state: &str) -> DbResult<Vec<PendingRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT r.class_id, c.name AS class_name, r.subject_id, s.name AS subject_name, \
           r.semester_id, CAST(m.number AS BIGINT) AS semester_number, r.state, \
           g.head_user_id AS group_head_id, u.full_name AS submitted_by_name, r.submitted_at \
         FROM sheet_reviews r \
         JOIN classes c ON c.id = r.class_id \
         JOIN subjects s ON s.id = r.subject_id \
         JOIN semesters m ON m.id = r.semester_id \
         LEFT JOIN subject_groups g ON g.id = s.subject_group_id \
         LEFT JOIN users u ON u.id = r.submitted_by \
         WHERE r.school_id = $1 AND r.state = $2 \
         ORDER BY c.grade, c.name, s.sort_order, s.id, m.number")
        .bind(school_id).bind(state).fetch_all(p).await?))
}

/// Every stored review of a class: (subject, semester number, state).
pub async fn of_class(db: &Db, class_id: i64) -> DbResult<Vec<(i64, i64, String)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT r.subject_id, CAST(m.number AS BIGINT), r.state FROM sheet_reviews r \
         JOIN semesters m ON m.id = r.semester_id WHERE r.class_id = $1")
        .bind(class_id).fetch_all(p).await?))
}

/// The latest step of each sheet of a class that has one: subject, semester number, who, when.
pub async fn last_steps_of_class(db: &Db, class_id: i64) -> DbResult<Vec<(i64, i64, String, i64)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT s.subject_id, CAST(m.number AS BIGINT), u.full_name, s.at \
         FROM sheet_review_steps s JOIN semesters m ON m.id = s.semester_id \
         JOIN users u ON u.id = s.actor_user_id \
         WHERE s.class_id = $1 AND s.id = (SELECT MAX(x.id) FROM sheet_review_steps x \
           WHERE x.class_id = s.class_id AND x.subject_id = s.subject_id \
           AND x.semester_id = s.semester_id)")
        .bind(class_id).fetch_all(p).await?))
}
