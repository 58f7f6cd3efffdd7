//! The year-end review of a class (Điều 12–15): each student's year data read from the grade
//! sheets, conduct and attendance, the proposal by `domain::year_end_review`, and the acts of
//! the homeroom teacher (or the board): confirming, overriding a title with a reason, and
//! entering the summer results. Every act is checked against the rules, versioned and audited.
use super::context::{origin, Caller};
use super::db::attendance::{absence_totals, StudentAbsences as AbsenceRow};
use super::db::classes::ClassRow;
use super::db::conduct::{rows_of_class as conduct_rows, ConductRow};
use super::db::scores::{self, ClassSubject, WriteMeta};
use super::db::year_end::{
    self as store, Audited, ConductWrite, DecisionRow, DecisionWrite, ReassessmentRow,
    ReassessmentWrite,
};
use super::db::Db;
use super::grade_sheet::{self, class_in_school, may_view_summary, Period, SummaryRow};
use crate::api::year_end::{
    ConfirmAllResult, DecisionInfo, ReassessedInfo, YearEndRow, YearEndSheet, YearEndSubject,
};
use crate::domain::grading::comment::Judgement;
use crate::domain::grading::{Average, Level, SubjectResult, Title};
use crate::domain::year_end_review::{
    check_choice, level_code, level_from_code, read_reassessment, review, title_code,
    title_from_code, AfterSummer, Choice, Outcome, OutcomeKind, Review, Status, SummerData,
    YearData, YearEndProblem,
};
use crate::error::AppError;
use serde::Serialize;
use std::collections::HashMap;

/// One student's year as the review reads it.
#[derive(Clone, Debug)]
pub struct StudentYear {
    pub row: SummaryRow,
    pub conduct: HashMap<String, ConductRow>,
    pub absence: AbsenceRow,
    pub reassessed: Vec<ReassessmentRow>,
    pub decision: Option<DecisionRow>,
    pub status: Status<i64>,
}

impl StudentYear {
    pub fn level(&self, term: &str) -> Option<Level> {
        self.conduct
            .get(term)
            .and_then(|c| c.level.as_deref())
            .and_then(level_from_code)
    }

    pub fn absent_sessions(&self) -> i64 {
        self.absence.excused + self.absence.unexcused
    }

    /// The stored decision no longer matches the current proposal.
    pub fn changed_since_confirmation(&self) -> bool {
        match (&self.decision, &self.status) {
            (Some(d), Status::Ready(r)) => d.proposed != snapshot(r),
            (Some(_), Status::Incomplete { .. }) => true,
            (None, _) => false,
        }
    }
}

/// A class's year: every active student in class order.
#[derive(Clone, Debug)]
pub struct ClassYear {
    pub class: ClassRow,
    pub school_year_id: i64,
    pub subjects: Vec<ClassSubject>,
    pub students: Vec<StudentYear>,
}

/// What a confirmation records as "the proposal": a change in any of it means the decision
/// must be confirmed again.
#[derive(Serialize)]
struct Snapshot<'a> {
    learning: Level,
    before_adjustment: Level,
    adjusted_because_of: Option<i64>,
    conduct: Level,
    absent_sessions: u16,
    outcome: &'a Outcome<i64>,
    title: Option<Title>,
    after_summer: Option<&'a AfterSummer<i64>>,
}

pub fn snapshot(r: &Review<i64>) -> String {
    let s = Snapshot {
        learning: r.learning.level,
        before_adjustment: r.learning.before_adjustment,
        adjusted_because_of: r.learning.adjusted_because_of,
        conduct: r.conduct,
        absent_sessions: r.absent_sessions,
        outcome: &r.outcome,
        title: r.title,
        after_summer: r.after_summer.as_ref(),
    };
    serde_json::to_string(&s).unwrap_or_default()
}

