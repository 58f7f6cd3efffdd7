//! Grade-sheet and class-summary downloads: the files read back with calamine, and who may
//! download them (by role, assignment and school).
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::demo::DEMO_PASSWORD;
use calamine::{Data, Reader, Xlsx};
use databases::TestDb;
use http::{header, StatusCode};
use support::TestApp;

async fn id(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(app.db(), p => sqlx::query_scalar(sql).fetch_one(p).await).expect(sql)
}

fn book(bytes: Vec<u8>) -> (String, calamine::Range<Data>) {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a valid xlsx");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("first sheet");
    (name, range)
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(|v| v.to_string())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grade_sheet_downloads_with_its_title_scores_as_numbers_and_averages() {
    on_both!(|app| {
        let class_id = id(&app, "SELECT id FROM classes WHERE name = '6A1'").await;
        let math = id(&app, "SELECT id FROM subjects WHERE code = 'TOAN'").await;
        let cookie = app.login("gv.toan", DEMO_PASSWORD).await;
        let path = format!("/classes/{class_id}/grades.xlsx?subject={math}&semester=1");
        let res = app.get_page(&path, Some(&cookie)).await;
        assert_eq!(res.status, StatusCode::OK, "{}: {}", app.t.label, res.body);
        assert!(res
            .header(header::CONTENT_DISPOSITION)
            .unwrap_or("")
            .contains("bang-diem-6a1-toan-hk1.xlsx"));
        let (name, range) = book(res.bytes);
        assert_eq!(name, "6A1 Toán");
        assert_eq!(text(&range, 0, 0), "Trường THCS Nguyễn Du");
        assert_eq!(text(&range, 1, 0), "BẢNG ĐIỂM MÔN TOÁN · Học kì I");
        assert!(text(&range, 2, 0).contains("Năm học 2026-2027"));
        let headers: Vec<String> = (0..10).map(|c| text(&range, 4, c)).collect();
        assert_eq!(
            headers,
            [
                "STT",
                "Mã học sinh",
                "Họ và tên",
                "TX1",
                "TX2",
                "TX3",
                "TX4",
                "GK",
                "CK",
                "ĐTBmhk"
            ]
            .map(String::from),
            "{}",
            app.t.label
        );
        // Every stored score comes back as a number equal to the database's tenths / 10.
        let stored: Vec<(String, String, i64, i64)> = app::on_db!(app.db(), p => sqlx::query_as(
            "SELECT s.code, a.kind, CAST(a.slot AS BIGINT), CAST(a.score_tenths AS BIGINT) \
             FROM assessment_scores a JOIN students s ON s.id = a.student_id \
             WHERE a.class_id = $1 AND a.subject_id = $2")
            .bind(class_id).bind(math).fetch_all(p).await)
        .expect("scores");
        let row_of = |code: &str| {
            (5..range.height() as u32)
                .find(|r| text(&range, *r, 1) == code)
                .expect("student row")
        };
        for (code, kind, slot, tenths) in &stored {
            let col = match kind.as_str() {
                "regular" => 2 + *slot as u32,
                "midterm" => 7,
                _ => 8,
            };
            match range.get_value((row_of(code), col)) {
                Some(Data::Float(v)) => assert_eq!((v * 10.0).round() as i64, *tenths),
                other => panic!("{code} {kind}{slot}: {other:?}"),
            }
        }
        // Missing scores are empty cells; incomplete averages say so; complete ones are numbers.
        let rows = range.height() as u32 - 5;
        let students: i64 = id(
            &app,
            &format!("SELECT COUNT(*) FROM enrolments WHERE class_id = {class_id}"),
        )
        .await;
        assert_eq!(i64::from(rows), students);
        let mut averages = 0;
        for r in 5..5 + rows {
            let filled = (3..9)
                .filter(|c| matches!(range.get_value((r, *c)), Some(Data::Float(_))))
                .count();
            match range.get_value((r, 9)) {
                Some(Data::Float(v)) => {
                    assert_eq!(filled, 6, "an average needs every score");
                    assert!((0.0..=10.0).contains(v));
                    averages += 1;
                }
                Some(Data::String(s)) => {
                    assert!(filled < 6);
                    assert!(s.starts_with("Chưa đủ điểm"), "{s}");
                    let empty = (3..9)
                        .filter(|c| matches!(range.get_value((r, *c)), None | Some(Data::Empty)))
                        .count();
                    assert_eq!(empty + filled, 6);
                }
                other => panic!("average cell {other:?}"),
            }
        }
        assert!(averages > 0, "{}", app.t.label);

        let log = app::server::db::audit::latest(app.db(), 1, 5)
            .await
            .expect("audit");
        assert!(log
            .iter()
            .any(|e| e.action == "export" && e.entity == "grade_sheet"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_class_summary_downloads_with_every_subject_and_learning_results_and_is_timed() {
    on_both!(|app| {
        let class_id = id(&app, "SELECT id FROM classes WHERE name = '6A1'").await;
        let cookie = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let path = format!("/classes/{class_id}/summary.xlsx?semester=1");
        // Timed through the whole router (session, access, queries, computing, writing, audit).
        let mut res = app.get_page(&path, Some(&cookie)).await;
        let mut times = Vec::new();
        for _ in 0..5 {
            let started = std::time::Instant::now();
            res = app.get_page(&path, Some(&cookie)).await;
            times.push(started.elapsed());
        }
        times.sort();
        eprintln!(
            "{}: class summary export (6A1, semester 1, {} bytes): median {:?}, min {:?}, max {:?}",
            app.t.label,
            res.bytes.len(),
            times[2],
            times[0],
            times[4]
        );
        assert_eq!(res.status, StatusCode::OK, "{}: {}", app.t.label, res.body);
        let (_, range) = book(res.bytes);
        assert_eq!(
            text(&range, 1, 0),
            "BẢNG TỔNG HỢP KẾT QUẢ HỌC TẬP · Học kì I"
        );
        let headers: Vec<String> = (0..17).map(|c| text(&range, 4, c)).collect();
        assert_eq!(headers[3], "Ngữ văn");
        assert_eq!(headers[4], "Toán");
        assert_eq!(headers[15], "Kết quả học tập");
        assert_eq!(headers[16], "Ghi chú");
        let levels = ["Tốt", "Khá", "Đạt", "Chưa đạt", "Chưa đủ điểm"];
        let mut complete = 0;
        for r in 5..range.height() as u32 {
            let result = text(&range, r, 15);
            assert!(levels.contains(&result.as_str()), "{result}");
            if result != "Chưa đủ điểm" {
                complete += 1;
                for c in 3..15 {
                    let v = range.get_value((r, c));
                    assert!(
                        matches!(v, Some(Data::Float(_)))
                            || matches!(v, Some(Data::String(s)) if s == "Đ" || s == "CĐ"),
                        "{v:?}"
                    );
                }
            }
        }
        assert!(complete > 0, "{}", app.t.label);

        // The whole year waits for semester II: every learning result is incomplete.
        let year = app
            .get_page(
                &format!("/classes/{class_id}/summary.xlsx?semester=year"),
                Some(&cookie),
            )
            .await;
        assert_eq!(year.status, StatusCode::OK);
        let (_, range) = book(year.bytes);
        assert_eq!(text(&range, 5, 15), "Chưa đủ điểm");

        let english = format!("{cookie}; hocba_lang=en");
        let res = app.get_page(&path, Some(&english)).await;
        let (_, range) = book(res.bytes);
        assert_eq!(text(&range, 4, 15), "Learning result");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downloads_follow_the_class_pages_access_rules() {
    on_both!(|app| {
        let class_id = id(&app, "SELECT id FROM classes WHERE name = '6A1'").await;
        let other_class = id(&app, "SELECT id FROM classes WHERE name = '9A3'").await;
        let math = id(&app, "SELECT id FROM subjects WHERE code = 'TOAN'").await;
        let literature = id(&app, "SELECT id FROM subjects WHERE code = 'NV'").await;
        let grades = |class: i64, subject: i64| {
            format!("/classes/{class}/grades.xlsx?subject={subject}&semester=1")
        };
        let summary = format!("/classes/{class_id}/summary.xlsx?semester=1");
        let status = |path: String, cookie: Option<String>| {
            let app = &app;
            async move { app.get_page(&path, cookie.as_deref()).await.status }
        };
        let teacher = Some(app.login("gv.toan", DEMO_PASSWORD).await);
        let homeroom = Some(app.login("gvcn.6a1", DEMO_PASSWORD).await);
        let principal = Some(app.login("hieutruong", DEMO_PASSWORD).await);
        let parent = Some(app.login("7901692934", DEMO_PASSWORD).await);
        let outsider = Some(app.admin_of_another_school("KHAC").await);

        assert_eq!(
            status(grades(class_id, math), teacher.clone()).await,
            StatusCode::OK
        );
        assert_eq!(
            status(grades(class_id, literature), teacher.clone()).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status(grades(other_class, math), teacher.clone()).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status(summary.clone(), teacher.clone()).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status(grades(class_id, math), homeroom.clone()).await,
            StatusCode::OK
        );
        assert_eq!(
            status(summary.clone(), homeroom.clone()).await,
            StatusCode::OK
        );
        assert_eq!(
            status(grades(other_class, math), homeroom.clone()).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status(summary.clone(), principal.clone()).await,
            StatusCode::OK
        );
        assert_eq!(
            status(grades(other_class, literature), principal.clone()).await,
            StatusCode::OK
        );
        assert_eq!(
            status(grades(class_id, math), parent.clone()).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status(summary.clone(), parent.clone()).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status(grades(class_id, math), outsider.clone()).await,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            status(summary.clone(), outsider.clone()).await,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            status(summary.clone(), None).await,
            StatusCode::UNAUTHORIZED
        );
        // Bad parameters are a clear 400, never a 500.
        for bad in [
            format!("/classes/{class_id}/grades.xlsx?subject=abc&semester=1"),
            format!("/classes/{class_id}/grades.xlsx?subject={math}&semester=3"),
            format!("/classes/{class_id}/grades.xlsx?semester=1"),
            format!("/classes/{class_id}/summary.xlsx?semester=x"),
        ] {
            assert_eq!(
                status(bad.clone(), principal.clone()).await,
                StatusCode::BAD_REQUEST,
                "{bad}"
            );
        }
        assert_eq!(
            status(grades(class_id, 999_999), principal.clone()).await,
            StatusCode::NOT_FOUND
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grade_sheet_shows_an_absence_as_v_and_a_zero_by_decision_as_0() {
    on_both!(|app| {
        let class_id = id(&app, "SELECT id FROM classes WHERE name = '6A1'").await;
        let math = id(&app, "SELECT id FROM subjects WHERE code = 'TOAN'").await;
        let semester1 = id(&app, "SELECT id FROM semesters WHERE number = 1").await;
        let cookie = app.login("gv.toan", DEMO_PASSWORD).await;
        let grid = app
            .post_form(
                "/api/grade_grid",
                &format!("class_id={class_id}&subject_id={math}&semester=1"),
                Some(&cookie),
            )
            .await
            .json();
        let row = &grid["rows"][0];
        let (student, code) = (row["student_id"].clone(), row["code"].clone());
        let r = app
            .post_json(
                "/api/grade_grid/save",
                serde_json::json!({"class_id": class_id, "subject_id": math,
                    "semester_id": semester1, "source": "Typing", "cells": [
                    {"student_id": student, "kind": "Regular", "slot": 1, "value": "",
                     "expected_version": row["regular"][0]["version"], "mark": "Absent"},
                    {"student_id": student, "kind": "Regular", "slot": 2, "value": "",
                     "expected_version": row["regular"][1]["version"],
                     "mark": "ZeroByDecision", "reason": "Không dự kiểm tra bù"}]}),
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.matches("Saved").count() == 2, "{}", r.body);

        let path = format!("/classes/{class_id}/grades.xlsx?subject={math}&semester=1");
        let res = app.get_page(&path, Some(&cookie)).await;
        assert_eq!(res.status, StatusCode::OK, "{}: {}", app.t.label, res.body);
        let (_, range) = book(res.bytes);
        let r = (5..range.height() as u32)
            .find(|r| serde_json::json!(text(&range, *r, 1)) == code)
            .expect("student row");
        assert_eq!(text(&range, r, 3), "V", "{}", app.t.label);
        assert_eq!(range.get_value((r, 4)), Some(&Data::Float(0.0)));
        assert!(
            text(&range, r, 9).starts_with("Chưa đủ điểm"),
            "an owed make-up: {}",
            text(&range, r, 9)
        );
    });
}
