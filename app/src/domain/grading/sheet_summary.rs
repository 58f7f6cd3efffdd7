//! The summary row of a class's grade sheet: how many cells are entered, the class mean of each
//! column, and how the students' semester averages spread over the TT22 thresholds (8.0, 6.5,
//! 5.0, the same ones the learning result uses, Điều 9.2).
use super::{Average, Cell, Computed, Judgement};

/// One assessment column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnSummary {
    /// Cells holding a score, a decided zero or an absence.
    pub entered: usize,
    /// Mean of the cells that count (scores and decided zeros), rounded half up.
    pub mean: Option<Average>,
}

pub fn column_summary(cells: &[Cell]) -> ColumnSummary {
    let entered = cells.iter().filter(|c| **c != Cell::Empty).count();
    let counted: Vec<u32> = cells
        .iter()
        .filter_map(|c| c.value())
        .map(|s| u32::from(s.tenths()))
        .collect();
    ColumnSummary {
        entered,
        mean: mean_tenths(&counted),
    }
}

/// Mean of tenths, rounded half up to a tenth.
fn mean_tenths(values: &[u32]) -> Option<Average> {
    let n = u32::try_from(values.len()).ok().filter(|n| *n > 0)?;
    let sum: u32 = values.iter().sum();
    let rounded = (2 * sum + n) / (2 * n);
    Average::from_tenths(u8::try_from(rounded).ok()?)
}

/// The students' semester averages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AverageSummary {
    pub complete: usize,
    /// Still missing an assessment.
    pub incomplete: usize,
    pub mean: Option<Average>,
    /// ≥ 8.0
    pub from_8: usize,
    /// 6.5 – 7.9
    pub from_6_5: usize,
    /// 5.0 – 6.4
    pub from_5: usize,
    /// < 5.0
    pub below_5: usize,
}

pub fn average_summary(averages: &[Computed<Average>]) -> AverageSummary {
    let values: Vec<u8> = averages
        .iter()
        .filter_map(|a| a.value())
        .map(|a| a.tenths())
        .collect();
    let band = |lo: u8, hi: u8| values.iter().filter(|t| (lo..hi).contains(*t)).count();
    AverageSummary {
        complete: values.len(),
        incomplete: averages.len() - values.len(),
        mean: mean_tenths(&values.iter().map(|t| u32::from(*t)).collect::<Vec<_>>()),
        from_8: band(80, 101),
        from_6_5: band(65, 80),
        from_5: band(50, 65),
        below_5: band(0, 50),
    }
}

/// A comment-assessed subject's results: Đạt, Chưa đạt, not yet decided.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JudgementSummary {
    pub pass: usize,
    pub fail: usize,
    pub incomplete: usize,
}

pub fn judgement_summary(results: &[Computed<Judgement>]) -> JudgementSummary {
    let mut s = JudgementSummary::default();
    for r in results {
        match r.value() {
            Some(Judgement::Pass) => s.pass += 1,
            Some(Judgement::Fail) => s.fail += 1,
            None => s.incomplete += 1,
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::Score;

    fn scored(text: &str) -> Cell {
        Cell::Scored(Score::parse(text).expect("score"))
    }

    fn avg(tenths: u8) -> Computed<Average> {
        Computed::Value(Average::from_tenths(tenths).expect("average"))
    }

    #[test]
    fn a_column_counts_what_is_entered_and_averages_what_counts() {
        let cells = [
            scored("8"),
            scored("7,5"),
            Cell::Empty,
            Cell::AbsentAwaitingMakeUp,
            Cell::ZeroByDecision,
        ];
        let s = column_summary(&cells);
        assert_eq!(s.entered, 4);
        // (80 + 75 + 0) / 3 = 51.67 tenths → 5.2
        assert_eq!(s.mean, Average::from_tenths(52));
    }

    #[test]
    fn an_empty_column_has_no_mean() {
        let s = column_summary(&[Cell::Empty, Cell::AbsentAwaitingMakeUp]);
        assert_eq!(s.entered, 1);
        assert_eq!(s.mean, None);
    }

    #[test]
    fn the_mean_rounds_half_up_in_exact_tenths() {
        // (81 + 82) / 2 = 81.5 tenths → 8.2, where a float might give 8.1.
        let s = column_summary(&[scored("8.1"), scored("8.2")]);
        assert_eq!(s.mean, Average::from_tenths(82));
    }

    #[test]
    fn averages_spread_over_the_tt22_thresholds() {
        let s = average_summary(&[
            avg(100),
            avg(80),
            avg(79),
            avg(65),
            avg(64),
            avg(50),
            avg(49),
            avg(0),
            Computed::Incomplete { missing: 1 },
        ]);
        assert_eq!((s.from_8, s.from_6_5, s.from_5, s.below_5), (2, 2, 2, 2));
        assert_eq!((s.complete, s.incomplete), (8, 1));
        // (100+80+79+65+64+50+49+0)/8 = 60.875 → 6.1
        assert_eq!(s.mean, Average::from_tenths(61));
    }

    #[test]
    fn judgements_are_counted() {
        let s = judgement_summary(&[
            Computed::Value(Judgement::Pass),
            Computed::Value(Judgement::Pass),
            Computed::Value(Judgement::Fail),
            Computed::Incomplete { missing: 2 },
        ]);
        assert_eq!(
            s,
            JudgementSummary {
                pass: 2,
                fail: 1,
                incomplete: 1
            }
        );
    }

    proptest::proptest! {
        #[test]
        fn every_average_falls_in_exactly_one_band(tenths in proptest::collection::vec(0u8..=100, 0..60)) {
            let averages: Vec<_> = tenths.iter().map(|t| avg(*t)).collect();
            let s = average_summary(&averages);
            proptest::prop_assert_eq!(s.from_8 + s.from_6_5 + s.from_5 + s.below_5, tenths.len());
            if let Some(mean) = s.mean {
                let lo = tenths.iter().min().copied().unwrap_or(0);
                let hi = tenths.iter().max().copied().unwrap_or(100);
                proptest::prop_assert!(lo <= mean.tenths() && mean.tenths() <= hi);
            }
        }
    }
}
