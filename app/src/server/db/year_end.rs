//! Year-end decisions and summer re-assessment results (migration 0014), and the summer
//! conduct level the review writes (the year's conduct and absences are read through
//! `db::conduct` and `db::attendance`). Writes check the version their author saw
//! (0: the row must still be absent) and append their audit rows in the same transaction.
use super::audit::{append_audit, AuditEntry};
use super::scores::WriteMeta;
use super::BeginWrite;
use super::{now, on_db, Db, DbError, DbResult};

/// The students actively enrolled in the class, as a sub-query on parameter `$1`.
const CLASS_STUDENTS: &str =
    "SELECT e.student_id FROM enrolments e WHERE e.class_id = $1 AND e.status = 'active'";

/// A confirmed year-end decision.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DecisionRow {
    pub id: i64,
    pub student_id: i64,
    /// The proposal as it was when confirmed, JSON.
    pub proposed: String,
    pub outcome: String,
    pub title: Option<String>,
    pub override_reason: String,
    pub confirmed_by: i64,
    pub confirmed_by_name: String,
    pub confirmed_at: i64,
    pub version: i64,
}

pub async fn decisions(db: &Db, class_id: i64, school_year_id: i64) -> DbResult<Vec<DecisionRow>> {
    let sql = format!(
        "SELECT d.id, d.student_id, d.proposed, d.outcome, d.title, d.override_reason, \
           d.confirmed_by, u.full_name AS confirmed_by_name, d.confirmed_at, d.version \
         FROM year_end_decisions d JOIN users u ON u.id = d.confirmed_by \
         WHERE d.school_year_id = $2 AND d.student_id IN ({CLASS_STUDENTS})"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(class_id).bind(school_year_id).fetch_all(p).await?))
}

/// A student's confirmed year-end outcome and title in a school year, if confirmed.
pub async fn decision_of(
    db: &Db,
    student_id: i64,
    school_year_id: i64,
) -> DbResult<Option<(String, Option<String>)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT outcome, title FROM year_end_decisions \
         WHERE student_id = $1 AND school_year_id = $2")
        .bind(student_id).bind(school_year_id).fetch_optional(p).await?))
}

/// A stored re-assessment result.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ReassessmentRow {
    pub student_id: i64,
    pub subject_id: i64,
    pub score_tenths: Option<i64>,
    pub judgement: Option<String>,
    pub version: i64,
}

pub async fn reassessments(
    db: &Db,
    class_id: i64,
    school_year_id: i64,
) -> DbResult<Vec<ReassessmentRow>> {
    let sql = format!(
        "SELECT student_id, subject_id, CAST(score_tenths AS BIGINT) AS score_tenths, judgement, \
           version FROM reassessment_results \
         WHERE school_year_id = $2 AND student_id IN ({CLASS_STUDENTS})"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(class_id).bind(school_year_id).fetch_all(p).await?))
}

/// What one audit row records besides the writer.
#[derive(Clone, Debug)]
pub struct Audited {
    pub school_id: i64,
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub reason: Option<String>,
    pub student_id: i64,
    pub class_id: i64,
}

impl Audited {
    fn entry<'a>(&'a self, meta: &'a WriteMeta<'a>) -> AuditEntry<'a> {
        AuditEntry {
            school_id: self.school_id,
            actor_user_id: meta.actor_user_id,
            action: self.action,
            entity: self.entity,
            entity_id: self.entity_id.clone(),
            old_value: self.old.clone(),
            new_value: self.new.clone(),
            reason: self.reason.as_deref(),
            source: meta.source,
            ip: meta.ip,
            request_id: meta.request_id,
            student_id: Some(self.student_id),
            class_id: Some(self.class_id),
            subject_id: None,
            semester_id: None,
        }
    }
}

/// A decision to store for a student of the class.
#[derive(Clone, Debug)]
pub struct DecisionWrite {
    pub school_id: i64,
    pub school_year_id: i64,
    pub class_id: i64,
    pub student_id: i64,
    pub proposed: String,
    pub outcome: &'static str,
    pub title: Option<&'static str>,
    pub override_reason: String,
    /// The version the author saw; 0 when there was no decision.
    pub expected_version: i64,
    pub audit: Audited,
}