fn stored_result(r: &ReassessmentRow) -> Option<SubjectResult> {
    match (r.score_tenths, r.judgement.as_deref()) {
        (Some(t), _) => u8::try_from(t)
            .ok()
            .and_then(Average::from_tenths)
            .map(SubjectResult::Scored),
        (None, Some("pass")) => Some(SubjectResult::Commented(Judgement::Pass)),
        (None, Some("fail")) => Some(SubjectResult::Commented(Judgement::Fail)),
        _ => None,
    }
}

/// Reads the class's year and reviews every student.
pub async fn class_year(db: &Db, class: ClassRow) -> Result<ClassYear, AppError> {
    let summary = grade_sheet::summary(db, class.clone(), Period::Year).await?;
    class_year_of(db, class, summary).await
}

/// As [`class_year`], from the class's year summary already read (the summary page has it).
pub async fn class_year_of(
    db: &Db,
    class: ClassRow,
    summary: grade_sheet::ClassSummary,
) -> Result<ClassYear, AppError> {
    let semesters = scores::semesters_of_class(db, class.id).await?;
    let school_year_id = semesters
        .first()
        .map(|s| s.school_year_id)
        .ok_or(AppError::NotFound)?;
    let semester_ids: Vec<i64> = semesters.iter().map(|s| s.id).collect();
    let mut conduct: HashMap<i64, HashMap<String, ConductRow>> = HashMap::new();
    for c in conduct_rows(db, class.id, school_year_id).await? {
        conduct
            .entry(c.student_id)
            .or_default()
            .insert(c.term.clone(), c);
    }
    let mut absences: HashMap<i64, AbsenceRow> = absence_totals(db, class.id, &semester_ids)
        .await?
        .into_iter()
        .map(|a| (a.student_id, a))
        .collect();
    let mut reassessed: HashMap<i64, Vec<ReassessmentRow>> = HashMap::new();
    for r in store::reassessments(db, class.id, school_year_id).await? {
        reassessed.entry(r.student_id).or_default().push(r);
    }
    let mut decisions: HashMap<i64, DecisionRow> = store::decisions(db, class.id, school_year_id)
        .await?
        .into_iter()
        .map(|d| (d.student_id, d))
        .collect();
    let subjects = summary.subjects;
    let mut students = Vec::with_capacity(summary.rows.len());
    for row in summary.rows {
        let id = row.student.id;
        let conduct = conduct.remove(&id).unwrap_or_default();
        let absence = absences.remove(&id).unwrap_or(AbsenceRow {
            student_id: id,
            ..AbsenceRow::default()
        });
        let reassessed = reassessed.remove(&id).unwrap_or_default();
        let level = |term: &str| {
            conduct
                .get(term)
                .and_then(|c| c.level.as_deref())
                .and_then(level_from_code)
        };
        let year = YearData {
            subjects: subjects
                .iter()
                .zip(&row.subjects)
                .map(|(s, o)| (s.id, o.subject_result().value()))
                .collect(),
            conduct_first: level("s1"),
            conduct_second: level("s2"),
            absent_sessions: u16::try_from(absence.excused + absence.unexcused).unwrap_or(u16::MAX),
        };
        let summer = SummerData {
            reassessed: reassessed
                .iter()
                .filter_map(|r| stored_result(r).map(|v| (r.subject_id, v)))
                .collect(),
            conduct_after_training: level("summer"),
        };
        let status = review(&year, &summer);
        students.push(StudentYear {
            row,
            conduct,
            absence,
            reassessed,
            decision: decisions.remove(&id),
            status,
        });
    }
    Ok(ClassYear {
        class,
        school_year_id,
        subjects,
        students,
    })
}

/// Who acts on a class's year end: its homeroom teacher, the principal and the admin.
pub fn may_act(caller: &Caller, class: &ClassRow) -> bool {
    may_view_summary(caller, class)
}

async fn class_for_act(db: &Db, caller: &Caller, class_id: i64) -> Result<ClassRow, AppError> {
    let class = class_in_school(db, caller, class_id).await?;
    if !may_act(caller, &class) {
        tracing::warn!(user = caller.user_id, class_id, "year-end act refused");
        return Err(AppError::Forbidden);
    }
    Ok(class)
}

