//! Class announcements over HTTP on both databases (issue 8): the homeroom teacher posts (markup
//! removed, limits kept), the class's families see it on their child's page with a notice,
//! another class's families do not; a subject teacher reads but may not post; refusals store
//! nothing.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::db::scores;
use app::server::demo::DEMO_PASSWORD;
use databases::TestDb;
use http::StatusCode;
use serde_json::Value;
use support::TestApp;

const CHILD: &str = "7901692934";

async fn post(
    app: &TestApp,
    cookie: &str,
    class: i64,
    title: &str,
    body: &str,
) -> (StatusCode, Value) {
    let form = format!(
        "class_id={class}&title={}&body={}",
        urlencode(title),
        urlencode(body)
    );
    let r = app
        .post_form("/api/class/announcements/post", &form, Some(cookie))
        .await;
    (
        r.status,
        serde_json::from_str(&r.body).unwrap_or(Value::String(r.body)),
    )
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn child_announcements(app: &TestApp, cookie: &str, code: &str) -> Vec<Value> {
    let r = app
        .post_form("/api/family/child", &format!("code={code}"), Some(cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["announcements"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_homeroom_teacher_announces_to_the_class_families_only() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let homeroom = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let parent = app.login(CHILD, DEMO_PASSWORD).await;
        let other_class_code = scores::students_of_class(app.db(), y.class("6A2"))
            .await
            .expect("students")
            .first()
            .expect("a student")
            .code
            .clone();
        let other_parent = app.login(&other_class_code, DEMO_PASSWORD).await;

        for (title, body) in [
            (" ", "x"),
            ("Họp", "<script>alert(1)</script>"),
            (&"a".repeat(201)[..], "x"),
        ] {
            let (s, msg) = post(&app, &homeroom, class, title, body).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{msg}");
        }
        let (s, _) = post(&app, &teacher, class, "Họp", "Thứ Bảy").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = post(&app, &parent, class, "Họp", "Thứ Bảy").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert!(
            child_announcements(&app, &parent, CHILD).await.is_empty(),
            "nothing stored"
        );

        let (s, a) = post(
            &app,
            &homeroom,
            class,
            "Họp phụ huynh <b>cuối kì</b>",
            "Thứ Bảy 7 giờ, phòng 6A1.<img src=x onerror=alert(1)>",
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{a}");
        assert_eq!(a["title"], "Họp phụ huynh cuối kì");
        assert_eq!(a["body"], "Thứ Bảy 7 giờ, phòng 6A1.");

        let seen = child_announcements(&app, &parent, CHILD).await;
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0]["title"], "Họp phụ huynh cuối kì");
        assert!(child_announcements(&app, &other_parent, &other_class_code)
            .await
            .is_empty());
        let notices = app
            .post_form("/api/notifications", "", Some(&parent))
            .await
            .json();
        assert!(notices
            .as_array()
            .expect("notices")
            .iter()
            .any(|n| n["kind"] == "class_announcement"));
        let notices = app
            .post_form("/api/notifications", "", Some(&other_parent))
            .await
            .json();
        assert!(!notices
            .as_array()
            .expect("notices")
            .iter()
            .any(|n| n["kind"] == "class_announcement"));

        // The class's teachers read them; a parent may not read the staff list.
        let r = app
            .post_form(
                "/api/class/announcements",
                &format!("class_id={class}"),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json().as_array().map(Vec::len), Some(1));
        let r = app
            .post_form(
                "/api/class/announcements",
                &format!("class_id={class}"),
                Some(&parent),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    });
}
