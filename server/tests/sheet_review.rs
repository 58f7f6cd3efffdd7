//! The review of grade sheets over HTTP on both databases: submit → check → approve with
//! returns, who may do each step (other teachers, other groups' heads, parents, another
//! school's principal may not), double submits, stale versions, missing scores needing a
//! confirmation, and entry closed while a sheet is under review.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::domain::role::Role;
use app::server::db::{accounts, audit, sheet_reviews};
use app::server::demo::DEMO_PASSWORD;
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

struct Ids {
    school: i64,
    class_6a1: i64,
    toan: i64,
    semester1: i64,
    classes: Vec<(String, i64)>,
}

async fn ids(app: &TestApp) -> Ids {
    let y = app.demo_year().await;
    Ids {
        school: y.school,
        class_6a1: y.class("6A1"),
        toan: y.toan,
        semester1: y.semester1,
        classes: y.classes,
    }
}

/// The username of the teacher of Toán in `class`.
async fn toan_teacher(app: &TestApp, ids: &Ids, class: i64) -> String {
    let subject = app::server::db::scores::subjects_of_class(app.db(), class)
        .await
        .expect("subjects")
        .into_iter()
        .find(|s| s.id == ids.toan)
        .expect("toan");
    accounts::find_by_id(app.db(), subject.teacher_id.expect("assigned"))
        .await
        .expect("q")
        .expect("user")
        .username
}

async fn load(app: &TestApp, cookie: &str, ids: &Ids, class: i64) -> (StatusCode, Value) {
    let r = app
        .post_form(
            "/api/sheet_review",
            &format!("class_id={class}&subject_id={}&semester=1", ids.toan),
            Some(cookie),
        )
        .await;
    let body = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    (r.status, body)
}

#[allow(clippy::too_many_arguments)]
async fn act(
    app: &TestApp,
    cookie: &str,
    ids: &Ids,
    class: i64,
    act: &str,
    version: i64,
    comment: &str,
    confirm: bool,
) -> (StatusCode, String) {
    let r = app
        .post_json(
            "/api/sheet_review/act",
            json!({"class_id": class, "subject_id": ids.toan, "semester_id": ids.semester1,
                   "act": act, "expected_version": version, "comment": comment,
                   "confirm_missing": confirm}),
            Some(cookie),
        )
        .await;
    (r.status, r.body)
}