/// Stores the decisions in one transaction, all or nothing: false (nothing written) when
/// any row changed since its author saw it.
pub async fn save_decisions(
    db: &Db,
    writes: &[DecisionWrite],
    meta: &WriteMeta<'_>,
) -> DbResult<bool> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for w in writes {
            let done = if w.expected_version == 0 {
                sqlx::query(
                    "INSERT INTO year_end_decisions (school_id, school_year_id, class_id, \
                     student_id, proposed, outcome, title, override_reason, confirmed_by, \
                     confirmed_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) \
                     ON CONFLICT (student_id, school_year_id) DO NOTHING")
                    .bind(w.school_id).bind(w.school_year_id).bind(w.class_id)
                    .bind(w.student_id).bind(&w.proposed).bind(w.outcome).bind(w.title)
                    .bind(&w.override_reason).bind(meta.actor_user_id).bind(at)
                    .execute(&mut *tx).await.map_err(DbError::from_write)?.rows_affected()
            } else {
                sqlx::query(
                    "UPDATE year_end_decisions SET class_id = $1, proposed = $2, outcome = $3, \
                     title = $4, override_reason = $5, confirmed_by = $6, confirmed_at = $7, \
                     version = version + 1 \
                     WHERE student_id = $8 AND school_year_id = $9 AND version = $10")
                    .bind(w.class_id).bind(&w.proposed).bind(w.outcome).bind(w.title)
                    .bind(&w.override_reason).bind(meta.actor_user_id).bind(at)
                    .bind(w.student_id).bind(w.school_year_id).bind(w.expected_version)
                    .execute(&mut *tx).await?.rows_affected()
            };
            if done != 1 {
                tx.rollback().await?;
                return Ok(false);
            }
            let a = &w.audit;
            append_audit!(&mut *tx, &a.entry(meta), at)?;
        }
        tx.commit().await?;
        Ok(true)
    })
}

/// A re-assessment result to store (one of `score_tenths` / `judgement`).
#[derive(Clone, Debug)]
pub struct ReassessmentWrite {
    pub school_id: i64,
    pub school_year_id: i64,
    pub class_id: i64,
    pub student_id: i64,
    pub subject_id: i64,
    pub score_tenths: Option<i64>,
    pub judgement: Option<&'static str>,
    pub expected_version: i64,
    pub audit: Audited,
}

/// Stores a re-assessment result; false (nothing written) when the row changed meanwhile.
pub async fn save_reassessment(
    db: &Db,
    w: &ReassessmentWrite,
    meta: &WriteMeta<'_>,
) -> DbResult<bool> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let done = if w.expected_version == 0 {
            sqlx::query(
                "INSERT INTO reassessment_results (school_id, school_year_id, class_id, \
                 student_id, subject_id, score_tenths, judgement, version, recorded_by, \
                 recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9) \
                 ON CONFLICT (student_id, school_year_id, subject_id) DO NOTHING")
                .bind(w.school_id).bind(w.school_year_id).bind(w.class_id).bind(w.student_id)
                .bind(w.subject_id).bind(w.score_tenths).bind(w.judgement)
                .bind(meta.actor_user_id).bind(at)
                .execute(&mut *tx).await.map_err(DbError::from_write)?.rows_affected()
        } else {
            sqlx::query(
                "UPDATE reassessment_results SET score_tenths = $1, judgement = $2, \
                 recorded_by = $3, recorded_at = $4, version = version + 1 \
                 WHERE student_id = $5 AND school_year_id = $6 AND subject_id = $7 \
                 AND version = $8")
                .bind(w.score_tenths).bind(w.judgement).bind(meta.actor_user_id).bind(at)
                .bind(w.student_id).bind(w.school_year_id).bind(w.subject_id)
                .bind(w.expected_version)
                .execute(&mut *tx).await?.rows_affected()
        };
        if done != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let a = &w.audit;
        append_audit!(&mut *tx, &a.entry(meta), at)?;
        tx.commit().await?;
        Ok(true)
    })
}

/// A conduct level to store for one term of a student (version 0: the row must be absent).
#[derive(Clone, Debug)]
pub struct ConductWrite {
    pub school_id: i64,
    pub school_year_id: i64,
    pub class_id: i64,
    pub student_id: i64,
    pub term: &'static str,
    pub level: &'static str,
    pub expected_version: i64,
    /// None: no audit row (demo data).
    pub audit: Option<Audited>,
}

