//! The whole-file rules: header search, row reading and the report.
use super::*;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

fn t(s: &str) -> Cell {
    Cell::Text(s.into())
}

fn rules() -> ImportRules {
    ImportRules {
        classes: vec!["6A1".into(), "6A2".into(), "7A1".into()],
        today: SimpleDate::new(2026, 11, 22).expect("date"),
    }
}

fn sheet(name: &str, rows: Vec<Vec<Cell>>) -> Sheet {
    Sheet {
        name: name.into(),
        rows,
    }
}

/// The sector database's column set, in its order.
fn csdl_header() -> Vec<Cell> {
    [
        "STT",
        "Mã lớp",
        "Mã học sinh",
        "Họ tên",
        "Ngày sinh",
        "Giới tính",
        "Trạng thái HS",
        "Dân tộc",
    ]
    .map(t)
    .to_vec()
}

fn csdl_row(n: u32, class: &str, code: &str, name: &str, dob: Cell, gender: &str) -> Vec<Cell> {
    vec![
        Cell::Number(f64::from(n)),
        t(class),
        t(code),
        t(name),
        dob,
        t(gender),
        t("Đang học"),
        t("Kinh"),
    ]
}

fn analyse_rows(rows: Vec<Vec<Cell>>) -> Analysis {
    analyse(&[sheet("C1-HocSinh", rows)], &rules()).expect("analysis")
}

fn kinds(a: &Analysis) -> Vec<(u32, Option<String>, ProblemKind)> {
    a.problems
        .iter()
        .map(|p| (p.row, p.column.clone(), p.kind.clone()))
        .collect()
}

#[test]
fn a_clean_sector_database_export_gives_one_record_per_row() {
    let a = analyse_rows(vec![
        csdl_header(),
        csdl_row(
            1,
            "6A1",
            "7901692934",
            "Nguyễn Thị Minh Ánh",
            t("07/05/2014"),
            "Nữ",
        ),
        csdl_row(
            2,
            "6A2",
            "7901692935",
            "Trần Văn Đức",
            t("1/12/2014"),
            "Nam",
        ),
    ]);
    assert_eq!(a.problems, vec![]);
    assert_eq!(a.rows_read, 2);
    assert_eq!(a.header_row, 1);
    assert_eq!(a.records.len(), 2);
    let r = &a.records[0];
    assert_eq!(r.row, 2);
    assert_eq!(r.code, "7901692934");
    assert_eq!(r.name.family, "Nguyễn");
    assert_eq!(r.name.middle, "Thị Minh");
    assert_eq!(r.name.given, "Ánh");
    assert_eq!(r.date_of_birth, SimpleDate::new(2014, 5, 7));
    assert_eq!(r.gender, Gender::Female);
    assert_eq!(r.class.as_deref(), Some("6A1"));
    assert_eq!(r.status, Some(StudentStatus::Studying));
    assert_eq!(r.ethnicity.as_deref(), Some("Kinh"));
    assert_eq!(a.ignored_columns, vec!["STT".to_string()]);
}

#[test]
fn the_header_is_found_below_title_lines_on_a_later_sheet() {
    let notes = sheet("Hướng dẫn", vec![vec![t("Điền danh sách ở trang sau")]]);
    let mut rows = vec![
        vec![t("SỞ GD&ĐT")],
        vec![t("TRƯỜNG THCS NGUYỄN DU")],
        vec![],
        vec![t("DANH SÁCH HỌC SINH")],
        csdl_header(),
    ];
    rows.push(csdl_row(1, "6A1", "HS1", "Lê Ánh", t("07/05/2014"), "Nữ"));
    let a = analyse(&[notes, sheet("Danh sách", rows)], &rules()).expect("analysis");
    assert_eq!(a.sheet, "Danh sách");
    assert_eq!(a.header_row, 5);
    assert_eq!(a.records.len(), 1);
    assert_eq!(a.records[0].row, 6);
}

