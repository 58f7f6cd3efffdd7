//! A running Hocba for black-box tests: the real router over a real database holding the demo
//! school, driven with `oneshot` requests (no socket). Tests run on a multi-threaded runtime,
//! as the server does: rendering pages on tokio's single-threaded test runtime occasionally
//! stalled (about one run in five), which the served app never showed under load.
#![allow(dead_code)] // each test binary uses a different part of it
use super::databases::TestDb;
use app::server::db::Db;
use app::server::state::{AppState, AuthSettings};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use http::{header, Request, StatusCode};
use leptos::config::LeptosOptions;
use serde_json::Value;
use std::net::SocketAddr;
use tower::ServiceExt;

pub const HOST: &str = "hocba.test";

/// Far beyond any request's time here, even on a loaded CI machine.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);
pub struct TestApp {
    router: Router,
    pub t: TestDb,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The session cookie pair from `Set-Cookie`, if one was set (an empty value clears it).
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("hocba_session="))
            .map(|c| c.split(';').next().unwrap_or("").to_string())
    }

    pub fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl TestApp {
    pub async fn start(t: TestDb) -> TestApp {
        app::server::demo::load(&t.db).await.expect("demo school");
        let state = AppState {
            db: t.db.clone(),
            auth: AuthSettings::default(),
            leptos_options: LeptosOptions::builder()
                .output_name("hocba")
                .site_root("target/site")
                .build(),
        };
        TestApp {
            router: server::router::build(state),
            t,
        }
    }

    pub fn db(&self) -> &Db {
        &self.t.db
    }

    pub async fn send(&self, mut req: Request<Body>, ip: [u8; 4]) -> Reply {
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
        // A request that never answers fails the test, naming itself, instead of hanging the run.
        let what = format!("{}: {} {}", self.t.label, req.method(), req.uri());
        let answer = async {
            let res = self.router.clone().oneshot(req).await.expect("infallible");
            let (parts, body) = res.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.expect("body");
            (parts, bytes)
        };
        let (parts, bytes) = tokio::time::timeout(REQUEST_TIMEOUT, answer)
            .await
            .unwrap_or_else(|_| panic!("{what}: no answer within {REQUEST_TIMEOUT:?}"));
        let (status, headers) = (parts.status, parts.headers);
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// A request as our own pages send it (same origin).
    pub fn request(method: &str, path: &str, cookie: Option<&str>) -> http::request::Builder {
        let accept = if method == "GET" {
            "text/html"
        } else {
            "application/json"
        };
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT, accept);
        if method == "POST" {
            b = b.header(header::ORIGIN, format!("http://{HOST}"));
        }
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        b
    }

    pub async fn post_form(&self, path: &str, form: &str, cookie: Option<&str>) -> Reply {
        let req = Self::request("POST", path, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.to_string()))
            .expect("request");
        self.send(req, [10, 0, 0, 1]).await
    }

    pub async fn post_json(&self, path: &str, body: Value, cookie: Option<&str>) -> Reply {
        let req = Self::request("POST", path, cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(req, [10, 0, 0, 1]).await
    }

    pub async fn get_page(&self, path: &str, cookie: Option<&str>) -> Reply {
        let req = Self::request("GET", path, cookie)
            .body(Body::empty())
            .expect("request");
        self.send(req, [10, 0, 0, 1]).await
    }

    pub async fn login_from(&self, username: &str, password: &str, ip: [u8; 4]) -> Reply {
        let req = Self::request("POST", "/api/login", None)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "username={username}&password={password}"
            )))
            .expect("request");
        self.send(req, ip).await
    }

    /// Signs in and returns the `Cookie` header value to send.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let r = self.login_from(username, password, [10, 0, 0, 1]).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{}: login {username}: {}",
            self.t.label,
            r.body
        );
        r.session_cookie().expect("session cookie")
    }

    /// Creates another school with an admin of its own and signs them in.
    pub async fn admin_of_another_school(&self, code: &str) -> String {
        use app::domain::role::Role;
        use app::server::db::accounts;
        let school = accounts::create_school(self.db(), code, "Trường khác", "lower_secondary")
            .await
            .expect("school");
        let hash = app::server::auth::hash_password("other-admin-pw1".into())
            .await
            .expect("hash");
        let username = format!("admin.{}", code.to_lowercase());
        accounts::create_user(
            self.db(),
            &accounts::NewUser {
                school_id: school,
                username: &username,
                full_name: "Admin Khác",
                email: None,
                password_hash: &hash,
                must_change_password: false,
                roles: &[Role::Admin],
            },
        )
        .await
        .expect("other admin");
        self.login(&username, "other-admin-pw1").await
    }

    pub async fn me(&self, cookie: &str) -> Value {
        self.post_form("/api/me", "", Some(cookie)).await.json()
    }
}

/// Runs the body on a fresh app over SQLite, then over PostgreSQL.
#[macro_export]
macro_rules! on_both {
    (|$app:ident| $body:block) => {
        for t in TestDb::all().await {
            let $app = TestApp::start(t).await;
            $body
            $app.t.finish().await;
        }
    };
}

/// The demo school's current year, as the grade-sheet tests address it.
pub struct DemoYear {
    pub school: i64,
    /// The current year's classes by name.
    pub classes: Vec<(String, i64)>,
    pub toan: i64,
    pub semester1: i64,
}

impl DemoYear {
    pub fn class(&self, name: &str) -> i64 {
        self.classes
            .iter()
            .find(|c| c.0 == name)
            .unwrap_or_else(|| panic!("class {name}"))
            .1
    }
}

impl TestApp {
    /// The demo school's ids: its current year's classes, Toán and semester I.
    pub async fn demo_year(&self) -> DemoYear {
        use app::server::db::{class_admin, school_years, students, subjects};
        let db = self.db();
        let school = students::find_by_code(db, "7901692934")
            .await
            .expect("q")
            .expect("student")
            .school_id;
        let year = school_years::current(db, school)
            .await
            .expect("q")
            .expect("year");
        let classes = class_admin::list(db, school, year.id)
            .await
            .expect("classes")
            .into_iter()
            .map(|c| (c.name, c.id))
            .collect();
        let toan = subjects::list(db, school)
            .await
            .expect("subjects")
            .into_iter()
            .find(|s| s.code == "TOAN")
            .expect("TOAN")
            .id;
        let semester1 = school_years::semesters(db, school)
            .await
            .expect("semesters")
            .into_iter()
            .find(|s| s.school_year_id == year.id && s.number == 1)
            .expect("semester 1")
            .id;
        DemoYear {
            school,
            classes,
            toan,
            semester1,
        }
    }
}
