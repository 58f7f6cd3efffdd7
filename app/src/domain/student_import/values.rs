//! Single values of a row: the student code, gender and status.
use crate::domain::vietnamese::fold_vi;
use serde::{Deserialize, Serialize};

/// Longest student code accepted (the sector database's codes have 10 digits).
pub const MAX_CODE_LEN: usize = 30;

pub use crate::domain::structure::student::Gender;

/// "Nam" / "Nữ" (any case, with or without marks), and the English words.
pub fn parse_gender(text: &str) -> Option<Gender> {
    Gender::parse(text)
}

/// A student's status in the school ("Trạng thái HS").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StudentStatus {
    Studying,
    TransferredOut,
    DroppedOut,
    Graduated,
    Suspended,
}

impl StudentStatus {
    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            StudentStatus::Studying => "studying",
            StudentStatus::TransferredOut => "transferred_out",
            StudentStatus::DroppedOut => "dropped_out",
            StudentStatus::Graduated => "graduated",
            StudentStatus::Suspended => "suspended",
        }
    }
}

/// The words the sector database and schools use for a student's status.
pub fn parse_status(text: &str) -> Option<StudentStatus> {
    let folded = fold_vi(text);
    let s = folded.as_str();
    let status = match s {
        "dang hoc" | "dang di hoc" | "hoc sinh dang hoc" | "studying" => StudentStatus::Studying,
        "chuyen di" | "chuyen truong" | "da chuyen di" | "transferred out" => {
            StudentStatus::TransferredOut
        }
        "thoi hoc" | "bo hoc" | "nghi hoc" | "da thoi hoc" | "dropped out" => {
            StudentStatus::DroppedOut
        }
        "tot nghiep" | "da tot nghiep" | "hoan thanh" | "graduated" => StudentStatus::Graduated,
        "tam nghi" | "nghi hoc tam thoi" | "bao luu" | "tam nghi hoc" | "suspended" => {
            StudentStatus::Suspended
        }
        _ => return None,
    };
    Some(status)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeProblem {
    Missing,
    Invalid,
}

/// A student code: trimmed; letters, digits, `.`, `_` and `-`, at most [`MAX_CODE_LEN`]. It is
/// also the family account's login name, so nothing else is allowed.
pub fn parse_code(text: &str) -> Result<String, CodeProblem> {
    let code = text.trim();
    if code.is_empty() {
        return Err(CodeProblem::Missing);
    }
    let ok = code.chars().count() <= MAX_CODE_LEN
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(code.to_string())
    } else {
        Err(CodeProblem::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn nam_and_nu_are_read_in_any_spelling() {
        assert_eq!(parse_gender("Nam"), Some(Gender::Male));
        assert_eq!(parse_gender(" NAM "), Some(Gender::Male));
        assert_eq!(parse_gender("Nữ"), Some(Gender::Female));
        assert_eq!(parse_gender("nu"), Some(Gender::Female));
        let nfd: String = "Nữ".nfd().collect();
        assert_eq!(parse_gender(&nfd), Some(Gender::Female));
        assert_eq!(parse_gender("Female"), Some(Gender::Female));
    }

    #[test]
    fn an_unknown_gender_is_not_guessed() {
        for text in ["", "x", "Nam Nữ", "1", "khác"] {
            assert_eq!(parse_gender(text), None, "{text}");
        }
    }

    #[test]
    fn the_sector_database_statuses_are_read() {
        assert_eq!(parse_status("Đang học"), Some(StudentStatus::Studying));
        assert_eq!(
            parse_status("Chuyển đi"),
            Some(StudentStatus::TransferredOut)
        );
        assert_eq!(parse_status("Thôi học"), Some(StudentStatus::DroppedOut));
        assert_eq!(parse_status("Bỏ học"), Some(StudentStatus::DroppedOut));
        assert_eq!(
            parse_status("Đã tốt nghiệp"),
            Some(StudentStatus::Graduated)
        );
        assert_eq!(parse_status("Bảo lưu"), Some(StudentStatus::Suspended));
        assert_eq!(parse_status("ĐANG HỌC"), Some(StudentStatus::Studying));
        assert_eq!(parse_status("đi chơi"), None);
    }

    #[test]
    fn a_student_code_is_trimmed_and_kept_as_typed() {
        assert_eq!(parse_code(" 7901692934 "), Ok("7901692934".into()));
        assert_eq!(parse_code("HS-2026.01_a"), Ok("HS-2026.01_a".into()));
    }

    #[test]
    fn a_code_with_spaces_or_marks_is_refused() {
        assert_eq!(parse_code("HS 01"), Err(CodeProblem::Invalid));
        assert_eq!(parse_code("Mã01"), Err(CodeProblem::Invalid));
        assert_eq!(parse_code(&"1".repeat(31)), Err(CodeProblem::Invalid));
        assert_eq!(parse_code("  "), Err(CodeProblem::Missing));
    }
}
