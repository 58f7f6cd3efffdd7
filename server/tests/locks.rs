//! Entry deadlines and locks over HTTP on both databases: a locked or past-deadline sheet
//! refuses the grid's saves, comments and the integration API for everyone (nothing written,
//! audit unchanged), an unlock reopens it, locks elsewhere leave it open, and only this
//! school's principal or admin sets them.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::auth::token_hash;
use app::server::db::{accounts, api_tokens};
use app::server::demo::DEMO_PASSWORD;
use axum::body::Body;
use databases::TestDb;
use http::{header, Request, StatusCode};
use serde_json::{json, Value};
use support::{Reply, TestApp, HOST};

async fn id(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(app.db(), p => sqlx::query_scalar(sql).fetch_one(p).await).expect(sql)
}

async fn audit_rows(app: &TestApp) -> i64 {
    id(app, "SELECT COUNT(*) FROM audit_log").await
}

struct Ids {
    class_6a1: i64,
    class_7a1: i64,
    toan: i64,
    semester1: i64,
    semester2: i64,
}

async fn ids(app: &TestApp) -> Ids {
    let year = "(SELECT id FROM school_years WHERE is_current = TRUE)";
    Ids {
        class_6a1: id(app, "SELECT id FROM classes WHERE name = '6A1'").await,
        class_7a1: id(app, "SELECT id FROM classes WHERE name = '7A1'").await,
        toan: id(app, "SELECT id FROM subjects WHERE code = 'TOAN'").await,
        semester1: id(
            app,
            &format!("SELECT id FROM semesters WHERE number = 1 AND school_year_id = {year}"),
        )
        .await,
        semester2: id(
            app,
            &format!("SELECT id FROM semesters WHERE number = 2 AND school_year_id = {year}"),
        )
        .await,
    }
}

async fn grid(app: &TestApp, ids: &Ids, class: i64, semester: i64, cookie: &str) -> Value {
    let r = app
        .post_form(
            "/api/grade_grid",
            &format!(
                "class_id={class}&subject_id={}&semester={semester}",
                ids.toan
            ),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// Saves the first student's mid-term score as `value` over the version seen in `g`.
async fn save_midterm(
    app: &TestApp,
    ids: &Ids,
    g: &Value,
    semester_id: i64,
    value: &str,
    cookie: &str,
) -> Reply {
    let row = &g["rows"][0];
    app.post_json(
        "/api/grade_grid/save",
        json!({"class_id": g["class_id"], "subject_id": ids.toan, "semester_id": semester_id,
               "source": "Typing", "cells": [{"student_id": row["student_id"], "kind": "Midterm",
               "slot": 1, "value": value, "expected_version": row["midterm"]["version"]}]}),
        Some(cookie),
    )
    .await
}

async fn save_comment(
    app: &TestApp,
    ids: &Ids,
    g: &Value,
    semester_id: i64,
    cookie: &str,
) -> Reply {
    let row = &g["rows"][0];
    app.post_json(
        "/api/grade_grid/comment",
        json!({"class_id": g["class_id"], "subject_id": ids.toan, "semester_id": semester_id,
               "student_id": row["student_id"], "comment": "Tiến bộ",
               "expected_version": row["comment_version"]}),
        Some(cookie),
    )
    .await
}

async fn lock(app: &TestApp, body: Value, cookie: &str) -> Reply {
    app.post_json("/api/locks/lock", body, Some(cookie)).await
}

async fn api_token(app: &TestApp, username: &str) -> String {
    let user = accounts::find_by_username(app.db(), username)
        .await
        .expect("find")
        .expect("user");
    let token = format!("hocba_test_{username}_{}", rand::random::<u64>());
    api_tokens::create(
        app.db(),
        &api_tokens::NewToken {
            school_id: user.school_id,
            user_id: user.id,
            name: "test",
            token_hash: &token_hash(&token),
            scopes: "scores:write",
            expires_at: None,
        },
    )
    .await
    .expect("token");
    token
}

async fn api_post_score(app: &TestApp, token: &str, item: Value) -> Reply {
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/scores")
        .header(header::HOST, HOST)
        .header(header::ACCEPT, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"items": [item]}).to_string()))
        .expect("request");
    app.send(req, [10, 0, 0, 9]).await
}

