//! The year-end review of one student (xét lên lớp, TT22 Điều 12–15), built on
//! `grading::year_end`: from what is stored (year subject results, semester conduct, absent
//! sessions, summer results) to the proposal the homeroom teacher confirms, or the list of what
//! is missing. Never a proposal from missing data. Also what the homeroom teacher may change
//! when confirming (only ever downwards, with a reason), and what a summer re-assessment may
//! hold.
use crate::domain::grading::comment::Judgement;
use crate::domain::grading::learning_result::{learning_result, LearningResult, SubjectResult};
use crate::domain::grading::level::Level;
use crate::domain::grading::year_end::{
    after_summer, learning_after_reassessment, title, year_end, NotPromotedReason, Proposal, Title,
};
use crate::domain::grading::{year_conduct, Average};
use serde::{Deserialize, Serialize};

/// A semester whose conduct level is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConductTerm {
    First,
    Second,
}

/// What a student's year gives, as stored. `None`: not there yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearData<K> {
    /// Every subject of the class with its year result (ĐTBmcn or Đ/CĐ), in class order.
    pub subjects: Vec<(K, Option<SubjectResult>)>,
    pub conduct_first: Option<Level>,
    pub conduct_second: Option<Level>,
    /// Excused and unexcused sessions of the year together (late does not count).
    pub absent_sessions: u16,
}

/// What the summer brought: re-assessment results and the conduct level after training.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummerData<K> {
    pub reassessed: Vec<(K, SubjectResult)>,
    pub conduct_after_training: Option<Level>,
}

impl<K> Default for SummerData<K> {
    fn default() -> Self {
        SummerData {
            reassessed: Vec::new(),
            conduct_after_training: None,
        }
    }
}

/// The outcome proposed, as stored in `year_end_decisions.outcome`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome<K> {
    /// Được lên lớp.
    Promoted,
    /// Kiểm tra lại trong hè (Điều 14) in these subjects.
    Reassessment { subjects: Vec<K> },
    /// Rèn luyện trong hè (Điều 13).
    ConductTraining,
    /// Không được lên lớp.
    NotPromoted { reasons: Vec<NotPromotedReason> },
}

/// The kind of an outcome, without its details.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutcomeKind {
    Promoted,
    Reassessment,
    ConductTraining,
    NotPromoted,
}

impl OutcomeKind {
    pub const ALL: [OutcomeKind; 4] = [
        OutcomeKind::Promoted,
        OutcomeKind::Reassessment,
        OutcomeKind::ConductTraining,
        OutcomeKind::NotPromoted,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            OutcomeKind::Promoted => "promoted",
            OutcomeKind::Reassessment => "reassessment",
            OutcomeKind::ConductTraining => "conduct_training",
            OutcomeKind::NotPromoted => "not_promoted",
        }
    }

    pub fn from_code(code: &str) -> Option<OutcomeKind> {
        OutcomeKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl<K> Outcome<K> {
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::Promoted => OutcomeKind::Promoted,
            Outcome::Reassessment { .. } => OutcomeKind::Reassessment,
            Outcome::ConductTraining => OutcomeKind::ConductTraining,
            Outcome::NotPromoted { .. } => OutcomeKind::NotPromoted,
        }
    }

    /// Waiting for summer work before the final outcome.
    pub fn awaits_summer(&self) -> bool {
        matches!(
            self,
            Outcome::Reassessment { .. } | Outcome::ConductTraining
        )
    }
}

/// The code stored for a title.
pub fn title_code(title: Title) -> &'static str {
    match title {
        Title::Outstanding => "outstanding",
        Title::Excellent => "excellent",
    }
}

pub fn title_from_code(code: &str) -> Option<Title> {
    [Title::Outstanding, Title::Excellent]
        .into_iter()
        .find(|t| title_code(*t) == code)
}

/// The code stored for a level ('good', 'fair', 'pass', 'fail').
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

