//! The learning result (kết quả học tập, TT22 Điều 9.2) for a semester (from ĐTBmhk) or the
//! year (from ĐTBmcn), and the adjustment of Điều 9.3 for a student pulled down by one subject.
//! There are no subject coefficients and no average over all subjects: only counts against
//! thresholds.
use super::average::Average;
use super::comment::Judgement;
use super::computed::{self, Computed};
use super::level::Level;
use serde::{Deserialize, Serialize};

/// One subject's semester or year result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubjectResult {
    /// Môn đánh giá bằng nhận xét kết hợp với điểm số: ĐTBmhk or ĐTBmcn.
    Scored(Average),
    /// Môn đánh giá bằng nhận xét: Đạt / Chưa đạt.
    Commented(Judgement),
}

/// The level, and where Điều 9.3 changed it, the level before and the subject responsible;
/// the học bạ shows both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningResult<K> {
    /// The official level, after any adjustment.
    pub level: Level,
    /// The level the table gives before Điều 9.3.
    pub before_adjustment: Level,
    /// The single subject that pulled the level down, when the level was raised.
    pub adjusted_because_of: Option<K>,
}

/// Thresholds in tenths.
const GOOD_FLOOR: u8 = 65;
const GOOD_HIGH: u8 = 80;
const FAIR_FLOOR: u8 = 50;
const FAIR_HIGH: u8 = 65;
const PASS_HIGH: u8 = 50;
const PASS_FLOOR: u8 = 35;
/// "At least 6 subjects" at the higher threshold, for every level.
const HIGH_COUNT: usize = 6;

/// The level from the GRADING.md table, without the Điều 9.3 adjustment.
pub fn table_level<'a>(results: impl IntoIterator<Item = &'a SubjectResult>) -> Level {
    let mut averages = Vec::new();
    let mut failed_comments = 0usize;
    for result in results {
        match result {
            SubjectResult::Scored(average) => averages.push(average.tenths()),
            SubjectResult::Commented(Judgement::Fail) => failed_comments += 1,
            SubjectResult::Commented(Judgement::Pass) => {}
        }
    }
    let all_at_least = |floor: u8| averages.iter().all(|a| *a >= floor);
    let count_at_least = |threshold: u8| averages.iter().filter(|a| **a >= threshold).count();
    if failed_comments == 0 && all_at_least(GOOD_FLOOR) && count_at_least(GOOD_HIGH) >= HIGH_COUNT {
        Level::Good
    } else if failed_comments == 0
        && all_at_least(FAIR_FLOOR)
        && count_at_least(FAIR_HIGH) >= HIGH_COUNT
    {
        Level::Fair
    } else if failed_comments <= 1
        && count_at_least(PASS_HIGH) >= HIGH_COUNT
        && all_at_least(PASS_FLOOR)
    {
        Level::Pass
    } else {
        Level::Fail
    }
}

/// The learning result with the Điều 9.3 adjustment, read as in GRADING.md: for each subject,
/// the level over the other subjects; if it is Tốt or Khá and at least two levels above the
/// table level for exactly one subject, the level goes up one.
pub fn learning_result<K: Clone>(subjects: &[(K, SubjectResult)]) -> LearningResult<K> {
    let computed = table_level(subjects.iter().map(|(_, result)| result));
    let without = |skip: usize| {
        table_level(
            subjects
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, (_, result))| result),
        )
    };
    match sole_cause(computed, subjects.len(), without) {
        Some(index) => LearningResult {
            level: computed.raised(),
            before_adjustment: computed,
            adjusted_because_of: subjects.get(index).map(|(key, _)| key.clone()),
        },
        None => LearningResult {
            level: computed,
            before_adjustment: computed,
            adjusted_because_of: None,
        },
    }
}

/// The learning result once every subject has its result; incomplete otherwise, because a
/// level over some subjects only would be wrong (a missing subject is not a pass).
pub fn learning_result_when_complete<K: Clone>(
    subjects: &[(K, Computed<SubjectResult>)],
) -> Computed<LearningResult<K>> {
    computed::all(
        subjects
            .iter()
            .map(|(key, result)| result.map(|r| (key.clone(), r))),
    )
    .map(|complete| learning_result(&complete))
}

