//! The review of grade sheets (issue 6, part 1): the state of a sheet with its history and the
//! acts the caller may do, the acts themselves (rules in `domain::review`), the list of sheets
//! waiting for a group head or the principal, and [`closure`]: entry is closed for everyone
//! while a sheet is submitted, checked or approved.
use super::context::{origin, Caller};
use super::db::classes::ClassRow;
use super::db::scores::{ClassSubject, SemesterRow};
use super::db::sheet_reviews::{self, ActWrite, ReviewRow};
use super::db::Db;
use super::grade_sheet::{self, GradeSheet};
use crate::api::sheet_review::{
    ClassReviewStates, LastStep, PendingSheet, ReviewStep, SheetReview, SubjectStates,
};
use crate::domain::review::{
    self, Actor, Closure, Column, Current, MissingCell, Refusal, Request, ReviewAct, ReviewState,
};
use crate::domain::role::Role;
use crate::error::AppError;

fn current_of(row: Option<ReviewRow>) -> Result<Current, AppError> {
    let Some(row) = row else {
        return Ok(Current::default());
    };
    Ok(Current {
        state: ReviewState::from_code(&row.state).ok_or(AppError::Internal)?,
        version: row.version,
        submitted_by: row.submitted_by,
        submitted_by_name: row.submitted_by_name,
        submitted_at: row.submitted_at,
    })
}

/// Why entry is closed on this sheet, if it is: submitted, checked or approved.
pub async fn closure(
    db: &Db,
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
) -> Result<Option<Closure>, AppError> {
    let Some(row) = sheet_reviews::find(db, class_id, subject_id, semester_id).await? else {
        return Ok(None);
    };
    let state = ReviewState::from_code(&row.state).ok_or(AppError::Internal)?;
    Ok((!state.entry_open()).then_some(Closure {
        state,
        since: row.updated_at,
        submitted_by: row.submitted_by_name,
    }))
}

/// Refuses a write to a sheet whose entry is closed, saying why and what to do.
pub async fn refuse_if_closed(
    db: &Db,
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
) -> Result<(), AppError> {
    match closure(db, class_id, subject_id, semester_id).await? {
        Some(c) => Err(AppError::SheetClosed(c)),
        None => Ok(()),
    }
}

/// The assessments the subject's rules require that are still empty, in class order.
pub fn missing_cells(sheet: &GradeSheet) -> Vec<MissingCell> {
    let mut out = Vec::new();
    for row in &sheet.rows {
        let empty = |s: Option<&super::db::scores::StoredScore>| s.and_then(|s| s.value).is_none();
        let mut push = |column| {
            out.push(MissingCell {
                student_code: row.student.code.clone(),
                student_name: row.student.full_name.clone(),
                column,
            })
        };
        for slot in 0..sheet.regular_count {
            if empty(row.regular.get(slot).and_then(Option::as_ref)) {
                push(Column::Regular(i64::try_from(slot).unwrap_or(0) + 1));
            }
        }
        if empty(row.midterm.as_ref()) {
            push(Column::Midterm);
        }
        if empty(row.final_.as_ref()) {
            push(Column::Final);
        }
    }
    out
}

fn actor(caller: &Caller, subject: &ClassSubject) -> Actor {
    Actor {
        user_id: caller.user_id,
        is_sheet_teacher: subject.teacher_id == Some(caller.user_id),
        is_admin: caller.has(Role::Admin),
        is_group_head: caller.has(Role::GroupHead) && subject.group_head_id == Some(caller.user_id),
        is_principal: caller.has(Role::Principal),
    }
}

/// The class, subject and semester of a sheet the caller may see.
async fn visible(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    subject_id: i64,
    semester: SemesterPick,
) -> Result<(ClassRow, ClassSubject, SemesterRow), AppError> {
    let class = grade_sheet::class_in_school(db, caller, class_id).await?;
    let semester = super::db::scores::semesters_of_class(db, class.id)
        .await?
        .into_iter()
        .find(|s| match semester {
            SemesterPick::Number(n) => s.number == n,
            SemesterPick::Id(id) => s.id == id,
        })
        .ok_or(AppError::NotFound)?;
    let subject = grade_sheet::class_subject(db, class.id, subject_id).await?;
    if !grade_sheet::may_view_subject(caller, &class, &subject) {
        tracing::warn!(
            user = caller.user_id,
            class_id,
            subject_id,
            "sheet review refused"
        );
        return Err(AppError::Forbidden);
    }
    Ok((class, subject, semester))
}

#[derive(Clone, Copy, Debug)]
enum SemesterPick {
    Number(i64),
    Id(i64),
}