/// The final result once the summer work is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AfterSummer<K> {
    pub learning: LearningResult<K>,
    pub conduct: Level,
    /// Promoted or not promoted.
    pub outcome: Outcome<K>,
}

/// The proposal for a student with complete year data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review<K> {
    /// The year learning result (after Điều 9.3).
    pub learning: LearningResult<K>,
    /// The year conduct level.
    pub conduct: Level,
    pub absent_sessions: u16,
    /// The year-end proposal.
    pub outcome: Outcome<K>,
    pub title: Option<Title>,
    /// What is still missing of the summer work (subjects not re-assessed yet, the conduct
    /// after training); empty once it is all in or when there is none.
    pub summer_missing: SummerMissing<K>,
    /// The final result, once the summer work the proposal asks for is all in.
    pub after_summer: Option<AfterSummer<K>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummerMissing<K> {
    pub subjects: Vec<K>,
    pub conduct: bool,
}

impl<K> SummerMissing<K> {
    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty() && !self.conduct
    }
}

impl<K> Review<K> {
    /// The outcome to confirm now: after summer when that is in, the year proposal otherwise.
    pub fn current_outcome(&self) -> &Outcome<K> {
        self.after_summer
            .as_ref()
            .map(|a| &a.outcome)
            .unwrap_or(&self.outcome)
    }

    /// A title is a year result: a student who needed summer work has none.
    pub fn current_title(&self) -> Option<Title> {
        self.title
    }
}

/// The review of a student, or what stops it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status<K> {
    /// Year data are missing: these subjects have no year result, these semesters no conduct.
    Incomplete {
        subjects: Vec<K>,
        conduct: Vec<ConductTerm>,
    },
    Ready(Review<K>),
}

/// The review of one student from the year data and the summer results.
pub fn review<K: Clone + PartialEq>(year: &YearData<K>, summer: &SummerData<K>) -> Status<K> {
    let missing_subjects: Vec<K> = year
        .subjects
        .iter()
        .filter(|(_, r)| r.is_none())
        .map(|(k, _)| k.clone())
        .collect();
    let mut missing_conduct = Vec::new();
    if year.conduct_first.is_none() {
        missing_conduct.push(ConductTerm::First);
    }
    if year.conduct_second.is_none() {
        missing_conduct.push(ConductTerm::Second);
    }
    let (Some(first), Some(second), true) = (
        year.conduct_first,
        year.conduct_second,
        missing_subjects.is_empty() && !year.subjects.is_empty(),
    ) else {
        return Status::Incomplete {
            subjects: missing_subjects,
            conduct: missing_conduct,
        };
    };
    let results: Vec<(K, SubjectResult)> = year
        .subjects
        .iter()
        .filter_map(|(k, r)| r.map(|r| (k.clone(), r)))
        .collect();
    let conduct = year_conduct(first, second);
    let learning = learning_result(&results);
    let absent = year.absent_sessions;
    let end = year_end(conduct, learning.level, absent, &results);
    let outcome = match end.proposal {
        Proposal::Promoted => Outcome::Promoted,
        Proposal::NotPromoted { reasons } => Outcome::NotPromoted { reasons },
        Proposal::AwaitingSummer if end.summer_conduct_training => Outcome::ConductTraining,
        Proposal::AwaitingSummer => Outcome::Reassessment {
            subjects: end.reassessment_subjects.clone(),
        },
    };
    let title = match outcome {
        Outcome::Promoted => title(conduct, learning.level, &results),
        _ => None,
    };
    let (summer_missing, after) =
        summer_result(&outcome, &results, &learning, conduct, absent, summer);
    Status::Ready(Review {
        learning,
        conduct,
        absent_sessions: absent,
        outcome,
        title,
        summer_missing,
        after_summer: after,
    })
}

