//! What can be wrong with a file or a row, typed, with its message in the admin's language.
use super::fields::Field;
use crate::i18n::{Lang, Msg};
use serde::{Deserialize, Serialize};

/// A problem that stops the whole file from being read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FileProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {max_bytes} bytes")]
    TooLarge { max_bytes: u64 },
    #[error("the file has more than {max} student rows")]
    TooManyRows { max: usize },
    #[error("the file is damaged or not a spreadsheet")]
    Corrupt,
    #[error("the file is password protected")]
    Encrypted,
    #[error("only .xlsx, .xls and .csv files are read")]
    UnsupportedFormat,
    #[error("a .csv file that is not UTF-8")]
    NotUtf8,
    #[error("no header row was found")]
    NoHeader,
    #[error("the header row has no {0:?} column")]
    MissingColumn(Field),
}

/// What is wrong with one cell or row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProblemKind {
    MissingCode,
    BadCode {
        value: String,
    },
    /// The same code on an earlier row of the file.
    DuplicateCode {
        first_row: u32,
    },
    /// The code belongs to a student of another school (found when comparing with the database).
    CodeOfAnotherSchool,
    MissingName,
    BadDate {
        value: String,
    },
    DateOutOfRange {
        value: String,
    },
    MissingGender,
    UnknownGender {
        value: String,
    },
    UnknownClass {
        value: String,
    },
    UnknownStatus {
        value: String,
    },
    /// A cell holding a formula: its value is not imported.
    Formula {
        formula: String,
    },
    /// An error value such as `#REF!`.
    ErrorValue {
        value: String,
    },
    TooLong {
        max: usize,
    },
}

/// One problem at a row (as numbered in the spreadsheet, from 1) and, when it concerns one
/// cell, its column (letter and header text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub row: u32,
    pub column: Option<String>,
    pub header: Option<String>,
    pub kind: ProblemKind,
}

impl Field {
    pub fn label(self) -> Msg {
        match self {
            Field::Code => Msg::ImpFieldCode,
            Field::NationalId => Msg::ImpFieldNationalId,
            Field::FullName => Msg::ImpFieldFullName,
            Field::FamilyName => Msg::ImpFieldFamilyName,
            Field::MiddleName => Msg::ImpFieldMiddleName,
            Field::GivenName => Msg::ImpFieldGivenName,
            Field::DateOfBirth => Msg::ImpFieldDateOfBirth,
            Field::Gender => Msg::ImpFieldGender,
            Field::Ethnicity => Msg::ImpFieldEthnicity,
            Field::Class => Msg::ImpFieldClass,
            Field::Status => Msg::ImpFieldStatus,
            Field::PlaceOfBirth => Msg::ImpFieldPlaceOfBirth,
            Field::Hometown => Msg::ImpFieldHometown,
            Field::Address => Msg::ImpFieldAddress,
            Field::CurrentAddress => Msg::ImpFieldCurrentAddress,
            Field::Religion => Msg::ImpFieldReligion,
            Field::Nationality => Msg::ImpFieldNationality,
            Field::PolicyGroup => Msg::ImpFieldPolicyGroup,
            Field::FatherName => Msg::ImpFieldFatherName,
            Field::MotherName => Msg::ImpFieldMotherName,
            Field::ParentName => Msg::ImpFieldParentName,
            Field::Phone => Msg::ImpFieldPhone,
        }
    }
}

impl FileProblem {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FileProblem::Empty => Msg::ImpFileEmpty.raw(lang).into(),
            FileProblem::TooLarge { max_bytes } => {
                let mb = (max_bytes / (1024 * 1024)).to_string();
                Msg::ImpFileTooLarge.with(lang, &[("mb", &mb)])
            }
            FileProblem::TooManyRows { max } => {
                Msg::ImpFileTooManyRows.with(lang, &[("max", &max.to_string())])
            }
            FileProblem::Corrupt => Msg::ImpFileCorrupt.raw(lang).into(),
            FileProblem::Encrypted => Msg::ImpFileEncrypted.raw(lang).into(),
            FileProblem::UnsupportedFormat => Msg::ImpFileUnsupported.raw(lang).into(),
            FileProblem::NotUtf8 => Msg::ImpFileNotUtf8.raw(lang).into(),
            FileProblem::NoHeader => Msg::ImpFileNoHeader.raw(lang).into(),
            FileProblem::MissingColumn(f) => {
                Msg::ImpFileMissingColumn.with(lang, &[("column", f.label().raw(lang))])
            }
        }
    }
}