fn outcome_text(kind: OutcomeKind, title: Option<Title>) -> String {
    match title {
        Some(t) => format!("{}, {}", kind.code(), title_code(t)),
        None => kind.code().to_string(),
    }
}

fn decision_text(d: &DecisionRow) -> String {
    match &d.title {
        Some(t) => format!("{}, {t}", d.outcome),
        None => d.outcome.clone(),
    }
}

/// The sheet for a caller who may see the class summary.
pub async fn sheet_for_caller(
    db: &Db,
    caller: &Caller,
    class_id: i64,
) -> Result<YearEndSheet, AppError> {
    let class = class_for_act(db, caller, class_id).await?;
    let year = class_year(db, class).await?;
    Ok(sheet(&year, true))
}

pub fn sheet(year: &ClassYear, may_act: bool) -> YearEndSheet {
    let rows = year
        .students
        .iter()
        .map(|s| {
            let changed = s.changed_since_confirmation();
            let decision = s.decision.as_ref().map(|d| DecisionInfo {
                outcome: OutcomeKind::from_code(&d.outcome).unwrap_or(OutcomeKind::NotPromoted),
                title: d.title.as_deref().and_then(title_from_code),
                override_reason: d.override_reason.clone(),
                confirmed_by: d.confirmed_by_name.clone(),
                confirmed_at: d.confirmed_at,
                version: d.version,
                changed,
            });
            let needs_attention = match &s.status {
                Status::Incomplete { .. } => true,
                Status::Ready(r) => decision.is_none() || changed || !r.summer_missing.is_empty(),
            };
            YearEndRow {
                number: s.row.number,
                student_id: s.row.student.id,
                code: s.row.student.code.clone(),
                full_name: s.row.student.full_name.clone(),
                subjects: s
                    .row
                    .subjects
                    .iter()
                    .map(|o| o.subject_result().value())
                    .collect(),
                conduct_first: s.level("s1"),
                conduct_second: s.level("s2"),
                conduct_summer: s.level("summer"),
                conduct_summer_version: s.conduct.get("summer").map(|c| c.version).unwrap_or(0),
                excused: s.absence.excused,
                unexcused: s.absence.unexcused,
                status: s.status.clone(),
                reassessed: s
                    .reassessed
                    .iter()
                    .filter_map(|r| {
                        stored_result(r).map(|result| ReassessedInfo {
                            subject_id: r.subject_id,
                            result,
                            version: r.version,
                        })
                    })
                    .collect(),
                decision,
                needs_attention,
            }
        })
        .collect();
    YearEndSheet {
        class_id: year.class.id,
        class_name: year.class.name.clone(),
        school_year: year.class.school_year.clone(),
        may_act,
        subjects: year
            .subjects
            .iter()
            .map(|s| YearEndSubject {
                id: s.id,
                name: s.name.clone(),
                comment: s.assessment_kind == "comment",
            })
            .collect(),
        rows,
    }
}

fn decision_write(
    year: &ClassYear,
    s: &StudentYear,
    r: &Review<i64>,
    title: Option<Title>,
    reason: &str,
    is_override: bool,
) -> DecisionWrite {
    let kind = r.current_outcome().kind();
    let student_id = s.row.student.id;
    DecisionWrite {
        school_id: year.class.school_id,
        school_year_id: year.school_year_id,
        class_id: year.class.id,
        student_id,
        proposed: snapshot(r),
        outcome: kind.code(),
        title: title.map(title_code),
        override_reason: if is_override {
            reason.trim().to_string()
        } else {
            String::new()
        },
        expected_version: s.decision.as_ref().map(|d| d.version).unwrap_or(0),
        audit: Audited {
            school_id: year.class.school_id,
            action: if s.decision.is_some() {
                "update"
            } else {
                "create"
            },
            entity: "year_end_decision",
            entity_id: format!("{student_id}/{}", year.school_year_id),
            old: s.decision.as_ref().map(decision_text),
            new: Some(outcome_text(kind, title)),
            reason: is_override.then(|| reason.trim().to_string()),
            student_id,
            class_id: year.class.id,
        },
    }
}

