//! Recording scores the way the grid, an import or the API sends them: each entry as typed
//! ("8,5", "Đ", empty to clear), or as a mark (absent awaiting a make-up; zero by decision, with
//! its reason), with the version its author saw. The whole batch is refused when
//! the caller may not write one of its class × subject sheets; otherwise each entry is saved,
//! refused as a conflict, or refused as invalid with the reason, on its own.
use super::context::Caller;
use super::db::applied_edits::{self, valid_edit_id, MAX_EDIT_ID_CHARS};
use super::db::scores::{self, Kind, ScoreWrite, StoredScore, Value, WriteMeta, WriteOutcome};
use super::db::Db;
use super::grade_sheet::{class_in_school, class_subject, may_write_subject};
use super::sheet_gate;
use crate::domain::grading::ScoreProblem;
use crate::error::AppError;
use std::collections::{HashMap, HashSet};

/// One score as entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    pub student_id: i64,
    pub kind: Kind,
    pub slot: i64,
    /// The text typed; empty or `None` clears the cell. Ignored when `mark` is set.
    pub value: Option<String>,
    pub expected_version: i64,
    /// Absent (awaiting a make-up) or zero by decision, instead of a value.
    pub mark: Option<Mark>,
    /// Why: required for a zero by decision, kept for an absence when given.
    pub reason: Option<String>,
    /// The id the browser's outbox gave the edit: an id the caller has already applied is
    /// answered `Saved` with the version it produced, before any other check, and not written
    /// again. `None` (imports, the API) records as always.
    pub edit_id: Option<String>,
}

/// A cell that holds a state rather than a typed value (GRADING.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Vắng, chờ kiểm tra bù: the average waits for the make-up.
    Absent,
    /// 0 điểm theo quyết định: counts as 0; the decision's reason is required.
    ZeroByDecision,
}

impl Mark {
    /// From the API's `absent` / `zero_by_decision`.
    pub fn from_code(code: &str) -> Option<Mark> {
        match code.trim() {
            scores::MARK_ABSENT => Some(Mark::Absent),
            scores::MARK_ZERO_BY_DECISION => Some(Mark::ZeroByDecision),
            _ => None,
        }
    }
}

/// The longest reason kept for a mark.
pub const MAX_REASON_CHARS: usize = 500;

/// Why an entry was not saved (nothing else in the batch depends on it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Score(ScoreProblem),
    /// A comment-assessed subject takes Đ / CĐ, not a number.
    NotAJudgement,
    /// A scored subject takes a number, not Đ / CĐ.
    NotAScore,
    /// The student is not (or no longer) in the class.
    NotInClass,
    /// No such assessment column (e.g. regular slot 9 of 4, mid-term slot 2).
    NoSuchColumn,
    /// A zero by decision needs the decision's reason.
    ReasonRequired,
    /// A mark's reason is longer than [`MAX_REASON_CHARS`].
    ReasonTooLong,
    /// A comment is longer than [`MAX_COMMENT_CHARS`].
    TooLong,
    /// An edit id that is not 1 to 64 letters, digits or `-`.
    BadEditId,
}

