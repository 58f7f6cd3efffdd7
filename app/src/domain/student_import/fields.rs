//! The columns an import understands, recognised by their header text.
use crate::domain::vietnamese::fold_vi;
use serde::{Deserialize, Serialize};

/// How many rows from the top of each sheet are searched for the header row (title lines,
/// the school's name and blank rows often come first).
pub const HEADER_SEARCH_ROWS: usize = 30;

/// A column of a student list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    Code,
    NationalId,
    FullName,
    FamilyName,
    MiddleName,
    GivenName,
    DateOfBirth,
    Gender,
    Ethnicity,
    Class,
    Status,
    PlaceOfBirth,
    Hometown,
    Address,
    CurrentAddress,
    Religion,
    Nationality,
    PolicyGroup,
    FatherName,
    MotherName,
    ParentName,
    Phone,
}

/// Header names, folded (lowercase, no marks, `đ` → `d`, punctuation as spaces). A header
/// matches a name exactly, or starts with a name of two words or more followed by more words
/// ("Ngày sinh (dd/mm/yyyy)"); the longest match wins, so "Họ tên cha" is the father's name,
/// not the student's.
const NAMES: &[(Field, &[&str])] = &[
    (
        Field::Code,
        &[
            "ma hoc sinh",
            "ma hs",
            "ma so hoc sinh",
            "ma so hs",
            "mhs",
            "ma",
            "student code",
            "student id",
            "code",
        ],
    ),
    (
        Field::NationalId,
        &[
            "ma dinh danh",
            "ma dinh danh ca nhan",
            "ma dinh danh hoc sinh",
            "so dinh danh",
            "so dinh danh ca nhan",
            "cccd",
            "so cccd",
            "can cuoc cong dan",
            "national id",
        ],
    ),
    (
        Field::FullName,
        &[
            "ho ten",
            "ho va ten",
            "ho ten hoc sinh",
            "ho va ten hoc sinh",
            "ten hoc sinh",
            "hoc sinh",
            "full name",
            "name",
        ],
    ),
    (Field::FamilyName, &["ho", "family name", "surname"]),
    (
        Field::MiddleName,
        &["dem", "ten dem", "chu dem", "middle name"],
    ),
    (Field::GivenName, &["ten", "given name", "first name"]),
    (
        Field::DateOfBirth,
        &[
            "ngay sinh",
            "ngay thang nam sinh",
            "ngay thang sinh",
            "date of birth",
            "birth date",
        ],
    ),
    (Field::Gender, &["gioi tinh", "gioi", "gender", "sex"]),
    (Field::Ethnicity, &["dan toc", "ethnicity"]),
    (
        Field::Class,
        &["lop", "ma lop", "ten lop", "lop hoc", "class", "class name"],
    ),
    (
        Field::Status,
        &[
            "trang thai hs",
            "trang thai hoc sinh",
            "trang thai",
            "tinh trang",
            "status",
        ],
    ),
    (Field::PlaceOfBirth, &["noi sinh", "place of birth"]),
    (Field::Hometown, &["que quan", "que", "hometown"]),
    (
        Field::Address,
        &[
            "dia chi",
            "dia chi thuong tru",
            "thuong tru",
            "ho khau thuong tru",
            "noi thuong tru",
            "address",
        ],
    ),
    (
        Field::CurrentAddress,
        &[
            "noi o hien nay",
            "cho o hien nay",
            "dia chi hien nay",
            "noi o",
            "tam tru",
            "current address",
        ],
    ),
    (Field::Religion, &["ton giao", "religion"]),
    (Field::Nationality, &["quoc tich", "nationality"]),
    (
        Field::PolicyGroup,
        &[
            "doi tuong chinh sach",
            "dien chinh sach",
            "doi tuong",
            "policy group",
        ],
    ),
    (
        Field::FatherName,
        &["ho ten cha", "ho va ten cha", "ten cha", "cha", "father"],
    ),
    (
        Field::MotherName,
        &["ho ten me", "ho va ten me", "ten me", "me", "mother"],
    ),
    (
        Field::ParentName,
        &[
            "ho ten cha me",
            "ho ten phu huynh",
            "ho va ten phu huynh",
            "phu huynh",
            "nguoi giam ho",
            "ho ten cha me hoac nguoi giam ho",
            "guardian",
        ],
    ),
    (
        Field::Phone,
        &[
            "sdt",
            "so dien thoai",
            "dien thoai",
            "dien thoai lien he",
            "sdt lien he",
            "sdt phu huynh",
            "so dien thoai phu huynh",
            "phone",
        ],
    ),
];