async fn review_of(
    db: &Db,
    caller: &Caller,
    class: &ClassRow,
    subject: &ClassSubject,
    semester: &SemesterRow,
) -> Result<SheetReview, AppError> {
    let current = current_of(sheet_reviews::find(db, class.id, subject.id, semester.id).await?)?;
    let allow_self = sheet_reviews::allow_self_review(db, class.school_id).await?;
    let steps = sheet_reviews::steps(db, class.id, subject.id, semester.id)
        .await?
        .into_iter()
        .map(|s| {
            let missing: Vec<MissingCell> = serde_json::from_str(&s.missing).unwrap_or_default();
            Ok(ReviewStep {
                at: s.at,
                actor: s.actor_name,
                act: ReviewAct::from_code(&s.act).ok_or(AppError::Internal)?,
                from: ReviewState::from_code(&s.from_state).ok_or(AppError::Internal)?,
                to: ReviewState::from_code(&s.to_state).ok_or(AppError::Internal)?,
                comment: s.comment,
                missing_confirmed: missing.len(),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let closure = closure(db, class.id, subject.id, semester.id).await?;
    Ok(SheetReview {
        class_id: class.id,
        subject_id: subject.id,
        semester_id: semester.id,
        semester_number: semester.number,
        state: current.state,
        version: current.version,
        acts: review::available(&actor(caller, subject), &current, allow_self),
        steps,
        closure,
    })
}

/// A sheet's review for a caller allowed to see the sheet (semester by number, 1 or 2).
pub async fn load(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    subject_id: i64,
    semester: i64,
) -> Result<SheetReview, AppError> {
    let (class, subject, semester) = visible(
        db,
        caller,
        class_id,
        subject_id,
        SemesterPick::Number(semester),
    )
    .await?;
    review_of(db, caller, &class, &subject, &semester).await
}

/// What the caller asks to do to a sheet.
#[derive(Clone, Debug)]
pub struct ActRequest {
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    pub act: ReviewAct,
    pub expected_version: i64,
    pub comment: String,
    pub confirm_missing: bool,
}

/// Does the act if the rules allow it: refused with the reason otherwise (missing cells are
/// listed), nothing changed. A confirmed act keeps the list of missing cells in its step.
pub async fn act(db: &Db, caller: &Caller, req: &ActRequest) -> Result<SheetReview, AppError> {
    let (class, subject, semester) = visible(
        db,
        caller,
        req.class_id,
        req.subject_id,
        SemesterPick::Id(req.semester_id),
    )
    .await?;
    let current = current_of(sheet_reviews::find(db, class.id, subject.id, semester.id).await?)?;
    let who = actor(caller, &subject);
    let missing = if req.act.checks_missing() && review::may_ever(&who, req.act) {
        let sheet = grade_sheet::load(db, class.clone(), subject.clone(), semester.clone()).await?;
        missing_cells(&sheet)
    } else {
        Vec::new()
    };
    let comment = req.comment.trim();
    let decided = review::decide(
        &who,
        &current,
        &Request {
            act: req.act,
            expected_version: req.expected_version,
            comment,
            missing: missing.len(),
            confirm_missing: req.confirm_missing,
            allow_self_review: sheet_reviews::allow_self_review(db, class.school_id).await?,
        },
    );
    let to = match decided {
        Ok(to) => to,
        Err(Refusal::MissingScores { .. }) => {
            return Err(AppError::ReviewMissing { cells: missing })
        }
        Err(refusal) => {
            tracing::info!(user = caller.user_id, ?refusal, "review act refused");
            return Err(AppError::Review(refusal));
        }
    };
    let confirmed = if req.confirm_missing {
        &missing[..]
    } else {
        &[]
    };
    let missing_json = serde_json::to_string(confirmed).map_err(|_| AppError::Internal)?;
    let o = origin();
    let applied = sheet_reviews::act(
        db,
        &ActWrite {
            school_id: class.school_id,
            class_id: class.id,
            subject_id: subject.id,
            semester_id: semester.id,
            actor_user_id: caller.user_id,
            act: req.act.code(),
            from_state: current.state.code(),
            to_state: to.code(),
            expected_version: req.expected_version,
            comment,
            missing: &missing_json,
            source: "web",
            ip: &o.ip,
            request_id: &o.request_id,
        },
    )
    .await?;
    if applied.is_none() {
        let now = current_of(sheet_reviews::find(db, class.id, subject.id, semester.id).await?)?;
        return Err(AppError::Review(Refusal::Stale { state: now.state }));
    }
    review_of(db, caller, &class, &subject, &semester).await
}

/// The sheets waiting for the caller's step: submitted sheets of the groups they lead (group
/// heads), checked sheets (the principal).
pub async fn pending(db: &Db, caller: &Caller) -> Result<Vec<PendingSheet>, AppError> {
    let mut rows = Vec::new();
    if caller.has(Role::GroupHead) {
        rows.extend(
            sheet_reviews::in_state(db, caller.school_id, ReviewState::Submitted.code())
                .await?
                .into_iter()
                .filter(|r| r.group_head_id == Some(caller.user_id)),
        );
    }
    if caller.has(Role::Principal) {
        rows.extend(
            sheet_reviews::in_state(db, caller.school_id, ReviewState::Checked.code()).await?,
        );
    }
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let class = grade_sheet::class_in_school(db, caller, r.class_id).await?;
        let subject = grade_sheet::class_subject(db, class.id, r.subject_id).await?;
        let semester = grade_sheet::class_semester(db, class.id, r.semester_number).await?;
        let sheet = grade_sheet::load(db, class, subject, semester).await?;
        out.push(PendingSheet {
            class_id: r.class_id,
            class_name: r.class_name,
            subject_id: r.subject_id,
            subject_name: r.subject_name,
            semester_number: r.semester_number,
            state: ReviewState::from_code(&r.state).ok_or(AppError::Internal)?,
            submitted_by: r.submitted_by_name,
            submitted_at: r.submitted_at,
            missing: missing_cells(&sheet).len(),
        });
    }
    Ok(out)
}

/// The review state of each subject the caller may see in a class, per semester.
pub async fn class_states(
    db: &Db,
    caller: &Caller,
    class_id: i64,
) -> Result<ClassReviewStates, AppError> {
    let class = grade_sheet::class_in_school(db, caller, class_id).await?;
    let stored = sheet_reviews::of_class(db, class.id).await?;
    let state_of = |subject: i64, number: i64| {
        stored
            .iter()
            .find(|(s, n, _)| *s == subject && *n == number)
            .and_then(|(_, _, code)| ReviewState::from_code(code))
            .unwrap_or_default()
    };
    let steps = sheet_reviews::last_steps_of_class(db, class.id).await?;
    let step_of = |subject: i64, number: i64| {
        steps
            .iter()
            .find(|(s, n, _, _)| *s == subject && *n == number)
            .map(|(_, _, by, at)| LastStep {
                by: by.clone(),
                at: *at,
            })
    };
    let subjects = super::db::scores::subjects_of_class(db, class.id)
        .await?
        .into_iter()
        .filter(|s| grade_sheet::may_view_subject(caller, &class, s))
        .map(|s| SubjectStates {
            subject_id: s.id,
            subject_name: s.name.clone(),
            semesters: vec![state_of(s.id, 1), state_of(s.id, 2)],
            last_steps: vec![step_of(s.id, 1), step_of(s.id, 2)],
        })
        .collect();
    Ok(ClassReviewStates {
        class_id: class.id,
        subjects,
    })
}

/// The audit row of a school setting changed from `old` to `new`.
async fn audit_setting(
    caller: &Caller,
    setting: &str,
    old: &str,
    new: &str,
) -> Result<(), AppError> {
    super::context::audit(super::db::audit::AuditEntry {
        school_id: caller.school_id,
        actor_user_id: Some(caller.user_id),
        action: "update",
        entity: "school_setting",
        entity_id: setting.into(),
        old_value: Some(old.into()),
        new_value: Some(new.into()),
        ..Default::default()
    })
    .await
}

/// Sets when the caller's school's families see a sheet's scores, with an audit row (the
/// caller's role is checked by the server function).
pub async fn set_family_visibility(
    db: &Db,
    caller: &Caller,
    visibility: crate::domain::publication::FamilyVisibility,
) -> Result<crate::domain::publication::FamilyVisibility, AppError> {
    let old = sheet_reviews::family_visibility(db, caller.school_id).await?;
    if old != visibility {
        sheet_reviews::set_family_visibility(db, caller.school_id, visibility).await?;
        audit_setting(caller, "family_visibility", old.code(), visibility.code()).await?;
    }
    Ok(visibility)
}

/// Sets whether the caller's school lets one check or approve one's own submission, with an
/// audit row (the caller's role is checked by the server function).
pub async fn set_self_review(db: &Db, caller: &Caller, allow: bool) -> Result<bool, AppError> {
    let old = sheet_reviews::allow_self_review(db, caller.school_id).await?;
    if old != allow {
        sheet_reviews::set_allow_self_review(db, caller.school_id, allow).await?;
        audit_setting(
            caller,
            "allow_self_review",
            &old.to_string(),
            &allow.to_string(),
        )
        .await?;
    }
    Ok(allow)
}
