//! What a teacher typed into a gradebook cell means, the same in the browser (to validate a
//! paste before sending it and to recompute averages as keys are pressed) and on the server.
//! A scored subject takes 0–10 with one decimal ("8,5" or "8.5"); a comment-assessed subject
//! takes Đ / CĐ; either may be marked absent ("V", *vắng*), an assessment owed a make-up.
use super::{Cell, Judgement, Score, ScoreProblem};

/// A cell's content as understood from its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typed {
    /// Nothing typed: not entered yet (never a zero).
    Empty,
    Score(Score),
    Judgement(Judgement),
    /// Vắng: missed, waiting for a make-up.
    Absent,
}

/// Why a typed cell cannot be saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EntryProblem {
    #[error(transparent)]
    Score(#[from] ScoreProblem),
    /// A comment-assessed subject takes Đ / CĐ, not a number.
    #[error("this subject takes Đ or CĐ")]
    NotAJudgement,
    /// A scored subject takes a number, not Đ / CĐ.
    #[error("this subject takes a score")]
    NotAScore,
}

impl EntryProblem {
    /// The stable code the grid's API uses for the problem.
    pub fn code(self) -> &'static str {
        match self {
            EntryProblem::Score(ScoreProblem::Empty) => "empty",
            EntryProblem::Score(ScoreProblem::NotANumber) => "not_a_number",
            EntryProblem::Score(ScoreProblem::TooManyDecimals) => "too_many_decimals",
            EntryProblem::Score(ScoreProblem::OutOfRange) => "out_of_range",
            EntryProblem::NotAJudgement => "not_a_judgement",
            EntryProblem::NotAScore => "not_a_score",
        }
    }
}

/// "Đ", "đạt", "d", "pass" → Đạt; "CĐ", "chưa đạt", "cd", "fail" → Chưa đạt.
pub fn read_judgement(text: &str) -> Option<Judgement> {
    match text.trim().to_lowercase().as_str() {
        "đ" | "d" | "đạt" | "dat" | "pass" => Some(Judgement::Pass),
        "cđ" | "cd" | "chưa đạt" | "chua dat" | "fail" => Some(Judgement::Fail),
        _ => None,
    }
}

/// "V", "vắng", "vang", "abs", "absent" (any case) mark a missed assessment.
pub fn is_absent_mark(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "v" | "vắng" | "vang" | "abs" | "absent"
    )
}

/// Reads a typed cell of a scored (`comment == false`) or comment-assessed subject.
pub fn read_typed(text: &str, comment: bool) -> Result<Typed, EntryProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Typed::Empty);
    }
    if is_absent_mark(text) {
        return Ok(Typed::Absent);
    }
    let judgement = read_judgement(text);
    match (comment, judgement) {
        (true, Some(j)) => Ok(Typed::Judgement(j)),
        (true, None) => Err(EntryProblem::NotAJudgement),
        (false, Some(_)) => Err(EntryProblem::NotAScore),
        (false, None) => Ok(Typed::Score(Score::parse(text)?)),
    }
}