fn summer_result<K: Clone + PartialEq>(
    outcome: &Outcome<K>,
    results: &[(K, SubjectResult)],
    learning: &LearningResult<K>,
    conduct: Level,
    absent: u16,
    summer: &SummerData<K>,
) -> (SummerMissing<K>, Option<AfterSummer<K>>) {
    let none = SummerMissing {
        subjects: Vec::new(),
        conduct: false,
    };
    match outcome {
        Outcome::Reassessment { subjects } => {
            let missing: Vec<K> = subjects
                .iter()
                .filter(|k| !summer.reassessed.iter().any(|(r, _)| r == *k))
                .cloned()
                .collect();
            if !missing.is_empty() {
                let m = SummerMissing {
                    subjects: missing,
                    conduct: false,
                };
                return (m, None);
            }
            // Only the proposed subjects count, whatever else was stored.
            let reassessed: Vec<(K, SubjectResult)> = summer
                .reassessed
                .iter()
                .filter(|(k, _)| subjects.contains(k))
                .cloned()
                .collect();
            let learning = learning_after_reassessment(results, &reassessed);
            let outcome = summer_outcome(after_summer(conduct, learning.level, absent));
            let after = AfterSummer {
                learning,
                conduct,
                outcome,
            };
            (none, Some(after))
        }
        Outcome::ConductTraining => match summer.conduct_after_training {
            None => (
                SummerMissing {
                    subjects: Vec::new(),
                    conduct: true,
                },
                None,
            ),
            Some(level) => {
                let outcome = summer_outcome(after_summer(level, learning.level, absent));
                let after = AfterSummer {
                    learning: learning.clone(),
                    conduct: level,
                    outcome,
                };
                (none, Some(after))
            }
        },
        _ => (none, None),
    }
}

fn summer_outcome<K>(proposal: Proposal) -> Outcome<K> {
    match proposal {
        Proposal::NotPromoted { reasons } => Outcome::NotPromoted { reasons },
        Proposal::Promoted | Proposal::AwaitingSummer => Outcome::Promoted,
    }
}

/// Why a homeroom teacher's change to a proposal is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OverrideRefusal {
    /// A change needs a reason.
    ReasonRequired,
    /// The outcome is the rules' (Điều 12): nobody promotes a student the rules do not, nor
    /// holds back one they promote.
    OutcomeIsTheRules,
    /// A title not earned cannot be granted (Điều 15).
    TitleNotEarned,
}

/// What the homeroom teacher confirms for a student.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub outcome: OutcomeKind,
    pub title: Option<Title>,
    pub reason: String,
}

/// Checks a confirmation against the proposal. Allowed changes: withhold a proposed title, or
/// lower Xuất sắc to Giỏi, each with a reason. Returns whether it is an override.
pub fn check_choice<K>(
    proposed: &Outcome<K>,
    proposed_title: Option<Title>,
    choice: &Choice,
) -> Result<bool, OverrideRefusal> {
    if choice.outcome != proposed.kind() {
        return Err(OverrideRefusal::OutcomeIsTheRules);
    }
    let is_override = match (proposed_title, choice.title) {
        (a, b) if a == b => false,
        (Some(_), None) => true,
        (Some(Title::Outstanding), Some(Title::Excellent)) => true,
        _ => return Err(OverrideRefusal::TitleNotEarned),
    };
    if is_override && choice.reason.trim().is_empty() {
        return Err(OverrideRefusal::ReasonRequired);
    }
    Ok(is_override)
}

/// Why a re-assessment result is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReassessmentRefusal {
    /// The subject was not proposed for re-assessment.
    NotProposed,
    /// A scored subject needs a score 0–10 with one decimal; a comment subject Đ / CĐ.
    WrongKind,
    /// The score is not a number 0–10 with at most one decimal.
    BadScore,
}

