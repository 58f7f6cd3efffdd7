//! Rewards and discipline: who may see and record them, checked by `domain::distinction`.
//! The homeroom teacher of the student's class, the principal and the admin record and withdraw;
//! the subject teachers of the class may read. Families not (yet: issue 8).
use super::context::{origin, Caller};
use super::db::classes::{self, ClassRow};
use super::db::conduct::{self, DistinctionRow, NewDistinction, Via};
use super::db::{school_years, students, Db};
use super::grade_sheet::class_in_school;
use super::student_import::today_in_vietnam;
use crate::api::distinctions::{DistinctionItem, DistinctionList};
use crate::domain::distinction::{validate, withdraw_reason, DistinctionDraft, DistinctionProblem};
use crate::domain::role::Role;
use crate::error::AppError;

fn is_board(caller: &Caller) -> bool {
    caller.has(Role::Admin) || caller.has(Role::Principal)
}

/// May the caller record for this class: its homeroom teacher, or the board.
fn may_record(caller: &Caller, class: &ClassRow) -> bool {
    is_board(caller) || class.homeroom_teacher_id == Some(caller.user_id)
}

/// Whether the caller may read the class's records (and write them, second).
async fn access(db: &Db, caller: &Caller, class: &ClassRow) -> Result<bool, AppError> {
    if may_record(caller, class) {
        return Ok(true);
    }
    if classes::teaches_in(db, caller.user_id, class.id).await? {
        return Ok(false);
    }
    Err(AppError::Forbidden)
}

pub fn item(row: DistinctionRow) -> DistinctionItem {
    DistinctionItem {
        id: row.id,
        student_id: row.student_id,
        student_name: row.student_name,
        class_name: row.class_name,
        kind: row.kind,
        level: row.level,
        on_date: row.on_date.format("%Y-%m-%d").to_string(),
        reason: row.reason,
        decision_number: row.decision_number,
        recorded_by: row.recorded_by_name,
        withdrawn: row.withdrawn_at.is_some(),
        withdrawn_by: row.withdrawn_by_name,
        withdrawn_reason: row.withdrawn_reason,
    }
}

/// The class the student is in now, in the caller's school ("not found" otherwise).
async fn current_class(db: &Db, caller: &Caller, student_id: i64) -> Result<ClassRow, AppError> {
    students::find(db, caller.school_id, student_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let class_id = conduct::active_class_of(db, caller.school_id, student_id)
        .await?
        .ok_or(AppError::NotFound)?;
    class_in_school(db, caller, class_id).await
}

pub async fn of_student(
    db: &Db,
    caller: &Caller,
    student_id: i64,
) -> Result<DistinctionList, AppError> {
    students::find(db, caller.school_id, student_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The board sees the records of a student who has left too; others go by the class.
    let can_edit = match conduct::active_class_of(db, caller.school_id, student_id).await? {
        Some(class_id) => access(db, caller, &class_in_school(db, caller, class_id).await?).await?,
        None if is_board(caller) => false,
        None => return Err(AppError::Forbidden),
    };
    let items = conduct::distinctions_of_student(db, caller.school_id, student_id)
        .await?
        .into_iter()
        .map(item)
        .collect();
    Ok(DistinctionList { items, can_edit })
}

pub async fn of_class(
    db: &Db,
    caller: &Caller,
    class_id: i64,
) -> Result<DistinctionList, AppError> {
    let class = class_in_school(db, caller, class_id).await?;
    let can_edit = access(db, caller, &class).await?;
    let items = conduct::distinctions_of_class(db, class.id)
        .await?
        .into_iter()
        .map(item)
        .collect();
    Ok(DistinctionList { items, can_edit })
}

pub async fn add(
    db: &Db,
    caller: &Caller,
    student_id: i64,
    draft: &DistinctionDraft,
) -> Result<i64, AppError> {
    let class = current_class(db, caller, student_id).await?;
    if !may_record(caller, &class) {
        tracing::warn!(
            user = caller.user_id,
            student = student_id,
            "distinction refused"
        );
        return Err(AppError::Forbidden);
    }
    let year_id = conduct::school_year_of_class(db, class.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let year = school_years::find(db, caller.school_id, year_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let valid = validate(draft, year.start_date, year.end_date, today_in_vietnam())
        .map_err(AppError::Distinction)?;
    let o = origin();
    let id = conduct::add_distinction(
        db,
        &NewDistinction {
            school_id: caller.school_id,
            school_year_id: year.id,
            class_id: class.id,
            student_id,
            kind: valid.kind.code(),
            on_date: valid.on_date,
            level: valid.level,
            reason: &valid.reason,
            decision_number: &valid.decision_number,
            recorded_by: caller.user_id,
        },
        Via {
            source: "web",
            ip: &o.ip,
            request_id: &o.request_id,
        },
    )
    .await?;
    Ok(id)
}

pub async fn withdraw(db: &Db, caller: &Caller, id: i64, reason: &str) -> Result<(), AppError> {
    let row = conduct::distinction(db, caller.school_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let class = class_in_school(db, caller, row.class_id).await?;
    if !may_record(caller, &class) {
        return Err(AppError::Forbidden);
    }
    let reason = withdraw_reason(reason).map_err(AppError::Distinction)?;
    let o = origin();
    let via = Via {
        source: "web",
        ip: &o.ip,
        request_id: &o.request_id,
    };
    if conduct::withdraw_distinction(db, &row, caller.user_id, &reason, via).await? {
        Ok(())
    } else {
        Err(AppError::Distinction(DistinctionProblem::AlreadyWithdrawn))
    }
}
