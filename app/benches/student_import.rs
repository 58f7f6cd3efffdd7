//! Importing a generated 2,000-student `.xlsx` (the sector database's columns, serial-number
//! dates, the demo school's classes) into SQLite and, when `TEST_POSTGRES_URL` is set,
//! PostgreSQL: reading the workbook, validating it, comparing it with the database, writing it
//! in one transaction, and importing the same file again (all unchanged) and a corrected one
//! (all updated). `cargo bench -p app --features ssr --bench student_import`
#[path = "../tests/support/databases.rs"]
mod databases;

use app::domain::student_import::{analyse, ImportRules, SimpleDate};
use app::server::db::student_import::ImportActor;
use app::server::student_import::{plan, run};
use databases::TestDb;
use rust_xlsxwriter::{Format, Workbook};
use std::time::Instant;

const STUDENTS: usize = 2_000;
const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Minh", "Ngọc", "Đức", "Thu"];
const GIVEN: [&str; 10] = [
    "An", "Bình", "Chi", "Dũng", "Hà", "Khánh", "Lan", "Nam", "Tú", "Yến",
];

fn workbook(suffix: &str) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let header = [
        "STT",
        "Mã lớp",
        "Mã học sinh",
        "Họ tên",
        "Ngày sinh",
        "Giới tính",
        "Trạng thái HS",
        "Dân tộc",
    ];
    for (c, h) in (0u16..).zip(header) {
        sheet.write_string(0, c, h).expect("header");
    }
    let classes: Vec<String> = (6..=9)
        .flat_map(|g| (1..=3).map(move |n| format!("{g}A{n}")))
        .collect();
    for i in 0..STUDENTS {
        let r = i as u32 + 1;
        let name = format!(
            "{} {} {}{suffix}",
            FAMILY[i % 8],
            MIDDLE[i % 6],
            GIVEN[i % 10]
        );
        sheet.write_number(r, 0, f64::from(r)).expect("n");
        sheet
            .write_string(r, 1, &classes[i % classes.len()])
            .expect("class");
        sheet
            .write_string(r, 2, format!("BENCH{i:05}"))
            .expect("code");
        sheet.write_string(r, 3, name).expect("name");
        sheet
            .write_number_with_format(r, 4, 41_640.0 + (i % 700) as f64, &date)
            .expect("dob");
        sheet
            .write_string(r, 5, if i % 2 == 0 { "Nam" } else { "Nữ" })
            .expect("gender");
        sheet.write_string(r, 6, "Đang học").expect("status");
        sheet.write_string(r, 7, "Kinh").expect("ethnicity");
    }
    book.save_to_buffer().expect("xlsx")
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1e3
}

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let file = workbook("");
    let fixed = workbook("h");
    println!("file: {STUDENTS} students, {} KiB", file.len() / 1024);

    // The first read pays one-time costs (allocator warm-up): the median of five is reported.
    let mut reads = Vec::new();
    let mut sheets = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        sheets = app::server::imports::read("bench.xlsx", &file).expect("read");
        reads.push(ms(start));
    }
    let first_read_ms = reads[0];
    reads.sort_by(f64::total_cmp);
    let read_ms = reads[2];
    let rules = ImportRules {
        classes: (6..=9)
            .flat_map(|g| (1..=3).map(move |n| format!("{g}A{n}")))
            .collect(),
        today: SimpleDate::new(2026, 11, 22).expect("date"),
    };
    let mut runs = Vec::new();
    let mut analysis = None;
    for _ in 0..5 {
        let start = Instant::now();
        analysis = Some(analyse(&sheets, &rules).expect("analyse"));
        runs.push(ms(start));
    }
    runs.sort_by(f64::total_cmp);
    let analyse_ms = runs[2];
    let analysis = analysis.expect("analysed");
    assert_eq!(analysis.records.len(), STUDENTS);
    println!(
        "read xlsx: median {read_ms:.1} ms (first {first_read_ms:.1} ms); validate: median {analyse_ms:.1} ms"
    );

    rt.block_on(async {
        for t in TestDb::all().await {
            let db = &t.db;
            let school = app::server::demo::load(db).await.expect("demo");
            let actor = ImportActor {
                school_id: school,
                user_id: 1,
                reason: "bench".into(),
                ..Default::default()
            };
            let start = Instant::now();
            let planned = plan(db, school, "bench.xlsx", &file).await.expect("plan");
            let plan_ms = ms(start);
            assert_eq!(planned.preview.new, STUDENTS);
            let start = Instant::now();
            run(db, &actor, planned, false).await.expect("import");
            let write_ms = ms(start);

            let start = Instant::now();
            let again = plan(db, school, "bench.xlsx", &file).await.expect("plan");
            assert_eq!(again.preview.unchanged, STUDENTS);
            run(db, &actor, again, false).await.expect("import");
            let again_ms = ms(start);

            let start = Instant::now();
            let update = plan(db, school, "bench.xlsx", &fixed).await.expect("plan");
            assert_eq!(update.preview.updated, STUDENTS);
            run(db, &actor, update, false).await.expect("import");
            let update_ms = ms(start);
            println!(
                "{}: preview (read + validate + compare) {plan_ms:.0} ms; write {write_ms:.0} ms \
                 (total first import {:.0} ms); same file again {again_ms:.0} ms; \
                 every name corrected {update_ms:.0} ms",
                t.label,
                plan_ms + write_ms
            );
            t.finish().await;
        }
    });
}
