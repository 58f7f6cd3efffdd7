//! Setting entry deadlines and locking sheets (the page `/admin/locks`): the principal and the
//! admin only, every act audited with its reason. The rule itself is `domain::entry_window`,
//! applied to writes by `sheet_gate`.
use super::context::{require_role, Caller};
use super::db::audit::AuditEntry;
use super::db::locks::{self, NewLock};
use super::db::{class_admin, now, school_years, Db};
use crate::api::locks::{ClassChoice, DeadlineInfo, LockInfo, LocksPage, SemesterChoice};
use crate::domain::entry_window::LockScope;
use crate::domain::role::Role;
use crate::domain::structure::{Field, FieldProblem, Invalid};
use crate::error::AppError;

/// The longest reason kept for a lock or an unlock.
pub const MAX_REASON_CHARS: usize = 500;

/// The principal or the admin.
pub async fn require_board() -> Result<Caller, AppError> {
    require_role(&[Role::Admin, Role::Principal]).await
}

fn is_board(caller: &Caller) -> bool {
    caller.has(Role::Admin) || caller.has(Role::Principal)
}

/// A required reason, trimmed and not too long.
pub fn reason_of(text: &str) -> Result<String, AppError> {
    let reason = text.trim();
    if reason.is_empty() {
        return Err(AppError::Invalid(Invalid::new(
            Field::Reason,
            FieldProblem::Empty,
        )));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::Invalid(Invalid::new(
            Field::Reason,
            FieldProblem::TooLong {
                max: MAX_REASON_CHARS as u16,
            },
        )));
    }
    Ok(reason.to_string())
}

async fn audit(
    caller: &Caller,
    action: &str,
    entity: &str,
    entity_id: String,
    old_value: Option<String>,
    new_value: Option<String>,
    reason: Option<&str>,
) -> Result<(), AppError> {
    super::context::audit(AuditEntry {
        school_id: caller.school_id,
        actor_user_id: Some(caller.user_id),
        action,
        entity,
        entity_id,
        old_value,
        new_value,
        reason,
        ..Default::default()
    })
    .await
}

pub async fn page(db: &Db, caller: &Caller) -> Result<LocksPage, AppError> {
    let year = school_years::current(db, caller.school_id)
        .await?
        .ok_or(AppError::NoCurrentYear)?;
    let semesters = school_years::semesters(db, caller.school_id)
        .await?
        .into_iter()
        .filter(|s| s.school_year_id == year.id)
        .map(|s| SemesterChoice {
            id: s.id,
            number: s.number,
        })
        .collect();
    let grades = school_years::grade_levels(db, caller.school_id)
        .await?
        .into_iter()
        .filter(|g| g.school_year_id == year.id)
        .map(|g| g.grade)
        .collect();
    let classes = class_admin::list(db, caller.school_id, year.id)
        .await?
        .into_iter()
        .map(|c| ClassChoice {
            id: c.id,
            name: c.name,
            grade: c.grade,
        })
        .collect();
    let deadlines = locks::deadlines(db, caller.school_id, year.id)
        .await?
        .into_iter()
        .map(|d| DeadlineInfo {
            semester_id: d.semester_id,
            semester_number: d.semester_number,
            grade: (d.grade != 0).then_some(d.grade),
            date: d.deadline,
            set_by: d.set_by_name,
            set_at: d.set_at,
        })
        .collect();
    let locks = locks::locks(db, caller.school_id, year.id)
        .await?
        .into_iter()
        .map(|l| {
            let scope = match (l.scope.as_str(), l.grade, l.class_id) {
                ("grade", Some(g), _) => LockScope::Grade(g),
                ("class", _, Some(id)) => LockScope::Class {
                    id,
                    name: l.class_name.clone().unwrap_or_default(),
                },
                _ => LockScope::School,
            };
            LockInfo {
                id: l.id,
                semester_number: l.semester_number,
                scope,
                reason: l.reason,
                locked_by: l.locked_by_name,
                locked_at: l.locked_at,
                unlocked_by: l.unlocked_by_name,
                unlocked_at: l.unlocked_at,
                unlock_reason: l.unlock_reason,
            }
        })
        .collect();
    Ok(LocksPage {
        year_id: year.id,
        year_name: year.name,
        semesters,
        grades,
        classes,
        deadlines,
        locks,
    })
}

/// The school's semester (any year), or not found.
async fn semester_of_school(
    db: &Db,
    caller: &Caller,
    semester_id: i64,
) -> Result<school_years::SemesterRow, AppError> {
    school_years::semesters(db, caller.school_id)
        .await?
        .into_iter()
        .find(|s| s.id == semester_id)
        .ok_or(AppError::NotFound)
}

/// A grade level of the school year, or a form error.
async fn grade_of_year(
    db: &Db,
    caller: &Caller,
    year_id: i64,
    grade: i64,
) -> Result<i64, AppError> {
    let known = school_years::grade_levels(db, caller.school_id)
        .await?
        .iter()
        .any(|g| g.school_year_id == year_id && g.grade == grade);
    if known {
        Ok(grade)
    } else {
        Err(AppError::Invalid(Invalid::new(
            Field::Grade,
            FieldProblem::UnknownChoice,
        )))
    }
}

