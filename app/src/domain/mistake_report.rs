//! Reporting a mistake (issue 8): a family flags a score or a personal detail of their child
//! as wrong, with a message; the subject's teacher (for a score) and the homeroom teacher see
//! it and answer: corrected, or checked and unchanged. Pure rules: what may be reported, what
//! a message may hold, who answers, and how a report moves.
use serde::{Deserialize, Serialize};

/// The longest message, in characters (a report is a note, not a letter).
pub const MESSAGE_MAX_CHARS: usize = 1000;
/// Reports one account may send in a day: enough for any real family, not for a flood.
pub const DAILY_LIMIT: i64 = 20;

/// A personal detail of the record a family may say is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PersonalField {
    FullName,
    DateOfBirth,
    Gender,
    Ethnicity,
    PlaceOfBirth,
    Address,
    Guardian,
    Other,
}

impl PersonalField {
    pub const ALL: [PersonalField; 8] = [
        PersonalField::FullName,
        PersonalField::DateOfBirth,
        PersonalField::Gender,
        PersonalField::Ethnicity,
        PersonalField::PlaceOfBirth,
        PersonalField::Address,
        PersonalField::Guardian,
        PersonalField::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PersonalField::FullName => "full_name",
            PersonalField::DateOfBirth => "date_of_birth",
            PersonalField::Gender => "gender",
            PersonalField::Ethnicity => "ethnicity",
            PersonalField::PlaceOfBirth => "place_of_birth",
            PersonalField::Address => "address",
            PersonalField::Guardian => "guardian",
            PersonalField::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<PersonalField> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// What the report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportAbout {
    /// A subject's scores in semester 1 or 2.
    Score {
        subject_id: i64,
        semester: i64,
    },
    Personal {
        field: PersonalField,
    },
}

/// Where a report is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportStatus {
    /// Sent, waiting for an answer.
    #[default]
    Open,
    /// The school corrected the record.
    Corrected,
    /// Checked: the record was right and stays as it is.
    Unchanged,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 3] = [
        ReportStatus::Open,
        ReportStatus::Corrected,
        ReportStatus::Unchanged,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Open => "open",
            ReportStatus::Corrected => "corrected",
            ReportStatus::Unchanged => "unchanged",
        }
    }

    pub fn from_code(code: &str) -> Option<ReportStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Why a report or an answer was refused; nothing was stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ReportProblem {
    #[error("the message is empty")]
    EmptyMessage,
    #[error("the message is longer than {max} characters")]
    MessageTooLong { max: usize },
    #[error("more than {limit} reports today")]
    TooManyToday { limit: i64 },
    #[error("the subject or semester is not the child's")]
    UnknownSubject,
    #[error("an answer is open, corrected or unchanged: not open")]
    AnswerMustClose,
    #[error("the report was answered meanwhile")]
    AlreadyAnswered,
}

/// The message as stored: plain text (the caller has removed any markup), control characters
/// other than line breaks dropped, spaces at the ends and runs of blank lines trimmed.
pub fn clean_message(text: &str) -> Result<String, ReportProblem> {
    let mut lines: Vec<String> = Vec::new();
    for line in text.replace("\r\n", "\n").split('\n') {
        let line: String = line
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        let line = line.trim_end().to_string();
        let blank = line.trim().is_empty();
        if blank && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(if blank { String::new() } else { line });
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let out = lines.join("\n").trim().to_string();
    if out.is_empty() {
        return Err(ReportProblem::EmptyMessage);
    }
    if out.chars().count() > MESSAGE_MAX_CHARS {
        return Err(ReportProblem::MessageTooLong {
            max: MESSAGE_MAX_CHARS,
        });
    }
    Ok(out)
}

/// Whether one more report may be sent after `sent_today`.
pub fn within_daily_limit(sent_today: i64) -> Result<(), ReportProblem> {
    if sent_today >= DAILY_LIMIT {
        Err(ReportProblem::TooManyToday { limit: DAILY_LIMIT })
    } else {
        Ok(())
    }
}

/// What the staff member is to the report's class and subject.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    /// The principal or the admin.
    pub board: bool,
    pub homeroom_teacher: bool,
    /// Assigned to teach the report's subject in the class.
    pub subject_teacher: bool,
}

