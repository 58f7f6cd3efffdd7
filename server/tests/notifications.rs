//! Notifications over HTTP and a real SMTP exchange on both databases (issue 8): a parent gives
//! consent with an address (recorded), newly published scores arrive as one digest per child,
//! not one mail per score; withdrawing consent stops them; an address the server refuses is a
//! bounce, shown on the settings and never mailed again; a server that is down is retried.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/smtp_sink.rs"]
mod smtp_sink;
#[path = "support/app.rs"]
mod support;

use app::server::db::{audit, now, outbox, score_notices as db_notices, scores};
use app::server::demo::DEMO_PASSWORD;
use app::server::mailer::{run_once, Mailer};
use app::server::score_notices;
use base64::Engine;
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use smtp_sink::SmtpSink;
use support::TestApp;

const CHILD: &str = "7901692934";

async fn save(app: &TestApp, cookie: &str, email: &str, consent: bool) -> (StatusCode, Value) {
    let r = app
        .post_form(
            "/api/notifications/settings/save",
            &format!(
                "email={}&email_consent={consent}&score_digest=true&report_answers=true",
                email.replace('@', "%40").replace(' ', "+")
            ),
            Some(cookie),
        )
        .await;
    (
        r.status,
        serde_json::from_str(&r.body).unwrap_or(Value::String(r.body)),
    )
}

/// The text of a received mail: headers as they are, the body decoded.
fn decoded(data: &str) -> String {
    let (head, body) = data.split_once("\n\n").unwrap_or((data, ""));
    let lower = head.to_ascii_lowercase();
    let body = if lower.contains("content-transfer-encoding: base64") {
        let joined: String = body.lines().collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(joined.trim())
                .expect("base64"),
        )
        .expect("utf-8")
    } else if lower.contains("content-transfer-encoding: quoted-printable") {
        let soft = body.replace("=\n", "");
        let mut bytes = Vec::new();
        let b = soft.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() {
                if let Ok(x) = u8::from_str_radix(&soft[i + 1..i + 3], 16) {
                    bytes.push(x);
                    i += 3;
                    continue;
                }
            }
            bytes.push(b[i]);
            i += 1;
        }
        String::from_utf8(bytes).expect("utf-8")
    } else {
        body.to_string()
    };
    format!("{head}\n\n{body}")
}

