//! Whether a grade sheet takes entries now: the one place every score and comment write asks
//! (the grid, imports, the integration API), for everyone, admins included. Closed by a lock or
//! a passed entry deadline (`domain::entry_window`), or while the sheet is under review or
//! approved (`domain::review`); the refusal carries the reason.
use super::db::classes::ClassRow;
use super::db::locks::{self, DeadlineRow, LockRow};
use super::db::scores::SemesterRow;
use super::db::{now, Db, DbError};
use crate::domain::entry_window::{self, Closure, Deadline, Lock, LockScope, SheetPlace, Window};
use crate::domain::review::{Closure as ReviewClosure, ReviewState};
use crate::error::AppError;

fn domain_lock(row: LockRow) -> Result<Lock, DbError> {
    let scope = match (row.scope.as_str(), row.grade, row.class_id) {
        ("school", _, _) => LockScope::School,
        ("grade", Some(g), _) => LockScope::Grade(g),
        ("class", _, Some(id)) => LockScope::Class {
            id,
            name: row.class_name.clone().unwrap_or_default(),
        },
        (s, _, _) => return Err(DbError::Corrupt(format!("lock scope {s}"))),
    };
    Ok(Lock {
        id: row.id,
        school_year_id: row.school_year_id,
        semester_id: row.semester_id,
        semester_number: row.semester_number,
        scope,
        locked_by: row.locked_by_name,
        locked_at: row.locked_at,
        reason: row.reason,
        unlocked_at: row.unlocked_at,
    })
}

pub fn domain_deadline(row: &DeadlineRow) -> Result<Deadline, DbError> {
    Ok(Deadline {
        semester_id: row.semester_id,
        semester_number: row.semester_number,
        grade: (row.grade != 0).then_some(row.grade),
        date: chrono::NaiveDate::parse_from_str(&row.deadline, "%Y-%m-%d")
            .map_err(|_| DbError::Corrupt(format!("deadline {}", row.deadline)))?,
    })
}

/// The school's locks and deadlines of one school year, as the domain rule takes them.
pub async fn rules_of_year(
    db: &Db,
    school_id: i64,
    school_year_id: i64,
) -> Result<(Vec<Lock>, Vec<Deadline>), AppError> {
    let locks = locks::locks(db, school_id, school_year_id)
        .await?
        .into_iter()
        .filter(|l| l.unlocked_at.is_none())
        .map(domain_lock)
        .collect::<Result<Vec<_>, _>>()?;
    let deadlines = locks::deadlines(db, school_id, school_year_id)
        .await?
        .iter()
        .map(domain_deadline)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((locks, deadlines))
}

/// Why the class's sheets of `semester` are closed now, or `None` when they are open.
pub async fn closure(
    db: &Db,
    class: &ClassRow,
    semester: &SemesterRow,
) -> Result<Option<Closure>, AppError> {
    let (locks, deadlines) = rules_of_year(db, class.school_id, semester.school_year_id).await?;
    let place = SheetPlace {
        school_year_id: semester.school_year_id,
        semester_id: semester.id,
        grade: class.grade,
        class_id: class.id,
    };
    Ok(
        match entry_window::window(&place, &locks, &deadlines, now()) {
            Window::Open => None,
            Window::Closed(c) => Some(c),
        },
    )
}

/// Whether a sheet is closed in a way a correction request can open: locked, past its deadline,
/// or approved. (A sheet under review is returned by the reviewer instead.)
pub fn correctable(lock: Option<&Closure>, review: Option<&ReviewClosure>) -> bool {
    lock.is_some() || review.is_some_and(|r| r.state == ReviewState::Approved)
}

/// [`correctable`], read from the database.
pub async fn closed_for_correction(
    db: &Db,
    class: &ClassRow,
    subject_id: i64,
    semester: &SemesterRow,
) -> Result<bool, AppError> {
    let lock = closure(db, class, semester).await?;
    let review = super::sheet_review::closure(db, class.id, subject_id, semester.id).await?;
    Ok(correctable(lock.as_ref(), review.as_ref()))
}

/// The refusal of a write to a closed sheet.
pub fn refused(closure: Closure) -> AppError {
    tracing::info!(?closure, "write to a closed sheet refused");
    AppError::EntryClosed(Box::new(closure))
}

