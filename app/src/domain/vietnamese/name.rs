//! A person's name, stored as family, middle and given name (GRADING.md, "Class order").
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A Vietnamese name: `Nguyễn` (family) `Thị Minh` (middle) `Ánh` (given).
///
/// GRADING.md "Class order" asks to store the three parts separately; imports
/// often have one "Họ tên" column, which [`PersonName::split_full`] splits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    pub family: String,
    pub middle: String,
    pub given: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum NameProblem {
    #[error("the name is empty")]
    Empty,
    #[error("the given name is empty")]
    EmptyGivenName,
}

impl PersonName {
    /// Splits one "Họ tên" into family (first word), given (last word) and
    /// middle (the words between, possibly none), after NFC normalisation and
    /// whitespace collapsing. A one-word name is a given name only.
    pub fn split_full(full: &str) -> Result<PersonName, NameProblem> {
        let normalized = tidy(full);
        let mut words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
        let Some(given) = words.pop() else {
            return Err(NameProblem::Empty);
        };
        let family = if words.is_empty() {
            ""
        } else {
            words.remove(0)
        };
        Ok(PersonName {
            family: family.to_owned(),
            middle: words.join(" "),
            given: given.to_owned(),
        })
    }

    /// Builds a name from parts, e.g. after a manual fix of an import split
    /// ("Tôn Nữ" as a two-word family name). Each part is NFC-normalised with
    /// whitespace collapsed; the given name must not be empty.
    pub fn from_parts(family: &str, middle: &str, given: &str) -> Result<PersonName, NameProblem> {
        let given = tidy(given);
        if given.is_empty() {
            return Err(NameProblem::EmptyGivenName);
        }
        Ok(PersonName {
            family: tidy(family),
            middle: tidy(middle),
            given,
        })
    }

    /// The full name, family first: `Nguyễn Thị Ánh`. Empty parts are skipped.
    pub fn full(&self) -> String {
        [&self.family, &self.middle, &self.given]
            .into_iter()
            .filter(|part| !part.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// NFC, with runs of whitespace collapsed to one space and the ends trimmed.
fn tidy(text: &str) -> String {
    let normalized: String = text.nfc().collect();
    normalized.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(family: &str, middle: &str, given: &str) -> PersonName {
        PersonName {
            family: family.into(),
            middle: middle.into(),
            given: given.into(),
        }
    }

    #[test]
    fn a_full_name_splits_into_family_middle_and_given() {
        assert_eq!(
            PersonName::split_full("Nguyễn Thị Minh Ánh"),
            Ok(name("Nguyễn", "Thị Minh", "Ánh"))
        );
    }

    #[test]
    fn a_two_word_name_has_no_middle_name() {
        assert_eq!(
            PersonName::split_full("Hoàng Duy"),
            Ok(name("Hoàng", "", "Duy"))
        );
    }

    #[test]
    fn a_one_word_name_is_a_given_name_only() {
        assert_eq!(PersonName::split_full(" Ánh "), Ok(name("", "", "Ánh")));
    }

    #[test]
    fn an_empty_name_is_rejected() {
        assert_eq!(PersonName::split_full(""), Err(NameProblem::Empty));
        assert_eq!(PersonName::split_full(" \t\n "), Err(NameProblem::Empty));
    }

    #[test]
    fn whitespace_is_collapsed_before_splitting() {
        assert_eq!(
            PersonName::split_full("  Trần \t Văn\u{00A0}\u{00A0}Đức \n"),
            Ok(name("Trần", "Văn", "Đức"))
        );
    }

    #[test]
    fn decomposed_input_is_normalised_to_nfc() {
        let nfd: String = "Nguyễn Thị Ánh".nfd().collect();
        assert_ne!(nfd, "Nguyễn Thị Ánh");
        assert_eq!(
            PersonName::split_full(&nfd),
            Ok(name("Nguyễn", "Thị", "Ánh"))
        );
    }

    #[test]
    fn the_full_name_joins_the_parts_and_skips_an_empty_middle() {
        assert_eq!(
            name("Nguyễn", "Thị Minh", "Ánh").full(),
            "Nguyễn Thị Minh Ánh"
        );
        assert_eq!(name("Hoàng", "", "Duy").full(), "Hoàng Duy");
        assert_eq!(name("", "", "Ánh").full(), "Ánh");
    }

    #[test]
    fn splitting_then_joining_gives_back_the_tidied_name() {
        for full in ["Đỗ Văn An", "Hoàng Duy", "Ánh", "Tôn Nữ Thị Ngọc Hân"] {
            assert_eq!(
                PersonName::split_full(full).map(|n| n.full()),
                Ok(full.into())
            );
        }
    }

    #[test]
    fn a_manual_fix_can_give_a_two_word_family_name() {
        assert_eq!(
            PersonName::from_parts(" Tôn  Nữ", "Thị Ngọc", "Hân"),
            Ok(name("Tôn Nữ", "Thị Ngọc", "Hân"))
        );
        assert_eq!(
            PersonName::from_parts("Tôn Nữ", "Thị", " "),
            Err(NameProblem::EmptyGivenName)
        );
    }

    #[test]
    fn a_name_round_trips_through_json() {
        let original = name("Nguyễn", "Thị", "Ánh");
        let json = serde_json::to_string(&original).expect("serialises");
        assert_eq!(
            serde_json::from_str::<PersonName>(&json).ok(),
            Some(original)
        );
    }
}
