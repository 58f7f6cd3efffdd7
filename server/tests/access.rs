//! Who may do and see what, by role, school and id; bad input; pages and their headers.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::db::accounts;
use app::server::demo::DEMO_PASSWORD;
use axum::body::Body;
use databases::TestDb;
use http::{header, Request, StatusCode};
use serde_json::json;
use support::{TestApp, HOST};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_functions_refuse_everyone_but_the_schools_admins() {
    on_both!(|app| {
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let target = accounts::find_by_username(app.db(), "gvcn.6a1")
            .await
            .expect("q")
            .expect("u")
            .id;
        for (path, body) in [
            ("/api/admin/users", json!({})),
            ("/api/admin/reset_password", json!({"user_id": target})),
            (
                "/api/admin/set_roles",
                json!({"user_id": target, "roles": ["Admin"]}),
            ),
            (
                "/api/admin/create_user",
                json!({"username": "x1", "full_name": "X", "roles": ["Admin"]}),
            ),
        ] {
            let r = app.post_json(path, body, Some(&teacher)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.body);
        }
        let anonymous = app.post_json("/api/admin/users", json!({}), None).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

        // An admin of another school cannot touch this school's accounts, by any id.
        let foreign = app.admin_of_another_school("OTHER").await;
        for (path, body) in [
            ("/api/admin/reset_password", json!({"user_id": target})),
            (
                "/api/admin/set_roles",
                json!({"user_id": target, "roles": ["Admin"]}),
            ),
            (
                "/api/admin/set_active",
                json!({"user_id": target, "active": false}),
            ),
        ] {
            let r = app.post_json(path, body, Some(&foreign)).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
        }
        let listed = app
            .post_json("/api/admin/users", json!({}), Some(&foreign))
            .await
            .json();
        assert_eq!(
            listed.as_array().map(Vec::len),
            Some(1),
            "only their own account: {listed}"
        );
        // The target is untouched: same roles, still signs in with the same password.
        let cookie = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let me = app.me(&cookie).await;
        assert_eq!(
            me["SignedIn"]["roles"],
            json!(["HomeroomTeacher", "SubjectTeacher"]),
            "{me}"
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_manages_roles_and_can_disable_an_account() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let id = accounts::find_by_username(app.db(), "bientap")
            .await
            .expect("q")
            .expect("u")
            .id;
        let r = app
            .post_json(
                "/api/admin/set_roles",
                json!({"user_id": id, "roles": ["Editor", "Principal", "Editor"]}),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let editor = app.login("bientap", DEMO_PASSWORD).await;
        assert_eq!(
            app.me(&editor).await["SignedIn"]["roles"],
            json!(["Principal", "Editor"])
        );
        let r = app
            .post_json(
                "/api/admin/set_active",
                json!({"user_id": id, "active": false}),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            app.me(&editor).await,
            json!("Anonymous"),
            "disabling ends the sessions"
        );
        let refused = app
            .login_from("bientap", DEMO_PASSWORD, [10, 0, 0, 7])
            .await;
        assert_eq!(refused.json(), json!("AccountDisabled"));
        let log = app::server::db::audit::latest(app.db(), 1, 20)
            .await
            .expect("audit");
        assert!(log
            .iter()
            .any(|e| e.action == "roles_changed" && e.entity_id == id.to_string()));
        assert!(log
            .iter()
            .any(|e| e.action == "user_disabled" && e.old_value.as_deref() == Some("true")));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_a_clear_error_and_change_nothing() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let before = accounts::count_users(app.db(), 1).await.expect("count");
        let malformed = Request::builder()
            .method("POST")
            .uri("/api/admin/create_user")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::COOKIE, &admin)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{\"username\": "))
            .expect("request");
        let r = app.send(malformed, [10, 0, 0, 1]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.json().get("BadRequest").is_some(), "{}", r.body);
        for body in [
            json!({"username": "bad name", "full_name": "X", "roles": ["Admin"]}),
            json!({"username": "ok.name", "full_name": "  ", "roles": ["Admin"]}),
            json!({"username": "ok.name", "full_name": "X", "roles": []}),
            json!({"username": "ok.name", "full_name": "X", "roles": ["Wizard"]}),
            json!({"username": "gv.toan", "full_name": "X", "roles": ["Admin"]}),
        ] {
            let r = app
                .post_json("/api/admin/create_user", body.clone(), Some(&admin))
                .await;
            assert!(
                r.status.is_client_error(),
                "{body}: {} {}",
                r.status,
                r.body
            );
        }
        let missing = app.post_form("/api/login", "username=admin", None).await;
        assert_eq!(missing.status, StatusCode::BAD_REQUEST, "{}", missing.body);
        assert_eq!(
            accounts::count_users(app.db(), 1).await.expect("count"),
            before
        );
        let admin_id = accounts::find_by_username(app.db(), "admin")
            .await
            .expect("q")
            .expect("u")
            .id;
        let demote = app
            .post_json(
                "/api/admin/set_roles",
                json!({"user_id": admin_id, "roles": ["Editor"]}),
                Some(&admin),
            )
            .await;
        assert_eq!(demote.json(), json!("CannotDemoteSelf"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_sees_only_their_own_child() {
    on_both!(|app| {
        let parents: Vec<String> = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE r.role = 'parent' ORDER BY u.id LIMIT 2").fetch_all(p).await.expect("parents"));
        let cookie = app.login(&parents[0], DEMO_PASSWORD).await;
        let home = app.post_form("/api/home", "", Some(&cookie)).await.json();
        let children = home["children"].as_array().expect("children");
        assert_eq!(children.len(), 1, "{home}");
        assert_eq!(children[0]["code"], parents[0].as_str());
        assert!(
            home["school"].is_null(),
            "no school-wide figures for a parent: {home}"
        );
        assert!(home["teaching"].as_array().is_some_and(Vec::is_empty));
        let admin_list = app
            .post_json("/api/admin/users", json!({}), Some(&cookie))
            .await;
        assert_eq!(admin_list.status, StatusCode::FORBIDDEN);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers_and_a_script_nonce() {
    on_both!(|app| {
        let page = app.get_page("/login", None).await;
        assert_eq!(page.status, StatusCode::OK);
        for name in [
            "x-content-type-options",
            "x-frame-options",
            "referrer-policy",
            "content-security-policy",
        ] {
            assert!(page.headers.contains_key(name), "missing {name}");
        }
        assert_eq!(page.header(header::CACHE_CONTROL), Some("no-store"));
        let csp = page
            .header(header::CONTENT_SECURITY_POLICY)
            .expect("csp")
            .to_string();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .expect("nonce");
        assert!(
            page.body.contains(&format!("nonce=\"{nonce}\"")),
            "the hydration script carries the nonce"
        );
        assert!(
            page.body.contains("<html lang=\"vi\""),
            "Vietnamese by default"
        );
        assert!(page.body.contains("Đăng nhập"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_sets_a_cookie_and_pages_follow_it() {
    on_both!(|app| {
        let req = TestApp::request("GET", "/lang/en", None)
            .header(header::REFERER, format!("http://{HOST}/login?x=1"))
            .body(Body::empty())
            .expect("request");
        let r = app.send(req, [10, 0, 0, 1]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.header(header::LOCATION), Some("/login?x=1"));
        let cookie = r.header(header::SET_COOKIE).expect("cookie");
        let cookie = cookie.split(';').next().expect("pair").to_string();
        let page = app.get_page("/login", Some(&cookie)).await;
        assert!(
            page.body.contains("<html lang=\"en\""),
            "{}",
            &page.body[..200.min(page.body.len())]
        );
        assert!(page.body.contains("Sign in"));
        let req = TestApp::request("GET", "/lang/xx", None)
            .body(Body::empty())
            .expect("request");
        let bad = app.send(req, [10, 0, 0, 1]).await;
        assert_eq!(bad.status, StatusCode::SEE_OTHER);
        assert!(bad.headers.get(header::SET_COOKIE).is_none());
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_gets_its_home_page_rendered_on_the_server() {
    on_both!(|app| {
        for (user, marker) in [
            ("admin", "panel-school"),
            ("hieutruong", "panel-school"),
            ("totruong.toan", "panel-group"),
            ("gvcn.6a1", "panel-homeroom"),
            ("gv.toan", "panel-teaching"),
            ("bientap", "panel-editor"),
        ] {
            let cookie = app.login(user, DEMO_PASSWORD).await;
            let page = app.get_page("/", Some(&cookie)).await;
            assert_eq!(page.status, StatusCode::OK, "{user}");
            assert!(
                page.body.contains(&format!("data-testid=\"{marker}\"")),
                "{user}: no {marker}"
            );
        }
        let cookie = app.login("gv.toan", DEMO_PASSWORD).await;
        let page = app.get_page("/admin/users", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let nope = app.get_page("/no/such/page", None).await;
        assert_eq!(nope.status, StatusCode::NOT_FOUND);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_class_list_is_in_vietnamese_order_and_only_for_its_teachers_and_the_board() {
    use app::domain::vietnamese::{compare_names, PersonName};
    on_both!(|app| {
        let class_id: i64 = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT id FROM classes WHERE name = '6A1'").fetch_one(p).await.expect("6A1"));
        let path = "/api/class_roster";
        let form = format!("class_id={class_id}");
        for user in ["gvcn.6a1", "gv.toan", "hieutruong", "admin"] {
            let cookie = app.login(user, DEMO_PASSWORD).await;
            let r = app.post_form(path, &form, Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::OK, "{user}: {}", r.body);
            let roster = r.json();
            assert_eq!(roster["name"], "6A1");
            let students = roster["students"].as_array().expect("students");
            assert!((35..=45).contains(&students.len()), "{}", students.len());
            let names: Vec<PersonName> = students
                .iter()
                .map(|s| {
                    PersonName::split_full(s["full_name"].as_str().expect("name")).expect("split")
                })
                .collect();
            assert!(
                names
                    .windows(2)
                    .all(|w| compare_names(&w[0], &w[1]).is_le()),
                "class order is broken: {names:?}"
            );
            assert_eq!(students[0]["number"], 1);
        }
        // A teacher of other classes only, a parent, and another school's admin may not.
        let other_teacher: String = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE r.role = 'subject_teacher' AND u.id NOT IN \
               (SELECT teacher_id FROM teaching_assignments WHERE class_id = $1) \
             AND u.id NOT IN (SELECT user_id FROM user_roles WHERE role = 'group_head') \
             ORDER BY u.id LIMIT 1").bind(class_id).fetch_one(p).await.expect("teacher"));
        for user in [other_teacher.as_str(), "7901692934"] {
            let cookie = app.login(user, DEMO_PASSWORD).await;
            let r = app.post_form(path, &form, Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}: {}", r.body);
        }
        let foreign = app.admin_of_another_school("OTHER2").await;
        let r = app.post_form(path, &form, Some(&foreign)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let page = app
            .get_page(
                &format!("/classes/{class_id}"),
                Some(&app.login("gvcn.6a1", DEMO_PASSWORD).await),
            )
            .await;
        assert!(page.body.contains("data-testid=\"roster\""));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_deployments_also_send_strict_transport_security() {
    let t = TestDb::sqlite().await;
    let state = app::server::state::AppState {
        db: t.db.clone(),
        auth: app::server::state::AuthSettings {
            secure_cookies: true,
            ..Default::default()
        },
        leptos_options: leptos::config::LeptosOptions::builder()
            .output_name("hocba")
            .build(),
    };
    let router = server::router::build(state);
    let req = TestApp::request("GET", "/healthz", None)
        .body(Body::empty())
        .expect("request");
    let res = tower::ServiceExt::oneshot(router, req)
        .await
        .expect("infallible");
    assert!(res
        .headers()
        .contains_key(header::STRICT_TRANSPORT_SECURITY));
    t.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_class_list_downloads_as_xlsx_in_the_same_order_for_the_same_people() {
    use calamine::{Reader, Xlsx};
    on_both!(|app| {
        let class_id: i64 = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT id FROM classes WHERE name = '6A1'").fetch_one(p).await.expect("6A1"));
        let cookie = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let roster = app
            .post_form(
                "/api/class_roster",
                &format!("class_id={class_id}"),
                Some(&cookie),
            )
            .await
            .json();
        let path = format!("/classes/{class_id}/list.xlsx");
        let res = app.get_page(&path, Some(&cookie)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(res
            .header(header::CONTENT_TYPE)
            .unwrap_or("")
            .contains("spreadsheetml"));
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(res.bytes)).expect("a valid xlsx");
        let sheet = book.worksheet_range("6A1").expect("sheet 6A1");
        let names: Vec<String> = sheet.rows().skip(4).map(|r| r[2].to_string()).collect();
        let expected: Vec<String> = roster["students"]
            .as_array()
            .expect("students")
            .iter()
            .map(|s| s["full_name"].as_str().expect("name").to_string())
            .collect();
        assert_eq!(names, expected, "{}: same people, same order", app.t.label);
        let codes: Vec<String> = sheet.rows().skip(4).map(|r| r[1].to_string()).collect();
        assert!(
            codes.iter().all(|c| c.len() == 10),
            "codes stay text: {codes:?}"
        );

        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        assert_eq!(
            app.get_page(&path, Some(&parent)).await.status,
            StatusCode::FORBIDDEN
        );
        let anonymous = app.get_page(&path, None).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        assert!(anonymous.body.contains("đăng nhập"), "{}", anonymous.body);
        let log = app::server::db::audit::latest(app.db(), 1, 10)
            .await
            .expect("audit");
        assert!(log
            .iter()
            .any(|e| e.action == "export" && e.entity_id == class_id.to_string()));
    });
}
