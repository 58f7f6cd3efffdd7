//! A subject as the school teaches it: a short code, its name, how it is assessed (scores, or
//! Đạt / Chưa đạt by comment, TT22 Điều 5) and, per grade level that studies it, the periods per
//! school year from which the number of regular assessments follows (Điều 7).
use super::field::{required_text, Field, FieldProblem, Invalid};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssessmentKind {
    Scored,
    Comment,
}

impl AssessmentKind {
    pub fn code(self) -> &'static str {
        match self {
            AssessmentKind::Scored => "scored",
            AssessmentKind::Comment => "comment",
        }
    }

    pub fn from_code(code: &str) -> Option<AssessmentKind> {
        match code {
            "scored" => Some(AssessmentKind::Scored),
            "comment" => Some(AssessmentKind::Comment),
            _ => None,
        }
    }
}

/// The most periods a subject can have in a year: 35 weeks of at most 10 periods.
pub const MAX_PERIODS: i32 = 350;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectSpec {
    pub code: String,
    pub name: String,
    pub kind: AssessmentKind,
}

impl SubjectSpec {
    pub fn parse(code: &str, name: &str, kind: &str) -> Result<SubjectSpec, Invalid> {
        let code = required_text(Field::SubjectCode, code, 20)?;
        if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(Invalid::new(
                Field::SubjectCode,
                FieldProblem::BadCharacters,
            ));
        }
        let name = required_text(Field::SubjectName, name, 80)?;
        let kind = AssessmentKind::from_code(kind.trim()).ok_or(Invalid::new(
            Field::AssessmentKind,
            FieldProblem::UnknownChoice,
        ))?;
        Ok(SubjectSpec {
            code: code.to_uppercase(),
            name,
            kind,
        })
    }
}

/// The subject at one grade level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubjectAtGrade {
    pub grade: u8,
    pub periods_per_year: u16,
    /// More regular assessments than the rule requires, when the school records more.
    pub regular_assessments: Option<u8>,
}

impl SubjectAtGrade {
    /// `periods` as typed; an empty or zero value is refused: a subject with no periods has no
    /// defined number of regular assessments.
    pub fn parse(grade: i32, periods: &str, regular: &str) -> Result<SubjectAtGrade, Invalid> {
        if !(1..=12).contains(&grade) {
            return Err(Invalid::new(
                Field::Grade,
                FieldProblem::OutOfRange { min: 1, max: 12 },
            ));
        }
        let periods = whole(Field::PeriodsPerYear, periods, 1, MAX_PERIODS)?
            .ok_or(Invalid::new(Field::PeriodsPerYear, FieldProblem::Empty))?;
        let legal = crate::domain::grading::legal_regular_count(periods as u16) as i32;
        let regular = whole(Field::RegularAssessments, regular, legal, 10)?;
        Ok(SubjectAtGrade {
            grade: grade as u8,
            periods_per_year: periods as u16,
            regular_assessments: regular.map(|r| r as u8),
        })
    }
}

/// A whole number typed in a form, within `min..=max`; `None` when left empty.
fn whole(field: Field, text: &str, min: i32, max: i32) -> Result<Option<i32>, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let out_of_range = Invalid::new(field, FieldProblem::OutOfRange { min, max });
    let n: i32 = text.parse().map_err(|_| {
        if text.chars().all(|c| c.is_ascii_digit() || c == '-') {
            out_of_range
        } else {
            Invalid::new(field, FieldProblem::BadCharacters)
        }
    })?;
    if (min..=max).contains(&n) {
        Ok(Some(n))
    } else {
        Err(out_of_range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_code_is_upper_cased_and_kept_short() {
        let s = SubjectSpec::parse(" toan ", "Toán", "scored").expect("valid in this test");
        assert_eq!(s.code, "TOAN");
        assert_eq!(s.kind, AssessmentKind::Scored);
    }

    #[test]
    fn a_subject_code_with_spaces_or_accents_is_refused() {
        for bad in ["TO AN", "TOÁN", "A/B"] {
            assert_eq!(
                SubjectSpec::parse(bad, "Toán", "scored"),
                Err(Invalid::new(
                    Field::SubjectCode,
                    FieldProblem::BadCharacters
                )),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_assessment_kind_is_scores_or_comments_only() {
        assert_eq!(
            SubjectSpec::parse("GDTC", "Giáo dục thể chất", "comment").map(|s| s.kind),
            Ok(AssessmentKind::Comment)
        );
        assert_eq!(
            SubjectSpec::parse("X", "X", "letters"),
            Err(Invalid::new(
                Field::AssessmentKind,
                FieldProblem::UnknownChoice
            ))
        );
    }

    #[test]
    fn a_subject_with_no_periods_is_refused() {
        assert_eq!(
            SubjectAtGrade::parse(6, "", ""),
            Err(Invalid::new(Field::PeriodsPerYear, FieldProblem::Empty))
        );
        assert_eq!(
            SubjectAtGrade::parse(6, "0", ""),
            Err(Invalid::new(
                Field::PeriodsPerYear,
                FieldProblem::OutOfRange {
                    min: 1,
                    max: MAX_PERIODS
                }
            ))
        );
    }

    #[test]
    fn periods_must_be_a_whole_number() {
        assert_eq!(
            SubjectAtGrade::parse(6, "3,5", ""),
            Err(Invalid::new(
                Field::PeriodsPerYear,
                FieldProblem::BadCharacters
            ))
        );
    }

    #[test]
    fn more_regular_assessments_than_the_rule_may_be_configured_but_never_fewer() {
        // 140 periods need 4 (Điều 7).
        assert_eq!(
            SubjectAtGrade::parse(6, "140", "5").map(|s| s.regular_assessments),
            Ok(Some(5))
        );
        assert_eq!(
            SubjectAtGrade::parse(6, "140", "3"),
            Err(Invalid::new(
                Field::RegularAssessments,
                FieldProblem::OutOfRange { min: 4, max: 10 }
            ))
        );
    }

    #[test]
    fn the_grade_is_one_to_twelve() {
        assert!(SubjectAtGrade::parse(13, "35", "").is_err());
        assert!(SubjectAtGrade::parse(12, "35", "").is_ok());
    }
}
