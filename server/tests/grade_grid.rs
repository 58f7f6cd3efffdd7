//! The grade grid's server functions over HTTP on both databases: who may load and save a
//! sheet, versions and conflicts, bad cells, and the audit source.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::db::{audit, school_years};
use app::server::demo::DEMO_PASSWORD;
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

struct Ids {
    school: i64,
    class_6a1: i64,
    class_7a1: i64,
    toan: i64,
    semester1: i64,
}

async fn ids(app: &TestApp) -> Ids {
    let y = app.demo_year().await;
    Ids {
        school: y.school,
        class_6a1: y.class("6A1"),
        class_7a1: y.class("7A1"),
        toan: y.toan,
        semester1: y.semester1,
    }
}

fn sheet(ids: &Ids, class: i64) -> String {
    format!("class_id={class}&subject_id={}&semester=1", ids.toan)
}

fn save_body(ids: &Ids, class: i64, source: &str, cells: Value) -> Value {
    json!({"class_id": class, "subject_id": ids.toan, "semester_id": ids.semester1,
           "source": source, "cells": cells})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_assigned_teacher_edits_others_read_and_strangers_are_refused() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let grid = app
            .post_form(
                "/api/grade_grid",
                &sheet(&ids, ids.class_6a1),
                Some(&teacher),
            )
            .await;
        assert_eq!(grid.status, StatusCode::OK, "{}", grid.body);
        let grid = grid.json();
        assert_eq!(grid["can_edit"], json!(true));
        assert_eq!(
            grid["regular_count"],
            json!(4),
            "140 periods a year: 4 regular assessments"
        );
        let rows = grid["rows"].as_array().expect("rows");
        assert!(rows.len() >= 35, "{}", rows.len());
        assert_eq!(rows[0]["number"], json!(1));
        assert_eq!(rows[0]["regular"].as_array().map(Vec::len), Some(4));

        // The homeroom teacher of 6A1 looks, read-only.
        let homeroom = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let looked = app
            .post_form(
                "/api/grade_grid",
                &sheet(&ids, ids.class_6a1),
                Some(&homeroom),
            )
            .await
            .json();
        assert_eq!(looked["can_edit"], json!(false), "{looked}");
        let student = rows[0]["student_id"].as_i64().expect("id");
        let r = app.post_json("/api/grade_grid/save", save_body(&ids, ids.class_6a1, "Typing",
            json!([{"student_id": student, "kind": "Midterm", "slot": 1, "value": "9", "expected_version": rows[0]["midterm"]["version"]}])),
            Some(&homeroom)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

        // A parent, and another school's admin by this school's ids.
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        let r = app
            .post_form(
                "/api/grade_grid",
                &sheet(&ids, ids.class_6a1),
                Some(&parent),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let foreign = app.admin_of_another_school("KHAC2").await;
        let r = app
            .post_form(
                "/api/grade_grid",
                &sheet(&ids, ids.class_6a1),
                Some(&foreign),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = app.post_json("/api/grade_grid/save", save_body(&ids, ids.class_6a1, "Typing",
            json!([{"student_id": student, "kind": "Midterm", "slot": 1, "value": "0", "expected_version": 0}])),
            Some(&foreign)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

        // Nothing changed.
        let after = app
            .post_form(
                "/api/grade_grid",
                &sheet(&ids, ids.class_6a1),
                Some(&teacher),
            )
            .await
            .json();
        assert_eq!(after["rows"][0]["midterm"], rows[0]["midterm"]);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cells_save_with_versions_conflicts_keep_both_values_and_bad_cells_change_nothing() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let grid = app
            .post_form(
                "/api/grade_grid",
                &sheet(&ids, ids.class_6a1),
                Some(&teacher),
            )
            .await
            .json();
        let row = grid["rows"][2].clone();
        let student = row["student_id"].as_i64().expect("id");
        let v1 = row["regular"][0]["version"].as_i64().expect("version");
        let other_class = app
            .post_form(
                "/api/grade_grid",
                &sheet(&ids, ids.class_7a1),
                Some(&app.login("admin", DEMO_PASSWORD).await),
            )
            .await
            .json();
        let outsider = other_class["rows"][0]["student_id"].as_i64().expect("id");

        let cells = json!([
            {"student_id": student, "kind": "Regular", "slot": 1, "value": "8,5", "expected_version": v1},
            {"student_id": student, "kind": "Regular", "slot": 2, "value": "11", "expected_version": row["regular"][1]["version"]},
            {"student_id": student, "kind": "Regular", "slot": 3, "value": "8.55", "expected_version": row["regular"][2]["version"]},
            {"student_id": student, "kind": "Regular", "slot": 4, "value": "abc", "expected_version": row["regular"][3]["version"]},
            {"student_id": outsider, "kind": "Final", "slot": 1, "value": "7", "expected_version": 0},
            {"student_id": student, "kind": "Regular", "slot": 9, "value": "7", "expected_version": 0},
        ]);
        let r = app
            .post_json(
                "/api/grade_grid/save",
                save_body(&ids, ids.class_6a1, "Paste", cells),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let out = r.json();
        assert_eq!(out[0]["Saved"]["version"], json!(v1 + 1), "{out}");
        let problems: Vec<&str> = (1..6)
            .map(|i| out[i]["Invalid"]["problem"].as_str().unwrap_or("?"))
            .collect();
        assert_eq!(
            problems,
            [
                "out_of_range",
                "too_many_decimals",
                "not_a_number",
                "not_in_class",
                "no_such_column"
            ]
        );

        let after = app
            .post_form(
                "/api/grade_grid",
                &sheet(&ids, ids.class_6a1),
                Some(&teacher),
            )
            .await
            .json();
        let saved = &after["rows"][2];
        assert_eq!(saved["regular"][0]["text"], "8.5");
        assert_eq!(
            saved["regular"][1], row["regular"][1],
            "a refused cell keeps its value"
        );

        // A second session still holding the first version: a conflict with the current value.
        let r = app.post_json("/api/grade_grid/save", save_body(&ids, ids.class_6a1, "Typing",
            json!([{"student_id": student, "kind": "Regular", "slot": 1, "value": "3", "expected_version": v1}])),
            Some(&teacher)).await;
        let out = r.json();
        assert_eq!(out[0]["Conflict"]["current"]["text"], "8.5", "{out}");
        let again = app
            .post_form(
                "/api/grade_grid",
                &sheet(&ids, ids.class_6a1),
                Some(&teacher),
            )
            .await
            .json();
        assert_eq!(
            again["rows"][2]["regular"][0]["text"], "8.5",
            "nothing overwritten"
        );

        let log = audit::latest(app.db(), ids.school, 20)
            .await
            .expect("audit");
        let entry = log
            .iter()
            .find(|e| e.entity == "assessment_score")
            .expect("audited");
        assert!(entry.actor_user_id.is_some());
        assert!(
            entry.new_value.as_deref().unwrap_or("").contains("8.5"),
            "{entry:?}"
        );
    });
}

async fn grid(app: &TestApp, cookie: &str, ids: &Ids, class: i64) -> Value {
    let r = app
        .post_form("/api/grade_grid", &sheet(ids, class), Some(cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
    r.json()
}

async fn save(app: &TestApp, cookie: &str, body: Value) -> Value {
    let r = app
        .post_json("/api/grade_grid/save", body, Some(cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
    r.json()
}

async fn id_of(app: &TestApp, sql: &str, arg: &str) -> i64 {
    app::on_db!(app.db(), p => sqlx::query_scalar::<_, i64>(sql).bind(arg).fetch_one(p).await)
        .unwrap_or_else(|e| panic!("{sql} {arg}: {e}"))
}

/// The latest audit row of a cell: (old value, new value, reason, source).
async fn cell_audit(
    app: &TestApp,
    entity_id: &str,
) -> (Option<String>, Option<String>, Option<String>, String) {
    app::on_db!(app.db(), p => sqlx::query_as(
        "SELECT old_value, new_value, reason, source FROM audit_log \
         WHERE entity = 'assessment_score' AND entity_id = $1 ORDER BY id DESC LIMIT 1")
        .bind(entity_id).fetch_one(p).await)
    .expect("audit row")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn absent_and_zero_by_decision_are_kept_with_their_marks_and_averaged_as_grading_says() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        let row = g["rows"][4].clone();
        let student = row["student_id"].as_i64().expect("id");
        let version = |row: &Value, kind: &str, i: usize| {
            let cell = if kind == "Regular" {
                &row["regular"][i]
            } else if kind == "Midterm" {
                &row["midterm"]
            } else {
                &row["final"]
            };
            cell["version"].as_i64().expect("version")
        };

        // GRADING.md's Toán example: TX 8, 7.5, 9, 6; GK 7; CK 8.5 → 70.0 / 9 → 7.8.
        let typed = [
            ("Regular", 1, "8"),
            ("Regular", 2, "7,5"),
            ("Regular", 3, "9"),
            ("Regular", 4, "6"),
            ("Midterm", 1, "7"),
            ("Final", 1, "8.5"),
        ];
        let cells: Vec<Value> = typed
            .iter()
            .map(|(kind, slot, v)| {
                json!({"student_id": student, "kind": kind, "slot": slot, "value": v,
                   "expected_version": version(&row, kind, (*slot - 1) as usize)})
            })
            .collect();
        let out = save(
            &app,
            &teacher,
            save_body(&ids, ids.class_6a1, "Typing", json!(cells)),
        )
        .await;
        assert!(
            out.as_array()
                .expect("outcomes")
                .iter()
                .all(|o| o.get("Saved").is_some()),
            "{out}"
        );
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        assert_eq!(g["rows"][4]["result"], json!("7.8"), "{}", app.t.label);

        // TX4 missed for a valid reason: absent, awaiting a make-up. The typed value is ignored.
        let v4 = version(&g["rows"][4], "Regular", 3);
        let out = save(
            &app,
            &teacher,
            save_body(
                &ids,
                ids.class_6a1,
                "Typing",
                json!([
                    {"student_id": student, "kind": "Regular", "slot": 4, "value": "6",
                     "expected_version": v4, "mark": "Absent", "reason": "  Ốm, có giấy xin phép  "}
                ]),
            ),
        )
        .await;
        assert_eq!(out[0]["Saved"]["version"], json!(v4 + 1), "{out}");
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        let absent = &g["rows"][4]["regular"][3];
        assert_eq!(absent["text"], json!(""), "{absent}");
        assert_eq!(absent["mark"], json!("Absent"), "{absent}");
        assert_eq!(absent["reason"], json!("Ốm, có giấy xin phép"), "{absent}");
        assert_eq!(
            g["rows"][4]["result"],
            Value::Null,
            "{}: an owed make-up leaves the average incomplete, not lower",
            app.t.label
        );
        let entity = format!("{student}/{}/{}/regular/4", ids.toan, ids.semester1);
        let (old, new, reason, source) = cell_audit(&app, &entity).await;
        assert_eq!(old.as_deref(), Some("6"));
        assert_eq!(new.as_deref(), Some("absent"));
        assert_eq!(reason.as_deref(), Some("Ốm, có giấy xin phép"));
        assert_eq!(source, "typing");

        // A zero by decision without its reason is refused, and the cell keeps its absence;
        // the valid cell of the same batch is saved.
        let vgk = version(&g["rows"][4], "Midterm", 0);
        let out = save(
            &app,
            &teacher,
            save_body(
                &ids,
                ids.class_6a1,
                "Typing",
                json!([
                    {"student_id": student, "kind": "Regular", "slot": 4, "value": "0",
                     "expected_version": v4 + 1, "mark": "ZeroByDecision", "reason": "   "},
                    {"student_id": student, "kind": "Regular", "slot": 4, "value": "0",
                     "expected_version": v4 + 1, "mark": "ZeroByDecision"},
                    {"student_id": student, "kind": "Midterm", "slot": 1, "value": "7",
                     "expected_version": vgk},
                ]),
            ),
        )
        .await;
        assert_eq!(
            out[0]["Invalid"]["problem"],
            json!("reason_required"),
            "{out}"
        );
        assert_eq!(
            out[1]["Invalid"]["problem"],
            json!("reason_required"),
            "{out}"
        );
        assert_eq!(out[2]["Saved"]["version"], json!(vgk + 1), "{out}");
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        assert_eq!(g["rows"][4]["regular"][3], *absent, "nothing stored");
        let (_, new, _, _) = cell_audit(&app, &entity).await;
        assert_eq!(new.as_deref(), Some("absent"), "no audit row either");

        // The make-up was refused: zero by decision, with the decision's reason, counts as 0:
        // (8 + 7.5 + 9 + 0 + 2 × 7 + 3 × 8.5) / 9 = 64.0 / 9 = 7.11… → 7.1.
        let why = "Không dự kiểm tra bù (biên bản số 12)";
        let out = save(
            &app,
            &teacher,
            save_body(
                &ids,
                ids.class_6a1,
                "Typing",
                json!([
                    {"student_id": student, "kind": "Regular", "slot": 4, "value": "",
                     "expected_version": v4 + 1, "mark": "ZeroByDecision", "reason": why}
                ]),
            ),
        )
        .await;
        assert_eq!(out[0]["Saved"]["version"], json!(v4 + 2), "{out}");
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        let zero = &g["rows"][4]["regular"][3];
        assert_eq!(zero["text"], json!("0"), "{zero}");
        assert_eq!(zero["mark"], json!("ZeroByDecision"), "{zero}");
        assert_eq!(zero["reason"], json!(why), "{zero}");
        assert!(zero["updated_by"].is_string(), "who decided: {zero}");
        assert_eq!(g["rows"][4]["result"], json!("7.1"), "{}", app.t.label);
        let (old, new, reason, _) = cell_audit(&app, &entity).await;
        assert_eq!(old.as_deref(), Some("absent"));
        assert_eq!(new, Some(format!("0 (decision: {why})")));
        assert_eq!(
            reason.as_deref(),
            Some(why),
            "the audit row keeps the reason"
        );

        // A stale write over the zero is a conflict that shows the mark and its reason.
        let out = save(
            &app,
            &teacher,
            save_body(
                &ids,
                ids.class_6a1,
                "Typing",
                json!([
                    {"student_id": student, "kind": "Regular", "slot": 4, "value": "9",
                     "expected_version": v4 + 1}
                ]),
            ),
        )
        .await;
        assert_eq!(
            out[0]["Conflict"]["current"]["mark"],
            json!("ZeroByDecision"),
            "{out}"
        );
        assert_eq!(out[0]["Conflict"]["current"]["reason"], json!(why), "{out}");

        // Typing a score over a mark clears the mark and its reason.
        let out = save(
            &app,
            &teacher,
            save_body(
                &ids,
                ids.class_6a1,
                "Typing",
                json!([
                    {"student_id": student, "kind": "Regular", "slot": 4, "value": "6",
                     "expected_version": v4 + 2}
                ]),
            ),
        )
        .await;
        assert!(out[0].get("Saved").is_some(), "{out}");
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        let back = &g["rows"][4]["regular"][3];
        assert_eq!(back["text"], json!("6"));
        assert_eq!(back["mark"], Value::Null);
        assert_eq!(back["reason"], Value::Null);
        assert_eq!(g["rows"][4]["result"], json!("7.8"));

        // An absent end-of-term also waits.
        let vck = version(&g["rows"][4], "Final", 0);
        let out = save(
            &app,
            &teacher,
            save_body(
                &ids,
                ids.class_6a1,
                "Typing",
                json!([
                    {"student_id": student, "kind": "Final", "slot": 1, "value": "",
                     "expected_version": vck, "mark": "Absent"}
                ]),
            ),
        )
        .await;
        assert!(out[0].get("Saved").is_some(), "{out}");
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        assert_eq!(g["rows"][4]["final"]["mark"], json!("Absent"));
        assert_eq!(g["rows"][4]["final"]["reason"], Value::Null);
        assert_eq!(g["rows"][4]["result"], Value::Null);

        // A comment-assessed subject takes no zero by decision; an absence it does take.
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let pe = id_of(&app, "SELECT id FROM subjects WHERE code = $1", "GDTC").await;
        let body = |cells: Value| {
            json!({"class_id": ids.class_6a1, "subject_id": pe, "semester_id": ids.semester1,
                   "source": "Typing", "cells": cells})
        };
        let pe_grid = app
            .post_form(
                "/api/grade_grid",
                &format!("class_id={}&subject_id={pe}&semester=1", ids.class_6a1),
                Some(&admin),
            )
            .await
            .json();
        assert_eq!(pe_grid["comment"], json!(true));
        let pe_row = &pe_grid["rows"][4];
        let out = save(
            &app,
            &admin,
            body(json!([
                {"student_id": student, "kind": "Final", "slot": 1, "value": "",
                 "expected_version": pe_row["final"]["version"], "mark": "ZeroByDecision",
                 "reason": "bỏ thi"},
                {"student_id": student, "kind": "Midterm", "slot": 1, "value": "",
                 "expected_version": pe_row["midterm"]["version"], "mark": "Absent"},
            ])),
        )
        .await;
        assert_eq!(
            out[0]["Invalid"]["problem"],
            json!("not_a_judgement"),
            "{out}"
        );
        assert!(out[1].get("Saved").is_some(), "{out}");
        let pe_after = app
            .post_form(
                "/api/grade_grid",
                &format!("class_id={}&subject_id={pe}&semester=1", ids.class_6a1),
                Some(&admin),
            )
            .await
            .json();
        assert_eq!(
            pe_after["rows"][4]["final"], pe_row["final"],
            "nothing stored"
        );
        assert_eq!(pe_after["rows"][4]["midterm"]["mark"], json!("Absent"));
        assert_eq!(pe_after["rows"][4]["result"], Value::Null);
    });
}

fn comment_body(ids: &Ids, class: i64, student: i64, comment: &str, version: i64) -> Value {
    json!({"class_id": class, "subject_id": ids.toan, "semester_id": ids.semester1,
           "student_id": student, "comment": comment, "expected_version": version})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_saves_with_its_version_and_stale_long_foreign_or_unassigned_saves_change_nothing(
) {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        let student = g["rows"][1]["student_id"].as_i64().expect("id");
        let v0 = g["rows"][1]["comment_version"].as_i64().expect("version");
        let first = "Tiến bộ rõ, cần cẩn thận hơn khi tính toán.";
        let r = app
            .post_json(
                "/api/grade_grid/comment",
                comment_body(&ids, ids.class_6a1, student, &format!("  {first} "), v0),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["Saved"]["version"], json!(v0 + 1), "{}", r.body);
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        assert_eq!(g["rows"][1]["comment"], json!(first), "trimmed");
        assert_eq!(g["rows"][1]["comment_version"], json!(v0 + 1));

        // Another session still holding the old version: a conflict with the stored comment.
        let r = app
            .post_json(
                "/api/grade_grid/comment",
                comment_body(&ids, ids.class_6a1, student, "Chăm chỉ.", v0),
                Some(&teacher),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let current = &r.json()["Conflict"]["current"];
        assert_eq!(current["text"], json!(first), "{}", r.body);
        assert_eq!(current["version"], json!(v0 + 1));
        assert!(current["updated_by"].is_string(), "{current}");

        // Too long: refused as invalid.
        let long = "a".repeat(1001);
        let r = app
            .post_json(
                "/api/grade_grid/comment",
                comment_body(&ids, ids.class_6a1, student, &long, v0 + 1),
                Some(&teacher),
            )
            .await;
        assert_eq!(
            r.json()["Invalid"]["problem"],
            json!("too_long"),
            "{}",
            r.body
        );

        // A student of another class, on this class's sheet.
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let other = grid(&app, &admin, &ids, ids.class_7a1).await;
        let outsider = other["rows"][0]["student_id"].as_i64().expect("id");
        let r = app
            .post_json(
                "/api/grade_grid/comment",
                comment_body(&ids, ids.class_6a1, outsider, "Tốt.", 0),
                Some(&teacher),
            )
            .await;
        assert_eq!(
            r.json()["Invalid"]["problem"],
            json!("not_in_class"),
            "{}",
            r.body
        );

        // The homeroom teacher of 6A1 is not the Toán teacher; a parent; another school's admin.
        let homeroom = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        let foreign = app.admin_of_another_school("KHAC3").await;
        for (who, cookie, status) in [
            ("gvcn.6a1", &homeroom, StatusCode::FORBIDDEN),
            ("parent", &parent, StatusCode::FORBIDDEN),
            ("another school's admin", &foreign, StatusCode::NOT_FOUND),
        ] {
            for text in ["Ghi đè.".to_string(), "b".repeat(1001)] {
                let r = app
                    .post_json(
                        "/api/grade_grid/comment",
                        comment_body(&ids, ids.class_6a1, student, &text, v0 + 1),
                        Some(cookie),
                    )
                    .await;
                assert_eq!(r.status, status, "{}: {who}: {}", app.t.label, r.body);
            }
        }

        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        assert_eq!(g["rows"][1]["comment"], json!(first), "nothing overwritten");
        assert_eq!(g["rows"][1]["comment_version"], json!(v0 + 1));
        let comments: i64 = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM subject_comments WHERE student_id = $1")
            .bind(outsider).fetch_one(p).await)
        .expect("count");
        assert_eq!(comments, 0, "nothing stored for the outsider");
        let audited: i64 = app::on_db!(app.db(), p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'subject_comment' AND entity_id = $1")
            .bind(format!("{student}/{}/{}", ids.toan, ids.semester1)).fetch_one(p).await)
        .expect("count");
        assert_eq!(audited, 1, "one audit row: the one save");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_who_left_the_class_is_refused_and_the_rest_of_the_batch_saves() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        let (leaver, stayer) = (g["rows"][5].clone(), g["rows"][6].clone());
        let leaver_id = leaver["student_id"].as_i64().expect("id");
        let stayer_id = stayer["student_id"].as_i64().expect("id");

        // The leaver changes class (6A1 → 6A2) after the teacher opened the grid.
        let class_6a2 = id_of(&app, "SELECT id FROM classes WHERE name = $1", "6A2").await;
        let year = school_years::current(app.db(), ids.school)
            .await
            .expect("q")
            .expect("year");
        let on = year.start_date;
        app::server::db::students::move_student(
            app.db(),
            ids.school,
            leaver_id,
            Some(&app::server::db::students::Leaving {
                on,
                exit_kind: "class_change",
                other_school: "",
                note: "",
            }),
            Some(&app::server::db::students::Joining {
                class_id: class_6a2,
                school_year_id: year.id,
                on,
                entry_kind: "class_change",
                other_school: "",
                note: "",
            }),
            "studying",
        )
        .await
        .expect("move");

        let out = save(
            &app,
            &teacher,
            save_body(
                &ids,
                ids.class_6a1,
                "Paste",
                json!([
                    {"student_id": leaver_id, "kind": "Regular", "slot": 1, "value": "2",
                     "expected_version": leaver["regular"][0]["version"]},
                    {"student_id": leaver_id, "kind": "Final", "slot": 1, "value": "",
                     "expected_version": leaver["final"]["version"], "mark": "Absent"},
                    {"student_id": stayer_id, "kind": "Regular", "slot": 1, "value": "9,5",
                     "expected_version": stayer["regular"][0]["version"]},
                ]),
            ),
        )
        .await;
        assert_eq!(out[0]["Invalid"]["problem"], json!("not_in_class"), "{out}");
        assert_eq!(out[1]["Invalid"]["problem"], json!("not_in_class"), "{out}");
        assert!(out[2].get("Saved").is_some(), "{out}");

        // The leaver's cells are as they were; the grid no longer lists them.
        let stored: Vec<(String, i64, Option<i64>, i64)> =
            app::on_db!(app.db(), p => sqlx::query_as(
            "SELECT kind, CAST(slot AS BIGINT), CAST(score_tenths AS BIGINT), version \
             FROM assessment_scores WHERE student_id = $1 AND subject_id = $2 \
             AND semester_id = $3 AND ((kind = 'regular' AND slot = 1) OR kind = 'final') \
             ORDER BY kind")
            .bind(leaver_id).bind(ids.toan).bind(ids.semester1).fetch_all(p).await)
            .expect("cells");
        assert_eq!(stored.len(), 2, "the demo's semester-1 cells: {stored:?}");
        for (kind, _, tenths, version) in &stored {
            let before = if kind == "final" {
                &leaver["final"]
            } else {
                &leaver["regular"][0]
            };
            assert_eq!(Some(*version), before["version"].as_i64(), "{kind}");
            let text = before["text"].as_str().unwrap_or("");
            let was = text.replace(',', ".").parse::<f64>().ok();
            assert_eq!(tenths.map(|t| t as f64 / 10.0), was, "{kind}");
        }
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        let rows = g["rows"].as_array().expect("rows");
        assert!(rows.iter().all(|r| r["student_id"] != json!(leaver_id)));
        let stayer_after = rows
            .iter()
            .find(|r| r["student_id"] == json!(stayer_id))
            .expect("stayer");
        assert_eq!(stayer_after["regular"][0]["text"], json!("9.5"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_calling_the_grid_with_another_class_ids_is_refused_and_nothing_changes() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        // A class whose Toán is taught by someone else and whose homeroom is not gv.toan.
        let stranger_class = id_of(
            &app,
            "SELECT t.class_id FROM teaching_assignments t \
             JOIN subjects s ON s.id = t.subject_id JOIN users u ON u.id = t.teacher_id \
             JOIN classes c ON c.id = t.class_id \
             LEFT JOIN users h ON h.id = c.homeroom_teacher_id \
             WHERE s.code = 'TOAN' AND u.username <> $1 \
             AND (h.username IS NULL OR h.username <> $1) ORDER BY c.name LIMIT 1",
            "gv.toan",
        )
        .await;
        let r = app
            .post_form(
                "/api/grade_grid",
                &sheet(&ids, stranger_class),
                Some(&teacher),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{}: {}",
            app.t.label,
            r.body
        );

        let admin = app.login("admin", DEMO_PASSWORD).await;
        let before = grid(&app, &admin, &ids, stranger_class).await;
        let row = &before["rows"][0];
        let student = row["student_id"].as_i64().expect("id");
        let r = app
            .post_json(
                "/api/grade_grid/save",
                save_body(
                    &ids,
                    stranger_class,
                    "Typing",
                    json!([{"student_id": student, "kind": "Regular", "slot": 1, "value": "1",
                    "expected_version": row["regular"][0]["version"]},
                   {"student_id": student, "kind": "Regular", "slot": 2, "value": "",
                    "expected_version": row["regular"][1]["version"], "mark": "Absent"}]),
                ),
                Some(&teacher),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{}: {}",
            app.t.label,
            r.body
        );
        let r = app
            .post_json(
                "/api/grade_grid/comment",
                comment_body(&ids, stranger_class, student, "Không phải lớp tôi.", 0),
                Some(&teacher),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{}: {}",
            app.t.label,
            r.body
        );

        // Its own class with a semester that is not of the class's school year: not found.
        let g = grid(&app, &teacher, &ids, ids.class_6a1).await;
        let own = g["rows"][0]["student_id"].as_i64().expect("id");
        let r = app
            .post_json(
                "/api/grade_grid/save",
                json!({"class_id": ids.class_6a1, "subject_id": ids.toan, "semester_id": 987_654,
                   "source": "Typing", "cells": [{"student_id": own, "kind": "Regular", "slot": 1,
                   "value": "1", "expected_version": 0, "mark": "Absent"}]}),
                Some(&teacher),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{}: {}",
            app.t.label,
            r.body
        );

        let after = grid(&app, &admin, &ids, stranger_class).await;
        assert_eq!(after["rows"][0], before["rows"][0], "nothing changed");
    });
}
