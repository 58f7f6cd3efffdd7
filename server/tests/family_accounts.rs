//! Family accounts over HTTP on both databases (issue 8): the admin creates the missing parent
//! (and student) accounts of a class in one step and gets the slips; a slip's password signs
//! in and must be changed first; new slips only for accounts never used; a parent links a
//! second child with that child's code and slip, once; nobody else may do either.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::demo::DEMO_PASSWORD;
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

async fn new_student(app: &TestApp, admin: &str, code: &str, name: &str, class_id: i64) -> i64 {
    let r = app
        .post_json(
            "/api/admin/student/create",
            json!({
                "form": {"code": code, "full_name": name, "date_of_birth": "03/02/2014",
                         "gender": "Nữ", "ethnicity": "Kinh", "religion": "", "nationality": "",
                         "national_id": "", "place_of_birth": "", "hometown": "", "address": "",
                         "current_address": "", "policy_group": ""},
                "admission": {"class_id": class_id, "transfer_in": false, "date": "2026-10-01",
                              "other_school": ""}}),
            Some(admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
    r.json().as_i64().expect("student id")
}

async fn batch(app: &TestApp, cookie: &str, class_id: i64, students: bool, reissue: bool) -> Value {
    let r = app
        .post_json(
            "/api/admin/family_accounts",
            json!({"class_id": class_id, "student_accounts": students, "reissue_unused": reissue}),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
    r.json()
}

fn slip<'a>(out: &'a Value, username: &str) -> &'a Value {
    out["slips"]
        .as_array()
        .expect("slips")
        .iter()
        .find(|s| s["username"] == username)
        .unwrap_or_else(|| panic!("no slip for {username}: {out}"))
}

fn password(out: &Value, username: &str) -> String {
    slip(out, username)["password"]
        .as_str()
        .expect("password")
        .to_string()
}

async fn children(app: &TestApp, cookie: &str) -> Vec<String> {
    let r = app.post_form("/api/home", "", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["children"]
        .as_array()
        .expect("children")
        .iter()
        .map(|c| c["code"].as_str().expect("code").to_string())
        .collect()
}

async fn link(app: &TestApp, cookie: &str, code: &str, pw: &str) -> support::Reply {
    app.post_json(
        "/api/family/link_child",
        json!({"code": code, "slip_password": pw}),
        Some(cookie),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_class_batch_creates_the_missing_accounts_and_their_slips_sign_in_once() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A2");
        let admin = app.login("admin", DEMO_PASSWORD).await;
        new_student(&app, &admin, "F000000001", "Trần Thị Bích", class).await;
        new_student(&app, &admin, "F000000002", "An Văn Cường", class).await;

        let out = batch(&app, &admin, class, false, false).await;
        assert_eq!(out["created"], 2, "{}: {out}", app.t.label);
        let names: Vec<&str> = out["slips"]
            .as_array()
            .expect("slips")
            .iter()
            .map(|s| s["student_name"].as_str().expect("name"))
            .collect();
        // Vietnamese order: by given name (Bích before Cường).
        assert_eq!(names, ["Trần Thị Bích", "An Văn Cường"]);
        assert!(
            out["in_use"].as_i64().expect("in use") > 0,
            "the demo families: {out}"
        );
        let first = password(&out, "f000000001");
        assert_eq!(slip(&out, "f000000001")["class_name"], "6A2");

        // Nothing new the second time; the unused ones get new slips only when asked.
        let again = batch(&app, &admin, class, false, false).await;
        assert_eq!(
            (again["created"].clone(), again["slips"].clone()),
            (json!(0), json!([]))
        );
        let renewed = batch(&app, &admin, class, false, true).await;
        assert_eq!(renewed["reissued"], 2, "{renewed}");
        let second = password(&renewed, "f000000001");
        assert_ne!(first, second);
        let old = app.login_from("f000000001", &first, [10, 0, 0, 7]).await;
        assert_eq!(
            old.status,
            StatusCode::UNAUTHORIZED,
            "the old slip no longer works"
        );

        // The slip signs in, must change its password, then sees the child.
        let r = app.login_from("f000000001", &second, [10, 0, 0, 8]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let cookie = r.session_cookie().expect("cookie");
        let home = app.post_form("/api/home", "", Some(&cookie)).await;
        assert_eq!(home.json(), json!("MustChangePassword"));
        let change = format!("current={second}&new_password=Gia-dinh-2026&confirm=Gia-dinh-2026");
        let r = app
            .post_form("/api/change_password", &change, Some(&cookie))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let cookie = app.login("f000000001", "Gia-dinh-2026").await;
        assert_eq!(children(&app, &cookie).await, ["F000000001"]);

        // An account in use never gets a slip again.
        let later = batch(&app, &admin, class, false, true).await;
        assert_eq!(later["reissued"], 1, "only the other one: {later}");
        assert!(later["slips"]
            .as_array()
            .expect("slips")
            .iter()
            .all(|s| s["username"] != "f000000001"));

        // Student accounts on request: "hs" + code, signed in as the student.
        let out = batch(&app, &admin, class, true, false).await;
        let hs = password(&out, "hsf000000002");
        assert_eq!(slip(&out, "hsf000000002")["kind"], "Student");
        let r = app.login_from("hsf000000002", &hs, [10, 0, 0, 9]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);

        // Only the admin creates accounts.
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        for cookie in [&teacher, &parent] {
            let r = app
                .post_json(
                    "/api/admin/family_accounts",
                    json!({"class_id": class, "student_accounts": true, "reissue_unused": true}),
                    Some(cookie),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        }
        // A class of another school is not found.
        let other = app.admin_of_another_school("khac").await;
        let r = app
            .post_json(
                "/api/admin/family_accounts",
                json!({"class_id": class, "student_accounts": false, "reissue_unused": true}),
                Some(&other),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_links_a_second_child_once_with_its_slip() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("7A1");
        let admin = app.login("admin", DEMO_PASSWORD).await;
        new_student(&app, &admin, "L000000001", "Phạm Minh Khôi", class).await;
        new_student(&app, &admin, "L000000002", "Phạm Minh Khang", class).await;
        new_student(&app, &admin, "L000000003", "Đỗ Thu Hà", class).await;
        let out = batch(&app, &admin, class, false, false).await;
        let khoi = password(&out, "l000000001");
        let khang = password(&out, "l000000002");
        // Another family, signed in and past its first password.
        let r = app
            .login_from("l000000003", &password(&out, "l000000003"), [10, 0, 0, 4])
            .await;
        let cookie = r.session_cookie().expect("cookie");
        let change = format!(
            "current={}&new_password=Gia-dinh-2028&confirm=Gia-dinh-2028",
            password(&out, "l000000003")
        );
        let r = app
            .post_form("/api/change_password", &change, Some(&cookie))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let other_parent = app.login("l000000003", "Gia-dinh-2028").await;

        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        let before = children(&app, &parent).await;
        assert!(!before.contains(&"L000000001".to_string()));

        // A wrong password and an unknown code say the same, and change nothing.
        for (code, pw) in [
            ("L000000001", "sai-mat-khau-1"),
            ("Z999999999", khoi.as_str()),
        ] {
            let r = link(&app, &parent, code, pw).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
            assert!(r.body.contains("WrongSlip"), "{}", r.body);
        }
        assert_eq!(children(&app, &parent).await, before);

        let r = link(&app, &parent, " l000000001 ", &khoi).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        assert_eq!(r.json()["full_name"], "Phạm Minh Khôi");
        let now = children(&app, &parent).await;
        assert_eq!(now.len(), before.len() + 1);
        assert!(now.contains(&"L000000001".to_string()));

        // The slip is spent: it neither signs in nor links again, here or elsewhere.
        let r = app.login_from("l000000001", &khoi, [10, 0, 0, 5]).await;
        assert_ne!(r.status, StatusCode::OK, "{}", r.body);
        let r = link(&app, &parent, "L000000001", &khoi).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("AlreadyYours"), "{}", r.body);
        let r = link(&app, &other_parent, "L000000001", &khoi).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("SlipUsed"), "{}", r.body);
        assert!(!children(&app, &other_parent)
            .await
            .contains(&"L000000001".to_string()));

        // A slip already signed in with is used too.
        let r = app.login_from("l000000002", &khang, [10, 0, 0, 6]).await;
        let cookie = r.session_cookie().expect("cookie");
        let change = format!("current={khang}&new_password=Gia-dinh-2027&confirm=Gia-dinh-2027");
        let r = app
            .post_form("/api/change_password", &change, Some(&cookie))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = link(&app, &parent, "L000000002", "Gia-dinh-2027").await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("SlipUsed"), "{}", r.body);

        // The closed slip account is neither "taken" nor renewed by a later batch.
        let after = batch(&app, &admin, class, false, true).await;
        assert_eq!(after["taken"], json!([]), "{after}");
        assert!(after["slips"]
            .as_array()
            .expect("slips")
            .iter()
            .all(|s| s["username"] != "l000000001"));

        // Staff and students do not link children.
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let r = link(&app, &teacher, "L000000002", &khang).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    });
}