impl Problem {
    /// An English explanation for API clients and logs.
    pub fn message(&self) -> String {
        match self {
            Problem::Score(ScoreProblem::Empty) => "no score was entered".into(),
            Problem::Score(ScoreProblem::NotANumber) => {
                "not a number: write a score such as 8 or 8.5 (8,5)".into()
            }
            Problem::Score(ScoreProblem::TooManyDecimals) => {
                "a score has at most one decimal".into()
            }
            Problem::Score(ScoreProblem::OutOfRange) => "a score is between 0 and 10".into(),
            Problem::NotAJudgement => {
                "this subject is assessed by comment: write Đ (Đạt) or CĐ (Chưa đạt)".into()
            }
            Problem::NotAScore => "this subject is assessed by scores from 0 to 10".into(),
            Problem::NotInClass => "the student is not enrolled in this class".into(),
            Problem::NoSuchColumn => "no such assessment column for this subject".into(),
            Problem::ReasonRequired => "a zero by decision needs the reason it was decided".into(),
            Problem::ReasonTooLong => {
                format!("a reason has at most {MAX_REASON_CHARS} characters")
            }
            Problem::TooLong => format!("a comment has at most {MAX_COMMENT_CHARS} characters"),
            Problem::BadEditId => format!(
                "an edit id is 1 to {MAX_EDIT_ID_CHARS} letters, digits or '-' (such as a UUID)"
            ),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Problem::Score(ScoreProblem::Empty) => "empty",
            Problem::Score(ScoreProblem::NotANumber) => "not_a_number",
            Problem::Score(ScoreProblem::TooManyDecimals) => "too_many_decimals",
            Problem::Score(ScoreProblem::OutOfRange) => "out_of_range",
            Problem::NotAJudgement => "not_a_judgement",
            Problem::NotAScore => "not_a_score",
            Problem::NotInClass => "not_in_class",
            Problem::NoSuchColumn => "no_such_column",
            Problem::ReasonRequired => "reason_required",
            Problem::ReasonTooLong => "reason_too_long",
            Problem::TooLong => "too_long",
            Problem::BadEditId => "bad_edit_id",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryResult {
    Saved { version: i64 },
    Conflict { current: Option<StoredScore> },
    Invalid(Problem),
}

/// The value to store and the reason kept with it. A zero by decision is for scored subjects
/// only and needs a reason; an absence may carry one; a typed value carries none.
fn parse_entry(
    text: Option<&str>,
    mark: Option<Mark>,
    reason: Option<&str>,
    comment: bool,
) -> Result<(Option<Value>, Option<String>), Problem> {
    let Some(mark) = mark else {
        return parse_value(text, comment).map(|v| (v, None));
    };
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(Problem::ReasonTooLong);
    }
    match mark {
        Mark::Absent => Ok((Some(Value::Absent), reason.map(str::to_string))),
        Mark::ZeroByDecision if comment => Err(Problem::NotAJudgement),
        Mark::ZeroByDecision => match reason {
            Some(r) => Ok((Some(Value::ZeroByDecision), Some(r.to_string()))),
            None => Err(Problem::ReasonRequired),
        },
    }
}

/// A typed value read by the same rules as the grid in the browser ("8,5", "Đ", "V").
fn parse_value(text: Option<&str>, comment: bool) -> Result<Option<Value>, Problem> {
    use crate::domain::grading::{EntryProblem, Judgement, Typed};
    match crate::domain::grading::read_typed(text.unwrap_or(""), comment) {
        Ok(Typed::Empty) => Ok(None),
        Ok(Typed::Absent) => Ok(Some(Value::Absent)),
        Ok(Typed::Score(s)) => Ok(Some(Value::Tenths(s.tenths()))),
        Ok(Typed::Judgement(Judgement::Pass)) => Ok(Some(Value::Pass)),
        Ok(Typed::Judgement(Judgement::Fail)) => Ok(Some(Value::Fail)),
        Err(EntryProblem::Score(p)) => Err(Problem::Score(p)),
        Err(EntryProblem::NotAJudgement) => Err(Problem::NotAJudgement),
        Err(EntryProblem::NotAScore) => Err(Problem::NotAScore),
    }
}

struct Sheet {
    class: super::db::classes::ClassRow,
    comment: bool,
    regular_count: i64,
    students: HashSet<i64>,
    semesters: HashMap<i64, super::db::scores::SemesterRow>,
}

/// The versions the caller's already-applied edits produced, by edit id (valid ids only).
async fn replayed<'a>(
    db: &Db,
    caller: &Caller,
    ids: impl Iterator<Item = Option<&'a str>>,
) -> Result<HashMap<String, i64>, AppError> {
    let ids: Vec<&str> = ids.flatten().filter(|id| valid_edit_id(id)).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(applied_edits::applied(db, caller.school_id, caller.user_id, &ids).await?)
}

/// Answers first the entries whose edit id the caller has already applied (as then: the edit
/// was judged when it arrived; ids are per user, so this tells nothing new). Then checks
/// access for every class × subject of the rest (any refusal refuses all), then validates and
/// writes each entry.
pub async fn record(
    db: &Db,
    caller: &Caller,
    entries: &[Entry],
    meta: &WriteMeta<'_>,
) -> Result<Vec<EntryResult>, AppError> {
    let mut results: Vec<Option<EntryResult>> = vec![None; entries.len()];
    let done = replayed(db, caller, entries.iter().map(|e| e.edit_id.as_deref())).await?;
    let mut fresh: Vec<(usize, &Entry)> = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        match e.edit_id.as_ref().and_then(|id| done.get(id)) {
            Some(version) => results[i] = Some(EntryResult::Saved { version: *version }),
            None => fresh.push((i, e)),
        }
    }
    let mut sheets: HashMap<(i64, i64), Sheet> = HashMap::new();
    for (_, e) in &fresh {
        if sheets.contains_key(&(e.class_id, e.subject_id)) {
            continue;
        }
        let class = class_in_school(db, caller, e.class_id).await?;
        let subject = class_subject(db, class.id, e.subject_id).await?;
        if !may_write_subject(caller, &subject) {
            tracing::warn!(
                user = caller.user_id,
                class_id = class.id,
                subject_id = subject.id,
                "score write refused"
            );
            return Err(AppError::Forbidden);
        }
        let setup = super::db::grading::setup(db, class.id, subject.id)
            .await?
            .ok_or(AppError::NotFound)?;
        super::grade_sheet::refuse_other_rule_sets(&setup)?;
        let regular_count = i64::try_from(setup.regular_assessments()?).unwrap_or(i64::MAX);
        let students = scores::students_of_class(db, class.id)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        let semesters = scores::semesters_of_class(db, class.id)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        sheets.insert(
            (e.class_id, e.subject_id),
            Sheet {
                class,
                comment: setup.assessment_kind == "comment",
                regular_count,
                students,
                semesters,
            },
        );
    }
    // Closed sheets (locked, or past their deadline) refuse the whole batch, for everyone,
    // but for the cells an approved, unexpired correction request opens to the caller.
    let mut gate = sheet_gate::Gate::new(db, caller);
    let mut admissions = Vec::with_capacity(fresh.len());
    for (_, e) in &fresh {
        let sheet = sheets
            .get(&(e.class_id, e.subject_id))
            .ok_or(AppError::Internal)?;
        let semester = sheet
            .semesters
            .get(&e.semester_id)
            .ok_or(AppError::NotFound)?;
        admissions.push(
            gate.admit(
                &sheet.class,
                semester,
                e.subject_id,
                (e.student_id, e.kind, e.slot),
            )
            .await?,
        );
    }
    let mut writes = Vec::new();
    let mut positions = Vec::new();
    for (k, (i, e)) in fresh.iter().enumerate() {
        let i = *i;
        let sheet = sheets
            .get(&(e.class_id, e.subject_id))
            .ok_or(AppError::Internal)?;
        let checked = if e.edit_id.as_deref().is_some_and(|id| !valid_edit_id(id)) {
            Err(Problem::BadEditId)
        } else if !sheet.students.contains(&e.student_id) {
            Err(Problem::NotInClass)
        } else if !column_exists(e.kind, e.slot, sheet.regular_count) {
            Err(Problem::NoSuchColumn)
        } else {
            parse_entry(
                e.value.as_deref(),
                e.mark,
                e.reason.as_deref(),
                sheet.comment,
            )
        };
        match checked {
            Err(problem) => results[i] = Some(EntryResult::Invalid(problem)),
            Ok((value, reason)) => {
                writes.push(ScoreWrite {
                    school_id: sheet.class.school_id,
                    class_id: e.class_id,
                    subject_id: e.subject_id,
                    semester_id: e.semester_id,
                    student_id: e.student_id,
                    kind: e.kind,
                    slot: e.slot,
                    value,
                    reason,
                    expected_version: e.expected_version,
                    edit_id: e.edit_id.clone(),
                });
                positions.push((i, admissions[k].clone()));
            }
        }
    }
    // Writes through a correction request are recorded as such, one group per request.
    let mut groups: Vec<(sheet_gate::Admission, Vec<ScoreWrite>, Vec<usize>)> = Vec::new();
    for (w, (i, admission)) in writes.into_iter().zip(positions) {
        match groups.iter_mut().find(|g| g.0 == admission) {
            Some(g) => {
                g.1.push(w);
                g.2.push(i);
            }
            None => groups.push((admission, vec![w], vec![i])),
        }
    }
    for (admission, group, indexes) in groups {
        let outcomes = match &admission {
            sheet_gate::Admission::Open => scores::write(db, &group, meta).await?,
            sheet_gate::Admission::Correction { request_id, reason } => {
                let reason = sheet_gate::correction_reason(*request_id, reason);
                let meta = WriteMeta {
                    source: "correction",
                    reason: Some(&reason),
                    ..meta.clone()
                };
                scores::write(db, &group, &meta).await?
            }
        };
        for (i, outcome) in indexes.into_iter().zip(outcomes) {
            results[i] = Some(match outcome {
                WriteOutcome::Saved { version } => EntryResult::Saved { version },
                WriteOutcome::Conflict { current } => EntryResult::Conflict { current },
            });
        }
    }
    results
        .into_iter()
        .map(|r| r.ok_or(AppError::Internal))
        .collect()
}