#[test]
fn columns_are_found_by_name_in_any_order() {
    let a = analyse_rows(vec![
        vec![t("Giới tính"), t("Họ và tên"), t("Lớp"), t("Mã HS")],
        vec![t("Nam"), t("Phạm Minh Khôi"), t("7a1"), t("HS9")],
    ]);
    assert_eq!(a.problems, vec![]);
    assert_eq!(a.records[0].code, "HS9");
    assert_eq!(a.records[0].name.full(), "Phạm Minh Khôi");
    assert_eq!(a.records[0].class.as_deref(), Some("7A1"));
    assert_eq!(a.records[0].date_of_birth, None);
}

#[test]
fn separate_family_middle_and_given_columns_are_used_as_they_are() {
    let a = analyse_rows(vec![
        vec![
            t("Mã học sinh"),
            t("Họ"),
            t("Đệm"),
            t("Tên"),
            t("Giới tính"),
        ],
        vec![t("HS1"), t("Tôn Nữ"), t("Thị Ngọc"), t("Hân"), t("Nữ")],
    ]);
    assert_eq!(a.problems, vec![]);
    let n = &a.records[0].name;
    assert_eq!(
        (n.family.as_str(), n.middle.as_str(), n.given.as_str()),
        ("Tôn Nữ", "Thị Ngọc", "Hân")
    );
}

#[test]
fn dates_may_be_text_or_excel_serial_numbers() {
    let a = analyse_rows(vec![
        csdl_header(),
        csdl_row(1, "6A1", "A1", "Lê An", Cell::DateSerial(41_766.0), "Nam"),
        csdl_row(2, "6A1", "A2", "Lê Bình", Cell::Number(41_766.0), "Nam"),
        csdl_row(3, "6A1", "A3", "Lê Chi", t("2014-05-07"), "Nữ"),
    ]);
    assert_eq!(a.problems, vec![]);
    for r in &a.records {
        assert_eq!(
            r.date_of_birth,
            SimpleDate::new(2014, 5, 7),
            "row {}",
            r.row
        );
    }
}

#[test]
fn decomposed_text_is_stored_composed() {
    let nfd = |s: &str| Cell::Text(s.nfd().collect());
    let a = analyse_rows(vec![
        csdl_header(),
        vec![
            Cell::Number(1.0),
            nfd("6A1"),
            nfd("A1"),
            nfd("Nguyễn Thị Ánh"),
            nfd("07/05/2014"),
            nfd("Nữ"),
            nfd("Đang học"),
            nfd("Mường"),
        ],
    ]);
    assert_eq!(a.problems, vec![]);
    assert_eq!(a.records[0].name.full(), "Nguyễn Thị Ánh");
    assert_eq!(a.records[0].ethnicity.as_deref(), Some("Mường"));
    assert_eq!(a.records[0].gender, Gender::Female);
}

#[test]
fn a_code_typed_as_a_number_keeps_its_digits() {
    let mut row = csdl_row(1, "6A1", "", "Lê An", t("07/05/2014"), "Nam");
    row[2] = Cell::Number(7_901_692_934.0);
    let a = analyse_rows(vec![csdl_header(), row]);
    assert_eq!(a.records[0].code, "7901692934");
}

#[test]
fn every_problem_of_a_row_is_reported_with_its_column() {
    let a = analyse_rows(vec![
        csdl_header(),
        csdl_row(1, "9Z9", "A 1", "Lê An", t("31/02/2014"), "Khác"),
    ]);
    assert_eq!(
        kinds(&a),
        vec![
            (
                2,
                Some("B".into()),
                ProblemKind::UnknownClass {
                    value: "9Z9".into()
                }
            ),
            (
                2,
                Some("C".into()),
                ProblemKind::BadCode {
                    value: "A 1".into()
                }
            ),
            (
                2,
                Some("E".into()),
                ProblemKind::BadDate {
                    value: "31/02/2014".into()
                }
            ),
            (
                2,
                Some("F".into()),
                ProblemKind::UnknownGender {
                    value: "Khác".into()
                }
            ),
        ]
    );
    assert!(a.records.is_empty());
    assert_eq!(a.problems[0].header.as_deref(), Some("Mã lớp"));
    assert_eq!(
        a.rejected,
        vec![RowLabel {
            row: 2,
            code: "A 1".into(),
            name: "Lê An".into()
        }]
    );
}

