//! Daily attendance: who may see and take a class's roll, the checks every write passes
//! (a school day of the class's year, the student in the class that day, a known status,
//! session and period, a short reason, an open semester) and the principal's view.
use super::context::{origin, Caller};
use super::db::attendance::{self as store, MarkChange, SaveOutcome, SavePeriod, SaveRoll};
use super::db::classes::ClassRow;
use super::db::{applied_edits, now, scores, Db};
use super::grade_sheet::{class_in_school, in_class_order};
use super::sheet_gate;
use crate::api::attendance::{
    ClassRolls, HolidayView, LateRoll, PeriodAbsence, PeriodEntry, PeriodSheet, Roll, RollEntry,
    RollState, RollStudent, SchoolAttendance, TaughtSubject,
};
use crate::domain::attendance::{
    self as rules, default_day, parse_date, parse_start, school_day, standing, vietnam_date,
    Holiday, Mark, Problem, SemesterDates, Session, Totals,
};
use crate::domain::role::Role;
use crate::error::AppError;
use chrono::NaiveDate;
use std::collections::HashMap;

fn bad(p: Problem) -> AppError {
    AppError::Attendance(p)
}

fn is_board(caller: &Caller) -> bool {
    caller.has(Role::Admin) || caller.has(Role::Principal)
}

/// The board of the school and the class's homeroom teacher take its roll.
pub fn may_take_roll(caller: &Caller, class: &ClassRow) -> bool {
    is_board(caller) || class.homeroom_teacher_id == Some(caller.user_id)
}

/// The year's calendar of a class: its semesters and holidays.
struct Calendar {
    semesters: Vec<SemesterDates>,
    holidays: Vec<Holiday>,
}

async fn calendar(db: &Db, class: &ClassRow) -> Result<Calendar, AppError> {
    let year = store::class_year(db, class.id)
        .await?
        .ok_or(AppError::NotFound)?;
    calendar_of_year(db, class.school_id, year).await
}

async fn calendar_of_year(db: &Db, school_id: i64, year: i64) -> Result<Calendar, AppError> {
    let semesters = store::semesters_of_year(db, school_id, year)
        .await?
        .into_iter()
        .map(|s| SemesterDates {
            id: s.id,
            number: s.number,
            start: s.start_date,
            end: s.end_date,
        })
        .collect();
    let holidays = store::holidays(db, school_id, year)
        .await?
        .into_iter()
        .map(|h| Holiday {
            from: h.from_date,
            to: h.to_date,
            name: h.name,
        })
        .collect();
    Ok(Calendar {
        semesters,
        holidays,
    })
}

fn today() -> NaiveDate {
    vietnam_date(now())
}

/// The date asked for (or the default day), checked as a school day; with its semester.
fn day_of(cal: &Calendar, date: Option<&str>) -> Result<(NaiveDate, SemesterDates), AppError> {
    let today = today();
    let date = match date.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => parse_date(d).map_err(bad)?,
        None => default_day(today, &cal.semesters, &cal.holidays).ok_or(bad(
            Problem::NotSchoolDay(rules::NotSchoolDay::OutsideSemesters),
        ))?,
    };
    let semester = school_day(date, today, &cal.semesters, &cal.holidays)
        .map_err(|e| bad(Problem::NotSchoolDay(e)))?
        .clone();
    Ok((date, semester))
}

fn session_of(code: &str) -> Result<Session, AppError> {
    Session::from_code(code).ok_or_else(|| bad(Problem::UnknownSession(short(code))))
}

fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

fn roll_state(r: &store::RollRow) -> RollState {
    RollState {
        taken_at: r.taken_at,
        taken_by: r.taken_by_name.clone(),
        updated_at: r.updated_at,
        updated_by: r.updated_by_name.clone(),
        late: r.late,
    }
}

fn totals_of(a: &store::StudentAbsences) -> Totals {
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    Totals {
        excused: n(a.excused),
        unexcused: n(a.unexcused),
        late: n(a.late),
    }
}

