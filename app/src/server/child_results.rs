//! The family's view of a child, built from the same computation as the school's sheets and
//! filtered by the school's `FamilyVisibility` here, on the server: a sheet not yet published
//! contributes nothing to the answer, not even its average.
use super::context::Caller;
use super::db::scores::{ClassSubject, SemesterRow, StoredScore};
use super::db::{attendance, classes, conduct, family_view, home, scores, sheet_reviews};
use super::db::{year_end, Db};
use super::grade_grid::{mark_of, text_of};
use super::grade_sheet::{self, Outcome, StudentTerm};
use crate::api::child_results::{
    ChildAbsence, ChildCell, ChildPeriod, ChildResults, ChildSubject, ChildSubjectResult,
    ChildYearEnd,
};
use crate::domain::conduct_entry::level_from_code;
use crate::domain::grading::{learning_result_when_complete, year_conduct, Level};
use crate::domain::publication::FamilyVisibility;
use crate::domain::review::ReviewState;
use crate::domain::role::Role;
use crate::domain::year_end_review::{title_from_code, OutcomeKind};
use crate::error::AppError;
use std::collections::HashMap;

fn is_family(caller: &Caller) -> bool {
    caller.has(Role::Parent) || caller.has(Role::Student)
}

fn shown_cell(s: &Option<StoredScore>) -> ChildCell {
    let value = s.as_ref().and_then(|s| s.value);
    ChildCell {
        text: text_of(value),
        mark: mark_of(value),
    }
}

/// What a subject's sheet in one semester shows once published.
fn published_term(subject_id: i64, term: &StudentTerm, comment: String) -> ChildSubjectResult {
    ChildSubjectResult {
        subject_id,
        published: true,
        regular: term.regular.iter().map(shown_cell).collect(),
        midterm: Some(shown_cell(&term.midterm)),
        final_: Some(shown_cell(&term.final_)),
        result: term.outcome.subject_result().value(),
        comment,
    }
}

fn unpublished(subject_id: i64) -> ChildSubjectResult {
    ChildSubjectResult {
        subject_id,
        published: false,
        regular: Vec::new(),
        midterm: None,
        final_: None,
        result: None,
        comment: String::new(),
    }
}

/// The results of the child `code` for a family account that sees it; anyone else, and any
/// other code, gets "not found" (staff read records through their own pages).
pub async fn load(db: &Db, caller: &Caller, code: &str) -> Result<ChildResults, AppError> {
    let (child, year) = own_child(db, caller, code).await?;
    let visibility = sheet_reviews::family_visibility(db, caller.school_id).await?;
    build(db, caller.school_id, &child, year, visibility).await
}

/// The family's child with `code`, for a family account that sees it ("not found" otherwise).
pub async fn own_child(
    db: &Db,
    caller: &Caller,
    code: &str,
) -> Result<(family_view::ChildRow, Option<(i64, String)>), AppError> {
    if !is_family(caller) {
        return Err(AppError::Forbidden);
    }
    let year = home::current_year(db, caller.school_id).await?;
    let year_id = year.as_ref().map(|(id, _)| *id).unwrap_or(0);
    let child = family_view::child(db, caller.user_id, caller.school_id, code, year_id)
        .await?
        .ok_or_else(|| {
            tracing::warn!(
                user = caller.user_id,
                code,
                "family view of a child refused"
            );
            AppError::NotFound
        })?;
    Ok((child, year))
}

