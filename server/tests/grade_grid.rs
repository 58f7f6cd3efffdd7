//! The grade grid's server functions over HTTP on both databases: who may load and save a
//! sheet, versions and conflicts, bad cells, and the audit source.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::db::{audit, class_admin, school_years, subjects};
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
    let db = app.db();
    let school = app::server::db::students::find_by_code(db, "7901692934")
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
        .expect("classes");
    let class = |name: &str| classes.iter().find(|c| c.name == name).expect("class").id;
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
    Ids {
        school,
        class_6a1: class("6A1"),
        class_7a1: class("7A1"),
        toan,
        semester1,
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
