//! The class summary with what the grade sheets do not hold: the conduct level, the absent
//! sessions and, for the year, the year-end proposal or decision. Shared by the summary screen
//! and the `.xlsx` download.
use super::context::Caller;
use super::db::attendance::absence_totals;
use super::db::conduct::rows_of_class as conduct_rows;
use super::db::Db;
use super::grade_sheet::{self, ClassSummary, Period};
use super::year_end;
use crate::api::class_summary::{ClassSummaryView, LevelTotal, SummaryLine, YearEndCell};
use crate::api::year_end::YearEndSubject;
use crate::domain::grading::{year_conduct, Level};
use crate::domain::year_end_review::{level_from_code, title_from_code, OutcomeKind, Status};
use crate::error::AppError;
use std::collections::HashMap;

/// What one student's line adds to the grade-sheet summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extra {
    pub conduct: Option<Level>,
    pub excused: i64,
    pub unexcused: i64,
    pub year_end: Option<YearEndCell>,
}

/// The extras of every line of `s`, in the same order.
pub async fn extras(db: &Db, s: &ClassSummary) -> Result<Vec<Extra>, AppError> {
    let semesters = super::db::scores::semesters_of_class(db, s.class.id).await?;
    let school_year_id = semesters
        .first()
        .map(|x| x.school_year_id)
        .ok_or(AppError::NotFound)?;
    let mut levels: HashMap<(i64, String), Level> = HashMap::new();
    for c in conduct_rows(db, s.class.id, school_year_id).await? {
        if let Some(level) = c.level.as_deref().and_then(level_from_code) {
            levels.insert((c.student_id, c.term), level);
        }
    }
    let absences = match s.period {
        Period::Year => {
            let ids: Vec<i64> = semesters.iter().map(|x| x.id).collect();
            absence_totals(db, s.class.id, &ids).await?
        }
        Period::Semester(n) => {
            let semester = semesters
                .iter()
                .find(|x| x.number == n)
                .ok_or(AppError::NotFound)?;
            absence_totals(db, s.class.id, &[semester.id]).await?
        }
    };
    let absences: HashMap<i64, (i64, i64)> = absences
        .into_iter()
        .map(|a| (a.student_id, (a.excused, a.unexcused)))
        .collect();
    let year_end: HashMap<i64, YearEndCell> = if s.period == Period::Year {
        year_end::class_year_of(db, s.class.clone(), s.clone())
            .await?
            .students
            .iter()
            .map(|st| {
                let (proposed, proposed_title) = match &st.status {
                    Status::Ready(r) => (Some(r.current_outcome().kind()), r.current_title()),
                    Status::Incomplete { .. } => (None, None),
                };
                let cell = YearEndCell {
                    proposed,
                    proposed_title,
                    decided: st
                        .decision
                        .as_ref()
                        .and_then(|d| OutcomeKind::from_code(&d.outcome)),
                    decided_title: st
                        .decision
                        .as_ref()
                        .and_then(|d| d.title.as_deref())
                        .and_then(title_from_code),
                    changed: st.changed_since_confirmation(),
                };
                (st.row.student.id, cell)
            })
            .collect()
    } else {
        HashMap::new()
    };
    Ok(s.rows
        .iter()
        .map(|r| {
            let id = r.student.id;
            let level = |term: &str| levels.get(&(id, term.to_string())).copied();
            let conduct = match s.period {
                Period::Semester(1) => level("s1"),
                Period::Semester(_) => level("s2"),
                Period::Year => match (level("s1"), level("s2")) {
                    (Some(a), Some(b)) => Some(year_conduct(a, b)),
                    _ => None,
                },
            };
            let (excused, unexcused) = absences.get(&id).copied().unwrap_or((0, 0));
            Extra {
                conduct,
                excused,
                unexcused,
                year_end: year_end.get(&id).cloned(),
            }
        })
        .collect())
}

fn period_code(p: Period) -> String {
    match p {
        Period::Semester(n) => n.to_string(),
        Period::Year => "year".into(),
    }
}

/// The screen's data for a caller allowed to see the class summary.
pub async fn view_for_caller(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    period: &str,
) -> Result<ClassSummaryView, AppError> {
    let period =
        Period::parse(period.trim()).ok_or_else(|| AppError::BadRequest("period".into()))?;
    let s = grade_sheet::summary_for_caller(db, caller, class_id, period).await?;
    let extras = extras(db, &s).await?;
    Ok(view(&s, &extras))
}

pub fn view(s: &ClassSummary, extras: &[Extra]) -> ClassSummaryView {
    let rows: Vec<SummaryLine> = s
        .rows
        .iter()
        .zip(extras)
        .map(|(r, e)| SummaryLine {
            number: r.number,
            student_id: r.student.id,
            code: r.student.code.clone(),
            full_name: r.student.full_name.clone(),
            subjects: r
                .subjects
                .iter()
                .map(|o| o.subject_result().value())
                .collect(),
            learning: r.learning.clone().value(),
            conduct: e.conduct,
            excused: e.excused,
            unexcused: e.unexcused,
            year_end: e.year_end.clone(),
        })
        .collect();
    let levels = [
        Some(Level::Good),
        Some(Level::Fair),
        Some(Level::Pass),
        Some(Level::Fail),
        None,
    ];
    let totals = levels
        .into_iter()
        .map(|level| LevelTotal {
            level,
            learning: rows
                .iter()
                .filter(|r| r.learning.as_ref().map(|l| l.level) == level)
                .count(),
            conduct: rows.iter().filter(|r| r.conduct == level).count(),
        })
        .collect();
    ClassSummaryView {
        class_id: s.class.id,
        class_name: s.class.name.clone(),
        school_year: s.class.school_year.clone(),
        period: period_code(s.period),
        subjects: s
            .subjects
            .iter()
            .map(|x| YearEndSubject {
                id: x.id,
                name: x.name.clone(),
                comment: x.assessment_kind == "comment",
            })
            .collect(),
        rows,
        totals,
    }
}
