//! Scores as teachers enter them (TT22 Điều 6.2: whole or one decimal, 0–10; TT27 Điều 7.2:
//! primary tests are whole numbers, 1–10, no zero). Stored as integer tenths so that sums and
//! averages are exact: binary floats would turn 8.45 into 8.4 (see `average`).
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a typed score was refused. Serializable so the server can send it to the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ScoreProblem {
    #[error("no score was entered")]
    Empty,
    #[error("not a number")]
    NotANumber,
    /// Điểm chỉ có tối đa một chữ số thập phân (one for secondary, none for primary tests).
    #[error("too many decimals")]
    TooManyDecimals,
    #[error("outside the allowed range")]
    OutOfRange,
}

/// A secondary score (điểm đánh giá), 0–10 with at most one decimal, in tenths (0..=100).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

/// The highest score and the highest average, in tenths.
pub const MAX_TENTHS: u8 = 100;

impl Score {
    pub const ZERO: Score = Score(0);
    pub const TEN: Score = Score(MAX_TENTHS);

    pub fn from_tenths(tenths: u8) -> Result<Score, ScoreProblem> {
        if tenths > MAX_TENTHS {
            return Err(ScoreProblem::OutOfRange);
        }
        Ok(Score(tenths))
    }

    pub fn tenths(self) -> u8 {
        self.0
    }

    /// Accepts "8", "8.5", "8,5" (the Vietnamese comma) and surrounding spaces. Trailing
    /// zeros ("8.50") are harmless: spreadsheets export them and the value has one decimal.
    pub fn parse(input: &str) -> Result<Score, ScoreProblem> {
        let tenths = parse_tenths(input)?;
        u8::try_from(tenths)
            .map_err(|_| ScoreProblem::OutOfRange)
            .and_then(Score::from_tenths)
    }

    /// Vietnamese notation: "8,5"; a whole score is shown as "8", the way teachers write it.
    pub fn format_vi(self) -> String {
        format_tenths(self.0, ',', false)
    }

    /// English notation: "8.5".
    pub fn format_en(self) -> String {
        format_tenths(self.0, '.', false)
    }
}

impl TryFrom<u8> for Score {
    type Error = ScoreProblem;
    fn try_from(tenths: u8) -> Result<Score, ScoreProblem> {
        Score::from_tenths(tenths)
    }
}

impl From<Score> for u8 {
    fn from(score: Score) -> u8 {
        score.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_en())
    }
}

/// A primary periodic test score (TT27 Điều 7.2): whole number, 1–10, never 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct WholeScore(u8);

impl WholeScore {
    pub fn new(points: u8) -> Result<WholeScore, ScoreProblem> {
        if (1..=10).contains(&points) {
            Ok(WholeScore(points))
        } else {
            Err(ScoreProblem::OutOfRange)
        }
    }

    pub fn points(self) -> u8 {
        self.0
    }

    /// Like [`Score::parse`], but any non-zero decimal is `TooManyDecimals` (none are allowed).
    pub fn parse(input: &str) -> Result<WholeScore, ScoreProblem> {
        let tenths = parse_tenths(input)?;
        if tenths % 10 != 0 {
            return Err(ScoreProblem::TooManyDecimals);
        }
        u8::try_from(tenths / 10)
            .map_err(|_| ScoreProblem::OutOfRange)
            .and_then(WholeScore::new)
    }
}

impl TryFrom<u8> for WholeScore {
    type Error = ScoreProblem;
    fn try_from(points: u8) -> Result<WholeScore, ScoreProblem> {
        WholeScore::new(points)
    }
}

impl From<WholeScore> for u8 {
    fn from(score: WholeScore) -> u8 {
        score.0
    }
}

impl fmt::Display for WholeScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One gradebook cell. Missing is *not yet*, never 0; only a recorded decision makes a zero
/// (who decided and why are kept by the store, not here).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    /// Chưa nhập.
    #[default]
    Empty,
    Scored(Score),
    /// Vắng có lí do, chờ kiểm tra bù.
    AbsentAwaitingMakeUp,
    /// Điểm 0 theo quyết định (e.g. refused the make-up).
    ZeroByDecision,
}

impl Cell {
    /// The score that counts in an average, if the cell has one yet.
    pub fn value(self) -> Option<Score> {
        match self {
            Cell::Scored(score) => Some(score),
            Cell::ZeroByDecision => Some(Score::ZERO),
            Cell::Empty | Cell::AbsentAwaitingMakeUp => None,
        }
    }
}

impl From<Score> for Cell {
    fn from(score: Score) -> Cell {
        Cell::Scored(score)
    }
}

impl From<Option<Score>> for Cell {
    fn from(score: Option<Score>) -> Cell {
        score.map_or(Cell::Empty, Cell::Scored)
    }
}

/// Parses a non-negative decimal with at most one significant decimal into tenths, saturating
/// large values (the callers reject them as out of range anyway).
fn parse_tenths(input: &str) -> Result<u32, ScoreProblem> {
    let text = input.trim();
    if text.is_empty() {
        return Err(ScoreProblem::Empty);
    }
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match text.split_once(['.', ',']) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
        return Err(ScoreProblem::NotANumber);
    }
    let fraction = fraction.unwrap_or("0");
    if fraction.bytes().skip(1).any(|b| b != b'0') {
        return Err(ScoreProblem::TooManyDecimals);
    }
    let whole = whole.bytes().fold(0u32, |n, b| {
        n.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    });
    let first_decimal = fraction.bytes().next().map_or(0, |b| u32::from(b - b'0'));
    let tenths = whole.saturating_mul(10).saturating_add(first_decimal);
    if negative && tenths > 0 {
        return Err(ScoreProblem::OutOfRange);
    }
    Ok(tenths)
}