/// The longest comment kept (a few sentences, as a học bạ cell holds).
pub const MAX_COMMENT_CHARS: usize = 1000;

/// A comment as entered, with the version its author saw (0: none yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentEntry {
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    pub student_id: i64,
    pub comment: String,
    pub expected_version: i64,
    /// As [`Entry::edit_id`].
    pub edit_id: Option<String>,
}

/// Writes the teacher's comment (nhận xét) on a student, for those who may write the sheet.
/// `Ok(Err(NotInClass))` when the student is not in the class, `Ok(Err(TooLong))` for too long
/// a comment, `Ok(Err(BadEditId))` for a malformed edit id (all only once access is granted: a
/// stranger learns nothing from them). An edit id the caller has already applied is answered
/// `Saved` with the version it produced, before any check, as for scores.
pub async fn record_comment(
    db: &Db,
    caller: &Caller,
    entry: &CommentEntry,
    meta: &WriteMeta<'_>,
) -> Result<Result<scores::CommentOutcome, Problem>, AppError> {
    let CommentEntry {
        class_id,
        subject_id,
        semester_id,
        student_id,
        comment,
        expected_version,
        edit_id,
    } = entry;
    if let Some(version) = replayed(db, caller, std::iter::once(edit_id.as_deref()))
        .await?
        .into_values()
        .next()
    {
        return Ok(Ok(scores::CommentOutcome::Saved { version }));
    }
    let (semester_id, student_id, expected_version) =
        (*semester_id, *student_id, *expected_version);
    let class = class_in_school(db, caller, *class_id).await?;
    let subject = class_subject(db, class.id, *subject_id).await?;
    if !may_write_subject(caller, &subject) {
        return Err(AppError::Forbidden);
    }
    let semester = scores::semesters_of_class(db, class.id)
        .await?
        .into_iter()
        .find(|s| s.id == semester_id)
        .ok_or(AppError::NotFound)?;
    if let Some(closure) = sheet_gate::closure(db, &class, &semester).await? {
        return Err(sheet_gate::refused(closure));
    }
    super::sheet_review::refuse_if_closed(db, class.id, subject.id, semester_id).await?;
    if !scores::students_of_class(db, class.id)
        .await?
        .iter()
        .any(|s| s.id == student_id)
    {
        return Ok(Err(Problem::NotInClass));
    }
    if edit_id.as_deref().is_some_and(|id| !valid_edit_id(id)) {
        return Ok(Err(Problem::BadEditId));
    }
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Ok(Err(Problem::TooLong));
    }
    let write = scores::CommentWrite {
        school_id: class.school_id,
        class_id: class.id,
        subject_id: subject.id,
        semester_id,
        student_id,
        comment: comment.to_string(),
        expected_version,
        edit_id: edit_id.clone(),
    };
    Ok(Ok(scores::write_comment(db, &write, meta).await?))
}

