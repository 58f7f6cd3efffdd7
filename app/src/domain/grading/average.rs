//! Subject averages (TT22 Điều 9.1.b): ĐTBmhk = (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (nTX + 5) and
//! ĐTBmcn = (ĐTBmhk I + 2·ĐTBmhk II) / 3, rounded half up to one decimal. Computed in integer
//! tenths: with binary floats 67.6 / 8 = 8.45 comes out as 8.4, and a student loses a grade.
use super::computed::Computed;
use super::score::{format_tenths, Cell, MAX_TENTHS};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An average already rounded to one decimal, in tenths (0..=100).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Average(u8);

impl Average {
    pub fn from_tenths(tenths: u8) -> Option<Average> {
        (tenths <= MAX_TENTHS).then_some(Average(tenths))
    }

    pub fn tenths(self) -> u8 {
        self.0
    }

    /// Vietnamese notation, always with one decimal as in the học bạ: "8,0", "7,8".
    pub fn format_vi(self) -> String {
        format_tenths(self.0, ',', true)
    }

    /// English notation: "8.0", "7.8".
    pub fn format_en(self) -> String {
        format_tenths(self.0, '.', true)
    }
}

impl TryFrom<u8> for Average {
    type Error = &'static str;
    fn try_from(tenths: u8) -> Result<Average, &'static str> {
        Average::from_tenths(tenths).ok_or("an average is at most 10")
    }
}

impl From<Average> for u8 {
    fn from(average: Average) -> u8 {
        average.0
    }
}

impl fmt::Display for Average {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_en())
    }
}

/// `weighted_tenths / weight`, rounded half up to whole tenths. Every input is at most 10, so
/// a weighted mean is too; clamping only guards against a caller's inconsistent weights.
fn round_half_up(weighted_tenths: u32, weight: u32) -> Average {
    let rounded = (2 * weighted_tenths + weight) / (2 * weight);
    Average(u8::try_from(rounded.min(u32::from(MAX_TENTHS))).unwrap_or(MAX_TENTHS))
}

/// ĐTBmhk of a scored subject. `regular` are the ĐĐGtx columns; an `Empty` column is unused,
/// an `AbsentAwaitingMakeUp` one is an assessment still owed. The result is incomplete while
/// a make-up is owed, the mid-term or end-of-term is missing, or fewer than
/// `required_regular` regular assessments exist (see `regular_count`).
pub fn semester_average(
    regular: &[Cell],
    midterm: Cell,
    end_of_term: Cell,
    required_regular: usize,
) -> Computed<Average> {
    let scores: Vec<u32> = regular
        .iter()
        .filter_map(|cell| cell.value())
        .map(|score| u32::from(score.tenths()))
        .collect();
    let owed = regular
        .iter()
        .filter(|cell| **cell == Cell::AbsentAwaitingMakeUp)
        .count();
    let too_few = required_regular.saturating_sub(scores.len() + owed);
    let (midterm, end_of_term) = (midterm.value(), end_of_term.value());
    let missing =
        owed + too_few + usize::from(midterm.is_none()) + usize::from(end_of_term.is_none());
    match (midterm, end_of_term) {
        (Some(midterm), Some(end_of_term)) if missing == 0 => {
            let sum = scores.iter().sum::<u32>()
                + 2 * u32::from(midterm.tenths())
                + 3 * u32::from(end_of_term.tenths());
            let weight = u32::try_from(scores.len()).unwrap_or(u32::MAX - 5) + 5;
            Computed::Value(round_half_up(sum, weight))
        }
        _ => Computed::Incomplete { missing },
    }
}

