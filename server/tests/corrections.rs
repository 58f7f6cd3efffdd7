//! Corrections after lock over HTTP on both databases: a request names cells of a closed
//! sheet; the principal (never the requester) approves or refuses; an approved request opens
//! exactly those cells to that teacher until its window ends, and the write is audited as a
//! correction with the request; the people concerned get a notice.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::db::corrections as store;
use app::server::demo::DEMO_PASSWORD;
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::{Reply, TestApp};

async fn id(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(app.db(), p => sqlx::query_scalar(sql).fetch_one(p).await).expect(sql)
}

struct Sheet {
    class: i64,
    toan: i64,
    semester: i64,
}

async fn sheet(app: &TestApp) -> Sheet {
    Sheet {
        class: id(app, "SELECT id FROM classes WHERE name = '6A1'").await,
        toan: id(app, "SELECT id FROM subjects WHERE code = 'TOAN'").await,
        semester: id(
            app,
            "SELECT s.id FROM semesters s JOIN school_years y ON y.id = s.school_year_id \
             WHERE y.is_current = TRUE AND s.number = 1",
        )
        .await,
    }
}

async fn grid(app: &TestApp, s: &Sheet, cookie: &str) -> Value {
    let r = app
        .post_form(
            "/api/grade_grid",
            &format!("class_id={}&subject_id={}&semester=1", s.class, s.toan),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// Writes `value` into the cells (row index, kind) of the grid `g` in one batch.
async fn save(
    app: &TestApp,
    s: &Sheet,
    g: &Value,
    cells: &[(usize, &str)],
    value: &str,
    cookie: &str,
) -> Reply {
    let cells: Vec<Value> = cells
        .iter()
        .map(|(row, kind)| {
            let r = &g["rows"][*row];
            let field = if *kind == "Final" { "final" } else { "midterm" };
            json!({"student_id": r["student_id"], "kind": kind, "slot": 1, "value": value,
                   "expected_version": r[field]["version"]})
        })
        .collect();
    app.post_json(
        "/api/grade_grid/save",
        json!({"class_id": s.class, "subject_id": s.toan, "semester_id": s.semester,
               "source": "Typing", "cells": cells}),
        Some(cookie),
    )
    .await
}

async fn ask(app: &TestApp, s: &Sheet, cells: Value, reason: &str, cookie: &str) -> Reply {
    app.post_json(
        "/api/corrections/request",
        json!({"class_id": s.class, "subject_id": s.toan, "semester_id": s.semester,
               "cells": cells, "reason": reason}),
        Some(cookie),
    )
    .await
}

async fn decide(app: &TestApp, id: i64, approve: bool, note: &str, cookie: &str) -> Reply {
    app.post_json(
        "/api/corrections/decide",
        json!({"id": id, "approve": approve, "hours": null, "note": note}),
        Some(cookie),
    )
    .await
}

async fn notices(app: &TestApp, cookie: &str) -> Vec<String> {
    let r = app.post_form("/api/notifications", "", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
        .as_array()
        .expect("list")
        .iter()
        .map(|n| n["kind"].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_correction_opens_only_its_cells_until_the_window_ends() {
    on_both!(|app| {
        let s = sheet(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let homeroom = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let g = grid(&app, &s, &teacher).await;
        let r = save(
            &app,
            &s,
            &g,
            &[(0, "Midterm"), (1, "Midterm")],
            "6",
            &teacher,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let g = grid(&app, &s, &teacher).await;
        let first =
            json!([{"student_id": g["rows"][0]["student_id"], "kind": "Midterm", "slot": 1}]);

        // Open sheet: edit directly.
        let r = ask(&app, &s, first.clone(), "Nhập nhầm", &teacher).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.body.contains("CorrectionNotNeeded"), "{}", r.body);

        let r = app
            .post_json(
                "/api/locks/lock",
                json!({"semester_id": s.semester, "scope": "school",
            "reason": "Khoá sổ HK I"}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);

        // Bad requests change nothing.
        let r = ask(&app, &s, json!([]), "Nhập nhầm", &teacher).await;
        assert_eq!(r.status.as_u16(), 422, "{}", r.body);
        let r = ask(
            &app,
            &s,
            json!([{"student_id": g["rows"][0]["student_id"], "kind": "Regular", "slot": 9}]),
            "Nhập nhầm",
            &teacher,
        )
        .await;
        assert_eq!(r.status.as_u16(), 422, "{}", r.body);
        assert!(r.body.contains("CorrectionNoSuchCell"), "{}", r.body);
        let r = ask(&app, &s, first.clone(), "  ", &teacher).await;
        assert_eq!(r.status.as_u16(), 422, "a reason is required: {}", r.body);
        let r = ask(&app, &s, first.clone(), "Nhập nhầm", &homeroom).await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "only who may write the sheet asks: {}",
            r.body
        );
        assert_eq!(
            id(&app, "SELECT COUNT(*) FROM correction_requests").await,
            0
        );

        let r = ask(
            &app,
            &s,
            first.clone(),
            "Chấm phúc khảo: 6 thành 7",
            &teacher,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let request = r.json().as_i64().expect("id");
        let r = save(&app, &s, &g, &[(0, "Midterm")], "7", &teacher).await;
        assert_eq!(r.status.as_u16(), 423, "pending opens nothing: {}", r.body);
        assert!(notices(&app, &principal)
            .await
            .contains(&"correction_requested".to_string()));
        assert!(notices(&app, &homeroom)
            .await
            .contains(&"correction_requested".to_string()));

        // Only a principal decides.
        for who in [
            &teacher,
            &homeroom,
            &app.login("admin", DEMO_PASSWORD).await,
        ] {
            let r = decide(&app, request, true, "", who).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        }
        let foreign = app.admin_of_another_school("KHAC9").await;
        let r = decide(&app, request, true, "", &foreign).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

        let r = decide(&app, request, true, "Đồng ý", &principal).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = decide(&app, request, false, "Đổi ý", &principal).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "decided once: {}", r.body);
        assert!(notices(&app, &teacher)
            .await
            .contains(&"correction_approved".to_string()));

        // The grid opens exactly that cell.
        let opened = grid(&app, &s, &teacher).await;
        assert_eq!(opened["can_edit"], json!(false));
        assert_eq!(opened["open_cells"], first, "{}", opened["open_cells"]);
        assert!(opened["open_until"].as_i64().is_some());

        // Its neighbour stays closed, alone or in the same batch.
        let r = save(
            &app,
            &s,
            &g,
            &[(0, "Midterm"), (1, "Midterm")],
            "7",
            &teacher,
        )
        .await;
        assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        let r = save(&app, &s, &g, &[(0, "Final")], "7", &teacher).await;
        assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        let r = save(
            &app,
            &s,
            &g,
            &[(0, "Midterm")],
            "7",
            &app.login("admin", DEMO_PASSWORD).await,
        )
        .await;
        assert_eq!(
            r.status.as_u16(),
            423,
            "the cell is open to the requester only: {}",
            r.body
        );
        let r = save(&app, &s, &g, &[(0, "Midterm")], "7", &teacher).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.json()[0]["Saved"].is_object(), "{}", r.body);
        let (source, reason, new): (String, Option<String>, Option<String>) =
            app::on_db!(app.db(), p =>
            sqlx::query_as("SELECT source, reason, new_value FROM audit_log \
                            WHERE entity = 'assessment_score' ORDER BY id DESC LIMIT 1")
            .fetch_one(p).await)
            .expect("audit");
        assert_eq!(source, "correction");
        assert_eq!(
            reason.as_deref(),
            Some(format!("Yêu cầu điều chỉnh #{request}: Chấm phúc khảo: 6 thành 7").as_str())
        );
        assert_eq!(new.as_deref(), Some("7"));

        // When the window has ended, the cell says so.
        app::on_db!(app.db(), p => sqlx::query("UPDATE correction_requests SET open_until = $1 WHERE id = $2")
            .bind(app::server::db::now() - 1).bind(request).execute(p).await.map(|r| r.rows_affected()))
            .expect("expire");
        let g = grid(&app, &s, &teacher).await;
        assert_eq!(g["open_cells"], json!([]));
        let r = save(&app, &s, &g, &[(0, "Midterm")], "8", &teacher).await;
        assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        assert!(r.body.contains("CorrectionExpired"), "{}", r.body);
        assert_eq!(g["rows"][0]["midterm"]["text"], json!("7"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_request_opens_nothing_and_nobody_approves_their_own() {
    on_both!(|app| {
        let s = sheet(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let r = app
            .post_json(
                "/api/locks/lock",
                json!({"semester_id": s.semester, "scope": "class",
            "class_id": s.class, "reason": "Khoá sổ 6A1"}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let g = grid(&app, &s, &teacher).await;
        let cell = json!([{"student_id": g["rows"][2]["student_id"], "kind": "Final", "slot": 1}]);
        let r = ask(&app, &s, cell, "Sai điểm", &teacher).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let request = r.json().as_i64().expect("id");
        let r = decide(&app, request, false, "", &principal).await;
        assert_eq!(r.status.as_u16(), 422, "a refusal says why: {}", r.body);
        let r = decide(
            &app,
            request,
            false,
            "Không có biên bản phúc khảo",
            &principal,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = save(&app, &s, &g, &[(2, "Final")], "9", &teacher).await;
        assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        assert!(r.body.contains("EntryClosed"), "{}", r.body);
        let page = app
            .post_form("/api/corrections", "", Some(&teacher))
            .await
            .json();
        assert_eq!(page["requests"][0]["status"], json!("Refused"));
        assert_eq!(
            page["requests"][0]["decision_note"],
            json!("Không có biên bản phúc khảo")
        );

        // A principal's own request (made in the data layer) cannot be approved by them.
        let principal_id = id(&app, "SELECT id FROM users WHERE username = 'hieutruong'").await;
        let school = id(
            &app,
            "SELECT school_id FROM users WHERE username = 'hieutruong'",
        )
        .await;
        let own = store::create(
            app.db(),
            &store::NewRequest {
                school_id: school,
                class_id: s.class,
                subject_id: s.toan,
                semester_id: s.semester,
                requested_by: principal_id,
                at: app::server::db::now(),
                reason: "tự sửa",
                cells: &[store::CellRef {
                    student_id: g["rows"][3]["student_id"].as_i64().expect("id"),
                    kind: "final".into(),
                    slot: 1,
                }],
            },
        )
        .await
        .expect("request");
        let r = decide(&app, own, true, "", &principal).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.body.contains("CorrectionSelfApproval"), "{}", r.body);
        let pending = id(
            &app,
            &format!(
                "SELECT COUNT(*) FROM correction_requests WHERE id = {own} AND status = 'pending'"
            ),
        )
        .await;
        assert_eq!(pending, 1);
        // Another principal may.
        let vice = app.login("phohieutruong", DEMO_PASSWORD).await;
        let r = decide(&app, own, true, "", &vice).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    });
}