/// Regular slots up to the subject's count; one mid-term, one end-of-term, one re-assessment.
fn column_exists(kind: Kind, slot: i64, regular_count: i64) -> bool {
    match kind {
        Kind::Regular => (1..=regular_count).contains(&slot),
        Kind::Midterm | Kind::Final | Kind::Reassessment => slot == 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vietnamese_decimal_comma_is_accepted() {
        assert_eq!(parse_value(Some("8,5"), false), Ok(Some(Value::Tenths(85))));
        assert_eq!(
            parse_value(Some(" 10 "), false),
            Ok(Some(Value::Tenths(100)))
        );
    }

    #[test]
    fn an_empty_entry_clears_the_cell() {
        assert_eq!(parse_value(Some("  "), false), Ok(None));
        assert_eq!(parse_value(None, true), Ok(None));
    }

    #[test]
    fn bad_scores_say_why() {
        assert_eq!(
            parse_value(Some("11"), false),
            Err(Problem::Score(ScoreProblem::OutOfRange))
        );
        assert_eq!(
            parse_value(Some("8.55"), false),
            Err(Problem::Score(ScoreProblem::TooManyDecimals))
        );
        assert_eq!(
            parse_value(Some("abc"), false),
            Err(Problem::Score(ScoreProblem::NotANumber))
        );
        assert_eq!(parse_value(Some("Đ"), false), Err(Problem::NotAScore));
    }

    #[test]
    fn comment_subjects_take_dat_or_chua_dat() {
        assert_eq!(parse_value(Some("Đ"), true), Ok(Some(Value::Pass)));
        assert_eq!(parse_value(Some("cđ"), true), Ok(Some(Value::Fail)));
        assert_eq!(parse_value(Some("pass"), true), Ok(Some(Value::Pass)));
        assert_eq!(parse_value(Some("8"), true), Err(Problem::NotAJudgement));
    }

    #[test]
    fn an_absence_is_stored_as_a_mark_with_any_reason_given() {
        assert_eq!(
            parse_entry(Some("8"), Some(Mark::Absent), None, false),
            Ok((Some(Value::Absent), None))
        );
        assert_eq!(
            parse_entry(None, Some(Mark::Absent), Some(" ốm "), true),
            Ok((Some(Value::Absent), Some("ốm".into())))
        );
    }

    #[test]
    fn a_zero_by_decision_needs_its_reason_and_a_scored_subject() {
        assert_eq!(
            parse_entry(None, Some(Mark::ZeroByDecision), Some("  "), false),
            Err(Problem::ReasonRequired)
        );
        assert_eq!(
            parse_entry(None, Some(Mark::ZeroByDecision), None, false),
            Err(Problem::ReasonRequired)
        );
        assert_eq!(
            parse_entry(
                None,
                Some(Mark::ZeroByDecision),
                Some("bỏ kiểm tra bù"),
                false
            ),
            Ok((Some(Value::ZeroByDecision), Some("bỏ kiểm tra bù".into())))
        );
        assert_eq!(
            parse_entry(None, Some(Mark::ZeroByDecision), Some("x"), true),
            Err(Problem::NotAJudgement)
        );
        let long = "a".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(
            parse_entry(None, Some(Mark::ZeroByDecision), Some(&long), false),
            Err(Problem::ReasonTooLong)
        );
        let longest = "ư".repeat(MAX_REASON_CHARS);
        assert!(parse_entry(None, Some(Mark::ZeroByDecision), Some(&longest), false).is_ok());
    }

    #[test]
    fn a_typed_value_keeps_no_reason() {
        assert_eq!(
            parse_entry(Some("7"), None, Some("why"), false),
            Ok((Some(Value::Tenths(70)), None))
        );
    }

    #[test]
    fn marks_read_from_their_codes() {
        assert_eq!(Mark::from_code("absent"), Some(Mark::Absent));
        assert_eq!(
            Mark::from_code("zero_by_decision"),
            Some(Mark::ZeroByDecision)
        );
        assert_eq!(Mark::from_code("zero"), None);
    }

    #[test]
    fn only_existing_columns_can_be_written() {
        assert!(column_exists(Kind::Regular, 4, 4));
        assert!(!column_exists(Kind::Regular, 5, 4));
        assert!(!column_exists(Kind::Regular, 0, 4));
        assert!(column_exists(Kind::Final, 1, 4));
        assert!(!column_exists(Kind::Midterm, 2, 4));
    }
}