/// How a write to one cell is let through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Admission {
    /// The sheet is open.
    Open,
    /// The sheet is closed, but an approved, unexpired correction request of the caller names
    /// this cell: the write is recorded as a correction with the request.
    Correction { request_id: i64, reason: String },
}

/// Admits or refuses the cells of one batch, reading each sheet's locks and the caller's
/// correction grants once.
pub struct Gate<'a> {
    db: &'a Db,
    caller: &'a super::context::Caller,
    at: i64,
    closures: std::collections::HashMap<(i64, i64), Option<Closure>>,
    grants: std::collections::HashMap<(i64, i64, i64), Vec<super::db::corrections::Grant>>,
    reviews: std::collections::HashMap<(i64, i64, i64), Option<ReviewClosure>>,
}

impl<'a> Gate<'a> {
    pub fn new(db: &'a Db, caller: &'a super::context::Caller) -> Gate<'a> {
        Gate {
            db,
            caller,
            at: now(),
            closures: Default::default(),
            grants: Default::default(),
            reviews: Default::default(),
        }
    }

    /// Why the class's sheets of `semester` are closed (cached for the batch).
    pub async fn closure(
        &mut self,
        class: &ClassRow,
        semester: &SemesterRow,
    ) -> Result<Option<Closure>, AppError> {
        let key = (class.id, semester.id);
        if let Some(c) = self.closures.get(&key) {
            return Ok(c.clone());
        }
        let c = closure(self.db, class, semester).await?;
        self.closures.insert(key, c.clone());
        Ok(c)
    }

    /// Why one sheet is closed by its review state (cached for the batch).
    pub async fn review(
        &mut self,
        class_id: i64,
        subject_id: i64,
        semester_id: i64,
    ) -> Result<Option<ReviewClosure>, AppError> {
        let key = (class_id, subject_id, semester_id);
        if let Some(r) = self.reviews.get(&key) {
            return Ok(r.clone());
        }
        let r = super::sheet_review::closure(self.db, class_id, subject_id, semester_id).await?;
        self.reviews.insert(key, r.clone());
        Ok(r)
    }

    /// The correction grants of the caller on one sheet (cached for the batch).
    pub async fn grants(
        &mut self,
        class_id: i64,
        subject_id: i64,
        semester_id: i64,
    ) -> Result<Vec<super::db::corrections::Grant>, AppError> {
        let key = (class_id, subject_id, semester_id);
        if let Some(g) = self.grants.get(&key) {
            return Ok(g.clone());
        }
        let g = super::db::corrections::grants(
            self.db,
            self.caller.user_id,
            class_id,
            subject_id,
            semester_id,
        )
        .await?;
        self.grants.insert(key, g.clone());
        Ok(g)
    }

    /// Lets a score write through, or refuses it with the closure (or the expired window of
    /// the correction that named the cell).
    pub async fn admit(
        &mut self,
        class: &ClassRow,
        semester: &SemesterRow,
        subject_id: i64,
        cell: (i64, super::db::scores::Kind, i64),
    ) -> Result<Admission, AppError> {
        let refusal = match self.closure(class, semester).await? {
            Some(closure) => refused(closure),
            None => match self.review(class.id, subject_id, semester.id).await? {
                None => return Ok(Admission::Open),
                // Under review the reviewer returns the sheet; corrections are for approved ones.
                Some(r) if r.state != ReviewState::Approved => {
                    return Err(AppError::SheetClosed(r))
                }
                Some(r) => AppError::SheetClosed(r),
            },
        };
        let (student_id, kind, slot) = cell;
        let grants = self.grants(class.id, subject_id, semester.id).await?;
        let named: Vec<_> = grants
            .iter()
            .filter(|g| g.student_id == student_id && g.kind == kind.code() && g.slot == slot)
            .collect();
        if let Some(g) = named.iter().find(|g| g.open_until > self.at) {
            return Ok(Admission::Correction {
                request_id: g.request_id,
                reason: g.reason.clone(),
            });
        }
        match named.iter().map(|g| g.open_until).max() {
            Some(until) => Err(AppError::CorrectionExpired { until }),
            None => Err(refusal),
        }
    }
}

/// The audit reason of a write made through a correction request.
pub fn correction_reason(request_id: i64, reason: &str) -> String {
    format!("Yêu cầu điều chỉnh #{request_id}: {reason}")
}