/// Writes tenths as a decimal with the given separator; `always_decimal` keeps "8,0".
pub(super) fn format_tenths(tenths: u8, separator: char, always_decimal: bool) -> String {
    let (whole, tenth) = (tenths / 10, tenths % 10);
    if tenth == 0 && !always_decimal {
        whole.to_string()
    } else {
        format!("{whole}{separator}{tenth}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tenths(input: &str) -> Result<u8, ScoreProblem> {
        Score::parse(input).map(Score::tenths)
    }

    #[test]
    fn whole_and_one_decimal_scores_are_accepted_with_either_separator() {
        assert_eq!(tenths("8"), Ok(80));
        assert_eq!(tenths("8.5"), Ok(85));
        assert_eq!(tenths("8,5"), Ok(85));
        assert_eq!(tenths("  9,2 "), Ok(92));
        assert_eq!(tenths("0"), Ok(0));
        assert_eq!(tenths("10"), Ok(100));
        assert_eq!(tenths("10,0"), Ok(100));
        assert_eq!(tenths("8.50"), Ok(85));
    }

    #[test]
    fn an_empty_entry_is_reported_as_empty_not_zero() {
        assert_eq!(tenths(""), Err(ScoreProblem::Empty));
        assert_eq!(tenths("   "), Err(ScoreProblem::Empty));
    }

    #[test]
    fn two_significant_decimals_are_refused() {
        assert_eq!(tenths("8.25"), Err(ScoreProblem::TooManyDecimals));
        assert_eq!(tenths("8,05"), Err(ScoreProblem::TooManyDecimals));
    }

    #[test]
    fn scores_outside_zero_to_ten_are_refused() {
        assert_eq!(tenths("10.5"), Err(ScoreProblem::OutOfRange));
        assert_eq!(tenths("11"), Err(ScoreProblem::OutOfRange));
        assert_eq!(tenths("-1"), Err(ScoreProblem::OutOfRange));
        assert_eq!(tenths("99999999999999"), Err(ScoreProblem::OutOfRange));
    }

    #[test]
    fn text_that_is_not_a_number_is_refused() {
        for input in ["abc", "8.", ".5", "8,5,", "8 5", "+8", "1e1", "８", "8.5.1"] {
            assert_eq!(tenths(input), Err(ScoreProblem::NotANumber), "{input}");
        }
    }

    #[test]
    fn minus_zero_is_just_zero() {
        assert_eq!(tenths("-0"), Ok(0));
    }

    #[test]
    fn scores_format_with_a_comma_in_vietnamese_and_a_point_in_english() {
        let score = Score::parse("8,5").expect("valid");
        assert_eq!(score.format_vi(), "8,5");
        assert_eq!(score.format_en(), "8.5");
        assert_eq!(score.to_string(), "8.5");
        assert_eq!(Score::TEN.format_vi(), "10");
    }

    #[test]
    fn a_score_serializes_as_its_tenths_and_refuses_more_than_ten() {
        let score = Score::parse("8.5").expect("valid");
        assert_eq!(serde_json::to_string(&score).expect("serializes"), "85");
        assert!(serde_json::from_str::<Score>("101").is_err());
        assert_eq!(serde_json::from_str::<Score>("85").expect("valid"), score);
    }

    #[test]
    fn a_problem_serializes_by_name() {
        let json = serde_json::to_string(&ScoreProblem::TooManyDecimals).expect("serializes");
        assert_eq!(json, "\"TooManyDecimals\"");
    }

    #[test]
    fn primary_test_scores_are_whole_numbers_from_one_to_ten() {
        assert_eq!(WholeScore::parse("9").map(WholeScore::points), Ok(9));
        assert_eq!(WholeScore::parse("9,0").map(WholeScore::points), Ok(9));
        assert_eq!(WholeScore::parse("8.5"), Err(ScoreProblem::TooManyDecimals));
        assert_eq!(WholeScore::parse("0"), Err(ScoreProblem::OutOfRange));
        assert_eq!(WholeScore::parse("11"), Err(ScoreProblem::OutOfRange));
        assert_eq!(WholeScore::parse(""), Err(ScoreProblem::Empty));
        assert!(serde_json::from_str::<WholeScore>("0").is_err());
    }

    #[test]
    fn only_a_score_or_a_decided_zero_counts_in_an_average() {
        let score = Score::parse("7").expect("valid");
        assert_eq!(Cell::Scored(score).value(), Some(score));
        assert_eq!(Cell::ZeroByDecision.value(), Some(Score::ZERO));
        assert_eq!(Cell::Empty.value(), None);
        assert_eq!(Cell::AbsentAwaitingMakeUp.value(), None);
        assert_eq!(Cell::from(None), Cell::Empty);
    }

    proptest! {
        #[test]
        fn every_score_survives_formatting_and_parsing_in_both_languages(t in 0u8..=100) {
            let score = Score::from_tenths(t).expect("in range");
            prop_assert_eq!(Score::parse(&score.format_vi()), Ok(score));
            prop_assert_eq!(Score::parse(&score.format_en()), Ok(score));
        }

        #[test]
        fn parsing_never_panics_and_accepted_scores_are_in_range(s in "\\PC{0,8}") {
            if let Ok(score) = Score::parse(&s) {
                prop_assert!(score.tenths() <= MAX_TENTHS);
            }
        }
    }
}
