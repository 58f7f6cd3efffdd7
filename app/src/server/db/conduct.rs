//! Conduct assessments (kết quả rèn luyện) and rewards / discipline (khen thưởng, kỷ luật).
//! A conduct row holds one student's level and comment for one term of a school year, with a
//! version: a write names the version its author saw, so a concurrent change is never
//! overwritten. Every change adds an audit row in the same transaction.
use super::audit::{append_audit, AuditEntry};
use super::BeginWrite;
use super::{now, on_db, Db, DbError, DbResult};
use crate::domain::conduct_entry::{level_from_code, year_level, ConductField};
use crate::domain::grading::level::Level;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One stored conduct row, with who last changed it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ConductRow {
    pub student_id: i64,
    pub class_id: i64,
    pub term: String,
    pub level: Option<String>,
    pub comment: String,
    pub version: i64,
    pub updated_by: i64,
    pub updated_by_name: Option<String>,
    pub updated_at: i64,
}

const SELECT_ROWS: &str = "SELECT a.student_id, a.class_id, a.term, a.level, a.comment, \
     a.version, a.updated_by, u.full_name AS updated_by_name, a.updated_at \
     FROM conduct_assessments a LEFT JOIN users u ON u.id = a.updated_by";

/// Every conduct row of the students of a class in a school year (any term, 'summer' too).
pub async fn rows_of_class(
    db: &Db,
    class_id: i64,
    school_year_id: i64,
) -> DbResult<Vec<ConductRow>> {
    let sql = format!(
        "{SELECT_ROWS} WHERE a.school_year_id = $1 AND a.student_id IN \
         (SELECT e.student_id FROM enrolments e WHERE e.class_id = $2 AND e.status = 'active')"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_year_id).bind(class_id).fetch_all(p).await?))
}

/// One student's conduct rows in a school year (any term).
pub async fn rows_of_student(
    db: &Db,
    student_id: i64,
    school_year_id: i64,
) -> DbResult<Vec<ConductRow>> {
    let sql = format!("{SELECT_ROWS} WHERE a.school_year_id = $1 AND a.student_id = $2");
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_year_id).bind(student_id).fetch_all(p).await?))
}

/// One student's conduct in a school year, per term, as the year end reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StudentConduct {
    pub student_id: i64,
    pub s1: Option<Level>,
    pub s2: Option<Level>,
    /// Computed from `s1` and `s2` (TT22 Điều 8) once both are set.
    pub year: Option<Level>,
    /// After summer conduct training, when re-assessed.
    pub summer: Option<Level>,
    pub year_comment: String,
}

/// The conduct of the students actively enrolled in the class, per term (students with no
/// conduct row at all are left out).
pub async fn class_conduct(
    db: &Db,
    class_id: i64,
    school_year_id: i64,
) -> DbResult<Vec<StudentConduct>> {
    let mut by_student: HashMap<i64, StudentConduct> = HashMap::new();
    for row in rows_of_class(db, class_id, school_year_id).await? {
        let level = match row.level.as_deref() {
            None => None,
            Some(code) => Some(
                level_from_code(code)
                    .ok_or_else(|| DbError::Corrupt(format!("conduct level {code}")))?,
            ),
        };
        let entry = by_student
            .entry(row.student_id)
            .or_insert_with(|| StudentConduct {
                student_id: row.student_id,
                ..StudentConduct::default()
            });
        match row.term.as_str() {
            "s1" => entry.s1 = level,
            "s2" => entry.s2 = level,
            "year" => entry.year_comment = row.comment,
            "summer" => entry.summer = level,
            other => return Err(DbError::Corrupt(format!("conduct term {other}"))),
        }
    }
    let mut out: Vec<StudentConduct> = by_student
        .into_values()
        .map(|mut s| {
            s.year = year_level(s.s1, s.s2);
            s
        })
        .collect();
    out.sort_by_key(|s| s.student_id);
    Ok(out)
}

/// One cell to write: a level (code or `None` to clear) or a comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConductWrite {
    pub student_id: i64,
    pub field: ConductField,
    /// The level code ('good'…) for level fields, the comment text otherwise.
    pub value: Option<String>,
    /// The version of the term's row its author saw; 0 when there was none.
    pub expected_version: i64,
    /// The semester the term belongs to, for the audit row.
    pub semester_id: i64,
}

