//! Rewards (khen thưởng) and discipline (kỷ luật) of a secondary student. Rewards carry the
//! level that granted them (class to national); discipline is one of the three educational
//! measures of Thông tư 19/2025/TT-BGDĐT for lower secondary: a reminder (nhắc nhở), criticism
//! (phê bình) — both by the teacher — and writing a self-review (viết bản tự kiểm điểm), decided
//! by the principal. A record decided above the class needs its decision number.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const MAX_REASON_CHARS: usize = 500;
pub const MAX_DECISION_CHARS: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DistinctionKind {
    Reward,
    Discipline,
}

impl DistinctionKind {
    pub fn code(self) -> &'static str {
        match self {
            DistinctionKind::Reward => "reward",
            DistinctionKind::Discipline => "discipline",
        }
    }

    pub fn from_code(code: &str) -> Option<DistinctionKind> {
        [DistinctionKind::Reward, DistinctionKind::Discipline]
            .into_iter()
            .find(|k| k.code() == code)
    }

    /// The levels (rewards) or measures (discipline) of this kind, as stored.
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            DistinctionKind::Reward => &REWARD_LEVELS,
            DistinctionKind::Discipline => &DISCIPLINE_MEASURES,
        }
    }
}

/// Cấp lớp, trường, huyện, tỉnh, quốc gia.
pub const REWARD_LEVELS: [&str; 5] = ["class", "school", "district", "province", "national"];
/// Nhắc nhở, phê bình, viết bản tự kiểm điểm.
pub const DISCIPLINE_MEASURES: [&str; 3] = ["reminder", "criticism", "self_review"];

/// Whether a record of this level is decided within the class (no decision number needed).
pub fn within_class(kind: DistinctionKind, level: &str) -> bool {
    match kind {
        DistinctionKind::Reward => level == "class",
        DistinctionKind::Discipline => level == "reminder" || level == "criticism",
    }
}

/// Why a record is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DistinctionProblem {
    UnknownKind,
    UnknownLevel,
    DateOutsideYear,
    DateInFuture,
    ReasonMissing,
    ReasonTooLong,
    DecisionNumberMissing,
    DecisionNumberTooLong,
    WithdrawReasonMissing,
    AlreadyWithdrawn,
}

/// A record as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistinctionDraft {
    pub kind: String,
    pub level: String,
    /// 'YYYY-MM-DD'.
    pub on_date: String,
    pub reason: String,
    pub decision_number: String,
}

/// A record that passed [`validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidDistinction {
    pub kind: DistinctionKind,
    pub level: &'static str,
    pub on_date: NaiveDate,
    pub reason: String,
    pub decision_number: String,
}

/// Checks a draft against the school year `[year_start, year_end]` and `today`.
pub fn validate(
    draft: &DistinctionDraft,
    year_start: NaiveDate,
    year_end: NaiveDate,
    today: NaiveDate,
) -> Result<ValidDistinction, DistinctionProblem> {
    let kind =
        DistinctionKind::from_code(draft.kind.trim()).ok_or(DistinctionProblem::UnknownKind)?;
    let level = kind
        .levels()
        .iter()
        .copied()
        .find(|l| *l == draft.level.trim())
        .ok_or(DistinctionProblem::UnknownLevel)?;
    let on_date = NaiveDate::parse_from_str(draft.on_date.trim(), "%Y-%m-%d")
        .map_err(|_| DistinctionProblem::DateOutsideYear)?;
    if on_date < year_start || on_date > year_end {
        return Err(DistinctionProblem::DateOutsideYear);
    }
    if on_date > today {
        return Err(DistinctionProblem::DateInFuture);
    }
    let reason = draft.reason.trim();
    if reason.is_empty() {
        return Err(DistinctionProblem::ReasonMissing);
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(DistinctionProblem::ReasonTooLong);
    }
    let decision = draft.decision_number.trim();
    if decision.chars().count() > MAX_DECISION_CHARS {
        return Err(DistinctionProblem::DecisionNumberTooLong);
    }
    if decision.is_empty() && !within_class(kind, level) {
        return Err(DistinctionProblem::DecisionNumberMissing);
    }
    Ok(ValidDistinction {
        kind,
        level,
        on_date,
        reason: reason.to_string(),
        decision_number: decision.to_string(),
    })
}

