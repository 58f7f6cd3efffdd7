//! Primary school assessment (Thông tư 27/2020/TT-BGDĐT): subjects and activities are
//! assessed in levels (Điều 6), qualities and competencies in levels (Điều 6.2), periodic tests
//! are whole numbers (Điều 7), and the year result (Điều 14) and titles (Điều 15) follow from
//! them. No averages exist in primary, so there is nothing to round.
use super::score::WholeScore;
use serde::{Deserialize, Serialize};

/// A subject's or activity's level, declared low to high.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SubjectLevel {
    /// Chưa hoàn thành (C).
    NotCompleted,
    /// Hoàn thành (H).
    Completed,
    /// Hoàn thành tốt (T).
    CompletedWell,
}

/// A quality's or competency's level, declared low to high.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TraitLevel {
    /// Cần cố gắng.
    NeedsEffort,
    /// Đạt.
    Meets,
    /// Tốt.
    Good,
}

/// The five qualities (phẩm chất chủ yếu).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Quality {
    /// Yêu nước.
    Patriotism,
    /// Nhân ái.
    Compassion,
    /// Chăm chỉ.
    Diligence,
    /// Trung thực.
    Honesty,
    /// Trách nhiệm.
    Responsibility,
}

impl Quality {
    pub const ALL: [Quality; 5] = [
        Quality::Patriotism,
        Quality::Compassion,
        Quality::Diligence,
        Quality::Honesty,
        Quality::Responsibility,
    ];
}

/// The three general and seven specific competencies (năng lực chung, năng lực đặc thù).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Competency {
    /// Tự chủ và tự học.
    SelfReliance,
    /// Giao tiếp và hợp tác.
    Communication,
    /// Giải quyết vấn đề và sáng tạo.
    ProblemSolving,
    /// Ngôn ngữ.
    Language,
    /// Tính toán.
    Numeracy,
    /// Khoa học.
    Science,
    /// Công nghệ.
    Technology,
    /// Tin học.
    Computing,
    /// Thẩm mĩ.
    Aesthetics,
    /// Thể chất.
    Physical,
}

impl Competency {
    pub const ALL: [Competency; 10] = [
        Competency::SelfReliance,
        Competency::Communication,
        Competency::ProblemSolving,
        Competency::Language,
        Competency::Numeracy,
        Competency::Science,
        Competency::Technology,
        Competency::Computing,
        Competency::Aesthetics,
        Competency::Physical,
    ];
}

/// The year result, declared low to high.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum YearResult {
    /// Chưa hoàn thành chương trình lớp học.
    NotCompleted,
    /// Hoàn thành.
    Completed,
    /// Hoàn thành tốt.
    CompletedWell,
    /// Hoàn thành xuất sắc.
    CompletedExcellently,
}

/// The year result from the year-end subject levels, quality and competency levels, and the
/// year-end periodic test scores.
pub fn year_result(
    subjects: &[SubjectLevel],
    qualities_and_competencies: &[TraitLevel],
    year_end_tests: &[WholeScore],
) -> YearResult {
    let subjects_at_least = |level| subjects.iter().all(|s| *s >= level);
    let traits_at_least = |level| qualities_and_competencies.iter().all(|t| *t >= level);
    let tests_at_least = |points| year_end_tests.iter().all(|t| t.points() >= points);
    let all_top =
        subjects_at_least(SubjectLevel::CompletedWell) && traits_at_least(TraitLevel::Good);
    if all_top && tests_at_least(9) {
        YearResult::CompletedExcellently
    } else if all_top && tests_at_least(7) {
        YearResult::CompletedWell
    } else if subjects_at_least(SubjectLevel::Completed)
        && traits_at_least(TraitLevel::Meets)
        && tests_at_least(5)
    {
        YearResult::Completed
    } else {
        YearResult::NotCompleted
    }
}

/// Primary titles (Điều 15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrimaryTitle {
    /// Học sinh Xuất sắc.
    Outstanding,
    /// Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện.
    Exemplary,
}

