//! Which form field is wrong and why, carried to the page and translated there.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    SchoolYear,
    Semester1Start,
    Semester1End,
    Semester2Start,
    Semester2End,
    Grade,
    RuleSet,
    SubjectCode,
    SubjectName,
    AssessmentKind,
    PeriodsPerYear,
    RegularAssessments,
    ClassName,
    Teacher,
    Subject,
    Class,
    StudentCode,
    FullName,
    DateOfBirth,
    Gender,
    Ethnicity,
    Religion,
    Nationality,
    NationalId,
    PlaceOfBirth,
    Hometown,
    Address,
    CurrentAddress,
    PolicyGroup,
    Status,
    Relationship,
    Occupation,
    Phone,
    Email,
    Date,
    Reason,
    OtherSchool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Empty,
    TooLong {
        max: u16,
    },
    BadCharacters,
    BadDate,
    /// The date comes before the one it must follow (a semester ending before it starts).
    OutOfOrder,
    /// The date lies outside the school year.
    OutsideYear,
    OutOfRange {
        min: i32,
        max: i32,
    },
    UnknownChoice,
    /// Another record of the school already uses this value.
    Taken,
}

/// One field and its problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invalid {
    pub field: Field,
    pub problem: FieldProblem,
}

impl Invalid {
    pub fn new(field: Field, problem: FieldProblem) -> Invalid {
        Invalid { field, problem }
    }
}

/// Trimmed, non-empty text of at most `max` characters.
pub fn required_text(field: Field, value: &str, max: u16) -> Result<String, Invalid> {
    let value = optional_text(field, value, max)?;
    if value.is_empty() {
        return Err(Invalid::new(field, FieldProblem::Empty));
    }
    Ok(value)
}

/// Trimmed text of at most `max` characters, in Unicode NFC so that the same name typed on two
/// keyboards is stored once.
pub fn optional_text(field: Field, value: &str, max: u16) -> Result<String, Invalid> {
    use unicode_normalization::UnicodeNormalization;
    let value: String = value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect();
    if value.chars().count() > usize::from(max) {
        return Err(Invalid::new(field, FieldProblem::TooLong { max }));
    }
    if value.chars().any(char::is_control) {
        return Err(Invalid::new(field, FieldProblem::BadCharacters));
    }
    Ok(value)
}

/// A calendar date typed as `yyyy-mm-dd` (a date input) or `dd/mm/yyyy` (how Vietnamese write it).
pub fn date(field: Field, value: &str) -> Result<chrono::NaiveDate, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Invalid::new(field, FieldProblem::Empty));
    }
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(value, "%d/%m/%Y"))
        .map_err(|_| Invalid::new(field, FieldProblem::BadDate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_inner_spaces_collapse() {
        assert_eq!(
            required_text(Field::FullName, "  Nguyễn   Văn  An ", 50),
            Ok("Nguyễn Văn An".into())
        );
    }

    #[test]
    fn decomposed_vietnamese_is_stored_composed() {
        let nfd = "Nguye\u{302}\u{303}n";
        assert_eq!(required_text(Field::FullName, nfd, 50), Ok("Nguyễn".into()));
    }

    #[test]
    fn blank_required_text_is_empty() {
        assert_eq!(
            required_text(Field::ClassName, "   ", 10),
            Err(Invalid::new(Field::ClassName, FieldProblem::Empty))
        );
    }

    #[test]
    fn text_longer_than_the_limit_is_refused_by_characters_not_bytes() {
        assert!(required_text(Field::ClassName, "ĐĐĐĐĐ", 5).is_ok());
        assert_eq!(
            required_text(Field::ClassName, "ĐĐĐĐĐĐ", 5),
            Err(Invalid::new(
                Field::ClassName,
                FieldProblem::TooLong { max: 5 }
            ))
        );
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(
            optional_text(Field::Ethnicity, "Kinh\u{7}", 20),
            Err(Invalid::new(Field::Ethnicity, FieldProblem::BadCharacters))
        );
    }

    #[test]
    fn dates_come_as_iso_or_vietnamese_day_first() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 9, 5);
        assert_eq!(date(Field::Date, "2026-09-05").ok(), d);
        assert_eq!(date(Field::Date, "05/09/2026").ok(), d);
        assert_eq!(date(Field::Date, "5/9/2026").ok(), d);
    }

    #[test]
    fn impossible_dates_are_bad_dates() {
        for bad in ["31/02/2026", "2026-13-01", "hôm qua", "09/05"] {
            assert_eq!(
                date(Field::Date, bad),
                Err(Invalid::new(Field::Date, FieldProblem::BadDate)),
                "{bad}"
            );
        }
    }
}
