//! Mistake reports from families and their answers. A report and its audit row are written
//! together; an answer names the version its author saw and is applied only to a report still
//! open at that version, so two teachers answering at once never overwrite each other.
use super::audit::{append_audit, AuditEntry};
use super::conduct::Via;
use super::BeginWrite;
use super::{now, on_db, Db, DbResult};

/// A stored report with the names the pages show.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ReportRow {
    pub id: i64,
    pub school_id: i64,
    pub student_id: i64,
    pub student_code: String,
    pub student_name: String,
    pub class_id: i64,
    pub class_name: String,
    pub homeroom_teacher_id: Option<i64>,
    pub reporter_id: i64,
    pub reporter_name: String,
    pub topic: String,
    pub subject_id: Option<i64>,
    pub subject_name: Option<String>,
    pub semester_id: Option<i64>,
    pub semester_number: Option<i64>,
    pub field: String,
    pub message: String,
    pub status: String,
    pub answer: String,
    pub answered_by_name: Option<String>,
    pub answered_at: Option<i64>,
    pub created_at: i64,
    pub version: i64,
}

const SELECT: &str = "SELECT r.id, r.school_id, r.student_id, st.code AS student_code, \
    st.full_name AS student_name, r.class_id, c.name AS class_name, c.homeroom_teacher_id, \
    r.reporter_id, u.full_name AS reporter_name, r.topic, r.subject_id, s.name AS subject_name, \
    r.semester_id, CAST(m.number AS BIGINT) AS semester_number, r.field, r.message, r.status, \
    r.answer, a.full_name AS answered_by_name, r.answered_at, r.created_at, r.version \
    FROM mistake_reports r JOIN students st ON st.id = r.student_id \
    JOIN classes c ON c.id = r.class_id JOIN users u ON u.id = r.reporter_id \
    LEFT JOIN subjects s ON s.id = r.subject_id LEFT JOIN semesters m ON m.id = r.semester_id \
    LEFT JOIN users a ON a.id = r.answered_by";

/// A report to store, checked by the caller.
#[derive(Clone, Debug)]
pub struct NewReport<'a> {
    pub school_id: i64,
    pub student_id: i64,
    pub class_id: i64,
    pub reporter_id: i64,
    pub topic: &'a str,
    pub subject_id: Option<i64>,
    pub semester_id: Option<i64>,
    pub field: &'a str,
    pub message: &'a str,
}

/// An in-app notice written with the report or the answer, in the same transaction.
#[derive(Clone, Debug)]
pub struct Notice<'a> {
    pub users: &'a [i64],
    pub kind: &'a str,
    /// JSON object of the message's parameters.
    pub params: &'a str,
    pub link: &'a str,
}

const INSERT_NOTICE: &str = "INSERT INTO notifications (school_id, user_id, kind, params, link, \
    created_at) VALUES ($1, $2, $3, $4, $5, $6)";

/// Stores the report, its audit row and the notices to the teachers; returns its id.
pub async fn insert(
    db: &Db,
    r: &NewReport<'_>,
    notice: &Notice<'_>,
    via: Via<'_>,
) -> DbResult<i64> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mistake_reports (school_id, student_id, class_id, reporter_id, topic, \
             subject_id, semester_id, field, message, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
            .bind(r.school_id).bind(r.student_id).bind(r.class_id).bind(r.reporter_id)
            .bind(r.topic).bind(r.subject_id).bind(r.semester_id).bind(r.field).bind(r.message)
            .bind(at)
            .fetch_one(&mut *tx).await?;
        let audit = AuditEntry {
            school_id: r.school_id,
            actor_user_id: Some(r.reporter_id),
            action: "create",
            entity: "mistake_report",
            entity_id: id.to_string(),
            new_value: Some(r.message.to_string()),
            source: via.source,
            ip: via.ip,
            request_id: via.request_id,
            student_id: Some(r.student_id),
            class_id: Some(r.class_id),
            subject_id: r.subject_id,
            semester_id: r.semester_id,
            ..AuditEntry::default()
        };
        append_audit!(&mut *tx, &audit, at)?;
        for user in notice.users {
            sqlx::query(INSERT_NOTICE)
                .bind(r.school_id).bind(*user).bind(notice.kind).bind(notice.params)
                .bind(notice.link).bind(at)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    })
}