/// Xuất sắc follows from the result; Tiêu biểu is a judgement (proposed by the teacher and
/// confirmed by the class), so it is an input, and goes only to students not already Xuất sắc.
pub fn primary_title(result: YearResult, exemplary_confirmed: bool) -> Option<PrimaryTitle> {
    if result == YearResult::CompletedExcellently {
        Some(PrimaryTitle::Outstanding)
    } else if exemplary_confirmed {
        Some(PrimaryTitle::Exemplary)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SubjectLevel::{Completed, CompletedWell, NotCompleted};
    use TraitLevel::{Good, Meets, NeedsEffort};

    fn tests(points: &[u8]) -> Vec<WholeScore> {
        points
            .iter()
            .map(|p| WholeScore::new(*p).expect("valid"))
            .collect()
    }

    const ALL_T: [SubjectLevel; 3] = [CompletedWell; 3];
    const ALL_GOOD: [TraitLevel; 15] = [Good; 15];

    #[test]
    fn all_t_all_tot_and_every_test_at_9_is_hoan_thanh_xuat_sac() {
        let result = year_result(&ALL_T, &ALL_GOOD, &tests(&[9, 10, 9]));
        assert_eq!(result, YearResult::CompletedExcellently);
    }

    #[test]
    fn one_test_at_8_makes_it_hoan_thanh_tot_instead() {
        let result = year_result(&ALL_T, &ALL_GOOD, &tests(&[9, 8, 10]));
        assert_eq!(result, YearResult::CompletedWell);
    }

    #[test]
    fn a_test_at_7_is_still_hoan_thanh_tot_and_6_is_only_hoan_thanh() {
        assert_eq!(
            year_result(&ALL_T, &ALL_GOOD, &tests(&[7, 10])),
            YearResult::CompletedWell
        );
        assert_eq!(
            year_result(&ALL_T, &ALL_GOOD, &tests(&[6, 10])),
            YearResult::Completed
        );
    }

    #[test]
    fn a_test_at_5_is_still_hoan_thanh_and_4_is_chua_hoan_thanh() {
        assert_eq!(
            year_result(&ALL_T, &ALL_GOOD, &tests(&[5, 10])),
            YearResult::Completed
        );
        assert_eq!(
            year_result(&ALL_T, &ALL_GOOD, &tests(&[4, 10])),
            YearResult::NotCompleted
        );
    }

    #[test]
    fn one_subject_at_h_rules_out_the_two_top_results() {
        let subjects = [CompletedWell, Completed, CompletedWell];
        assert_eq!(
            year_result(&subjects, &ALL_GOOD, &tests(&[10])),
            YearResult::Completed
        );
    }

    #[test]
    fn one_quality_at_dat_rules_out_the_two_top_results() {
        let mut traits = ALL_GOOD;
        traits[4] = Meets;
        assert_eq!(
            year_result(&ALL_T, &traits, &tests(&[10])),
            YearResult::Completed
        );
    }

    #[test]
    fn a_subject_at_c_or_a_trait_needing_effort_is_chua_hoan_thanh() {
        let subjects = [CompletedWell, NotCompleted];
        assert_eq!(
            year_result(&subjects, &ALL_GOOD, &tests(&[10])),
            YearResult::NotCompleted
        );
        let mut traits = ALL_GOOD;
        traits[0] = NeedsEffort;
        assert_eq!(
            year_result(&ALL_T, &traits, &tests(&[10])),
            YearResult::NotCompleted
        );
    }

    #[test]
    fn there_are_five_qualities_and_ten_competencies() {
        assert_eq!(Quality::ALL.len() + Competency::ALL.len(), ALL_GOOD.len());
    }

    #[test]
    fn xuat_sac_earns_the_title_and_tieu_bieu_needs_confirmation() {
        assert_eq!(
            primary_title(YearResult::CompletedExcellently, false),
            Some(PrimaryTitle::Outstanding)
        );
        assert_eq!(
            primary_title(YearResult::CompletedWell, true),
            Some(PrimaryTitle::Exemplary)
        );
        assert_eq!(primary_title(YearResult::CompletedWell, false), None);
    }
}
