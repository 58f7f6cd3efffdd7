//! Assessment scores and subject comments: reading a grade sheet (class × subject × semester)
//! and writing scores with optimistic versions. A write names the version its author saw; it is
//! applied only if the stored row still has that version (0: the cell must still be absent),
//! otherwise it returns [`WriteOutcome::Conflict`] with the current value, who and when. Every
//! applied write appends an audit row in the same transaction.
use super::applied_edits::{claim_edit, release_edit, set_edit_version, EditKind};
use super::audit::{append_audit, AuditEntry};
use super::BeginWrite;
use super::{now, on_db, Db, DbError, DbResult};

/// Which assessment of the semester a cell holds (TT22 Điều 7: ĐĐGtx, ĐĐGgk, ĐĐGck).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Regular,
    Midterm,
    Final,
    Reassessment,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Regular,
        Kind::Midterm,
        Kind::Final,
        Kind::Reassessment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Regular => "regular",
            Kind::Midterm => "midterm",
            Kind::Final => "final",
            Kind::Reassessment => "reassessment",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What a stored cell holds: tenths for scored subjects, Đạt / Chưa đạt for comment subjects,
/// or a mark (GRADING.md): absent awaiting a make-up (counts for nothing yet: the average
/// waits), or zero by decision (counts as 0; its reason is kept beside it).
/// A row holding none of these is a score cleared after entry: "not yet", never zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    Tenths(u8),
    Pass,
    Fail,
    /// Vắng, chờ kiểm tra bù.
    Absent,
    /// 0 điểm theo quyết định (scored subjects only).
    ZeroByDecision,
}

/// The stored `mark` codes.
pub const MARK_ABSENT: &str = "absent";
pub const MARK_ZERO_BY_DECISION: &str = "zero_by_decision";

impl Value {
    /// As written in the API: "8.5", "pass", "fail", "absent", "0" (a zero by decision is a
    /// 0 that counts; its mark says why it is there).
    pub fn code(self) -> String {
        match self {
            Value::Tenths(t) => crate::domain::grading::Score::from_tenths(t)
                .map(|s| s.format_en())
                .unwrap_or_else(|_| t.to_string()),
            Value::Pass => "pass".into(),
            Value::Fail => "fail".into(),
            Value::Absent => MARK_ABSENT.into(),
            Value::ZeroByDecision => "0".into(),
        }
    }

    /// As written in the audit log: the API code, with the decision and its reason for a zero
    /// ("0 (decision: refused the make-up)").
    pub fn audit_text(self, reason: Option<&str>) -> String {
        match (self, reason) {
            (Value::ZeroByDecision, Some(r)) => format!("0 (decision: {r})"),
            (Value::ZeroByDecision, None) => "0 (decision)".into(),
            (v, _) => v.code(),
        }
    }

    /// `absent` or `zero_by_decision` for a marked cell.
    pub fn mark(self) -> Option<&'static str> {
        match self {
            Value::Absent => Some(MARK_ABSENT),
            Value::ZeroByDecision => Some(MARK_ZERO_BY_DECISION),
            Value::Tenths(_) | Value::Pass | Value::Fail => None,
        }
    }

    pub fn columns(
        value: Option<Value>,
    ) -> (Option<i64>, Option<&'static str>, Option<&'static str>) {
        match value {
            Some(Value::Tenths(t)) => (Some(i64::from(t)), None, None),
            Some(Value::Pass) => (None, Some("pass"), None),
            Some(Value::Fail) => (None, Some("fail"), None),
            Some(Value::Absent) => (None, None, Some(MARK_ABSENT)),
            Some(Value::ZeroByDecision) => (Some(0), None, Some(MARK_ZERO_BY_DECISION)),
            None => (None, None, None),
        }
    }

    fn from_columns(
        tenths: Option<i64>,
        judgement: Option<&str>,
        mark: Option<&str>,
    ) -> DbResult<Option<Value>> {
        match (tenths, judgement, mark) {
            (Some(t), None, None) => u8::try_from(t)
                .ok()
                .filter(|t| *t <= 100)
                .map(|t| Some(Value::Tenths(t)))
                .ok_or_else(|| DbError::Corrupt(format!("score_tenths {t}"))),
            (None, Some("pass"), None) => Ok(Some(Value::Pass)),
            (None, Some("fail"), None) => Ok(Some(Value::Fail)),
            (None, None, Some(MARK_ABSENT)) => Ok(Some(Value::Absent)),
            (Some(0), None, Some(MARK_ZERO_BY_DECISION)) => Ok(Some(Value::ZeroByDecision)),
            (None, None, None) => Ok(None),
            (t, j, m) => Err(DbError::Corrupt(format!("score {t:?} / {j:?} / {m:?}"))),
        }
    }
}

