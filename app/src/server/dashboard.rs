//! The leaders' dashboard: grade-entry progress of a semester computed from two aggregate
//! queries (the sheets the semester asks for, the cells entered per sheet) and the pacing rule
//! in `domain::entry_progress`; the board sees the school, a group head the group's subjects.
use super::context::{origin, Caller};
use super::db::attendance::{semesters_of_year, SemesterDatesRow};
use super::db::conduct::Via;
use super::db::dashboard::{self as store, SheetRow};
use super::db::grading::GradingSetup;
use super::db::{home, now, Db};
use crate::api::dashboard::{
    ClassProgress, EntryProgress, Reminded, SheetProgress, TeacherProgress,
};
use crate::domain::attendance::vietnam_date;
use crate::domain::entry_progress::{Plan, Progress};
use crate::domain::role::Role;
use crate::domain::structure::field::date;
use crate::domain::structure::{Field, FieldProblem, Invalid};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// Which sheets the caller oversees: all the school's, or a group head's group's.
enum Scope {
    School,
    Group(i64),
}

fn scope(caller: &Caller) -> Result<Scope, AppError> {
    if caller.has(Role::Principal) || caller.has(Role::Admin) {
        Ok(Scope::School)
    } else if caller.has(Role::GroupHead) {
        Ok(Scope::Group(caller.user_id))
    } else {
        Err(AppError::Forbidden)
    }
}

fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn pick_semester(
    semesters: &[SemesterDatesRow],
    number: Option<i64>,
    day: NaiveDate,
) -> Result<&SemesterDatesRow, AppError> {
    match number {
        Some(n) => semesters.iter().find(|s| s.number == n).ok_or_else(|| {
            AppError::Invalid(Invalid::new(
                Field::Date,
                FieldProblem::OutOfRange { min: 1, max: 2 },
            ))
        }),
        // The semester of the day; between or after semesters, the last one begun.
        None => semesters
            .iter()
            .rev()
            .find(|s| s.start_date <= day)
            .or_else(|| semesters.first())
            .ok_or(AppError::NoCurrentYear),
    }
}

fn plan(sheet: &SheetRow, semester: &SemesterDatesRow) -> Result<Plan, AppError> {
    let setup = GradingSetup {
        rule_set: String::new(),
        assessment_kind: sheet.assessment_kind.clone(),
        periods_per_year: sheet.periods_per_year,
        configured_regular: sheet.configured_regular,
    };
    Ok(Plan {
        regular: setup.regular_assessments()?,
        start_day: day_number(semester.start_date),
        end_day: day_number(semester.end_date),
    })
}

