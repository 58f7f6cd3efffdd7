//! The integration API (/api/v1) through the real router on both databases: tokens, scopes,
//! access by user and school, version conflicts, validation, and the OpenAPI document.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::auth::token_hash;
use app::server::db::{accounts, api_tokens, now};
use app::server::demo::DEMO_PASSWORD;
use axum::body::Body;
use databases::TestDb;
use http::{header, Request, StatusCode};
use serde_json::{json, Value};
use support::{Reply, TestApp, HOST};

/// Creates a token for `username` straight in the database (the UI path is tested below).
async fn token(app: &TestApp, username: &str, scopes: &str, expires_at: Option<i64>) -> String {
    let user = accounts::find_by_username(app.db(), username)
        .await
        .expect("find")
        .expect("user");
    let token = format!("hocba_test_{username}_{}", rand::random::<u64>());
    api_tokens::create(
        app.db(),
        &api_tokens::NewToken {
            school_id: user.school_id,
            user_id: user.id,
            name: "test",
            token_hash: &token_hash(&token),
            scopes,
            expires_at,
        },
    )
    .await
    .expect("token");
    token
}

const ALL: &str = "structure:read students:read results:read scores:write";

async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Reply {
    // As another system sends it: no cookie, no Origin.
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST)
        .header(header::ACCEPT, "application/json");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(v) => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string())),
        None => b.body(Body::empty()),
    }
    .expect("request");
    app.send(req, [10, 0, 0, 9]).await
}

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> Reply {
    call(app, "GET", path, token, None).await
}

async fn id(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(app.db(), p => sqlx::query_scalar(sql).fetch_one(p).await).expect(sql)
}