/// The index of the one subject whose removal lifts the level to Tốt or Khá, two or more
/// levels above `computed`. None when no subject or several subjects do: then no single
/// subject alone is to blame.
fn sole_cause(
    computed: Level,
    count: usize,
    level_without: impl Fn(usize) -> Level,
) -> Option<usize> {
    let mut causes = (0..count).filter(|&i| {
        let without = level_without(i);
        without >= Level::Fair && without.steps_above(computed) >= 2
    });
    match (causes.next(), causes.next()) {
        (Some(index), None) => Some(index),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::score::Score;
    use proptest::prelude::*;

    fn scored(text: &str) -> SubjectResult {
        let tenths = Score::parse(text).expect("valid").tenths();
        SubjectResult::Scored(Average::from_tenths(tenths).expect("in range"))
    }

    fn subjects(scores: &[&str], comments: &[Judgement]) -> Vec<(String, SubjectResult)> {
        let scored = scores
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("scored {i}"), scored(s)));
        let commented = comments
            .iter()
            .enumerate()
            .map(|(i, j)| (format!("comment {i}"), SubjectResult::Commented(*j)));
        scored.chain(commented).collect()
    }

    fn level(scores: &[&str], comments: &[Judgement]) -> Level {
        learning_result(&subjects(scores, comments)).level
    }

    const PASSED: [Judgement; 4] = [Judgement::Pass; 4];

    #[test]
    fn the_grading_md_example_is_raised_from_dat_to_kha_because_of_ngu_van() {
        let mut list = subjects(&["8", "8.5", "9", "8", "8.2", "9.5", "8"], &PASSED);
        list.push(("Ngữ văn".to_string(), scored("4")));
        let result = learning_result(&list);
        assert_eq!(result.before_adjustment, Level::Pass);
        assert_eq!(result.level, Level::Fair);
        assert_eq!(result.adjusted_because_of.as_deref(), Some("Ngữ văn"));
    }

    #[test]
    fn good_needs_every_average_at_least_6_5() {
        let six_high = ["8", "8", "8", "8", "8", "8"];
        assert_eq!(
            level(&[&six_high[..], &["6.5", "6.5"]].concat(), &PASSED),
            Level::Good
        );
        assert_eq!(
            level(&[&six_high[..], &["6.5", "6.4"]].concat(), &PASSED),
            Level::Fair
        );
    }

    #[test]
    fn good_needs_six_subjects_at_8_and_five_are_not_enough() {
        assert_eq!(
            level(&["8", "8", "8", "8", "8", "8", "7", "7"], &PASSED),
            Level::Good
        );
        assert_eq!(
            level(&["8", "8", "8", "8", "8", "7.9", "7", "7"], &PASSED),
            Level::Fair
        );
    }

    #[test]
    fn fair_needs_every_average_at_least_5_0() {
        let seven = ["7", "7", "7", "7", "7", "7", "7"];
        assert_eq!(level(&[&seven[..], &["5"]].concat(), &PASSED), Level::Fair);
        // Without the 4.9 it is only Khá, one level above, so no adjustment.
        let result = learning_result(&subjects(&[&seven[..], &["4.9"]].concat(), &PASSED));
        assert_eq!(result.before_adjustment, Level::Pass);
        assert_eq!(result.level, Level::Pass);
        assert_eq!(result.adjusted_because_of, None);
    }

    #[test]
    fn fair_needs_six_subjects_at_6_5() {
        assert_eq!(
            level(
                &["6.5", "6.5", "6.5", "6.5", "6.5", "6.5", "5", "5"],
                &PASSED
            ),
            Level::Fair
        );
        assert_eq!(
            level(
                &["6.5", "6.5", "6.5", "6.5", "6.5", "6.4", "5", "5"],
                &PASSED
            ),
            Level::Pass
        );
    }

    #[test]
    fn a_single_subject_below_3_5_fails_the_table_and_is_then_adjusted_to_dat() {
        let high = ["8", "8", "8", "8", "8", "8", "8"];
        let result = learning_result(&subjects(&[&high[..], &["3.4"]].concat(), &PASSED));
        assert_eq!(result.before_adjustment, Level::Fail);
        assert_eq!(result.level, Level::Pass);
        assert_eq!(result.adjusted_because_of.as_deref(), Some("scored 7"));

        let result = learning_result(&subjects(&[&high[..], &["3.5"]].concat(), &PASSED));
        assert_eq!(result.before_adjustment, Level::Pass);
        assert_eq!(result.level, Level::Fair);
    }

    #[test]
    fn dat_needs_six_subjects_at_5_0() {
        let lows = ["4", "4"];
        assert_eq!(
            level(&[&["5"; 6][..], &lows[..]].concat(), &PASSED),
            Level::Pass
        );
        assert_eq!(
            level(&[&["5"; 5][..], &["4.9"], &lows[..]].concat(), &PASSED),
            Level::Fail
        );
    }

    #[test]
    fn dat_allows_at_most_one_comment_subject_at_chua_dat() {
        let averages = ["5", "5", "5", "5", "5", "5", "5", "5"];
        let one_failed = [Judgement::Fail, Judgement::Pass, Judgement::Pass];
        let two_failed = [Judgement::Fail, Judgement::Fail, Judgement::Pass];
        assert_eq!(level(&averages, &one_failed), Level::Pass);
        assert_eq!(level(&averages, &two_failed), Level::Fail);
    }

    #[test]
    fn a_single_failed_comment_subject_pulling_tot_to_dat_is_adjusted_to_kha() {
        let comments = [Judgement::Pass, Judgement::Fail, Judgement::Pass];
        let result = learning_result(&subjects(&["9"; 8], &comments));
        assert_eq!(result.before_adjustment, Level::Pass);
        assert_eq!(result.level, Level::Fair);
        assert_eq!(result.adjusted_because_of.as_deref(), Some("comment 1"));
    }

    #[test]
    fn kha_pulled_to_chua_dat_by_one_subject_is_adjusted_to_dat() {
        let result = learning_result(&subjects(
            &["7", "7", "7", "7", "7", "7", "7", "3"],
            &PASSED,
        ));
        assert_eq!(result.before_adjustment, Level::Fail);
        assert_eq!(result.level, Level::Pass);
    }

    #[test]
    fn two_weak_subjects_mean_no_single_subject_is_to_blame() {
        let result = learning_result(&subjects(
            &["8", "8", "8", "8", "8", "8", "4", "4"],
            &PASSED,
        ));
        assert_eq!(result.before_adjustment, Level::Pass);
        assert_eq!(result.level, Level::Pass);
        assert_eq!(result.adjusted_because_of, None);
    }

    #[test]
    fn two_different_subjects_each_causing_it_means_no_adjustment() {
        // With the TT22 table two causes cannot both exist (removing one leaves the other
        // failing), so the counting rule is checked directly.
        let without = |i: usize| {
            if i == 1 || i == 3 {
                Level::Good
            } else {
                Level::Pass
            }
        };
        assert_eq!(sole_cause(Level::Pass, 5, without), None);
        let without = |i: usize| if i == 3 { Level::Good } else { Level::Pass };
        assert_eq!(sole_cause(Level::Pass, 5, without), Some(3));
    }

    #[test]
    fn only_a_rise_to_tot_or_kha_counts_as_a_cause() {
        assert_eq!(sole_cause(Level::Fail, 3, |_| Level::Pass), None);
        assert_eq!(sole_cause(Level::Fail, 1, |_| Level::Fair), Some(0));
        assert_eq!(sole_cause(Level::Pass, 1, |_| Level::Fair), None);
    }

    #[test]
    fn fewer_than_six_scored_subjects_can_never_reach_dat() {
        assert_eq!(level(&["10"; 5], &PASSED), Level::Fail);
    }

    #[test]
    fn a_missing_subject_result_leaves_the_learning_result_incomplete() {
        let mut list: Vec<(String, Computed<SubjectResult>)> = subjects(&["8"; 8], &PASSED)
            .into_iter()
            .map(|(key, result)| (key, Computed::Value(result)))
            .collect();
        let complete = learning_result_when_complete(&list);
        assert_eq!(complete.map(|r| r.level), Computed::Value(Level::Good));
        list.push(("Toán".to_string(), Computed::Incomplete { missing: 2 }));
        let incomplete = learning_result_when_complete(&list);
        assert_eq!(
            incomplete.map(|r| r.level),
            Computed::Incomplete { missing: 2 }
        );
    }

    fn any_result() -> impl Strategy<Value = SubjectResult> {
        prop_oneof![
            3 => (0u8..=100).prop_map(|t| SubjectResult::Scored(
                Average::from_tenths(t).expect("in range")
            )),
            1 => any::<bool>().prop_map(|pass| SubjectResult::Commented(
                if pass { Judgement::Pass } else { Judgement::Fail }
            )),
        ]
    }

    proptest! {
        #[test]
        fn the_adjustment_raises_at_most_one_level_and_never_to_tot(
            results in prop::collection::vec(any_result(), 0..14),
        ) {
            let keyed: Vec<(usize, SubjectResult)> = results.into_iter().enumerate().collect();
            let result = learning_result(&keyed);
            if result.adjusted_because_of.is_some() {
                prop_assert_eq!(result.level, result.before_adjustment.raised());
                prop_assert!(result.level <= Level::Fair);
            } else {
                prop_assert_eq!(result.level, result.before_adjustment);
            }
        }

        #[test]
        fn raising_one_average_never_lowers_the_table_level(
            results in prop::collection::vec(any_result(), 1..14),
            index in any::<prop::sample::Index>(),
            raise in 0u8..=100,
        ) {
            let before = table_level(&results);
            let mut raised = results.clone();
            let i = index.index(raised.len());
            if let SubjectResult::Scored(average) = raised[i] {
                let tenths = average.tenths().saturating_add(raise).min(100);
                raised[i] = SubjectResult::Scored(Average::from_tenths(tenths).expect("in range"));
            }
            prop_assert!(table_level(&raised) >= before);
        }
    }
}