fn meta<'a>(caller: &Caller, o: &'a super::context::Origin) -> WriteMeta<'a> {
    WriteMeta {
        actor_user_id: Some(caller.user_id),
        source: "web",
        request_id: &o.request_id,
        ip: &o.ip,
        reason: None,
    }
}

/// Confirms every proposal that needs no override: students not confirmed yet, and those
/// whose proposal changed since a confirmation without override.
pub async fn confirm_all(
    db: &Db,
    caller: &Caller,
    class_id: i64,
) -> Result<ConfirmAllResult, AppError> {
    let class = class_for_act(db, caller, class_id).await?;
    let year = class_year(db, class).await?;
    let mut writes = Vec::new();
    let mut skipped = 0;
    for s in &year.students {
        let Status::Ready(r) = &s.status else {
            skipped += 1;
            continue;
        };
        let changed = s.changed_since_confirmation();
        match &s.decision {
            Some(_) if !changed => {}
            Some(d) if !d.override_reason.is_empty() => skipped += 1,
            _ => writes.push(decision_write(&year, s, r, r.current_title(), "", false)),
        }
    }
    let o = origin();
    if !writes.is_empty() && !store::save_decisions(db, &writes, &meta(caller, &o)).await? {
        return Err(AppError::EditConflict);
    }
    Ok(ConfirmAllResult {
        confirmed: writes.len(),
        skipped,
    })
}

/// A confirmation as typed.
pub struct ChoiceInput<'a> {
    pub outcome: &'a str,
    pub title: &'a str,
    pub reason: &'a str,
}

/// The longest override reason kept.
pub const MAX_REASON_CHARS: usize = 500;

fn student(year: &ClassYear, student_id: i64) -> Result<&StudentYear, AppError> {
    year.students
        .iter()
        .find(|s| s.row.student.id == student_id)
        .ok_or(AppError::YearEnd(YearEndProblem::NotInClass))
}

fn ready(s: &StudentYear) -> Result<&Review<i64>, AppError> {
    match &s.status {
        Status::Ready(r) => Ok(r),
        Status::Incomplete { .. } => Err(AppError::YearEnd(YearEndProblem::Incomplete)),
    }
}

/// Confirms one student's outcome, with an override of the title when the rules allow it.
pub async fn confirm_one(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    student_id: i64,
    input: &ChoiceInput<'_>,
    version: i64,
) -> Result<(), AppError> {
    let class = class_for_act(db, caller, class_id).await?;
    let outcome = OutcomeKind::from_code(input.outcome.trim())
        .ok_or_else(|| AppError::BadRequest("outcome".into()))?;
    let title = match input.title.trim() {
        "" => None,
        code => Some(title_from_code(code).ok_or_else(|| AppError::BadRequest("title".into()))?),
    };
    if input.reason.trim().chars().count() > MAX_REASON_CHARS {
        return Err(AppError::BadRequest("reason too long".into()));
    }
    let year = class_year(db, class).await?;
    let s = student(&year, student_id)?;
    let r = ready(s)?;
    let choice = Choice {
        outcome,
        title,
        reason: input.reason.to_string(),
    };
    let is_override = check_choice(r.current_outcome(), r.current_title(), &choice)
        .map_err(|e| AppError::YearEnd(YearEndProblem::Override(e)))?;
    let seen = s.decision.as_ref().map(|d| d.version).unwrap_or(0);
    if seen != version {
        return Err(AppError::EditConflict);
    }
    let write = decision_write(&year, s, r, title, input.reason, is_override);
    let o = origin();
    if !store::save_decisions(db, &[write], &meta(caller, &o)).await? {
        return Err(AppError::EditConflict);
    }
    Ok(())
}

