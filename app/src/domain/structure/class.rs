//! Classes and grade levels: which grades a school teaches follows from its level (primary 1–5,
//! lower secondary 6–9, upper secondary 10–12), and a class is named within its school year.
use super::field::{required_text, Field, FieldProblem, Invalid};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SchoolLevel {
    Primary,
    LowerSecondary,
    UpperSecondary,
}

impl SchoolLevel {
    pub fn from_code(code: &str) -> Option<SchoolLevel> {
        match code {
            "primary" => Some(SchoolLevel::Primary),
            "lower_secondary" => Some(SchoolLevel::LowerSecondary),
            "upper_secondary" => Some(SchoolLevel::UpperSecondary),
            _ => None,
        }
    }

    pub fn grades(self) -> std::ops::RangeInclusive<u8> {
        match self {
            SchoolLevel::Primary => 1..=5,
            SchoolLevel::LowerSecondary => 6..=9,
            SchoolLevel::UpperSecondary => 10..=12,
        }
    }

    /// The rule set a grade of this level is assessed by today: TT27/2020 for primary,
    /// TT22/2021 for secondary.
    pub fn rule_set(self) -> &'static str {
        match self {
            SchoolLevel::Primary => "tt27_2020",
            _ => "tt22_2021",
        }
    }
}

/// A grade the school teaches.
pub fn grade_of(level: SchoolLevel, grade: i32) -> Result<u8, Invalid> {
    let range = level.grades();
    u8::try_from(grade)
        .ok()
        .filter(|g| range.contains(g))
        .ok_or(Invalid::new(
            Field::Grade,
            FieldProblem::OutOfRange {
                min: i32::from(*range.start()),
                max: i32::from(*range.end()),
            },
        ))
}

/// A class name such as "6A1" or "10 Chuyên Toán": letters, digits, spaces and a few signs.
pub fn class_name(name: &str) -> Result<String, Invalid> {
    let name = required_text(Field::ClassName, name, 30)?;
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/'))
    {
        return Err(Invalid::new(Field::ClassName, FieldProblem::BadCharacters));
    }
    Ok(name.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lower_secondary_school_teaches_grades_six_to_nine() {
        let level = SchoolLevel::LowerSecondary;
        assert_eq!(grade_of(level, 6), Ok(6));
        assert_eq!(grade_of(level, 9), Ok(9));
        assert_eq!(
            grade_of(level, 10),
            Err(Invalid::new(
                Field::Grade,
                FieldProblem::OutOfRange { min: 6, max: 9 }
            ))
        );
        assert!(grade_of(level, -1).is_err());
    }

    #[test]
    fn primary_grades_use_tt27_and_secondary_tt22() {
        assert_eq!(SchoolLevel::Primary.rule_set(), "tt27_2020");
        assert_eq!(SchoolLevel::UpperSecondary.rule_set(), "tt22_2021");
    }

    #[test]
    fn class_names_are_upper_cased() {
        assert_eq!(class_name(" 6a1 "), Ok("6A1".into()));
        assert_eq!(class_name("10 chuyên toán"), Ok("10 CHUYÊN TOÁN".into()));
    }

    #[test]
    fn class_names_with_odd_signs_are_refused() {
        assert_eq!(
            class_name("6A1<script>"),
            Err(Invalid::new(Field::ClassName, FieldProblem::BadCharacters))
        );
    }
}