/// A typed re-assessment result: "6,5" / "6.5" for a scored subject, "Đ" / "CĐ" for a
/// comment subject, only for a subject proposed.
pub fn read_reassessment<K: PartialEq>(
    proposed: &Outcome<K>,
    subject: &K,
    comment_subject: bool,
    typed: &str,
) -> Result<SubjectResult, ReassessmentRefusal> {
    match proposed {
        Outcome::Reassessment { subjects } if subjects.contains(subject) => {}
        _ => return Err(ReassessmentRefusal::NotProposed),
    }
    let text = typed.trim();
    let judgement = match text.to_uppercase().as_str() {
        "Đ" | "D" | "ĐẠT" | "PASS" => Some(Judgement::Pass),
        "CĐ" | "CD" | "CHƯA ĐẠT" | "FAIL" => Some(Judgement::Fail),
        _ => None,
    };
    if comment_subject {
        return judgement
            .map(SubjectResult::Commented)
            .ok_or(ReassessmentRefusal::WrongKind);
    }
    if judgement.is_some() {
        return Err(ReassessmentRefusal::WrongKind);
    }
    let score =
        crate::domain::grading::Score::parse(text).map_err(|_| ReassessmentRefusal::BadScore)?;
    Average::from_tenths(score.tenths())
        .map(SubjectResult::Scored)
        .ok_or(ReassessmentRefusal::BadScore)
}

