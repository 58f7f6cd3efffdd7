//! The append-only audit log: this module only ever inserts and reads. Nothing in the
//! application updates or deletes a row, and the database refuses it too (triggers, 0001).
use super::{now, on_db, Db, DbResult};
use crate::domain::audit_kind::AuditKind;

/// One recorded act: who did what to which thing, with the old and new value and why, and the
/// student, class, subject and semester it is about (for the history views), when any.
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
    pub student_id: Option<i64>,
    pub class_id: Option<i64>,
    pub subject_id: Option<i64>,
    pub semester_id: Option<i64>,
}

/// The one statement that appends an audit row (the score grid's batches excepted, which
/// write many rows per statement).
pub(crate) const INSERT: &str =
    "INSERT INTO audit_log (school_id, at, actor_user_id, action, entity, entity_id, \
     old_value, new_value, reason, source, ip, request_id, student_id, class_id, \
     subject_id, semester_id) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";

/// Appends an [`AuditEntry`] at `at` through an executor of either database: inside an
/// `on_db!` branch, with the writer's transaction, so the row commits or rolls back with the
/// change it records. Arguments: `(executor, &AuditEntry, at)`.
macro_rules! append_audit {
    ($ex:expr, $e:expr, $at:expr) => {{
        let e: &$crate::server::db::audit::AuditEntry<'_> = $e;
        sqlx::query($crate::server::db::audit::INSERT)
            .bind(e.school_id)
            .bind($at)
            .bind(e.actor_user_id)
            .bind(e.action)
            .bind(e.entity)
            .bind(&e.entity_id)
            .bind(&e.old_value)
            .bind(&e.new_value)
            .bind(e.reason)
            .bind(e.source)
            .bind(e.ip)
            .bind(e.request_id)
            .bind(e.student_id)
            .bind(e.class_id)
            .bind(e.subject_id)
            .bind(e.semester_id)
            .execute($ex)
            .await
    }};
}
pub(crate) use append_audit;

pub async fn append(db: &Db, e: &AuditEntry<'_>) -> DbResult<()> {
    on_db!(db, p => { append_audit!(p, e, now())?; });
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

/// One entry as the history views show it: with the actor's name and what it is about.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct HistoryRow {
    pub id: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor_name: Option<String>,
    pub actor_username: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
    pub source: String,
    pub ip: String,
    pub request_id: String,
    pub student_id: Option<i64>,
    pub student_name: Option<String>,
    pub class_id: Option<i64>,
    pub class_name: Option<String>,
    pub subject_id: Option<i64>,
    pub subject_name: Option<String>,
    pub semester_id: Option<i64>,
}

const SELECT_HISTORY: &str = "SELECT a.id, a.at, a.actor_user_id, u.full_name AS actor_name, \
    u.username AS actor_username, a.action, a.entity, a.entity_id, a.old_value, a.new_value, \
    a.reason, a.source, a.ip, a.request_id, a.student_id, st.full_name AS student_name, \
    a.class_id, c.name AS class_name, a.subject_id, sj.name AS subject_name, a.semester_id \
    FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id \
    LEFT JOIN students st ON st.id = a.student_id LEFT JOIN classes c ON c.id = a.class_id \
    LEFT JOIN subjects sj ON sj.id = a.subject_id";

/// Which cell: a score slot, or the comment of a student × subject × semester.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellRef {
    Score {
        student_id: i64,
        subject_id: i64,
        semester_id: i64,
        kind: &'static str,
        slot: i64,
    },
    Comment {
        student_id: i64,
        subject_id: i64,
        semester_id: i64,
    },
}

impl CellRef {
    /// The entity and key its audit rows carry (as `db::scores` writes them).
    pub fn entity(&self) -> (&'static str, String) {
        match self {
            CellRef::Score {
                student_id,
                subject_id,
                semester_id,
                kind,
                slot,
            } => (
                "assessment_score",
                format!("{student_id}/{subject_id}/{semester_id}/{kind}/{slot}"),
            ),
            CellRef::Comment {
                student_id,
                subject_id,
                semester_id,
            } => (
                "subject_comment",
                format!("{student_id}/{subject_id}/{semester_id}"),
            ),
        }
    }
}

/// Every change of one cell, newest first.
pub async fn cell_history(db: &Db, school_id: i64, cell: &CellRef) -> DbResult<Vec<HistoryRow>> {
    let (entity, key) = cell.entity();
    let sql = format!(
        "{SELECT_HISTORY} WHERE a.school_id = $1 AND a.entity = $2 AND a.entity_id = $3 \
         ORDER BY a.id DESC LIMIT 500"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_id).bind(entity).bind(key).fetch_all(p).await?))
}

/// Every entry about one student, newest first, from before `before_id` when given. With
/// `subjects`, only the entries about those subjects (a subject teacher's view).
pub async fn student_history(
    db: &Db,
    school_id: i64,
    student_id: i64,
    subjects: Option<&[i64]>,
    before_id: Option<i64>,
    limit: i64,
) -> DbResult<Vec<HistoryRow>> {
    let mut sql =
        format!("{SELECT_HISTORY} WHERE a.school_id = $1 AND a.student_id = $2 AND a.id < $3");
    if let Some(subjects) = subjects {
        if subjects.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = (0..subjects.len()).map(|i| format!("${}", i + 5)).collect();
        sql.push_str(&format!(" AND a.subject_id IN ({})", list.join(", ")));
    }
    sql.push_str(" ORDER BY a.id DESC LIMIT $4");
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(&sql)
            .bind(school_id).bind(student_id).bind(before_id.unwrap_or(i64::MAX)).bind(limit);
        for s in subjects.unwrap_or(&[]) {
            q = q.bind(*s);
        }
        q.fetch_all(p).await?
    }))
}