/// Where the writes go and who makes them.
#[derive(Clone, Debug)]
pub struct ConductBatch<'a> {
    pub school_id: i64,
    pub school_year_id: i64,
    pub class_id: i64,
    pub actor_user_id: i64,
    pub source: &'a str,
    pub ip: &'a str,
    pub request_id: &'a str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConductWriteOutcome {
    Saved {
        version: i64,
    },
    /// The row changed since the version the author saw: as it is now (`None`: deleted/absent).
    Conflict {
        current: Option<ConductRow>,
    },
}

fn field_value(row: Option<&ConductRow>, field: ConductField) -> Option<String> {
    let row = row?;
    if field.is_level() {
        row.level.clone()
    } else if row.comment.is_empty() {
        None
    } else {
        Some(row.comment.clone())
    }
}

/// Writes the cells in one transaction, each on its row's version: a conflicting cell changes
/// nothing and does not stop the others. Two cells of the same row in one batch (a level and
/// its comment) may both name the version seen before the batch.
pub async fn write(
    db: &Db,
    batch: &ConductBatch<'_>,
    writes: &[ConductWrite],
) -> DbResult<Vec<ConductWriteOutcome>> {
    let at = now();
    let select =
        format!("{SELECT_ROWS} WHERE a.student_id = $1 AND a.school_year_id = $2 AND a.term = $3");
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let mut outcomes = Vec::with_capacity(writes.len());
        // Row → the version it had before this batch wrote it.
        let mut before: HashMap<(i64, &'static str), i64> = HashMap::new();
        for w in writes {
            let term = w.field.term().code();
            let current: Option<ConductRow> = sqlx::query_as(&select)
                .bind(w.student_id).bind(batch.school_year_id).bind(term)
                .fetch_optional(&mut *tx).await?;
            let seen_ok = |version: i64| {
                version == w.expected_version
                    || before.get(&(w.student_id, term)) == Some(&w.expected_version)
            };
            let old = field_value(current.as_ref(), w.field);
            let version = match &current {
                None if w.expected_version == 0 => {
                    let (level, comment) = if w.field.is_level() {
                        (w.value.clone(), String::new())
                    } else {
                        (None, w.value.clone().unwrap_or_default())
                    };
                    let done = sqlx::query(
                        "INSERT INTO conduct_assessments (school_id, school_year_id, class_id, \
                         student_id, term, level, comment, version, updated_by, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9) \
                         ON CONFLICT (student_id, school_year_id, term) DO NOTHING")
                        .bind(batch.school_id).bind(batch.school_year_id).bind(batch.class_id)
                        .bind(w.student_id).bind(term).bind(level).bind(comment)
                        .bind(batch.actor_user_id).bind(at)
                        .execute(&mut *tx).await.map_err(DbError::from_write)?;
                    if done.rows_affected() == 1 {
                        before.insert((w.student_id, term), 0);
                        Some(1)
                    } else {
                        None
                    }
                }
                Some(c) if seen_ok(c.version) => {
                    let sql = if w.field.is_level() {
                        "UPDATE conduct_assessments SET level = $1, version = version + 1, \
                         updated_at = $2, updated_by = $3, class_id = $4 \
                         WHERE student_id = $5 AND school_year_id = $6 AND term = $7 \
                         AND version = $8"
                    } else {
                        "UPDATE conduct_assessments SET comment = COALESCE($1, ''), \
                         version = version + 1, updated_at = $2, updated_by = $3, class_id = $4 \
                         WHERE student_id = $5 AND school_year_id = $6 AND term = $7 \
                         AND version = $8"
                    };
                    let done = sqlx::query(sql)
                        .bind(w.value.clone()).bind(at).bind(batch.actor_user_id)
                        .bind(batch.class_id).bind(w.student_id).bind(batch.school_year_id)
                        .bind(term).bind(c.version)
                        .execute(&mut *tx).await?;
                    if done.rows_affected() == 1 {
                        before.entry((w.student_id, term)).or_insert(c.version);
                        Some(c.version + 1)
                    } else {
                        None
                    }
                }
                _ => None,
            };
            let Some(version) = version else {
                outcomes.push(ConductWriteOutcome::Conflict { current });
                continue;
            };
            if old != w.value {
                let field = match w.field {
                    ConductField::S1Level | ConductField::S2Level => "level",
                    _ => "comment",
                };
                let audit = AuditEntry {
                    school_id: batch.school_id,
                    actor_user_id: Some(batch.actor_user_id),
                    action: if old.is_some() { "update" } else { "create" },
                    entity: "conduct_assessment",
                    entity_id: format!("{}/{}/{}/{}", w.student_id, batch.school_year_id, term, field),
                    old_value: old,
                    new_value: w.value.clone(),
                    reason: None,
                    source: batch.source,
                    ip: batch.ip,
                    request_id: batch.request_id,
                    student_id: Some(w.student_id),
                    class_id: Some(batch.class_id),
                    subject_id: None,
                    semester_id: Some(w.semester_id),
                };
                append_audit!(&mut *tx, &audit, at)?;
            }
            outcomes.push(ConductWriteOutcome::Saved { version });
        }
        tx.commit().await?;
        Ok(outcomes)
    })
}