/// Per student: (semester totals, year totals).
async fn totals_by_student(
    db: &Db,
    class_id: i64,
    cal: &Calendar,
    semester_id: i64,
) -> Result<HashMap<i64, (Totals, Totals)>, AppError> {
    let mut out: HashMap<i64, (Totals, Totals)> = HashMap::new();
    for s in &cal.semesters {
        for a in store::absence_totals(db, class_id, &[s.id]).await? {
            let e = out.entry(a.student_id).or_default();
            let t = totals_of(&a);
            if s.id == semester_id {
                e.0 = t;
            }
            e.1 = e.1 + t;
        }
    }
    Ok(out)
}

fn period_view(a: store::PeriodAbsenceRow) -> PeriodAbsence {
    PeriodAbsence {
        student_id: a.student_id,
        subject_id: a.subject_id,
        subject: a.subject_name,
        period: a.period,
        excused: a.excused,
        reason: a.reason,
        by: a.recorded_by_name,
    }
}

async fn load(
    db: &Db,
    class: &ClassRow,
    cal: &Calendar,
    date: NaiveDate,
    semester: &SemesterDates,
    session: Session,
) -> Result<Roll, AppError> {
    let students = in_class_order(store::students_on(db, class.id, date).await?);
    let marks: HashMap<i64, store::MarkRow> = store::marks(db, class.id, date, session.code())
        .await?
        .into_iter()
        .map(|m| (m.student_id, m))
        .collect();
    let totals = totals_by_student(db, class.id, cal, semester.id).await?;
    let mut periods: HashMap<i64, Vec<PeriodAbsence>> = HashMap::new();
    for a in store::period_absences(db, class.id, date).await? {
        periods
            .entry(a.student_id)
            .or_default()
            .push(period_view(a));
    }
    let roll = store::roll(db, class.id, date, session.code()).await?;
    let semester_row = scores::semester(db, semester.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let closed = sheet_gate::closure(db, class, &semester_row)
        .await?
        .map(sheet_gate::refused);
    Ok(Roll {
        class_id: class.id,
        class_name: class.name.clone(),
        date: date.to_string(),
        session,
        semester_number: semester.number,
        version: roll.as_ref().map(|r| r.version).unwrap_or(0),
        state: roll.as_ref().map(roll_state),
        students: students
            .into_iter()
            .map(|s| {
                let m = marks.get(&s.id);
                let (sem, year) = totals.get(&s.id).copied().unwrap_or_default();
                RollStudent {
                    id: s.id,
                    code: s.code,
                    full_name: s.full_name,
                    mark: m
                        .and_then(|m| Mark::from_code(&m.status))
                        .unwrap_or(Mark::Present),
                    reason: m.map(|m| m.reason.clone()).unwrap_or_default(),
                    semester: sem,
                    year,
                    standing: standing(year.absent()),
                    period_absences: periods.remove(&s.id).unwrap_or_default(),
                }
            })
            .collect(),
        closed,
    })
}

/// The roll of a class for a date and session.
pub async fn roll(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    date: Option<&str>,
    session: &str,
) -> Result<Roll, AppError> {
    let class = class_in_school(db, caller, class_id).await?;
    if !may_take_roll(caller, &class) {
        return Err(AppError::Forbidden);
    }
    let session = session_of(session)?;
    let cal = calendar(db, &class).await?;
    let (date, semester) = day_of(&cal, date)?;
    load(db, &class, &cal, date, &semester, session).await
}

/// A roll save as sent: the roll, the version its author loaded, and its outbox edit id.
#[derive(Clone, Copy, Debug)]
pub struct RollSave<'a> {
    pub class_id: i64,
    pub date: &'a str,
    pub session: &'a str,
    pub version: i64,
    pub edit_id: Option<&'a str>,
}

/// The version (roll) or count (period) an outbox edit the caller already applied produced.
async fn replayed(
    db: &Db,
    caller: &Caller,
    edit_id: Option<&str>,
) -> Result<Option<i64>, AppError> {
    match edit_id {
        Some(id) if applied_edits::valid_edit_id(id) => {
            Ok(applied_edits::applied_one(db, caller.school_id, caller.user_id, id).await?)
        }
        _ => Ok(None),
    }
}