/// The principal's filters; every one optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub actor_user_id: Option<i64>,
    pub class_id: Option<i64>,
    /// Unix seconds, inclusive.
    pub from_at: Option<i64>,
    /// Unix seconds, exclusive.
    pub to_at: Option<i64>,
    pub kind: Option<AuditKind>,
}

fn quoted(list: &[&str]) -> String {
    list.iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The SQL condition for one kind (constants only: nothing from the caller is spliced in).
fn kind_condition(kind: AuditKind) -> String {
    let logins = quoted(&AuditKind::LOGIN_ACTIONS);
    let students = quoted(&AuditKind::STUDENT_ENTITIES);
    let accounts = quoted(&AuditKind::ACCOUNT_ENTITIES);
    let conduct = quoted(&AuditKind::CONDUCT_ENTITIES);
    let attendance = quoted(&AuditKind::ATTENDANCE_ENTITIES);
    let year_end = quoted(&AuditKind::YEAR_END_ENTITIES);
    let reads = quoted(&AuditKind::READ_ACTIONS);
    let not_login_or_export = format!("a.action NOT IN ({reads}) AND a.action NOT IN ({logins})");
    match kind {
        AuditKind::Exports => format!("a.action IN ({reads})"),
        AuditKind::Logins => format!("a.action IN ({logins})"),
        AuditKind::Scores => format!("a.entity = 'assessment_score' AND {not_login_or_export}"),
        AuditKind::Comments => format!("a.entity = 'subject_comment' AND {not_login_or_export}"),
        AuditKind::Students => format!("a.entity IN ({students}) AND {not_login_or_export}"),
        AuditKind::Accounts => format!("a.entity IN ({accounts}) AND {not_login_or_export}"),
        AuditKind::Conduct => format!("a.entity IN ({conduct}) AND {not_login_or_export}"),
        AuditKind::Attendance => format!("a.entity IN ({attendance}) AND {not_login_or_export}"),
        AuditKind::YearEnd => format!("a.entity IN ({year_end}) AND {not_login_or_export}"),
        AuditKind::Structure => format!(
            "a.entity NOT IN ('assessment_score', 'subject_comment', {students}, {accounts}, \
             {conduct}, {attendance}, {year_end}) AND {not_login_or_export}"
        ),
    }
}

/// One page of the school's log, newest first: the entries matching `filter` with an id below
/// `before_id` (keyset paging: the next page starts below the last id shown).
pub async fn log_page(
    db: &Db,
    school_id: i64,
    filter: &LogFilter,
    before_id: Option<i64>,
    limit: i64,
) -> DbResult<Vec<HistoryRow>> {
    let mut sql = format!("{SELECT_HISTORY} WHERE a.school_id = $1 AND a.id < $2");
    let mut n = 3;
    let mut binds: Vec<i64> = Vec::new();
    let mut add = |sql: &mut String, column: &str, op: &str, value: Option<i64>| {
        if let Some(v) = value {
            sql.push_str(&format!(" AND a.{column} {op} ${n}"));
            n += 1;
            binds.push(v);
        }
    };
    add(&mut sql, "actor_user_id", "=", filter.actor_user_id);
    add(&mut sql, "class_id", "=", filter.class_id);
    add(&mut sql, "at", ">=", filter.from_at);
    add(&mut sql, "at", "<", filter.to_at);
    if let Some(kind) = filter.kind {
        sql.push_str(&format!(" AND {}", kind_condition(kind)));
    }
    sql.push_str(&format!(" ORDER BY a.id DESC LIMIT ${n}"));
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(&sql).bind(school_id).bind(before_id.unwrap_or(i64::MAX));
        for b in &binds {
            q = q.bind(*b);
        }
        q.bind(limit).fetch_all(p).await?
    }))
}

/// The school's people (staff first by name, then families), for the log's person filter.
pub async fn people(db: &Db, school_id: i64) -> DbResult<Vec<(i64, String, String)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT u.id, u.full_name, u.username FROM users u WHERE u.school_id = $1 \
         ORDER BY (SELECT COUNT(*) FROM user_roles r WHERE r.user_id = u.id \
           AND r.role NOT IN ('parent', 'student')) = 0, u.full_name, u.username")
        .bind(school_id).fetch_all(p).await?))
}

/// The school's classes of every year, newest year first, for the log's class filter.
pub async fn classes(db: &Db, school_id: i64) -> DbResult<Vec<(i64, String, String)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT c.id, c.name, y.name FROM classes c JOIN school_years y ON y.id = c.school_year_id \
         WHERE c.school_id = $1 ORDER BY y.name DESC, c.grade, c.name")
        .bind(school_id).fetch_all(p).await?))
}