/// A reward or discipline record, with the names of who recorded and withdrew it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DistinctionRow {
    pub id: i64,
    pub school_id: i64,
    pub school_year_id: i64,
    pub class_id: i64,
    pub class_name: String,
    pub student_id: i64,
    pub student_name: String,
    pub kind: String,
    pub on_date: NaiveDate,
    pub level: String,
    pub reason: String,
    pub decision_number: String,
    pub recorded_by: i64,
    pub recorded_by_name: Option<String>,
    pub recorded_at: i64,
    pub withdrawn_by: Option<i64>,
    pub withdrawn_by_name: Option<String>,
    pub withdrawn_at: Option<i64>,
    pub withdrawn_reason: String,
}

const SELECT_DISTINCTIONS: &str = "SELECT d.id, d.school_id, d.school_year_id, d.class_id, \
     c.name AS class_name, d.student_id, s.full_name AS student_name, d.kind, d.on_date, \
     d.level, d.reason, d.decision_number, d.recorded_by, r.full_name AS recorded_by_name, \
     d.recorded_at, d.withdrawn_by, w.full_name AS withdrawn_by_name, d.withdrawn_at, \
     d.withdrawn_reason \
     FROM student_distinctions d JOIN classes c ON c.id = d.class_id \
     JOIN students s ON s.id = d.student_id \
     LEFT JOIN users r ON r.id = d.recorded_by LEFT JOIN users w ON w.id = d.withdrawn_by";

/// A student's records, newest first.
pub async fn distinctions_of_student(
    db: &Db,
    school_id: i64,
    student_id: i64,
) -> DbResult<Vec<DistinctionRow>> {
    let sql = format!(
        "{SELECT_DISTINCTIONS} WHERE d.school_id = $1 AND d.student_id = $2 \
         ORDER BY d.on_date DESC, d.id DESC"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_id).bind(student_id).fetch_all(p).await?))
}

/// A class's records, newest first.
pub async fn distinctions_of_class(db: &Db, class_id: i64) -> DbResult<Vec<DistinctionRow>> {
    let sql =
        format!("{SELECT_DISTINCTIONS} WHERE d.class_id = $1 ORDER BY d.on_date DESC, d.id DESC");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(class_id).fetch_all(p).await?))
}

pub async fn distinction(db: &Db, school_id: i64, id: i64) -> DbResult<Option<DistinctionRow>> {
    let sql = format!("{SELECT_DISTINCTIONS} WHERE d.school_id = $1 AND d.id = $2");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(school_id).bind(id).fetch_optional(p).await?))
}

/// A record to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDistinction<'a> {
    pub school_id: i64,
    pub school_year_id: i64,
    pub class_id: i64,
    pub student_id: i64,
    pub kind: &'a str,
    pub on_date: NaiveDate,
    pub level: &'a str,
    pub reason: &'a str,
    pub decision_number: &'a str,
    pub recorded_by: i64,
}

/// The request an act came from, for the audit row.
#[derive(Clone, Copy, Debug, Default)]
pub struct Via<'a> {
    pub source: &'a str,
    pub ip: &'a str,
    pub request_id: &'a str,
}

fn describe(d: &NewDistinction<'_>) -> String {
    let mut text = format!("{} {} {} {}", d.kind, d.level, d.on_date, d.reason);
    if !d.decision_number.is_empty() {
        text.push_str(&format!(" ({})", d.decision_number));
    }
    text
}