/// A child's results as `visibility` publishes them. The caller has checked access.
pub async fn build(
    db: &Db,
    school_id: i64,
    child: &family_view::ChildRow,
    year: Option<(i64, String)>,
    visibility: FamilyVisibility,
) -> Result<ChildResults, AppError> {
    let school_name = super::db::accounts::school_name(db, school_id).await?;
    let mut out = ChildResults {
        code: child.code.clone(),
        full_name: child.full_name.clone(),
        school_name,
        school_year: year.map(|(_, name)| name),
        class_name: None,
        homeroom_teacher: None,
        visibility,
        subjects: Vec::new(),
        periods: Vec::new(),
        absences: Vec::new(),
        distinctions: conduct::distinctions_of_student(db, school_id, child.student_id)
            .await?
            .into_iter()
            .filter(|d| d.withdrawn_at.is_none())
            .map(super::distinctions::item)
            .collect(),
        announcements: Vec::new(),
    };
    let Some(class_id) = child.class_id else {
        return Ok(out);
    };
    let class = classes::find(db, class_id)
        .await?
        .filter(|c| c.school_id == school_id)
        .ok_or(AppError::NotFound)?;
    out.class_name = Some(class.name.clone());
    out.announcements = super::db::announcements::of_class(db, class.id, 20)
        .await?
        .into_iter()
        .map(super::announcements::item)
        .collect();
    out.homeroom_teacher = class.homeroom_teacher.clone();
    let semesters = scores::semesters_of_class(db, class.id).await?;
    let subjects = scores::subjects_of_class(db, class.id).await?;
    let (terms, comment_subject) =
        grade_sheet::student_terms(db, class.id, child.student_id, &subjects, &semesters).await?;
    out.subjects = subjects
        .iter()
        .map(|s| ChildSubject {
            id: s.id,
            name: s.name.clone(),
            comment: comment_subject.get(&s.id).copied().unwrap_or(false),
            teacher: s.teacher_name.clone(),
        })
        .collect();
    let facts = Facts::gather(db, school_id, &class, child.student_id, &semesters).await?;
    for semester in &semesters {
        out.periods
            .push(facts.semester(visibility, &subjects, semester, &terms));
    }
    if semesters.len() == 2 {
        out.periods
            .push(facts.year(visibility, &subjects, &semesters, &terms)?);
    }
    out.absences = facts
        .marks
        .iter()
        .map(|(semester, m)| ChildAbsence {
            semester: *semester,
            date: m.on_date.format("%Y-%m-%d").to_string(),
            session: m.session.clone(),
            status: m.status.clone(),
            reason: m.reason.clone(),
        })
        .collect();
    Ok(out)
}

/// What the periods are built from, read once.
struct Facts {
    /// (subject, semester number) → review state; absent: draft.
    states: HashMap<(i64, i64), ReviewState>,
    /// (subject, semester id) → comment.
    comments: HashMap<(i64, i64), String>,
    /// term ("s1", "s2") → (level, comment).
    conduct: HashMap<String, (Option<Level>, String)>,
    /// (semester number, mark), newest first.
    marks: Vec<(i64, attendance::StudentMark)>,
    /// semester id → (excused, unexcused, late).
    absent: HashMap<i64, (i64, i64, i64)>,
    year_end: Option<ChildYearEnd>,
}

impl Facts {
    async fn gather(
        db: &Db,
        school_id: i64,
        class: &classes::ClassRow,
        student_id: i64,
        semesters: &[SemesterRow],
    ) -> Result<Facts, AppError> {
        let states = sheet_reviews::of_class(db, class.id)
            .await?
            .into_iter()
            .filter_map(|(subject, number, code)| {
                ReviewState::from_code(&code).map(|s| ((subject, number), s))
            })
            .collect();
        let comments = scores::student_comments(db, class.id, student_id)
            .await?
            .into_iter()
            .map(|(subject, semester, text)| ((subject, semester), text))
            .collect();
        let school_year_id = semesters.first().map(|s| s.school_year_id).unwrap_or(0);
        let conduct = conduct::rows_of_student(db, student_id, school_year_id)
            .await?
            .into_iter()
            .map(|r| {
                (
                    r.term,
                    (r.level.as_deref().and_then(level_from_code), r.comment),
                )
            })
            .collect();
        let mut absent: HashMap<i64, (i64, i64, i64)> = HashMap::new();
        let mut marks = Vec::new();
        for semester in semesters {
            let rows = attendance::student_marks(db, school_id, student_id, &[semester.id]).await?;
            let e = absent.entry(semester.id).or_default();
            for m in &rows {
                match m.status.as_str() {
                    "excused" => e.0 += 1,
                    "unexcused" => e.1 += 1,
                    "late" => e.2 += 1,
                    _ => {}
                }
            }
            marks.extend(rows.into_iter().map(|m| (semester.number, m)));
        }
        marks.sort_by(|(_, a), (_, b)| (b.on_date, &b.session).cmp(&(a.on_date, &a.session)));
        let year_end = year_end::decision_of(db, student_id, school_year_id)
            .await?
            .and_then(|(outcome, title)| {
                Some(ChildYearEnd {
                    outcome: OutcomeKind::from_code(&outcome)?,
                    title: title.as_deref().and_then(title_from_code),
                })
            });
        Ok(Facts {
            states,
            comments,
            conduct,
            marks,
            absent,
            year_end,
        })
    }

