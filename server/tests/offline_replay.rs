//! Replaying a device's offline outbox (issue 7) over HTTP on both databases: every edit carries
//! a unique id, and the server applies each id at most once per user. A replay answers as the
//! first time (same versions, nothing written); new edits are judged as always (access, lock,
//! version); concurrent duplicates write once; malformed ids are refused and change nothing.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::demo::DEMO_PASSWORD;
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::{Reply, TestApp};

struct Ids {
    class_6a1: i64,
    toan: i64,
    semester1: i64,
}

async fn ids(app: &TestApp) -> Ids {
    let y = app.demo_year().await;
    Ids {
        class_6a1: y.class("6A1"),
        toan: y.toan,
        semester1: y.semester1,
    }
}

/// A UUID-shaped edit id, as `crypto.randomUUID()` gives, distinct per (`run`, `n`).
fn edit_id(run: u32, n: usize) -> String {
    format!("0b6f3c1e-{run:04x}-4f4e-9a51-{n:012x}")
}

async fn grid(app: &TestApp, ids: &Ids, cookie: &str) -> Value {
    let r = app
        .post_form(
            "/api/grade_grid",
            &format!(
                "class_id={}&subject_id={}&semester=1",
                ids.class_6a1, ids.toan
            ),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
    r.json()
}

async fn send(app: &TestApp, ids: &Ids, cells: &[Value], cookie: &str) -> Reply {
    app.post_json(
        "/api/grade_grid/save",
        json!({"class_id": ids.class_6a1, "subject_id": ids.toan, "semester_id": ids.semester1,
               "source": "Typing", "cells": cells}),
        Some(cookie),
    )
    .await
}

async fn save(app: &TestApp, ids: &Ids, cells: &[Value], cookie: &str) -> Value {
    let r = send(app, ids, cells, cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
    r.json()
}

async fn comment(
    app: &TestApp,
    ids: &Ids,
    student: i64,
    text: &str,
    expected_version: i64,
    edit_id: Option<&str>,
    cookie: &str,
) -> Reply {
    app.post_json(
        "/api/grade_grid/comment",
        json!({"class_id": ids.class_6a1, "subject_id": ids.toan, "semester_id": ids.semester1,
               "student_id": student, "comment": text, "expected_version": expected_version,
               "edit_id": edit_id}),
        Some(cookie),
    )
    .await
}

/// The (kind, slot, cell) of the six cells of a grid row.
fn row_cells(row: &Value) -> Vec<(&'static str, i64, &Value)> {
    let mut out: Vec<(&'static str, i64, &Value)> = (0..4)
        .map(|i| ("Regular", i + 1, &row["regular"][i as usize]))
        .collect();
    out.push(("Midterm", 1, &row["midterm"]));
    out.push(("Final", 1, &row["final"]));
    out
}

/// `n` edits over the grid's first rows, each on the version shown, with ids of run `run`.
fn edits(g: &Value, n: usize, run: u32) -> Vec<Value> {
    let rows = g["rows"].as_array().expect("rows");
    let mut out = Vec::new();
    for row in rows {
        for (kind, slot, cell) in row_cells(row) {
            if out.len() == n {
                return out;
            }
            let k = out.len();
            out.push(
                json!({"student_id": row["student_id"], "kind": kind, "slot": slot,
                "value": format!("{}.{}", 5 + k % 5, 1 + k % 9),
                "expected_version": cell["version"], "edit_id": edit_id(run, k)}),
            );
        }
    }
    assert_eq!(out.len(), n, "the sheet has fewer cells than {n}");
    out
}

/// The cell an edit names, as the grid shows it now.
fn cell_of<'a>(g: &'a Value, edit: &Value) -> &'a Value {
    let row = g["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["student_id"] == edit["student_id"])
        .expect("row");
    let slot = edit["slot"].as_i64().expect("slot");
    match edit["kind"].as_str() {
        Some("Regular") => &row["regular"][usize::try_from(slot - 1).expect("slot")],
        Some("Midterm") => &row["midterm"],
        _ => &row["final"],
    }
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(app.db(), p => sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn score_audits(app: &TestApp) -> i64 {
    count(
        app,
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'assessment_score'",
    )
    .await
}

async fn comment_audits(app: &TestApp) -> i64 {
    count(
        app,
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'subject_comment'",
    )
    .await
}

async fn applied(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) FROM applied_edits").await
}

fn saved_versions(out: &Value) -> Vec<i64> {
    out.as_array()
        .expect("outcomes")
        .iter()
        .map(|o| {
            o["Saved"]["version"]
                .as_i64()
                .unwrap_or_else(|| panic!("not saved: {o}"))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_edits_replayed_twice_answer_as_the_first_time_and_write_once() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let before = grid(&app, &ids, &teacher).await;
        let audits = score_audits(&app).await;
        let batch = edits(&before, 50, 1);

        let first = save(&app, &ids, &batch, &teacher).await;
        let versions = saved_versions(&first);
        for (e, v) in batch.iter().zip(&versions) {
            assert_eq!(
                *v,
                e["expected_version"].as_i64().expect("v") + 1,
                "{}",
                app.t.label
            );
        }
        let after_first = grid(&app, &ids, &teacher).await;
        assert_eq!(score_audits(&app).await, audits + 50, "{}", app.t.label);
        assert_eq!(applied(&app).await, 50, "{}", app.t.label);

        for _ in 0..2 {
            let again = save(&app, &ids, &batch, &teacher).await;
            assert_eq!(
                again, first,
                "{}: a replay answers as the first time",
                app.t.label
            );
        }
        let now = grid(&app, &ids, &teacher).await;
        assert_eq!(now, after_first, "{}: nothing written again", app.t.label);
        for e in &batch {
            assert_eq!(cell_of(&now, e)["text"], e["value"], "{}", app.t.label);
        }
        assert_eq!(
            score_audits(&app).await,
            audits + 50,
            "{}: exactly 50 audit rows",
            app.t.label
        );
        assert_eq!(applied(&app).await, 50, "{}", app.t.label);

        // Half replayed, half new in one batch: the replays answer as then, the new ones save.
        let mut mixed: Vec<Value> = batch[..25].to_vec();
        for (k, e) in batch[25..].iter().enumerate() {
            let mut e = e.clone();
            e["edit_id"] = json!(edit_id(2, k));
            e["expected_version"] = cell_of(&now, &e)["version"].clone();
            e["value"] = json!("10");
            mixed.push(e);
        }
        let out = save(&app, &ids, &mixed, &teacher).await;
        let v = saved_versions(&out);
        assert_eq!(v[..25], versions[..25], "{}", app.t.label);
        assert_eq!(
            v[25..].to_vec(),
            versions[25..].iter().map(|v| v + 1).collect::<Vec<_>>(),
            "{}",
            app.t.label
        );
        assert_eq!(score_audits(&app).await, audits + 75, "{}", app.t.label);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_after_another_user_changed_the_cell_answers_its_own_version_and_new_stale_edits_conflict(
) {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let admin_name = app::on_db!(app.db(), p => sqlx::query_scalar::<_, String>(
            "SELECT full_name FROM users WHERE username = 'admin'").fetch_one(p).await)
        .expect("admin");
        let g = grid(&app, &ids, &teacher).await;
        let batch = edits(&g, 3, 1);
        let first = save(&app, &ids, &batch, &teacher).await;
        let v = saved_versions(&first)[1];

        // The admin changes the second cell, with an edit id of their own.
        let mut theirs = batch[1].clone();
        theirs["value"] = json!("2");
        theirs["expected_version"] = json!(v);
        theirs["edit_id"] = json!(edit_id(9, 1));
        let out = save(&app, &ids, &[theirs], &admin).await;
        assert_eq!(saved_versions(&out), [v + 1], "{}", app.t.label);
        let audits = score_audits(&app).await;

        // The teacher's outbox replays the whole batch: each answers its own version.
        let again = save(&app, &ids, &batch, &teacher).await;
        assert_eq!(again, first, "{}", app.t.label);
        let now = grid(&app, &ids, &teacher).await;
        assert_eq!(cell_of(&now, &batch[1])["text"], "2", "{}", app.t.label);
        assert_eq!(cell_of(&now, &batch[1])["version"], json!(v + 1));

        // A new edit made on the old version: a conflict with the other value, who and when.
        let mut stale = batch[1].clone();
        stale["edit_id"] = json!(edit_id(1, 99));
        stale["value"] = json!("9");
        let before = applied(&app).await;
        for _ in 0..2 {
            let out = save(&app, &ids, std::slice::from_ref(&stale), &teacher).await;
            let current = &out[0]["Conflict"]["current"];
            assert_eq!(current["text"], "2", "{}: {out}", app.t.label);
            assert_eq!(current["version"], json!(v + 1));
            assert_eq!(current["updated_by"], json!(admin_name), "{out}");
            assert!(current["updated_at"].is_i64(), "{out}");
            assert_eq!(
                applied(&app).await,
                before,
                "{}: a conflict is not recorded as applied",
                app.t.label
            );
        }
        assert_eq!(score_audits(&app).await, audits, "{}", app.t.label);
        // Resolved on the current version, the same id now saves.
        stale["expected_version"] = json!(v + 1);
        let out = save(&app, &ids, std::slice::from_ref(&stale), &teacher).await;
        assert_eq!(saved_versions(&out), [v + 2], "{}", app.t.label);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_lock_new_edits_are_refused_with_its_reason_and_applied_ones_answer_saved() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let g = grid(&app, &ids, &teacher).await;
        let batch = edits(&g, 4, 1);
        let first = save(&app, &ids, &batch, &teacher).await;
        let student = g["rows"][0]["student_id"].as_i64().expect("id");
        let c = comment(
            &app,
            &ids,
            student,
            "Tiến bộ",
            g["rows"][0]["comment_version"].as_i64().expect("v"),
            Some(&edit_id(3, 0)),
            &teacher,
        )
        .await;
        assert_eq!(c.status, StatusCode::OK, "{}", c.body);
        let c = c.json();

        let r = app
            .post_json(
                "/api/locks/lock",
                json!({"semester_id": ids.semester1, "scope": "class", "grade": null,
                       "class_id": ids.class_6a1, "reason": "Đã duyệt kết quả HK I"}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let locked = grid(&app, &ids, &teacher).await;
        let (audits, comments, marks) = (
            score_audits(&app).await,
            comment_audits(&app).await,
            applied(&app).await,
        );

        // Already applied before the lock: answered as then.
        assert_eq!(
            save(&app, &ids, &batch, &teacher).await,
            first,
            "{}",
            app.t.label
        );
        let again = comment(
            &app,
            &ids,
            student,
            "Tiến bộ",
            0,
            Some(&edit_id(3, 0)),
            &teacher,
        )
        .await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.body);
        assert_eq!(again.json(), c, "{}", app.t.label);

        // New: refused with the lock's reason, alone or beside replays.
        let new = edits(&locked, 4, 2);
        let mut mixed = new.clone();
        mixed.extend(batch.iter().cloned());
        for cells in [new, mixed] {
            let r = send(&app, &ids, &cells, &teacher).await;
            assert_eq!(r.status.as_u16(), 423, "{}: {}", app.t.label, r.body);
            assert!(r.body.contains("Đã duyệt kết quả HK I"), "{}", r.body);
        }
        let r = comment(
            &app,
            &ids,
            student,
            "Mới",
            c["Saved"]["version"].as_i64().expect("v"),
            Some(&edit_id(3, 1)),
            &teacher,
        )
        .await;
        assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        assert_eq!(grid(&app, &ids, &teacher).await, locked, "{}", app.t.label);
        assert_eq!(score_audits(&app).await, audits);
        assert_eq!(comment_audits(&app).await, comments);
        assert_eq!(applied(&app).await, marks, "{}", app.t.label);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_teacher_replaying_the_ids_is_refused_and_ids_are_per_user() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let homeroom = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let g = grid(&app, &ids, &teacher).await;
        let batch = edits(&g, 6, 1);
        save(&app, &ids, &batch, &teacher).await;
        let after = grid(&app, &ids, &teacher).await;
        let (audits, marks) = (score_audits(&app).await, applied(&app).await);

        // Not assigned to Toán in 6A1: the teacher's ids (replayed) and new ids alike.
        let new = edits(&after, 6, 5);
        for cells in [&batch, &new] {
            let r = send(&app, &ids, cells, &homeroom).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{}: {}",
                app.t.label,
                r.body
            );
            let r = comment(
                &app,
                &ids,
                g["rows"][0]["student_id"].as_i64().expect("id"),
                "x",
                0,
                cells[0]["edit_id"].as_str(),
                &homeroom,
            )
            .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        }
        assert_eq!(grid(&app, &ids, &teacher).await, after, "{}", app.t.label);
        assert_eq!(score_audits(&app).await, audits);
        assert_eq!(applied(&app).await, marks);

        // The admin (who may write for corrections) sending the teacher's ids: their own edits.
        let mut theirs: Vec<Value> = new.clone();
        for (e, b) in theirs.iter_mut().zip(&batch) {
            e["edit_id"] = b["edit_id"].clone();
        }
        let out = save(&app, &ids, &theirs, &admin).await;
        let v = saved_versions(&out);
        for (e, v) in theirs.iter().zip(&v) {
            assert_eq!(
                *v,
                e["expected_version"].as_i64().expect("v") + 1,
                "{}",
                app.t.label
            );
        }
        assert_eq!(score_audits(&app).await, audits + 6, "{}", app.t.label);
        assert_eq!(applied(&app).await, marks + 6, "{}", app.t.label);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_batch_sent_twice_at_once_is_written_once() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let g = grid(&app, &ids, &teacher).await;
        let audits = score_audits(&app).await;
        for round in 0..3u32 {
            let now = grid(&app, &ids, &teacher).await;
            let batch = edits(&now, 12, 10 + round);
            let before = score_audits(&app).await;
            let (a, b) = tokio::join!(
                save(&app, &ids, &batch, &teacher),
                save(&app, &ids, &batch, &teacher)
            );
            assert_eq!(
                a, b,
                "{}: both answer Saved with the same versions",
                app.t.label
            );
            for (e, v) in batch.iter().zip(saved_versions(&a)) {
                assert_eq!(
                    v,
                    e["expected_version"].as_i64().expect("v") + 1,
                    "{}",
                    app.t.label
                );
            }
            let after = grid(&app, &ids, &teacher).await;
            for e in &batch {
                let cell = cell_of(&after, e);
                assert_eq!(
                    cell["version"].as_i64(),
                    e["expected_version"].as_i64().map(|v| v + 1),
                    "{}: one version bump",
                    app.t.label
                );
                assert_eq!(cell["text"], e["value"]);
            }
            assert_eq!(
                score_audits(&app).await,
                before + 12,
                "{}: one audit row each",
                app.t.label
            );
        }
        assert_eq!(score_audits(&app).await, audits + 36);

        // Comments too.
        let student = g["rows"][5]["student_id"].as_i64().expect("id");
        let v = g["rows"][5]["comment_version"].as_i64().expect("v");
        let before = comment_audits(&app).await;
        let id = edit_id(20, 0);
        let (a, b) = tokio::join!(
            comment(&app, &ids, student, "Chăm chỉ", v, Some(&id), &teacher),
            comment(&app, &ids, student, "Chăm chỉ", v, Some(&id), &teacher)
        );
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.json(), b.json(), "{}", app.t.label);
        assert_eq!(a.json()["Saved"]["version"], json!(v + 1), "{}", a.body);
        assert_eq!(comment_audits(&app).await, before + 1, "{}", app.t.label);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_edit_id_is_refused_and_changes_nothing() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let g = grid(&app, &ids, &teacher).await;
        let (audits, marks) = (score_audits(&app).await, applied(&app).await);
        let mut batch = edits(&g, 5, 1);
        for (e, bad) in batch.iter_mut().zip([
            json!(""),
            json!("x".repeat(65)),
            json!("abc def"),
            json!("điểm-1"),
            json!("1'; DELETE FROM scores; --"),
        ]) {
            e["edit_id"] = bad;
        }
        let out = save(&app, &ids, &batch, &teacher).await;
        for o in out.as_array().expect("outcomes") {
            assert_eq!(
                o["Invalid"]["problem"], "bad_edit_id",
                "{}: {out}",
                app.t.label
            );
        }
        let student = g["rows"][0]["student_id"].as_i64().expect("id");
        let r = comment(
            &app,
            &ids,
            student,
            "x",
            0,
            Some("no spaces please"),
            &teacher,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["Invalid"]["problem"], "bad_edit_id", "{}", r.body);
        assert_eq!(
            grid(&app, &ids, &teacher).await,
            g,
            "{}: nothing written",
            app.t.label
        );
        assert_eq!(score_audits(&app).await, audits);
        assert_eq!(applied(&app).await, marks);

        // Without an id, as before (the API, imports); with 64 characters, accepted.
        let mut plain = edits(&g, 2, 1);
        plain[0].as_object_mut().expect("object").remove("edit_id");
        plain[1]["edit_id"] = json!("A".repeat(64));
        let out = save(&app, &ids, &plain, &teacher).await;
        assert_eq!(saved_versions(&out).len(), 2, "{}", app.t.label);
        assert_eq!(applied(&app).await, marks + 1);

        // The grid shows a translated reason.
        use app::i18n::{Lang, Msg};
        assert!(Msg::GridBadEditId.raw(Lang::Vi).contains("mã thay đổi"));
        assert!(Msg::GridBadEditId.raw(Lang::En).contains("id"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_replayed_twice_answers_as_the_first_time_and_writes_once() {
    on_both!(|app| {
        let ids = ids(&app).await;
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let g = grid(&app, &ids, &teacher).await;
        let before = comment_audits(&app).await;
        let mut first = Vec::new();
        for k in 0..10usize {
            let row = &g["rows"][k];
            let r = comment(
                &app,
                &ids,
                row["student_id"].as_i64().expect("id"),
                &format!("Nhận xét {k}"),
                row["comment_version"].as_i64().expect("v"),
                Some(&edit_id(4, k)),
                &teacher,
            )
            .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            first.push(r.json());
        }
        let written = grid(&app, &ids, &teacher).await;
        assert_eq!(comment_audits(&app).await, before + 10, "{}", app.t.label);
        for _ in 0..2 {
            for (k, f) in first.iter().enumerate() {
                let row = &g["rows"][k];
                let r = comment(
                    &app,
                    &ids,
                    row["student_id"].as_i64().expect("id"),
                    &format!("Nhận xét {k}"),
                    row["comment_version"].as_i64().expect("v"),
                    Some(&edit_id(4, k)),
                    &teacher,
                )
                .await;
                assert_eq!(&r.json(), f, "{}", app.t.label);
            }
        }
        let now = grid(&app, &ids, &teacher).await;
        assert_eq!(now, written, "{}", app.t.label);
        assert_eq!(now["rows"][3]["comment"], "Nhận xét 3");
        assert_eq!(comment_audits(&app).await, before + 10, "{}", app.t.label);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replayed_roll_and_period_saves_answer_as_the_first_save_and_write_once() {
    use app::server::db::audit;
    const DAY: &str = "2026-11-18";
    on_both!(|app| {
        let y = app.demo_year().await;
        let class = y.class("6A1");
        let gvcn = app.login("gvcn.6a1", DEMO_PASSWORD).await;
        let gv_toan = app.login("gv.toan", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let audits = || async {
            audit::latest(app.db(), y.school, 1_000_000)
                .await
                .expect("audit")
                .len()
        };
        let r = app
            .post_json(
                "/api/attendance/roll",
                json!({"class_id": class, "date": DAY, "session": "morning"}),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let students: Vec<i64> = r.json()["students"]
            .as_array()
            .expect("students")
            .iter()
            .map(|s| s["id"].as_i64().expect("id"))
            .collect();
        let roll_save = |version: i64, status: &str, id: &str| {
            json!({"class_id": class, "date": DAY, "session": "morning", "version": version,
                   "marks": [{"student_id": students[0], "status": status, "reason": ""},
                             {"student_id": students[1], "status": "excused", "reason": "Ốm"}],
                   "edit_id": id})
        };
        let before = audits().await;
        let first = app
            .post_json(
                "/api/attendance/roll/save",
                roll_save(0, "unexcused", &edit_id(6, 0)),
                Some(&gvcn),
            )
            .await;
        assert_eq!(
            first.status,
            StatusCode::OK,
            "{}: {}",
            app.t.label,
            first.body
        );
        let first = first.json();
        assert_eq!(first["version"], 1);
        assert_eq!(audits().await, before + 2);
        for _ in 0..2 {
            let again = app
                .post_json(
                    "/api/attendance/roll/save",
                    roll_save(0, "unexcused", &edit_id(6, 0)),
                    Some(&gvcn),
                )
                .await;
            assert_eq!(
                again.status,
                StatusCode::OK,
                "{}: {}",
                app.t.label,
                again.body
            );
            assert_eq!(again.json(), first, "{}", app.t.label);
        }
        assert_eq!(audits().await, before + 2, "{}: written once", app.t.label);

        // The same new save twice at once: one version bump, one audit row.
        let (a, b) = tokio::join!(
            app.post_json(
                "/api/attendance/roll/save",
                roll_save(1, "present", &edit_id(6, 1)),
                Some(&gvcn)
            ),
            app.post_json(
                "/api/attendance/roll/save",
                roll_save(1, "present", &edit_id(6, 1)),
                Some(&gvcn)
            )
        );
        assert_eq!(a.status, StatusCode::OK, "{}: {}", app.t.label, a.body);
        assert_eq!(b.status, StatusCode::OK, "{}: {}", app.t.label, b.body);
        assert_eq!(a.json()["version"], 2, "{}", a.body);
        assert_eq!(b.json()["version"], 2, "{}", b.body);
        assert_eq!(audits().await, before + 3, "{}", app.t.label);

        // Period absences: the replay answers the count changed then.
        let period = |p: i64, id: &str| {
            json!({"class_id": class, "subject_id": y.toan, "date": DAY, "period": p,
                   "absent": [{"student_id": students[2], "excused": false, "reason": "Bỏ tiết"}],
                   "edit_id": id})
        };
        for _ in 0..3 {
            let r = app
                .post_json(
                    "/api/attendance/period/save",
                    period(2, &edit_id(7, 0)),
                    Some(&gv_toan),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
            assert_eq!(r.json(), 1, "{}", app.t.label);
        }
        assert_eq!(audits().await, before + 4, "{}", app.t.label);
        let (a, b) = tokio::join!(
            app.post_json(
                "/api/attendance/period/save",
                period(3, &edit_id(7, 1)),
                Some(&gv_toan)
            ),
            app.post_json(
                "/api/attendance/period/save",
                period(3, &edit_id(7, 1)),
                Some(&gv_toan)
            )
        );
        assert_eq!(
            (a.json(), b.json()),
            (json!(1), json!(1)),
            "{}: {} {}",
            app.t.label,
            a.body,
            b.body
        );
        assert_eq!(audits().await, before + 5, "{}", app.t.label);

        // A malformed id: refused with its message, nothing written.
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                roll_save(2, "unexcused", "not valid!"),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("BadEditId"), "{}", r.body);
        let r = app
            .post_json("/api/attendance/period/save", period(4, ""), Some(&gv_toan))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(audits().await, before + 5, "{}", app.t.label);

        // Saved elsewhere since the device's copy: refused as stale with who saved it, nothing
        // written, and the id stays unused, so that the teacher's "keep mine" over the current
        // version goes through (the outbox sends it under a new id; the old one must not block).
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                roll_save(1, "late", &edit_id(6, 3)),
                Some(&gvcn),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::CONFLICT,
            "{}: {}",
            app.t.label,
            r.body
        );
        assert!(r.body.contains("Stale"), "{}", r.body);
        assert_eq!(audits().await, before + 5, "{}", app.t.label);
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                roll_save(2, "late", &edit_id(6, 3)),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        assert_eq!(r.json()["version"], 3, "{}", r.body);
        assert_eq!(audits().await, before + 6, "{}", app.t.label);

        // Locked: applied saves still answer as then; new ones are refused with the reason.
        let r = app
            .post_json(
                "/api/locks/lock",
                json!({"semester_id": y.semester1, "scope": "class", "grade": null,
                       "class_id": class, "reason": "Khóa điểm danh"}),
                Some(&principal),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        let before = audits().await;
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                roll_save(0, "unexcused", &edit_id(6, 0)),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.t.label, r.body);
        assert_eq!(r.json()["version"], 3, "the roll as it stands");
        let r = app
            .post_json(
                "/api/attendance/period/save",
                period(2, &edit_id(7, 0)),
                Some(&gv_toan),
            )
            .await;
        assert_eq!(r.json(), 1, "{}", r.body);
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                roll_save(3, "unexcused", &edit_id(6, 2)),
                Some(&gvcn),
            )
            .await;
        assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        assert!(r.body.contains("Khóa điểm danh"), "{}", r.body);
        let r = app
            .post_json(
                "/api/attendance/period/save",
                period(5, &edit_id(7, 5)),
                Some(&gv_toan),
            )
            .await;
        assert_eq!(r.status.as_u16(), 423, "{}", r.body);
        assert_eq!(audits().await, before, "{}", app.t.label);

        // Another user replaying the homeroom teacher's roll id: judged as their own (refused).
        let r = app
            .post_json(
                "/api/attendance/roll/save",
                roll_save(0, "unexcused", &edit_id(6, 0)),
                Some(&gv_toan),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    });
}