fn error_code(r: &Reply) -> String {
    r.json()["error"]["code"].as_str().unwrap_or("").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_revoked_and_expired_tokens_are_401_and_a_missing_scope_is_403() {
    on_both!(|app| {
        let path = "/api/v1/structure";
        let r = get(&app, path, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", app.t.label);
        assert_eq!(error_code(&r), "unauthorized");
        assert_eq!(
            get(&app, path, Some("hocba_nonsense")).await.status,
            StatusCode::UNAUTHORIZED
        );

        let expired = token(&app, "admin", ALL, Some(now() - 10)).await;
        let r = get(&app, path, Some(&expired)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("expired"));

        let good = token(&app, "admin", ALL, Some(now() + 3600)).await;
        let r = get(&app, path, Some(&good)).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let s = r.json();
        assert_eq!(s["classes"].as_array().map(Vec::len), Some(12));
        assert_eq!(s["subjects"].as_array().map(Vec::len), Some(12));
        // Periods are per grade, as the admin sets them (Toán: 140 a year at every grade).
        let toan = s["subjects"]
            .as_array()
            .and_then(|v| v.iter().find(|x| x["code"] == "TOAN"))
            .expect("TOAN");
        assert_eq!(
            toan["grades"][0],
            json!({"grade": 6, "periods_per_year": 140, "regular_assessments": null})
        );
        assert_eq!(
            s["school_years"][0]["semesters"].as_array().map(Vec::len),
            Some(2)
        );
        assert_eq!(
            s["teaching_assignments"].as_array().map(Vec::len),
            Some(144)
        );
        assert_eq!(s["grade_levels"][0]["rule_set"], "tt22_2021");

        // Revoked: refused at once.
        let admin = accounts::find_by_username(app.db(), "admin")
            .await
            .expect("q")
            .expect("u");
        let row = api_tokens::find_by_hash(app.db(), &token_hash(&good))
            .await
            .expect("q")
            .expect("t");
        assert!(api_tokens::revoke_own(app.db(), admin.id, row.id)
            .await
            .expect("revoke"));
        assert_eq!(
            get(&app, path, Some(&good)).await.status,
            StatusCode::UNAUTHORIZED
        );

        // A disabled account's tokens stop working.
        let teacher_token = token(&app, "gv.toan", ALL, None).await;
        let teacher = accounts::find_by_username(app.db(), "gv.toan")
            .await
            .expect("q")
            .expect("u");
        accounts::set_active(app.db(), teacher.id, false)
            .await
            .expect("disable");
        assert_eq!(
            get(&app, path, Some(&teacher_token)).await.status,
            StatusCode::UNAUTHORIZED
        );

        let narrow = token(&app, "admin", "students:read", None).await;
        let r = get(&app, path, Some(&narrow)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", app.t.label);
        assert_eq!(error_code(&r), "insufficient_scope");
        let r = call(
            &app,
            "POST",
            "/api/v1/scores",
            Some(&narrow),
            Some(json!({"items": []})),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // Unknown endpoints under /api/v1 answer JSON too.
        let r = get(&app, "/api/v1/nothing-here", Some(&narrow)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(error_code(&r), "not_found");
        let r = get(&app, "/api/v1/scores", Some(&narrow)).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(error_code(&r), "method_not_allowed");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn students_and_results_follow_the_users_own_access() {
    on_both!(|app| {
        let class_6a1 = id(&app, "SELECT id FROM classes WHERE name = '6A1'").await;
        let class_9a3 = id(&app, "SELECT id FROM classes WHERE name = '9A3'").await;
        let math = id(&app, "SELECT id FROM subjects WHERE code = 'TOAN'").await;
        let literature = id(&app, "SELECT id FROM subjects WHERE code = 'NV'").await;
        let semester1 = id(&app, "SELECT id FROM semesters WHERE number = 1").await;
        let teacher = token(&app, "gv.toan", ALL, None).await;
        let principal = token(&app, "hieutruong", ALL, None).await;

        let r = get(
            &app,
            &format!("/api/v1/classes/{class_6a1}/students"),
            Some(&teacher),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let students = r.json()["students"].as_array().cloned().unwrap_or_default();
        assert!(students.len() >= 35);
        let code = students[0]["code"].as_str().expect("code").to_string();
        assert_eq!(
            get(&app, &format!("/api/v1/students/{code}"), Some(&teacher))
                .await
                .status,
            StatusCode::OK
        );
        // gv.toan does not teach in 9A3.
        let r = get(
            &app,
            &format!("/api/v1/classes/{class_9a3}/students"),
            Some(&teacher),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", app.t.label);
        let r = get(
            &app,
            &format!("/api/v1/classes/{class_9a3}/students"),
            Some(&principal),
        )
        .await;
        let code_9a3 = r.json()["students"][0]["code"]
            .as_str()
            .expect("code")
            .to_string();
        assert_eq!(
            get(
                &app,
                &format!("/api/v1/students/{code_9a3}"),
                Some(&teacher)
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            get(
                &app,
                &format!("/api/v1/students/{code_9a3}"),
                Some(&principal)
            )
            .await
            .status,
            StatusCode::OK
        );
        assert_eq!(
            get(&app, "/api/v1/students/0000000000", Some(&principal))
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        let results = |class: i64, subject: i64| {
            format!("/api/v1/classes/{class}/results?subject_id={subject}&semester_id={semester1}")
        };
        let r = get(&app, &results(class_6a1, math), Some(&teacher)).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let sheet = r.json();
        assert_eq!(sheet["regular_count"], 4);
        assert_eq!(
            sheet["students"][0]["student_code"], students[0]["code"],
            "class order"
        );
        let complete = sheet["students"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|s| s["result"]["complete"] == true)
            .count();
        assert!(complete > 0);
        assert_eq!(
            get(&app, &results(class_6a1, literature), Some(&teacher))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            get(
                &app,
                &format!("/api/v1/classes/{class_6a1}/results?subject_id=x"),
                Some(&teacher)
            )
            .await
            .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );

        // Another school's admin: the first school's ids do not exist for them.
        app.admin_of_another_school("KHAC").await;
        let outsider = token(&app, "admin.khac", ALL, None).await;
        for path in [
            format!("/api/v1/classes/{class_6a1}/students"),
            format!("/api/v1/students/{code}"),
            results(class_6a1, math),
        ] {
            let r = get(&app, &path, Some(&outsider)).await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{}: {path}: {}",
                app.t.label,
                r.body
            );
        }
        let r = get(&app, "/api/v1/structure", Some(&outsider)).await;
        assert_eq!(r.json()["classes"].as_array().map(Vec::len), Some(0));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scores_are_recorded_with_versions_conflicts_validation_and_audit() {
    on_both!(|app| {
        let class_6a1 = id(&app, "SELECT id FROM classes WHERE name = '6A1'").await;
        let class_9a3 = id(&app, "SELECT id FROM classes WHERE name = '9A3'").await;
        let math = id(&app, "SELECT id FROM subjects WHERE code = 'TOAN'").await;
        let semester2 = id(&app, "SELECT id FROM semesters WHERE number = 2").await;
        let teacher = token(&app, "gv.toan", ALL, None).await;
        let student: i64 = id(
            &app,
            &format!(
            "SELECT student_id FROM enrolments WHERE class_id = {class_6a1} ORDER BY id LIMIT 1"),
        )
        .await;
        let code: String = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT code FROM students WHERE id = $1").bind(student).fetch_one(p).await)
        .expect("code");
        let item = |slot: i64, value: Value, version: i64| {
            json!({
                "class_id": class_6a1, "subject_id": math, "semester_id": semester2,
                "student_id": student, "kind": "regular", "slot": slot,
                "value": value, "expected_version": version
            })
        };
        let post = |body: Value, t: String| {
            let app = &app;
            async move { call(app, "POST", "/api/v1/scores", Some(&t), Some(body)).await }
        };

        let r = post(
            json!({"items": [item(1, json!("8,5"), 0), item(2, json!(7), 0)]}),
            teacher.clone(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        assert_eq!(r.json()["saved"], 2);
        assert_eq!(r.json()["results"][0]["version"], 1);

        // The same write again: someone else's version is newer now.
        let r = post(json!({"items": [item(1, json!("9"), 0)]}), teacher.clone()).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let result = &r.json()["results"][0];
        assert_eq!(result["status"], "conflict");
        assert_eq!(result["current"]["value"], "8.5");
        assert_eq!(result["current"]["version"], 1);
        assert!(result["current"]["updated_by"].is_string());
        assert_eq!(r.json()["error"]["code"], "conflict");

        // Invalid items are refused with the reason; valid ones in the same batch are saved.
        let by_code = json!({
            "class_id": class_6a1, "subject_id": math, "semester_id": semester2,
            "student_code": code, "kind": "midterm", "value": "7.5", "expected_version": 0
        });
        let r = post(
            json!({"items": [
                item(3, json!("11"), 0), item(3, json!("8.55"), 0), item(3, json!("abc"), 0),
                item(3, json!(8.55), 0), by_code,
                {"class_id": class_6a1, "subject_id": math, "semester_id": semester2,
                 "student_code": "nobody", "kind": "final", "value": "5", "expected_version": 0},
                {"class_id": class_6a1, "subject_id": math, "semester_id": semester2,
                 "student_id": student, "kind": "bonus", "value": "5", "expected_version": 0}
            ]}),
            teacher.clone(),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let codes: Vec<String> = r.json()["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|x| {
                x["code"]
                    .as_str()
                    .unwrap_or(x["status"].as_str().unwrap_or(""))
                    .to_string()
            })
            .collect();
        assert_eq!(
            codes,
            [
                "out_of_range",
                "too_many_decimals",
                "not_a_number",
                "too_many_decimals",
                "ok",
                "unknown_student",
                "unknown_kind"
            ],
            "{}",
            app.t.label
        );

        // A teacher's token cannot write another class's scores: nothing of the batch is saved.
        let other = json!({
            "class_id": class_9a3, "subject_id": math, "semester_id": semester2,
            "student_id": student, "kind": "regular", "slot": 4, "value": "5", "expected_version": 0
        });
        let r = post(
            json!({"items": [item(4, json!("6"), 0), other]}),
            teacher.clone(),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        let n = id(
            &app,
            &format!(
            "SELECT COUNT(*) FROM assessment_scores WHERE semester_id = {semester2} AND slot = 4"),
        )
        .await;
        assert_eq!(n, 0, "{}", app.t.label);
        // The principal may read but not write scores.
        let principal = token(&app, "hieutruong", ALL, None).await;
        assert_eq!(
            post(json!({"items": [item(4, json!("6"), 0)]}), principal)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        // Another school's admin: not found.
        app.admin_of_another_school("KHAC").await;
        let outsider = token(&app, "admin.khac", ALL, None).await;
        assert_eq!(
            post(json!({"items": [item(4, json!("6"), 0)]}), outsider)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // Malformed bodies are 422 with a JSON error, never a 500.
        let r = call(
            &app,
            "POST",
            "/api/v1/scores",
            Some(&teacher),
            Some(json!({"items": "x"})),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(error_code(&r), "invalid");

        // Audited with source 'api'.
        let (n, who): (i64, Option<i64>) = app::on_db!(app.db(), p => sqlx::query_as(
            "SELECT COUNT(*), MAX(actor_user_id) FROM audit_log \
             WHERE entity = 'assessment_score' AND source = 'api'")
            .fetch_one(p).await)
        .expect("audit");
        assert_eq!(n, 3, "{}", app.t.label);
        let teacher_id = accounts::find_by_username(app.db(), "gv.toan")
            .await
            .expect("q")
            .expect("u")
            .id;
        assert_eq!(who, Some(teacher_id));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_parses_and_lists_every_route() {
    on_both!(|app| {
        let r = get(&app, "/api/v1/openapi.json", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", app.t.label);
        let doc = r.json();
        assert!(
            doc["openapi"].as_str().unwrap_or("").starts_with("3.1"),
            "{}",
            doc["openapi"]
        );
        let paths = doc["paths"].as_object().expect("paths");
        for (path, method) in [
            ("/api/v1/structure", "get"),
            ("/api/v1/classes/{id}/students", "get"),
            ("/api/v1/students/{code}", "get"),
            ("/api/v1/classes/{id}/results", "get"),
            ("/api/v1/scores", "post"),
            ("/api/v1/students/import", "post"),
        ] {
            assert!(
                paths.get(path).and_then(|p| p.get(method)).is_some(),
                "{path} {method}"
            );
        }
        assert_eq!(paths.len(), 6);
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
        assert!(doc["components"]["schemas"]["ScoresRequest"].is_object());
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_are_created_once_listed_and_revoked_by_their_owner_and_audited() {
    on_both!(|app| {
        let cookie = app.login("hieutruong", DEMO_PASSWORD).await;
        let r = app.post_form(
            "/api/create_api_token",
            "name=CSDL+ng%C3%A0nh&scopes[0]=structure%3Aread&scopes[1]=results%3Aread&expires_days=30",
            Some(&cookie),
        ).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let created = r.json();
        let secret = created["token"].as_str().expect("token").to_string();
        assert!(secret.starts_with("hocba_"));
        assert_eq!(
            get(&app, "/api/v1/structure", Some(&secret)).await.status,
            StatusCode::OK
        );
        assert_eq!(
            call(
                &app,
                "POST",
                "/api/v1/scores",
                Some(&secret),
                Some(json!({"items": []}))
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        let list = app
            .post_form("/api/api_tokens", "", Some(&cookie))
            .await
            .json();
        assert_eq!(list[0]["name"], "CSDL ngành");
        assert_eq!(list[0]["scopes"], json!(["structure:read", "results:read"]));
        assert!(list[0].get("token").is_none(), "never shown again");
        let token_id = created["id"].as_i64().expect("id");

        // Someone else cannot revoke it; a parent cannot hold tokens; bad scopes are refused.
        let other = app.login("admin", DEMO_PASSWORD).await;
        let r = app
            .post_form(
                "/api/revoke_api_token",
                &format!("id={token_id}"),
                Some(&other),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        let r = app
            .post_form(
                "/api/create_api_token",
                "name=x&scopes[0]=results%3Aread",
                Some(&parent),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post_form(
                "/api/create_api_token",
                "name=x&scopes[0]=everything",
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let r = app
            .post_form("/api/create_api_token", "name=x", Some(&cookie))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);

        let r = app
            .post_form(
                "/api/revoke_api_token",
                &format!("id={token_id}"),
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            get(&app, "/api/v1/structure", Some(&secret)).await.status,
            StatusCode::UNAUTHORIZED
        );
        let log = app::server::db::audit::latest(app.db(), 1, 20)
            .await
            .expect("audit");
        assert!(log
            .iter()
            .any(|e| e.entity == "api_token" && e.action == "create"));
        assert!(log
            .iter()
            .any(|e| e.entity == "api_token" && e.action == "revoke"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_request_with_the_same_idempotency_key_writes_once() {
    on_both!(|app| {
        let class_6a1 = id(&app, "SELECT id FROM classes WHERE name = '6A1'").await;
        let math = id(&app, "SELECT id FROM subjects WHERE code = 'TOAN'").await;
        let semester2 = id(&app, "SELECT id FROM semesters WHERE number = 2").await;
        let student: i64 = id(
            &app,
            &format!(
            "SELECT student_id FROM enrolments WHERE class_id = {class_6a1} ORDER BY id LIMIT 1"),
        )
        .await;
        let teacher = token(&app, "gv.toan", ALL, None).await;
        let body = json!({"items": [{
            "class_id": class_6a1, "subject_id": math, "semester_id": semester2,
            "student_id": student, "kind": "final", "value": "9,5", "expected_version": 0
        }]});
        let send = |key: &'static str, body: Value| {
            let app = &app;
            let teacher = teacher.clone();
            async move {
                let req = Request::builder()
                    .method("POST")
                    .uri("/api/v1/scores")
                    .header(header::HOST, HOST)
                    .header(header::AUTHORIZATION, format!("Bearer {teacher}"))
                    .header(header::CONTENT_TYPE, "application/json")
                    .header("idempotency-key", key)
                    .body(Body::from(body.to_string()))
                    .expect("request");
                app.send(req, [10, 0, 0, 9]).await
            }
        };
        let first = send("exam-42", body.clone()).await;
        assert_eq!(
            first.status,
            StatusCode::OK,
            "{}: {}",
            app.t.label,
            first.body
        );
        // The retry gets the first answer, not a conflict, and writes nothing more.
        let retry = send("exam-42", body.clone()).await;
        assert_eq!(retry.status, StatusCode::OK, "{}", retry.body);
        assert_eq!(
            retry.header(header::HeaderName::from_static("idempotent-replayed")),
            Some("true")
        );
        assert_eq!(retry.json(), first.json());
        let n = id(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'assessment_score' AND source = 'api'",
        )
        .await;
        assert_eq!(n, 1, "{}", app.t.label);
        // The same key with another body is refused; a new key with the stale version conflicts.
        let mut other = body.clone();
        other["items"][0]["value"] = json!("3");
        assert_eq!(
            send("exam-42", other.clone()).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(send("exam-43", other).await.status, StatusCode::CONFLICT);
    });
}

/// Posts a file's bytes as another system would.
async fn post_file(app: &TestApp, path: &str, token: &str, bytes: &[u8]) -> Reply {
    let req = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes.to_vec()))
        .expect("request");
    app.send(req, [10, 0, 0, 9]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn students_are_imported_by_the_admins_token_only_and_a_bad_row_blocks_the_import() {
    on_both!(|app| {
        let csv = "Mã học sinh;Họ tên;Ngày sinh;Giới tính;Lớp\n\
                   API0000001;Phạm Minh Khôi;05/06/2014;Nam;6A2\n\
                   API0000002;Vũ Thu Hà;31/02/2014;Nữ;6A2\n";
        let path = "/api/v1/students/import?file_name=ds.csv";
        let admin_rw = token(&app, "admin", "students:write", None).await;
        let admin_ro = token(&app, "admin", "students:read", None).await;
        let teacher = token(&app, "gvcn.6a1", "students:write", None).await;

        let r = post_file(&app, path, &admin_ro, csv.as_bytes()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        let r = post_file(&app, path, &teacher, csv.as_bytes()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

        let r = post_file(
            &app,
            &format!("{path}&dry_run=true"),
            &admin_rw,
            csv.as_bytes(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let preview = r.json()["preview"].clone();
        assert_eq!(preview["new"], json!(1), "{preview}");
        assert_eq!(preview["problem_rows"], json!(1), "{preview}");

        // Without confirming, the bad date blocks everything.
        let r = post_file(&app, path, &admin_rw, csv.as_bytes()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["error"]["code"], "invalid");
        let db = app.db();
        let found = |code: &'static str| app::server::db::students::find_by_code(db, code);
        assert!(found("API0000001").await.expect("q").is_none());

        let r = post_file(
            &app,
            &format!("{path}&confirm_valid_rows=true"),
            &admin_rw,
            csv.as_bytes(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["result"]["created"], json!(1), "{}", r.body);
        let khoi = found("API0000001").await.expect("q").expect("imported");
        assert_eq!(khoi.given_name, "Khôi");
        assert!(found("API0000002").await.expect("q").is_none());

        // A file that is not a spreadsheet is a clear 400, never a 500.
        let r = post_file(
            &app,
            "/api/v1/students/import?file_name=x.xlsx",
            &admin_rw,
            b"not a zip",
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert_eq!(r.json()["error"]["code"], "bad_request");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marks_are_recorded_and_read_back_through_the_api_with_their_reasons() {
    on_both!(|app| {
        let class_6a1 = id(&app, "SELECT id FROM classes WHERE name = '6A1'").await;
        let math = id(&app, "SELECT id FROM subjects WHERE code = 'TOAN'").await;
        let semester2 = id(&app, "SELECT id FROM semesters WHERE number = 2").await;
        let teacher = token(&app, "gv.toan", ALL, None).await;
        let student: i64 = id(
            &app,
            &format!(
            "SELECT student_id FROM enrolments WHERE class_id = {class_6a1} ORDER BY id LIMIT 1"),
        )
        .await;
        let item = |slot: i64, extra: Value| {
            let mut v = json!({
                "class_id": class_6a1, "subject_id": math, "semester_id": semester2,
                "student_id": student, "kind": "regular", "slot": slot, "expected_version": 0
            });
            for (k, x) in extra.as_object().expect("object") {
                v[k] = x.clone();
            }
            v
        };
        let r = call(
            &app,
            "POST",
            "/api/v1/scores",
            Some(&teacher),
            Some(json!({"items": [
                item(1, json!({"mark": "absent", "reason": "Ốm"})),
                item(2, json!({"mark": "zero_by_decision", "reason": "Bỏ kiểm tra bù"})),
                item(3, json!({"mark": "zero_by_decision", "value": "0"})),
                item(3, json!({"mark": "late"})),
            ]})),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let results = r.json()["results"].clone();
        assert_eq!(results[0]["status"], "ok", "{results}");
        assert_eq!(results[1]["status"], "ok", "{results}");
        assert_eq!(results[2]["code"], "reason_required", "{results}");
        assert_eq!(results[3]["code"], "unknown_mark", "{results}");

        let r = get(
            &app,
            &format!(
                "/api/v1/classes/{class_6a1}/results?subject_id={math}&semester_id={semester2}"
            ),
            Some(&teacher),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let students = r.json()["students"].clone();
        let mine = students
            .as_array()
            .expect("students")
            .iter()
            .find(|s| s["student_id"] == json!(student))
            .expect("the student")
            .clone();
        let cell = |slot: i64| {
            mine["cells"]
                .as_array()
                .expect("cells")
                .iter()
                .find(|c| c["kind"] == "regular" && c["slot"] == json!(slot))
                .cloned()
                .unwrap_or(Value::Null)
        };
        assert_eq!(cell(1)["value"], Value::Null, "{mine}");
        assert_eq!(cell(1)["mark"], "absent", "{mine}");
        assert_eq!(cell(1)["reason"], "Ốm", "{mine}");
        assert_eq!(cell(2)["value"], "0", "{mine}");
        assert_eq!(cell(2)["mark"], "zero_by_decision", "{mine}");
        assert_eq!(cell(2)["reason"], "Bỏ kiểm tra bù", "{mine}");
        assert_eq!(cell(3), Value::Null, "nothing stored for the refused item");
        assert_eq!(mine["result"]["complete"], json!(false), "{mine}");

        // A conflict shows the mark.
        let r = call(
            &app,
            "POST",
            "/api/v1/scores",
            Some(&teacher),
            Some(json!({"items": [item(2, json!({"value": "9"}))]})),
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let current = &r.json()["results"][0]["current"];
        assert_eq!(current["mark"], "zero_by_decision", "{current}");
        assert_eq!(current["value"], "0", "{current}");
    });
}