/// One stored cell with its version and last author.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredScore {
    pub student_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    pub kind: Kind,
    pub slot: i64,
    pub value: Option<Value>,
    /// Why a mark was set (required for a zero by decision).
    pub reason: Option<String>,
    pub version: i64,
    pub updated_at: i64,
    pub updated_by: Option<i64>,
    pub updated_by_name: Option<String>,
}

type ScoreTuple = (
    i64,
    i64,
    i64,
    String,
    i64,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    i64,
    Option<i64>,
    Option<String>,
);

const SELECT_SCORES: &str = "SELECT a.student_id, a.subject_id, a.semester_id, a.kind, \
    CAST(a.slot AS BIGINT), CAST(a.score_tenths AS BIGINT), a.judgement, a.mark, a.mark_reason, a.version, \
    a.updated_at, a.updated_by, u.full_name \
    FROM assessment_scores a LEFT JOIN users u ON u.id = a.updated_by";

fn stored(row: ScoreTuple) -> DbResult<StoredScore> {
    let (
        student_id,
        subject_id,
        semester_id,
        kind,
        slot,
        tenths,
        judgement,
        mark,
        reason,
        version,
        at,
        by,
        name,
    ) = row;
    Ok(StoredScore {
        student_id,
        subject_id,
        semester_id,
        kind: Kind::from_code(&kind).ok_or_else(|| DbError::Corrupt(format!("kind {kind}")))?,
        slot,
        value: Value::from_columns(tenths, judgement.as_deref(), mark.as_deref())?,
        reason,
        version,
        updated_at: at,
        updated_by: by,
        updated_by_name: name,
    })
}

/// A student of a class, with the name parts class order needs.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SheetStudent {
    pub id: i64,
    pub code: String,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub full_name: String,
}

/// The students actively enrolled in the class (unsorted: class order is a Vietnamese rule).
pub async fn students_of_class(db: &Db, class_id: i64) -> DbResult<Vec<SheetStudent>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT s.id, s.code, s.family_name, s.middle_name, s.given_name, s.full_name \
         FROM enrolments e JOIN students s ON s.id = e.student_id \
         WHERE e.class_id = $1 AND e.status = 'active'")
        .bind(class_id).fetch_all(p).await?))
}

/// Every cell of one grade sheet.
pub async fn sheet(
    db: &Db,
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
) -> DbResult<Vec<StoredScore>> {
    let sql = format!(
        "{SELECT_SCORES} WHERE a.class_id = $1 AND a.subject_id = $2 AND a.semester_id = $3 \
         ORDER BY a.student_id, a.kind, a.slot"
    );
    let rows: Vec<ScoreTuple> = on_db!(db, p => sqlx::query_as(&sql)
        .bind(class_id).bind(subject_id).bind(semester_id).fetch_all(p).await?);
    rows.into_iter().map(stored).collect()
}

/// Every cell of a class in the given semesters, all subjects (for the class summary).
pub async fn class_cells(
    db: &Db,
    class_id: i64,
    semester_ids: &[i64],
) -> DbResult<Vec<StoredScore>> {
    let mut out = Vec::new();
    for semester_id in semester_ids {
        let sql = format!(
            "{SELECT_SCORES} WHERE a.class_id = $1 AND a.semester_id = $2 \
             ORDER BY a.student_id, a.subject_id, a.kind, a.slot"
        );
        let rows: Vec<ScoreTuple> = on_db!(db, p => sqlx::query_as(&sql)
            .bind(class_id).bind(*semester_id).fetch_all(p).await?);
        for row in rows {
            out.push(stored(row)?);
        }
    }
    Ok(out)
}