/// ĐTBmcn from the two rounded semester averages; semester II counts twice.
pub fn year_average(
    first: impl Into<Computed<Average>>,
    second: impl Into<Computed<Average>>,
) -> Computed<Average> {
    match (first.into(), second.into()) {
        (Computed::Value(first), Computed::Value(second)) => Computed::Value(round_half_up(
            u32::from(first.0) + 2 * u32::from(second.0),
            3,
        )),
        (first, second) => {
            let missing = |c: Computed<Average>| match c {
                Computed::Value(_) => 0,
                Computed::Incomplete { missing } => missing,
            };
            Computed::Incomplete {
                missing: missing(first) + missing(second),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::score::Score;
    use proptest::prelude::*;

    fn cell(text: &str) -> Cell {
        Cell::Scored(Score::parse(text).expect("valid score"))
    }

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts.iter().map(|t| cell(t)).collect()
    }

    fn avg(text: &str) -> Average {
        Average::from_tenths(Score::parse(text).expect("valid").tenths()).expect("in range")
    }

    #[test]
    fn toan_with_four_regular_scores_averages_7_8() {
        let result = semester_average(&cells(&["8", "7,5", "9", "6"]), cell("7"), cell("8,5"), 4);
        assert_eq!(result, Computed::Value(avg("7.8")));
    }

    #[test]
    fn exactly_8_15_rounds_half_up_to_8_2() {
        let result = semester_average(&cells(&["9.2", "8", "8"]), cell("8"), cell("8"), 3);
        assert_eq!(result, Computed::Value(avg("8.2")));
    }

    #[test]
    fn the_float_trap_8_45_rounds_to_8_5_not_8_4() {
        let result = semester_average(&cells(&["9.2", "9.2", "9.2"]), cell("8"), cell("8"), 3);
        assert_eq!(result, Computed::Value(avg("8.5")));
    }

    #[test]
    fn two_regular_scores_average_6_7() {
        let result = semester_average(&cells(&["6", "7"]), cell("6,5"), cell("7"), 2);
        assert_eq!(result, Computed::Value(avg("6.7")));
    }

    #[test]
    fn the_year_average_of_7_8_and_8_2_is_8_1() {
        assert_eq!(
            year_average(Some(avg("7.8")), Some(avg("8.2"))),
            Computed::Value(avg("8.1"))
        );
    }

    #[test]
    fn a_missing_end_of_term_score_makes_the_average_incomplete_not_lower() {
        let result = semester_average(&cells(&["8", "8"]), cell("8"), Cell::Empty, 2);
        assert_eq!(result, Computed::Incomplete { missing: 1 });
    }

    #[test]
    fn a_regular_assessment_awaiting_make_up_makes_it_incomplete() {
        let mut regular = cells(&["8", "8"]);
        regular.push(Cell::AbsentAwaitingMakeUp);
        let result = semester_average(&regular, cell("8"), cell("8"), 3);
        assert_eq!(result, Computed::Incomplete { missing: 1 });
    }

    #[test]
    fn fewer_regular_scores_than_required_is_incomplete() {
        let result = semester_average(&cells(&["8", "8"]), cell("8"), Cell::Empty, 4);
        assert_eq!(result, Computed::Incomplete { missing: 3 });
    }

    #[test]
    fn unused_empty_columns_beyond_the_required_count_are_ignored() {
        let mut regular = cells(&["6", "7"]);
        regular.push(Cell::Empty);
        let result = semester_average(&regular, cell("6,5"), cell("7"), 2);
        assert_eq!(result, Computed::Value(avg("6.7")));
    }

    #[test]
    fn a_zero_by_decision_counts_as_zero() {
        let regular = [cell("10"), Cell::ZeroByDecision];
        // (10 + 0 + 20 + 30) / 7 = 8.571… → 8.6
        let result = semester_average(&regular, cell("10"), cell("10"), 2);
        assert_eq!(result, Computed::Value(avg("8.6")));
    }

    #[test]
    fn the_year_average_waits_for_both_semesters() {
        assert_eq!(
            year_average(Some(avg("7")), None),
            Computed::Incomplete { missing: 1 }
        );
        assert_eq!(
            year_average(Computed::Incomplete { missing: 2 }, None),
            Computed::Incomplete { missing: 3 }
        );
    }

    #[test]
    fn averages_always_show_one_decimal() {
        assert_eq!(avg("8").format_vi(), "8,0");
        assert_eq!(avg("7.8").format_vi(), "7,8");
        assert_eq!(avg("7.8").to_string(), "7.8");
    }

    fn any_score() -> impl Strategy<Value = Score> {
        (0u8..=100).prop_map(|t| Score::from_tenths(t).expect("in range"))
    }

    fn any_average() -> impl Strategy<Value = Average> {
        (0u8..=100).prop_map(|t| Average::from_tenths(t).expect("in range"))
    }

    proptest! {
        #[test]
        fn a_semester_average_stays_within_zero_and_ten(
            regular in prop::collection::vec(any_score(), 2..=6),
            midterm in any_score(),
            end in any_score(),
        ) {
            let regular: Vec<Cell> = regular.into_iter().map(Cell::Scored).collect();
            let result = semester_average(&regular, midterm.into(), end.into(), 2);
            let average = result.value().expect("complete");
            prop_assert!(average.tenths() <= 100);
        }

        #[test]
        fn raising_any_one_score_never_lowers_the_semester_average(
            mut scores in prop::collection::vec(any_score(), 4..=8),
            index in any::<prop::sample::Index>(),
            raise in 0u8..=100,
        ) {
            let compute = |scores: &[Score]| {
                let (assessments, regular) = scores.split_at(2);
                let regular: Vec<Cell> = regular.iter().copied().map(Cell::Scored).collect();
                semester_average(&regular, assessments[0].into(), assessments[1].into(), 2)
                    .value()
                    .expect("complete")
            };
            let before = compute(&scores);
            let i = index.index(scores.len());
            let raised = scores[i].tenths().saturating_add(raise).min(100);
            scores[i] = Score::from_tenths(raised).expect("in range");
            prop_assert!(compute(&scores) >= before);
        }

        #[test]
        fn the_year_average_lies_between_the_semester_averages(
            first in any_average(),
            second in any_average(),
        ) {
            let year = year_average(Some(first), Some(second)).value().expect("complete");
            prop_assert!(first.min(second) <= year && year <= first.max(second));
        }
    }
}