fn deadline_key(semester_id: i64, grade: Option<i64>) -> String {
    match grade {
        Some(g) => format!("semester {semester_id} / grade {g}"),
        None => format!("semester {semester_id} / school"),
    }
}

pub async fn set_deadline(
    db: &Db,
    caller: &Caller,
    semester_id: i64,
    grade: Option<i64>,
    date: &str,
) -> Result<(), AppError> {
    if !is_board(caller) {
        return Err(AppError::Forbidden);
    }
    let semester = semester_of_school(db, caller, semester_id).await?;
    if let Some(g) = grade {
        grade_of_year(db, caller, semester.school_year_id, g).await?;
    }
    let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::Invalid(Invalid::new(Field::Date, FieldProblem::BadDate)))?;
    let text = date.format("%Y-%m-%d").to_string();
    let old = locks::set_deadline(
        db,
        caller.school_id,
        semester.id,
        grade.unwrap_or(0),
        &text,
        caller.user_id,
        now(),
    )
    .await?;
    audit(
        caller,
        "entry_deadline_set",
        "entry_deadline",
        deadline_key(semester.id, grade),
        old,
        Some(text),
        None,
    )
    .await
}

pub async fn clear_deadline(
    db: &Db,
    caller: &Caller,
    semester_id: i64,
    grade: Option<i64>,
) -> Result<(), AppError> {
    if !is_board(caller) {
        return Err(AppError::Forbidden);
    }
    let semester = semester_of_school(db, caller, semester_id).await?;
    let old = locks::clear_deadline(db, caller.school_id, semester.id, grade.unwrap_or(0)).await?;
    if old.is_none() {
        return Err(AppError::NotFound);
    }
    audit(
        caller,
        "entry_deadline_cleared",
        "entry_deadline",
        deadline_key(semester.id, grade),
        old,
        None,
        None,
    )
    .await
}

/// What a lock covers, as asked.
#[derive(Clone, Debug)]
pub struct LockTarget<'a> {
    pub semester_id: Option<i64>,
    /// "school" | "grade" | "class".
    pub scope: &'a str,
    pub grade: Option<i64>,
    pub class_id: Option<i64>,
}

pub async fn lock(
    db: &Db,
    caller: &Caller,
    target: &LockTarget<'_>,
    reason: &str,
) -> Result<i64, AppError> {
    if !is_board(caller) {
        return Err(AppError::Forbidden);
    }
    let reason = reason_of(reason)?;
    let (year_id, semester_id) = match target.semester_id {
        Some(id) => {
            let s = semester_of_school(db, caller, id).await?;
            (s.school_year_id, Some(s.id))
        }
        None => (
            school_years::current(db, caller.school_id)
                .await?
                .ok_or(AppError::NoCurrentYear)?
                .id,
            None,
        ),
    };
    let (scope, grade, class_id, place) = match (target.scope, target.grade, target.class_id) {
        ("school", _, _) => ("school", None, None, "school".to_string()),
        ("grade", Some(g), _) => {
            let g = grade_of_year(db, caller, year_id, g).await?;
            ("grade", Some(g), None, format!("grade {g}"))
        }
        ("class", _, Some(c)) => {
            let class = super::grade_sheet::class_in_school(db, caller, c).await?;
            if class_admin::year_of(db, caller.school_id, class.id).await? != Some(year_id) {
                return Err(AppError::NotFound);
            }
            (
                "class",
                None,
                Some(class.id),
                format!("class {}", class.name),
            )
        }
        ("grade", None, _) => {
            return Err(AppError::Invalid(Invalid::new(
                Field::Grade,
                FieldProblem::Empty,
            )))
        }
        ("class", _, None) => {
            return Err(AppError::Invalid(Invalid::new(
                Field::Class,
                FieldProblem::Empty,
            )))
        }
        _ => return Err(AppError::BadRequest("unknown lock scope".into())),
    };
    let id = locks::lock(
        db,
        &NewLock {
            school_id: caller.school_id,
            school_year_id: year_id,
            semester_id,
            scope,
            grade,
            class_id,
            reason: &reason,
            by: caller.user_id,
            at: now(),
        },
    )
    .await?;
    let period = match semester_id {
        Some(s) => format!("semester {s}"),
        None => format!("year {year_id}"),
    };
    audit(
        caller,
        "entry_locked",
        "entry_lock",
        id.to_string(),
        None,
        Some(format!("locked: {period}, {place}")),
        Some(&reason),
    )
    .await?;
    Ok(id)
}

pub async fn unlock(db: &Db, caller: &Caller, lock_id: i64, reason: &str) -> Result<(), AppError> {
    if !is_board(caller) {
        return Err(AppError::Forbidden);
    }
    let reason = reason_of(reason)?;
    if !locks::unlock(
        db,
        caller.school_id,
        lock_id,
        caller.user_id,
        now(),
        &reason,
    )
    .await?
    {
        // Another school's lock, no such lock, or already unlocked.
        return Err(AppError::NotFound);
    }
    audit(
        caller,
        "entry_unlocked",
        "entry_lock",
        lock_id.to_string(),
        Some("locked".into()),
        Some("unlocked".into()),
        Some(&reason),
    )
    .await
}
