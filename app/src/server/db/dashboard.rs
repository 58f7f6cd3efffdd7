//! What the leaders' dashboards read, as aggregate queries over a whole school and semester:
//! every sheet the semester asks for (class × subject studied by its grade, with its teacher
//! and class size) and the cells entered in each.
use super::audit::{append_audit, AuditEntry};
use super::conduct::Via;
use super::BeginWrite;
use super::{now, on_db, Db, DbResult};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SheetRow {
    pub class_id: i64,
    pub class_name: String,
    pub grade: i64,
    pub subject_id: i64,
    pub subject_name: String,
    pub assessment_kind: String,
    pub periods_per_year: i64,
    pub configured_regular: Option<i64>,
    pub group_head_id: Option<i64>,
    pub teacher_id: Option<i64>,
    pub teacher_name: Option<String>,
    pub students: i64,
}

/// The sheets of a school year's classes, in grade, class and subject order.
pub async fn sheets(db: &Db, school_id: i64, school_year_id: i64) -> DbResult<Vec<SheetRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT c.id AS class_id, c.name AS class_name, CAST(c.grade AS BIGINT) AS grade, \
           s.id AS subject_id, s.name AS subject_name, s.assessment_kind, \
           CAST(sg.periods_per_year AS BIGINT) AS periods_per_year, \
           CAST(sg.regular_assessments AS BIGINT) AS configured_regular, \
           g.head_user_id AS group_head_id, t.teacher_id, u.full_name AS teacher_name, \
           COALESCE(n.students, 0) AS students \
         FROM classes c \
         JOIN subject_grade_levels sg ON sg.grade = c.grade AND sg.school_id = c.school_id \
         JOIN subjects s ON s.id = sg.subject_id \
         LEFT JOIN subject_groups g ON g.id = s.subject_group_id \
         LEFT JOIN teaching_assignments t ON t.class_id = c.id AND t.subject_id = s.id \
         LEFT JOIN users u ON u.id = t.teacher_id \
         LEFT JOIN (SELECT e.class_id, COUNT(*) AS students FROM enrolments e \
           WHERE e.school_id = $1 AND e.school_year_id = $2 AND e.status = 'active' \
           GROUP BY e.class_id) n ON n.class_id = c.id \
         WHERE c.school_id = $1 AND c.school_year_id = $2 \
         ORDER BY c.grade, c.name, s.sort_order, s.id")
        .bind(school_id).bind(school_year_id).fetch_all(p).await?))
}

/// Cells entered per (class, subject) in a semester: a score, a judgement or a mark, of the
/// students enrolled in the class (a student who left takes their cells along).
pub async fn entered(db: &Db, school_id: i64, semester_id: i64) -> DbResult<Vec<(i64, i64, i64)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT a.class_id, a.subject_id, COUNT(*) FROM assessment_scores a \
         JOIN enrolments e ON e.student_id = a.student_id AND e.class_id = a.class_id \
           AND e.status = 'active' \
         WHERE a.school_id = $1 AND a.semester_id = $2 \
           AND a.kind IN ('regular', 'midterm', 'final') \
           AND (a.score_tenths IS NOT NULL OR a.judgement IS NOT NULL OR a.mark IS NOT NULL) \
         GROUP BY a.class_id, a.subject_id")
        .bind(school_id).bind(semester_id).fetch_all(p).await?))
}

/// A reminder to one teacher behind with entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    pub teacher_id: i64,
    /// The notice's parameters, JSON.
    pub params: String,
    pub mail_subject: String,
    pub mail_body: String,
}

/// The notices, the e-mails (to teachers with an address) and one audit row, together.
pub async fn remind(
    db: &Db,
    school_id: i64,
    actor_id: i64,
    semester_id: i64,
    reminders: &[Reminder],
    via: Via<'_>,
) -> DbResult<()> {
    let at = now();
    let names: Vec<String> = reminders.iter().map(|r| r.teacher_id.to_string()).collect();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for r in reminders {
            sqlx::query(
                "INSERT INTO notifications (school_id, user_id, kind, params, link, created_at) \
                 VALUES ($1, $2, 'entry_reminder', $3, '/', $4)")
                .bind(school_id).bind(r.teacher_id).bind(&r.params).bind(at)
                .execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO outbox_messages (school_id, user_id, channel, kind, address, subject, \
                 body, next_attempt_at, created_at) \
                 SELECT $1, u.id, 'email', 'entry_reminder', u.email, $2, $3, $4, $4 \
                 FROM users u WHERE u.id = $5 AND u.school_id = $1 \
                   AND u.email IS NOT NULL AND u.email <> ''")
                .bind(school_id).bind(&r.mail_subject).bind(&r.mail_body).bind(at)
                .bind(r.teacher_id).execute(&mut *tx).await?;
        }
        let audit = AuditEntry {
            school_id,
            actor_user_id: Some(actor_id),
            action: "remind",
            entity: "entry_progress",
            entity_id: semester_id.to_string(),
            new_value: Some(names.join(",")),
            source: via.source,
            ip: via.ip,
            request_id: via.request_id,
            semester_id: Some(semester_id),
            ..AuditEntry::default()
        };
        append_audit!(&mut *tx, &audit, at)?;
        tx.commit().await?;
        Ok(())
    })
}