pub async fn progress(
    db: &Db,
    caller: &Caller,
    semester: Option<i64>,
    day: Option<&str>,
) -> Result<EntryProgress, AppError> {
    let scope = scope(caller)?;
    let day = match day.map(str::trim).filter(|d| !d.is_empty()) {
        Some(text) => date(Field::Date, text).map_err(AppError::Invalid)?,
        None => vietnam_date(now()),
    };
    let (year_id, year_name) = home::current_year(db, caller.school_id)
        .await?
        .ok_or(AppError::NoCurrentYear)?;
    let semesters = semesters_of_year(db, caller.school_id, year_id).await?;
    let semester = pick_semester(&semesters, semester, day)?;
    let entered: BTreeMap<(i64, i64), i64> = store::entered(db, caller.school_id, semester.id)
        .await?
        .into_iter()
        .map(|(class, subject, n)| ((class, subject), n))
        .collect();
    let today = day_number(day);

    let mut sheets = Vec::new();
    for s in store::sheets(db, caller.school_id, year_id).await? {
        if let Scope::Group(head) = scope {
            if s.group_head_id != Some(head) {
                continue;
            }
        }
        let cells = entered
            .get(&(s.class_id, s.subject_id))
            .copied()
            .unwrap_or(0);
        let progress = Progress::of_sheet(
            plan(&s, semester)?,
            u64::try_from(s.students).unwrap_or(0),
            u64::try_from(cells).unwrap_or(0),
            today,
        );
        sheets.push((s, progress));
    }

    let mut school = Progress::default();
    let mut teachers: BTreeMap<Option<i64>, TeacherProgress> = BTreeMap::new();
    let mut classes: BTreeMap<(i64, String, i64), Progress> = BTreeMap::new();
    for (s, p) in &sheets {
        school += *p;
        let t = teachers
            .entry(s.teacher_id)
            .or_insert_with(|| TeacherProgress {
                teacher_id: s.teacher_id,
                name: s.teacher_name.clone(),
                sheets: 0,
                sheets_behind: 0,
                progress: Progress::default(),
            });
        t.sheets += 1;
        t.sheets_behind += usize::from(p.is_behind());
        t.progress += *p;
        let c = classes
            .entry((s.grade, s.class_name.clone(), s.class_id))
            .or_default();
        *c += *p;
    }
    let mut teachers: Vec<TeacherProgress> = teachers.into_values().collect();
    teachers.sort_by(|a, b| {
        b.progress
            .is_behind()
            .cmp(&a.progress.is_behind())
            .then(
                a.progress
                    .percent_of_due()
                    .cmp(&b.progress.percent_of_due()),
            )
            .then(a.name.cmp(&b.name))
    });
    Ok(EntryProgress {
        school_year: year_name,
        semester: semester.number,
        semester_id: semester.id,
        start_date: semester.start_date.to_string(),
        end_date: semester.end_date.to_string(),
        day: day.to_string(),
        school,
        teachers,
        classes: classes
            .into_iter()
            .map(|((grade, class_name, class_id), progress)| ClassProgress {
                class_id,
                class_name,
                grade,
                progress,
            })
            .collect(),
        sheets: sheets
            .into_iter()
            .map(|(s, progress)| SheetProgress {
                class_id: s.class_id,
                class_name: s.class_name,
                subject_id: s.subject_id,
                subject_name: s.subject_name,
                teacher_id: s.teacher_id,
                teacher_name: s.teacher_name,
                students: s.students,
                progress,
            })
            .collect(),
    })
}

/// A notice (and an e-mail where the teacher has an address) to each teacher behind today,
/// naming their sheets behind; audited as one act of the caller.
pub async fn remind(db: &Db, caller: &Caller, semester: i64) -> Result<Reminded, AppError> {
    let view = progress(db, caller, Some(semester), None).await?;
    let mut behind: BTreeMap<i64, (String, Vec<String>)> = BTreeMap::new();
    for s in view.sheets.iter().filter(|s| s.progress.is_behind()) {
        let Some(teacher) = s.teacher_id else {
            continue;
        };
        behind
            .entry(teacher)
            .or_insert_with(|| (s.teacher_name.clone().unwrap_or_default(), Vec::new()))
            .1
            .push(format!(
                "{} · {} ({})",
                s.class_name,
                s.subject_name,
                s.progress.missing()
            ));
    }
    let reminders: Vec<store::Reminder> = behind
        .iter()
        .map(|(teacher, (_, sheets))| {
            let list = sheets.join(", ");
            store::Reminder {
                teacher_id: *teacher,
                params: serde_json::json!({
                    "semester": view.semester.to_string(),
                    "sheets": list,
                })
                .to_string(),
                mail_subject: Msg::DashRemindMailSubject
                    .with(Lang::Vi, &[("semester", &view.semester.to_string())]),
                mail_body: format!(
                    "{}\n\n{}\n\n{}\n{}",
                    Msg::DashRemindMailGreeting.raw(Lang::Vi),
                    Msg::DashRemindMailText.with(
                        Lang::Vi,
                        &[
                            ("day", &view.day),
                            ("semester", &view.semester.to_string()),
                            ("sheets", &list),
                        ],
                    ),
                    Msg::DashRemindMailRegards.raw(Lang::Vi),
                    caller.full_name
                ),
            }
        })
        .collect();
    let o = origin();
    store::remind(
        db,
        caller.school_id,
        caller.user_id,
        view.semester_id,
        &reminders,
        Via {
            source: "web",
            ip: &o.ip,
            request_id: &o.request_id,
        },
    )
    .await?;
    Ok(Reminded {
        teachers: behind.into_values().map(|(name, _)| name).collect(),
    })
}