#[test]
fn a_row_without_a_code_or_a_name_is_reported() {
    let a = analyse_rows(vec![
        csdl_header(),
        csdl_row(1, "6A1", "", "Lê An", t("07/05/2014"), "Nam"),
        csdl_row(2, "6A1", "A2", "", t("07/05/2014"), "Nam"),
    ]);
    assert_eq!(
        kinds(&a),
        vec![
            (2, Some("C".into()), ProblemKind::MissingCode),
            (3, Some("D".into()), ProblemKind::MissingName),
        ]
    );
}

#[test]
fn a_repeated_code_refuses_every_row_that_has_it() {
    let a = analyse_rows(vec![
        csdl_header(),
        csdl_row(1, "6A1", "A1", "Lê An", t("07/05/2014"), "Nam"),
        csdl_row(2, "6A1", "A2", "Lê Bình", t("07/05/2014"), "Nam"),
        csdl_row(3, "6A1", "A1", "Lê Chi", t("07/05/2014"), "Nữ"),
    ]);
    assert_eq!(
        kinds(&a),
        vec![
            (
                2,
                Some("C".into()),
                ProblemKind::DuplicateCode { first_row: 4 }
            ),
            (
                4,
                Some("C".into()),
                ProblemKind::DuplicateCode { first_row: 2 }
            ),
        ]
    );
    assert_eq!(
        a.records
            .iter()
            .map(|r| r.code.as_str())
            .collect::<Vec<_>>(),
        vec!["A2"]
    );
}

#[test]
fn a_birth_date_in_the_future_or_too_long_ago_is_out_of_range() {
    let a = analyse_rows(vec![
        csdl_header(),
        csdl_row(1, "6A1", "A1", "Lê An", t("01/01/2027"), "Nam"),
        csdl_row(2, "6A1", "A2", "Lê Bình", t("31/12/1995"), "Nam"),
        csdl_row(3, "6A1", "A3", "Lê Chi", t("01/01/1996"), "Nữ"),
    ]);
    assert_eq!(
        kinds(&a),
        vec![
            (
                2,
                Some("E".into()),
                ProblemKind::DateOutOfRange {
                    value: "01/01/2027".into()
                }
            ),
            (
                3,
                Some("E".into()),
                ProblemKind::DateOutOfRange {
                    value: "31/12/1995".into()
                }
            ),
        ]
    );
    assert_eq!(a.records.len(), 1);
}

#[test]
fn a_formula_in_an_imported_column_is_refused_with_its_cell() {
    let mut row = csdl_row(1, "6A1", "A1", "Lê An", t(""), "Nam");
    row[4] = Cell::Formula("DATE(2014,5,7)".into());
    let a = analyse_rows(vec![csdl_header(), row]);
    assert_eq!(
        kinds(&a),
        vec![(
            2,
            Some("E".into()),
            ProblemKind::Formula {
                formula: "DATE(2014,5,7)".into()
            }
        )]
    );
    assert!(a.records.is_empty());
}

#[test]
fn a_formula_in_a_column_that_is_not_imported_is_harmless() {
    let mut row = csdl_row(1, "6A1", "A1", "Lê An", t("07/05/2014"), "Nam");
    row[0] = Cell::Formula("ROW()-1".into());
    let a = analyse_rows(vec![csdl_header(), row]);
    assert_eq!(a.problems, vec![]);
    assert_eq!(a.records.len(), 1);
}

#[test]
fn an_error_value_is_reported() {
    let mut row = csdl_row(1, "6A1", "A1", "Lê An", t("07/05/2014"), "Nam");
    row[1] = Cell::Error("#REF!".into());
    let a = analyse_rows(vec![csdl_header(), row]);
    assert_eq!(
        kinds(&a),
        vec![(
            2,
            Some("B".into()),
            ProblemKind::ErrorValue {
                value: "#REF!".into()
            }
        )]
    );
}