async fn save_midterm(
    app: &TestApp,
    teacher: &str,
    class: i64,
    y: &support::DemoYear,
    student_id: i64,
    value: &str,
) {
    let grid = app
        .post_form(
            "/api/grade_grid",
            &format!("class_id={class}&subject_id={}&semester=1", y.toan),
            Some(teacher),
        )
        .await
        .json();
    let row = grid["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["student_id"] == student_id)
        .expect("row")
        .clone();
    let r = app
        .post_json(
            "/api/grade_grid/save",
            json!({"class_id": class, "subject_id": y.toan, "semester_id": y.semester1,
                   "source": "Typing", "cells": [{"student_id": student_id, "kind": "Midterm",
                   "slot": 1, "value": value, "expected_version": row["midterm"]["version"]}]}),
            Some(teacher),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consenting_parents_get_one_digest_of_new_scores_and_consent_is_recorded() {
    on_both!(|app| {
        let sink = SmtpSink::start().await;
        let mailer = Mailer {
            smtp_url: sink.url(),
            from: "Hocba <no-reply@hocba.test>".into(),
            public_url: "http://hocba.test".into(),
        };
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let parent = app.login(CHILD, DEMO_PASSWORD).await;
        let parent_id = app.me(&parent).await["SignedIn"]["user_id"]
            .as_i64()
            .expect("id");
        let student_id = scores::students_of_class(app.db(), class)
            .await
            .expect("students")
            .into_iter()
            .find(|s| s.code == CHILD)
            .expect("child")
            .id;

        // Bad input: a clear message, nothing stored.
        let (s, body) = save(&app, &parent, "not an address", true).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (s, _) = save(&app, &parent, "", true).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(outbox::settings(app.db(), parent_id)
            .await
            .expect("q")
            .is_none());

        let (s, body) = save(&app, &parent, "me.parent@example.vn", true).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert_eq!(body["email_consent"], true);
        assert!(body["consent_at"].is_i64());
        let log = audit::latest(app.db(), y.school, 5).await.expect("audit");
        assert!(log
            .iter()
            .any(|e| e.action == "consent_given" && e.entity_id == parent_id.to_string()));

        // Two scores saved (the demo publishes as saved): one mail, with both.
        outbox::set_last_digest(app.db(), parent_id, now() - 30)
            .await
            .expect("q");
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        save_midterm(&app, &teacher, class, &y, student_id, "9.5").await;
        save_midterm(&app, &teacher, class, &y, student_id, "8.5").await;
        let round = run_once(app.db(), &mailer, now() + 1).await.expect("round");
        assert_eq!((round.digests, round.sent), (1, 1), "{round:?}");
        let mails = sink.received();
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].to, vec!["me.parent@example.vn".to_string()]);
        let text = decoded(&mails[0].data);
        assert!(text.contains("Lê Gia Dũng"), "{text}");
        assert!(
            text.contains("Toán (học kì 1)") && text.contains("GK 8,5"),
            "{text}"
        );
        assert!(
            text.contains("http://hocba.test/children/7901692934"),
            "{text}"
        );
        // Nothing new: nothing sent.
        let round = run_once(app.db(), &mailer, now() + 2).await.expect("round");
        assert_eq!((round.digests, round.sent), (0, 0));

        // Consent withdrawn: recorded, and the next score is not mailed.
        let (s, body) = save(&app, &parent, "me.parent@example.vn", false).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let log = audit::latest(app.db(), y.school, 5).await.expect("audit");
        assert!(log.iter().any(|e| e.action == "consent_withdrawn"));
        save_midterm(&app, &teacher, class, &y, student_id, "7").await;
        let round = run_once(app.db(), &mailer, now() + 3).await.expect("round");
        assert_eq!(round.digests, 0);
        assert_eq!(sink.received().len(), 1);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_address_bounces_for_good_and_a_server_down_is_retried() {
    on_both!(|app| {
        let sink = SmtpSink::start().await;
        let mailer = Mailer {
            smtp_url: sink.url(),
            from: "Hocba <no-reply@hocba.test>".into(),
            public_url: "http://hocba.test".into(),
        };
        let y = app.demo_year().await;
        let parent = app.login(CHILD, DEMO_PASSWORD).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let toan = json!({"Score": {"subject_id": y.toan, "semester": 1}});
        let report_and_answer = |text: &'static str| {
            let (app, parent, teacher, toan) =
                (&app, parent.clone(), teacher.clone(), toan.clone());
            async move {
                let r = app
                    .post_json(
                        "/api/family/report",
                        json!({"code": CHILD, "about": toan, "message": text}),
                        Some(&parent),
                    )
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.body);
                let id = r.json()["id"].as_i64().expect("id");
                let r = app
                    .post_json("/api/reports/answer",
                        json!({"id": id, "status": "Unchanged", "answer": "Đã kiểm tra", "expected_version": 1}),
                        Some(&teacher))
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            }
        };

        // The server is down: the answer's mail waits and is tried again later.
        let (s, _) = save(&app, &parent, "parent@example.vn", true).await;
        assert_eq!(s, StatusCode::OK);
        sink.set_down(true);
        report_and_answer("Điểm sai 1").await;
        let t = now();
        let round = run_once(app.db(), &mailer, t).await.expect("round");
        assert_eq!((round.sent, round.retried), (0, 1), "{round:?}");
        let round = run_once(app.db(), &mailer, t + 1).await.expect("round");
        assert_eq!(round.retried, 0, "not due yet");
        sink.set_down(false);
        let round = run_once(app.db(), &mailer, t + 61).await.expect("round");
        assert_eq!(round.sent, 1, "{round:?}");
        let text = decoded(&sink.received()[0].data);
        assert!(
            text.contains("Đã kiểm tra") && text.contains("Điểm sai 1"),
            "{text}"
        );

        // A refused address: bounced, shown on the settings, never mailed again.
        let (s, _) = save(&app, &parent, "bounce.me@example.vn", true).await;
        assert_eq!(s, StatusCode::OK);
        report_and_answer("Điểm sai 2").await;
        let round = run_once(app.db(), &mailer, now()).await.expect("round");
        assert_eq!(round.bounced, 1, "{round:?}");
        let settings = app
            .post_form("/api/notifications/settings", "", Some(&parent))
            .await
            .json();
        assert!(
            settings["bounced"]
                .as_str()
                .is_some_and(|s| s.contains("550")),
            "{settings}"
        );
        assert!(settings["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .any(|m| m["status"] == "bounced"));
        report_and_answer("Điểm sai 3").await;
        let round = run_once(app.db(), &mailer, now() + 1).await.expect("round");
        assert_eq!(
            round,
            app::server::mailer::Round::default(),
            "nothing to a bounced address"
        );
        // A new address is tried again.
        let (_, body) = save(&app, &parent, "parent2@example.vn", true).await;
        assert_eq!(body["bounced"], Value::Null);
        assert_eq!(sink.received().len(), 1);
    });
}

async fn score_notices(app: &TestApp, cookie: &str) -> Vec<Value> {
    app.post_form("/api/notifications", "", Some(cookie))
        .await
        .json()
        .as_array()
        .expect("notices")
        .iter()
        .filter(|n| n["kind"] == "score_digest")
        .cloned()
        .collect()
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

/// A round over what changed since `since` (rounds run at real time in the server; the mark is
/// set back here so that the test needs no sleeping).
async fn round_since(app: &TestApp, school: i64, since: i64) -> usize {
    db_notices::set_mark(app.db(), school, since)
        .await
        .expect("mark");
    score_notices::run_once(app.db(), now() + 3)
        .await
        .expect("round")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_published_scores_reach_the_family_as_one_in_app_notice_per_child() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let parent = app.login(CHILD, DEMO_PASSWORD).await;
        let other_code = scores::students_of_class(app.db(), y.class("6A2"))
            .await
            .expect("students")
            .first()
            .expect("a student")
            .code
            .clone();
        let other_parent = app.login(&other_code, DEMO_PASSWORD).await;
        let student_id = scores::students_of_class(app.db(), class)
            .await
            .expect("students")
            .into_iter()
            .find(|s| s.code == CHILD)
            .expect("child")
            .id;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;

        // The first round only sets the school's mark: the demo's history is not announced.
        let t = now();
        assert_eq!(
            score_notices::run_once(app.db(), t).await.expect("round"),
            0
        );
        assert!(score_notices(&app, &parent).await.is_empty());

        // Two scores (the demo publishes as saved): one notice to the child's family, naming
        // the subject once; nothing to another class's family; nothing twice.
        let before = now() - 1;
        save_midterm(&app, &teacher, class, &y, student_id, "9.5").await;
        save_midterm(&app, &teacher, class, &y, student_id, "8.5").await;
        assert_eq!(round_since(&app, y.school, before).await, 1);
        let notices = score_notices(&app, &parent).await;
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert_eq!(notices[0]["link"], format!("/children/{CHILD}"));
        let params = notices[0]["params"].to_string();
        assert!(
            params.contains("Lê Gia Dũng") && params.contains("Toán (HK1)"),
            "{params}"
        );
        assert!(score_notices(&app, &other_parent).await.is_empty());
        assert_eq!(
            score_notices::run_once(app.db(), now() + 6)
                .await
                .expect("round"),
            0,
            "nothing new since the last round"
        );

        // After approval only: a saved score says nothing until the sheet is approved.
        let r = app
            .post_json(
                "/api/sheet_review/family_visibility/set",
                json!({ "visibility": "AfterApproval" }),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let before = now() - 1;
        save_midterm(&app, &teacher, class, &y, student_id, "7").await;
        assert_eq!(round_since(&app, y.school, before).await, 0);
        assert_eq!(score_notices(&app, &parent).await.len(), 1);
        let head = app.login("totruong.toan", DEMO_PASSWORD).await;
        let sheet = (class, y.toan, y.semester1);
        let before = now() - 1;
        act(&app, &teacher, sheet, "Submit", 0).await;
        act(&app, &head, sheet, "Check", 1).await;
        act(&app, &principal, sheet, "Approve", 2).await;
        let noticed = round_since(&app, y.school, before).await;
        assert!(noticed >= 1, "the class's families hear of the approval");
        let notices = score_notices(&app, &parent).await;
        assert_eq!(notices.len(), 2, "{notices:?}");
        assert!(notices[0]["params"].to_string().contains("Toán (HK1)"));
        assert!(score_notices(&app, &other_parent).await.is_empty());
    });
}
