//! The leaders' grade-entry progress on both databases (issue 9): the dashboard's figures match
//! a direct count of the stored cells, sheet by sheet, against the pacing rule; a group head sees
//! the group's subjects only, teachers and families nothing, another school none of this one;
//! the reminder reaches the teachers behind (notice, e-mail in the outbox, audit row); the
//! figures download as `.xlsx`; a bad day or semester is refused with a message.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::domain::entry_progress::{Plan, Progress};
use app::server::db::{attendance, audit, grading, scores};
use app::server::demo::DEMO_PASSWORD;
use calamine::{Data, Reader, Xlsx};
use chrono::Datelike;
use databases::TestDb;
use http::StatusCode;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use support::TestApp;

async fn progress(app: &TestApp, cookie: &str, form: &str) -> (StatusCode, Value) {
    let r = app
        .post_form("/api/dashboard/progress", form, Some(cookie))
        .await;
    (
        r.status,
        serde_json::from_str(&r.body).unwrap_or(Value::String(r.body)),
    )
}

/// (class, subject) → (entered, due, total), counted sheet by sheet from the stored cells.
async fn direct(app: &TestApp, day: chrono::NaiveDate) -> BTreeMap<(i64, i64), (u64, u64, u64)> {
    let y = app.demo_year().await;
    let db = app.db();
    let year = app::server::db::school_years::current(db, y.school)
        .await
        .expect("q")
        .expect("year");
    let semester = attendance::semesters_of_year(db, y.school, year.id)
        .await
        .expect("semesters")
        .into_iter()
        .find(|s| s.number == 1)
        .expect("semester 1");
    let n = |d: chrono::NaiveDate| i64::from(d.num_days_from_ce());
    let mut out = BTreeMap::new();
    for (_, class) in &y.classes {
        let students: HashSet<i64> = scores::students_of_class(db, *class)
            .await
            .expect("students")
            .into_iter()
            .map(|s| s.id)
            .collect();
        for subject in scores::subjects_of_class(db, *class)
            .await
            .expect("subjects")
        {
            let plan = Plan {
                regular: grading::setup(db, *class, subject.id)
                    .await
                    .expect("q")
                    .expect("setup")
                    .regular_assessments()
                    .expect("regular"),
                start_day: n(semester.start_date),
                end_day: n(semester.end_date),
            };
            let entered = scores::sheet(db, *class, subject.id, semester.id)
                .await
                .expect("sheet")
                .into_iter()
                .filter(|c| {
                    c.value.is_some()
                        && c.kind != scores::Kind::Reassessment
                        && students.contains(&c.student_id)
                })
                .count() as u64;
            let p = Progress::of_sheet(plan, students.len() as u64, entered, n(day));
            out.insert((*class, subject.id), (p.entered, p.due, p.total));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_counts_what_is_stored_against_the_pace_of_the_semester() {
    on_both!(|app| {
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let (s, now_view) = progress(&app, &principal, "").await;
        assert_eq!(s, StatusCode::OK, "{now_view}");
        let start = chrono::NaiveDate::parse_from_str(
            now_view["start_date"].as_str().expect("start"),
            "%Y-%m-%d",
        )
        .expect("date");
        // Six weeks into semester I: some regulars due, not yet the mid-term of most.
        for day in [
            start + chrono::Duration::days(42),
            start + chrono::Duration::days(400),
        ] {
            let (s, body) = progress(&app, &principal, &format!("semester=1&day={day}")).await;
            assert_eq!(s, StatusCode::OK, "{body}");
            assert_eq!(body["semester"], 1);
            assert_eq!(body["day"], day.to_string());
            let expected = direct(&app, day).await;
            let sheets = body["sheets"].as_array().expect("sheets");
            assert_eq!(sheets.len(), expected.len());
            let (mut entered, mut due) = (0u64, 0u64);
            for sheet in sheets {
                let key = (
                    sheet["class_id"].as_i64().expect("class"),
                    sheet["subject_id"].as_i64().expect("subject"),
                );
                let p = &sheet["progress"];
                let got = (
                    p["entered"].as_u64().expect("n"),
                    p["due"].as_u64().expect("n"),
                    p["total"].as_u64().expect("n"),
                );
                assert_eq!(Some(&got), expected.get(&key), "{sheet}");
                entered += got.0;
                due += got.1;
            }
            assert_eq!(body["school"]["entered"].as_u64(), Some(entered));
            assert_eq!(body["school"]["due"].as_u64(), Some(due));
            // The teachers' and classes' figures add up to the school's.
            for list in ["teachers", "classes"] {
                let sum: u64 = body[list]
                    .as_array()
                    .expect("list")
                    .iter()
                    .map(|t| t["progress"]["entered"].as_u64().expect("n"))
                    .sum();
                assert_eq!(sum, entered, "{list}");
            }
            assert!(due > 0, "something is due at {day}");
        }

        // A new score moves the figures by one cell.
        let y = app.demo_year().await;
        let day = start + chrono::Duration::days(42);
        let before = direct(&app, day).await;
        let (_, body) = progress(&app, &principal, &format!("semester=1&day={day}")).await;
        let school_before = body["school"]["entered"].as_u64().expect("n");
        let class = y.class("6A1");
        let empty_cell = {
            let students = scores::students_of_class(app.db(), class)
                .await
                .expect("students");
            let cells = scores::sheet(app.db(), class, y.toan, y.semester1)
                .await
                .expect("sheet");
            students.into_iter().map(|s| s.id).find(|id| {
                !cells.iter().any(|c| {
                    c.student_id == *id && c.kind == scores::Kind::Final && c.value.is_some()
                })
            })
        };
        {
            let student = empty_cell.expect("6A1 has a maths end-of-term score not entered yet");
            let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
            let r = app
                .post_json(
                    "/api/grade_grid/save",
                    serde_json::json!({"class_id": class, "subject_id": y.toan,
                        "semester_id": y.semester1, "source": "Typing",
                        "cells": [{"student_id": student, "kind": "Final", "slot": 1,
                                   "value": "7", "expected_version": 0}]}),
                    Some(&teacher),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            let (_, body) = progress(&app, &principal, &format!("semester=1&day={day}")).await;
            let after = direct(&app, day).await;
            let total = |m: &BTreeMap<(i64, i64), (u64, u64, u64)>| -> u64 {
                m.values().map(|v| v.0).sum()
            };
            assert_eq!(total(&after), total(&before) + 1);
            assert_eq!(body["school"]["entered"].as_u64(), Some(school_before + 1));
        }

        // Bad input: a clear refusal.
        let (s, body) = progress(&app, &principal, "semester=1&day=2026-13-40").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (s, body) = progress(&app, &principal, "semester=3").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_leaders_see_progress_and_only_of_their_school_or_group() {
    on_both!(|app| {
        for who in ["gv.toan", "gvcn.6a1", "7901692934"] {
            let cookie = app.login(who, DEMO_PASSWORD).await;
            let (s, _) = progress(&app, &cookie, "").await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
            let r = app
                .post_form("/api/dashboard/remind", "semester=1", Some(&cookie))
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
            let r = app
                .get_page("/dashboard/progress.xlsx?semester=1", Some(&cookie))
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        }
        let y = app.demo_year().await;
        let head = app.login("totruong.toan", DEMO_PASSWORD).await;
        let (s, body) = progress(&app, &head, "semester=1").await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let sheets = body["sheets"].as_array().expect("sheets");
        assert!(!sheets.is_empty());
        assert!(sheets.iter().any(|s| s["subject_id"] == y.toan));
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let (_, all) = progress(&app, &principal, "semester=1").await;
        let all = all["sheets"].as_array().expect("sheets");
        assert!(sheets.len() < all.len(), "the group's subjects only");
        let head_id = app.me(&head).await["SignedIn"]["user_id"]
            .as_i64()
            .expect("id");
        let class = y.class("6A1");
        for subject in scores::subjects_of_class(app.db(), class)
            .await
            .expect("subjects")
        {
            let listed = sheets
                .iter()
                .any(|x| x["class_id"] == class && x["subject_id"] == subject.id);
            assert_eq!(
                listed,
                subject.group_head_id == Some(head_id),
                "{}",
                subject.name
            );
        }

        // Another school's admin sees nothing of the demo school.
        let other = app.admin_of_another_school("KHAC01").await;
        let (s, body) = progress(&app, &other, "semester=1").await;
        assert_ne!(s, StatusCode::OK, "{body}");
        assert!(!body.to_string().contains("6A1"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reminder_reaches_the_teachers_behind_and_the_figures_download() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        // 6A1's maths sheet is emptied: behind whatever the day in or after semester I.
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let class = y.class("6A1");
        let grid = app
            .post_form(
                "/api/grade_grid",
                &format!("class_id={class}&subject_id={}&semester=1", y.toan),
                Some(&teacher),
            )
            .await
            .json();
        let mut cells = Vec::new();
        for row in grid["rows"].as_array().expect("rows") {
            let mut put = |kind: &str, slot: usize, cell: &Value| {
                if cell["version"].as_i64().unwrap_or(0) > 0 {
                    cells.push(
                        serde_json::json!({"student_id": row["student_id"], "kind": kind,
                        "slot": slot, "value": "", "expected_version": cell["version"]}),
                    );
                }
            };
            for (i, cell) in row["regular"]
                .as_array()
                .expect("regular")
                .iter()
                .enumerate()
            {
                put("Regular", i + 1, cell);
            }
            put("Midterm", 1, &row["midterm"]);
            put("Final", 1, &row["final"]);
        }
        assert!(!cells.is_empty());
        let r = app
            .post_json(
                "/api/grade_grid/save",
                serde_json::json!({"class_id": class, "subject_id": y.toan,
                    "semester_id": y.semester1, "source": "Typing", "cells": cells}),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let (_, view) = progress(&app, &principal, "semester=1").await;
        let behind: HashSet<i64> = view["sheets"]
            .as_array()
            .expect("sheets")
            .iter()
            .filter(|s| {
                s["progress"]["entered"].as_u64() < s["progress"]["due"].as_u64()
                    && s["teacher_id"].is_i64()
            })
            .map(|s| s["teacher_id"].as_i64().expect("id"))
            .collect();
        let r = app
            .post_form("/api/dashboard/remind", "semester=1", Some(&principal))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let reminded = r.json()["teachers"].as_array().expect("names").len();
        assert_eq!(reminded, behind.len());
        let log = audit::latest(app.db(), y.school, 5).await.expect("audit");
        assert!(log
            .iter()
            .any(|e| e.action == "remind" && e.entity == "entry_progress"));
        // gv.toan hears of it, with the sheet named; a teacher on track does not.
        let me = app.me(&teacher).await["SignedIn"]["user_id"]
            .as_i64()
            .expect("id");
        let notices = app
            .post_form("/api/notifications", "", Some(&teacher))
            .await
            .json();
        let got = notices
            .as_array()
            .expect("notices")
            .iter()
            .any(|n| n["kind"] == "entry_reminder");
        assert!(behind.contains(&me), "the emptied sheet is behind");
        assert!(got);
        assert!(notices.to_string().contains("6A1"), "{notices}");
        let on_track: Vec<i64> = view["teachers"]
            .as_array()
            .expect("teachers")
            .iter()
            .filter(|t| t["sheets_behind"] == 0)
            .filter_map(|t| t["teacher_id"].as_i64())
            .collect();
        for id in on_track {
            let n = app::server::db::corrections::unread(app.db(), id)
                .await
                .expect("q");
            assert!(n.iter().all(|n| n.kind != "entry_reminder"), "teacher {id}");
        }
        // An e-mail waits in the outbox, to the address on the teacher's account.
        let mail = app::server::db::outbox::of_user(app.db(), me, 10)
            .await
            .expect("q")
            .into_iter()
            .find(|m| m.kind == "entry_reminder")
            .expect("a reminder e-mail");
        assert_eq!(mail.address, "gv.toan@thcsnguyendu.edu.vn");
        assert!(mail.body.contains("6A1 · Toán"), "{}", mail.body);

        let r = app
            .get_page("/dashboard/progress.xlsx?semester=1", Some(&principal))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(r.bytes)).expect("a valid xlsx");
        let classes = book.worksheet_range("Lop").expect("sheet Lop");
        let names: Vec<String> = classes
            .rows()
            .skip(4)
            .filter_map(|row| match row.first() {
                Some(Data::String(s)) => Some(s.clone()),
                _ => None,
            })
            .collect();
        let listed: Vec<String> = view["classes"]
            .as_array()
            .expect("classes")
            .iter()
            .map(|c| c["class_name"].as_str().expect("name").to_string())
            .collect();
        assert_eq!(names, listed);
    });
}

async fn results(app: &TestApp, cookie: &str, period: &str) -> (StatusCode, Value) {
    let r = app
        .post_form(
            "/api/dashboard/results",
            &format!("period={period}"),
            Some(cookie),
        )
        .await;
    (
        r.status,
        serde_json::from_str(&r.body).unwrap_or(Value::String(r.body)),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_results_dashboard_matches_the_scores_and_conduct_stored() {
    use app::domain::grading::{semester_average, Cell, Score};
    on_both!(|app| {
        let y = app.demo_year().await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let (s, body) = results(&app, &principal, "1").await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let class = y.class("6A1");
        let line = body["classes"]
            .as_array()
            .expect("classes")
            .iter()
            .find(|c| c["class_id"] == class)
            .expect("6A1")
            .clone();

        // 6A1's maths averages, computed here from the stored cells (TT22 Điều 9.1).
        let regular = grading::setup(app.db(), class, y.toan)
            .await
            .expect("q")
            .expect("setup")
            .regular_assessments()
            .expect("n");
        let students = scores::students_of_class(app.db(), class)
            .await
            .expect("students");
        let cells = scores::sheet(app.db(), class, y.toan, y.semester1)
            .await
            .expect("sheet");
        let cell = |student: i64, kind: scores::Kind, slot: i64| -> Cell {
            match cells
                .iter()
                .find(|c| c.student_id == student && c.kind == kind && c.slot == slot)
                .and_then(|c| c.value)
            {
                Some(scores::Value::Tenths(t)) => Cell::Scored(Score::from_tenths(t).expect("t")),
                Some(scores::Value::Absent) => Cell::AbsentAwaitingMakeUp,
                Some(scores::Value::ZeroByDecision) => Cell::ZeroByDecision,
                _ => Cell::Empty,
            }
        };
        let mut bands = [0u64; 5];
        let mut failing_maths = Vec::new();
        for st in &students {
            let regulars: Vec<Cell> = (1..=regular as i64)
                .map(|slot| cell(st.id, scores::Kind::Regular, slot))
                .collect();
            let average = semester_average(
                &regulars,
                cell(st.id, scores::Kind::Midterm, 1),
                cell(st.id, scores::Kind::Final, 1),
                regular,
            );
            match average.value().map(|a| a.tenths()) {
                Some(t) if t >= 80 => bands[0] += 1,
                Some(t) if t >= 65 => bands[1] += 1,
                Some(t) if t >= 50 => bands[2] += 1,
                Some(_) => {
                    bands[3] += 1;
                    failing_maths.push(st.id);
                }
                None => bands[4] += 1,
            }
        }
        let toan = line["subjects"]
            .as_array()
            .expect("subjects")
            .iter()
            .find(|s| s["subject_id"] == y.toan)
            .expect("Toán")["bands"]
            .clone();
        let got = ["from_8", "from_6_5", "from_5", "below_5", "pending"]
            .map(|k| toan[k].as_u64().expect("n"));
        assert_eq!(got, bands, "{toan}");
        assert_eq!(line["students"].as_u64(), Some(students.len() as u64));

        // Conduct, counted from the stored levels of semester I.
        let year = app::server::db::school_years::current(app.db(), y.school)
            .await
            .expect("q")
            .expect("year");
        let mut conduct = BTreeMap::<String, u64>::new();
        for r in app::server::db::conduct::rows_of_class(app.db(), class, year.id)
            .await
            .expect("conduct")
            .into_iter()
            .filter(|r| r.term == "s1")
        {
            *conduct.entry(r.level.unwrap_or_default()).or_default() += 1;
        }
        for (code, key) in [
            ("good", "good"),
            ("fair", "fair"),
            ("pass", "pass"),
            ("fail", "fail"),
        ] {
            assert_eq!(
                line["conduct"][key].as_u64().unwrap_or(0),
                conduct.get(code).copied().unwrap_or(0),
                "{key}"
            );
        }
        let learning_total: u64 = ["good", "fair", "pass", "fail", "pending"]
            .iter()
            .map(|k| line["learning"][k].as_u64().expect("n"))
            .sum();
        assert_eq!(learning_total, students.len() as u64);

        // Grade 6 is the sum of its classes.
        let classes_of_6: u64 = body["classes"]
            .as_array()
            .expect("classes")
            .iter()
            .filter(|c| c["grade"] == 6)
            .map(|c| c["learning"]["good"].as_u64().expect("n"))
            .sum();
        let grade6 = body["grades"]
            .as_array()
            .expect("grades")
            .iter()
            .find(|g| g["grade"] == 6)
            .expect("grade 6");
        assert_eq!(grade6["learning"]["good"].as_u64(), Some(classes_of_6));

        // Every student below 5.0 in maths is among those at risk, with the subject named.
        let at_risk = body["at_risk"].as_array().expect("at risk");
        for id in &failing_maths {
            let s = at_risk
                .iter()
                .find(|s| s["student_id"] == *id)
                .expect("listed");
            assert!(s["failing"].to_string().contains("Toán"), "{s}");
        }
        assert!(at_risk
            .iter()
            .all(|s| !s["failing"].as_array().expect("list").is_empty()
                || s["absence_warning"] == true));

        // The figures download; a bad period is refused; staff below the board see nothing.
        let r = app
            .get_page("/dashboard/results.xlsx?period=1", Some(&principal))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(r.bytes)).expect("a valid xlsx");
        let sheet = book.worksheet_range("Hoc tap").expect("sheet");
        assert!(sheet
            .rows()
            .any(|row| matches!(row.first(), Some(Data::String(s)) if s == "6A1")));
        let (s, _) = results(&app, &principal, "3").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        for who in ["gv.toan", "totruong.toan", "7901692934"] {
            let cookie = app.login(who, DEMO_PASSWORD).await;
            let (s, _) = results(&app, &cookie, "1").await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
        }
    });
}