/// Why a year-end act is refused; nothing was changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum YearEndProblem {
    Override(OverrideRefusal),
    Reassessment(ReassessmentRefusal),
    /// The student's year data are incomplete: no proposal to confirm.
    Incomplete,
    /// The student is not (or no longer) in the class.
    NotInClass,
    /// The summer conduct level is only for a student proposed for summer conduct training.
    NoConductTraining,
    /// The summer work is not all in yet: the final outcome cannot be confirmed.
    AwaitingSummer,
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::{Fail, Fair, Good, Pass};

    fn scored(tenths: u8) -> Option<SubjectResult> {
        Some(SubjectResult::Scored(
            Average::from_tenths(tenths).expect("in range"),
        ))
    }
    fn passed() -> Option<SubjectResult> {
        Some(SubjectResult::Commented(Judgement::Pass))
    }
    fn failed() -> Option<SubjectResult> {
        Some(SubjectResult::Commented(Judgement::Fail))
    }

    /// Eight scored subjects and two comment subjects, like the demo grade 9.
    fn year(scores: [u8; 8], comments: [bool; 2]) -> Vec<(&'static str, Option<SubjectResult>)> {
        let names = ["Toán", "Văn", "Anh", "Sử", "Địa", "KHTN", "GDCD", "Tin"];
        let mut v: Vec<_> = names
            .iter()
            .zip(scores)
            .map(|(n, s)| (*n, scored(s)))
            .collect();
        v.push(("GDTC", if comments[0] { passed() } else { failed() }));
        v.push(("Nghệ thuật", if comments[1] { passed() } else { failed() }));
        v
    }

    fn data(
        subjects: Vec<(&'static str, Option<SubjectResult>)>,
        first: Level,
        second: Level,
        absent: u16,
    ) -> YearData<&'static str> {
        YearData {
            subjects,
            conduct_first: Some(first),
            conduct_second: Some(second),
            absent_sessions: absent,
        }
    }

    fn ready(status: Status<&'static str>) -> Review<&'static str> {
        match status {
            Status::Ready(r) => r,
            other => panic!("not ready: {other:?}"),
        }
    }

    fn no_summer() -> SummerData<&'static str> {
        SummerData::default()
    }

    const AVERAGE: [u8; 8] = [60, 60, 60, 60, 60, 60, 70, 70];

    #[test]
    fn promoted_with_45_absences_and_not_with_46() {
        let r = ready(review(
            &data(year(AVERAGE, [true; 2]), Pass, Pass, 45),
            &no_summer(),
        ));
        assert_eq!(r.outcome, Outcome::Promoted);
        assert_eq!(r.learning.level, Pass);
        let r = ready(review(
            &data(year(AVERAGE, [true; 2]), Good, Good, 46),
            &no_summer(),
        ));
        assert_eq!(
            r.outcome,
            Outcome::NotPromoted {
                reasons: vec![NotPromotedReason::TooManyAbsences]
            }
        );
        assert_eq!(r.title, None);
    }

    #[test]
    fn failed_conduct_means_summer_training_and_the_level_after_decides() {
        // I Tốt, II Chưa đạt: year Chưa đạt.
        let d = data(year(AVERAGE, [true; 2]), Good, Fail, 0);
        let r = ready(review(&d, &no_summer()));
        assert_eq!(r.conduct, Fail);
        assert_eq!(r.outcome, Outcome::ConductTraining);
        assert!(r.summer_missing.conduct);
        assert_eq!(r.after_summer, None);
        assert_eq!(r.current_outcome(), &Outcome::ConductTraining);
        let trained = SummerData {
            reassessed: vec![],
            conduct_after_training: Some(Pass),
        };
        let r = ready(review(&d, &trained));
        assert!(r.summer_missing.is_empty());
        assert_eq!(r.current_outcome(), &Outcome::Promoted);
        let still = SummerData {
            reassessed: vec![],
            conduct_after_training: Some(Fail),
        };
        let r = ready(review(&d, &still));
        assert_eq!(
            r.current_outcome(),
            &Outcome::NotPromoted {
                reasons: vec![NotPromotedReason::ConductFailed]
            }
        );
    }

    #[test]
    fn failed_learning_lists_the_subjects_to_reassess() {
        let d = data(
            year([40, 30, 60, 60, 60, 60, 70, 70], [true, false]),
            Fair,
            Fair,
            3,
        );
        let r = ready(review(&d, &no_summer()));
        assert_eq!(r.learning.level, Fail);
        assert_eq!(
            r.outcome,
            Outcome::Reassessment {
                subjects: vec!["Toán", "Văn", "Nghệ thuật"]
            }
        );
        assert_eq!(r.summer_missing.subjects, vec!["Toán", "Văn", "Nghệ thuật"]);
        assert_eq!(r.title, None);
    }

    #[test]
    fn both_failed_is_not_promoted_without_summer_work() {
        let d = data(
            year([40, 30, 20, 60, 60, 60, 70, 70], [false; 2]),
            Fail,
            Fail,
            0,
        );
        let r = ready(review(&d, &no_summer()));
        assert_eq!(
            r.outcome,
            Outcome::NotPromoted {
                reasons: vec![
                    NotPromotedReason::ConductFailed,
                    NotPromotedReason::LearningFailed
                ]
            }
        );
        assert!(r.summer_missing.is_empty());
        assert_eq!(r.after_summer, None);
    }

    #[test]
    fn xuat_sac_needs_six_subjects_at_9() {
        let six = data(
            year([90, 90, 90, 90, 90, 90, 80, 80], [true; 2]),
            Good,
            Good,
            0,
        );
        let r = ready(review(&six, &no_summer()));
        assert_eq!(r.outcome, Outcome::Promoted);
        assert_eq!(r.title, Some(Title::Outstanding));
        let five = data(
            year([90, 90, 90, 90, 90, 89, 80, 80], [true; 2]),
            Good,
            Good,
            0,
        );
        assert_eq!(
            ready(review(&five, &no_summer())).title,
            Some(Title::Excellent)
        );
        // Khá conduct: no title at all.
        let fair = data(
            year([90, 90, 90, 90, 90, 90, 80, 80], [true; 2]),
            Good,
            Pass,
            0,
        );
        assert_eq!(ready(review(&fair, &no_summer())).title, None);
    }

    #[test]
    fn the_dieu_9_3_example_gives_kha() {
        // Seven subjects ≥ 8.0, Ngữ văn 4.0, comment subjects Đạt: Đạt, raised to Khá.
        let d = data(
            year([85, 40, 85, 85, 85, 85, 85, 85], [true; 2]),
            Good,
            Good,
            0,
        );
        let r = ready(review(&d, &no_summer()));
        assert_eq!(r.learning.before_adjustment, Pass);
        assert_eq!(r.learning.level, Fair);
        assert_eq!(r.learning.adjusted_because_of, Some("Văn"));
        assert_eq!(r.outcome, Outcome::Promoted);
        assert_eq!(r.title, None);
    }

    #[test]
    fn a_reassessment_that_passes_promotes_and_one_that_fails_does_not() {
        let d = data(
            year([40, 30, 60, 60, 60, 60, 70, 70], [true, true]),
            Pass,
            Fair,
            0,
        );
        let r = ready(review(&d, &no_summer()));
        assert_eq!(
            r.outcome,
            Outcome::Reassessment {
                subjects: vec!["Toán", "Văn"]
            }
        );
        let half = SummerData {
            reassessed: vec![("Toán", scored(55).expect("s"))],
            conduct_after_training: None,
        };
        let r = ready(review(&d, &half));
        assert_eq!(r.summer_missing.subjects, vec!["Văn"]);
        assert_eq!(r.after_summer, None);
        let pass = SummerData {
            reassessed: vec![
                ("Toán", scored(55).expect("s")),
                ("Văn", scored(50).expect("s")),
            ],
            conduct_after_training: None,
        };
        let r = ready(review(&d, &pass));
        let after = r.after_summer.clone().expect("after summer");
        assert_eq!(after.learning.level, Pass);
        assert_eq!(r.current_outcome(), &Outcome::Promoted);
        let fail = SummerData {
            reassessed: vec![
                ("Toán", scored(55).expect("s")),
                ("Văn", scored(20).expect("s")),
            ],
            conduct_after_training: None,
        };
        let r = ready(review(&d, &fail));
        assert_eq!(
            r.current_outcome(),
            &Outcome::NotPromoted {
                reasons: vec![NotPromotedReason::LearningFailed]
            }
        );
    }

    #[test]
    fn a_result_for_a_subject_not_proposed_does_not_count() {
        let d = data(
            year([40, 60, 60, 60, 60, 60, 70, 70], [true, true]),
            Pass,
            Pass,
            0,
        );
        let r = ready(review(&d, &no_summer()));
        // One subject below 3.5 or not: 4.0 with six ≥ 5 → Đạt already.
        assert_eq!(r.outcome, Outcome::Promoted);
        let extra = SummerData {
            reassessed: vec![("Anh", scored(10).expect("s"))],
            conduct_after_training: None,
        };
        assert_eq!(
            ready(review(&d, &extra)).current_outcome(),
            &Outcome::Promoted
        );
    }

    #[test]
    fn missing_data_gives_no_proposal_but_the_list_of_what_is_missing() {
        let mut subjects = year(AVERAGE, [true; 2]);
        subjects[1].1 = None;
        subjects[8].1 = None;
        let d = YearData {
            subjects,
            conduct_first: Some(Good),
            conduct_second: None,
            absent_sessions: 50,
        };
        assert_eq!(
            review(&d, &no_summer()),
            Status::Incomplete {
                subjects: vec!["Văn", "GDTC"],
                conduct: vec![ConductTerm::Second],
            }
        );
        let d = YearData {
            subjects: year(AVERAGE, [true; 2]),
            conduct_first: None,
            conduct_second: Some(Good),
            absent_sessions: 0,
        };
        assert_eq!(
            review(&d, &no_summer()),
            Status::Incomplete {
                subjects: vec![],
                conduct: vec![ConductTerm::First],
            }
        );
    }

    fn choice(outcome: OutcomeKind, title: Option<Title>, reason: &str) -> Choice {
        Choice {
            outcome,
            title,
            reason: reason.into(),
        }
    }

    #[test]
    fn the_homeroom_teacher_may_only_withhold_or_lower_a_title_with_a_reason() {
        let promoted: Outcome<&str> = Outcome::Promoted;
        let p = OutcomeKind::Promoted;
        let out = Some(Title::Outstanding);
        let exc = Some(Title::Excellent);
        assert_eq!(check_choice(&promoted, out, &choice(p, out, "")), Ok(false));
        assert_eq!(
            check_choice(&promoted, out, &choice(p, exc, "kỷ luật")),
            Ok(true)
        );
        assert_eq!(
            check_choice(&promoted, out, &choice(p, None, "kỷ luật")),
            Ok(true)
        );
        assert_eq!(
            check_choice(&promoted, exc, &choice(p, None, "  ")),
            Err(OverrideRefusal::ReasonRequired)
        );
        assert_eq!(
            check_choice(&promoted, exc, &choice(p, out, "xứng đáng")),
            Err(OverrideRefusal::TitleNotEarned)
        );
        assert_eq!(
            check_choice(&promoted, None, &choice(p, exc, "xứng đáng")),
            Err(OverrideRefusal::TitleNotEarned)
        );
        let held: Outcome<&str> = Outcome::NotPromoted {
            reasons: vec![NotPromotedReason::TooManyAbsences],
        };
        assert_eq!(
            check_choice(&held, None, &choice(p, None, "ốm dài ngày")),
            Err(OverrideRefusal::OutcomeIsTheRules)
        );
        let re: Outcome<&str> = Outcome::Reassessment {
            subjects: vec!["Toán"],
        };
        assert_eq!(
            check_choice(&re, None, &choice(p, None, "x")),
            Err(OverrideRefusal::OutcomeIsTheRules)
        );
        assert_eq!(
            check_choice(
                &promoted,
                None,
                &choice(OutcomeKind::NotPromoted, None, "x")
            ),
            Err(OverrideRefusal::OutcomeIsTheRules)
        );
    }

    #[test]
    fn reassessment_results_only_for_proposed_subjects_in_range() {
        let re: Outcome<&str> = Outcome::Reassessment {
            subjects: vec!["Toán", "GDTC"],
        };
        assert_eq!(
            read_reassessment(&re, &"Toán", false, "6,5"),
            Ok(scored(65).expect("s"))
        );
        assert_eq!(
            read_reassessment(&re, &"Toán", false, "10"),
            Ok(scored(100).expect("s"))
        );
        assert_eq!(
            read_reassessment(&re, &"Toán", false, "10.5"),
            Err(ReassessmentRefusal::BadScore)
        );
        assert_eq!(
            read_reassessment(&re, &"Toán", false, "-1"),
            Err(ReassessmentRefusal::BadScore)
        );
        assert_eq!(
            read_reassessment(&re, &"Toán", false, "Đ"),
            Err(ReassessmentRefusal::WrongKind)
        );
        assert_eq!(
            read_reassessment(&re, &"GDTC", true, "đ"),
            Ok(passed().expect("p"))
        );
        assert_eq!(
            read_reassessment(&re, &"GDTC", true, "CĐ"),
            Ok(failed().expect("f"))
        );
        assert_eq!(
            read_reassessment(&re, &"GDTC", true, "7"),
            Err(ReassessmentRefusal::WrongKind)
        );
        assert_eq!(
            read_reassessment(&re, &"Văn", false, "7"),
            Err(ReassessmentRefusal::NotProposed)
        );
        let promoted: Outcome<&str> = Outcome::Promoted;
        assert_eq!(
            read_reassessment(&promoted, &"Toán", false, "7"),
            Err(ReassessmentRefusal::NotProposed)
        );
    }

    #[test]
    fn outcome_codes_round_trip() {
        for k in OutcomeKind::ALL {
            assert_eq!(OutcomeKind::from_code(k.code()), Some(k));
        }
        for t in [Title::Outstanding, Title::Excellent] {
            assert_eq!(title_from_code(title_code(t)), Some(t));
        }
    }
}
