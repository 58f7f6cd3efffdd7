//! The year-end review over HTTP on both databases: 9A1's year filled through the db layer
//! (`demo_year_end::apply`: scores, conduct rows, attendance marks) with students crafted for
//! every outcome; the proposals, confirming, the override rules, re-assessment and summer
//! conduct recomputing the outcome, staleness, audit rows, and access with other users' ids.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::db::audit;
use app::server::demo::{DEMO_PASSWORD, DEMO_SEED};
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

async fn homeroom_of(app: &TestApp, class: i64) -> String {
    app::on_db!(app.db(), p => sqlx::query_scalar(
        "SELECT u.username FROM classes c JOIN users u ON u.id = c.homeroom_teacher_id \
         WHERE c.id = $1").bind(class).fetch_one(p).await.expect("homeroom"))
}

async fn sheet(app: &TestApp, class: i64, cookie: &str) -> Value {
    let r = app
        .post_form("/api/year-end", &format!("class_id={class}"), Some(cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

fn ready(row: &Value) -> &Value {
    &row["status"]["Ready"]
}

#[allow(clippy::too_many_arguments)] // one argument per form field
async fn confirm(
    app: &TestApp,
    cookie: &str,
    class: i64,
    student: i64,
    outcome: &str,
    title: &str,
    reason: &str,
    version: i64,
) -> support::Reply {
    let form = format!(
        "class_id={class}&student_id={student}&outcome={outcome}&title={title}\
         &reason={}&version={version}",
        urlencoding(reason)
    );
    app.post_form("/api/year-end/confirm", &form, Some(cookie))
        .await
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proposals_confirmations_overrides_and_summer_results() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("9A1");
        let applied = app::server::demo_year_end::apply(app.db(), class, DEMO_SEED)
            .await
            .expect("year data");
        let homeroom = app
            .login(&homeroom_of(&app, class).await, DEMO_PASSWORD)
            .await;
        let s = sheet(&app, class, &homeroom).await;
        let rows = s["rows"].as_array().expect("rows").clone();
        assert_eq!(rows.len(), applied.students);
        assert_eq!(s["may_act"], true);

        // The crafted students, in class order.
        assert_eq!(ready(&rows[0])["outcome"], "Promoted");
        assert_eq!(ready(&rows[0])["title"], "Outstanding");
        assert_eq!(ready(&rows[1])["title"], "Excellent");
        let subjects = ready(&rows[2])["outcome"]["Reassessment"]["subjects"]
            .as_array()
            .expect("re-assessment subjects")
            .clone();
        assert_eq!(subjects.len(), 2);
        assert_eq!(ready(&rows[3])["outcome"], "ConductTraining");
        assert_eq!(
            ready(&rows[4])["outcome"],
            json!({"NotPromoted": {"reasons": ["TooManyAbsences"]}})
        );
        assert_eq!(ready(&rows[4])["absent_sessions"], 46);
        assert_eq!(rows[4]["excused"], 30);
        assert_eq!(rows[4]["unexcused"], 16);
        assert_eq!(ready(&rows[5])["learning"]["level"], "Fair");
        assert_eq!(ready(&rows[5])["learning"]["before_adjustment"], "Pass");
        assert!(ready(&rows[5])["learning"]["adjusted_because_of"].is_i64());

        // The figures match a direct computation from the stored scores and marks.
        let summary = app::server::grade_sheet::summary(
            app.db(),
            app::server::db::classes::find(app.db(), class)
                .await
                .expect("q")
                .expect("class"),
            app::server::grade_sheet::Period::Year,
        )
        .await
        .expect("summary");
        for (row, direct) in rows.iter().zip(&summary.rows) {
            assert_eq!(row["student_id"], direct.student.id);
            let level = direct.learning.clone().value().expect("complete").level;
            assert_eq!(ready(row)["learning"]["level"], json!(level));
        }
        let marks: i64 = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM attendance_marks WHERE student_id = $1 AND status <> 'late'")
            .bind(rows[4]["student_id"].as_i64().expect("id")).fetch_one(p).await.expect("q"));
        assert_eq!(marks, 46);

        // Confirm all: everyone is complete, so everyone is confirmed, once.
        let r = app
            .post_form(
                "/api/year-end/confirm-all",
                &format!("class_id={class}"),
                Some(&homeroom),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["confirmed"], rows.len());
        let again = app
            .post_form(
                "/api/year-end/confirm-all",
                &format!("class_id={class}"),
                Some(&homeroom),
            )
            .await
            .json();
        assert_eq!(again["confirmed"], 0);
        let s = sheet(&app, class, &homeroom).await;
        let rows = s["rows"].as_array().expect("rows").clone();
        assert!(rows.iter().all(|r| r["decision"]["version"] == 1));
        let id = |i: usize| rows[i]["student_id"].as_i64().expect("id");

        // Overrides: lowering Xuất sắc needs a reason; granting or promoting is refused.
        let r = confirm(
            &app,
            &homeroom,
            class,
            id(0),
            "promoted",
            "excellent",
            " ",
            1,
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["YearEnd"]["Override"], "ReasonRequired");
        let r = confirm(
            &app,
            &homeroom,
            class,
            id(1),
            "promoted",
            "outstanding",
            "giỏi",
            1,
        )
        .await;
        assert_eq!(r.json()["YearEnd"]["Override"], "TitleNotEarned");
        let r = confirm(
            &app,
            &homeroom,
            class,
            id(4),
            "promoted",
            "",
            "ốm dài ngày",
            1,
        )
        .await;
        assert_eq!(r.json()["YearEnd"]["Override"], "OutcomeIsTheRules");
        let r = confirm(
            &app,
            &homeroom,
            class,
            id(0),
            "promoted",
            "excellent",
            "Bị kỷ luật",
            1,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // A stale version is refused and changes nothing.
        let r = confirm(
            &app,
            &homeroom,
            class,
            id(0),
            "promoted",
            "",
            "Lý do khác",
            1,
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let s = sheet(&app, class, &homeroom).await;
        let d = &s["rows"][0]["decision"];
        assert_eq!(d["title"], "Excellent");
        assert_eq!(d["override_reason"], "Bị kỷ luật");
        assert_eq!(d["version"], 2);
        assert_eq!(d["changed"], false);

        // Re-assessment: only the proposed subjects, in range.
        let student = id(2);
        let proposed = subjects[0].as_i64().expect("subject");
        let other = s["subjects"]
            .as_array()
            .expect("subjects")
            .iter()
            .filter_map(|x| x["id"].as_i64())
            .find(|x| !subjects.contains(&json!(x)))
            .expect("a subject not proposed");
        let re = |subject: i64, value: &str, version: i64| {
            format!(
                "class_id={class}&student_id={student}&subject_id={subject}&value={}&version={version}",
                urlencoding(value)
            )
        };
        for (form, problem) in [
            (re(other, "7", 0), "NotProposed"),
            (re(proposed, "11", 0), "BadScore"),
            (re(proposed, "Đ", 0), "WrongKind"),
        ] {
            let r = app
                .post_form("/api/year-end/reassessment", &form, Some(&homeroom))
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
            assert_eq!(r.json()["YearEnd"]["Reassessment"], problem);
        }
        for subject in &subjects {
            let subject = subject.as_i64().expect("id");
            let r = app
                .post_form(
                    "/api/year-end/reassessment",
                    &re(subject, "6,0", 0),
                    Some(&homeroom),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        let s = sheet(&app, class, &homeroom).await;
        let row = &s["rows"][2];
        assert_eq!(ready(row)["after_summer"]["outcome"], "Promoted");
        assert_eq!(row["decision"]["changed"], true, "must be confirmed again");
        assert_eq!(row["needs_attention"], true);
        let r = confirm(&app, &homeroom, class, student, "promoted", "", "", 1).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // A failed re-assessment: not promoted.
        let r = app
            .post_form(
                "/api/year-end/reassessment",
                &re(proposed, "2", 1),
                Some(&homeroom),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let s = sheet(&app, class, &homeroom).await;
        assert_eq!(
            ready(&s["rows"][2])["after_summer"]["outcome"],
            json!({"NotPromoted": {"reasons": ["LearningFailed"]}})
        );

        // Summer conduct: only for the student proposed for training.
        let summer = |student: i64, level: &str| {
            format!("class_id={class}&student_id={student}&level={level}&version=0")
        };
        let r = app
            .post_form(
                "/api/year-end/summer-conduct",
                &summer(id(0), "pass"),
                Some(&homeroom),
            )
            .await;
        assert_eq!(r.json()["YearEnd"], "NoConductTraining");
        let r = app
            .post_form(
                "/api/year-end/summer-conduct",
                &summer(id(3), "pass"),
                Some(&homeroom),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let s = sheet(&app, class, &homeroom).await;
        assert_eq!(ready(&s["rows"][3])["after_summer"]["outcome"], "Promoted");
        assert_eq!(s["rows"][3]["conduct_summer"], "Pass");

        // A student of another class is refused with a message, nothing changes.
        let elsewhere: i64 = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT student_id FROM enrolments WHERE class_id = $1 LIMIT 1")
            .bind(y.class("6A1")).fetch_one(p).await.expect("q"));
        let r = confirm(&app, &homeroom, class, elsewhere, "promoted", "", "", 0).await;
        assert_eq!(r.json()["YearEnd"], "NotInClass");

        // Audited: the override with its reason, the re-assessment, the summer conduct.
        let log = audit::latest(app.db(), y.school, 200).await.expect("audit");
        let decision = log
            .iter()
            .find(|a| {
                a.entity == "year_end_decision"
                    && a.new_value.as_deref() == Some("promoted, excellent")
            })
            .expect("override audited");
        assert_eq!(decision.old_value.as_deref(), Some("promoted, outstanding"));
        let reasons: Vec<Option<String>> = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT reason FROM audit_log WHERE id = $1").bind(decision.id).fetch_all(p).await.expect("q"));
        assert_eq!(reasons, vec![Some("Bị kỷ luật".to_string())]);
        assert!(log
            .iter()
            .any(|a| a.entity == "reassessment_result" && a.old_value.as_deref() == Some("6.0")));
        assert!(log
            .iter()
            .any(|a| a.entity == "conduct_assessment" && a.new_value.as_deref() == Some("pass")));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_homeroom_teacher_and_the_board_act_and_missing_data_is_named() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("9A1");
        app::server::demo_year_end::apply(app.db(), class, DEMO_SEED)
            .await
            .expect("year data");
        let form = format!("class_id={class}");
        // Another class's homeroom teacher, a subject teacher, a parent: forbidden.
        let parent: String = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE r.role = 'parent' ORDER BY u.id LIMIT 1").fetch_one(p).await.expect("parent"));
        for user in ["gvcn.6a1", "gv.toan", parent.as_str()] {
            let cookie = app.login(user, DEMO_PASSWORD).await;
            for path in ["/api/year-end", "/api/year-end/confirm-all"] {
                let r = app.post_form(path, &form, Some(&cookie)).await;
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} {path}: {}", r.body);
            }
        }
        // Another school's board does not even find the class.
        let foreign = app.admin_of_another_school("KHAC9").await;
        let r = app
            .post_form("/api/year-end/confirm-all", &form, Some(&foreign))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let decisions: i64 = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM year_end_decisions").fetch_one(p).await.expect("q"));
        assert_eq!(decisions, 0, "nothing confirmed by anyone refused");

        // The principal may.
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let s = sheet(&app, class, &principal).await;
        assert_eq!(s["may_act"], true);

        // 9A2 has only semester I: every student is incomplete, with what is missing.
        let other = y.class("9A2");
        let s = sheet(&app, other, &principal).await;
        let row = &s["rows"][0];
        let missing = &row["status"]["Incomplete"];
        assert_eq!(missing["conduct"], json!(["First", "Second"]));
        assert!(!missing["subjects"].as_array().expect("subjects").is_empty());
        let student = row["student_id"].as_i64().expect("id");
        let r = app
            .post_form(
                "/api/year-end/confirm",
                &format!(
                    "class_id={other}&student_id={student}&outcome=promoted&title=&reason=&version=0"
                ),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["YearEnd"], "Incomplete");
        let r = app
            .post_form(
                "/api/year-end/confirm-all",
                &format!("class_id={other}"),
                Some(&principal),
            )
            .await
            .json();
        assert_eq!(r["confirmed"], 0);
        assert_eq!(r["skipped"], s["rows"].as_array().expect("rows").len());
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_shows_conduct_absences_and_the_year_end_as_counted_directly() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("9A1");
        app::server::demo_year_end::apply(app.db(), class, DEMO_SEED)
            .await
            .expect("year data");
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        for period in ["1", "2", "year"] {
            let r = app
                .post_form(
                    "/api/class-summary",
                    &format!("class_id={class}&period={period}"),
                    Some(&principal),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            let v = r.json();
            let rows = v["rows"].as_array().expect("rows");
            for column in ["learning", "conduct"] {
                let total: u64 = v["totals"]
                    .as_array()
                    .expect("totals")
                    .iter()
                    .map(|t| t[column].as_u64().expect("count"))
                    .sum();
                assert_eq!(total as usize, rows.len(), "{period} {column}");
            }
            // Absent sessions as counted straight from the marks (late does not count).
            for row in rows {
                let student = row["student_id"].as_i64().expect("id");
                let sql = match period {
                    "year" => {
                        "SELECT COUNT(*) FROM attendance_marks WHERE student_id = $1 \
                               AND status = 'excused' AND semester_id > $2"
                    }
                    "1" => {
                        "SELECT COUNT(*) FROM attendance_marks WHERE student_id = $1 \
                            AND status = 'excused' AND semester_id = $2"
                    }
                    _ => {
                        "SELECT COUNT(*) FROM attendance_marks WHERE student_id = $1 \
                          AND status = 'excused' AND semester_id IN (SELECT s.id FROM semesters s \
                          JOIN semesters f ON f.school_year_id = s.school_year_id \
                          WHERE f.id = $2 AND s.number = 2)"
                    }
                };
                let bound = if period == "year" { 0 } else { y.semester1 };
                let direct: i64 = app::on_db!(app.db(), p => sqlx::query_scalar(sql)
                    .bind(student).bind(bound).fetch_one(p).await.expect("q"));
                assert_eq!(row["excused"], direct, "{period} {student}");
            }
            let year_end = &rows[0]["year_end"];
            if period == "year" {
                assert_eq!(year_end["proposed"], "Promoted");
                assert_eq!(year_end["proposed_title"], "Outstanding");
                assert_eq!(rows[0]["conduct"], "Good");
                assert_eq!(rows[4]["excused"], 30);
                assert_eq!(rows[4]["unexcused"], 16);
                assert_eq!(rows[3]["conduct"], "Fail");
                assert_eq!(rows[5]["learning"]["level"], "Fair");
            } else {
                assert!(year_end.is_null());
            }
        }
        let semester = |n: &str| format!("class_id={class}&period={n}");
        let first = app
            .post_form("/api/class-summary", &semester("1"), Some(&principal))
            .await
            .json();
        assert_eq!(first["rows"][3]["conduct"], "Pass");
        let second = app
            .post_form("/api/class-summary", &semester("2"), Some(&principal))
            .await
            .json();
        assert_eq!(second["rows"][3]["conduct"], "Fail");

        // The .xlsx of the year downloads with the new columns; a subject teacher sees nothing.
        let r = app
            .send(
                TestApp::request(
                    "GET",
                    &format!("/classes/{class}/summary.xlsx?semester=year"),
                    Some(&principal),
                )
                .body(axum::body::Body::empty())
                .expect("request"),
                [127, 0, 0, 1],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(&r.bytes[..2], b"PK");
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let r = app
            .post_form("/api/class-summary", &semester("year"), Some(&teacher))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    });
}