#[test]
fn blank_rows_and_signature_lines_are_skipped() {
    let a = analyse_rows(vec![
        csdl_header(),
        csdl_row(1, "6A1", "A1", "Lê An", t("07/05/2014"), "Nam"),
        vec![],
        vec![Cell::Empty, t(" ")],
        vec![t("Tổng số: 1 học sinh")],
        vec![
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            t("Hiệu trưởng"),
        ],
    ]);
    assert_eq!(a.problems, vec![]);
    assert_eq!(a.rows_read, 1);
}

#[test]
fn a_blank_class_leaves_the_enrolment_alone() {
    let a = analyse_rows(vec![
        csdl_header(),
        csdl_row(1, "", "A1", "Lê An", t("07/05/2014"), "Nam"),
    ]);
    assert_eq!(a.problems, vec![]);
    assert_eq!(a.records[0].class, None);
}

#[test]
fn class_names_match_without_case_spaces_or_the_word_lop() {
    let a = analyse_rows(vec![
        csdl_header(),
        csdl_row(1, "lớp 6a1", "A1", "Lê An", t("07/05/2014"), "Nam"),
        csdl_row(2, " 6 A2", "A2", "Lê Bình", t("07/05/2014"), "Nam"),
    ]);
    assert_eq!(a.problems, vec![]);
    assert_eq!(a.records[0].class.as_deref(), Some("6A1"));
    assert_eq!(a.records[1].class.as_deref(), Some("6A2"));
}

#[test]
fn an_unknown_status_is_reported() {
    let mut row = csdl_row(1, "6A1", "A1", "Lê An", t("07/05/2014"), "Nam");
    row[6] = t("Đi du học");
    let a = analyse_rows(vec![csdl_header(), row]);
    assert_eq!(
        kinds(&a),
        vec![(
            2,
            Some("G".into()),
            ProblemKind::UnknownStatus {
                value: "Đi du học".into()
            }
        )]
    );
}

#[test]
fn an_overlong_text_is_refused() {
    let mut row = csdl_row(1, "6A1", "A1", "Lê An", t("07/05/2014"), "Nam");
    row[7] = t(&"x".repeat(201));
    let a = analyse_rows(vec![csdl_header(), row]);
    assert_eq!(
        kinds(&a),
        vec![(2, Some("H".into()), ProblemKind::TooLong { max: 200 })]
    );
}

#[test]
fn an_empty_file_is_refused_as_empty() {
    assert_eq!(analyse(&[], &rules()), Err(FileProblem::Empty));
    assert_eq!(
        analyse(
            &[sheet("Sheet1", vec![vec![Cell::Empty, t("  ")]])],
            &rules()
        ),
        Err(FileProblem::Empty)
    );
}

#[test]
fn a_file_without_a_recognisable_header_is_refused() {
    let s = sheet("Sheet1", vec![vec![t("a"), t("b")], vec![t("1"), t("2")]]);
    assert_eq!(analyse(&[s], &rules()), Err(FileProblem::NoHeader));
}

#[test]
fn a_header_without_a_code_column_is_refused_naming_it() {
    let s = sheet(
        "Sheet1",
        vec![vec![t("Họ tên"), t("Ngày sinh"), t("Giới tính")]],
    );
    assert_eq!(
        analyse(&[s], &rules()),
        Err(FileProblem::MissingColumn(Field::Code))
    );
}

#[test]
fn a_header_without_a_gender_column_is_refused_naming_it() {
    let s = sheet("Sheet1", vec![vec![t("Mã HS"), t("Họ tên")]]);
    assert_eq!(
        analyse(&[s], &rules()),
        Err(FileProblem::MissingColumn(Field::Gender))
    );
}

#[test]
fn the_personal_id_stands_in_for_a_missing_code_column() {
    let a = analyse_rows(vec![
        vec![t("Mã định danh"), t("Họ tên"), t("Giới tính")],
        vec![t("001214000123"), t("Lê An"), t("Nam")],
    ]);
    assert_eq!(a.records[0].code, "001214000123");
    assert_eq!(a.records[0].national_id, None);
}

