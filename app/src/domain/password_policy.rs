//! The password policy (000 Điều 4: strong passwords). Following NIST SP 800-63B / OWASP:
//! length over composition, a deny-list of common choices, no relation to the username.
use serde::{Deserialize, Serialize};

pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 128;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PasswordProblem {
    #[error("shorter than {MIN_LENGTH} characters")]
    TooShort,
    #[error("longer than {MAX_LENGTH} characters")]
    TooLong,
    #[error("needs at least one letter and one digit")]
    NeedsLetterAndDigit,
    #[error("contains the username")]
    ContainsUsername,
    #[error("too common")]
    TooCommon,
}

/// Passwords seen in every leak list, plus the Vietnamese favourites.
const COMMON: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "password",
    "password1",
    "password123",
    "matkhau",
    "matkhau1",
    "matkhau123",
    "abc12345",
    "abcd1234",
    "qwerty123",
    "iloveyou1",
    "admin123",
    "admin1234",
    "11111111",
    "88888888",
    "66668888",
    "anhyeuem",
    "anhyeuem1",
    "123456aa",
    "a1234567",
    "aa123456",
    "hocba123",
    "truonghoc1",
    "hocsinh1",
    "giaovien1",
    "vietnam1",
    "vietnam123",
];

/// Checks a new password for an account named `username`.
pub fn check(password: &str, username: &str) -> Result<(), PasswordProblem> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(PasswordProblem::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    if COMMON.contains(&lower.as_str()) {
        return Err(PasswordProblem::TooCommon);
    }
    let username = username.trim().to_lowercase();
    if username.chars().count() >= 3 && lower.contains(&username) {
        return Err(PasswordProblem::ContainsUsername);
    }
    let has_letter = password.chars().any(char::is_alphabetic);
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    if !(has_letter && has_digit) {
        return Err(PasswordProblem::NeedsLetterAndDigit);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_long_password_with_letters_and_digits_is_accepted() {
        assert_eq!(check("bau-troi-xanh-2026", "gv.toan"), Ok(()));
    }

    #[test]
    fn seven_characters_are_too_short_and_eight_are_enough() {
        assert_eq!(check("abcde12", "x"), Err(PasswordProblem::TooShort));
        assert_eq!(check("abcdef12", "x"), Ok(()));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 7 Vietnamese letters are 14+ bytes but still too short.
        assert_eq!(check("đườngà1", "x"), Err(PasswordProblem::TooShort));
    }

    #[test]
    fn a_password_over_128_characters_is_rejected() {
        let long = format!("a1{}", "b".repeat(127));
        assert_eq!(check(&long, "x"), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn common_passwords_are_rejected_whatever_their_case() {
        assert_eq!(check("MatKhau123", "x"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("12345678", "x"), Err(PasswordProblem::TooCommon));
    }

    #[test]
    fn a_password_containing_the_username_is_rejected() {
        assert_eq!(
            check("xx-GV.Toan-99", "gv.toan"),
            Err(PasswordProblem::ContainsUsername)
        );
    }

    #[test]
    fn letters_only_or_digits_only_are_rejected() {
        assert_eq!(
            check("chimenbay", "x"),
            Err(PasswordProblem::NeedsLetterAndDigit)
        );
        assert_eq!(
            check("20262027", "x"),
            Err(PasswordProblem::NeedsLetterAndDigit)
        );
    }

    proptest! {
        #[test]
        fn anything_shorter_than_the_minimum_is_rejected(p in "\\PC{0,7}") {
            prop_assert!(check(&p, "someone").is_err());
        }

        #[test]
        fn an_accepted_password_has_a_letter_a_digit_and_enough_length(p in "\\PC{0,40}") {
            if check(&p, "someone").is_ok() {
                prop_assert!(p.chars().count() >= MIN_LENGTH);
                prop_assert!(p.chars().any(char::is_alphabetic));
                prop_assert!(p.chars().any(|c| c.is_ascii_digit()));
            }
        }
    }
}
