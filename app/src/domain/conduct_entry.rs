//! What a homeroom teacher types into the conduct grid (kết quả rèn luyện, TT22 Điều 8): a level
//! as "T", "Tốt", "good"…, a comment. Pure, so the browser checks a cell before it is sent and
//! the server checks it again.
use super::grading::conduct::year_conduct;
use super::grading::level::Level;
use super::vietnamese::fold_vi;
use serde::{Deserialize, Serialize};

/// Longest conduct comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;

/// The terms the conduct grid writes ('summer' is the year-end re-assessment's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConductTerm {
    S1,
    S2,
    Year,
}

impl ConductTerm {
    pub const ALL: [ConductTerm; 3] = [ConductTerm::S1, ConductTerm::S2, ConductTerm::Year];

    pub fn code(self) -> &'static str {
        match self {
            ConductTerm::S1 => "s1",
            ConductTerm::S2 => "s2",
            ConductTerm::Year => "year",
        }
    }

    pub fn from_code(code: &str) -> Option<ConductTerm> {
        ConductTerm::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The semester whose lock closes this term: the year comment goes with semester II.
    pub fn semester_number(self) -> i64 {
        match self {
            ConductTerm::S1 => 1,
            ConductTerm::S2 | ConductTerm::Year => 2,
        }
    }
}

/// One editable cell of a student's conduct row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConductField {
    S1Level,
    S1Comment,
    S2Level,
    S2Comment,
    /// The year level is computed; only its comment is typed.
    YearComment,
}

impl ConductField {
    /// The grid's editable columns, left to right.
    pub const ALL: [ConductField; 5] = [
        ConductField::S1Level,
        ConductField::S1Comment,
        ConductField::S2Level,
        ConductField::S2Comment,
        ConductField::YearComment,
    ];

    pub fn term(self) -> ConductTerm {
        match self {
            ConductField::S1Level | ConductField::S1Comment => ConductTerm::S1,
            ConductField::S2Level | ConductField::S2Comment => ConductTerm::S2,
            ConductField::YearComment => ConductTerm::Year,
        }
    }

    pub fn is_level(self) -> bool {
        matches!(self, ConductField::S1Level | ConductField::S2Level)
    }
}

/// Why a typed cell is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConductProblem {
    /// Not one of Tốt / Khá / Đạt / Chưa đạt.
    UnknownLevel,
    /// More than [`MAX_COMMENT_CHARS`].
    CommentTooLong,
}

impl ConductProblem {
    pub fn code(self) -> &'static str {
        match self {
            ConductProblem::UnknownLevel => "unknown_level",
            ConductProblem::CommentTooLong => "comment_too_long",
        }
    }

    pub fn from_code(code: &str) -> Option<ConductProblem> {
        [ConductProblem::UnknownLevel, ConductProblem::CommentTooLong]
            .into_iter()
            .find(|p| p.code() == code)
    }
}

/// Reads a typed level: "T"/"Tốt", "K"/"Khá", "Đ"/"D"/"Đạt", "CĐ"/"CD"/"Chưa đạt", or the
/// English "good" / "fair" / "pass" / "fail", whatever the case or diacritics. Empty clears.
pub fn parse_level(text: &str) -> Result<Option<Level>, ConductProblem> {
    let folded = fold_vi(text);
    let compact: String = folded.chars().filter(|c| *c != ' ' && *c != '.').collect();
    Ok(Some(match compact.as_str() {
        "" => return Ok(None),
        "t" | "tot" | "good" => Level::Good,
        "k" | "kha" | "fair" => Level::Fair,
        "d" | "dat" | "pass" => Level::Pass,
        "cd" | "chuadat" | "fail" => Level::Fail,
        _ => return Err(ConductProblem::UnknownLevel),
    }))
}

/// A comment as stored: trimmed, at most [`MAX_COMMENT_CHARS`] characters.
pub fn check_comment(text: &str) -> Result<String, ConductProblem> {
    let trimmed = text.trim();
    if trimmed.chars().count() > MAX_COMMENT_CHARS {
        return Err(ConductProblem::CommentTooLong);
    }
    Ok(trimmed.to_string())
}

/// The database code of a level ('good', 'fair', 'pass', 'fail').
pub fn level_code(level: Level) -> &'static str {
    match level {
        Level::Good => "good",
        Level::Fair => "fair",
        Level::Pass => "pass",
        Level::Fail => "fail",
    }
}