/// How many reports the account sent since `since` (unix seconds).
pub async fn sent_since(db: &Db, reporter_id: i64, since: i64) -> DbResult<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM mistake_reports WHERE reporter_id = $1 AND created_at >= $2")
        .bind(reporter_id).bind(since).fetch_one(p).await?))
}

pub async fn find(db: &Db, school_id: i64, id: i64) -> DbResult<Option<ReportRow>> {
    let sql = format!("{SELECT} WHERE r.id = $1 AND r.school_id = $2");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(id).bind(school_id).fetch_optional(p).await?))
}

/// A student's reports, newest first.
pub async fn of_student(db: &Db, school_id: i64, student_id: i64) -> DbResult<Vec<ReportRow>> {
    let sql = format!(
        "{SELECT} WHERE r.school_id = $1 AND r.student_id = $2 ORDER BY r.created_at DESC, r.id DESC"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_id).bind(student_id).fetch_all(p).await?))
}

/// The reports a staff member answers, open ones first, then newest first: every report of the
/// school for the board; otherwise those of classes they are homeroom teacher of, and the
/// score reports of the class × subjects they teach.
pub async fn for_staff(
    db: &Db,
    school_id: i64,
    user_id: i64,
    board: bool,
) -> DbResult<Vec<ReportRow>> {
    let sql = format!(
        "{SELECT} WHERE r.school_id = $1 AND ($3 OR c.homeroom_teacher_id = $2 \
           OR (r.topic = 'score' AND EXISTS (SELECT 1 FROM teaching_assignments t \
             WHERE t.class_id = r.class_id AND t.subject_id = r.subject_id \
             AND t.teacher_id = $2))) \
         ORDER BY CASE WHEN r.status = 'open' THEN 0 ELSE 1 END, r.created_at DESC, r.id DESC"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_id).bind(user_id).bind(board).fetch_all(p).await?))
}

/// An answer to store.
#[derive(Clone, Debug)]
pub struct Answer<'a> {
    pub report: &'a ReportRow,
    pub expected_version: i64,
    pub status: &'a str,
    pub answer: &'a str,
    pub by: i64,
}

/// Answers an open report at the version its author saw, with the notice to the family; false
/// when it changed meanwhile.
pub async fn answer(db: &Db, a: &Answer<'_>, notice: &Notice<'_>, via: Via<'_>) -> DbResult<bool> {
    let at = now();
    let r = a.report;
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let done = sqlx::query(
            "UPDATE mistake_reports SET status = $1, answer = $2, answered_by = $3, \
             answered_at = $4, version = version + 1 \
             WHERE id = $5 AND school_id = $6 AND version = $7 AND status = 'open'")
            .bind(a.status).bind(a.answer).bind(a.by).bind(at).bind(r.id).bind(r.school_id)
            .bind(a.expected_version)
            .execute(&mut *tx).await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let audit = AuditEntry {
            school_id: r.school_id,
            actor_user_id: Some(a.by),
            action: "answer",
            entity: "mistake_report",
            entity_id: r.id.to_string(),
            old_value: Some(r.status.clone()),
            new_value: Some(format!("{}: {}", a.status, a.answer)),
            source: via.source,
            ip: via.ip,
            request_id: via.request_id,
            student_id: Some(r.student_id),
            class_id: Some(r.class_id),
            subject_id: r.subject_id,
            semester_id: r.semester_id,
            ..AuditEntry::default()
        };
        append_audit!(&mut *tx, &audit, at)?;
        for user in notice.users {
            sqlx::query(INSERT_NOTICE)
                .bind(r.school_id).bind(*user).bind(notice.kind).bind(notice.params)
                .bind(notice.link).bind(at)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(true)
    })
}

/// Whether the user teaches `subject_id` in `class_id`.
pub async fn teaches(db: &Db, user_id: i64, class_id: i64, subject_id: i64) -> DbResult<bool> {
    let n: i64 = on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM teaching_assignments \
         WHERE teacher_id = $1 AND class_id = $2 AND subject_id = $3")
        .bind(user_id).bind(class_id).bind(subject_id).fetch_one(p).await?);
    Ok(n > 0)
}
