//! Form fields and their problems in words: "Ngày sinh: ngày không hợp lệ".
use super::{Lang, Msg};
use crate::domain::structure::{Field, FieldProblem, Invalid};

pub fn label(field: Field) -> Msg {
    match field {
        Field::SchoolYear => Msg::FieldSchoolYear,
        Field::Semester1Start => Msg::FieldSemester1Start,
        Field::Semester1End => Msg::FieldSemester1End,
        Field::Semester2Start => Msg::FieldSemester2Start,
        Field::Semester2End => Msg::FieldSemester2End,
        Field::Grade => Msg::FieldGrade,
        Field::RuleSet => Msg::FieldRuleSet,
        Field::SubjectCode => Msg::FieldSubjectCode,
        Field::SubjectName => Msg::FieldSubjectName,
        Field::AssessmentKind => Msg::FieldAssessmentKind,
        Field::PeriodsPerYear => Msg::FieldPeriodsPerYear,
        Field::RegularAssessments => Msg::FieldRegularAssessments,
        Field::ClassName => Msg::FieldClassName,
        Field::Teacher => Msg::FieldTeacher,
        Field::Subject => Msg::FieldSubject,
        Field::Class => Msg::FieldClass,
        Field::StudentCode => Msg::StudentCode,
        Field::FullName => Msg::FullName,
        Field::DateOfBirth => Msg::ColDateOfBirth,
        Field::Gender => Msg::ColGender,
        Field::Ethnicity => Msg::FieldEthnicity,
        Field::Religion => Msg::FieldReligion,
        Field::Nationality => Msg::FieldNationality,
        Field::NationalId => Msg::FieldNationalId,
        Field::PlaceOfBirth => Msg::FieldPlaceOfBirth,
        Field::Hometown => Msg::FieldHometown,
        Field::Address => Msg::FieldAddress,
        Field::CurrentAddress => Msg::FieldCurrentAddress,
        Field::PolicyGroup => Msg::FieldPolicyGroup,
        Field::Status => Msg::Status,
        Field::Relationship => Msg::FieldRelationship,
        Field::Occupation => Msg::Occupation,
        Field::Phone => Msg::FieldPhone,
        Field::Email => Msg::FieldEmail,
        Field::Date => Msg::FieldDate,
        Field::Reason => Msg::FieldReason,
        Field::OtherSchool => Msg::FieldOtherSchool,
    }
}

pub fn problem(problem: FieldProblem, lang: Lang) -> String {
    match problem {
        FieldProblem::Empty => Msg::ProblemEmpty.raw(lang).into(),
        FieldProblem::TooLong { max } => {
            Msg::ProblemTooLong.with(lang, &[("max", &max.to_string())])
        }
        FieldProblem::BadCharacters => Msg::ProblemBadCharacters.raw(lang).into(),
        FieldProblem::BadDate => Msg::ProblemBadDate.raw(lang).into(),
        FieldProblem::OutOfOrder => Msg::ProblemOutOfOrder.raw(lang).into(),
        FieldProblem::OutsideYear => Msg::ProblemOutsideYear.raw(lang).into(),
        FieldProblem::OutOfRange { min, max } => Msg::ProblemOutOfRange.with(
            lang,
            &[("min", &min.to_string()), ("max", &max.to_string())],
        ),
        FieldProblem::UnknownChoice => Msg::ProblemUnknownChoice.raw(lang).into(),
        FieldProblem::Taken => Msg::ProblemTaken.raw(lang).into(),
    }
}

/// "Field: problem".
pub fn invalid_message(invalid: Invalid, lang: Lang) -> String {
    format!(
        "{}: {}",
        label(invalid.field).raw(lang),
        problem(invalid.problem, lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_birth_date_is_named_in_vietnamese() {
        let text = invalid_message(
            Invalid::new(Field::DateOfBirth, FieldProblem::BadDate),
            Lang::Vi,
        );
        assert_eq!(text, "Ngày sinh: ngày không hợp lệ");
    }

    #[test]
    fn a_range_problem_gives_its_bounds_in_english() {
        let text = invalid_message(
            Invalid::new(
                Field::PeriodsPerYear,
                FieldProblem::OutOfRange { min: 1, max: 350 },
            ),
            Lang::En,
        );
        assert_eq!(text, "Periods per year: must be between 1 and 350");
    }
}
