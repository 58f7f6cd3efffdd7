//! The year-end sign-off over HTTP on both databases: only the principal signs, sheets not
//! approved need a confirmation, the signed JSON is stable and downloadable, and a score
//! changed after signing is reported with its signed and current value.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::db::audit;
use app::server::demo::DEMO_PASSWORD;
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

async fn class_6a1(app: &TestApp) -> (i64, i64, i64, i64) {
    let y = app.demo_year().await;
    (y.school, y.class("6A1"), y.toan, y.semester1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_principal_signs_and_a_later_score_change_is_detected() {
    on_both!(|app| {
        let (school, class, toan, semester1) = class_6a1(&app).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let homeroom = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let form = format!("class_id={class}&confirm_unapproved=true");

        // Nobody but the principal signs; another school's admin does not even find the class.
        for cookie in [&admin, &teacher, &homeroom] {
            let r = app
                .post_form("/api/signoff/sign", &form, Some(cookie))
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        }
        let foreign = app.admin_of_another_school("KHAC4").await;
        let r = app
            .post_form("/api/signoff/sign", &form, Some(&foreign))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = app
            .post_form("/api/signoff", &format!("class_id={class}"), Some(&teacher))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "a subject teacher sees no summary"
        );

        // Sheets are not approved: refused with the list, unless confirmed.
        let r = app
            .post_form(
                "/api/signoff/sign",
                &format!("class_id={class}&confirm_unapproved=false"),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let sheets = r.json()["SignoffUnapproved"]["sheets"].clone();
        assert!(
            sheets
                .as_array()
                .is_some_and(|s| s.iter().any(|x| x == "Toán – HK1")),
            "{sheets}"
        );
        let r = app
            .post_form("/api/signoff/sign", &form, Some(&principal))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let status = r.json();
        let signed = &status["signed"];
        assert_eq!(signed["intact"], true, "{status}");
        assert_eq!(signed["hash_ok"], true);
        assert_eq!(signed["differences"], json!([]));
        let hash = signed["sha256"].as_str().expect("hash").to_string();
        assert_eq!(hash.len(), 64);

        // The download is the signed text, canonical and hashing to the shown hash.
        let r = app
            .send(
                TestApp::request(
                    "GET",
                    &format!("/classes/{class}/signoff.json"),
                    Some(&homeroom),
                )
                .body(axum::body::Body::empty())
                .expect("request"),
                [127, 0, 0, 1],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(app::server::signoff::sha256_hex(&r.body), hash);
        let parsed: Value = serde_json::from_str(&r.body).expect("json");
        assert_eq!(
            app::domain::signoff::canonical(&parsed),
            r.body,
            "canonical"
        );
        assert!(!r.body.contains(": "), "no insignificant whitespace");
        let first = &parsed["students"][0];
        assert!(
            first["subjects"]["TOAN"]["s1"]["midterm"].is_string()
                || first["subjects"]["TOAN"]["s1"]["midterm"].is_null()
        );

        // Recomputing without a change gives the same bytes.
        let again = app
            .post_form(
                "/api/signoff",
                &format!("class_id={class}"),
                Some(&principal),
            )
            .await
            .json();
        assert_eq!(again["signed"]["intact"], true);

        // A score changed after signing: the difference names the student, subject and field.
        let grid = app
            .post_form(
                "/api/grade_grid",
                &format!("class_id={class}&subject_id={toan}&semester=1"),
                Some(&teacher),
            )
            .await
            .json();
        let row = &grid["rows"][0];
        let before = row["midterm"]["text"].as_str().unwrap_or("").to_string();
        let new_value = if before == "2" { "3" } else { "2" };
        let r = app
            .post_json(
                "/api/grade_grid/save",
                json!({"class_id": class, "subject_id": toan, "semester_id": semester1,
                       "source": "Typing", "cells": [{"student_id": row["student_id"], "kind": "Midterm",
                       "slot": 1, "value": new_value, "expected_version": row["midterm"]["version"]}]}),
                Some(&teacher),
            )
            .await;
        assert!(r.body.contains("Saved"), "{}", r.body);
        let after = app
            .post_form(
                "/api/signoff",
                &format!("class_id={class}"),
                Some(&principal),
            )
            .await
            .json();
        let signed = &after["signed"];
        assert_eq!(signed["intact"], false, "{after}");
        assert_eq!(signed["hash_ok"], true);
        let diff = signed["differences"]
            .as_array()
            .expect("differences")
            .iter()
            .find(|d| d["subject"] == "TOAN" && d["field"] == "s1.midterm")
            .cloned()
            .expect("the changed mid-term");
        assert_eq!(diff["student"], row["code"]);
        assert_eq!(diff["now"], format!("{new_value}.0"));

        let log = audit::latest(app.db(), school, 20).await.expect("audit");
        assert!(log.iter().any(|e| e.entity == "class_signoff"));
    });
}