#[test]
fn too_many_rows_are_refused_before_any_is_imported() {
    let mut rows = vec![csdl_header()];
    for n in 0..=MAX_ROWS as u32 {
        rows.push(csdl_row(
            n,
            "6A1",
            &format!("A{n}"),
            "Lê An",
            t("07/05/2014"),
            "Nam",
        ));
    }
    assert_eq!(
        analyse(&[sheet("s", rows)], &rules()),
        Err(FileProblem::TooManyRows { max: MAX_ROWS })
    );
}

proptest! {
    #[test]
    fn every_student_row_is_either_a_record_or_has_a_problem(
        rows in proptest::collection::vec(
            (
                "[A-Z0-9 ]{0,6}",
                "[a-zA-ZàáạđĐ ]{0,12}",
                prop_oneof![Just("07/05/2014".to_string()), Just("x".to_string()), Just(String::new()), Just("29/02/2013".to_string())],
                prop_oneof![Just("Nam"), Just("Nữ"), Just("?"), Just("")],
                prop_oneof![Just("6A1"), Just("8B8"), Just("")],
            ),
            0..30,
        )
    ) {
        let mut sheet_rows = vec![csdl_header()];
        for (code, name, dob, gender, class) in &rows {
            sheet_rows.push(csdl_row(1, class, code, name, t(dob), gender));
        }
        let a = analyse_rows(sheet_rows);
        let problem_rows: std::collections::BTreeSet<u32> = a.problems.iter().map(|p| p.row).collect();
        let record_rows: std::collections::BTreeSet<u32> = a.records.iter().map(|r| r.row).collect();
        prop_assert!(problem_rows.is_disjoint(&record_rows));
        prop_assert_eq!(problem_rows.len() + record_rows.len(), a.rows_read);
        // Codes of valid rows are unique.
        let codes: std::collections::BTreeSet<&str> = a.records.iter().map(|r| r.code.as_str()).collect();
        prop_assert_eq!(codes.len(), a.records.len());
    }

    #[test]
    fn any_cells_are_read_without_panicking(
        cells in proptest::collection::vec(proptest::collection::vec(
            prop_oneof![
                Just(Cell::Empty),
                "\\PC{0,8}".prop_map(Cell::Text),
                any::<f64>().prop_map(Cell::Number),
                any::<f64>().prop_map(Cell::DateSerial),
                "\\PC{0,5}".prop_map(Cell::Formula),
            ], 0..9), 0..12)
    ) {
        let mut rows = vec![csdl_header()];
        rows.extend(cells);
        let _ = analyse(&[sheet("s", rows)], &rules());
    }
}

#[test]
fn parents_names_and_the_family_phone_are_read() {
    let a = analyse_rows(vec![
        vec![
            t("Mã HS"),
            t("Họ tên"),
            t("Giới tính"),
            t("Họ tên cha"),
            t("Họ tên mẹ"),
            t("SĐT"),
        ],
        vec![
            t("A1"),
            t("Lê An"),
            t("Nam"),
            t("Lê Văn Hùng"),
            t(""),
            Cell::Number(912_345_678.0),
        ],
        vec![
            t("A2"),
            t("Lê Bình"),
            t("Nam"),
            t(""),
            t("Trần Thị Mai"),
            t("0987 654 321"),
        ],
    ]);
    assert_eq!(a.problems, vec![]);
    assert_eq!(
        a.records[0].guardians,
        vec![("Cha".to_string(), "Lê Văn Hùng".to_string())]
    );
    assert_eq!(a.records[0].phone.as_deref(), Some("0912345678"));
    assert_eq!(
        a.records[1].guardians,
        vec![("Mẹ".to_string(), "Trần Thị Mai".to_string())]
    );
    assert_eq!(a.records[1].phone.as_deref(), Some("0987 654 321"));
    assert!(a.ignored_columns.is_empty());
}

#[test]
fn a_phone_number_keeps_its_leading_zero() {
    assert_eq!(tidy_phone("912345678"), "0912345678");
    assert_eq!(tidy_phone("0912345678"), "0912345678");
    assert_eq!(tidy_phone("+84 912 345 678"), "+84 912 345 678");
    assert_eq!(tidy_phone("1234"), "1234");
}
