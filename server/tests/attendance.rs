//! Daily attendance over HTTP on both databases: the homeroom teacher takes a roll (marks,
//! one audit row per changed student, versions, the late flag), every bad input is refused
//! with its own message and changes nothing, access is checked with other users' ids, and the
//! totals count against the 45-session limit.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::domain::attendance::parse_date;
use app::server::db::attendance as store;
use app::server::db::{audit, Db};
use app::server::demo::DEMO_PASSWORD;
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

const DAY: &str = "2026-11-18";

async fn audit_count(db: &Db, school: i64) -> usize {
    audit::latest(db, school, 1_000_000)
        .await
        .expect("audit")
        .len()
}

async fn marks_count(db: &Db, class: i64, date: &str, session: &str) -> usize {
    store::marks(db, class, parse_date(date).expect("test value"), session)
        .await
        .expect("marks")
        .len()
}

async fn roll(app: &TestApp, cookie: &str, class: i64, date: &str, session: &str) -> Value {
    let r = app
        .post_json(
            "/api/attendance/roll",
            json!({"class_id": class, "date": date, "session": session}),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

fn save_body(class: i64, date: &str, session: &str, version: i64, marks: Value) -> Value {
    json!({"class_id": class, "date": date, "session": session, "version": version, "marks": marks})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_homeroom_teacher_takes_a_roll_with_one_audit_row_per_change_and_versions() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let gvcn = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let r = roll(&app, &gvcn, class, DAY, "morning").await;
        assert_eq!(r["version"], 0, "{r}");
        assert_eq!(r["state"], Value::Null);
        assert_eq!(r["semester_number"], 1);
        let students = r["students"].as_array().expect("students").clone();
        assert!(students.len() > 20);
        assert!(students.iter().all(|s| s["mark"] == "Present"));
        let (a, b) = (
            students[0]["id"].as_i64().expect("test value"),
            students[1]["id"].as_i64().expect("test value"),
        );
        let before = audit_count(app.db(), y.school).await;

        let marks = json!([
            {"student_id": a, "status": "excused", "reason": "Ốm"},
            {"student_id": b, "status": "unexcused", "reason": ""},
        ]);
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                save_body(class, DAY, "morning", 0, marks),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let saved = r.json();
        assert_eq!(saved["version"], 1);
        // Taken after 18/11 07:30 Vietnam time (the tests run later): late.
        assert_eq!(saved["state"]["late"], true, "{saved}");
        assert_eq!(audit_count(app.db(), y.school).await, before + 2);
        assert_eq!(marks_count(app.db(), class, DAY, "morning").await, 2);
        let again = roll(&app, &gvcn, class, DAY, "morning").await;
        let sa = again["students"]
            .as_array()
            .expect("test value")
            .iter()
            .find(|s| s["id"] == a)
            .expect("test value")
            .clone();
        assert_eq!(sa["mark"], "Excused");
        assert_eq!(sa["reason"], "Ốm");

        // A stale save from another device is refused with who saved it; nothing changes.
        let stale = json!([{"student_id": a, "status": "present", "reason": ""}]);
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                save_body(class, DAY, "morning", 0, stale.clone()),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("Stale"), "{}", r.body);
        assert_eq!(marks_count(app.db(), class, DAY, "morning").await, 2);
        assert_eq!(audit_count(app.db(), y.school).await, before + 2);

        // Back to present: the row goes, one audit row, version 2; an unchanged mark adds none.
        let marks = json!([
            {"student_id": a, "status": "present", "reason": ""},
            {"student_id": b, "status": "unexcused", "reason": ""},
        ]);
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                save_body(class, DAY, "morning", 1, marks),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["version"], 2);
        assert_eq!(marks_count(app.db(), class, DAY, "morning").await, 1);
        assert_eq!(audit_count(app.db(), y.school).await, before + 3);

        // The principal sees it flagged late.
        let hieutruong = app.login("hieutruong", DEMO_PASSWORD).await;
        let r = app
            .post_json(
                "/api/attendance/school",
                json!({"date": DAY}),
                Some(&hieutruong),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let view = r.json();
        let c = view["classes"]
            .as_array()
            .expect("test value")
            .iter()
            .find(|c| c["class_id"] == class)
            .expect("test value")
            .clone();
        assert_eq!(c["morning"]["late"], true, "{c}");
        assert_eq!(c["afternoon"], Value::Null);
        assert!(view["holidays"]
            .as_array()
            .expect("test value")
            .iter()
            .any(|h| h["name"] == "Tết Nguyên đán"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_input_is_refused_and_changes_nothing() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let other = y.class("6A2");
        let gvcn = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let r = roll(&app, &gvcn, class, DAY, "morning").await;
        let a = r["students"][0]["id"].as_i64().expect("test value");
        let in_6a2 = store::students_on(app.db(), other, parse_date(DAY).expect("test value"))
            .await
            .expect("test value")[0]
            .id;
        let ok = |id: i64| json!([{"student_id": id, "status": "excused", "reason": ""}]);
        let cases: Vec<(Value, StatusCode, &str)> = vec![
            (
                save_body(class, "2026-09-01", "morning", 0, ok(a)),
                StatusCode::UNPROCESSABLE_ENTITY,
                "OutsideSemesters",
            ),
            (
                save_body(class, "2026-12-30", "morning", 0, ok(a)),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Future",
            ),
            (
                save_body(class, "2026-11-22", "morning", 0, ok(a)),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Sunday",
            ),
            (
                save_body(class, "18/11/2026", "morning", 0, ok(a)),
                StatusCode::UNPROCESSABLE_ENTITY,
                "BadDate",
            ),
            (
                save_body(class, DAY, "evening", 0, ok(a)),
                StatusCode::UNPROCESSABLE_ENTITY,
                "UnknownSession",
            ),
            (
                save_body(
                    class,
                    DAY,
                    "morning",
                    0,
                    json!([{"student_id": a, "status": "absent", "reason": ""}]),
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
                "UnknownStatus",
            ),
            (
                save_body(
                    class,
                    DAY,
                    "morning",
                    0,
                    json!([{"student_id": a, "status": "excused", "reason": "x".repeat(201)}]),
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
                "ReasonTooLong",
            ),
            (
                save_body(class, DAY, "morning", 0, ok(in_6a2)),
                StatusCode::UNPROCESSABLE_ENTITY,
                "NotInClass",
            ),
        ];
        let before = audit_count(app.db(), y.school).await;
        for (body, status, needle) in cases {
            let r = app
                .post_json("/api/attendance/roll/save", body.clone(), Some(&gvcn))
                .await;
            assert_eq!(r.status, status, "{body}: {}", r.body);
            assert!(r.body.contains(needle), "{needle}: {}", r.body);
            assert_eq!(marks_count(app.db(), class, DAY, "morning").await, 0);
            assert_eq!(audit_count(app.db(), y.school).await, before);
        }
        // A holiday is named; the principal adds it (audited) and the roll is refused.
        let hieutruong = app.login("hieutruong", DEMO_PASSWORD).await;
        let r = app
            .post_json(
                "/api/attendance/holidays/add",
                json!({"from": "2026-11-20", "to": "2026-11-20", "name": "Ngày Nhà giáo"}),
                Some(&hieutruong),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let before = audit_count(app.db(), y.school).await;
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                save_body(class, "2026-11-20", "morning", 0, ok(a)),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Ngày Nhà giáo"), "{}", r.body);
        assert_eq!(
            marks_count(app.db(), class, "2026-11-20", "morning").await,
            0
        );
        // The homeroom teacher may not add holidays; a reversed range is refused.
        let r = app
            .post_json(
                "/api/attendance/holidays/add",
                json!({"from": "2026-11-20", "to": "2026-11-20", "name": "X"}),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post_json(
                "/api/attendance/holidays/add",
                json!({"from": "2026-11-21", "to": "2026-11-20", "name": "X"}),
                Some(&hieutruong),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(audit_count(app.db(), y.school).await, before);

        // A locked semester closes attendance too.
        let year = store::current_year(app.db(), y.school)
            .await
            .expect("test value")
            .expect("test value");
        let principal_id: i64 = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT id FROM users WHERE username = 'hieutruong'").fetch_one(p).await.expect("test value"));
        app::server::db::locks::lock(
            app.db(),
            &app::server::db::locks::NewLock {
                school_id: y.school,
                school_year_id: year,
                semester_id: Some(y.semester1),
                scope: "school",
                grade: None,
                class_id: None,
                reason: "Khoá sổ HK1",
                by: principal_id,
                at: 1,
            },
        )
        .await
        .expect("test value");
        let before = audit_count(app.db(), y.school).await;
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                save_body(class, DAY, "morning", 0, ok(a)),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status, StatusCode::LOCKED, "{}", r.body);
        assert_eq!(marks_count(app.db(), class, DAY, "morning").await, 0);
        assert_eq!(audit_count(app.db(), y.school).await, before);
        let r = roll(&app, &gvcn, class, DAY, "morning").await;
        assert!(r["closed"] != Value::Null, "{r}");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_is_checked_with_other_users_ids() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let gvcn = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let gv_toan = app.login("gv.toan", DEMO_PASSWORD).await;
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        let foreign = app.admin_of_another_school("KHACATT").await;
        let body = |c: i64| json!({"class_id": c, "date": DAY, "session": "morning"});
        let r = app
            .post_json("/api/attendance/roll", body(y.class("6A2")), Some(&gvcn))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "gvcn.6a1 on 6A2");
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                save_body(y.class("6A2"), DAY, "morning", 0, json!([])),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        for cookie in [&gv_toan, &parent] {
            let r = app
                .post_json("/api/attendance/roll", body(class), Some(cookie))
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
            let r = app
                .post_json("/api/attendance/school", json!({"date": DAY}), Some(cookie))
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN);
        }
        let r = app
            .post_json("/api/attendance/roll", body(class), Some(&foreign))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // The subject teacher marks a period of their own subject; not another subject's.
        let a = store::students_on(app.db(), class, parse_date(DAY).expect("test value"))
            .await
            .expect("test value")[0]
            .id;
        let subjects = app::server::db::scores::subjects_of_class(app.db(), class)
            .await
            .expect("test value");
        let van = subjects
            .iter()
            .find(|s| s.id != y.toan)
            .expect("test value")
            .id;
        let period = |subject: i64, period: i64| {
            json!({
                "class_id": class, "subject_id": subject, "date": DAY, "period": period,
                "absent": [{"student_id": a, "excused": false, "reason": "Bỏ tiết"}]
            })
        };
        let before = audit_count(app.db(), y.school).await;
        let r = app
            .post_json(
                "/api/attendance/period/save",
                period(van, 2),
                Some(&gv_toan),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        let r = app
            .post_json(
                "/api/attendance/period/save",
                period(y.toan, 11),
                Some(&gv_toan),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("UnknownPeriod"));
        for cookie in [&parent, &foreign] {
            let r = app
                .post_json(
                    "/api/attendance/period/save",
                    period(y.toan, 2),
                    Some(cookie),
                )
                .await;
            assert!(
                r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND,
                "{}",
                r.body
            );
        }
        assert_eq!(audit_count(app.db(), y.school).await, before);
        let r = app
            .post_json(
                "/api/attendance/period/save",
                period(y.toan, 2),
                Some(&gv_toan),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json(), 1);
        assert_eq!(audit_count(app.db(), y.school).await, before + 1);
        // The homeroom teacher sees it on the roll.
        let roll = roll(&app, &gvcn, class, DAY, "morning").await;
        let s = roll["students"]
            .as_array()
            .expect("test value")
            .iter()
            .find(|s| s["id"] == a)
            .expect("test value")
            .clone();
        assert_eq!(s["period_absences"][0]["period"], 2, "{s}");
        assert_eq!(s["period_absences"][0]["subject_id"], y.toan);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totals_count_against_the_45_session_limit() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let gvcn = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let r = roll(&app, &gvcn, class, DAY, "morning").await;
        let near = r["students"][2].clone();
        assert!(
            near["year"]["excused"].as_u64().expect("test value")
                + near["year"]["unexcused"].as_u64().expect("test value")
                >= 38,
            "{near}"
        );
        assert!(near["standing"]["Nearing"].is_object(), "{near}");
        // Seven more unexcused sessions (afternoons): at the limit; one more: over.
        let id = near["id"].as_i64().expect("test value");
        let absent = near["year"]["excused"].as_u64().expect("test value")
            + near["year"]["unexcused"].as_u64().expect("test value");
        let days = [
            "2026-11-16",
            "2026-11-17",
            "2026-11-18",
            "2026-11-19",
            "2026-11-20",
            "2026-11-21",
            "2026-11-14",
            "2026-11-13",
        ];
        let mut n = absent;
        for d in days {
            let marks = json!([{"student_id": id, "status": "unexcused", "reason": ""}]);
            let r = app
                .post_json(
                    "/api/attendance/roll/save",
                    save_body(class, d, "afternoon", 0, marks),
                    Some(&gvcn),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            n += 1;
            let s = r.json()["students"]
                .as_array()
                .expect("test value")
                .iter()
                .find(|s| s["id"] == id)
                .expect("test value")
                .clone();
            let expected = match n {
                45 => json!("AtLimit"),
                n if n > 45 => json!({"Over": {"by": n - 45}}),
                n => json!({"Nearing": {"left": 45 - n}}),
            };
            assert_eq!(s["standing"], expected, "{n}: {s}");
        }
        let totals = store::absence_totals(app.db(), class, &[y.semester1])
            .await
            .expect("test value");
        let t = totals
            .iter()
            .find(|t| t.student_id == id)
            .expect("test value");
        assert_eq!((t.excused + t.unexcused) as u64, n);
    });
}