/// The cell a scored subject's average is computed from; `zero_by_decision` is a "0" the school
/// decided (with a recorded reason), which counts, unlike an assessment still owed.
pub fn score_cell(typed: Result<Typed, EntryProblem>, zero_by_decision: bool) -> Cell {
    match typed {
        Ok(Typed::Score(s)) if zero_by_decision && s == Score::ZERO => Cell::ZeroByDecision,
        Ok(Typed::Score(s)) => Cell::Scored(s),
        Ok(Typed::Absent) => Cell::AbsentAwaitingMakeUp,
        // A refused value is not saved, so it does not count either.
        Ok(Typed::Empty | Typed::Judgement(_)) | Err(_) => Cell::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(text: &str) -> Typed {
        Typed::Score(Score::parse(text).expect("score"))
    }

    #[test]
    fn the_issue_s_examples_are_read_or_refused_with_their_reason() {
        assert_eq!(
            read_typed("11", false),
            Err(EntryProblem::Score(ScoreProblem::OutOfRange))
        );
        assert_eq!(
            read_typed("-1", false),
            Err(EntryProblem::Score(ScoreProblem::OutOfRange))
        );
        assert_eq!(
            read_typed("8.55", false),
            Err(EntryProblem::Score(ScoreProblem::TooManyDecimals))
        );
        assert_eq!(
            read_typed("abc", false),
            Err(EntryProblem::Score(ScoreProblem::NotANumber))
        );
        assert_eq!(read_typed("8,5", false), Ok(score("8.5")));
        assert_eq!(read_typed(" 8.5 ", false), Ok(score("8.5")));
    }

    #[test]
    fn an_empty_cell_is_not_entered_rather_than_zero() {
        assert_eq!(read_typed("", false), Ok(Typed::Empty));
        assert_eq!(read_typed("  \t", true), Ok(Typed::Empty));
        assert_eq!(score_cell(read_typed("", false), true), Cell::Empty);
    }

    #[test]
    fn absence_is_a_mark_in_either_kind_of_subject() {
        for text in ["V", "v", "vắng", "Vắng", "abs", "ABSENT"] {
            assert_eq!(read_typed(text, false), Ok(Typed::Absent), "{text}");
            assert_eq!(read_typed(text, true), Ok(Typed::Absent), "{text}");
        }
        assert_eq!(
            score_cell(read_typed("v", false), false),
            Cell::AbsentAwaitingMakeUp
        );
    }

    #[test]
    fn judgements_belong_to_comment_subjects_only() {
        assert_eq!(read_typed("Đ", true), Ok(Typed::Judgement(Judgement::Pass)));
        assert_eq!(
            read_typed("cđ", true),
            Ok(Typed::Judgement(Judgement::Fail))
        );
        assert_eq!(
            read_typed("Chưa đạt", true),
            Ok(Typed::Judgement(Judgement::Fail))
        );
        assert_eq!(read_typed("8", true), Err(EntryProblem::NotAJudgement));
        assert_eq!(read_typed("Đ", false), Err(EntryProblem::NotAScore));
    }

    #[test]
    fn only_a_decided_zero_is_a_zero_by_decision() {
        assert_eq!(
            score_cell(read_typed("0", false), true),
            Cell::ZeroByDecision
        );
        assert_eq!(
            score_cell(read_typed("0", false), false),
            Cell::Scored(Score::ZERO)
        );
        assert_eq!(
            score_cell(read_typed("7", false), true),
            Cell::Scored(Score::parse("7").expect("7"))
        );
        assert_eq!(score_cell(read_typed("x", false), false), Cell::Empty);
    }

    #[test]
    fn every_problem_has_a_distinct_code() {
        let problems = [
            EntryProblem::Score(ScoreProblem::Empty),
            EntryProblem::Score(ScoreProblem::NotANumber),
            EntryProblem::Score(ScoreProblem::TooManyDecimals),
            EntryProblem::Score(ScoreProblem::OutOfRange),
            EntryProblem::NotAJudgement,
            EntryProblem::NotAScore,
        ];
        let codes: std::collections::HashSet<_> = problems.iter().map(|p| p.code()).collect();
        assert_eq!(codes.len(), problems.len());
    }

    proptest::proptest! {
        #[test]
        fn every_tenth_from_0_to_10_is_read_back_in_both_notations(tenths in 0u8..=100) {
            let s = Score::from_tenths(tenths).expect("in range");
            proptest::prop_assert_eq!(read_typed(&s.format_vi(), false), Ok(Typed::Score(s)));
            proptest::prop_assert_eq!(read_typed(&s.format_en(), false), Ok(Typed::Score(s)));
        }

        #[test]
        fn reading_never_panics(text in "\\PC{0,12}", comment in proptest::bool::ANY) {
            let _ = read_typed(&text, comment);
        }
    }
}