fn result_text(r: SubjectResult) -> String {
    match r {
        SubjectResult::Scored(a) => a.format_en(),
        SubjectResult::Commented(Judgement::Pass) => "pass".into(),
        SubjectResult::Commented(Judgement::Fail) => "fail".into(),
    }
}

/// Records a re-assessment result for a subject the student was proposed for.
pub async fn record_reassessment(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    student_id: i64,
    subject_id: i64,
    typed: &str,
    version: i64,
) -> Result<(), AppError> {
    let class = class_for_act(db, caller, class_id).await?;
    let year = class_year(db, class).await?;
    let s = student(&year, student_id)?;
    let r = ready(s)?;
    let comment = year
        .subjects
        .iter()
        .find(|x| x.id == subject_id)
        .map(|x| x.assessment_kind == "comment")
        .unwrap_or(false);
    let result = read_reassessment(&r.outcome, &subject_id, comment, typed)
        .map_err(|e| AppError::YearEnd(YearEndProblem::Reassessment(e)))?;
    let current = s.reassessed.iter().find(|x| x.subject_id == subject_id);
    if current.map(|c| c.version).unwrap_or(0) != version {
        return Err(AppError::EditConflict);
    }
    let (score_tenths, judgement) = match result {
        SubjectResult::Scored(a) => (Some(i64::from(a.tenths())), None),
        SubjectResult::Commented(Judgement::Pass) => (None, Some("pass")),
        SubjectResult::Commented(Judgement::Fail) => (None, Some("fail")),
    };
    let write = ReassessmentWrite {
        school_id: year.class.school_id,
        school_year_id: year.school_year_id,
        class_id: year.class.id,
        student_id,
        subject_id,
        score_tenths,
        judgement,
        expected_version: version,
        audit: Audited {
            school_id: year.class.school_id,
            action: if current.is_some() {
                "update"
            } else {
                "create"
            },
            entity: "reassessment_result",
            entity_id: format!("{student_id}/{}/{subject_id}", year.school_year_id),
            old: current.and_then(stored_result).map(result_text),
            new: Some(result_text(result)),
            reason: None,
            student_id,
            class_id: year.class.id,
        },
    };
    let o = origin();
    if !store::save_reassessment(db, &write, &meta(caller, &o)).await? {
        return Err(AppError::EditConflict);
    }
    Ok(())
}

/// Records the conduct level after summer training, for a student proposed for it.
pub async fn record_summer_conduct(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    student_id: i64,
    level: &str,
    version: i64,
) -> Result<(), AppError> {
    let class = class_for_act(db, caller, class_id).await?;
    let level =
        level_from_code(level.trim()).ok_or_else(|| AppError::BadRequest("level".into()))?;
    let year = class_year(db, class).await?;
    let s = student(&year, student_id)?;
    let r = ready(s)?;
    if r.outcome != Outcome::ConductTraining {
        return Err(AppError::YearEnd(YearEndProblem::NoConductTraining));
    }
    let current = s.conduct.get("summer");
    if current.map(|c| c.version).unwrap_or(0) != version {
        return Err(AppError::EditConflict);
    }
    let write = ConductWrite {
        school_id: year.class.school_id,
        school_year_id: year.school_year_id,
        class_id: year.class.id,
        student_id,
        term: "summer",
        level: level_code(level),
        expected_version: version,
        audit: Some(Audited {
            school_id: year.class.school_id,
            action: if current.is_some() {
                "update"
            } else {
                "create"
            },
            entity: "conduct_assessment",
            entity_id: format!("{student_id}/{}/summer", year.school_year_id),
            old: current.and_then(|c| c.level.clone()),
            new: Some(level_code(level).to_string()),
            reason: None,
            student_id,
            class_id: year.class.id,
        }),
    };
    let o = origin();
    if !store::save_conduct(db, &[write], &meta(caller, &o)).await? {
        return Err(AppError::EditConflict);
    }
    Ok(())
}
