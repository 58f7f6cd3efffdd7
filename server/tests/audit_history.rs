//! The audit history's views over HTTP on both databases: one cell's history from the grid,
//! one student's record history, and the principal's filtered log with its `.xlsx` download;
//! each refused to those who may not see it (another school, a teacher not assigned, a parent).
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::domain::audit_kind::AuditKind;
use app::domain::role::Role;
use app::server::db::accounts;
use app::server::demo::DEMO_PASSWORD;
use calamine::{Data, Reader, Xlsx};
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

async fn id(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(app.db(), p => sqlx::query_scalar(sql).fetch_one(p).await).expect(sql)
}

struct Sheet {
    class: i64,
    math: i64,
    other_subject: i64,
    semester_id: i64,
    student: i64,
    version: i64,
    outsider: i64,
}

async fn sheet(app: &TestApp, teacher: &str) -> Sheet {
    let class = id(app, "SELECT id FROM classes WHERE name = '6A1'").await;
    let math = id(app, "SELECT id FROM subjects WHERE code = 'TOAN'").await;
    let other_subject = id(
        app,
        "SELECT s.id FROM subjects s JOIN subject_grade_levels g ON g.subject_id = s.id \
         WHERE g.grade = 6 AND s.code <> 'TOAN' ORDER BY s.id LIMIT 1",
    )
    .await;
    let outsider = id(
        app,
        "SELECT e.student_id FROM enrolments e JOIN classes c ON c.id = e.class_id \
         WHERE c.name = '7A1' ORDER BY e.student_id LIMIT 1",
    )
    .await;
    let grid = app
        .post_form(
            "/api/grade_grid",
            &format!("class_id={class}&subject_id={math}&semester=1"),
            Some(teacher),
        )
        .await;
    assert_eq!(grid.status, StatusCode::OK, "{}", grid.body);
    let grid = grid.json();
    let row = &grid["rows"][0];
    Sheet {
        class,
        math,
        other_subject,
        semester_id: grid["semester_id"].as_i64().expect("semester"),
        student: row["student_id"].as_i64().expect("student"),
        version: row["regular"][0]["version"].as_i64().expect("version"),
        outsider,
    }
}

