//! Importing students over HTTP: only the school's admins may preview, import or download the
//! template; another school's admin cannot touch this school's students; bad files get a typed,
//! translated refusal and change nothing.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::demo::DEMO_PASSWORD;
use base64::Engine;
use databases::TestDb;
use http::{header, StatusCode};
use serde_json::{json, Value};
use support::TestApp;

const PREVIEW: &str = "/api/admin/students/import/preview";
const RUN: &str = "/api/admin/students/import/run";
const TEMPLATE: &str = "/admin/students/template.xlsx";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn upload(name: &str, bytes: &[u8]) -> Value {
    json!({"file_name": name, "content_base64": b64(bytes)})
}

fn run_body(name: &str, bytes: &[u8], confirm: bool) -> Value {
    json!({"file_name": name, "content_base64": b64(bytes), "confirm_valid_rows": confirm})
}

async fn students(app: &TestApp) -> i64 {
    app::on_db!(app.db(), p => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM students")
        .fetch_one(p).await.expect("count"))
}

const CSV: &str = "Mã học sinh;Họ và tên;Ngày sinh;Giới tính;Lớp\n\
                   HS2026101;Vũ Thị Lan;07/05/2014;Nữ;6A1\n\
                   HS2026102;Đỗ Văn Nam;31/02/2014;Nam;6A1\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_schools_admins_may_import_students_or_get_the_template() {
    on_both!(|app| {
        let before = students(&app).await;
        for user in ["gv.toan", "gvcn.6a1", "hieutruong", "7901692934"] {
            let cookie = app.login(user, DEMO_PASSWORD).await;
            let r = app
                .post_json(PREVIEW, upload("a.csv", CSV.as_bytes()), Some(&cookie))
                .await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{user} preview: {}",
                r.body
            );
            let r = app
                .post_json(RUN, run_body("a.csv", CSV.as_bytes(), true), Some(&cookie))
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} import: {}", r.body);
            let r = app.get_page(TEMPLATE, Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} template");
        }
        let r = app
            .post_json(RUN, run_body("a.csv", CSV.as_bytes(), true), None)
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        assert_eq!(
            app.get_page(TEMPLATE, None).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            students(&app).await,
            before,
            "{}: nothing imported",
            app.t.label
        );

        let admin = app.login("admin", DEMO_PASSWORD).await;
        let t = app.get_page(TEMPLATE, Some(&admin)).await;
        assert_eq!(t.status, StatusCode::OK);
        assert!(t
            .header(header::CONTENT_TYPE)
            .unwrap_or("")
            .contains("spreadsheetml"));
        // The template is itself importable: its header is found, it holds no student.
        let r = app
            .post_json(PREVIEW, upload("mau.xlsx", &t.bytes), Some(&admin))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["rows_read"], 0);
        assert_eq!(r.json()["header_row"], 4);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_previews_then_imports_the_valid_rows_after_confirming() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let before = students(&app).await;
        let preview = app
            .post_json(PREVIEW, upload("ds.csv", CSV.as_bytes()), Some(&admin))
            .await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        let p = preview.json();
        assert_eq!(
            (p["new"].as_u64(), p["problem_rows"].as_u64()),
            (Some(1), Some(1)),
            "{p}"
        );
        assert_eq!(p["problems"][0]["row"], 3);
        assert_eq!(p["problems"][0]["column"], "C");
        assert_eq!(
            p["problems"][0]["kind"],
            json!({"BadDate": {"value": "31/02/2014"}})
        );

        let refused = app
            .post_json(RUN, run_body("ds.csv", CSV.as_bytes(), false), Some(&admin))
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert_eq!(refused.json(), json!({"ImportHasProblems": {"rows": 1}}));
        assert_eq!(
            students(&app).await,
            before,
            "{}: nothing half-imported",
            app.t.label
        );

        let done = app
            .post_json(RUN, run_body("ds.csv", CSV.as_bytes(), true), Some(&admin))
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(done.json()["created"], 1);
        assert_eq!(done.json()["skipped_rows"], 1);
        assert_eq!(students(&app).await, before + 1);

        // The new student is on the class list of 6A1.
        let class_id: i64 = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT id FROM classes WHERE name = '6A1'").fetch_one(p).await.expect("6A1"));
        let roster = app
            .post_form(
                "/api/class_roster",
                &format!("class_id={class_id}"),
                Some(&admin),
            )
            .await
            .json();
        assert!(
            roster["students"]
                .as_array()
                .expect("students")
                .iter()
                .any(|s| s["full_name"] == "Vũ Thị Lan" && s["code"] == "HS2026101"),
            "{roster}"
        );
        let log = app::server::db::audit::latest(app.db(), 1, 20)
            .await
            .expect("audit");
        let summary = log
            .iter()
            .find(|e| e.action == "students_imported")
            .expect("summary audited");
        assert!(
            summary.new_value.as_deref().unwrap_or("").contains("1 new"),
            "{summary:?}"
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_schools_admin_cannot_update_this_schools_students_by_code() {
    on_both!(|app| {
        let foreign = app.admin_of_another_school("OTHER").await;
        let other: i64 = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT id FROM schools WHERE code = 'OTHER'").fetch_one(p).await.expect("school"));
        app::on_db!(app.db(), p => {
            let year: i64 = sqlx::query_scalar("INSERT INTO school_years (school_id, name, start_date, \
                end_date, is_current) VALUES ($1, '2026-2027', $2, $3, TRUE) RETURNING id")
                .bind(other)
                .bind(chrono_date(2026, 9, 5)).bind(chrono_date(2027, 5, 31))
                .fetch_one(p).await.expect("year");
            sqlx::query("INSERT INTO classes (school_id, school_year_id, grade, name) VALUES ($1, $2, 6, '6A1')")
                .bind(other).bind(year).execute(p).await.expect("class");
        });
        let (name, version): (String, i64) = app::on_db!(app.db(), p => sqlx::query_as(
            "SELECT full_name, version FROM students WHERE code = '7901692934'").fetch_one(p).await.expect("s"));
        let csv = "Mã học sinh,Họ và tên,Giới tính,Lớp\n7901692934,Tên Bị Đổi,Nam,6A1\n";
        let p = app
            .post_json(PREVIEW, upload("x.csv", csv.as_bytes()), Some(&foreign))
            .await
            .json();
        assert_eq!(p["problems"][0]["kind"], "CodeOfAnotherSchool", "{p}");
        let r = app
            .post_json(RUN, run_body("x.csv", csv.as_bytes(), true), Some(&foreign))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["created"], 0);
        let after: (String, i64) = app::on_db!(app.db(), p => sqlx::query_as(
            "SELECT full_name, version FROM students WHERE code = '7901692934'").fetch_one(p).await.expect("s"));
        assert_eq!(after, (name, version), "{}: untouched", app.t.label);
    });
}

