//! The audit history's views, server side: who may see which entries, and the rows turned
//! into what the pages and the `.xlsx` download show. Read-only.
use super::context::Caller;
use super::db::audit::{self, CellRef, HistoryRow, LogFilter};
use super::db::{classes, scores, students, Db};
use super::grade_sheet::{class_in_school, class_semester, class_subject, may_view_subject};
use crate::api::audit_history::{
    AuditLine, AuditPage, Choice, HistoryColumn, LogChoices, LogQuery, StudentHistory,
};
use crate::domain::audit_kind::AuditKind;
use crate::domain::role::Role;
use crate::domain::structure::field::date;
use crate::domain::structure::{Field, FieldProblem, Invalid};
use crate::error::AppError;
use chrono::NaiveDate;

/// Entries per page of the log and of a student's history.
pub const PAGE: i64 = 50;
/// Rows in one `.xlsx` download of the log at most.
pub const EXPORT_LIMIT: i64 = 50_000;
const VIETNAM_OFFSET_SECS: i64 = 7 * 3600;

pub fn line(r: HistoryRow) -> AuditLine {
    let actor = match (r.actor_name, r.actor_username) {
        (Some(n), Some(u)) => format!("{n} ({u})"),
        (n, u) => n.or(u).unwrap_or_default(),
    };
    AuditLine {
        id: r.id,
        at: r.at,
        actor,
        kind: AuditKind::of(&r.action, &r.entity),
        action: r.action,
        entity: r.entity,
        entity_id: r.entity_id,
        old_value: r.old_value,
        new_value: r.new_value,
        reason: r.reason,
        source: r.source,
        request_id: r.request_id,
        student: r.student_name,
        class: r.class_name,
        subject: r.subject_name,
    }
}

fn page(rows: Vec<HistoryRow>, limit: i64) -> AuditPage {
    let next = if rows.len() as i64 >= limit {
        rows.last().map(|r| r.id)
    } else {
        None
    };
    AuditPage {
        lines: rows.into_iter().map(line).collect(),
        next,
    }
}

/// The cell the grid asks about.
#[derive(Clone, Copy, Debug)]
pub struct CellAsked {
    pub class_id: i64,
    pub subject_id: i64,
    pub semester: i64,
    pub student_id: i64,
    pub column: HistoryColumn,
}

/// One cell's history, for whoever may see the sheet; the student must be on it.
pub async fn cell(db: &Db, caller: &Caller, asked: CellAsked) -> Result<Vec<AuditLine>, AppError> {
    let class = class_in_school(db, caller, asked.class_id).await?;
    let subject = class_subject(db, class.id, asked.subject_id).await?;
    if !may_view_subject(caller, &class, &subject) {
        tracing::warn!(
            user = caller.user_id,
            class_id = class.id,
            "cell history refused"
        );
        return Err(AppError::Forbidden);
    }
    let semester = class_semester(db, class.id, asked.semester).await?;
    let on_sheet = scores::students_of_class(db, class.id)
        .await?
        .iter()
        .any(|s| s.id == asked.student_id);
    if !on_sheet {
        return Err(AppError::NotFound);
    }
    let (student_id, subject_id, semester_id) = (asked.student_id, subject.id, semester.id);
    let cell = match asked.column {
        HistoryColumn::Regular(slot) if (1..=20).contains(&slot) => CellRef::Score {
            student_id,
            subject_id,
            semester_id,
            kind: scores::Kind::Regular.code(),
            slot,
        },
        HistoryColumn::Regular(_) => return Err(AppError::NotFound),
        HistoryColumn::Midterm | HistoryColumn::Final => CellRef::Score {
            student_id,
            subject_id,
            semester_id,
            kind: if asked.column == HistoryColumn::Midterm {
                scores::Kind::Midterm.code()
            } else {
                scores::Kind::Final.code()
            },
            slot: 1,
        },
        HistoryColumn::Comment => CellRef::Comment {
            student_id,
            subject_id,
            semester_id,
        },
    };
    Ok(audit::cell_history(db, caller.school_id, &cell)
        .await?
        .into_iter()
        .map(line)
        .collect())
}

/// Which of a student's entries the caller may see: all, only some subjects', or none.
enum StudentScope {
    All,
    Subjects(Vec<i64>),
}