/// Folded header text: [`fold_vi`], then every character other than a letter or digit is a
/// space, and spaces are collapsed.
pub(crate) fn fold_header(text: &str) -> String {
    fold_vi(text)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The field a header names, with how well it matched (an exact match beats a prefix, a
/// longer name beats a shorter one), or `None` for a column the import does not use.
pub fn recognise_header(text: &str) -> Option<(Field, usize)> {
    let header = fold_header(text);
    if header.is_empty() {
        return None;
    }
    let mut best: Option<(Field, usize)> = None;
    for (field, names) in NAMES {
        for name in *names {
            let quality = if header == *name {
                1000 + name.len()
            } else if name.contains(' ')
                && header.len() > name.len()
                && header.starts_with(name)
                && header.as_bytes()[name.len()] == b' '
            {
                name.len()
            } else {
                continue;
            };
            if best.is_none_or(|(_, q)| quality > q) {
                best = Some((*field, quality));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn field(text: &str) -> Option<Field> {
        recognise_header(text).map(|(f, _)| f)
    }

    #[test]
    fn the_sector_database_headers_are_recognised() {
        assert_eq!(field("Mã lớp"), Some(Field::Class));
        assert_eq!(field("Mã học sinh"), Some(Field::Code));
        assert_eq!(field("Họ tên"), Some(Field::FullName));
        assert_eq!(field("Ngày sinh"), Some(Field::DateOfBirth));
        assert_eq!(field("Giới tính"), Some(Field::Gender));
        assert_eq!(field("Trạng thái HS"), Some(Field::Status));
        assert_eq!(field("Dân tộc"), Some(Field::Ethnicity));
    }

    #[test]
    fn synonyms_name_the_same_column() {
        assert_eq!(field("Mã HS"), Some(Field::Code));
        assert_eq!(field("Họ và tên"), Some(Field::FullName));
        assert_eq!(field("Tên lớp"), Some(Field::Class));
        assert_eq!(field("Lớp"), Some(Field::Class));
        assert_eq!(field("SĐT"), Some(Field::Phone));
        assert_eq!(field("Số điện thoại"), Some(Field::Phone));
        assert_eq!(field("Nơi sinh"), Some(Field::PlaceOfBirth));
        assert_eq!(field("Quê quán"), Some(Field::Hometown));
        assert_eq!(field("Địa chỉ"), Some(Field::Address));
        assert_eq!(field("Mã định danh"), Some(Field::NationalId));
    }

    #[test]
    fn separate_name_columns_are_recognised() {
        assert_eq!(field("Họ"), Some(Field::FamilyName));
        assert_eq!(field("Đệm"), Some(Field::MiddleName));
        assert_eq!(field("Tên"), Some(Field::GivenName));
    }

    #[test]
    fn headers_match_in_any_case_spacing_and_unicode_form() {
        assert_eq!(field("  HỌ   TÊN "), Some(Field::FullName));
        assert_eq!(field("ho ten"), Some(Field::FullName));
        let nfd: String = "Ngày sinh".nfd().collect();
        assert_eq!(field(&nfd), Some(Field::DateOfBirth));
        assert_eq!(field("Mã học sinh:"), Some(Field::Code));
    }

    #[test]
    fn a_header_with_a_note_after_the_name_is_recognised() {
        assert_eq!(field("Ngày sinh (dd/mm/yyyy)"), Some(Field::DateOfBirth));
        assert_eq!(field("Giới tính (Nam/Nữ)"), Some(Field::Gender));
        assert_eq!(field("Họ và tên học sinh (*)"), Some(Field::FullName));
    }

    #[test]
    fn a_parents_name_is_not_taken_for_the_students_name() {
        assert_eq!(field("Họ tên cha"), Some(Field::FatherName));
        assert_eq!(field("Họ tên mẹ"), Some(Field::MotherName));
        assert_eq!(field("Họ tên cha/mẹ"), Some(Field::ParentName));
    }

    #[test]
    fn unrelated_headers_are_ignored() {
        assert_eq!(field("STT"), None);
        assert_eq!(field(""), None);
        assert_eq!(field("Ghi chú"), None);
        assert_eq!(field("Mã trường"), None);
    }
}
