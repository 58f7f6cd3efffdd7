//! Importing students against real databases (SQLite and PostgreSQL), from real `.xlsx` files
//! built here: re-importing updates by code, a bad row stops the import unless the valid rows
//! are confirmed, another school's student is never touched, and every change is audited.
#[path = "support/databases.rs"]
mod databases;

use app::domain::student_import::{FileProblem, ProblemKind};
use app::error::AppError;
use app::server::db::student_import::ImportActor;
use app::server::db::{accounts, audit, Db};
use app::server::student_import::{plan, run};
use databases::TestDb;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use unicode_normalization::UnicodeNormalization;

/// One student row of a test file.
struct Row<'a> {
    code: &'a str,
    name: &'a str,
    /// An Excel serial date, written as a date-formatted number.
    dob_serial: f64,
    gender: &'a str,
    class: &'a str,
}

const HEADER: [&str; 7] = [
    "STT",
    "Mã học sinh",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Lớp",
    "Dân tộc",
];

fn write_rows(sheet: &mut Worksheet, header_row: u32, rows: &[Row<'_>]) {
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in (0u16..).zip(HEADER) {
        sheet.write_string(header_row, c, h).expect("header");
    }
    for (r, row) in (header_row + 1..).zip(rows) {
        sheet
            .write_number(r, 0, f64::from(r - header_row))
            .expect("n");
        sheet.write_string(r, 1, row.code).expect("code");
        // Names arrive decomposed (NFD), as some Mac exports write them.
        let nfd: String = row.name.nfd().collect();
        sheet.write_string(r, 2, nfd).expect("name");
        sheet
            .write_number_with_format(r, 3, row.dob_serial, &date)
            .expect("dob");
        sheet.write_string(r, 4, row.gender).expect("gender");
        sheet.write_string(r, 5, row.class).expect("class");
        sheet.write_string(r, 6, "Kinh").expect("ethnicity");
    }
}

/// A workbook whose first sheet holds instructions and whose second sheet has the list with
/// its header on row 5, below title lines.
fn workbook(rows: &[Row<'_>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Hướng dẫn").expect("name");
    notes
        .write_string(0, 0, "Điền danh sách ở trang sau")
        .expect("note");
    let list = book.add_worksheet();
    list.set_name("C1-HocSinh").expect("name");
    list.write_string(0, 0, "TRƯỜNG THCS NGUYỄN DU").expect("t");
    list.write_string(2, 0, "DANH SÁCH HỌC SINH").expect("t");
    write_rows(list, 4, rows);
    book.save_to_buffer().expect("xlsx")
}

/// 07/05/2014 and 20/11/2014 as Excel serial numbers.
const MAY_7_2014: f64 = 41_766.0;
const NOV_20_2014: f64 = 41_963.0;

fn actor(school_id: i64, user_id: i64) -> ImportActor {
    ImportActor {
        school_id,
        user_id,
        ip: "127.0.0.1".into(),
        request_id: "test".into(),
        reason: "import: test.xlsx".into(),
    }
}

async fn admin_of(db: &Db, school_id: i64) -> i64 {
    app::on_db!(db, p => sqlx::query_scalar::<_, i64>(
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.school_id = $1 AND r.role = 'admin' ORDER BY u.id LIMIT 1")
        .bind(school_id).fetch_one(p).await.expect("admin"))
}

async fn count_students(db: &Db) -> i64 {
    app::on_db!(db, p => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM students")
        .fetch_one(p).await.expect("count"))
}

/// (full name, date of birth, gender, version) of the student with `code`.
async fn student(db: &Db, code: &str) -> Option<(String, Option<String>, String, i64)> {
    let row: Option<(String, Option<chrono::NaiveDate>, String, i64)> = app::on_db!(db, p => sqlx::query_as(
        "SELECT full_name, date_of_birth, gender, version FROM students WHERE code = $1")
        .bind(code).fetch_optional(p).await.expect("student"));
    row.map(|(n, d, g, v)| (n, d.map(|d| d.to_string()), g, v))
}

/// The class names the student is actively enrolled in, and the number of enrolments.
async fn enrolments(db: &Db, code: &str) -> (Vec<String>, i64) {
    let active: Vec<String> = app::on_db!(db, p => sqlx::query_scalar(
        "SELECT c.name FROM enrolments e JOIN students s ON s.id = e.student_id \
         JOIN classes c ON c.id = e.class_id WHERE s.code = $1 AND e.status = 'active'")
        .bind(code).fetch_all(p).await.expect("enrolments"));
    let all: i64 = app::on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM enrolments e JOIN students s ON s.id = e.student_id WHERE s.code = $1")
        .bind(code).fetch_one(p).await.expect("count"));
    (active, all)
}

async fn demo(t: &TestDb) -> (i64, i64) {
    let school = app::server::demo::load(&t.db).await.expect("demo school");
    (school, admin_of(&t.db, school).await)
}

#[tokio::test]
async fn a_clean_file_adds_students_to_their_classes_and_a_second_import_updates_them_by_code() {
    for t in TestDb::all().await {
        let db = &t.db;
        let (school, admin) = demo(&t).await;
        let before = count_students(db).await;
        let rows = [
            Row {
                code: "HS2026001",
                name: "Nguyễn Thị Minh Ánh",
                dob_serial: MAY_7_2014,
                gender: "Nữ",
                class: "6A1",
            },
            Row {
                code: "HS2026002",
                name: "Trần Văn Đức",
                dob_serial: NOV_20_2014,
                gender: "Nam",
                class: "6A2",
            },
        ];
        let file = workbook(&rows);
        let planned = plan(db, school, "ds.xlsx", &file).await.expect("plan");
        let p = &planned.preview;
        assert_eq!(
            (p.sheet.as_str(), p.header_row),
            ("C1-HocSinh", 5),
            "{}",
            t.label
        );
        assert_eq!(
            (p.new, p.updated, p.unchanged, p.problem_rows),
            (2, 0, 0, 0),
            "{}: {:?}",
            t.label,
            p.problems
        );
        // A preview changes nothing.
        assert_eq!(count_students(db).await, before, "{}", t.label);

        let result = run(db, &actor(school, admin), planned, false)
            .await
            .expect("import");
        assert_eq!(
            (result.created, result.updated, result.skipped_rows),
            (2, 0, 0),
            "{}",
            t.label
        );
        assert_eq!(count_students(db).await, before + 2, "{}", t.label);
        let (name, dob, gender, version) = student(db, "HS2026001").await.expect("stored");
        assert_eq!(
            name, "Nguyễn Thị Minh Ánh",
            "{}: stored composed (NFC)",
            t.label
        );
        assert_eq!(dob.as_deref(), Some("2014-05-07"), "{}", t.label);
        assert_eq!((gender.as_str(), version), ("female", 1), "{}", t.label);
        assert_eq!(
            enrolments(db, "HS2026001").await,
            (vec!["6A1".to_string()], 1),
            "{}",
            t.label
        );

        // The same file again: nothing changes, nothing is duplicated.
        let again = plan(db, school, "ds.xlsx", &file).await.expect("plan");
        assert_eq!(
            (
                again.preview.new,
                again.preview.updated,
                again.preview.unchanged
            ),
            (0, 0, 2),
            "{}",
            t.label
        );
        run(db, &actor(school, admin), again, false)
            .await
            .expect("import");
        assert_eq!(count_students(db).await, before + 2, "{}", t.label);

        // A corrected name and a class change: updated in place, the old enrolment closed.
        let fixed = [
            Row {
                code: "HS2026001",
                name: "Nguyễn Thị Minh Anh",
                dob_serial: MAY_7_2014,
                gender: "Nữ",
                class: "6A1",
            },
            Row {
                code: "HS2026002",
                name: "Trần Văn Đức",
                dob_serial: NOV_20_2014,
                gender: "Nam",
                class: "7A1",
            },
        ];
        let planned = plan(db, school, "ds.xlsx", &workbook(&fixed))
            .await
            .expect("plan");
        assert_eq!(
            (planned.preview.new, planned.preview.updated),
            (0, 2),
            "{}",
            t.label
        );
        run(db, &actor(school, admin), planned, false)
            .await
            .expect("import");
        assert_eq!(count_students(db).await, before + 2, "{}", t.label);
        let (name, _, _, version) = student(db, "HS2026001").await.expect("stored");
        assert_eq!(
            (name.as_str(), version),
            ("Nguyễn Thị Minh Anh", 2),
            "{}",
            t.label
        );
        assert_eq!(
            enrolments(db, "HS2026002").await,
            (vec!["7A1".to_string()], 2),
            "{}",
            t.label
        );

        // Every change is in the audit log with its old and new values.
        let log = audit::latest(db, school, 50).await.expect("audit");
        let updated = log
            .iter()
            .find(|e| e.action == "student_updated_by_import" && e.entity_id == "HS2026001")
            .expect("update audited");
        assert!(
            updated.old_value.as_deref().unwrap_or("").contains("Ánh"),
            "{}: {:?}",
            t.label,
            updated
        );
        assert!(
            updated.new_value.as_deref().unwrap_or("").contains("Anh"),
            "{}: {:?}",
            t.label,
            updated
        );
        assert!(
            log.iter()
                .any(|e| e.action == "student_imported" && e.entity_id == "HS2026002"),
            "{}",
            t.label
        );
        let moved = log
            .iter()
            .find(|e| e.action == "enrolment_imported" && e.old_value.as_deref() == Some("6A2"))
            .expect("class change audited");
        assert_eq!(moved.new_value.as_deref(), Some("7A1"), "{}", t.label);
        assert_eq!(
            log.iter()
                .filter(|e| e.action == "students_imported")
                .count(),
            3,
            "{}",
            t.label
        );
        assert!(
            log.iter().all(|e| e.actor_user_id == Some(admin)),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn nothing_is_imported_from_a_file_with_a_bad_row_until_the_valid_rows_are_confirmed() {
    for t in TestDb::all().await {
        let db = &t.db;
        let (school, admin) = demo(&t).await;
        let before = count_students(db).await;
        let rows = [
            Row {
                code: "HS2026011",
                name: "Lê An",
                dob_serial: MAY_7_2014,
                gender: "Nam",
                class: "6A1",
            },
            Row {
                code: "HS2026012",
                name: "Lê Bình",
                dob_serial: MAY_7_2014,
                gender: "Nam",
                class: "9Z9",
            },
            Row {
                code: "HS2026011",
                name: "Lê Chi",
                dob_serial: MAY_7_2014,
                gender: "Nữ",
                class: "6A1",
            },
            Row {
                code: "HS2026014",
                name: "Lê Dung",
                dob_serial: NOV_20_2014,
                gender: "Nữ",
                class: "6A3",
            },
        ];
        let file = workbook(&rows);
        let planned = plan(db, school, "ds.xlsx", &file).await.expect("plan");
        let kinds: Vec<(u32, Option<String>, ProblemKind)> = planned
            .preview
            .problems
            .iter()
            .map(|p| (p.row, p.column.clone(), p.kind.clone()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (
                    6,
                    Some("B".into()),
                    ProblemKind::DuplicateCode { first_row: 8 }
                ),
                (
                    7,
                    Some("F".into()),
                    ProblemKind::UnknownClass {
                        value: "9Z9".into()
                    }
                ),
                (
                    8,
                    Some("B".into()),
                    ProblemKind::DuplicateCode { first_row: 6 }
                ),
            ],
            "{}",
            t.label
        );
        assert_eq!(
            (planned.preview.new, planned.preview.problem_rows),
            (1, 3),
            "{}",
            t.label
        );

        let refused = run(db, &actor(school, admin), planned, false).await;
        assert_eq!(
            refused,
            Err(AppError::ImportHasProblems { rows: 3 }),
            "{}",
            t.label
        );
        assert_eq!(
            count_students(db).await,
            before,
            "{}: nothing half-imported",
            t.label
        );
        let log = audit::latest(db, school, 10).await.expect("audit");
        assert!(
            !log.iter().any(|e| e.action.contains("import")),
            "{}",
            t.label
        );

        let planned = plan(db, school, "ds.xlsx", &file).await.expect("plan");
        let done = run(db, &actor(school, admin), planned, true)
            .await
            .expect("import");
        assert_eq!((done.created, done.skipped_rows), (1, 3), "{}", t.label);
        assert_eq!(count_students(db).await, before + 1, "{}", t.label);
        assert!(student(db, "HS2026014").await.is_some(), "{}", t.label);
        assert!(student(db, "HS2026011").await.is_none(), "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn a_code_of_another_schools_student_is_reported_and_never_updated() {
    for t in TestDb::all().await {
        let db = &t.db;
        demo(&t).await;
        let (code, name): (String, String) = app::on_db!(db, p => sqlx::query_as(
            "SELECT code, full_name FROM students ORDER BY id LIMIT 1").fetch_one(p).await.expect("student"));
        // A second school with its own year and class, and its own admin.
        let other = accounts::create_school(db, "B", "Trường B", "lower_secondary")
            .await
            .expect("school");
        app::on_db!(db, p => {
            let year: i64 = sqlx::query_scalar("INSERT INTO school_years (school_id, name, start_date, end_date, is_current) \
                VALUES ($1, '2026-2027', $2, $3, TRUE) RETURNING id")
                .bind(other)
                .bind(chrono::NaiveDate::from_ymd_opt(2026, 9, 5).expect("d"))
                .bind(chrono::NaiveDate::from_ymd_opt(2027, 5, 31).expect("d"))
                .fetch_one(p).await.expect("year");
            sqlx::query("INSERT INTO classes (school_id, school_year_id, grade, name) VALUES ($1, $2, 6, '6A1')")
                .bind(other).bind(year).execute(p).await.expect("class");
        });
        let rows = [
            Row {
                code: &code,
                name: "Tên Bị Đổi",
                dob_serial: MAY_7_2014,
                gender: "Nam",
                class: "6A1",
            },
            Row {
                code: "B-0001",
                name: "Phạm Hoa",
                dob_serial: MAY_7_2014,
                gender: "Nữ",
                class: "6A1",
            },
        ];
        let planned = plan(db, other, "ds.xlsx", &workbook(&rows))
            .await
            .expect("plan");
        assert_eq!(planned.preview.problems.len(), 1, "{}", t.label);
        assert_eq!(
            planned.preview.problems[0].kind,
            ProblemKind::CodeOfAnotherSchool,
            "{}",
            t.label
        );
        assert_eq!(planned.preview.problems[0].row, 6, "{}", t.label);
        let done = run(db, &actor(other, 0), planned, true).await;
        // actor 0 does not exist: audit rows have no foreign key on the actor.
        let done = done.expect("import");
        assert_eq!((done.created, done.skipped_rows), (1, 1), "{}", t.label);
        let (stored_name, _, _, version) = student(db, &code).await.expect("still there");
        assert_eq!((stored_name, version), (name, 1), "{}: untouched", t.label);
        let owner: i64 = app::on_db!(db, p => sqlx::query_scalar("SELECT school_id FROM students WHERE code = $1")
            .bind(&code).fetch_one(p).await.expect("owner"));
        assert_ne!(owner, other, "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn a_formula_cell_is_refused_with_its_row_and_column() {
    for t in TestDb::all().await {
        let db = &t.db;
        let (school, _) = demo(&t).await;
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        write_rows(
            sheet,
            0,
            &[
                Row {
                    code: "HS2026021",
                    name: "Lê An",
                    dob_serial: MAY_7_2014,
                    gender: "Nam",
                    class: "6A1",
                },
                Row {
                    code: "HS2026022",
                    name: "Lê Bình",
                    dob_serial: MAY_7_2014,
                    gender: "Nam",
                    class: "6A1",
                },
            ],
        );
        sheet
            .write_formula(2, 3, Formula::new("=DATE(2014,5,7)"))
            .expect("formula");
        // A formula in a column that is not imported (STT) is harmless.
        sheet
            .write_formula(1, 0, Formula::new("=ROW()-1"))
            .expect("formula");
        let file = book.save_to_buffer().expect("xlsx");
        let planned = plan(db, school, "ds.xlsx", &file).await.expect("plan");
        let p = &planned.preview.problems;
        assert_eq!(p.len(), 1, "{}: {p:?}", t.label);
        assert_eq!(
            (p[0].row, p[0].column.as_deref()),
            (3, Some("D")),
            "{}",
            t.label
        );
        assert!(
            matches!(&p[0].kind, ProblemKind::Formula { formula } if formula.contains("DATE")),
            "{}: {p:?}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn corrupt_and_password_protected_files_are_refused_with_their_own_message() {
    let t = TestDb::sqlite().await;
    let db = &t.db;
    let (school, _) = demo(&t).await;
    let mut good = workbook(&[Row {
        code: "A1",
        name: "Lê An",
        dob_serial: MAY_7_2014,
        gender: "Nam",
        class: "6A1",
    }]);
    good.truncate(good.len() / 2);
    assert_eq!(
        plan(db, school, "ds.xlsx", &good).await.err(),
        Some(AppError::ImportFile(FileProblem::Corrupt))
    );
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    assert_eq!(
        plan(db, school, "ds.xlsx", &ole).await.err(),
        Some(AppError::ImportFile(FileProblem::Encrypted))
    );
    assert_eq!(
        plan(db, school, "ds.xlsx", b"").await.err(),
        Some(AppError::ImportFile(FileProblem::Empty))
    );
    let csv = "Mã HS;Họ tên;Giới tính\n".as_bytes();
    let planned = plan(db, school, "ds.csv", csv)
        .await
        .expect("a header-only csv reads");
    assert_eq!(planned.preview.rows_read, 0);
    let no_header = "a,b\n1,2\n".as_bytes();
    assert_eq!(
        plan(db, school, "ds.csv", no_header).await.err(),
        Some(AppError::ImportFile(FileProblem::NoHeader))
    );
    t.finish().await;
}

#[tokio::test]
async fn a_csv_with_semicolons_and_text_dates_imports_like_a_workbook() {
    for t in TestDb::all().await {
        let db = &t.db;
        let (school, admin) = demo(&t).await;
        let csv = "\u{feff}Mã lớp;Mã học sinh;Họ tên;Ngày sinh;Giới tính;Trạng thái HS;Dân tộc\n\
                   6A1;HS2026031;Hoàng Duy;07/05/2014;Nam;Đang học;Tày\n";
        let planned = plan(db, school, "C1-HocSinh.csv", csv.as_bytes())
            .await
            .expect("plan");
        assert_eq!(
            (planned.preview.new, planned.preview.problem_rows),
            (1, 0),
            "{}: {:?}",
            t.label,
            planned.preview.problems
        );
        run(db, &actor(school, admin), planned, false)
            .await
            .expect("import");
        let (name, dob, _, _) = student(db, "HS2026031").await.expect("stored");
        assert_eq!(
            (name.as_str(), dob.as_deref()),
            ("Hoàng Duy", Some("2014-05-07")),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn an_old_xls_export_is_read_by_its_headers_with_dates_and_formulas() {
    // Written by tests/fixtures/make_xls.py (xlwt): header on row 3, a date cell, a text date,
    // and a formula in the name column of row 6.
    let file = include_bytes!("fixtures/c1-hocsinh.xls");
    let t = TestDb::sqlite().await;
    let (school, admin) = demo(&t).await;
    let planned = plan(&t.db, school, "C1-HocSinh.xls", file)
        .await
        .expect("plan");
    let p = &planned.preview;
    assert_eq!(
        (p.header_row, p.new, p.problem_rows),
        (3, 2, 1),
        "{:?}",
        p.problems
    );
    assert_eq!(
        (p.problems[0].row, p.problems[0].column.as_deref()),
        (6, Some("D"))
    );
    assert!(
        matches!(p.problems[0].kind, ProblemKind::Formula { .. }),
        "{:?}",
        p.problems
    );
    run(&t.db, &actor(school, admin), planned, true)
        .await
        .expect("import");
    let (name, dob, gender, _) = student(&t.db, "XLS0001").await.expect("stored");
    assert_eq!(
        (name.as_str(), dob.as_deref(), gender.as_str()),
        ("Nguyễn Thị Hồng Nhung", Some("2014-05-07"), "female")
    );
    let (_, dob, _, _) = student(&t.db, "XLS0002").await.expect("stored");
    assert_eq!(dob.as_deref(), Some("2014-11-20"));
    assert_eq!(
        enrolments(&t.db, "XLS0002").await.0,
        vec!["6A2".to_string()]
    );
    t.finish().await;
}

async fn guardians_of(db: &Db, code: &str) -> Vec<(String, String, String)> {
    app::on_db!(db, p => sqlx::query_as(
        "SELECT g.relationship, g.full_name, g.phone FROM guardians g \
         JOIN students s ON s.id = g.student_id WHERE s.code = $1 ORDER BY g.id")
        .bind(code).fetch_all(p).await.expect("guardians"))
}

#[tokio::test]
async fn parents_are_added_once_and_corrected_by_a_later_import() {
    for t in TestDb::all().await {
        let db = &t.db;
        let (school, admin) = demo(&t).await;
        let first = "Mã học sinh,Họ và tên,Giới tính,Lớp,Họ tên cha,Họ tên mẹ,SĐT\n\
                     HS2026041,Lê Minh Quân,Nam,6A1,Lê Văn Hùng,Trần Thị Mai,912345678\n";
        let planned = plan(db, school, "ds.csv", first.as_bytes())
            .await
            .expect("plan");
        run(db, &actor(school, admin), planned, false)
            .await
            .expect("import");
        assert_eq!(
            guardians_of(db, "HS2026041").await,
            vec![
                ("Cha".into(), "Lê Văn Hùng".into(), "0912345678".into()),
                ("Mẹ".into(), "Trần Thị Mai".into(), "".into()),
            ],
            "{}",
            t.label
        );
        let again = plan(db, school, "ds.csv", first.as_bytes())
            .await
            .expect("plan");
        assert_eq!(again.preview.unchanged, 1, "{}", t.label);
        let fixed = first.replace("Trần Thị Mai", "Trần Thị Mây");
        let planned = plan(db, school, "ds.csv", fixed.as_bytes())
            .await
            .expect("plan");
        assert_eq!(planned.preview.updated, 1, "{}", t.label);
        run(db, &actor(school, admin), planned, false)
            .await
            .expect("import");
        let now = guardians_of(db, "HS2026041").await;
        assert_eq!(now.len(), 2, "{}: no duplicate", t.label);
        assert_eq!(now[1].1, "Trần Thị Mây", "{}", t.label);
        let log = audit::latest(db, school, 30).await.expect("audit");
        let changed = log
            .iter()
            .find(|e| e.action == "guardians_imported" && e.old_value.is_some())
            .expect("guardian change audited");
        assert_eq!(
            changed.old_value.as_deref(),
            Some("Mẹ=Trần Thị Mai"),
            "{}",
            t.label
        );
        assert_eq!(
            changed.new_value.as_deref(),
            Some("Mẹ=Trần Thị Mây"),
            "{}",
            t.label
        );
        t.finish().await;
    }
}