/// Every cell of one student in a class, all subjects and semesters (the family's view).
pub async fn student_cells(db: &Db, class_id: i64, student_id: i64) -> DbResult<Vec<StoredScore>> {
    let sql = format!(
        "{SELECT_SCORES} WHERE a.class_id = $1 AND a.student_id = $2 \
         ORDER BY a.semester_id, a.subject_id, a.kind, a.slot"
    );
    let rows: Vec<ScoreTuple> = on_db!(db, p => sqlx::query_as(&sql)
        .bind(class_id).bind(student_id).fetch_all(p).await?);
    rows.into_iter().map(stored).collect()
}

/// One cell to write. `value: None` clears it (back to "not yet").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreWrite {
    pub school_id: i64,
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    pub student_id: i64,
    pub kind: Kind,
    pub slot: i64,
    pub value: Option<Value>,
    /// Why the mark was set: required with [`Value::ZeroByDecision`], kept with
    /// [`Value::Absent`] when given, ignored otherwise. Also the audit row's reason.
    pub reason: Option<String>,
    /// The version the author saw; 0 when the cell was absent.
    pub expected_version: i64,
    /// The id the browser's outbox gave the edit (valid per
    /// [`super::applied_edits::valid_edit_id`]): applied at most once per author
    /// (`WriteMeta::actor_user_id`); an id already applied answers its version and writes
    /// nothing. `None` (imports, the API) writes as always.
    pub edit_id: Option<String>,
}

/// Who writes, from where: copied into every audit row.
#[derive(Clone, Debug, Default)]
pub struct WriteMeta<'a> {
    pub actor_user_id: Option<i64>,
    /// 'typing' | 'paste' | 'import' | 'api' | 'correction'.
    pub source: &'a str,
    pub request_id: &'a str,
    pub ip: &'a str,
    pub reason: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Applied; the cell's new version.
    Saved { version: i64 },
    /// Someone changed the cell since the author saw it (or created it, or it is gone):
    /// nothing was written. `current` is `None` when the cell does not exist.
    Conflict { current: Option<StoredScore> },
}

/// The audit key of a cell.
pub fn entity_id(w: &ScoreWrite) -> String {
    format!(
        "{}/{}/{}/{}/{}",
        w.student_id,
        w.subject_id,
        w.semester_id,
        w.kind.code(),
        w.slot
    )
}

/// The cells a batch touches, read in one query per subject × semester rather than one per cell.
fn current_select(students: usize) -> String {
    let placeholders: Vec<String> = (0..students).map(|i| format!("${}", i + 3)).collect();
    format!(
        "{SELECT_SCORES} WHERE a.subject_id = $1 AND a.semester_id = $2 AND a.student_id IN ({})",
        placeholders.join(", ")
    )
}

type CellKey = (i64, i64, i64, Kind, i64);

fn key_of(w: &ScoreWrite) -> CellKey {
    (w.student_id, w.subject_id, w.semester_id, w.kind, w.slot)
}

/// One audit row of a score change, written with the others of the batch.
struct ScoreAudit {
    school_id: i64,
    action: &'static str,
    entity_id: String,
    old: Option<String>,
    new: Option<String>,
    reason: Option<String>,
    /// What the row is about, for the history views: student, class, subject, semester.
    about: [i64; 4],
}

/// Audit rows per statement: 10 parameters each, well under every driver's limit.
const AUDIT_ROWS: usize = 32;

fn audit_insert(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO audit_log (school_id, at, actor_user_id, action, entity, entity_id, \
         old_value, new_value, reason, source, ip, request_id, student_id, class_id, \
         subject_id, semester_id) VALUES ",
    );
    for i in 0..rows {
        let b = 6 + i * 10;
        if i > 0 {
            sql.push_str(", ");
        }
        let p: Vec<String> = (b..b + 10).map(|n| format!("${n}")).collect();
        sql.push_str(&format!(
            "({}, $1, $2, {}, 'assessment_score', {}, $3, $4, $5, {})",
            p[0],
            p[1],
            p[2..6].join(", "),
            p[6..10].join(", ")
        ));
    }
    sql
}