fn check_edit_id(edit_id: Option<&str>) -> Result<(), AppError> {
    match edit_id {
        Some(id) if !applied_edits::valid_edit_id(id) => Err(bad(Problem::BadEditId)),
        _ => Ok(()),
    }
}

/// Saves a roll: every check first, then one transaction. A save whose edit id the caller has
/// already applied writes nothing and answers the roll as it stands, with the roll's read
/// access (not the lock: the save was made before it).
pub async fn save(
    db: &Db,
    caller: &Caller,
    save: &RollSave<'_>,
    entries: &[RollEntry],
) -> Result<Roll, AppError> {
    let RollSave {
        class_id,
        date,
        session,
        version,
        edit_id,
    } = *save;
    if replayed(db, caller, edit_id).await?.is_some() {
        return roll(db, caller, class_id, Some(date), session).await;
    }
    let class = class_in_school(db, caller, class_id).await?;
    if !may_take_roll(caller, &class) {
        return Err(AppError::Forbidden);
    }
    let session = session_of(session)?;
    let cal = calendar(db, &class).await?;
    let (date, semester) = day_of(&cal, Some(date))?;
    let semester_row = scores::semester(db, semester.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(c) = sheet_gate::closure(db, &class, &semester_row).await? {
        return Err(sheet_gate::refused(c));
    }
    check_edit_id(edit_id)?;
    let on_roll: std::collections::HashSet<i64> = store::students_on(db, class.id, date)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let mut changes = Vec::with_capacity(entries.len());
    let mut seen = std::collections::HashSet::new();
    for e in entries {
        let mark = Mark::from_code(e.status.trim())
            .ok_or_else(|| bad(Problem::UnknownStatus(short(&e.status))))?;
        let reason = rules::reason(&e.reason).map_err(bad)?;
        if !on_roll.contains(&e.student_id) {
            let ever = store::students_ever(db, class.id).await?;
            return Err(match ever.into_iter().find(|(id, _)| *id == e.student_id) {
                Some((_, name)) => bad(Problem::NotInClass {
                    student: name,
                    moved: true,
                }),
                None => bad(Problem::NotInClass {
                    student: String::new(),
                    moved: false,
                }),
            });
        }
        if !seen.insert(e.student_id) {
            continue;
        }
        changes.push(MarkChange {
            student_id: e.student_id,
            status: mark.is_stored().then(|| mark.code().to_string()),
            reason: if mark.is_stored() {
                reason
            } else {
                String::new()
            },
        });
    }
    let times = store::school_times(db, class.school_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let start = match session {
        Session::Morning => &times.morning_start,
        Session::Afternoon => &times.afternoon_start,
    };
    let at = now();
    let late = parse_start(start)
        .map(|s| rules::roll_is_late(date, s, times.roll_grace_minutes, at))
        .unwrap_or(false);
    let o = origin();
    let outcome = store::save_roll(
        db,
        &SaveRoll {
            school_id: class.school_id,
            class_id: class.id,
            semester_id: semester.id,
            date,
            session: session.code(),
            expected_version: version,
            marks: &changes,
            by: caller.user_id,
            at,
            late_if_new: late,
            ip: &o.ip,
            request_id: &o.request_id,
            edit_id,
        },
    )
    .await?;
    match outcome {
        SaveOutcome::Saved { changed, .. } => {
            tracing::info!(class = class.id, %date, changed, "roll saved");
        }
        SaveOutcome::Stale { by, at } => return Err(bad(Problem::Stale { by, at })),
    }
    load(db, &class, &cal, date, &semester, session).await
}

/// The subjects the caller is assigned to teach in the class.
async fn taught(db: &Db, caller: &Caller, class_id: i64) -> Result<Vec<TaughtSubject>, AppError> {
    Ok(scores::subjects_of_class(db, class_id)
        .await?
        .into_iter()
        .filter(|s| s.teacher_id == Some(caller.user_id))
        .map(|s| TaughtSubject {
            id: s.id,
            name: s.name,
        })
        .collect())
}

pub async fn period_sheet(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    date: Option<&str>,
) -> Result<PeriodSheet, AppError> {
    let class = class_in_school(db, caller, class_id).await?;
    let subjects = taught(db, caller, class.id).await?;
    if subjects.is_empty() {
        return Err(AppError::Forbidden);
    }
    let cal = calendar(db, &class).await?;
    let (date, _) = day_of(&cal, date)?;
    let students = in_class_order(store::students_on(db, class.id, date).await?)
        .into_iter()
        .map(|s| (s.id, s.full_name))
        .collect();
    let absences = store::period_absences(db, class.id, date)
        .await?
        .into_iter()
        .filter(|a| subjects.iter().any(|s| s.id == a.subject_id))
        .map(period_view)
        .collect();
    Ok(PeriodSheet {
        class_id: class.id,
        class_name: class.name,
        date: date.to_string(),
        subjects,
        students,
        absences,
    })
}

/// A period's absences as sent, with its outbox edit id.
#[derive(Clone, Copy, Debug)]
pub struct PeriodSave<'a> {
    pub class_id: i64,
    pub subject_id: i64,
    pub date: &'a str,
    pub period: i64,
    pub edit_id: Option<&'a str>,
}

/// Replaces a period's absences. A save whose edit id the caller has already applied answers
/// the count it changed then, before any check, and writes nothing (the answer holds no
/// school data).
pub async fn save_period(
    db: &Db,
    caller: &Caller,
    save: &PeriodSave<'_>,
    absent: &[PeriodEntry],
) -> Result<usize, AppError> {
    let PeriodSave {
        class_id,
        subject_id,
        date,
        period,
        edit_id,
    } = *save;
    if let Some(changed) = replayed(db, caller, edit_id).await? {
        return Ok(usize::try_from(changed).unwrap_or(0));
    }
    let class = class_in_school(db, caller, class_id).await?;
    let subjects = taught(db, caller, class.id).await?;
    if !subjects.iter().any(|s| s.id == subject_id) {
        return Err(AppError::Forbidden);
    }
    if !rules::PERIODS.contains(&period) {
        return Err(bad(Problem::UnknownPeriod(period)));
    }
    let cal = calendar(db, &class).await?;
    let (date, semester) = day_of(&cal, Some(date))?;
    let semester_row = scores::semester(db, semester.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(c) = sheet_gate::closure(db, &class, &semester_row).await? {
        return Err(sheet_gate::refused(c));
    }
    check_edit_id(edit_id)?;
    let on_roll: std::collections::HashSet<i64> = store::students_on(db, class.id, date)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let mut rows = Vec::with_capacity(absent.len());
    for a in absent {
        let reason = rules::reason(&a.reason).map_err(bad)?;
        if !on_roll.contains(&a.student_id) {
            let ever = store::students_ever(db, class.id).await?;
            let name = ever.into_iter().find(|(id, _)| *id == a.student_id);
            return Err(bad(Problem::NotInClass {
                moved: name.is_some(),
                student: name.map(|n| n.1).unwrap_or_default(),
            }));
        }
        rows.push((a.student_id, a.excused, reason));
    }
    let o = origin();
    store::save_period(
        db,
        &SavePeriod {
            school_id: class.school_id,
            class_id: class.id,
            semester_id: semester.id,
            subject_id,
            date,
            period,
            absent: &rows,
            by: caller.user_id,
            at: now(),
            ip: &o.ip,
            request_id: &o.request_id,
            edit_id,
        },
    )
    .await
    .map_err(|e| match e {
        super::db::DbError::Conflict => AppError::EditConflict,
        other => other.into(),
    })
}

fn require_board(caller: &Caller) -> Result<(), AppError> {
    if is_board(caller) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Every class's rolls of a date, the late rolls of the last 30 days and the holidays.
pub async fn school_view(
    db: &Db,
    caller: &Caller,
    date: Option<&str>,
) -> Result<SchoolAttendance, AppError> {
    require_board(caller)?;
    let year = store::current_year(db, caller.school_id)
        .await?
        .ok_or(AppError::NoCurrentYear)?;
    let cal = calendar_of_year(db, caller.school_id, year).await?;
    let today = today();
    let date = match date.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => parse_date(d).map_err(bad)?,
        None => default_day(today, &cal.semesters, &cal.holidays).unwrap_or(today),
    };
    let not_school_day = school_day(date, today, &cal.semesters, &cal.holidays)
        .err()
        .map(|e| bad(Problem::NotSchoolDay(e)));
    let rolls = store::rolls_on(db, caller.school_id, date).await?;
    let classes = store::current_classes(db, caller.school_id)
        .await?
        .into_iter()
        .map(|(id, name, _)| {
            let of = |s: Session| {
                rolls
                    .iter()
                    .find(|r| r.class_id == id && r.session == s.code())
                    .map(roll_state)
            };
            ClassRolls {
                class_id: id,
                class_name: name,
                morning: of(Session::Morning),
                afternoon: of(Session::Afternoon),
            }
        })
        .collect::<Vec<_>>();
    let names: HashMap<i64, String> = classes
        .iter()
        .map(|c| (c.class_id, c.class_name.clone()))
        .collect();
    let since = today - chrono::Days::new(30);
    let late = store::late_rolls(db, caller.school_id, since)
        .await?
        .into_iter()
        .map(|r| LateRoll {
            class_name: names.get(&r.class_id).cloned().unwrap_or_default(),
            date: r.on_date.to_string(),
            session: Session::from_code(&r.session).unwrap_or(Session::Morning),
            state: roll_state(&r),
        })
        .collect();
    let holidays = store::holidays(db, caller.school_id, year)
        .await?
        .into_iter()
        .map(|h| HolidayView {
            id: h.id,
            from: h.from_date.to_string(),
            to: h.to_date.to_string(),
            name: h.name,
        })
        .collect();
    Ok(SchoolAttendance {
        date: date.to_string(),
        not_school_day,
        classes,
        late,
        holidays,
    })
}

pub async fn add_holiday(
    db: &Db,
    caller: &Caller,
    from: &str,
    to: &str,
    name: &str,
) -> Result<(), AppError> {
    require_board(caller)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(bad(Problem::HolidayNameMissing));
    }
    if name.chars().count() > rules::MAX_REASON_CHARS {
        return Err(bad(Problem::ReasonTooLong {
            max: rules::MAX_REASON_CHARS,
        }));
    }
    let (from, to) = (parse_date(from).map_err(bad)?, parse_date(to).map_err(bad)?);
    let year = store::current_year(db, caller.school_id)
        .await?
        .ok_or(AppError::NoCurrentYear)?;
    let cal = calendar_of_year(db, caller.school_id, year).await?;
    let first = cal.semesters.iter().map(|s| s.start).min();
    let last = cal.semesters.iter().map(|s| s.end).max();
    if from > to || first.is_none_or(|f| from < f) || last.is_none_or(|l| to > l) {
        return Err(bad(Problem::BadHolidayRange));
    }
    let id = store::add_holiday(db, caller.school_id, year, from, to, name).await?;
    super::context::audit(super::db::audit::AuditEntry {
        school_id: caller.school_id,
        actor_user_id: Some(caller.user_id),
        action: "create",
        entity: "school_holiday",
        entity_id: id.to_string(),
        new_value: Some(format!("{from}..{to} {name}")),
        ..Default::default()
    })
    .await
}

pub async fn remove_holiday(db: &Db, caller: &Caller, id: i64) -> Result<(), AppError> {
    require_board(caller)?;
    let old = store::remove_holiday(db, caller.school_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::context::audit(super::db::audit::AuditEntry {
        school_id: caller.school_id,
        actor_user_id: Some(caller.user_id),
        action: "delete",
        entity: "school_holiday",
        entity_id: id.to_string(),
        old_value: Some(format!("{}..{} {}", old.from_date, old.to_date, old.name)),
        ..Default::default()
    })
    .await
}
