//! Reporting a mistake over HTTP on both databases (issue 8): a parent flags a score and a
//! personal detail (markup removed, limits kept); the subject's teacher sees the score report,
//! the homeroom teacher both; one answer wins, a second is refused; the parent sees the
//! status; nobody reports about or reads another child, and refusals store nothing.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::domain::mistake_report::{DAILY_LIMIT, MESSAGE_MAX_CHARS};
use app::server::db::{accounts, audit, scores};
use app::server::demo::DEMO_PASSWORD;
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

const CHILD: &str = "7901692934";

async fn report(
    app: &TestApp,
    cookie: &str,
    code: &str,
    about: Value,
    message: &str,
) -> (StatusCode, Value) {
    let r = app
        .post_json(
            "/api/family/report",
            json!({"code": code, "about": about, "message": message}),
            Some(cookie),
        )
        .await;
    (
        r.status,
        serde_json::from_str(&r.body).unwrap_or(Value::Null),
    )
}

async fn list(app: &TestApp, cookie: &str, path: &str, form: &str) -> (StatusCode, Value) {
    let r = app.post_form(path, form, Some(cookie)).await;
    (
        r.status,
        serde_json::from_str(&r.body).unwrap_or(Value::Null),
    )
}

async fn answer(
    app: &TestApp,
    cookie: &str,
    id: i64,
    status: &str,
    text: &str,
    version: i64,
) -> (StatusCode, String) {
    let r = app
        .post_json(
            "/api/reports/answer",
            json!({"id": id, "status": status, "answer": text, "expected_version": version}),
            Some(cookie),
        )
        .await;
    (r.status, r.body)
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .expect("list")
        .iter()
        .map(|r| r["id"].as_i64().expect("id"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parents_report_reaches_the_right_teachers_is_answered_once_and_shows_its_status() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let parent = app.login(CHILD, DEMO_PASSWORD).await;
        let toan = json!({"Score": {"subject_id": y.toan, "semester": 1}});
        let birth = json!({"Personal": {"field": "DateOfBirth"}});

        // Markup is removed; plain text stays as typed.
        let (s, score) = report(
            &app,
            &parent,
            CHILD,
            toan.clone(),
            "<script>alert(1)</script>Điểm <b>giữa kì</b> của con là 8 < 9 & không phải 6",
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{score}");
        assert_eq!(
            score["message"],
            "Điểm giữa kì của con là 8 < 9 & không phải 6"
        );
        assert_eq!(score["status"], "Open");
        assert_eq!(score["about"], toan);
        assert_eq!(score["subject_name"], "Toán");
        let (s, personal) = report(&app, &parent, CHILD, birth.clone(), "Ngày sinh sai").await;
        assert_eq!(s, StatusCode::OK, "{personal}");
        let (score_id, personal_id) = (
            score["id"].as_i64().expect("id"),
            personal["id"].as_i64().expect("id"),
        );
        let log = audit::latest(app.db(), y.school, 5).await.expect("audit");
        assert!(log.iter().any(|e| e.entity == "mistake_report"
            && e.entity_id == score_id.to_string()
            && e.action == "create"));

        // The Toán teacher sees the score report only; the homeroom teacher and the principal
        // both; the teacher of another subject neither; families have no inbox.
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let homeroom = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let (s, inbox) = list(&app, &teacher, "/api/reports/inbox", "").await;
        assert_eq!(s, StatusCode::OK, "{inbox}");
        assert!(ids(&inbox).contains(&score_id));
        assert!(!ids(&inbox).contains(&personal_id));
        for cookie in [&homeroom, &principal] {
            let got = ids(&list(&app, cookie, "/api/reports/inbox", "").await.1);
            assert!(
                got.contains(&score_id) && got.contains(&personal_id),
                "{got:?}"
            );
        }
        let class = y.class("6A1");
        let mut others = Vec::new();
        for subject in scores::subjects_of_class(app.db(), class)
            .await
            .expect("subjects")
        {
            if let Some(id) = subject.teacher_id {
                let user = accounts::find_by_id(app.db(), id)
                    .await
                    .expect("q")
                    .expect("user");
                others.push(user.username);
            }
        }
        let other_teacher = others
            .into_iter()
            .find(|u| u != "gv.toan" && u != "gvcn.6a1")
            .expect("a teacher of another subject");
        let other_teacher = app.login(&other_teacher, DEMO_PASSWORD).await;
        let got = ids(&list(&app, &other_teacher, "/api/reports/inbox", "").await.1);
        assert!(
            !got.contains(&score_id) && !got.contains(&personal_id),
            "{got:?}"
        );
        assert_eq!(
            list(&app, &parent, "/api/reports/inbox", "").await.0,
            StatusCode::FORBIDDEN
        );

        // The Toán teacher may not answer about the date of birth; answers the score.
        let (s, body) = answer(&app, &teacher, personal_id, "Corrected", "Đã sửa", 1).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
        let (s, body) = answer(&app, &teacher, score_id, "Open", "Xem lại", 1).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (s, body) = answer(
            &app,
            &teacher,
            score_id,
            "Corrected",
            "Đã sửa <i>điểm</i> giữa kì thành 8",
            1,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let answered: Value = serde_json::from_str(&body).expect("json");
        assert_eq!(answered["status"], "Corrected");
        assert_eq!(answered["answer"], "Đã sửa điểm giữa kì thành 8");
        // A second answer, from a page loaded before the first: refused, the first stays.
        let (s, body) = answer(&app, &homeroom, score_id, "Unchanged", "Không sai", 1).await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        let (s, body) = answer(&app, &homeroom, score_id, "Unchanged", "Không sai", 2).await;
        assert_eq!(s, StatusCode::CONFLICT, "already answered: {body}");
        let (s, body) = answer(
            &app,
            &homeroom,
            personal_id,
            "Unchanged",
            "Ngày sinh đúng theo giấy khai sinh",
            1,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{body}");

        // The parent (and the child's own account) see both answers.
        let (s, mine) = list(
            &app,
            &parent,
            "/api/family/reports",
            &format!("code={CHILD}"),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{mine}");
        let by_id = |id: i64| {
            mine.as_array()
                .expect("list")
                .iter()
                .find(|r| r["id"] == id)
                .cloned()
                .expect("report")
        };
        assert_eq!(by_id(score_id)["status"], "Corrected");
        assert_eq!(
            by_id(score_id)["answered_by"]
                .as_str()
                .map(|s| !s.is_empty()),
            Some(true)
        );
        assert_eq!(by_id(personal_id)["status"], "Unchanged");
        let student = app.login(&format!("hs{CHILD}"), DEMO_PASSWORD).await;
        let (s, theirs) = list(
            &app,
            &student,
            "/api/family/reports",
            &format!("code={CHILD}"),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(ids(&theirs), ids(&mine));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_reports_are_refused_with_nothing_stored_and_no_one_reaches_another_child() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let other = scores::students_of_class(app.db(), class)
            .await
            .expect("students")
            .into_iter()
            .find(|s| s.code != CHILD)
            .expect("another student")
            .code;
        let parent = app.login(CHILD, DEMO_PASSWORD).await;
        let other_parent = app.login(&other, DEMO_PASSWORD).await;
        let toan = json!({"Score": {"subject_id": y.toan, "semester": 1}});
        let count = |cookie: String| {
            let app = &app;
            async move {
                list(
                    app,
                    &cookie,
                    "/api/family/reports",
                    &format!("code={CHILD}"),
                )
                .await
                .1
                .as_array()
                .map(Vec::len)
                .unwrap_or(usize::MAX)
            }
        };

        for (about, message, status) in [
            (toan.clone(), "   \n ", StatusCode::UNPROCESSABLE_ENTITY),
            (
                toan.clone(),
                "<script>alert(1)</script>",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                toan.clone(),
                &"ạ".repeat(MESSAGE_MAX_CHARS + 1)[..],
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                json!({"Score": {"subject_id": y.toan, "semester": 3}}),
                "Sai",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                json!({"Score": {"subject_id": 999_999, "semester": 1}}),
                "Sai",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ] {
            let (s, body) = report(&app, &parent, CHILD, about, message).await;
            assert_eq!(s, status, "{body}");
            assert!(body.is_string() || body.is_object(), "a message: {body}");
        }
        let (s, _) = report(
            &app,
            &parent,
            CHILD,
            json!({"Personal": {"field": "Password"}}),
            "x",
        )
        .await;
        assert!(s.is_client_error(), "{s}");
        assert_eq!(count(parent.clone()).await, 0, "nothing stored");

        // Another child: not found, whether reporting or reading; staff do not report.
        let (s, _) = report(&app, &parent, &other, toan.clone(), "Sai").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = report(&app, &other_parent, CHILD, toan.clone(), "Sai").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert_eq!(
            list(
                &app,
                &other_parent,
                "/api/family/reports",
                &format!("code={CHILD}")
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        assert_eq!(
            report(&app, &teacher, CHILD, toan.clone(), "Sai").await.0,
            StatusCode::FORBIDDEN
        );
        // Another parent cannot answer a report either.
        let (s, first) = report(&app, &parent, CHILD, toan.clone(), "Điểm TX2 sai").await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = answer(
            &app,
            &other_parent,
            first["id"].as_i64().expect("id"),
            "Corrected",
            "x",
            1,
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // A flood stops at the daily limit with a clear message.
        for i in 1..DAILY_LIMIT {
            let (s, body) =
                report(&app, &parent, CHILD, toan.clone(), &format!("Phản ánh {i}")).await;
            assert_eq!(s, StatusCode::OK, "{i}: {body}");
        }
        let (s, body) = report(&app, &parent, CHILD, toan.clone(), "Thêm một").await;
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert_eq!(count(parent.clone()).await, DAILY_LIMIT as usize);
    });
}