/// Applies the writes in one transaction, each on its own version check: a conflicting item
/// changes nothing and does not stop the others. Returns one outcome per item, in order.
pub async fn write(
    db: &Db,
    writes: &[ScoreWrite],
    meta: &WriteMeta<'_>,
) -> DbResult<Vec<WriteOutcome>> {
    let at = now();
    let one = format!(
        "{SELECT_SCORES} WHERE a.student_id = $1 AND a.subject_id = $2 AND a.semester_id = $3 \
         AND a.kind = $4 AND a.slot = $5"
    );
    let mut sheets: std::collections::BTreeMap<(i64, i64), Vec<i64>> = Default::default();
    for w in writes {
        let students = sheets.entry((w.subject_id, w.semester_id)).or_default();
        if !students.contains(&w.student_id) {
            students.push(w.student_id);
        }
    }
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let mut known: std::collections::HashMap<CellKey, StoredScore> = Default::default();
        for ((subject_id, semester_id), students) in &sheets {
            for chunk in students.chunks(200) {
                let sql = current_select(chunk.len());
                let mut q = sqlx::query_as::<_, ScoreTuple>(&sql).bind(*subject_id).bind(*semester_id);
                for s in chunk {
                    q = q.bind(*s);
                }
                for row in q.fetch_all(&mut *tx).await? {
                    let c = stored(row)?;
                    known.insert((c.student_id, c.subject_id, c.semester_id, c.kind, c.slot), c);
                }
            }
        }
        let mut outcomes = Vec::with_capacity(writes.len());
        let mut audits = Vec::new();
        for w in writes {
            let claim = match (meta.actor_user_id, w.edit_id.as_deref()) {
                (Some(user_id), Some(edit_id)) => Some((user_id, edit_id)),
                _ => None,
            };
            if let Some((user_id, edit_id)) = claim {
                let kind = EditKind::Score;
                if let Some(version) =
                    claim_edit!(tx, w.school_id, user_id, edit_id, kind, at)?
                {
                    outcomes.push(WriteOutcome::Saved { version });
                    continue;
                }
            }
            let current = known.get(&key_of(w)).cloned();
            let (tenths, judgement, mark) = Value::columns(w.value);
            let reason = w.value.and_then(Value::mark).and(w.reason.as_deref());
            let old = current
                .as_ref()
                .and_then(|c| c.value.map(|v| v.audit_text(c.reason.as_deref())));
            let version = match &current {
                None if w.expected_version == 0 => {
                    let inserted = sqlx::query(
                        "INSERT INTO assessment_scores (school_id, semester_id, class_id, \
                         subject_id, student_id, kind, slot, score_tenths, judgement, mark, \
                         mark_reason, version, updated_at, updated_by) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13) \
                         ON CONFLICT (student_id, subject_id, semester_id, kind, slot) DO NOTHING")
                        .bind(w.school_id).bind(w.semester_id).bind(w.class_id)
                        .bind(w.subject_id).bind(w.student_id).bind(w.kind.code()).bind(w.slot)
                        .bind(tenths).bind(judgement).bind(mark).bind(reason)
                        .bind(at).bind(meta.actor_user_id)
                        .execute(&mut *tx).await.map_err(DbError::from_write)?;
                    (inserted.rows_affected() == 1).then_some(1)
                }
                Some(c) if c.version == w.expected_version => {
                    let updated = sqlx::query(
                        "UPDATE assessment_scores SET score_tenths = $1, judgement = $2, \
                         mark = $3, mark_reason = $4, version = version + 1, updated_at = $5, \
                         updated_by = $6, class_id = $7 \
                         WHERE student_id = $8 AND subject_id = $9 AND semester_id = $10 \
                         AND kind = $11 AND slot = $12 AND version = $13")
                        .bind(tenths).bind(judgement).bind(mark).bind(reason)
                        .bind(at).bind(meta.actor_user_id)
                        .bind(w.class_id).bind(w.student_id).bind(w.subject_id)
                        .bind(w.semester_id).bind(w.kind.code()).bind(w.slot)
                        .bind(w.expected_version)
                        .execute(&mut *tx).await?;
                    (updated.rows_affected() == 1).then_some(w.expected_version + 1)
                }
                _ => None,
            };
            let Some(version) = version else {
                // What was read first may be older than what another writer just stored.
                let now: Option<ScoreTuple> = sqlx::query_as(&one)
                    .bind(w.student_id).bind(w.subject_id).bind(w.semester_id)
                    .bind(w.kind.code()).bind(w.slot)
                    .fetch_optional(&mut *tx).await?;
                if let Some((user_id, edit_id)) = claim {
                    release_edit!(tx, user_id, edit_id)?;
                }
                outcomes.push(WriteOutcome::Conflict { current: now.map(stored).transpose()? });
                continue;
            };
            if let Some((user_id, edit_id)) = claim {
                set_edit_version!(tx, user_id, edit_id, version)?;
            }
            audits.push(ScoreAudit {
                school_id: w.school_id,
                action: if current.is_some() { "update" } else { "create" },
                entity_id: entity_id(w),
                old,
                new: w.value.map(|v| v.audit_text(reason)),
                reason: reason.or(meta.reason).map(str::to_string),
                about: [w.student_id, w.class_id, w.subject_id, w.semester_id],
            });
            // A later write of the same cell in this batch builds on this one.
            known.insert(key_of(w), StoredScore {
                student_id: w.student_id,
                subject_id: w.subject_id,
                semester_id: w.semester_id,
                kind: w.kind,
                slot: w.slot,
                value: w.value,
                reason: reason.map(str::to_string),
                version,
                updated_at: at,
                updated_by: meta.actor_user_id,
                updated_by_name: None,
            });
            outcomes.push(WriteOutcome::Saved { version });
        }
        for chunk in audits.chunks(AUDIT_ROWS) {
            let sql = audit_insert(chunk.len());
            let mut q = sqlx::query(&sql)
                .bind(at).bind(meta.actor_user_id).bind(meta.source).bind(meta.ip)
                .bind(meta.request_id);
            for a in chunk {
                q = q.bind(a.school_id).bind(a.action).bind(&a.entity_id).bind(&a.old)
                    .bind(&a.new).bind(&a.reason);
                for id in a.about {
                    q = q.bind(id);
                }
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(outcomes)
    })
}

