//! The conduct grid and rewards/discipline over HTTP on both databases: saving, version
//! conflicts, audit rows, bad levels, locks, and access with other users' ids.
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

async fn sheet(app: &TestApp, class: i64, cookie: &str) -> support::Reply {
    app.post_form("/api/conduct", &format!("class_id={class}"), Some(cookie))
        .await
}

async fn save(app: &TestApp, class: i64, cells: Value, cookie: &str) -> support::Reply {
    app.post_json(
        "/api/conduct/save",
        json!({"class_id": class, "paste": false, "cells": cells}),
        Some(cookie),
    )
    .await
}

async fn conduct_audit(app: &TestApp, school: i64) -> Vec<audit::AuditRow> {
    audit::latest(app.db(), school, 1000)
        .await
        .expect("audit")
        .into_iter()
        .filter(|r| r.entity == "conduct_assessment" || r.entity == "student_distinction")
        .collect()
}

/// Signs in a principal of a new, other school.
async fn principal_of_another_school(app: &TestApp) -> String {
    use app::domain::role::Role;
    use app::server::db::accounts;
    let school = accounts::create_school(app.db(), "KHAC9", "Trường khác", "lower_secondary")
        .await
        .expect("school");
    let hash = app::server::auth::hash_password("other-head-pw1".into())
        .await
        .expect("hash");
    accounts::create_user(
        app.db(),
        &accounts::NewUser {
            school_id: school,
            username: "ht.khac9",
            full_name: "Hiệu trưởng Khác",
            email: None,
            password_hash: &hash,
            must_change_password: false,
            roles: &[Role::Principal],
        },
    )
    .await
    .expect("other principal");
    app.login("ht.khac9", "other-head-pw1").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_homeroom_teacher_saves_conduct_and_a_concurrent_edit_is_not_overwritten() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let teacher = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let r = sheet(&app, class, &teacher).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let s = r.json();
        assert_eq!(s["can_edit"], json!(true));
        let rows = s["rows"].as_array().expect("rows").clone();
        assert!(rows.len() >= 30, "{}", rows.len());
        assert_eq!(rows[0]["number"], json!(1));
        // The demo has semester I for 6A1: every row has a level, one is CĐ with a comment.
        assert!(rows.iter().all(|r| r["s1_level"]["text"] != json!("")));
        assert_eq!(
            rows.iter()
                .filter(|r| r["s1_level"]["text"] == json!("CĐ"))
                .count(),
            1
        );
        assert!(rows.iter().all(|r| r["year_level"].is_null()));

        let a = rows[0]["student_id"].as_i64().expect("id");
        let b = rows[1]["student_id"].as_i64().expect("id");
        let v1 = rows[0]["s1_level"]["version"].clone();
        // A level different from the demo's, and the year it makes with II Tốt.
        let (typed, shown, year) = if rows[0]["s1_level"]["text"] == json!("K") {
            ("đạt", "Đ", "K")
        } else {
            ("khá", "K", "T")
        };
        let before = conduct_audit(&app, y.school).await.len();
        let r = save(
            &app,
            class,
            json!([
                {"student_id": a, "field": "S1Level", "value": typed, "expected_version": v1},
                {"student_id": a, "field": "S1Comment", "value": " Chăm ngoan ", "expected_version": v1},
                {"student_id": a, "field": "S2Level", "value": "T", "expected_version": 0},
                {"student_id": b, "field": "YearComment", "value": "Tiến bộ", "expected_version": 0},
            ]),
            &teacher,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let out = r.json();
        assert!(
            out.as_array()
                .expect("outcomes")
                .iter()
                .all(|o| o.get("Saved").is_some()),
            "{out}"
        );
        let after = conduct_audit(&app, y.school).await;
        assert_eq!(after.len(), before + 4, "one audit row per changed cell");
        assert!(after
            .iter()
            .any(|r| r.old_value.as_deref() == Some("good")
                || r.old_value.as_deref() == Some("fair")));

        let s = sheet(&app, class, &teacher).await.json();
        let row = &s["rows"][0];
        assert_eq!(row["s1_level"]["text"], json!(shown));
        assert_eq!(row["s1_comment"]["text"], json!("Chăm ngoan"));
        assert_eq!(row["s2_level"]["text"], json!("T"));
        assert_eq!(
            row["year_level"],
            json!(year),
            "II Tốt and I Khá make the year Tốt; I Đạt makes it Khá"
        );
        assert_eq!(s["rows"][1]["year_comment"]["text"], json!("Tiến bộ"));

        // The principal edits from the old copy: a conflict with the teacher's value, who and when.
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let r = save(
            &app,
            class,
            json!([{"student_id": a, "field": "S1Level", "value": "Đ", "expected_version": v1}]),
            &principal,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let out = r.json();
        let current = &out[0]["Conflict"]["current"];
        assert_eq!(current["text"], json!(shown), "{out}");
        assert!(current["updated_by"].as_str().is_some(), "{out}");
        assert!(current["updated_at"].as_i64().is_some(), "{out}");
        let s2 = sheet(&app, class, &teacher).await.json();
        assert_eq!(s2["rows"][0]["s1_level"]["text"], json!(shown));
        assert_eq!(conduct_audit(&app, y.school).await.len(), before + 4);

        // With the current version the principal may change it; clearing works too.
        let v = s2["rows"][0]["s1_level"]["version"].clone();
        let r = save(
            &app,
            class,
            json!([{"student_id": a, "field": "S1Level", "value": "", "expected_version": v}]),
            &principal,
        )
        .await;
        assert!(r.json()[0].get("Saved").is_some(), "{}", r.body);
        let s3 = sheet(&app, class, &teacher).await.json();
        assert_eq!(s3["rows"][0]["s1_level"]["text"], json!(""));
        assert!(s3["rows"][0]["year_level"].is_null());
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_level_that_does_not_exist_is_refused_and_nothing_changes() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let teacher = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let s = sheet(&app, class, &teacher).await.json();
        let row = s["rows"][2].clone();
        let id = row["student_id"].as_i64().expect("id");
        let v = row["s1_level"]["version"].clone();
        let before = conduct_audit(&app, y.school).await.len();
        let long = "x".repeat(501);
        let r = save(
            &app,
            class,
            json!([
                {"student_id": id, "field": "S1Level", "value": "Giỏi", "expected_version": v},
                {"student_id": id, "field": "S2Comment", "value": long, "expected_version": 0},
                {"student_id": 999_999, "field": "S2Level", "value": "T", "expected_version": 0},
            ]),
            &teacher,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let out = r.json();
        assert_eq!(
            out[0]["Invalid"]["problem"],
            json!("unknown_level"),
            "{out}"
        );
        assert_eq!(out[1]["Invalid"]["problem"], json!("comment_too_long"));
        assert_eq!(out[2]["Invalid"]["problem"], json!("not_in_class"));
        let after = sheet(&app, class, &teacher).await.json();
        assert_eq!(after["rows"][2], row);
        assert_eq!(conduct_audit(&app, y.school).await.len(), before);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_homeroom_teacher_and_the_board_see_or_write_a_class_conduct() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let a1 = y.class("6A1");
        let a2 = y.class("6A2");
        let own = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let rows = sheet(&app, a1, &own).await.json()["rows"].clone();
        let student = rows[0]["student_id"].as_i64().expect("id");
        let cell = json!([{"student_id": student, "field": "S1Level", "value": "T", "expected_version": 0}]);

        // gvcn.6a1 on 6A2: refused, and 6A2 stays empty.
        let r = sheet(&app, a2, &own).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        let r = save(&app, a2, cell.clone(), &own).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

        // A subject teacher of 6A1, and a parent.
        for who in ["gv.toan", "7901692934"] {
            let c = app.login(who, DEMO_PASSWORD).await;
            assert_eq!(
                sheet(&app, a1, &c).await.status,
                StatusCode::FORBIDDEN,
                "{who}"
            );
            let r = save(&app, a1, cell.clone(), &c).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
        }

        // Another school's principal and admin: not found.
        let foreign = principal_of_another_school(&app).await;
        assert_eq!(
            sheet(&app, a1, &foreign).await.status,
            StatusCode::NOT_FOUND
        );
        let r = save(&app, a1, cell.clone(), &foreign).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let admin2 = app.admin_of_another_school("KHAC8").await;
        assert_eq!(sheet(&app, a1, &admin2).await.status, StatusCode::NOT_FOUND);

        // The principal sees 6A2 (empty) and may write it.
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let s = sheet(&app, a2, &principal).await;
        assert_eq!(s.status, StatusCode::OK);
        assert!(s.json()["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["s1_level"]["text"] == json!("")));

        // Nothing changed in 6A1.
        assert_eq!(sheet(&app, a1, &own).await.json()["rows"], rows);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_semester_refuses_with_the_lock_reason() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let teacher = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let s = sheet(&app, class, &teacher).await.json();
        let id = s["rows"][0]["student_id"].as_i64().expect("id");
        let v = s["rows"][0]["s1_level"]["version"].clone();
        let r = app
            .post_json(
                "/api/locks/lock",
                json!({"semester_id": y.semester1, "scope": "class", "grade": null,
                       "class_id": class, "reason": "Đã chốt rèn luyện HK I"}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let before = conduct_audit(&app, y.school).await.len();
        for who in [&teacher, &principal] {
            let r = save(
                &app,
                class,
                json!([{"student_id": id, "field": "S1Level", "value": "CĐ", "expected_version": v}]),
                who,
            )
            .await;
            assert_eq!(r.status.as_u16(), 423, "{}", r.body);
            assert!(r.body.contains("Đã chốt rèn luyện HK I"), "{}", r.body);
        }
        // Semester II is still open.
        let r = save(
            &app,
            class,
            json!([{"student_id": id, "field": "S2Level", "value": "K", "expected_version": 0}]),
            &teacher,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let s = sheet(&app, class, &teacher).await.json();
        assert!(s["closed_s1"].is_object(), "{s}");
        assert!(s["closed_s2"].is_null());
        assert_eq!(conduct_audit(&app, y.school).await.len(), before + 1);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rewards_and_discipline_are_recorded_withdrawn_and_refused_when_wrong() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let teacher = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let s = sheet(&app, class, &teacher).await.json();
        let student = s["rows"][3]["student_id"].as_i64().expect("id");
        let add = |draft: Value| json!({"student_id": student, "draft": draft});
        let draft = |kind: &str, level: &str, date: &str, reason: &str, decision: &str| {
            json!({"kind": kind, "level": level, "on_date": date, "reason": reason,
                   "decision_number": decision})
        };
        let list = |cookie: String| {
            let app = &app;
            async move {
                app.post_form(
                    "/api/distinctions/student",
                    &format!("student_id={student}"),
                    Some(&cookie),
                )
                .await
            }
        };
        let before = conduct_audit(&app, y.school).await.len();

        // Bad input: clear refusals, nothing recorded.
        for (d, code) in [
            (
                draft("reward", "class", "2026-11-18", "  ", ""),
                "ReasonMissing",
            ),
            (
                draft("reward", "galaxy", "2026-11-18", "Giúp bạn", ""),
                "UnknownLevel",
            ),
            (
                draft("reward", "class", "2026-08-01", "Giúp bạn", ""),
                "DateOutsideYear",
            ),
            (
                draft("reward", "school", "2026-11-18", "Giải nhất", ""),
                "DecisionNumberMissing",
            ),
        ] {
            let r = app
                .post_json("/api/distinctions/add", add(d), Some(&teacher))
                .await;
            assert_eq!(r.status.as_u16(), 422, "{code}: {}", r.body);
            assert!(r.body.contains(code), "{code}: {}", r.body);
        }
        assert_eq!(conduct_audit(&app, y.school).await.len(), before);
        assert_eq!(list(teacher.clone()).await.json()["items"], json!([]));

        // The homeroom teacher records a reward and a reminder.
        let r = app
            .post_json(
                "/api/distinctions/add",
                add(draft(
                    "reward",
                    "class",
                    "2026-11-18",
                    "Giúp bạn học tốt",
                    "",
                )),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let reward = r.json().as_i64().expect("id");
        let r = app
            .post_json(
                "/api/distinctions/add",
                add(draft(
                    "discipline",
                    "reminder",
                    "2026-11-17",
                    "Đi học muộn",
                    "",
                )),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);

        // Others: the subject teacher reads, cannot add; gvcn of 6A2 and a parent refused;
        // another school's principal: not found.
        let subject_teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let seen = list(subject_teacher.clone()).await;
        assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
        assert_eq!(seen.json()["can_edit"], json!(false));
        let r = app
            .post_json(
                "/api/distinctions/add",
                add(draft("reward", "class", "2026-11-18", "x", "")),
                Some(&subject_teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        assert_eq!(list(parent.clone()).await.status, StatusCode::FORBIDDEN);
        let foreign = principal_of_another_school(&app).await;
        assert_eq!(list(foreign.clone()).await.status, StatusCode::NOT_FOUND);
        let r = app
            .post_json(
                "/api/distinctions/withdraw",
                json!({"id": reward, "reason": "nhầm"}),
                Some(&foreign),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = app
            .post_json(
                "/api/distinctions/withdraw",
                json!({"id": reward, "reason": "nhầm"}),
                Some(&subject_teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // Withdrawing needs a reason; the record stays, marked.
        let r = app
            .post_json(
                "/api/distinctions/withdraw",
                json!({"id": reward, "reason": "  "}),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status.as_u16(), 422, "{}", r.body);
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let r = app
            .post_json(
                "/api/distinctions/withdraw",
                json!({"id": reward, "reason": "Ghi nhầm học sinh"}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = app
            .post_json(
                "/api/distinctions/withdraw",
                json!({"id": reward, "reason": "lần nữa"}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);

        let items = list(teacher.clone()).await.json()["items"].clone();
        let items = items.as_array().expect("items");
        assert_eq!(items.len(), 2);
        let w = items
            .iter()
            .find(|i| i["id"] == json!(reward))
            .expect("reward");
        assert_eq!(w["withdrawn"], json!(true));
        assert_eq!(w["withdrawn_reason"], json!("Ghi nhầm học sinh"));
        let class_list = app
            .post_form(
                "/api/distinctions/class",
                &format!("class_id={class}"),
                Some(&teacher),
            )
            .await;
        assert_eq!(class_list.json()["items"].as_array().map(Vec::len), Some(2));
        // gvcn.6a1 may not record for a 6A2 student; a parent may not see a class list.
        let a2 = sheet(&app, y.class("6A2"), &principal).await.json();
        let other = a2["rows"][0]["student_id"].as_i64().expect("6A2 student");
        let r = app
            .post_json(
                "/api/distinctions/add",
                json!({"student_id": other,
                       "draft": draft("reward", "class", "2026-11-18", "Giúp bạn", "")}),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        let r = app
            .post_form(
                "/api/distinctions/class",
                &format!("class_id={class}"),
                Some(&parent),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // Two records, one withdrawal: three audit rows.
        assert_eq!(conduct_audit(&app, y.school).await.len(), before + 3);
    });
}