    fn state(&self, subject_id: i64, number: i64) -> ReviewState {
        self.states
            .get(&(subject_id, number))
            .copied()
            .unwrap_or_default()
    }

    fn conduct_of(&self, term: &str) -> (Option<Level>, String) {
        self.conduct.get(term).cloned().unwrap_or_default()
    }

    fn semester(
        &self,
        visibility: FamilyVisibility,
        subjects: &[ClassSubject],
        semester: &SemesterRow,
        terms: &HashMap<(i64, i64), StudentTerm>,
    ) -> ChildPeriod {
        let mut lines = Vec::with_capacity(subjects.len());
        let mut keyed = Vec::with_capacity(subjects.len());
        for s in subjects {
            let term = terms.get(&(s.id, semester.id));
            let shown = visibility.shows(self.state(s.id, semester.number));
            match term {
                Some(term) if shown => {
                    let comment = self
                        .comments
                        .get(&(s.id, semester.id))
                        .cloned()
                        .unwrap_or_default();
                    keyed.push((s.id, term.outcome.subject_result()));
                    lines.push(published_term(s.id, term, comment));
                }
                _ => lines.push(unpublished(s.id)),
            }
        }
        let published =
            visibility.shows_all(subjects.iter().map(|s| self.state(s.id, semester.number)));
        let (conduct, conduct_comment) = if published {
            self.conduct_of(&format!("s{}", semester.number))
        } else {
            (None, String::new())
        };
        let (excused, unexcused, late) = self.absent.get(&semester.id).copied().unwrap_or_default();
        ChildPeriod {
            period: semester.number.to_string(),
            published,
            subjects: lines,
            learning: if published {
                learning_result_when_complete(&keyed).value()
            } else {
                None
            },
            conduct,
            conduct_comment,
            excused,
            unexcused,
            late,
            year_end: None,
        }
    }

    fn year(
        &self,
        visibility: FamilyVisibility,
        subjects: &[ClassSubject],
        semesters: &[SemesterRow],
        terms: &HashMap<(i64, i64), StudentTerm>,
    ) -> Result<ChildPeriod, AppError> {
        let mut lines = Vec::with_capacity(subjects.len());
        let mut keyed = Vec::with_capacity(subjects.len());
        for s in subjects {
            let shown = semesters
                .iter()
                .all(|m| visibility.shows(self.state(s.id, m.number)));
            let first = terms.get(&(s.id, semesters[0].id));
            let second = terms.get(&(s.id, semesters[1].id));
            match (first, second) {
                (Some(a), Some(b)) if shown => {
                    let outcome: Outcome = grade_sheet::year_outcome(a.outcome, b.outcome)?;
                    keyed.push((s.id, outcome.subject_result()));
                    lines.push(ChildSubjectResult {
                        published: true,
                        result: outcome.subject_result().value(),
                        ..unpublished(s.id)
                    });
                }
                _ => lines.push(unpublished(s.id)),
            }
        }
        let published = visibility.shows_all(
            subjects
                .iter()
                .flat_map(|s| semesters.iter().map(|m| self.state(s.id, m.number))),
        );
        let conduct = match (self.conduct_of("s1").0, self.conduct_of("s2").0) {
            (Some(a), Some(b)) if published => Some(year_conduct(a, b)),
            _ => None,
        };
        let (excused, unexcused, late) = semesters.iter().fold((0, 0, 0), |acc, m| {
            let (e, u, l) = self.absent.get(&m.id).copied().unwrap_or_default();
            (acc.0 + e, acc.1 + u, acc.2 + l)
        });
        Ok(ChildPeriod {
            period: "year".into(),
            published,
            subjects: lines,
            learning: if published {
                learning_result_when_complete(&keyed).value()
            } else {
                None
            },
            conduct,
            conduct_comment: if published {
                self.conduct_of("year").1
            } else {
                String::new()
            },
            excused,
            unexcused,
            late,
            year_end: if published {
                self.year_end.clone()
            } else {
                None
            },
        })
    }
}