/// Writes many cells that are known to be absent (demo data, a first import), each with its
/// author, without version checks or audit rows, in one transaction of multi-row inserts.
/// Returns how many were inserted.
pub async fn insert_new_batch(db: &Db, writes: &[(ScoreWrite, Option<i64>)]) -> DbResult<u64> {
    // Small statements: sqlx's SQLite driver slows down sharply with thousands of parameters.
    const ROWS: usize = 32;
    let at = now();
    let mut inserted = 0;
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for chunk in writes.chunks(ROWS) {
            let mut sql = String::from(
                "INSERT INTO assessment_scores (school_id, semester_id, class_id, subject_id, \
                 student_id, kind, slot, score_tenths, judgement, mark, mark_reason, \
                 updated_by, version, updated_at) VALUES ");
            for i in 0..chunk.len() {
                let b = i * 12;
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push('(');
                for n in 2..=13 {
                    sql.push_str(&format!("${}, ", b + n));
                }
                sql.push_str("1, $1)");
            }
            let mut q = sqlx::query(&sql).bind(at);
            for (w, by) in chunk {
                let (tenths, judgement, mark) = Value::columns(w.value);
                let reason = w.value.and_then(Value::mark).and(w.reason.as_deref());
                q = q.bind(w.school_id).bind(w.semester_id).bind(w.class_id).bind(w.subject_id)
                    .bind(w.student_id).bind(w.kind.code()).bind(w.slot).bind(tenths)
                    .bind(judgement).bind(mark).bind(reason).bind(*by);
            }
            inserted += q.execute(&mut *tx).await.map_err(DbError::from_write)?.rows_affected();
        }
        tx.commit().await?;
        Ok::<_, DbError>(())
    })?;
    Ok(inserted)
}