pub fn level_from_code(code: &str) -> Option<Level> {
    Level::ALL.into_iter().find(|l| level_code(*l) == code)
}

/// The short form the grid shows: T, K, Đ, CĐ.
pub fn level_short(level: Level) -> &'static str {
    match level {
        Level::Good => "T",
        Level::Fair => "K",
        Level::Pass => "Đ",
        Level::Fail => "CĐ",
    }
}

/// The year level, once both semesters are set.
pub fn year_level(first: Option<Level>, second: Option<Level>) -> Option<Level> {
    Some(year_conduct(first?, second?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_level_reads_in_every_spelling() {
        for (texts, level) in [
            (
                &["T", "t", "Tốt", "TỐT", "tot", "good", "Good"][..],
                Level::Good,
            ),
            (&["K", "k", "Khá", "kha", "fair"][..], Level::Fair),
            (
                &["Đ", "đ", "D", "Đạt", "dat", "pass", "PASS"][..],
                Level::Pass,
            ),
            (
                &["CĐ", "cđ", "CD", "cd", "Chưa đạt", "chua dat", "fail"][..],
                Level::Fail,
            ),
        ] {
            for text in texts {
                assert_eq!(parse_level(text), Ok(Some(level)), "{text}");
            }
        }
    }

    #[test]
    fn empty_clears_and_anything_else_is_refused() {
        assert_eq!(parse_level(""), Ok(None));
        assert_eq!(parse_level("   "), Ok(None));
        for text in ["X", "Giỏi", "8", "TK", "excellent", "Tốt lắm"] {
            assert_eq!(
                parse_level(text),
                Err(ConductProblem::UnknownLevel),
                "{text}"
            );
        }
    }

    #[test]
    fn comments_are_trimmed_and_limited() {
        assert_eq!(check_comment("  Ngoan  "), Ok("Ngoan".into()));
        assert_eq!(
            check_comment(&"ă".repeat(500)).map(|c| c.chars().count()),
            Ok(500)
        );
        assert_eq!(
            check_comment(&"ă".repeat(501)),
            Err(ConductProblem::CommentTooLong)
        );
    }

    #[test]
    fn the_year_level_needs_both_semesters() {
        assert_eq!(year_level(Some(Level::Good), None), None);
        assert_eq!(year_level(None, Some(Level::Good)), None);
        assert_eq!(
            year_level(Some(Level::Fair), Some(Level::Good)),
            Some(Level::Good)
        );
        assert_eq!(
            year_level(Some(Level::Pass), Some(Level::Good)),
            Some(Level::Fair)
        );
    }

    #[test]
    fn codes_round_trip() {
        for level in Level::ALL {
            assert_eq!(level_from_code(level_code(level)), Some(level));
            assert_eq!(parse_level(level_short(level)), Ok(Some(level)));
            assert_eq!(parse_level(level.name_vi()), Ok(Some(level)));
        }
        for term in ConductTerm::ALL {
            assert_eq!(ConductTerm::from_code(term.code()), Some(term));
        }
        assert_eq!(ConductTerm::from_code("summer"), None);
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_accepts_only_four_levels(text in "\\PC{0,12}") {
            match parse_level(&text) {
                Ok(None) => prop_assert!(fold_vi(&text).replace(['.', ' '], "").is_empty()),
                Ok(Some(level)) => prop_assert!(Level::ALL.contains(&level)),
                Err(p) => prop_assert_eq!(p, ConductProblem::UnknownLevel),
            }
        }

        #[test]
        fn case_does_not_matter(i in 0usize..4, upper in proptest::bool::ANY) {
            let level = Level::ALL[i];
            let name = if upper { level.name_vi().to_uppercase() } else { level.name_vi().to_lowercase() };
            prop_assert_eq!(parse_level(&name), Ok(Some(level)));
        }

        #[test]
        fn a_comment_is_kept_when_short_enough(text in "\\PC{0,600}") {
            match check_comment(&text) {
                Ok(c) => prop_assert!(c.chars().count() <= MAX_COMMENT_CHARS),
                Err(_) => prop_assert!(text.trim().chars().count() > MAX_COMMENT_CHARS),
            }
        }
    }
}
