//! Grade sheets and class summaries: stored scores turned into domain values, with each
//! student's semester average or Đạt / Chưa đạt result and the learning result computed by
//! `domain::grading` (a missing score makes a result incomplete, never zero). Also the access
//! rules for seeing and writing them, shared by the pages, the downloads and the API.
use super::context::Caller;
use super::db::classes::{self, ClassRow};
use super::db::scores::{
    self, ClassSubject, Kind, SemesterRow, SheetStudent, StoredComment, StoredScore, Value,
};
use super::db::{grading, Db};
use crate::domain::grading::{
    comment_semester_result, comment_year_result, learning_result_when_complete, semester_average,
    year_average, Average, Cell, Computed, Judgement, LearningResult, Score, SubjectResult,
};
use crate::domain::role::Role;
use crate::domain::vietnamese::{compare_names, PersonName};
use crate::error::AppError;
use std::collections::HashMap;

/// The class, if it belongs to the caller's school (another school's class is "not found").
pub async fn class_in_school(
    db: &Db,
    caller: &Caller,
    class_id: i64,
) -> Result<ClassRow, AppError> {
    classes::find(db, class_id)
        .await?
        .filter(|c| c.school_id == caller.school_id)
        .ok_or(AppError::NotFound)
}

fn is_board(caller: &Caller) -> bool {
    caller.has(Role::Admin) || caller.has(Role::Principal)
}

/// Who may see one subject's sheet of a class: the school's board, the class's homeroom
/// teacher, the teacher assigned to that class × subject and the head of the subject's group.
/// Families never.
pub fn may_view_subject(caller: &Caller, class: &ClassRow, subject: &ClassSubject) -> bool {
    is_board(caller)
        || class.homeroom_teacher_id == Some(caller.user_id)
        || subject.teacher_id == Some(caller.user_id)
        || (caller.has(Role::GroupHead) && subject.group_head_id == Some(caller.user_id))
}

/// Who may write its scores: the teacher assigned to that class × subject, and admins (for
/// corrections). Nobody else, whatever they may see.
pub fn may_write_subject(caller: &Caller, subject: &ClassSubject) -> bool {
    subject.teacher_id == Some(caller.user_id) || caller.has(Role::Admin)
}

/// Who may see the summary of every subject: the board and the homeroom teacher.
pub fn may_view_summary(caller: &Caller, class: &ClassRow) -> bool {
    is_board(caller) || class.homeroom_teacher_id == Some(caller.user_id)
}

/// The students in Vietnamese class order (given name, then the rest), numbered from 1.
pub fn in_class_order(mut students: Vec<SheetStudent>) -> Vec<SheetStudent> {
    let name = |s: &SheetStudent| PersonName {
        family: s.family_name.clone(),
        middle: s.middle_name.clone(),
        given: s.given_name.clone(),
    };
    students.sort_by(|a, b| compare_names(&name(a), &name(b)).then_with(|| a.code.cmp(&b.code)));
    students
}

/// A subject's result for one student in one period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Average(Computed<Average>),
    Judgement(Computed<Judgement>),
}

impl Outcome {
    pub fn subject_result(self) -> Computed<SubjectResult> {
        match self {
            Outcome::Average(a) => a.map(SubjectResult::Scored),
            Outcome::Judgement(j) => j.map(SubjectResult::Commented),
        }
    }
}

/// One student's row of a grade sheet.
#[derive(Clone, Debug)]
pub struct SheetRow {
    pub number: usize,
    pub student: SheetStudent,
    /// Regular assessments by slot (index 0 is slot 1); at least `regular_count` long.
    pub regular: Vec<Option<StoredScore>>,
    pub midterm: Option<StoredScore>,
    pub final_: Option<StoredScore>,
    pub outcome: Outcome,
    /// The teacher's comment (nhận xét), if written.
    pub comment: Option<StoredComment>,
}

#[derive(Clone, Debug)]
pub struct GradeSheet {
    pub school_name: String,
    pub class: ClassRow,
    pub subject: ClassSubject,
    pub semester: SemesterRow,
    /// Assessed by comment (Đạt / Chưa đạt) rather than scores.
    pub comment: bool,
    pub regular_count: usize,
    pub rows: Vec<SheetRow>,
}

struct Rules {
    comment: bool,
    regular_count: usize,
}

