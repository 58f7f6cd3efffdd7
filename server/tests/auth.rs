//! Signing in and out, sessions, throttling and cross-site protection, as a browser or another
//! system sees them, on SQLite and PostgreSQL.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::db::{accounts, audit};
use app::server::demo::DEMO_PASSWORD;
use app::server::state::AuthSettings;
use axum::body::Body;
use databases::TestDb;
use http::{header, Request, StatusCode};
use serde_json::json;
use support::{TestApp, HOST};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_sets_an_http_only_cookie_and_is_audited() {
    on_both!(|app| {
        let r = app
            .login_from("gv.toan", DEMO_PASSWORD, [10, 0, 0, 1])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["next"], "/");
        let set_cookie = r.header(header::SET_COOKIE).unwrap_or("").to_string();
        assert!(
            set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
            "{set_cookie}"
        );
        let cookie = r.session_cookie().expect("cookie");
        let me = app.me(&cookie).await;
        assert_eq!(me["SignedIn"]["username"], "gv.toan", "{me}");
        assert_eq!(me["SignedIn"]["roles"], json!(["SubjectTeacher"]), "{me}");
        let user = accounts::find_by_username(app.db(), "gv.toan")
            .await
            .expect("q")
            .expect("u");
        let log = audit::latest(app.db(), user.school_id, 5)
            .await
            .expect("audit");
        assert!(
            log.iter()
                .any(|e| e.action == "login" && e.actor_user_id == Some(user.id)),
            "{log:?}"
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    on_both!(|app| {
        let wrong = app
            .login_from("gv.toan", "not-the-password1", [10, 0, 0, 2])
            .await;
        let unknown = app
            .login_from("nobody.here", "not-the-password1", [10, 0, 0, 3])
            .await;
        for r in [&wrong, &unknown] {
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
            assert_eq!(r.json(), json!("InvalidCredentials"));
            assert!(r.session_cookie().is_none());
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_are_throttled_but_other_accounts_are_not() {
    on_both!(|app| {
        for _ in 0..5 {
            let r = app
                .login_from("hieutruong", "wrong-password-1", [10, 0, 0, 4])
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        // Even the right password waits now, from any address.
        let r = app
            .login_from("hieutruong", DEMO_PASSWORD, [10, 0, 0, 5])
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        assert!(
            r.json()["Throttled"]["retry_after_secs"]
                .as_i64()
                .unwrap_or(0)
                > 0,
            "{}",
            r.body
        );
        let other = app
            .login_from("gv.toan", DEMO_PASSWORD, [10, 0, 0, 4])
            .await;
        assert_eq!(other.status, StatusCode::OK, "{}", other.body);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_posts_are_refused() {
    on_both!(|app| {
        let evil = Request::builder()
            .method("POST")
            .uri("/api/login")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "https://evil.example")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "username=admin&password={DEMO_PASSWORD}"
            )))
            .expect("request");
        let r = app.send(evil, [10, 0, 0, 6]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(r.session_cookie().is_none());
        let no_origin_but_cross_site = Request::builder()
            .method("POST")
            .uri("/api/logout")
            .header(header::HOST, HOST)
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .expect("request");
        let r = app.send(no_origin_but_cross_site, [10, 0, 0, 6]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_cookie_is_anonymous_and_private_pages_redirect_to_login() {
    on_both!(|app| {
        let cookie = app.login("gv.toan", DEMO_PASSWORD).await;
        let mut tampered = cookie.clone();
        let last = tampered.pop();
        tampered.push(if last == Some('A') { 'B' } else { 'A' });
        assert_eq!(app.me(&tampered).await, json!("Anonymous"));
        let page = app.get_page("/", Some(&tampered)).await;
        assert_eq!(page.status, StatusCode::FOUND);
        assert_eq!(page.header(header::LOCATION), Some("/login"));
        let home = app.post_form("/api/home", "", Some(&tampered)).await;
        assert_eq!(home.status, StatusCode::UNAUTHORIZED, "{}", home.body);
        assert_eq!(
            app.me("hocba_session=not-even-a-token").await,
            json!("Anonymous")
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_expires_and_says_so() {
    on_both!(|app| {
        let cookie = app.login("gv.toan", DEMO_PASSWORD).await;
        let idle = AuthSettings::default().session_idle_secs + 60;
        app::on_db!(app.db(), p => {
            sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1")
                .bind(idle).execute(p).await.expect("age the session");
        });
        assert_eq!(app.me(&cookie).await, json!("SessionExpired"));
        // The expired session is gone: the next request is simply anonymous.
        assert_eq!(app.me(&cookie).await, json!("Anonymous"));
        let page = app.get_page("/", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::FOUND);

        // A page that loads several things at once still says "expired", not "anonymous":
        // the session is looked up once per request.
        let cookie = app.login("gv.toan", DEMO_PASSWORD).await;
        app::on_db!(app.db(), p => {
            sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1")
                .bind(idle).execute(p).await.expect("age the session");
        });
        let page = app.get_page("/", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::FOUND);
        assert_eq!(page.header(header::LOCATION), Some("/login?expired=1"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_and_sign_out_everywhere_end_sessions() {
    on_both!(|app| {
        let first = app.login("hieutruong", DEMO_PASSWORD).await;
        let second = app.login("hieutruong", DEMO_PASSWORD).await;
        let sessions = app
            .post_form("/api/sessions", "", Some(&first))
            .await
            .json();
        assert_eq!(sessions.as_array().map(Vec::len), Some(2), "{sessions}");
        let r = app.post_form("/api/logout", "", Some(&first)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            r.session_cookie().as_deref(),
            Some("hocba_session="),
            "the cookie is cleared"
        );
        assert_eq!(app.me(&first).await, json!("Anonymous"));
        assert!(app.me(&second).await.get("SignedIn").is_some());
        let third = app.login("hieutruong", DEMO_PASSWORD).await;
        let r = app
            .post_form("/api/sign_out_everywhere", "", Some(&third))
            .await;
        assert_eq!(r.json(), json!(2), "two sessions ended");
        assert_eq!(app.me(&second).await, json!("Anonymous"));
        assert_eq!(app.me(&third).await, json!("Anonymous"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_cannot_end_someone_elses_session() {
    on_both!(|app| {
        let mine = app.login("gv.toan", DEMO_PASSWORD).await;
        let theirs = app.login("hieutruong", DEMO_PASSWORD).await;
        let their_id = app
            .post_form("/api/sessions", "", Some(&theirs))
            .await
            .json()[0]["id"]
            .as_i64()
            .expect("id");
        let r = app
            .post_form("/api/end_session", &format!("id={their_id}"), Some(&mine))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        assert!(app.me(&theirs).await.get("SignedIn").is_some());
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_account_must_change_its_password_before_anything_else() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let body = json!({"username": " Co.Lan ", "full_name": "Trần Thị Lan", "roles": ["SubjectTeacher"]});
        let r = app
            .post_json("/api/admin/create_user", body, Some(&admin))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let created = r.json();
        assert_eq!(created["username"], "co.lan");
        let temp = created["password"].as_str().expect("password").to_string();

        let r = app.login_from("co.lan", &temp, [10, 0, 0, 9]).await;
        assert_eq!(r.json()["next"], "/account/password");
        let cookie = r.session_cookie().expect("cookie");
        let home = app.post_form("/api/home", "", Some(&cookie)).await;
        assert_eq!(home.status, StatusCode::FORBIDDEN);
        assert_eq!(home.json(), json!("MustChangePassword"));

        let change = |new: &str, confirm: &str, current: &str| {
            format!("current={current}&new_password={new}&confirm={confirm}")
        };
        let weak = app
            .post_form(
                "/api/change_password",
                &change("short1", "short1", &temp),
                Some(&cookie),
            )
            .await;
        assert_eq!(weak.json(), json!({"WeakPassword": "TooShort"}));
        let differ = app
            .post_form(
                "/api/change_password",
                &change("hoa-sen-2026", "hoa-sen-2027", &temp),
                Some(&cookie),
            )
            .await;
        assert_eq!(differ.json(), json!("PasswordsDiffer"));
        let wrong = app
            .post_form(
                "/api/change_password",
                &change("hoa-sen-2026", "hoa-sen-2026", "nope"),
                Some(&cookie),
            )
            .await;
        assert_eq!(wrong.json(), json!("WrongCurrentPassword"));
        let ok = app
            .post_form(
                "/api/change_password",
                &change("hoa-sen-2026", "hoa-sen-2026", &temp),
                Some(&cookie),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
        assert_eq!(
            app.post_form("/api/home", "", Some(&cookie)).await.status,
            StatusCode::OK
        );
        assert_eq!(
            app.login_from("co.lan", &temp, [10, 0, 0, 9]).await.status,
            StatusCode::UNAUTHORIZED
        );

        // A reset by the admin ends the user's sessions and asks for a new password again.
        let id = created["user_id"].as_i64().expect("id");
        let reset = app
            .post_json(
                "/api/admin/reset_password",
                json!({"user_id": id}),
                Some(&admin),
            )
            .await
            .json();
        assert_eq!(app.me(&cookie).await, json!("Anonymous"));
        let r = app
            .login_from(
                "co.lan",
                reset["password"].as_str().expect("pw"),
                [10, 0, 0, 9],
            )
            .await;
        assert_eq!(r.json()["next"], "/account/password");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_posted_without_javascript_is_redirected_with_its_outcome() {
    on_both!(|app| {
        let form = |password: &str| {
            Request::builder()
                .method("POST")
                .uri("/api/login")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, format!("http://{HOST}"))
                .header(header::ACCEPT, "text/html")
                .header(header::REFERER, format!("http://{HOST}/login"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("username=gv.toan&password={password}")))
                .expect("request")
        };
        let failed = app.send(form("wrong-password-1"), [10, 0, 0, 8]).await;
        assert_eq!(failed.status, StatusCode::FOUND, "{}", failed.body);
        let back = failed.header(header::LOCATION).unwrap_or("");
        assert!(
            back.starts_with(&format!("http://{HOST}/login?")) && back.contains("__err="),
            "{back}"
        );
        let ok = app.send(form(DEMO_PASSWORD), [10, 0, 0, 8]).await;
        assert_eq!(ok.status, StatusCode::FOUND);
        assert_eq!(ok.header(header::LOCATION), Some("/"));
        assert!(ok.session_cookie().is_some());
    });
}