impl ProblemKind {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ProblemKind::MissingCode => Msg::ImpMissingCode.raw(lang).into(),
            ProblemKind::BadCode { value } => Msg::ImpBadCode.with(lang, &[("value", value)]),
            ProblemKind::DuplicateCode { first_row } => {
                Msg::ImpDuplicateCode.with(lang, &[("row", &first_row.to_string())])
            }
            ProblemKind::CodeOfAnotherSchool => Msg::ImpCodeOfAnotherSchool.raw(lang).into(),
            ProblemKind::MissingName => Msg::ImpMissingName.raw(lang).into(),
            ProblemKind::BadDate { value } => Msg::ImpBadDate.with(lang, &[("value", value)]),
            ProblemKind::DateOutOfRange { value } => {
                Msg::ImpDateOutOfRange.with(lang, &[("value", value)])
            }
            ProblemKind::MissingGender => Msg::ImpMissingGender.raw(lang).into(),
            ProblemKind::UnknownGender { value } => {
                Msg::ImpUnknownGender.with(lang, &[("value", value)])
            }
            ProblemKind::UnknownClass { value } => {
                Msg::ImpUnknownClass.with(lang, &[("value", value)])
            }
            ProblemKind::UnknownStatus { value } => {
                Msg::ImpUnknownStatus.with(lang, &[("value", value)])
            }
            ProblemKind::Formula { formula } => Msg::ImpFormula.with(lang, &[("formula", formula)]),
            ProblemKind::ErrorValue { value } => Msg::ImpErrorValue.with(lang, &[("value", value)]),
            ProblemKind::TooLong { max } => {
                Msg::ImpTooLong.with(lang, &[("max", &max.to_string())])
            }
        }
    }
}

impl Problem {
    /// "Dòng 7, cột D (Ngày sinh): …" — where, then what.
    pub fn message(&self, lang: Lang) -> String {
        let what = self.kind.message(lang);
        let row = self.row.to_string();
        match (&self.column, &self.header) {
            (Some(col), Some(header)) => Msg::ImpAtCell.with(
                lang,
                &[
                    ("row", &row),
                    ("column", col),
                    ("header", header),
                    ("what", &what),
                ],
            ),
            _ => Msg::ImpAtRow.with(lang, &[("row", &row), ("what", &what)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_problem_names_the_row_and_column_in_vietnamese() {
        let p = Problem {
            row: 7,
            column: Some("D".into()),
            header: Some("Ngày sinh".into()),
            kind: ProblemKind::BadDate {
                value: "31/02/2013".into(),
            },
        };
        let text = p.message(Lang::Vi);
        assert!(text.contains("Dòng 7"), "{text}");
        assert!(text.contains("cột D"), "{text}");
        assert!(text.contains("Ngày sinh"), "{text}");
        assert!(text.contains("31/02/2013"), "{text}");
    }

    #[test]
    fn a_row_problem_names_the_row_in_english_too() {
        let p = Problem {
            row: 12,
            column: None,
            header: None,
            kind: ProblemKind::MissingName,
        };
        let text = p.message(Lang::En);
        assert!(text.contains("Row 12"), "{text}");
    }

    #[test]
    fn a_duplicate_code_points_to_the_first_row() {
        let text = ProblemKind::DuplicateCode { first_row: 4 }.message(Lang::Vi);
        assert!(text.contains('4'), "{text}");
    }

    #[test]
    fn a_missing_column_is_named_in_the_message() {
        let text = FileProblem::MissingColumn(Field::Code).message(Lang::Vi);
        assert!(text.contains("Mã học sinh"), "{text}");
    }

    #[test]
    fn every_file_problem_has_a_message_in_both_languages() {
        for p in [
            FileProblem::Empty,
            FileProblem::TooLarge {
                max_bytes: 10 << 20,
            },
            FileProblem::TooManyRows { max: 5000 },
            FileProblem::Corrupt,
            FileProblem::Encrypted,
            FileProblem::UnsupportedFormat,
            FileProblem::NotUtf8,
            FileProblem::NoHeader,
        ] {
            for lang in Lang::ALL {
                let text = p.message(lang);
                assert!(!text.is_empty() && !text.contains("{ $"), "{text}");
            }
        }
        assert!(FileProblem::TooLarge {
            max_bytes: 10 << 20
        }
        .message(Lang::Vi)
        .contains("10"));
    }
}
