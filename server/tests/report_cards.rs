//! Report cards over HTTP on both databases (issue 8): a family downloads their own child's
//! PDF and print page (a real PDF whose text holds the child's name, built from approved data
//! only, saying when and from what); the homeroom teacher and the board print a whole class,
//! one page per student, audited; nobody else, and no other child.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::db::{audit, scores};
use app::server::demo::DEMO_PASSWORD;
use databases::TestDb;
use http::StatusCode;
use serde_json::json;
use support::TestApp;

const CHILD: &str = "7901692934";

async fn get(app: &TestApp, path: &str, cookie: &str) -> (StatusCode, Option<String>, Vec<u8>) {
    let req = TestApp::request("GET", path, Some(cookie))
        .body(axum::body::Body::empty())
        .expect("request");
    let r = app.send(req, [127, 0, 0, 1]).await;
    let kind = r.header(http::header::CONTENT_TYPE).map(str::to_string);
    (r.status, kind, r.bytes)
}

fn text_of(pdf: &[u8]) -> (usize, String) {
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let pages = pdf_extract::extract_text_from_mem_by_pages(pdf).expect("a readable PDF");
    (pages.len(), pages.join("\n"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_family_prints_their_childs_card_from_approved_data_only() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let parent = app.login(CHILD, DEMO_PASSWORD).await;

        let (s, kind, body) = get(
            &app,
            &format!("/children/{CHILD}/report.pdf?period=1"),
            &parent,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
        assert_eq!(kind.as_deref(), Some("application/pdf"));
        let (pages, text) = text_of(&body);
        assert_eq!(pages, 1);
        for expected in [
            "Lê Gia Dũng",
            "PHIẾU BÁO KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN",
            "6A1",
            "Học kì I",
            "In lúc",
        ] {
            assert!(text.contains(expected), "{expected} in:\n{text}");
        }
        // The demo's sheets are drafts, even though the demo shows them on screen as saved.
        assert!(text.contains("0/"), "no sheet approved yet:\n{text}");
        let (s, kind, page) = get(
            &app,
            &format!("/children/{CHILD}/report.html?period=1"),
            &parent,
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(kind.as_deref().is_some_and(|k| k.starts_with("text/html")));
        let page = String::from_utf8(page).expect("utf-8");
        assert!(
            page.contains("Lê Gia Dũng") && page.contains("Chưa duyệt"),
            "{page}"
        );
        assert!(!page.contains("<script"), "no script on the print page");

        // Toán approved: its average is on the card, computed as the school computes it.
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let head = app.login("totruong.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        for (cookie, act, version) in [
            (&teacher, "Submit", 0),
            (&head, "Check", 1),
            (&principal, "Approve", 2),
        ] {
            let r = app
                .post_json(
                    "/api/sheet_review/act",
                    json!({"class_id": class, "subject_id": y.toan, "semester_id": y.semester1,
                           "act": act, "expected_version": version, "comment": "", "confirm_missing": true}),
                    Some(cookie),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{act}: {}", r.body);
        }
        let class_row = app::server::db::classes::find(app.db(), class)
            .await
            .expect("q")
            .expect("class");
        let sheet = app::server::grade_sheet::load(
            app.db(),
            class_row,
            scores::subjects_of_class(app.db(), class)
                .await
                .expect("s")
                .into_iter()
                .find(|s| s.id == y.toan)
                .expect("toan"),
            scores::semester(app.db(), y.semester1)
                .await
                .expect("q")
                .expect("semester"),
        )
        .await
        .expect("sheet");
        let average = sheet
            .rows
            .iter()
            .find(|r| r.student.code == CHILD)
            .and_then(|r| r.outcome.subject_result().value())
            .map(|r| app::ui::pages::class_summary::result_text(Some(r), app::i18n::Lang::Vi))
            .expect("the child's Toán average");
        let (_, _, body) = get(
            &app,
            &format!("/children/{CHILD}/report.pdf?period=1"),
            &parent,
        )
        .await;
        let (_, text) = text_of(&body);
        assert!(text.contains("1/"), "one sheet approved:\n{text}");
        let page = String::from_utf8(
            get(
                &app,
                &format!("/children/{CHILD}/report.html?period=1"),
                &parent,
            )
            .await
            .2,
        )
        .expect("utf-8");
        assert!(page.contains("<td>Toán</td>"), "{page}");
        assert!(
            page.contains(&format!("<td>{average}</td>")),
            "Toán {average} in the page"
        );

        // Another child, staff on the family route, a bad period: refused.
        let other = scores::students_of_class(app.db(), class)
            .await
            .expect("students")
            .into_iter()
            .find(|s| s.code != CHILD)
            .expect("another")
            .code;
        assert_eq!(
            get(&app, &format!("/children/{other}/report.pdf"), &parent)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(&app, &format!("/children/{other}/report.html"), &parent)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(&app, &format!("/children/{CHILD}/report.pdf"), &teacher)
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            get(
                &app,
                &format!("/children/{CHILD}/report.pdf?period=3"),
                &parent
            )
            .await
            .0,
            StatusCode::BAD_REQUEST
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_homeroom_teacher_prints_the_class_one_page_per_student_and_it_is_audited() {
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let students = scores::students_of_class(app.db(), class)
            .await
            .expect("students");
        let homeroom = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let (s, kind, body) = get(
            &app,
            &format!("/classes/{class}/report-cards.pdf?period=1"),
            &homeroom,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
        assert_eq!(kind.as_deref(), Some("application/pdf"));
        let (pages, text) = text_of(&body);
        assert_eq!(pages, students.len(), "one page per student");
        for s in &students {
            assert!(text.contains(&s.full_name), "{} in the batch", s.full_name);
        }
        let log = audit::latest(app.db(), y.school, 5).await.expect("audit");
        assert!(log.iter().any(|e| e.action == "export"
            && e.entity == "report_cards"
            && e.entity_id == class.to_string()));
        let (s, _, page) = get(
            &app,
            &format!("/classes/{class}/report-cards.html?period=year"),
            &homeroom,
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let page = String::from_utf8(page).expect("utf-8");
        assert_eq!(
            page.matches("data-testid=\"report-card\"").count(),
            students.len()
        );

        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        assert_eq!(
            get(
                &app,
                &format!("/classes/{class}/report-cards.pdf"),
                &principal
            )
            .await
            .0,
            StatusCode::OK
        );
        for user in ["gv.toan", CHILD] {
            let cookie = app.login(user, DEMO_PASSWORD).await;
            assert_eq!(
                get(&app, &format!("/classes/{class}/report-cards.pdf"), &cookie)
                    .await
                    .0,
                StatusCode::FORBIDDEN,
                "{user}"
            );
        }
        let foreign = app.admin_of_another_school("KHAC9").await;
        assert_eq!(
            get(
                &app,
                &format!("/classes/{class}/report-cards.pdf"),
                &foreign
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
    });
}