/// Stores conduct levels in one transaction, all or nothing: false when any row changed.
pub async fn save_conduct(
    db: &Db,
    writes: &[ConductWrite],
    meta: &WriteMeta<'_>,
) -> DbResult<bool> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for w in writes {
            let done = if w.expected_version == 0 {
                sqlx::query(
                    "INSERT INTO conduct_assessments (school_id, school_year_id, class_id, \
                     student_id, term, level, version, updated_by, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) \
                     ON CONFLICT (student_id, school_year_id, term) DO NOTHING")
                    .bind(w.school_id).bind(w.school_year_id).bind(w.class_id)
                    .bind(w.student_id).bind(w.term).bind(w.level)
                    .bind(meta.actor_user_id).bind(at)
                    .execute(&mut *tx).await.map_err(DbError::from_write)?.rows_affected()
            } else {
                sqlx::query(
                    "UPDATE conduct_assessments SET level = $1, updated_by = $2, \
                     updated_at = $3, version = version + 1 \
                     WHERE student_id = $4 AND school_year_id = $5 AND term = $6 \
                     AND version = $7")
                    .bind(w.level).bind(meta.actor_user_id).bind(at)
                    .bind(w.student_id).bind(w.school_year_id).bind(w.term)
                    .bind(w.expected_version)
                    .execute(&mut *tx).await?.rows_affected()
            };
            if done != 1 {
                tx.rollback().await?;
                return Ok(false);
            }
            if let Some(a) = &w.audit {
                append_audit!(&mut *tx, &a.entry(meta), at)?;
            }
        }
        tx.commit().await?;
        Ok(true)
    })
}

/// An attendance mark of the roll, for demo data and tests (the attendance page owns the
/// real roll): `status` 'excused', 'unexcused' or 'late'.
#[derive(Clone, Debug)]
pub struct MarkRow {
    pub school_id: i64,
    pub class_id: i64,
    pub semester_id: i64,
    pub student_id: i64,
    pub on_date: chrono::NaiveDate,
    pub session: &'static str,
    pub status: &'static str,
    pub recorded_by: i64,
}

/// Inserts marks that are known to be absent, in one transaction; returns how many.
pub async fn insert_marks(db: &Db, marks: &[MarkRow]) -> DbResult<u64> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let mut n = 0;
        for m in marks {
            n += sqlx::query(
                "INSERT INTO attendance_marks (school_id, class_id, semester_id, student_id, \
                 on_date, session, status, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (student_id, on_date, session) DO NOTHING")
                .bind(m.school_id).bind(m.class_id).bind(m.semester_id).bind(m.student_id)
                .bind(m.on_date).bind(m.session).bind(m.status).bind(m.recorded_by).bind(at)
                .execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok::<_, DbError>(n)
    })
}

/// A demo score cell (`hocba demo-year-end`): written where absent, or over what is there
/// when `overwrite`. Demo data, so no audit rows.
#[derive(Clone, Debug)]
pub struct DemoCell {
    pub school_id: i64,
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    pub student_id: i64,
    pub kind: super::scores::Kind,
    pub slot: i64,
    pub value: super::scores::Value,
    pub overwrite: bool,
}

/// Writes demo cells in one transaction; returns how many rows changed.
pub async fn demo_cells(db: &Db, cells: &[DemoCell], by: i64) -> DbResult<u64> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let mut n = 0;
        for c in cells {
            let (tenths, judgement, mark) = super::scores::Value::columns(Some(c.value));
            let on_conflict = if c.overwrite {
                "DO UPDATE SET score_tenths = excluded.score_tenths, \
                 judgement = excluded.judgement, mark = excluded.mark, mark_reason = NULL, \
                 version = assessment_scores.version + 1, updated_at = excluded.updated_at, \
                 updated_by = excluded.updated_by"
            } else {
                "DO NOTHING"
            };
            let sql = format!(
                "INSERT INTO assessment_scores (school_id, semester_id, class_id, subject_id, \
                 student_id, kind, slot, score_tenths, judgement, mark, version, updated_at, \
                 updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12) \
                 ON CONFLICT (student_id, subject_id, semester_id, kind, slot) {on_conflict}"
            );
            n += sqlx::query(&sql)
                .bind(c.school_id).bind(c.semester_id).bind(c.class_id).bind(c.subject_id)
                .bind(c.student_id).bind(c.kind.code()).bind(c.slot).bind(tenths)
                .bind(judgement).bind(mark).bind(at).bind(by)
                .execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok::<_, DbError>(n)
    })
}

/// A demo conduct level (replaces what is there).
#[derive(Clone, Debug)]
pub struct DemoConduct {
    pub school_id: i64,
    pub school_year_id: i64,
    pub class_id: i64,
    pub student_id: i64,
    pub term: &'static str,
    pub level: &'static str,
}

pub async fn demo_conduct(db: &Db, rows: &[DemoConduct], by: i64) -> DbResult<u64> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let mut n = 0;
        for r in rows {
            n += sqlx::query(
                "INSERT INTO conduct_assessments (school_id, school_year_id, class_id, \
                 student_id, term, level, version, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) \
                 ON CONFLICT (student_id, school_year_id, term) DO UPDATE SET \
                 level = excluded.level, version = conduct_assessments.version + 1, \
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at")
                .bind(r.school_id).bind(r.school_year_id).bind(r.class_id).bind(r.student_id)
                .bind(r.term).bind(r.level).bind(by).bind(at)
                .execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok::<_, DbError>(n)
    })
}