async fn grid(app: &TestApp, cookie: &str, ids: &Ids, class: i64) -> Value {
    let r = app
        .post_form(
            "/api/grade_grid",
            &format!("class_id={class}&subject_id={}&semester=1", ids.toan),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// Saves the first student's mid-term as `value` with the version the grid shows.
async fn write_midterm(
    app: &TestApp,
    cookie: &str,
    ids: &Ids,
    class: i64,
    value: &str,
) -> (StatusCode, String) {
    let g = grid(app, cookie, ids, class).await;
    let row = &g["rows"][0];
    let r = app
        .post_json(
            "/api/grade_grid/save",
            json!({"class_id": class, "subject_id": ids.toan, "semester_id": ids.semester1,
                   "source": "Typing", "cells": [{"student_id": row["student_id"], "kind": "Midterm",
                   "slot": 1, "value": value, "expected_version": row["midterm"]["version"]}]}),
            Some(cookie),
        )
        .await;
    (r.status, r.body)
}

/// A principal of another school, signed in.
async fn principal_of_another_school(app: &TestApp) -> String {
    let school = accounts::create_school(app.db(), "KHAC3", "Trường khác", "lower_secondary")
        .await
        .expect("school");
    let hash = app::server::auth::hash_password("other-principal-pw1".into())
        .await
        .expect("hash");
    accounts::create_user(
        app.db(),
        &accounts::NewUser {
            school_id: school,
            username: "ht.khac",
            full_name: "Hiệu trưởng Khác",
            email: None,
            password_hash: &hash,
            must_change_password: false,
            roles: &[Role::Principal],
        },
    )
    .await
    .expect("principal");
    app.login("ht.khac", "other-principal-pw1").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sheet_goes_through_submit_check_approve_with_returns_and_every_refusal() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let class = ids.class_6a1;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let head = app.login("totruong.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;

        let (status, review) = load(&app, &teacher, &ids, class).await;
        assert_eq!(status, StatusCode::OK, "{review}");
        assert_eq!(review["state"], "Draft");
        assert_eq!(review["acts"], json!(["Submit"]));

        // Strangers: a parent, another school's principal, the Toán teacher of another class,
        // the head of another group.
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        assert_eq!(
            load(&app, &parent, &ids, class).await.0,
            StatusCode::FORBIDDEN
        );
        let (s, _) = act(&app, &parent, &ids, class, "Submit", 0, "", true).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let foreign = principal_of_another_school(&app).await;
        assert_eq!(
            load(&app, &foreign, &ids, class).await.0,
            StatusCode::NOT_FOUND
        );
        let (s, _) = act(&app, &foreign, &ids, class, "Submit", 0, "", true).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let mut other_teacher = None;
        for (_, c) in &ids.classes {
            let name = toan_teacher(&app, &ids, *c).await;
            if name != "gv.toan" && name != "totruong.toan" {
                other_teacher = Some(name);
                break;
            }
        }
        let other_teacher = app
            .login(&other_teacher.expect("another Toán teacher"), DEMO_PASSWORD)
            .await;
        let (s, body) = act(&app, &other_teacher, &ids, class, "Submit", 0, "", true).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
        let other_head = accounts::list_users(app.db(), ids.school)
            .await
            .expect("users")
            .into_iter()
            .find(|u| u.roles.contains(&Role::GroupHead) && u.username != "totruong.toan")
            .expect("another group head")
            .username;
        let other_head = app.login(&other_head, DEMO_PASSWORD).await;

        // Missing scores: refused with the list, unless confirmed.
        let (s, body) = write_midterm(&app, &teacher, &ids, class, "").await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let first = grid(&app, &teacher, &ids, class).await["rows"][0].clone();
        let (s, body) = act(&app, &teacher, &ids, class, "Submit", 0, "", false).await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        let refusal: Value = serde_json::from_str(&body).expect("json");
        let cells = refusal["ReviewMissing"]["cells"].as_array().expect("cells");
        assert!(
            cells
                .iter()
                .any(|c| c["student_code"] == first["code"] && c["column"] == "Midterm"),
            "{body}"
        );
        assert_eq!(load(&app, &teacher, &ids, class).await.1["state"], "Draft");

        let (s, body) = act(&app, &teacher, &ids, class, "Submit", 0, "", true).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let review: Value = serde_json::from_str(&body).expect("json");
        assert_eq!(review["state"], "Submitted");
        assert_eq!(review["version"], 1);
        assert!(review["steps"][0]["missing_confirmed"].as_u64() >= Some(1));

        // Double submit, and entry closed for the teacher and the admin alike.
        let (s, body) = act(&app, &teacher, &ids, class, "Submit", 0, "", true).await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("AlreadySubmitted"), "{body}");
        let (s, body) = write_midterm(&app, &teacher, &ids, class, "9").await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("SheetClosed"), "{body}");
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let (s, _) = write_midterm(&app, &admin, &ids, class, "9").await;
        assert_eq!(s, StatusCode::CONFLICT);
        let r = app
            .post_json(
                "/api/grade_grid/comment",
                json!({"class_id": class, "subject_id": ids.toan, "semester_id": ids.semester1,
                       "student_id": first["student_id"], "comment": "Tốt", "expected_version": first["comment_version"]}),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert_eq!(grid(&app, &teacher, &ids, class).await["can_edit"], false);

        // Not the other group's head, not the principal yet, not without a comment.
        let (s, _) = act(&app, &other_head, &ids, class, "Check", 1, "", true).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, body) = act(&app, &principal, &ids, class, "Approve", 1, "", true).await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("WrongState"), "{body}");
        let (s, body) = act(&app, &head, &ids, class, "Return", 1, "  ", false).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
        assert!(body.contains("CommentRequired"), "{body}");

        // The group head returns it: entry opens again.
        let (s, body) = act(
            &app,
            &head,
            &ids,
            class,
            "Return",
            1,
            "Thiếu điểm giữa kỳ",
            false,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let (s, body) = write_midterm(&app, &teacher, &ids, class, "9").await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body.contains("Saved"), "{body}");
        assert_eq!(grid(&app, &teacher, &ids, class).await["can_edit"], true);

        // Resubmitted, then a check on the old version is stale.
        let (s, body) = act(&app, &teacher, &ids, class, "Submit", 2, "", true).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let (s, body) = act(&app, &head, &ids, class, "Check", 1, "", true).await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("Stale"), "{body}");
        let (s, body) = act(&app, &head, &ids, class, "Check", 3, "", true).await;
        assert_eq!(s, StatusCode::OK, "{body}");

        // The principal returns it to the group head, who checks again; then approval.
        let (s, _) = act(&app, &principal, &ids, class, "Return", 4, "Xem lại", false).await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = act(&app, &head, &ids, class, "Check", 5, "", true).await;
        assert_eq!(s, StatusCode::OK);
        let (s, body) = act(&app, &principal, &ids, class, "Approve", 6, "", true).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let review: Value = serde_json::from_str(&body).expect("json");
        assert_eq!(review["state"], "Approved");
        assert_eq!(review["acts"], json!([]));
        let acts: Vec<&str> = review["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .map(|s| s["act"].as_str().unwrap_or("?"))
            .collect();
        assert_eq!(
            acts,
            ["Submit", "Return", "Submit", "Check", "Return", "Check", "Approve"]
        );
        assert_eq!(review["steps"][1]["comment"], "Thiếu điểm giữa kỳ");

        // Approved: entry stays closed, and says to ask for a correction.
        let (s, body) = write_midterm(&app, &teacher, &ids, class, "3").await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("Approved"), "{body}");

        let log = audit::latest(app.db(), ids.school, 50)
            .await
            .expect("audit");
        let reviews = log.iter().filter(|e| e.entity == "sheet_review").count();
        assert_eq!(reviews, 7, "one audit row per step");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_head_may_not_check_their_own_submission_unless_the_school_allows_it() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let mut own = None;
        for (_, c) in &ids.classes {
            if toan_teacher(&app, &ids, *c).await == "totruong.toan" {
                own = Some(*c);
                break;
            }
        }
        let class = own.expect("a class the group head teaches");
        let head = app.login("totruong.toan", DEMO_PASSWORD).await;
        let (s, body) = act(&app, &head, &ids, class, "Submit", 0, "", true).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let (_, review) = load(&app, &head, &ids, class).await;
        assert_eq!(review["acts"], json!(["Return"]), "no check button");
        let (s, body) = act(&app, &head, &ids, class, "Check", 1, "", true).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
        assert!(body.contains("OwnSubmission"), "{body}");

        sheet_reviews::set_allow_self_review(app.db(), ids.school, true)
            .await
            .expect("setting");
        let (s, body) = act(&app, &head, &ids, class, "Check", 1, "", true).await;
        assert_eq!(s, StatusCode::OK, "{body}");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_heads_and_the_principal_see_the_sheets_waiting_for_them() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let class = ids.class_6a1;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let head = app.login("totruong.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let pending = |cookie: String| {
            let app = &app;
            async move {
                let r = app
                    .post_form("/api/sheet_review/pending", "", Some(&cookie))
                    .await;
                (
                    r.status,
                    serde_json::from_str::<Value>(&r.body).unwrap_or(Value::Null),
                )
            }
        };
        assert_eq!(pending(teacher.clone()).await.0, StatusCode::FORBIDDEN);
        assert_eq!(pending(head.clone()).await.1, json!([]));
        let (s, _) = act(&app, &teacher, &ids, class, "Submit", 0, "", true).await;
        assert_eq!(s, StatusCode::OK);
        let (_, list) = pending(head.clone()).await;
        assert_eq!(list[0]["class_name"], "6A1", "{list}");
        assert_eq!(list[0]["state"], "Submitted");
        assert_eq!(pending(principal.clone()).await.1, json!([]));
        let (s, _) = act(&app, &head, &ids, class, "Check", 1, "", true).await;
        assert_eq!(s, StatusCode::OK);
        let (_, list) = pending(principal.clone()).await;
        assert_eq!(list[0]["subject_id"], ids.toan, "{list}");
        assert_eq!(list[0]["state"], "Checked");

        // The class page shows each subject's state.
        let r = app
            .post_form(
                "/api/sheet_review/class",
                &format!("class_id={class}"),
                Some(&principal),
            )
            .await;
        let states = r.json();
        let toan = states["subjects"]
            .as_array()
            .expect("subjects")
            .iter()
            .find(|s| s["subject_id"] == ids.toan)
            .cloned()
            .expect("toan");
        assert_eq!(toan["semesters"], json!(["Checked", "Draft"]));
        // With who took each sheet there and when: the group head's check, nothing yet in HK2.
        let head_name = app.me(&head).await["SignedIn"]["full_name"].clone();
        assert!(head_name.is_string(), "{head_name}");
        assert_eq!(toan["last_steps"][0]["by"], head_name, "{toan}");
        assert!(
            toan["last_steps"][0]["at"]
                .as_i64()
                .is_some_and(|at| at > 0),
            "{toan}"
        );
        assert_eq!(toan["last_steps"][1], json!(null), "{toan}");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_integration_api_is_refused_while_the_sheet_is_under_review() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let class = ids.class_6a1;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let (s, _) = act(&app, &teacher, &ids, class, "Submit", 0, "", true).await;
        assert_eq!(s, StatusCode::OK);

        let user = accounts::find_by_username(app.db(), "gv.toan")
            .await
            .expect("q")
            .expect("user");
        let token = "hocba_test_review_closed";
        app::server::db::api_tokens::create(
            app.db(),
            &app::server::db::api_tokens::NewToken {
                school_id: user.school_id,
                user_id: user.id,
                name: "test",
                token_hash: &app::server::auth::token_hash(token),
                scopes: "scores:write",
                expires_at: None,
            },
        )
        .await
        .expect("token");
        let student = grid(&app, &teacher, &ids, class).await["rows"][0]["student_id"].clone();
        let body = json!({"items": [{"class_id": class, "subject_id": ids.toan,
            "semester_id": ids.semester1, "student_id": student, "kind": "midterm", "slot": 1,
            "value": "9", "expected_version": 0}]});
        let req = http::Request::builder()
            .method("POST")
            .uri("/api/v1/scores")
            .header(http::header::HOST, support::HOST)
            .header(http::header::AUTHORIZATION, format!("Bearer {token}"))
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from(body.to_string()))
            .expect("request");
        let r = app.send(req, [10, 0, 0, 9]).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("group head"), "{}", r.body);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_principal_or_an_admin_changes_the_self_review_setting() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let head = app.login("totruong.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let r = app
            .post_form("/api/sheet_review/self_review", "", Some(&head))
            .await;
        assert_eq!(r.body, "false", "off by default");
        let r = app
            .post_form(
                "/api/sheet_review/self_review/set",
                "allow=true",
                Some(&head),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post_form(
                "/api/sheet_review/self_review/set",
                "allow=true",
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(sheet_reviews::allow_self_review(app.db(), ids.school)
            .await
            .expect("q"));
        let log = audit::latest(app.db(), ids.school, 5).await.expect("audit");
        assert!(log
            .iter()
            .any(|e| e.entity == "school_setting" && e.new_value.as_deref() == Some("true")));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_principal_chooses_when_families_see_scores_and_it_is_audited() {
    use app::domain::publication::FamilyVisibility;
    on_both!(|app| {
        let ids = ids(&app).await;
        let head = app.login("totruong.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        let r = app
            .post_form("/api/sheet_review/family_visibility", "", Some(&head))
            .await;
        assert_eq!(r.json(), json!("OnSave"), "the demo's choice: {}", r.body);
        let new_school = accounts::create_school(app.db(), "MOI1", "Trường mới", "lower_secondary")
            .await
            .expect("school");
        assert_eq!(
            sheet_reviews::family_visibility(app.db(), new_school)
                .await
                .expect("q"),
            FamilyVisibility::AfterApproval,
            "a new school's default"
        );
        let set = |v: &str| json!({ "visibility": v });
        for cookie in [&head, &teacher, &parent] {
            let r = app
                .post_json(
                    "/api/sheet_review/family_visibility/set",
                    set("OnSave"),
                    Some(cookie),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        }
        let r = app
            .post_json(
                "/api/sheet_review/family_visibility/set",
                set("Whenever"),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert_eq!(
            sheet_reviews::family_visibility(app.db(), ids.school)
                .await
                .expect("q"),
            FamilyVisibility::OnSave
        );
        let r = app
            .post_json(
                "/api/sheet_review/family_visibility/set",
                set("AfterCheck"),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            sheet_reviews::family_visibility(app.db(), ids.school)
                .await
                .expect("q"),
            FamilyVisibility::AfterCheck
        );
        let log = audit::latest(app.db(), ids.school, 5).await.expect("audit");
        assert!(log.iter().any(|e| e.entity == "school_setting"
            && e.entity_id == "family_visibility"
            && e.old_value.as_deref() == Some("saved")
            && e.new_value.as_deref() == Some("checked")));
    });
}
