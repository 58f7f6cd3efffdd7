//! Recording scores the way the grid, an import or the API sends them: each entry as typed
//! ("8,5", "Đ", empty to clear) with the version its author saw. The whole batch is refused when
//! the caller may not write one of its class × subject sheets; otherwise each entry is saved,
//! refused as a conflict, or refused as invalid with the reason, on its own.
use super::context::Caller;
use super::db::scores::{self, Kind, ScoreWrite, StoredScore, Value, WriteMeta, WriteOutcome};
use super::db::Db;
use super::grade_sheet::{class_in_school, class_subject, may_write_subject};
use crate::domain::grading::{Score, ScoreProblem};
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
    /// The text typed; empty or `None` clears the cell.
    pub value: Option<String>,
    pub expected_version: i64,
}

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
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryResult {
    Saved { version: i64 },
    Conflict { current: Option<StoredScore> },
    Invalid(Problem),
}

/// Đ / CĐ as teachers write them, or the API's `pass` / `fail`.
pub fn parse_judgement(text: &str) -> Option<Value> {
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "đ" | "d" | "đạt" | "pass" => Some(Value::Pass),
        "cđ" | "cd" | "chưa đạt" | "fail" => Some(Value::Fail),
        _ => None,
    }
}

fn parse_value(text: Option<&str>, comment: bool) -> Result<Option<Value>, Problem> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if comment {
        return parse_judgement(text)
            .map(Some)
            .ok_or(Problem::NotAJudgement);
    }
    if parse_judgement(text).is_some() {
        return Err(Problem::NotAScore);
    }
    Score::parse(text)
        .map(|s| Some(Value::Tenths(s.tenths())))
        .map_err(Problem::Score)
}

struct Sheet {
    school_id: i64,
    comment: bool,
    regular_count: i64,
    students: HashSet<i64>,
    semesters: HashSet<i64>,
}

/// Checks access for every class × subject of the batch first (any refusal refuses all), then
/// validates and writes each entry.
pub async fn record(
    db: &Db,
    caller: &Caller,
    entries: &[Entry],
    meta: &WriteMeta<'_>,
) -> Result<Vec<EntryResult>, AppError> {
    let mut sheets: HashMap<(i64, i64), Sheet> = HashMap::new();
    for e in entries {
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
            .map(|s| s.id)
            .collect();
        sheets.insert(
            (e.class_id, e.subject_id),
            Sheet {
                school_id: class.school_id,
                comment: setup.assessment_kind == "comment",
                regular_count,
                students,
                semesters,
            },
        );
    }
    let mut results: Vec<Option<EntryResult>> = vec![None; entries.len()];
    let mut writes = Vec::new();
    let mut positions = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let sheet = sheets
            .get(&(e.class_id, e.subject_id))
            .ok_or(AppError::Internal)?;
        if !sheet.semesters.contains(&e.semester_id) {
            return Err(AppError::NotFound);
        }
        let checked = if !sheet.students.contains(&e.student_id) {
            Err(Problem::NotInClass)
        } else if !column_exists(e.kind, e.slot, sheet.regular_count) {
            Err(Problem::NoSuchColumn)
        } else {
            parse_value(e.value.as_deref(), sheet.comment)
        };
        match checked {
            Err(problem) => results[i] = Some(EntryResult::Invalid(problem)),
            Ok(value) => {
                writes.push(ScoreWrite {
                    school_id: sheet.school_id,
                    class_id: e.class_id,
                    subject_id: e.subject_id,
                    semester_id: e.semester_id,
                    student_id: e.student_id,
                    kind: e.kind,
                    slot: e.slot,
                    value,
                    expected_version: e.expected_version,
                });
                positions.push(i);
            }
        }
    }
    let outcomes = if writes.is_empty() {
        Vec::new()
    } else {
        scores::write(db, &writes, meta).await?
    };
    for (i, outcome) in positions.into_iter().zip(outcomes) {
        results[i] = Some(match outcome {
            WriteOutcome::Saved { version } => EntryResult::Saved { version },
            WriteOutcome::Conflict { current } => EntryResult::Conflict { current },
        });
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
}

/// Writes the teacher's comment (nhận xét) on a student, for those who may write the sheet.
/// `Ok(Err(NotInClass))` when the student is not in the class; too long a comment is a
/// `BadRequest`.
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
    } = entry;
    let (semester_id, student_id, expected_version) =
        (*semester_id, *student_id, *expected_version);
    let class = class_in_school(db, caller, *class_id).await?;
    let subject = class_subject(db, class.id, *subject_id).await?;
    if !may_write_subject(caller, &subject) {
        return Err(AppError::Forbidden);
    }
    if !scores::semesters_of_class(db, class.id)
        .await?
        .iter()
        .any(|s| s.id == semester_id)
    {
        return Err(AppError::NotFound);
    }
    if !scores::students_of_class(db, class.id)
        .await?
        .iter()
        .any(|s| s.id == student_id)
    {
        return Ok(Err(Problem::NotInClass));
    }
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(AppError::BadRequest("comment too long".into()));
    }
    let write = scores::CommentWrite {
        school_id: class.school_id,
        class_id: class.id,
        subject_id: subject.id,
        semester_id,
        student_id,
        comment: comment.to_string(),
        expected_version,
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
    fn only_existing_columns_can_be_written() {
        assert!(column_exists(Kind::Regular, 4, 4));
        assert!(!column_exists(Kind::Regular, 5, 4));
        assert!(!column_exists(Kind::Regular, 0, 4));
        assert!(column_exists(Kind::Final, 1, 4));
        assert!(!column_exists(Kind::Midterm, 2, 4));
    }
}
