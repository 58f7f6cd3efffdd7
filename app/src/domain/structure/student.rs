//! A student's record fields as a học bạ holds them, checked before they are stored.
use super::field::{date, optional_text, required_text, Field, FieldProblem, Invalid};
use crate::domain::vietnamese::PersonName;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    /// The stored code, or how a form or spreadsheet writes it ("Nam", "Nữ").
    pub fn parse(text: &str) -> Option<Gender> {
        let folded = crate::domain::vietnamese::fold_vi(text.trim());
        match folded.as_str() {
            "male" | "nam" | "m" => Some(Gender::Male),
            "female" | "nu" | "f" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// What the form sends: text as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StudentForm {
    pub code: String,
    pub full_name: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    pub date_of_birth: String,
    pub gender: String,
    pub ethnicity: String,
    pub religion: String,
    pub nationality: String,
    pub national_id: String,
    pub place_of_birth: String,
    pub hometown: String,
    pub address: String,
    pub current_address: String,
    pub policy_group: String,
}

/// The checked record.
#[derive(Clone, Debug, PartialEq)]
pub struct StudentRecord {
    pub code: String,
    pub name: PersonName,
    pub date_of_birth: NaiveDate,
    pub gender: Gender,
    pub ethnicity: String,
    pub religion: String,
    pub nationality: String,
    pub national_id: String,
    pub place_of_birth: String,
    pub hometown: String,
    pub address: String,
    pub current_address: String,
    pub policy_group: String,
}

/// A student code: the sector database's codes are digits; schools' own may add letters.
pub fn student_code(code: &str) -> Result<String, Invalid> {
    let code = required_text(Field::StudentCode, code, 20)?;
    if code.chars().count() < 4 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Invalid::new(
            Field::StudentCode,
            FieldProblem::BadCharacters,
        ));
    }
    Ok(code.to_uppercase())
}

impl StudentRecord {
    /// `today` bounds the date of birth: a student is between 3 and 30 years old.
    pub fn parse(form: &StudentForm, today: NaiveDate) -> Result<StudentRecord, Invalid> {
        use chrono::Datelike;
        let code = student_code(&form.code)?;
        let full_name = required_text(Field::FullName, &form.full_name, 80)?;
        let name = PersonName::split_full(&full_name)
            .map_err(|_| Invalid::new(Field::FullName, FieldProblem::Empty))?;
        let date_of_birth = date(Field::DateOfBirth, &form.date_of_birth)?;
        let (min, max) = (today.year() - 30, today.year() - 3);
        if !(min..=max).contains(&date_of_birth.year()) {
            return Err(Invalid::new(
                Field::DateOfBirth,
                FieldProblem::OutOfRange { min, max },
            ));
        }
        let gender = Gender::parse(&form.gender)
            .ok_or(Invalid::new(Field::Gender, FieldProblem::UnknownChoice))?;
        let text = |field, value: &str, max| optional_text(field, value, max);
        let national_id = text(Field::NationalId, &form.national_id, 12)?;
        if !national_id.chars().all(|c| c.is_ascii_digit()) {
            return Err(Invalid::new(Field::NationalId, FieldProblem::BadCharacters));
        }
        let nationality = text(Field::Nationality, &form.nationality, 40)?;
        Ok(StudentRecord {
            code,
            name,
            date_of_birth,
            gender,
            ethnicity: text(Field::Ethnicity, &form.ethnicity, 40)?,
            religion: text(Field::Religion, &form.religion, 40)?,
            nationality: if nationality.is_empty() {
                "Việt Nam".into()
            } else {
                nationality
            },
            national_id,
            place_of_birth: text(Field::PlaceOfBirth, &form.place_of_birth, 200)?,
            hometown: text(Field::Hometown, &form.hometown, 200)?,
            address: text(Field::Address, &form.address, 200)?,
            current_address: text(Field::CurrentAddress, &form.current_address, 200)?,
            policy_group: text(Field::PolicyGroup, &form.policy_group, 80)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid in this test")
    }

    fn form() -> StudentForm {
        StudentForm {
            code: "7901692934".into(),
            full_name: "Lê Gia Dũng".into(),
            date_of_birth: "14/03/2014".into(),
            gender: "Nam".into(),
            ethnicity: "Kinh".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_gives_a_record_with_the_name_split() {
        let r = StudentRecord::parse(&form(), today()).expect("valid in this test");
        assert_eq!(r.name.family, "Lê");
        assert_eq!(r.name.middle, "Gia");
        assert_eq!(r.name.given, "Dũng");
        assert_eq!(r.gender, Gender::Male);
        assert_eq!(r.nationality, "Việt Nam");
    }

    #[test]
    fn gender_is_read_as_vietnamese_or_as_the_code() {
        assert_eq!(Gender::parse("Nữ"), Some(Gender::Female));
        assert_eq!(Gender::parse("NU"), Some(Gender::Female));
        assert_eq!(Gender::parse("female"), Some(Gender::Female));
        assert_eq!(Gender::parse("nam"), Some(Gender::Male));
        assert_eq!(Gender::parse("khác"), None);
    }

    #[test]
    fn a_student_code_with_signs_is_refused() {
        let f = StudentForm {
            code: "79-01".into(),
            ..form()
        };
        assert_eq!(
            StudentRecord::parse(&f, today()).map(|_| ()),
            Err(Invalid::new(
                Field::StudentCode,
                FieldProblem::BadCharacters
            ))
        );
    }

    #[test]
    fn a_birth_date_that_makes_a_toddler_or_an_adult_is_out_of_range() {
        for dob in ["01/01/2025", "01/01/1990"] {
            let f = StudentForm {
                date_of_birth: dob.into(),
                ..form()
            };
            assert!(matches!(
                StudentRecord::parse(&f, today()),
                Err(Invalid {
                    field: Field::DateOfBirth,
                    problem: FieldProblem::OutOfRange { .. }
                })
            ));
        }
    }

    #[test]
    fn a_missing_name_is_empty() {
        let f = StudentForm {
            full_name: "  ".into(),
            ..form()
        };
        assert_eq!(
            StudentRecord::parse(&f, today()).map(|_| ()),
            Err(Invalid::new(Field::FullName, FieldProblem::Empty))
        );
    }
}