/// Who sees and answers a report: the homeroom teacher and the board always; the subject's
/// teacher for a report about that subject's scores.
pub fn may_answer(about: ReportAbout, s: Standing) -> bool {
    s.board
        || s.homeroom_teacher
        || (s.subject_teacher && matches!(about, ReportAbout::Score { .. }))
}

/// The status an answer moves an open report to.
pub fn answer(current: ReportStatus, to: ReportStatus) -> Result<ReportStatus, ReportProblem> {
    match (current, to) {
        (_, ReportStatus::Open) => Err(ReportProblem::AnswerMustClose),
        (ReportStatus::Open, to) => Ok(to),
        _ => Err(ReportProblem::AlreadyAnswered),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_round_trip() {
        for f in PersonalField::ALL {
            assert_eq!(PersonalField::from_code(f.code()), Some(f));
        }
        for s in ReportStatus::ALL {
            assert_eq!(ReportStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(PersonalField::from_code("password"), None);
        assert_eq!(ReportStatus::from_code("closed"), None);
    }

    #[test]
    fn a_message_is_trimmed_and_keeps_its_paragraphs() {
        assert_eq!(
            clean_message("  Điểm giữa kì môn Toán\r\n\r\n\r\n của con là 8,5\t \n\n").as_deref(),
            Ok("Điểm giữa kì môn Toán\n\n của con là 8,5")
        );
        assert_eq!(
            clean_message("a\u{0}b\u{7}c"),
            Ok("abc".to_string()),
            "control characters go"
        );
    }

    #[test]
    fn an_empty_or_oversized_message_is_refused() {
        assert_eq!(clean_message(" \n\t "), Err(ReportProblem::EmptyMessage));
        let long = "ạ".repeat(MESSAGE_MAX_CHARS + 1);
        assert_eq!(
            clean_message(&long),
            Err(ReportProblem::MessageTooLong {
                max: MESSAGE_MAX_CHARS
            })
        );
        assert!(clean_message(&"ạ".repeat(MESSAGE_MAX_CHARS)).is_ok());
    }

    #[test]
    fn the_daily_limit_counts_what_was_sent() {
        assert_eq!(within_daily_limit(0), Ok(()));
        assert_eq!(within_daily_limit(DAILY_LIMIT - 1), Ok(()));
        assert_eq!(
            within_daily_limit(DAILY_LIMIT),
            Err(ReportProblem::TooManyToday { limit: DAILY_LIMIT })
        );
    }

    #[test]
    fn a_subject_teacher_answers_only_about_scores_the_homeroom_teacher_always() {
        let score = ReportAbout::Score {
            subject_id: 1,
            semester: 1,
        };
        let personal = ReportAbout::Personal {
            field: PersonalField::DateOfBirth,
        };
        let teacher = Standing {
            subject_teacher: true,
            ..Standing::default()
        };
        let homeroom = Standing {
            homeroom_teacher: true,
            ..Standing::default()
        };
        let board = Standing {
            board: true,
            ..Standing::default()
        };
        assert!(may_answer(score, teacher));
        assert!(!may_answer(personal, teacher));
        for about in [score, personal] {
            assert!(may_answer(about, homeroom));
            assert!(may_answer(about, board));
            assert!(!may_answer(about, Standing::default()));
        }
    }

    #[test]
    fn an_open_report_is_answered_once() {
        use ReportStatus::*;
        assert_eq!(answer(Open, Corrected), Ok(Corrected));
        assert_eq!(answer(Open, Unchanged), Ok(Unchanged));
        assert_eq!(answer(Open, Open), Err(ReportProblem::AnswerMustClose));
        assert_eq!(
            answer(Corrected, Unchanged),
            Err(ReportProblem::AlreadyAnswered)
        );
    }

    proptest! {
        #[test]
        fn a_cleaned_message_is_stable_bounded_and_without_control_characters(text in "\\PC{0,40}[\\n\\r\\t ]{0,4}\\PC{0,40}") {
            if let Ok(once) = clean_message(&text) {
                prop_assert_eq!(clean_message(&once), Ok(once.clone()));
                prop_assert!(once.chars().count() <= MESSAGE_MAX_CHARS);
                prop_assert!(!once.chars().any(|c| c.is_control() && c != '\n'));
                prop_assert_eq!(once.trim(), once.as_str());
                prop_assert!(!once.contains("\n\n\n"));
            }
        }
    }
}
