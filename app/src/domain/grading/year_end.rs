//! Year-end decisions (TT22 Điều 12 lên lớp, Điều 13 rèn luyện hè, Điều 14 kiểm tra lại) and
//! titles (Điều 15 khen thưởng). These are proposals: the school council decides, so every
//! reason is kept for the minutes.
use super::comment::Judgement;
use super::learning_result::{learning_result, LearningResult, SubjectResult};
use super::level::Level;
use serde::{Deserialize, Serialize};

/// Điều 12.1.b: more absent sessions than this (excused and unexcused together) in a year
/// means the student is not promoted.
pub const MAX_ABSENT_SESSIONS: u16 = 45;

/// Why a student cannot be promoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotPromotedReason {
    /// Nghỉ quá 45 buổi.
    TooManyAbsences,
    /// Kết quả rèn luyện Chưa đạt (after summer training, or alongside failed learning).
    ConductFailed,
    /// Kết quả học tập Chưa đạt (after re-assessment, or without the right to it).
    LearningFailed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Proposal {
    /// Được lên lớp.
    Promoted,
    /// Waiting for summer conduct training or summer re-assessment.
    AwaitingSummer,
    /// Không được lên lớp (ở lại lớp).
    NotPromoted { reasons: Vec<NotPromotedReason> },
}

/// The year-end proposal and the summer work it requires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearEnd<K> {
    pub proposal: Proposal,
    /// Rèn luyện trong kì nghỉ hè (Điều 13): required whenever year conduct is Chưa đạt.
    pub summer_conduct_training: bool,
    /// Kiểm tra lại (Điều 14): scored subjects with ĐTBmcn < 5.0 and comment subjects at
    /// Chưa đạt; only when conduct is at least Đạt, learning Chưa đạt, absences within limit.
    pub reassessment_subjects: Vec<K>,
}

/// The proposal from the year conduct, the year learning level (after Điều 9.3) and the
/// absent sessions; `year_results` are the subjects' ĐTBmcn or year comment results.
pub fn year_end<K: Clone>(
    conduct: Level,
    learning: Level,
    absent_sessions: u16,
    year_results: &[(K, SubjectResult)],
) -> YearEnd<K> {
    let too_many_absences = absent_sessions > MAX_ABSENT_SESSIONS;
    let summer_conduct_training = conduct == Level::Fail;
    // Re-assessment is only for a student who can still be promoted by it (Điều 14.1).
    let reassessment = !too_many_absences && conduct >= Level::Pass && learning == Level::Fail;
    let reassessment_subjects = if reassessment {
        subjects_to_reassess(year_results)
    } else {
        Vec::new()
    };
    let mut reasons = Vec::new();
    if too_many_absences {
        reasons.push(NotPromotedReason::TooManyAbsences);
    }
    // Failed learning with failed conduct has no re-assessment, so it cannot be recovered.
    if conduct == Level::Fail && learning == Level::Fail {
        reasons.push(NotPromotedReason::ConductFailed);
        reasons.push(NotPromotedReason::LearningFailed);
    }
    let proposal = if !reasons.is_empty() {
        Proposal::NotPromoted { reasons }
    } else if summer_conduct_training || reassessment {
        Proposal::AwaitingSummer
    } else {
        Proposal::Promoted
    };
    YearEnd {
        proposal,
        summer_conduct_training,
        reassessment_subjects,
    }
}

/// The final proposal once summer training and re-assessment results are in: promoted only
/// with conduct and learning at least Đạt and absences within the limit.
pub fn after_summer(conduct: Level, learning: Level, absent_sessions: u16) -> Proposal {
    let mut reasons = Vec::new();
    if absent_sessions > MAX_ABSENT_SESSIONS {
        reasons.push(NotPromotedReason::TooManyAbsences);
    }
    if conduct == Level::Fail {
        reasons.push(NotPromotedReason::ConductFailed);
    }
    if learning == Level::Fail {
        reasons.push(NotPromotedReason::LearningFailed);
    }
    if reasons.is_empty() {
        Proposal::Promoted
    } else {
        Proposal::NotPromoted { reasons }
    }
}

/// Scored subjects with ĐTBmcn below 5.0 and comment subjects at Chưa đạt.
pub fn subjects_to_reassess<K: Clone>(year_results: &[(K, SubjectResult)]) -> Vec<K> {
    year_results
        .iter()
        .filter(|(_, result)| match result {
            SubjectResult::Scored(average) => average.tenths() < 50,
            SubjectResult::Commented(judgement) => *judgement == Judgement::Fail,
        })
        .map(|(key, _)| key.clone())
        .collect()
}

/// The year learning result recomputed after re-assessment: each re-assessed subject's new
/// result replaces its year result (Điều 14.3), then the table and Điều 9.3 apply again.
pub fn learning_after_reassessment<K: Clone + PartialEq>(
    year_results: &[(K, SubjectResult)],
    reassessed: &[(K, SubjectResult)],
) -> LearningResult<K> {
    let merged: Vec<(K, SubjectResult)> = year_results
        .iter()
        .map(|(key, result)| {
            let new = reassessed.iter().find(|(k, _)| k == key).map(|(_, r)| *r);
            (key.clone(), new.unwrap_or(*result))
        })
        .collect();
    learning_result(&merged)
}

/// Danh hiệu học sinh (Điều 15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Title {
    /// Học sinh Xuất sắc.
    Outstanding,
    /// Học sinh Giỏi.
    Excellent,
}

/// Subjects with ĐTBmcn ≥ 9.0 a Học sinh Xuất sắc needs.
const OUTSTANDING_SUBJECTS: usize = 6;
const OUTSTANDING_TENTHS: u8 = 90;