async fn student_scope(
    db: &Db,
    caller: &Caller,
    student_id: i64,
) -> Result<StudentScope, AppError> {
    if caller.has(Role::Admin) || caller.has(Role::Principal) {
        return Ok(StudentScope::All);
    }
    if caller.roles.iter().all(|r| r.is_family()) {
        return Err(AppError::Forbidden);
    }
    let mut subjects = Vec::new();
    for e in students::enrolments(db, caller.school_id, student_id).await? {
        let Some(class) = classes::find(db, e.class_id).await? else {
            continue;
        };
        if class.homeroom_teacher_id == Some(caller.user_id) {
            return Ok(StudentScope::All);
        }
        for s in scores::subjects_of_class(db, class.id).await? {
            if s.teacher_id == Some(caller.user_id) && !subjects.contains(&s.id) {
                subjects.push(s.id);
            }
        }
    }
    if subjects.is_empty() {
        tracing::warn!(user = caller.user_id, student_id, "student history refused");
        return Err(AppError::Forbidden);
    }
    Ok(StudentScope::Subjects(subjects))
}

/// One student's record history, a page at a time, newest first.
pub async fn student(
    db: &Db,
    caller: &Caller,
    student_id: i64,
    before: Option<i64>,
) -> Result<StudentHistory, AppError> {
    let s = students::find(db, caller.school_id, student_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = student_scope(db, caller, s.id).await?;
    let subjects = match &scope {
        StudentScope::All => None,
        StudentScope::Subjects(list) => Some(list.as_slice()),
    };
    let rows = audit::student_history(db, caller.school_id, s.id, subjects, before, PAGE).await?;
    Ok(StudentHistory {
        student_id: s.id,
        full_name: s.full_name,
        code: s.code,
        complete: subjects.is_none(),
        page: page(rows, PAGE),
    })
}

/// The log is for the principal and the admin.
pub fn may_read_log(caller: &Caller) -> bool {
    caller.has(Role::Admin) || caller.has(Role::Principal)
}

/// The first second of the day (Vietnam time) of a date typed `yyyy-mm-dd` or `dd/mm/yyyy`.
fn day_start(text: &str) -> Result<i64, AppError> {
    let day: NaiveDate = date(Field::Date, text).map_err(AppError::Invalid)?;
    Ok(day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp() - VIETNAM_OFFSET_SECS)
}

/// The query as the data layer's filter: dates become Vietnam-time day bounds; a range that
/// ends before it starts is the user's mistake, not an empty result.
pub fn filter_of(query: &LogQuery) -> Result<LogFilter, AppError> {
    let given = |s: &Option<String>| {
        s.as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(str::to_string)
    };
    let from_at = given(&query.from).map(|t| day_start(&t)).transpose()?;
    let to_at = given(&query.to)
        .map(|t| day_start(&t).map(|s| s + 86_400))
        .transpose()?;
    if let (Some(f), Some(t)) = (from_at, to_at) {
        if t <= f {
            return Err(AppError::Invalid(Invalid::new(
                Field::Date,
                FieldProblem::OutOfOrder,
            )));
        }
    }
    Ok(LogFilter {
        actor_user_id: query.person,
        class_id: query.class_id,
        from_at,
        to_at,
        kind: query.kind,
    })
}

/// One page of the school's log matching `query`.
pub async fn log(
    db: &Db,
    caller: &Caller,
    query: &LogQuery,
    before: Option<i64>,
) -> Result<AuditPage, AppError> {
    if !may_read_log(caller) {
        tracing::warn!(user = caller.user_id, "audit log refused");
        return Err(AppError::Forbidden);
    }
    let filter = filter_of(query)?;
    let rows = audit::log_page(db, caller.school_id, &filter, before, PAGE).await?;
    Ok(page(rows, PAGE))
}

/// Every entry matching `query` (up to [`EXPORT_LIMIT`]), for the download.
pub async fn log_for_export(
    db: &Db,
    caller: &Caller,
    query: &LogQuery,
) -> Result<Vec<AuditLine>, AppError> {
    if !may_read_log(caller) {
        return Err(AppError::Forbidden);
    }
    let filter = filter_of(query)?;
    let rows = audit::log_page(db, caller.school_id, &filter, None, EXPORT_LIMIT).await?;
    Ok(rows.into_iter().map(line).collect())
}

pub async fn choices(db: &Db, caller: &Caller) -> Result<LogChoices, AppError> {
    if !may_read_log(caller) {
        return Err(AppError::Forbidden);
    }
    let people = audit::people(db, caller.school_id)
        .await?
        .into_iter()
        .map(|(id, name, username)| Choice {
            id,
            label: format!("{name} ({username})"),
        })
        .collect();
    let classes = audit::classes(db, caller.school_id)
        .await?
        .into_iter()
        .map(|(id, name, year)| Choice {
            id,
            label: format!("{name} ({year})"),
        })
        .collect();
    Ok(LogChoices { people, classes })
}