/// Adds a record and its audit row; returns its id.
pub async fn add_distinction(db: &Db, d: &NewDistinction<'_>, via: Via<'_>) -> DbResult<i64> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO student_distinctions (school_id, school_year_id, class_id, student_id, \
             kind, on_date, level, reason, decision_number, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
            .bind(d.school_id).bind(d.school_year_id).bind(d.class_id).bind(d.student_id)
            .bind(d.kind).bind(d.on_date).bind(d.level).bind(d.reason).bind(d.decision_number)
            .bind(d.recorded_by).bind(at)
            .fetch_one(&mut *tx).await.map_err(DbError::from_write)?;
        let audit = AuditEntry {
            school_id: d.school_id,
            actor_user_id: Some(d.recorded_by),
            action: "create",
            entity: "student_distinction",
            entity_id: id.to_string(),
            new_value: Some(describe(d)),
            source: via.source,
            ip: via.ip,
            request_id: via.request_id,
            student_id: Some(d.student_id),
            class_id: Some(d.class_id),
            ..AuditEntry::default()
        };
        append_audit!(&mut *tx, &audit, at)?;
        tx.commit().await?;
        Ok(id)
    })
}

/// Marks a record withdrawn (kept, with who and why). False when it was already withdrawn.
pub async fn withdraw_distinction(
    db: &Db,
    row: &DistinctionRow,
    by: i64,
    reason: &str,
    via: Via<'_>,
) -> DbResult<bool> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let done = sqlx::query(
            "UPDATE student_distinctions SET withdrawn_by = $1, withdrawn_at = $2, \
             withdrawn_reason = $3 WHERE id = $4 AND school_id = $5 AND withdrawn_at IS NULL")
            .bind(by).bind(at).bind(reason).bind(row.id).bind(row.school_id)
            .execute(&mut *tx).await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let audit = AuditEntry {
            school_id: row.school_id,
            actor_user_id: Some(by),
            action: "withdraw",
            entity: "student_distinction",
            entity_id: row.id.to_string(),
            old_value: Some(format!("{} {} {} {}", row.kind, row.level, row.on_date, row.reason)),
            new_value: Some("withdrawn".into()),
            reason: Some(reason),
            source: via.source,
            ip: via.ip,
            request_id: via.request_id,
            student_id: Some(row.student_id),
            class_id: Some(row.class_id),
            ..AuditEntry::default()
        };
        append_audit!(&mut *tx, &audit, at)?;
        tx.commit().await?;
        Ok(true)
    })
}

/// The class a student is actively enrolled in, in a school, if any.
pub async fn active_class_of(db: &Db, school_id: i64, student_id: i64) -> DbResult<Option<i64>> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT e.class_id FROM enrolments e JOIN classes c ON c.id = e.class_id \
         WHERE e.student_id = $1 AND e.status = 'active' AND c.school_id = $2 \
         ORDER BY e.id DESC LIMIT 1")
        .bind(student_id).bind(school_id).fetch_optional(p).await?))
}

/// The school year of a class.
pub async fn school_year_of_class(db: &Db, class_id: i64) -> DbResult<Option<i64>> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT school_year_id FROM classes WHERE id = $1")
        .bind(class_id).fetch_optional(p).await?))
}

/// Demo data: semester-I conduct of one class, by student code, recorded as set by its
/// homeroom teacher. No audit rows: nobody did it.
pub async fn insert_demo_s1(
    db: &Db,
    school_id: i64,
    class_name: &str,
    rows: &[crate::server::demo_conduct::DemoConduct],
) -> DbResult<()> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for r in rows {
            sqlx::query(
                "INSERT INTO conduct_assessments (school_id, school_year_id, class_id, \
                 student_id, term, level, comment, version, updated_by, updated_at) \
                 SELECT c.school_id, c.school_year_id, c.id, s.id, 's1', $4, $5, 1, \
                   COALESCE(c.homeroom_teacher_id, \
                     (SELECT MIN(u.id) FROM users u WHERE u.school_id = $1)), $6 \
                 FROM classes c JOIN enrolments e ON e.class_id = c.id AND e.status = 'active' \
                 JOIN students s ON s.id = e.student_id \
                 WHERE c.school_id = $1 AND c.name = $2 AND s.code = $3")
                .bind(school_id).bind(class_name).bind(&r.student_code).bind(r.level)
                .bind(r.comment).bind(at)
                .execute(&mut *tx).await.map_err(DbError::from_write)?;
        }
        tx.commit().await?;
        Ok(())
    })
}