async fn rules(db: &Db, class_id: i64, subject_id: i64) -> Result<Rules, AppError> {
    let setup = grading::setup(db, class_id, subject_id)
        .await?
        .ok_or(AppError::NotFound)?;
    refuse_other_rule_sets(&setup)?;
    Ok(Rules {
        comment: setup.assessment_kind == "comment",
        regular_count: setup.regular_assessments()?,
    })
}

/// Sheets are computed by TT22 (secondary). A grade level graded by another rule set (TT27
/// primary, or none) is refused rather than given averages its rules do not define.
pub fn refuse_other_rule_sets(setup: &grading::GradingSetup) -> Result<(), AppError> {
    if setup.rule_set == TT22 {
        Ok(())
    } else {
        tracing::info!(rule_set = %setup.rule_set, "grade sheet for a rule set not computed here");
        Err(AppError::BadRequest(format!(
            "grade sheets follow {TT22}; this grade level is graded by {}",
            setup.rule_set
        )))
    }
}

/// The rule set these sheets compute.
pub const TT22: &str = "tt22_2021";

fn cell(score: &Option<StoredScore>) -> Cell {
    match score.as_ref().and_then(|s| s.value) {
        Some(Value::Tenths(t)) => Score::from_tenths(t).map(Cell::Scored).unwrap_or_default(),
        Some(Value::Absent) => Cell::AbsentAwaitingMakeUp,
        Some(Value::ZeroByDecision) => Cell::ZeroByDecision,
        Some(Value::Pass | Value::Fail) | None => Cell::Empty,
    }
}

fn judgement(score: &Option<StoredScore>) -> Option<Judgement> {
    match score.as_ref().and_then(|s| s.value) {
        Some(Value::Pass) => Some(Judgement::Pass),
        Some(Value::Fail) => Some(Judgement::Fail),
        // An absence waits for its make-up: the result stays incomplete.
        Some(Value::Absent | Value::ZeroByDecision | Value::Tenths(_)) | None => None,
    }
}

/// The cells of one student in one subject and semester, arranged by kind and slot.
struct Cells {
    regular: Vec<Option<StoredScore>>,
    midterm: Option<StoredScore>,
    final_: Option<StoredScore>,
}

impl Cells {
    fn arrange(scores: Vec<StoredScore>, regular_count: usize) -> Cells {
        let mut cells = Cells {
            regular: vec![None; regular_count],
            midterm: None,
            final_: None,
        };
        for s in scores {
            match s.kind {
                Kind::Regular => {
                    let Some(i) = usize::try_from(s.slot - 1).ok() else {
                        continue;
                    };
                    if cells.regular.len() <= i {
                        cells.regular.resize(i + 1, None);
                    }
                    cells.regular[i] = Some(s);
                }
                Kind::Midterm => cells.midterm = Some(s),
                Kind::Final => cells.final_ = Some(s),
                Kind::Reassessment => {}
            }
        }
        cells
    }

    fn outcome(&self, rules: &Rules) -> Outcome {
        if rules.comment {
            let regular: Vec<Option<Judgement>> = self.regular.iter().map(judgement).collect();
            Outcome::Judgement(comment_semester_result(
                &regular,
                judgement(&self.midterm),
                judgement(&self.final_),
                rules.regular_count,
            ))
        } else {
            let regular: Vec<Cell> = self.regular.iter().map(cell).collect();
            Outcome::Average(semester_average(
                &regular,
                cell(&self.midterm),
                cell(&self.final_),
                rules.regular_count,
            ))
        }
    }
}

/// Finds the subject among those the class studies (404 when it does not study it).
pub async fn class_subject(
    db: &Db,
    class_id: i64,
    subject_id: i64,
) -> Result<ClassSubject, AppError> {
    scores::subjects_of_class(db, class_id)
        .await?
        .into_iter()
        .find(|s| s.id == subject_id)
        .ok_or(AppError::NotFound)
}

/// The semester of the class's school year with that number (1 or 2).
pub async fn class_semester(db: &Db, class_id: i64, number: i64) -> Result<SemesterRow, AppError> {
    scores::semesters_of_class(db, class_id)
        .await?
        .into_iter()
        .find(|s| s.number == number)
        .ok_or(AppError::NotFound)
}

/// The grade sheet of a class × subject × semester (by id) for a caller allowed to see it.
pub async fn for_caller(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
) -> Result<GradeSheet, AppError> {
    let class = class_in_school(db, caller, class_id).await?;
    let semester = scores::semesters_of_class(db, class.id)
        .await?
        .into_iter()
        .find(|s| s.id == semester_id)
        .ok_or(AppError::NotFound)?;
    visible_sheet(db, caller, class, subject_id, semester).await
}