fn chrono_date(y: i32, m: u32, d: u32) -> sqlx::types::chrono::NaiveDate {
    sqlx::types::chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_are_refused_with_a_typed_error_and_change_nothing() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let before = students(&app).await;
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.resize(2048, 0);
        for (name, bytes, expected) in [
            (
                "a.xlsx",
                b"PK\x03\x04broken".to_vec(),
                json!({"ImportFile": "Corrupt"}),
            ),
            ("a.xlsx", ole, json!({"ImportFile": "Encrypted"})),
            ("a.xlsx", Vec::new(), json!({"ImportFile": "Empty"})),
            (
                "a.pdf",
                b"%PDF".to_vec(),
                json!({"ImportFile": "UnsupportedFormat"}),
            ),
            (
                "a.csv",
                b"x,y\n1,2\n".to_vec(),
                json!({"ImportFile": "NoHeader"}),
            ),
        ] {
            let r = app
                .post_json(RUN, run_body(name, &bytes, true), Some(&admin))
                .await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{name}: {}", r.body);
            assert_eq!(r.json(), expected, "{name}");
        }
        // Just over the limit: refused as too large before decoding. Far over it: refused by the
        // server's body limit, still as a client error.
        let huge = "a".repeat(app::server::imports::MAX_FILE_BYTES / 3 * 4 + 100);
        let r = app
            .post_json(
                RUN,
                json!({"file_name": "a.csv", "content_base64": huge, "confirm_valid_rows": true}),
                Some(&admin),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            &r.body[..r.body.len().min(200)]
        );
        let far = "a".repeat(7 * 1024 * 1024);
        let r = app
            .post_json(
                RUN,
                json!({"file_name": "a.csv", "content_base64": far, "confirm_valid_rows": true}),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let r = app
            .post_json(
                RUN,
                json!({"file_name": "a.csv", "content_base64": "%%%", "confirm_valid_rows": true}),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(students(&app).await, before, "{}", app.t.label);
    });
}
