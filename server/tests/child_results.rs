//! A family's view of a child over HTTP on both databases (issue 8): scores show only as the
//! school publishes them (after approval by default, after the group check, or as soon as
//! saved), and what shows equals the school's own computation of the sheets; the semester's
//! learning result and conduct wait for every subject; absences and rewards show; another
//! child's code, staff and strangers get nothing.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::db::{classes, scores};
use app::server::demo::DEMO_PASSWORD;
use app::server::grade_sheet::{self, Period};
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

const CHILD: &str = "7901692934";

async fn results(app: &TestApp, cookie: &str, code: &str) -> (StatusCode, Value) {
    let r = app
        .post_form("/api/family/child", &format!("code={code}"), Some(cookie))
        .await;
    (
        r.status,
        serde_json::from_str(&r.body).unwrap_or(Value::Null),
    )
}

async fn set_visibility(app: &TestApp, principal: &str, v: &str) {
    let r = app
        .post_json(
            "/api/sheet_review/family_visibility/set",
            json!({ "visibility": v }),
            Some(principal),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn act(app: &TestApp, cookie: &str, ids: (i64, i64, i64), act: &str, version: i64) {
    let (class, subject, semester) = ids;
    let r = app
        .post_json(
            "/api/sheet_review/act",
            json!({"class_id": class, "subject_id": subject, "semester_id": semester,
                   "act": act, "expected_version": version, "comment": "",
                   "confirm_missing": true}),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{act}: {}", r.body);
}

fn period<'a>(body: &'a Value, p: &str) -> &'a Value {
    body["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .find(|x| x["period"] == p)
        .unwrap_or_else(|| panic!("period {p}: {body}"))
}

fn subject_line(period: &Value, subject_id: i64) -> &Value {
    period["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .find(|x| x["subject_id"] == subject_id)
        .expect("subject line")
}

/// The school's own semester-I summary line of the child: (subject id, result) and learning.
async fn school_line(app: &TestApp, class_id: i64, code: &str) -> (Vec<(i64, Value)>, Value) {
    let class = classes::find(app.db(), class_id)
        .await
        .expect("q")
        .expect("class");
    let summary = grade_sheet::summary(app.db(), class, Period::Semester(1))
        .await
        .expect("summary");
    let row = summary
        .rows
        .iter()
        .find(|r| r.student.code == code)
        .expect("row");
    let subjects = summary
        .subjects
        .iter()
        .zip(&row.subjects)
        .map(|(s, o)| {
            (
                s.id,
                serde_json::to_value(o.subject_result().value()).expect("json"),
            )
        })
        .collect();
    let learning = serde_json::to_value(row.learning.clone().value()).expect("json");
    (subjects, learning)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_sees_scores_only_once_published_and_exactly_as_the_school_computes_them() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let parent = app.login(CHILD, DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;

        // After approval (the default): nothing of a draft sheet reaches the family.
        set_visibility(&app, &principal, "AfterApproval").await;
        let (status, body) = results(&app, &parent, CHILD).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["code"], CHILD);
        assert_eq!(body["class_name"], "6A1");
        assert_eq!(body["visibility"], "AfterApproval");
        let s1 = period(&body, "1");
        assert_eq!(s1["published"], false);
        assert_eq!(s1["learning"], Value::Null);
        assert_eq!(s1["conduct"], Value::Null);
        for line in s1["subjects"].as_array().expect("lines") {
            assert_eq!(line["published"], false, "{line}");
            assert_eq!(line["result"], Value::Null, "{line}");
            assert_eq!(line["regular"], json!([]), "{line}");
            assert_eq!(line["comment"], "", "{line}");
        }
        let toan_line = subject_line(s1, y.toan);
        assert_eq!(toan_line["midterm"], Value::Null);

        // Toán is submitted, checked, approved: it shows, the other subjects still do not.
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let head = app.login("totruong.toan", DEMO_PASSWORD).await;
        let sheet = (class, y.toan, y.semester1);
        act(&app, &teacher, sheet, "Submit", 0).await;
        set_visibility(&app, &principal, "AfterCheck").await;
        let (_, body) = results(&app, &parent, CHILD).await;
        assert_eq!(
            subject_line(period(&body, "1"), y.toan)["published"],
            false,
            "submitted is not checked"
        );
        act(&app, &head, sheet, "Check", 1).await;
        let (_, body) = results(&app, &parent, CHILD).await;
        assert_eq!(subject_line(period(&body, "1"), y.toan)["published"], true);
        set_visibility(&app, &principal, "AfterApproval").await;
        let (_, body) = results(&app, &parent, CHILD).await;
        assert_eq!(subject_line(period(&body, "1"), y.toan)["published"], false);
        act(&app, &principal, sheet, "Approve", 2).await;

        let (_, body) = results(&app, &parent, CHILD).await;
        let s1 = period(&body, "1");
        let (school, learning) = school_line(&app, class, CHILD).await;
        let toan_line = subject_line(s1, y.toan);
        assert_eq!(toan_line["published"], true);
        let toan_result = &school.iter().find(|(id, _)| *id == y.toan).expect("toan").1;
        assert_eq!(&toan_line["result"], toan_result);
        assert!(!toan_result.is_null(), "the demo child has a Toán average");
        // The cells are the stored ones.
        let student = scores::students_of_class(app.db(), class)
            .await
            .expect("students")
            .into_iter()
            .find(|s| s.code == CHILD)
            .expect("child");
        let stored = scores::sheet(app.db(), class, y.toan, y.semester1)
            .await
            .expect("sheet");
        let midterm = stored
            .iter()
            .find(|s| s.student_id == student.id && s.kind == scores::Kind::Midterm)
            .and_then(|s| s.value)
            .map(|v| v.code())
            .unwrap_or_default();
        assert_eq!(toan_line["midterm"]["text"], json!(midterm));
        assert!(s1["subjects"]
            .as_array()
            .expect("lines")
            .iter()
            .filter(|l| l["subject_id"] != y.toan)
            .all(|l| l["published"] == false && l["result"].is_null()));
        assert_eq!(s1["published"], false);
        assert_eq!(s1["learning"], Value::Null);

        // As soon as saved: every subject shows, with the school's averages and learning result.
        set_visibility(&app, &principal, "OnSave").await;
        let (_, body) = results(&app, &parent, CHILD).await;
        let s1 = period(&body, "1");
        assert_eq!(s1["published"], true);
        for (subject_id, result) in &school {
            let line = subject_line(s1, *subject_id);
            assert_eq!(line["published"], true);
            assert_eq!(&line["result"], result, "subject {subject_id}");
        }
        assert_eq!(s1["learning"], learning);
        // Semester II has no scores yet: shown, but empty; the year waits for it.
        let year = period(&body, "year");
        assert_eq!(year["learning"], Value::Null);
        for line in year["subjects"].as_array().expect("lines") {
            assert_eq!(line["result"], Value::Null, "{line}");
        }
        // Absences are the child's marks, counted per semester.
        let absences = body["absences"].as_array().expect("absences");
        let counted = ["excused", "unexcused", "late"]
            .map(|k| absences.iter().filter(|a| a["status"] == k).count() as i64);
        let s2 = period(&body, "2");
        for (i, k) in ["excused", "unexcused", "late"].iter().enumerate() {
            assert_eq!(
                s1[k].as_i64().unwrap_or(-1) + s2[k].as_i64().unwrap_or(-1),
                counted[i],
                "{k}"
            );
            assert_eq!(year[k].as_i64(), Some(counted[i]), "{k}");
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_one_sees_a_child_that_is_not_theirs() {
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
        let own_student = app.login(&format!("hs{CHILD}"), DEMO_PASSWORD).await;

        // Each family sees its own child.
        assert_eq!(results(&app, &parent, CHILD).await.0, StatusCode::OK);
        assert_eq!(results(&app, &other_parent, &other).await.0, StatusCode::OK);
        let (status, body) = results(&app, &own_student, CHILD).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["code"], CHILD);

        // Another child's code, an unknown code: the same "not found", with nothing in it.
        for (cookie, code) in [
            (&parent, other.as_str()),
            (&other_parent, CHILD),
            (&own_student, other.as_str()),
            (&parent, "0000000000"),
            (&parent, ""),
        ] {
            let r = app
                .post_form("/api/family/child", &format!("code={code}"), Some(cookie))
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{code}: {}", r.body);
            assert!(!r.body.contains("full_name"), "{}", r.body);
        }
        // Staff read records through their own pages, not the family's.
        for user in ["admin", "hieutruong", "gvcn.6a1", "gv.toan"] {
            let cookie = app.login(user, DEMO_PASSWORD).await;
            assert_eq!(
                results(&app, &cookie, CHILD).await.0,
                StatusCode::FORBIDDEN,
                "{user}"
            );
        }
        // Signed out.
        let r = app
            .post_form("/api/family/child", &format!("code={CHILD}"), None)
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        // Another school's admin with the same code.
        let foreign = app.admin_of_another_school("KHAC8").await;
        assert_eq!(
            results(&app, &foreign, CHILD).await.0,
            StatusCode::FORBIDDEN
        );
    });
}