/// Today's date in Vietnam, shifted by `days`.
fn vietnam_day(days: i64) -> String {
    app::domain::entry_window::vietnam_date(app::server::db::now() + days * 86_400)
        .expect("date")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_semester_refuses_every_write_for_everyone_until_unlocked() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let g = grid(&app, &ids, ids.class_6a1, 1, &teacher).await;
        assert_eq!(g["can_edit"], json!(true));
        assert_eq!(g["closure"], Value::Null);
        let r = save_midterm(&app, &ids, &g, ids.semester1, "7", &teacher).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let g = grid(&app, &ids, ids.class_6a1, 1, &teacher).await;

        let r = lock(
            &app,
            json!({"semester_id": ids.semester1, "scope": "class", "grade": null,
            "class_id": ids.class_6a1, "reason": "Đã duyệt kết quả HK I"}),
            &principal,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let lock_id = r.json().as_i64().expect("lock id");

        let before = audit_rows(&app).await;
        for who in [&teacher, &admin] {
            let r = save_midterm(&app, &ids, &g, ids.semester1, "9", who).await;
            assert_eq!(r.status.as_u16(), 423, "{}: {}", app.t.label, r.body);
            assert!(r.body.contains("EntryClosed"), "{}", r.body);
            assert!(r.body.contains("Đã duyệt kết quả HK I"), "{}", r.body);
            let r = save_comment(&app, &ids, &g, ids.semester1, who).await;
            assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        }
        let token = api_token(&app, "gv.toan").await;
        let item = json!({"class_id": ids.class_6a1, "subject_id": ids.toan,
            "semester_id": ids.semester1, "student_id": g["rows"][0]["student_id"],
            "kind": "midterm", "slot": 1, "value": "9",
            "expected_version": g["rows"][0]["midterm"]["version"]});
        let r = api_post_score(&app, &token, item.clone()).await;
        assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        assert_eq!(
            r.json()["error"]["code"],
            json!("entry_closed"),
            "{}",
            r.body
        );
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("Semester I was locked")),
            "{}",
            r.body
        );
        assert_eq!(audit_rows(&app).await, before, "refusals write nothing");

        // The grid says why, read-only for the teacher; the other semester stays open.
        let closed = grid(&app, &ids, ids.class_6a1, 1, &teacher).await;
        assert_eq!(closed["can_edit"], json!(false));
        assert_eq!(
            closed["closure"]["Locked"]["reason"],
            json!("Đã duyệt kết quả HK I")
        );
        assert_eq!(
            closed["rows"][0]["midterm"], g["rows"][0]["midterm"],
            "nothing written"
        );
        let second = grid(&app, &ids, ids.class_6a1, 2, &teacher).await;
        assert_eq!(second["can_edit"], json!(true));

        // Unlocking is a recorded act with a reason, and reopens the sheet.
        let r = app
            .post_json(
                "/api/locks/unlock",
                json!({"lock_id": lock_id, "reason": ""}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status.as_u16(), 422, "a reason is required: {}", r.body);
        let r = app
            .post_json(
                "/api/locks/unlock",
                json!({"lock_id": lock_id, "reason": "Sửa điểm phúc khảo"}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = app
            .post_json(
                "/api/locks/unlock",
                json!({"lock_id": lock_id, "reason": "lần nữa"}),
                Some(&principal),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "already unlocked: {}",
            r.body
        );
        let r = api_post_score(&app, &token, item).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let actions: Vec<(String, Option<String>)> = app::on_db!(app.db(), p => sqlx::query_as(
            "SELECT action, reason FROM audit_log WHERE entity = 'entry_lock' ORDER BY id")
            .fetch_all(p).await)
        .expect("audit");
        assert_eq!(
            actions,
            [
                (
                    "entry_locked".to_string(),
                    Some("Đã duyệt kết quả HK I".to_string())
                ),
                (
                    "entry_unlocked".to_string(),
                    Some("Sửa điểm phúc khảo".to_string())
                ),
            ]
        );
        let page = app.post_form("/api/locks", "", Some(&principal)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let page = page.json();
        assert_eq!(
            page["locks"][0]["unlock_reason"],
            json!("Sửa điểm phúc khảo")
        );
        assert!(page["locks"][0]["unlocked_by"].is_string(), "{page}");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn year_locks_cover_both_semesters_and_locks_elsewhere_leave_the_sheet_open() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let admin = app.login("admin", DEMO_PASSWORD).await;
        for body in [
            json!({"semester_id": ids.semester1, "scope": "class", "class_id": ids.class_7a1, "reason": "7A1"}),
            json!({"semester_id": null, "scope": "grade", "grade": 7, "reason": "khối 7"}),
            json!({"semester_id": ids.semester1, "scope": "grade", "grade": 9, "reason": "khối 9"}),
        ] {
            let r = lock(&app, body, &admin).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        let g = grid(&app, &ids, ids.class_6a1, 1, &teacher).await;
        assert_eq!(g["can_edit"], json!(true), "{}", g["closure"]);
        let r = save_midterm(&app, &ids, &g, ids.semester1, "6", &teacher).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);

        // A year lock of the school closes both semesters.
        let r = lock(
            &app,
            json!({"semester_id": null, "scope": "school", "reason": "Cuối năm"}),
            &admin,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        for (number, semester) in [(1, ids.semester1), (2, ids.semester2)] {
            let g = grid(&app, &ids, ids.class_6a1, number, &teacher).await;
            assert_eq!(g["can_edit"], json!(false));
            assert_eq!(g["closure"]["Locked"]["semester_id"], Value::Null);
            let r = save_midterm(&app, &ids, &g, semester, "8", &teacher).await;
            assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passed_deadline_closes_entry_and_a_grades_own_deadline_overrides_the_schools() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let set = |grade: Option<i64>, date: String| {
            let app = &app;
            let principal = principal.clone();
            let body = json!({"semester_id": ids.semester1, "grade": grade, "date": date});
            async move {
                app.post_json("/api/locks/deadline", body, Some(&principal))
                    .await
            }
        };
        // Today is still open: entry closes at the end of the day.
        let r = set(None, vietnam_day(0)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let g = grid(&app, &ids, ids.class_6a1, 1, &teacher).await;
        assert_eq!(g["can_edit"], json!(true));

        let r = set(None, vietnam_day(-1)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let before = audit_rows(&app).await;
        let r = save_midterm(&app, &ids, &g, ids.semester1, "5", &teacher).await;
        assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        assert!(r.body.contains("DeadlinePassed"), "{}", r.body);
        let r = save_comment(&app, &ids, &g, ids.semester1, &teacher).await;
        assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        assert_eq!(audit_rows(&app).await, before);

        // Grade 6 gets a later deadline of its own: open again for 6A1, not for grade 7.
        let r = set(Some(6), vietnam_day(3)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = save_midterm(&app, &ids, &g, ids.semester1, "5", &teacher).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let g7 = grid(&app, &ids, ids.class_7a1, 1, &admin).await;
        assert_eq!(g7["can_edit"], json!(false));
        assert_eq!(g7["closure"]["DeadlinePassed"]["grade"], Value::Null);

        // Bad input: a date that is not one, a grade the school does not have.
        let r = set(None, "31/12/2026".into()).await;
        assert_eq!(r.status.as_u16(), 422, "{}", r.body);
        let r = set(Some(3), vietnam_day(1)).await;
        assert_eq!(r.status.as_u16(), 422, "{}", r.body);

        // Clearing the school's deadline is audited too.
        let r = app
            .post_json(
                "/api/locks/deadline/clear",
                json!({"semester_id": ids.semester1, "grade": null}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let g7 = grid(&app, &ids, ids.class_7a1, 1, &admin).await;
        assert_eq!(g7["can_edit"], json!(true));
        let n = id(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'entry_deadline'",
        )
        .await;
        assert_eq!(n, 4);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_this_schools_principal_or_admin_sets_locks_and_deadlines() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let r = lock(
            &app,
            json!({"semester_id": ids.semester1, "scope": "school", "reason": "HK I"}),
            &principal,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let ours = r.json().as_i64().expect("id");
        let r = lock(
            &app,
            json!({"semester_id": ids.semester1, "scope": "school", "reason": "  "}),
            &principal,
        )
        .await;
        assert_eq!(r.status.as_u16(), 422, "a reason is required: {}", r.body);

        for user in ["gv.toan", "gvcn.6a1", "totruong.toan", "7901692934"] {
            let c = app.login(user, DEMO_PASSWORD).await;
            let r = lock(
                &app,
                json!({"semester_id": ids.semester2, "scope": "school", "reason": "x"}),
                &c,
            )
            .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}: {}", r.body);
            let r = app
                .post_json(
                    "/api/locks/unlock",
                    json!({"lock_id": ours, "reason": "x"}),
                    Some(&c),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}: {}", r.body);
            let r = app.post_form("/api/locks", "", Some(&c)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}: {}", r.body);
        }
        let foreign = app.admin_of_another_school("KHAC7").await;
        let r = lock(
            &app,
            json!({"semester_id": ids.semester2, "scope": "school", "reason": "x"}),
            &foreign,
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let r = lock(&app, json!({"semester_id": null, "scope": "class", "class_id": ids.class_6a1, "reason": "x"}), &foreign).await;
        assert_ne!(r.status, StatusCode::OK, "{}", r.body);
        let r = app
            .post_json(
                "/api/locks/unlock",
                json!({"lock_id": ours, "reason": "x"}),
                Some(&foreign),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let r = app
            .post_json(
                "/api/locks/deadline",
                json!({"semester_id": ids.semester1, "grade": null, "date": "2020-01-01"}),
                Some(&foreign),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let n = id(
            &app,
            "SELECT COUNT(*) FROM entry_locks WHERE unlocked_at IS NULL",
        )
        .await;
        assert_eq!(n, 1, "our lock still stands and nothing else was locked");
        let n = id(&app, "SELECT COUNT(*) FROM entry_deadlines").await;
        assert_eq!(n, 0);
    });
}