/// The title earned from year conduct, year learning and the year subject results.
pub fn title<K>(
    conduct: Level,
    learning: Level,
    year_results: &[(K, SubjectResult)],
) -> Option<Title> {
    if conduct != Level::Good || learning != Level::Good {
        return None;
    }
    let nine_or_more = year_results
        .iter()
        .filter(|(_, result)| {
            matches!(result, SubjectResult::Scored(average) if average.tenths() >= OUTSTANDING_TENTHS)
        })
        .count();
    if nine_or_more >= OUTSTANDING_SUBJECTS {
        Some(Title::Outstanding)
    } else {
        Some(Title::Excellent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::average::Average;
    use Level::{Fail, Fair, Good, Pass};

    fn scored(tenths: u8) -> SubjectResult {
        SubjectResult::Scored(Average::from_tenths(tenths).expect("in range"))
    }

    fn results() -> Vec<(&'static str, SubjectResult)> {
        vec![
            ("Toán", scored(49)),
            ("Ngữ văn", scored(50)),
            ("Tiếng Anh", scored(30)),
            ("Lịch sử", scored(60)),
            ("GDTC", SubjectResult::Commented(Judgement::Fail)),
            ("Âm nhạc", SubjectResult::Commented(Judgement::Pass)),
        ]
    }

    #[test]
    fn dat_conduct_and_learning_with_45_absences_is_promoted() {
        let end = year_end(Pass, Pass, 45, &results());
        assert_eq!(end.proposal, Proposal::Promoted);
        assert!(!end.summer_conduct_training);
        assert!(end.reassessment_subjects.is_empty());
    }

    #[test]
    fn forty_six_absences_are_not_promoted_whatever_the_results() {
        let end = year_end(Good, Good, 46, &results());
        let reasons = vec![NotPromotedReason::TooManyAbsences];
        assert_eq!(end.proposal, Proposal::NotPromoted { reasons });
        let end = year_end(Pass, Fail, 46, &results());
        assert!(end.reassessment_subjects.is_empty());
    }

    #[test]
    fn failed_conduct_means_summer_conduct_training() {
        let end = year_end(Fail, Fair, 0, &results());
        assert_eq!(end.proposal, Proposal::AwaitingSummer);
        assert!(end.summer_conduct_training);
        assert!(end.reassessment_subjects.is_empty());
    }

    #[test]
    fn failed_learning_lists_subjects_below_5_and_failed_comment_subjects_for_reassessment() {
        let end = year_end(Pass, Fail, 10, &results());
        assert_eq!(end.proposal, Proposal::AwaitingSummer);
        assert!(!end.summer_conduct_training);
        assert_eq!(end.reassessment_subjects, vec!["Toán", "Tiếng Anh", "GDTC"]);
    }

    #[test]
    fn failed_learning_with_failed_conduct_gets_no_reassessment_and_is_not_promoted() {
        let end = year_end(Fail, Fail, 0, &results());
        assert!(end.summer_conduct_training);
        assert!(end.reassessment_subjects.is_empty());
        let reasons = vec![
            NotPromotedReason::ConductFailed,
            NotPromotedReason::LearningFailed,
        ];
        assert_eq!(end.proposal, Proposal::NotPromoted { reasons });
    }

    #[test]
    fn after_summer_the_new_levels_decide() {
        assert_eq!(after_summer(Pass, Pass, 0), Proposal::Promoted);
        assert_eq!(
            after_summer(Fail, Pass, 0),
            Proposal::NotPromoted {
                reasons: vec![NotPromotedReason::ConductFailed]
            }
        );
        assert_eq!(
            after_summer(Pass, Fail, 0),
            Proposal::NotPromoted {
                reasons: vec![NotPromotedReason::LearningFailed]
            }
        );
    }

    #[test]
    fn reassessment_results_replace_the_year_results_and_the_level_is_recomputed() {
        let year = vec![
            ("a", scored(80)),
            ("b", scored(70)),
            ("c", scored(60)),
            ("d", scored(55)),
            ("e", scored(50)),
            ("f", scored(40)),
            ("g", scored(30)),
            ("GDTC", SubjectResult::Commented(Judgement::Fail)),
        ];
        let before = learning_result(&year);
        assert_eq!(before.level, Fail);
        let reassessed = [
            ("f", scored(55)),
            ("g", scored(50)),
            ("GDTC", SubjectResult::Commented(Judgement::Pass)),
        ];
        let after = learning_after_reassessment(&year, &reassessed);
        assert_eq!(after.level, Pass);
        let still_failing = [("g", scored(34))];
        assert_eq!(
            learning_after_reassessment(&year, &still_failing).level,
            Fail
        );
    }

    fn with_nines(nines: usize) -> Vec<(usize, SubjectResult)> {
        (0..8)
            .map(|i| (i, scored(if i < nines { 90 } else { 89 })))
            .collect()
    }

    #[test]
    fn six_subjects_at_9_with_tot_conduct_and_learning_is_xuat_sac() {
        assert_eq!(title(Good, Good, &with_nines(6)), Some(Title::Outstanding));
    }

    #[test]
    fn five_subjects_at_9_is_only_gioi() {
        assert_eq!(title(Good, Good, &with_nines(5)), Some(Title::Excellent));
    }

    #[test]
    fn no_title_without_tot_conduct_and_tot_learning() {
        assert_eq!(title(Fair, Good, &with_nines(8)), None);
        assert_eq!(title(Good, Fair, &with_nines(8)), None);
    }
}
