//! A login name: what an admin may give an account.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Username(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum UsernameProblem {
    #[error("username is empty")]
    Empty,
    #[error("username is longer than 64 characters")]
    TooLong,
    #[error("username has characters other than a-z, 0-9, '.', '_' and '-'")]
    BadCharacters,
}

impl Username {
    /// Lowercases and trims, so `" GV.Toan "` and `gv.toan` are one account.
    pub fn parse(raw: &str) -> Result<Username, UsernameProblem> {
        let name = raw.trim().to_lowercase();
        if name.is_empty() {
            return Err(UsernameProblem::Empty);
        }
        if name.chars().count() > 64 {
            return Err(UsernameProblem::TooLong);
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        {
            return Err(UsernameProblem::BadCharacters);
        }
        Ok(Username(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_username_is_trimmed_and_lowercased() {
        assert_eq!(
            Username::parse(" GV.Toan ").map(|u| u.0),
            Ok("gv.toan".into())
        );
    }

    #[test]
    fn a_student_code_is_a_valid_username() {
        assert!(Username::parse("7926000001").is_ok());
    }

    #[test]
    fn an_empty_username_is_rejected() {
        assert_eq!(Username::parse("   "), Err(UsernameProblem::Empty));
    }

    #[test]
    fn diacritics_and_spaces_are_rejected() {
        assert_eq!(
            Username::parse("nguyễn"),
            Err(UsernameProblem::BadCharacters)
        );
        assert_eq!(Username::parse("a b"), Err(UsernameProblem::BadCharacters));
    }

    #[test]
    fn a_username_longer_than_64_characters_is_rejected() {
        assert_eq!(
            Username::parse(&"a".repeat(65)),
            Err(UsernameProblem::TooLong)
        );
        assert!(Username::parse(&"a".repeat(64)).is_ok());
    }
}