/// The same, with the semester by its number (1 or 2) in the class's school year, as pages
/// and downloads name it.
pub async fn for_caller_in_semester(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    subject_id: i64,
    number: i64,
) -> Result<GradeSheet, AppError> {
    let class = class_in_school(db, caller, class_id).await?;
    let semester = class_semester(db, class.id, number).await?;
    visible_sheet(db, caller, class, subject_id, semester).await
}

async fn visible_sheet(
    db: &Db,
    caller: &Caller,
    class: ClassRow,
    subject_id: i64,
    semester: SemesterRow,
) -> Result<GradeSheet, AppError> {
    let subject = class_subject(db, class.id, subject_id).await?;
    if !may_view_subject(caller, &class, &subject) {
        tracing::warn!(
            user = caller.user_id,
            class_id = class.id,
            subject_id,
            "grade sheet refused"
        );
        return Err(AppError::Forbidden);
    }
    load(db, class, subject, semester).await
}

/// The sheet without access checks (callers check first).
pub async fn load(
    db: &Db,
    class: ClassRow,
    subject: ClassSubject,
    semester: SemesterRow,
) -> Result<GradeSheet, AppError> {
    let rules = rules(db, class.id, subject.id).await?;
    let mut by_student: HashMap<i64, Vec<StoredScore>> = HashMap::new();
    for s in scores::sheet(db, class.id, subject.id, semester.id).await? {
        by_student.entry(s.student_id).or_default().push(s);
    }
    let mut comments: HashMap<i64, StoredComment> =
        scores::sheet_comments(db, class.id, subject.id, semester.id)
            .await?
            .into_iter()
            .map(|c| (c.student_id, c))
            .collect();
    let students = in_class_order(scores::students_of_class(db, class.id).await?);
    let rows = students
        .into_iter()
        .enumerate()
        .map(|(i, student)| {
            let cells = Cells::arrange(
                by_student.remove(&student.id).unwrap_or_default(),
                rules.regular_count,
            );
            SheetRow {
                number: i + 1,
                outcome: cells.outcome(&rules),
                comment: comments.remove(&student.id),
                student,
                regular: cells.regular,
                midterm: cells.midterm,
                final_: cells.final_,
            }
        })
        .collect();
    Ok(GradeSheet {
        school_name: super::db::accounts::school_name(db, class.school_id).await?,
        class,
        subject,
        semester,
        comment: rules.comment,
        regular_count: rules.regular_count,
        rows,
    })
}

/// The period a summary covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// Semester 1 or 2 of the class's school year.
    Semester(i64),
    /// The whole year: ĐTBmcn from both semesters, comment subjects by semester II.
    Year,
}

impl Period {
    /// "1", "2" or "year", as in the download links.
    pub fn parse(text: &str) -> Option<Period> {
        match text {
            "1" => Some(Period::Semester(1)),
            "2" => Some(Period::Semester(2)),
            "year" | "cn" => Some(Period::Year),
            _ => None,
        }
    }
}

/// One student's line of the class summary.
#[derive(Clone, Debug)]
pub struct SummaryRow {
    pub number: usize,
    pub student: SheetStudent,
    /// One per subject of [`ClassSummary::subjects`], in the same order.
    pub subjects: Vec<Outcome>,
    /// Keyed by subject id: the subject that caused a Điều 9.3 adjustment.
    pub learning: Computed<LearningResult<i64>>,
}

#[derive(Clone, Debug)]
pub struct ClassSummary {
    pub school_name: String,
    pub class: ClassRow,
    pub period: Period,
    pub subjects: Vec<ClassSubject>,
    pub rows: Vec<SummaryRow>,
}

/// The class summary for a caller allowed to see every subject of the class.
pub async fn summary_for_caller(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    period: Period,
) -> Result<ClassSummary, AppError> {
    let class = class_in_school(db, caller, class_id).await?;
    if !may_view_summary(caller, &class) {
        tracing::warn!(user = caller.user_id, class_id, "class summary refused");
        return Err(AppError::Forbidden);
    }
    summary(db, class, period).await
}