/// The reason given for withdrawing a record, trimmed and required.
pub fn withdraw_reason(text: &str) -> Result<String, DistinctionProblem> {
    let reason = text.trim();
    if reason.is_empty() {
        return Err(DistinctionProblem::WithdrawReasonMissing);
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(DistinctionProblem::ReasonTooLong);
    }
    Ok(reason.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn draft(
        kind: &str,
        level: &str,
        date: &str,
        reason: &str,
        decision: &str,
    ) -> DistinctionDraft {
        DistinctionDraft {
            kind: kind.into(),
            level: level.into(),
            on_date: date.into(),
            reason: reason.into(),
            decision_number: decision.into(),
        }
    }

    fn check(dr: &DistinctionDraft) -> Result<ValidDistinction, DistinctionProblem> {
        validate(dr, d(2026, 9, 5), d(2027, 5, 31), d(2026, 11, 22))
    }

    #[test]
    fn a_class_reward_needs_no_decision_number() {
        let ok = check(&draft("reward", "class", "2026-11-18", " Giúp bạn ", "")).expect("valid");
        assert_eq!(ok.kind, DistinctionKind::Reward);
        assert_eq!(ok.reason, "Giúp bạn");
        assert_eq!(ok.on_date, d(2026, 11, 18));
    }

    #[test]
    fn above_the_class_the_decision_number_is_required() {
        assert_eq!(
            check(&draft("reward", "school", "2026-11-18", "Giải nhất", "")),
            Err(DistinctionProblem::DecisionNumberMissing)
        );
        assert!(check(&draft(
            "reward",
            "province",
            "2026-11-18",
            "Giải nhất",
            "12/QĐ"
        ))
        .is_ok());
        assert_eq!(
            check(&draft(
                "discipline",
                "self_review",
                "2026-11-18",
                "Đánh nhau",
                ""
            )),
            Err(DistinctionProblem::DecisionNumberMissing)
        );
        assert!(check(&draft(
            "discipline",
            "reminder",
            "2026-11-18",
            "Đi muộn",
            ""
        ))
        .is_ok());
        assert_eq!(
            check(&draft(
                "reward",
                "school",
                "2026-11-18",
                "x",
                &"9".repeat(51)
            )),
            Err(DistinctionProblem::DecisionNumberTooLong)
        );
    }

    #[test]
    fn bad_input_is_refused_with_its_reason() {
        assert_eq!(
            check(&draft("praise", "class", "2026-11-18", "x", "")),
            Err(DistinctionProblem::UnknownKind)
        );
        assert_eq!(
            check(&draft("reward", "galaxy", "2026-11-18", "x", "")),
            Err(DistinctionProblem::UnknownLevel)
        );
        // A discipline measure is not a reward level, nor the other way round.
        assert_eq!(
            check(&draft("reward", "reminder", "2026-11-18", "x", "")),
            Err(DistinctionProblem::UnknownLevel)
        );
        assert_eq!(
            check(&draft("reward", "class", "2026-08-01", "x", "")),
            Err(DistinctionProblem::DateOutsideYear)
        );
        assert_eq!(
            check(&draft("reward", "class", "18/11/2026", "x", "")),
            Err(DistinctionProblem::DateOutsideYear)
        );
        assert_eq!(
            check(&draft("reward", "class", "2026-12-01", "x", "")),
            Err(DistinctionProblem::DateInFuture)
        );
        assert_eq!(
            check(&draft("reward", "class", "2026-11-18", "   ", "")),
            Err(DistinctionProblem::ReasonMissing)
        );
        assert_eq!(
            check(&draft(
                "reward",
                "class",
                "2026-11-18",
                &"a".repeat(501),
                ""
            )),
            Err(DistinctionProblem::ReasonTooLong)
        );
    }

    #[test]
    fn withdrawing_needs_a_reason() {
        assert_eq!(
            withdraw_reason("  "),
            Err(DistinctionProblem::WithdrawReasonMissing)
        );
        assert_eq!(withdraw_reason(" nhầm "), Ok("nhầm".into()));
    }

    proptest! {
        #[test]
        fn a_valid_record_is_always_inside_the_year_and_not_future(
            offset in -400i64..400, reason in "\\PC{0,20}", level in 0usize..5,
        ) {
            let date = d(2026, 11, 1) + chrono::Duration::days(offset);
            let dr = draft("reward", REWARD_LEVELS[level], &date.format("%Y-%m-%d").to_string(), &reason, "1/QĐ");
            if let Ok(v) = check(&dr) {
                prop_assert!(v.on_date >= d(2026, 9, 5) && v.on_date <= d(2026, 11, 22));
                prop_assert!(!v.reason.is_empty());
            }
        }
    }
}