async fn save_score(app: &TestApp, cookie: &str, s: &Sheet, value: &str, version: i64) -> i64 {
    let r = app
        .post_json(
            "/api/grade_grid/save",
            json!({"class_id": s.class, "subject_id": s.math, "semester_id": s.semester_id,
                   "source": "Typing",
                   "cells": [{"student_id": s.student, "kind": "Regular", "slot": 1,
                              "value": value, "expected_version": version}]}),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()[0]["Saved"]["version"].as_i64().expect("saved")
}

async fn save_comment(
    app: &TestApp,
    cookie: &str,
    s: &Sheet,
    subject: i64,
    text: &str,
    version: i64,
) -> i64 {
    let r = app
        .post_json(
            "/api/grade_grid/comment",
            json!({"class_id": s.class, "subject_id": subject, "semester_id": s.semester_id,
                   "student_id": s.student, "comment": text, "expected_version": version}),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["Saved"]["version"].as_i64().expect("saved")
}

/// A teacher of the school with no class or subject assigned.
async fn unassigned_teacher(app: &TestApp) -> String {
    let school = id(app, "SELECT id FROM schools ORDER BY id LIMIT 1").await;
    let hash = app::server::auth::hash_password("unassigned-pw1".into())
        .await
        .expect("hash");
    accounts::create_user(
        app.db(),
        &accounts::NewUser {
            school_id: school,
            username: "gv.moi",
            full_name: "Giáo Viên Mới",
            email: None,
            password_hash: &hash,
            must_change_password: false,
            roles: &[Role::SubjectTeacher],
        },
    )
    .await
    .expect("teacher");
    app.login("gv.moi", "unassigned-pw1").await
}

fn cell_body(s: &Sheet, student: i64, column: Value) -> Value {
    json!({"class_id": s.class, "subject_id": s.math, "semester": 1, "student_id": student,
           "column": column})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cells_history_shows_old_and_new_newest_first_to_those_who_see_the_sheet() {
    on_both!(|app| {
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let s = sheet(&app, &teacher).await;
        let v = save_score(&app, &teacher, &s, "7", s.version).await;
        save_score(&app, &teacher, &s, "8,5", v).await;
        let c = save_comment(&app, &teacher, &s, s.math, "Chăm chỉ", 0).await;
        save_comment(&app, &teacher, &s, s.math, "Tiến bộ rõ", c).await;

        let r = app
            .post_json(
                "/api/audit/cell",
                cell_body(&s, s.student, json!({"Regular": 1})),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let lines = r.json();
        let lines = lines.as_array().expect("lines");
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines[0]["new_value"], json!("8.5"));
        assert_eq!(lines[0]["old_value"], json!("7"));
        assert_eq!(lines[1]["new_value"], json!("7"));
        assert!(
            lines[0]["id"].as_i64() > lines[1]["id"].as_i64(),
            "newest first"
        );
        assert!(
            lines[0]["actor"].as_str().unwrap_or("").contains("gv.toan"),
            "{}",
            lines[0]
        );
        assert_eq!(lines[0]["source"], json!("typing"));
        assert_eq!(lines[0]["kind"], json!("Scores"));
        assert!(
            !lines[0]["request_id"].as_str().unwrap_or("").is_empty(),
            "request id kept"
        );

        let comments = app
            .post_json(
                "/api/audit/cell",
                cell_body(&s, s.student, json!("Comment")),
                Some(&teacher),
            )
            .await
            .json();
        assert_eq!(comments[0]["old_value"], json!("Chăm chỉ"), "{comments}");
        assert_eq!(comments[0]["new_value"], json!("Tiến bộ rõ"));
        assert_eq!(comments[1]["old_value"], Value::Null);
        assert_eq!(comments[0]["kind"], json!("Comments"));

        // Those who may see the sheet: the homeroom teacher and the principal.
        for who in ["gvcn.6a1", "hieutruong"] {
            let cookie = app.login(who, DEMO_PASSWORD).await;
            let r = app
                .post_json(
                    "/api/audit/cell",
                    cell_body(&s, s.student, json!({"Regular": 1})),
                    Some(&cookie),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{who}: {}", r.body);
            assert_eq!(r.json()[0]["new_value"], json!("8.5"), "{who}");
        }
        // Not: a parent, a teacher not assigned, another school's admin; nor a student of
        // another class asked through this sheet.
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        let stranger = unassigned_teacher(&app).await;
        let other_school = app.admin_of_another_school("KHAC").await;
        for (who, cookie, status) in [
            ("parent", &parent, StatusCode::FORBIDDEN),
            ("unassigned teacher", &stranger, StatusCode::FORBIDDEN),
            ("another school", &other_school, StatusCode::NOT_FOUND),
        ] {
            let r = app
                .post_json(
                    "/api/audit/cell",
                    cell_body(&s, s.student, json!({"Regular": 1})),
                    Some(cookie),
                )
                .await;
            assert_eq!(r.status, status, "{}: {who}: {}", app.t.label, r.body);
            assert!(!r.body.contains("8.5"), "{who}");
        }
        let r = app
            .post_json(
                "/api/audit/cell",
                cell_body(&s, s.outsider, json!({"Regular": 1})),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_students_history_is_for_the_board_and_homeroom_and_a_subject_teacher_sees_their_subject()
{
    on_both!(|app| {
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let s = sheet(&app, &teacher).await;
        save_score(&app, &teacher, &s, "6", s.version).await;
        save_comment(&app, &admin, &s, s.other_subject, "Đọc tốt", 0).await;
        let body = json!({"student_id": s.student, "before": null});

        for who in ["hieutruong", "admin", "gvcn.6a1"] {
            let cookie = app.login(who, DEMO_PASSWORD).await;
            let r = app
                .post_json("/api/audit/student", body.clone(), Some(&cookie))
                .await;
            assert_eq!(
                r.status,
                StatusCode::OK,
                "{}: {who}: {}",
                app.t.label,
                r.body
            );
            let h = r.json();
            assert_eq!(h["complete"], json!(true), "{who}");
            let lines = h["page"]["lines"].as_array().expect("lines").clone();
            assert!(
                lines.iter().any(|l| l["new_value"] == json!("6")),
                "{who}: {lines:?}"
            );
            assert!(
                lines.iter().any(|l| l["new_value"] == json!("Đọc tốt")),
                "{who}"
            );
        }

        let r = app
            .post_json("/api/audit/student", body.clone(), Some(&teacher))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let h = r.json();
        assert_eq!(h["complete"], json!(false));
        let lines = h["page"]["lines"].as_array().expect("lines").clone();
        assert!(
            lines.iter().any(|l| l["new_value"] == json!("6")),
            "{lines:?}"
        );
        assert!(
            !r.body.contains("Đọc tốt"),
            "another subject's comment is not the math teacher's"
        );

        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        let stranger = unassigned_teacher(&app).await;
        let other_school = app.admin_of_another_school("KHAC").await;
        for (who, cookie, status) in [
            ("parent", &parent, StatusCode::FORBIDDEN),
            ("unassigned teacher", &stranger, StatusCode::FORBIDDEN),
            ("another school", &other_school, StatusCode::NOT_FOUND),
        ] {
            let r = app
                .post_json("/api/audit/student", body.clone(), Some(cookie))
                .await;
            assert_eq!(r.status, status, "{}: {who}: {}", app.t.label, r.body);
        }
        // The page is linked from the record and answers for the board.
        let page = app
            .get_page(&format!("/students/{}/history", s.student), Some(&admin))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Đọc tốt"), "rendered on the server");
    });
}

/// Every entry of the school, newest first: (id, at, actor, action, entity, class).
type Entry = (i64, i64, Option<i64>, String, String, Option<i64>);

async fn all_entries(app: &TestApp, school: i64) -> Vec<Entry> {
    app::on_db!(app.db(), p => sqlx::query_as(
        "SELECT id, at, actor_user_id, action, entity, class_id FROM audit_log \
         WHERE school_id = $1 ORDER BY id DESC")
        .bind(school).fetch_all(p).await)
    .expect("entries")
}

/// Every id the log shows for `query`, following the pages.
async fn log_ids(app: &TestApp, cookie: &str, query: Value) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut before = Value::Null;
    loop {
        let r = app
            .post_json(
                "/api/audit/log",
                json!({"query": query, "before": before}),
                Some(cookie),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{}: {query}: {}",
            app.t.label,
            r.body
        );
        let page = r.json();
        for l in page["lines"].as_array().expect("lines") {
            ids.push(l["id"].as_i64().expect("id"));
        }
        before = page["next"].clone();
        if before.is_null() {
            return ids;
        }
    }
}

/// `dd/mm/yyyy` in Vietnam, `days` from today.
fn vietnam_day(days: i64) -> String {
    let at = app::server::db::now() + days * 86_400;
    app::ui::format::date_time(at)[..10].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_filters_return_exactly_the_matching_entries_page_by_page() {
    on_both!(|app| {
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let s = sheet(&app, &teacher).await;
        let mut v = s.version;
        for value in ["5", "6", "7", "8", "9", "10"] {
            v = save_score(&app, &teacher, &s, value, v).await;
        }
        save_comment(&app, &teacher, &s, s.math, "Khá", 0).await;
        let list = app
            .get_page(&format!("/classes/{}/list.xlsx", s.class), Some(&teacher))
            .await;
        assert_eq!(list.status, StatusCode::OK);
        // Enough sign-ins to need more than one page.
        for _ in 0..45 {
            app.login("gvcn.6a1", DEMO_PASSWORD).await;
        }
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let school = id(&app, "SELECT school_id FROM classes WHERE name = '6A1'").await;
        let gv_toan = id(&app, "SELECT id FROM users WHERE username = 'gv.toan'").await;
        let entries = all_entries(&app, school).await;
        assert!(entries.len() > 50, "{}", entries.len());

        let expect = |keep: &dyn Fn(&Entry) -> bool| -> Vec<i64> {
            entries.iter().filter(|e| keep(e)).map(|e| e.0).collect()
        };
        let everything = log_ids(&app, &principal, json!({})).await;
        // The principal's own reads add no entries; the list is exactly the table, in order.
        assert_eq!(everything, expect(&|_| true), "{}", app.t.label);

        let by_person = log_ids(&app, &principal, json!({"person": gv_toan})).await;
        assert_eq!(by_person, expect(&|e| e.2 == Some(gv_toan)));
        assert!(
            by_person.len() >= 9,
            "6 scores, a comment, a download, a login"
        );

        let by_class = log_ids(&app, &principal, json!({"class_id": s.class})).await;
        assert_eq!(by_class, expect(&|e| e.5 == Some(s.class)));
        assert!(by_class.len() >= 8);

        for kind in AuditKind::ALL {
            let got = log_ids(&app, &principal, json!({"kind": kind})).await;
            assert_eq!(
                got,
                expect(&|e| AuditKind::of(&e.3, &e.4) == kind),
                "{kind:?}"
            );
        }
        let logins = log_ids(&app, &principal, json!({"kind": "Logins"})).await;
        assert!(logins.len() >= 47, "{}", logins.len());

        let both = log_ids(
            &app,
            &principal,
            json!({"person": gv_toan, "class_id": s.class, "kind": "Scores"}),
        )
        .await;
        assert_eq!(both.len(), 6, "the six score changes");

        let today = vietnam_day(0);
        let dated = log_ids(&app, &principal, json!({"from": today, "to": today})).await;
        assert_eq!(dated, everything, "everything happened today");
        let tomorrow = vietnam_day(1);
        assert!(log_ids(&app, &principal, json!({"from": tomorrow}))
            .await
            .is_empty());
        let backwards = app
            .post_json(
                "/api/audit/log",
                json!({"query": {"from": tomorrow, "to": today}, "before": null}),
                Some(&principal),
            )
            .await;
        assert_eq!(
            backwards.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            backwards.body
        );
        let bad = app
            .post_json(
                "/api/audit/log",
                json!({"query": {"from": "31/02/2026"}, "before": null}),
                Some(&principal),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);

        // Only the principal and the admin; another school's admin sees only their school.
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        for cookie in [&teacher, &parent] {
            let r = app
                .post_json(
                    "/api/audit/log",
                    json!({"query": {}, "before": null}),
                    Some(cookie),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        }
        let other = app.admin_of_another_school("KHAC").await;
        let theirs = log_ids(&app, &other, json!({})).await;
        assert!(theirs.iter().all(|i| !everything.contains(i)), "{theirs:?}");
        let theirs = log_ids(&app, &other, json!({"person": gv_toan})).await;
        assert!(theirs.is_empty());
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_filtered_log_downloads_as_xlsx_and_the_download_is_itself_logged() {
    on_both!(|app| {
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let s = sheet(&app, &teacher).await;
        let v = save_score(&app, &teacher, &s, "4", s.version).await;
        save_score(&app, &teacher, &s, "4,5", v).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let gv_toan = id(&app, "SELECT id FROM users WHERE username = 'gv.toan'").await;
        let expected = log_ids(&app, &principal, json!({"person": gv_toan})).await;

        let r = app
            .get_page(
                &format!("/admin/audit.xlsx?person={gv_toan}"),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(r.bytes)).expect("a valid xlsx");
        let name = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&name).expect("sheet");
        let cell = |row: u32, col: u32| {
            range
                .get_value((row, col))
                .map(|v: &Data| v.to_string())
                .unwrap_or_default()
        };
        assert!(cell(0, 0).contains("Nhật ký"), "{}", cell(0, 0));
        assert_eq!(cell(2, 1), "Người thực hiện");
        let rows: Vec<u32> = (3..range.height() as u32)
            .filter(|r| !cell(*r, 0).is_empty())
            .collect();
        assert_eq!(rows.len(), expected.len(), "one row per entry");
        for r in &rows {
            assert!(cell(*r, 1).contains("gv.toan"), "row {r}: {}", cell(*r, 1));
        }
        assert_eq!(cell(3, 5), "4", "newest first: old value");
        assert_eq!(cell(3, 6), "4.5", "new value");

        let exports = log_ids(&app, &principal, json!({"kind": "Exports"})).await;
        let newest = app
            .post_json(
                "/api/audit/log",
                json!({"query": {"kind": "Exports"}, "before": null}),
                Some(&principal),
            )
            .await
            .json();
        assert!(!exports.is_empty());
        assert_eq!(newest["lines"][0]["entity"], json!("audit_log"));
        assert!(newest["lines"][0]["actor"]
            .as_str()
            .unwrap_or("")
            .contains("hieutruong"));

        for cookie in [&teacher, &app.login("7901692934", DEMO_PASSWORD).await] {
            let r = app.get_page("/admin/audit.xlsx", Some(cookie)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        }
        let r = app
            .get_page("/admin/audit.xlsx?kind=everything", Some(&principal))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    });
}

/// The newest entry with `action` by `username`: (entity, request id, source, student, class).
async fn entry_of(
    app: &TestApp,
    action: &str,
    username: &str,
) -> Option<(String, String, String, Option<i64>, Option<i64>)> {
    app::on_db!(app.db(), p => sqlx::query_as(
        "SELECT a.entity, a.request_id, a.source, a.student_id, a.class_id FROM audit_log a \
         JOIN users u ON u.id = a.actor_user_id WHERE a.action = $1 AND u.username = $2 \
         ORDER BY a.id DESC LIMIT 1")
        .bind(action).bind(username).fetch_optional(p).await)
    .expect("entry")
}

/// Every kind of change leaves its row, with who, the request id and what it is about: drop
/// one audit call and this fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_path_writes_an_audit_row_with_who_source_and_request_id() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let class_6a1 = id(&app, "SELECT id FROM classes WHERE name = '6A1'").await;
        let class_6a2 = id(&app, "SELECT id FROM classes WHERE name = '6A2'").await;
        let toan = id(&app, "SELECT id FROM subjects WHERE code = 'TOAN'").await;
        let gv_toan = id(&app, "SELECT id FROM users WHERE username = 'gv.toan'").await;
        let ok = |r: &support::Reply, what: &str| {
            assert!(
                r.status.is_success(),
                "{}: {what}: {} {}",
                app.t.label,
                r.status,
                r.body
            )
        };

        // Accounts.
        let r = app
            .post_json("/api/admin/create_user", json!({"username": "gv.hai", "full_name": "Giáo Viên Hai", "roles": ["SubjectTeacher"]}), Some(&admin))
            .await;
        ok(&r, "create user");
        let user = id(&app, "SELECT id FROM users WHERE username = 'gv.hai'").await;
        for (path, body) in [
            (
                "/api/admin/set_roles",
                json!({"user_id": user, "roles": ["SubjectTeacher", "HomeroomTeacher"]}),
            ),
            ("/api/admin/reset_password", json!({"user_id": user})),
            (
                "/api/admin/set_active",
                json!({"user_id": user, "active": false}),
            ),
            // Structure.
            (
                "/api/admin/subject/save",
                json!({"subject_id": null, "code": "X1", "name": "Môn thử", "kind": "scored"}),
            ),
            (
                "/api/admin/class/save",
                json!({"class_id": null, "year_id": 1, "name": "6A8", "grade": 6, "homeroom_teacher_id": null}),
            ),
            (
                "/api/admin/class/assign",
                json!({"class_id": class_6a1, "subject_id": toan, "teacher_id": gv_toan}),
            ),
        ] {
            let r = app.post_json(path, body, Some(&admin)).await;
            ok(&r, path);
        }
        // Student records and enrolments.
        let r = app.post_json("/api/admin/student/create", json!({
            "form": {"code": "A000000001", "full_name": "Lê Thị Ánh", "date_of_birth": "03/02/2014",
                     "gender": "Nữ", "ethnicity": "Kinh", "religion": "", "nationality": "",
                     "national_id": "", "place_of_birth": "", "hometown": "", "address": "",
                     "current_address": "", "policy_group": ""},
            "admission": {"class_id": class_6a1, "transfer_in": false, "date": "2026-10-01", "other_school": ""}}),
            Some(&admin)).await;
        ok(&r, "create student");
        let student = r.json().as_i64().expect("student id");
        let r = app.post_json("/api/admin/student/move", json!({"student_id": student, "movement": "ChangeClass",
            "form": {"class_id": class_6a2, "date": "2026-11-02", "other_school": "", "reason": "Nguyện vọng"}}),
            Some(&admin)).await;
        ok(&r, "move");
        // Scores and comments, an export, a sign-out.
        let s = sheet(&app, &teacher).await;
        save_score(&app, &teacher, &s, "9", s.version).await;
        save_comment(&app, &teacher, &s, s.math, "Tốt", 0).await;
        let r = app
            .get_page(&format!("/classes/{class_6a1}/list.xlsx"), Some(&teacher))
            .await;
        ok(&r, "export");
        let r = app.post_form("/api/logout", "", Some(&teacher)).await;
        ok(&r, "logout");

        let expected: [(&str, &str, &str); 16] = [
            ("user_created", "admin", "user"),
            ("roles_changed", "admin", "user"),
            ("password_reset", "admin", "user"),
            ("user_disabled", "admin", "user"),
            ("subject_created", "admin", "subject"),
            ("class_created", "admin", "class"),
            ("teaching_assigned", "admin", "teaching_assignment"),
            ("student_created", "admin", "student"),
            ("student_enrolled", "admin", "student"),
            ("student_changed_class", "admin", "student"),
            ("create", "gv.toan", "assessment_score"),
            ("create", "gv.toan", "subject_comment"),
            ("export", "gv.toan", "class_list"),
            ("login", "gv.toan", "session"),
            ("logout", "gv.toan", "session"),
            ("login", "admin", "session"),
        ];
        for (action, who, entity) in expected {
            let found = entry_of(&app, action, who).await;
            let Some((e, request_id, source, student_id, class_id)) = found else {
                panic!("{}: no `{action}` entry by {who}", app.t.label);
            };
            if action == "create" {
                assert!(e == "assessment_score" || e == "subject_comment", "{e}");
            } else {
                assert_eq!(e, entity, "{action}");
            }
            assert!(
                !request_id.is_empty(),
                "{}: `{action}` has no request id",
                app.t.label
            );
            assert!(!source.is_empty(), "{action}");
            if entity == "student" {
                assert_eq!(student_id, Some(student), "{action} names the student");
            }
            if matches!(
                entity,
                "assessment_score" | "subject_comment" | "class_list"
            ) {
                assert_eq!(class_id, Some(class_6a1), "{action} names the class");
            }
        }
        let comment_row: (Option<i64>, Option<i64>, Option<i64>, Option<i64>) =
            app::on_db!(app.db(), p => sqlx::query_as(
            "SELECT student_id, class_id, subject_id, semester_id FROM audit_log \
             WHERE entity = 'subject_comment' ORDER BY id DESC LIMIT 1").fetch_one(p).await)
            .expect("row");
        assert_eq!(
            comment_row,
            (
                Some(s.student),
                Some(s.class),
                Some(s.math),
                Some(s.semester_id)
            )
        );
        let score_row: (Option<i64>, Option<i64>, Option<i64>, Option<i64>) =
            app::on_db!(app.db(), p => sqlx::query_as(
            "SELECT student_id, class_id, subject_id, semester_id FROM audit_log \
             WHERE entity = 'assessment_score' ORDER BY id DESC LIMIT 1").fetch_one(p).await)
            .expect("row");
        assert_eq!(
            score_row,
            (
                Some(s.student),
                Some(s.class),
                Some(s.math),
                Some(s.semester_id)
            )
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_opening_a_students_record_is_logged_with_who_and_from_where() {
    on_both!(|app| {
        let student = id(&app, "SELECT MIN(id) FROM students").await;
        let views_sql = format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'view' AND student_id = {student}"
        );
        let before = id(&app, &views_sql).await;
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        for cookie in [&admin, &principal] {
            let r = app
                .post_form(
                    "/api/admin/student",
                    &format!("student_id={student}"),
                    Some(cookie),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        }
        let r = app
            .post_json(
                "/api/audit/student",
                json!({"student_id": student, "before": null}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(id(&app, &views_sql).await, before + 3, "{}", app.t.label);
        let who = id(
            &app,
            &format!(
                "SELECT COUNT(DISTINCT actor_user_id) FROM audit_log \
                 WHERE action = 'view' AND student_id = {student} AND ip <> ''"
            ),
        )
        .await;
        assert_eq!(who, 2, "who and from where: {}", app.t.label);

        // A parent may not open it, and a refused look leaves no view behind.
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        let r = app
            .post_form(
                "/api/admin/student",
                &format!("student_id={student}"),
                Some(&parent),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        assert_eq!(id(&app, &views_sql).await, before + 3);

        // The principal finds them in the log, under downloads and record views.
        let r = app
            .post_json(
                "/api/audit/log",
                json!({"query": {"person": null, "class_id": null, "from": null, "to": null,
                                 "kind": "Exports"}, "before": null}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let lines = r.json()["lines"].as_array().expect("lines").clone();
        let entity_id = student.to_string();
        let views: Vec<&Value> = lines
            .iter()
            .filter(|l| l["action"] == "view" && l["entity_id"].as_str() == Some(&entity_id))
            .collect();
        assert_eq!(views.len(), 3, "{}: {}", app.t.label, r.body);
        assert!(views.iter().all(|l| l["kind"] == "Exports"));
    });
}