/// Every subject's result per student for the period, and the learning result.
pub async fn summary(db: &Db, class: ClassRow, period: Period) -> Result<ClassSummary, AppError> {
    let semesters = scores::semesters_of_class(db, class.id).await?;
    let wanted: Vec<&SemesterRow> = match period {
        Period::Semester(n) => semesters.iter().filter(|s| s.number == n).collect(),
        Period::Year => semesters.iter().collect(),
    };
    if wanted.is_empty() || (period == Period::Year && wanted.len() != 2) {
        return Err(AppError::NotFound);
    }
    let semester_ids: Vec<i64> = wanted.iter().map(|s| s.id).collect();
    let subjects = scores::subjects_of_class(db, class.id).await?;
    let mut subject_rules = Vec::with_capacity(subjects.len());
    for s in &subjects {
        subject_rules.push(rules(db, class.id, s.id).await?);
    }
    // (student, subject, semester) → cells
    let mut cells: HashMap<(i64, i64, i64), Vec<StoredScore>> = HashMap::new();
    for s in scores::class_cells(db, class.id, &semester_ids).await? {
        cells
            .entry((s.student_id, s.subject_id, s.semester_id))
            .or_default()
            .push(s);
    }
    let students = in_class_order(scores::students_of_class(db, class.id).await?);
    let mut rows = Vec::with_capacity(students.len());
    for (i, student) in students.into_iter().enumerate() {
        let mut outcomes = Vec::with_capacity(subjects.len());
        for (subject, rules) in subjects.iter().zip(&subject_rules) {
            let mut per_semester = semester_ids.iter().map(|semester_id| {
                Cells::arrange(
                    cells
                        .remove(&(student.id, subject.id, *semester_id))
                        .unwrap_or_default(),
                    rules.regular_count,
                )
                .outcome(rules)
            });
            let first = per_semester.next();
            let second = per_semester.next();
            let outcome = match (first, second) {
                (Some(a), Some(b)) => year_outcome(a, b)?,
                (Some(only), None) => only,
                _ => return Err(AppError::Internal),
            };
            outcomes.push(outcome);
        }
        let keyed: Vec<(i64, Computed<SubjectResult>)> = subjects
            .iter()
            .zip(&outcomes)
            .map(|(s, o)| (s.id, o.subject_result()))
            .collect();
        rows.push(SummaryRow {
            number: i + 1,
            student,
            subjects: outcomes,
            learning: learning_result_when_complete(&keyed),
        });
    }
    Ok(ClassSummary {
        school_name: super::db::accounts::school_name(db, class.school_id).await?,
        class,
        period,
        subjects,
        rows,
    })
}

/// A subject's year result from its two semesters: ĐTBmcn for scored subjects, semester II's
/// judgement for comment subjects.
pub fn year_outcome(first: Outcome, second: Outcome) -> Result<Outcome, AppError> {
    match (first, second) {
        (Outcome::Average(a), Outcome::Average(b)) => Ok(Outcome::Average(year_average(a, b))),
        (Outcome::Judgement(_), Outcome::Judgement(b)) => {
            Ok(Outcome::Judgement(comment_year_result(b)))
        }
        _ => Err(AppError::Internal),
    }
}

/// One student's cells and result in one subject and semester.
#[derive(Clone, Debug)]
pub struct StudentTerm {
    pub regular: Vec<Option<StoredScore>>,
    pub midterm: Option<StoredScore>,
    pub final_: Option<StoredScore>,
    pub outcome: Outcome,
}

/// One student's terms in every subject of the class, keyed by (subject, semester id), and
/// whether each subject is assessed by comment. The caller checks access first.
pub async fn student_terms(
    db: &Db,
    class_id: i64,
    student_id: i64,
    subjects: &[ClassSubject],
    semesters: &[SemesterRow],
) -> Result<(HashMap<(i64, i64), StudentTerm>, HashMap<i64, bool>), AppError> {
    let mut cells: HashMap<(i64, i64), Vec<StoredScore>> = HashMap::new();
    for s in scores::student_cells(db, class_id, student_id).await? {
        cells
            .entry((s.subject_id, s.semester_id))
            .or_default()
            .push(s);
    }
    let mut terms = HashMap::new();
    let mut comment = HashMap::new();
    for subject in subjects {
        let rules = rules(db, class_id, subject.id).await?;
        comment.insert(subject.id, rules.comment);
        for semester in semesters {
            let c = Cells::arrange(
                cells.remove(&(subject.id, semester.id)).unwrap_or_default(),
                rules.regular_count,
            );
            let outcome = c.outcome(&rules);
            terms.insert(
                (subject.id, semester.id),
                StudentTerm {
                    regular: c.regular,
                    midterm: c.midterm,
                    final_: c.final_,
                    outcome,
                },
            );
        }
    }
    Ok((terms, comment))
}