/// A semester with its school year, scoped by school.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SemesterRow {
    pub id: i64,
    pub school_id: i64,
    pub school_year_id: i64,
    pub number: i64,
    pub school_year: String,
}

pub async fn semester(db: &Db, semester_id: i64) -> DbResult<Option<SemesterRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT s.id, s.school_id, s.school_year_id, CAST(s.number AS BIGINT) AS number, \
           y.name AS school_year \
         FROM semesters s JOIN school_years y ON y.id = s.school_year_id WHERE s.id = $1")
        .bind(semester_id).fetch_optional(p).await?))
}

/// The two semesters of a class's school year, in order.
pub async fn semesters_of_class(db: &Db, class_id: i64) -> DbResult<Vec<SemesterRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT s.id, s.school_id, s.school_year_id, CAST(s.number AS BIGINT) AS number, \
           y.name AS school_year \
         FROM classes c JOIN semesters s ON s.school_year_id = c.school_year_id \
         JOIN school_years y ON y.id = s.school_year_id \
         WHERE c.id = $1 ORDER BY s.number")
        .bind(class_id).fetch_all(p).await?))
}

/// A subject studied in a class's grade, with the teacher assigned to the class for it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ClassSubject {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub assessment_kind: String,
    pub teacher_id: Option<i64>,
    pub teacher_name: Option<String>,
    pub group_head_id: Option<i64>,
}

/// The subjects the class's grade studies, in the school's order.
pub async fn subjects_of_class(db: &Db, class_id: i64) -> DbResult<Vec<ClassSubject>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT s.id, s.code, s.name, s.assessment_kind, t.teacher_id, u.full_name AS teacher_name, \
           g.head_user_id AS group_head_id \
         FROM classes c \
         JOIN subject_grade_levels sg ON sg.grade = c.grade AND sg.school_id = c.school_id \
         JOIN subjects s ON s.id = sg.subject_id \
         LEFT JOIN teaching_assignments t ON t.class_id = c.id AND t.subject_id = s.id \
         LEFT JOIN users u ON u.id = t.teacher_id \
         LEFT JOIN subject_groups g ON g.id = s.subject_group_id \
         WHERE c.id = $1 ORDER BY s.sort_order, s.id")
        .bind(class_id).fetch_all(p).await?))
}

/// The teacher's comment (nhận xét) on a student in a subject and semester.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredComment {
    pub student_id: i64,
    pub comment: String,
    pub version: i64,
    pub updated_at: i64,
    pub updated_by: Option<i64>,
    pub updated_by_name: Option<String>,
}

type CommentTuple = (i64, String, i64, i64, Option<i64>, Option<String>);

const SELECT_COMMENTS: &str = "SELECT c.student_id, c.comment, c.version, c.updated_at, \
    c.updated_by, u.full_name FROM subject_comments c LEFT JOIN users u ON u.id = c.updated_by";

fn comment_row((student_id, comment, version, at, by, name): CommentTuple) -> StoredComment {
    StoredComment {
        student_id,
        comment,
        version,
        updated_at: at,
        updated_by: by,
        updated_by_name: name,
    }
}

/// Every comment of one grade sheet.
pub async fn sheet_comments(
    db: &Db,
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
) -> DbResult<Vec<StoredComment>> {
    let sql = format!(
        "{SELECT_COMMENTS} WHERE c.class_id = $1 AND c.subject_id = $2 AND c.semester_id = $3"
    );
    let rows: Vec<CommentTuple> = on_db!(db, p => sqlx::query_as(&sql)
        .bind(class_id).bind(subject_id).bind(semester_id).fetch_all(p).await?);
    Ok(rows.into_iter().map(comment_row).collect())
}

/// Every comment on one student in a class: (subject, semester, comment).
pub async fn student_comments(
    db: &Db,
    class_id: i64,
    student_id: i64,
) -> DbResult<Vec<(i64, i64, String)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT subject_id, semester_id, comment FROM subject_comments \
         WHERE class_id = $1 AND student_id = $2")
        .bind(class_id).bind(student_id).fetch_all(p).await?))
}

/// A comment to write, with the version its author saw (0: none yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentWrite {
    pub school_id: i64,
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    pub student_id: i64,
    pub comment: String,
    pub expected_version: i64,
    /// As [`ScoreWrite::edit_id`].
    pub edit_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentOutcome {
    Saved { version: i64 },
    Conflict { current: Option<StoredComment> },
}

/// Writes one comment on the same version rule as scores, with an audit row.
pub async fn write_comment(
    db: &Db,
    w: &CommentWrite,
    meta: &WriteMeta<'_>,
) -> DbResult<CommentOutcome> {
    let at = now();
    let select = format!(
        "{SELECT_COMMENTS} WHERE c.student_id = $1 AND c.subject_id = $2 AND c.semester_id = $3"
    );
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let claim = match (meta.actor_user_id, w.edit_id.as_deref()) {
            (Some(user_id), Some(edit_id)) => Some((user_id, edit_id)),
            _ => None,
        };
        if let Some((user_id, edit_id)) = claim {
            let kind = EditKind::Comment;
            if let Some(version) = claim_edit!(tx, w.school_id, user_id, edit_id, kind, at)? {
                tx.commit().await?;
                return Ok(CommentOutcome::Saved { version });
            }
        }
        let current: Option<CommentTuple> = sqlx::query_as(&select)
            .bind(w.student_id).bind(w.subject_id).bind(w.semester_id)
            .fetch_optional(&mut *tx).await?;
        let current = current.map(comment_row);
        let version = match &current {
            None if w.expected_version == 0 => {
                let done = sqlx::query(
                    "INSERT INTO subject_comments (school_id, semester_id, class_id, subject_id, \
                     student_id, comment, version, updated_at, updated_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) \
                     ON CONFLICT (student_id, subject_id, semester_id) DO NOTHING")
                    .bind(w.school_id).bind(w.semester_id).bind(w.class_id).bind(w.subject_id)
                    .bind(w.student_id).bind(&w.comment).bind(at).bind(meta.actor_user_id)
                    .execute(&mut *tx).await.map_err(DbError::from_write)?;
                (done.rows_affected() == 1).then_some(1)
            }
            Some(c) if c.version == w.expected_version => {
                let done = sqlx::query(
                    "UPDATE subject_comments SET comment = $1, version = version + 1, \
                     updated_at = $2, updated_by = $3, class_id = $4 \
                     WHERE student_id = $5 AND subject_id = $6 AND semester_id = $7 \
                     AND version = $8")
                    .bind(&w.comment).bind(at).bind(meta.actor_user_id).bind(w.class_id)
                    .bind(w.student_id).bind(w.subject_id).bind(w.semester_id)
                    .bind(w.expected_version)
                    .execute(&mut *tx).await?;
                (done.rows_affected() == 1).then_some(w.expected_version + 1)
            }
            _ => None,
        };
        let Some(version) = version else {
            // Nothing written: a claim made above goes with the rolled-back transaction.
            return Ok(CommentOutcome::Conflict { current });
        };
        if let Some((user_id, edit_id)) = claim {
            set_edit_version!(tx, user_id, edit_id, version)?;
        }
        let audit = AuditEntry {
            school_id: w.school_id,
            actor_user_id: meta.actor_user_id,
            action: if current.is_some() { "update" } else { "create" },
            entity: "subject_comment",
            entity_id: format!("{}/{}/{}", w.student_id, w.subject_id, w.semester_id),
            old_value: current.as_ref().map(|c| c.comment.clone()),
            new_value: Some(w.comment.clone()),
            reason: meta.reason,
            source: meta.source,
            ip: meta.ip,
            request_id: meta.request_id,
            student_id: Some(w.student_id),
            class_id: Some(w.class_id),
            subject_id: Some(w.subject_id),
            semester_id: Some(w.semester_id),
        };
        append_audit!(&mut *tx, &audit, at)?;
        tx.commit().await?;
        Ok(CommentOutcome::Saved { version })
    })
}
