//! The audit history's figures (issue 6): a year of activity in the demo school, then (a) how
//! large the audit history grows per 1,000 score changes, and (b) how long the principal's
//! filtered log takes (p50 / p95 of typical filters and of the first page), on a SQLite file
//! (WAL, synchronous=FULL, as the server opens it) and on PostgreSQL (`TEST_POSTGRES_URL`).
//!
//! The year: every class's every assessment cell of both semesters entered through
//! `db::scores::write` (the grid's write path: version check, multi-row audit insert), one
//! column of a class per transaction as a teacher types it; one cell in ten re-edited; a
//! comment per student and subject in semester II (`write_comment`); and the staff's sign-ins
//! and sign-outs (two a school day each) and some downloads, spread over the year.
//! Size: SQLite from `dbstat` (the table and its indexes' pages), PostgreSQL from
//! `pg_total_relation_size('audit_log')` (table, indexes, TOAST).
//! `cargo bench -p app --features ssr --bench audit_log` (or `bench/audit.sh`)
//!
//! Measured 2026-11-22 (2 shared cores), a year of 59,461 score changes, 5,592 comments, 21,000
//! sign-ins/outs and 350 downloads (86,403 rows): the audit history grows 257 KiB per 1,000
//! score changes on SQLite (263 bytes a change, table + 6 indexes; the scores themselves 48 KiB)
//! and 546 KiB on PostgreSQL (559 bytes; scores 113 KiB). A page of the log: p50 0.3 ms on
//! SQLite and 1.3–1.5 ms on PostgreSQL for the first page, a deep keyset page, by person, by
//! class, logins; by kind scores / comments 23 / 16 ms on SQLite (the newest rows are sign-ins,
//! walked past in id order), 6 / 4 ms on PostgreSQL; a month 7.5 ms / 2.0 ms. Worst: a kind with
//! no rows at all (accounts here) scans the school's log on SQLite, p50 126 ms (PostgreSQL
//! 0.5 ms). One cell's history 0.04 / 0.5 ms; a student's first page 0.4 / 1.0 ms.
#[path = "../tests/support/databases.rs"]
mod databases;

use app::domain::audit_kind::AuditKind;
use app::server::db::audit::{self, CellRef, LogFilter};
use app::server::db::scores::{self, CommentWrite, Kind, ScoreWrite, Value, WriteMeta};
use app::server::db::{grading, Db};
use databases::TestDb;
use std::collections::HashMap;
use std::time::Instant;

/// School days in a year, and sign-ins per staff member per day.
const SCHOOL_DAYS: i64 = 175;
const RUNS: usize = 40;

async fn scalar(db: &Db, sql: &str) -> i64 {
    app::on_db!(db, p => sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Bytes of the audit log with its indexes.
async fn audit_bytes(db: &Db) -> i64 {
    match db {
        Db::Sqlite(p) => sqlx::query_scalar::<_, i64>(
            "SELECT CAST(SUM(pgsize) AS BIGINT) FROM dbstat \
             WHERE name = 'audit_log' OR name IN \
               (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log')",
        )
        .fetch_one(p)
        .await
        .expect("dbstat"),
        Db::Postgres(p) => {
            sqlx::query("VACUUM ANALYZE audit_log")
                .execute(p)
                .await
                .expect("vacuum");
            sqlx::query_scalar::<_, i64>("SELECT pg_total_relation_size('audit_log')")
                .fetch_one(p)
                .await
                .expect("size")
        }
    }
}

async fn score_bytes(db: &Db) -> i64 {
    match db {
        Db::Sqlite(p) => sqlx::query_scalar::<_, i64>(
            "SELECT CAST(SUM(pgsize) AS BIGINT) FROM dbstat \
             WHERE name = 'assessment_scores' OR name IN (SELECT name FROM sqlite_master \
               WHERE type = 'index' AND tbl_name = 'assessment_scores')",
        )
        .fetch_one(p)
        .await
        .expect("dbstat"),
        Db::Postgres(p) => {
            sqlx::query_scalar::<_, i64>("SELECT pg_total_relation_size('assessment_scores')")
                .fetch_one(p)
                .await
                .expect("size")
        }
    }
}

type Cell = (i64, i64, i64, Kind, i64);

/// Every cell's current version, as the grid would have loaded it.
async fn versions(db: &Db) -> HashMap<Cell, i64> {
    let rows: Vec<(i64, i64, i64, String, i64, i64)> = app::on_db!(db, p => sqlx::query_as(
        "SELECT student_id, subject_id, semester_id, kind, CAST(slot AS BIGINT), \
         CAST(version AS BIGINT) FROM assessment_scores")
        .fetch_all(p).await)
    .expect("versions");
    rows.into_iter()
        .filter_map(|(st, sj, se, k, sl, v)| Some(((st, sj, se, Kind::from_code(&k)?, sl), v)))
        .collect()
}

struct Year {
    score_changes: usize,
    comment_changes: usize,
    logins: usize,
    exports: usize,
}

fn value(comment: bool, i: usize) -> Value {
    if comment {
        if i.is_multiple_of(9) {
            Value::Fail
        } else {
            Value::Pass
        }
    } else {
        Value::Tenths(u8::try_from(40 + (i * 37) % 61).unwrap_or(80))
    }
}

async fn enter_scores(db: &Db, school_id: i64) -> usize {
    let classes: Vec<(i64, i64)> = app::on_db!(db, p => sqlx::query_as(
        "SELECT c.id, COALESCE(c.homeroom_teacher_id, 0) FROM classes c WHERE c.school_id = $1 \
         ORDER BY c.id").bind(school_id).fetch_all(p).await)
    .expect("classes");
    let mut seen = versions(db).await;
    let mut changes = 0usize;
    let mut i = 0usize;
    let mut edits: Vec<(ScoreWrite, Option<i64>)> = Vec::new();
    for (class_id, _) in classes {
        let students: Vec<i64> = scores::students_of_class(db, class_id)
            .await
            .expect("students")
            .into_iter()
            .map(|s| s.id)
            .collect();
        let semesters = scores::semesters_of_class(db, class_id)
            .await
            .expect("semesters");
        for subject in scores::subjects_of_class(db, class_id)
            .await
            .expect("subjects")
        {
            let Some(setup) = grading::setup(db, class_id, subject.id)
                .await
                .expect("setup")
            else {
                continue;
            };
            let comment = setup.assessment_kind == "comment";
            let regular = setup.regular_assessments().expect("regular") as i64;
            let mut columns: Vec<(Kind, i64)> = (1..=regular).map(|s| (Kind::Regular, s)).collect();
            columns.extend([(Kind::Midterm, 1), (Kind::Final, 1)]);
            for sem in &semesters {
                for (kind, slot) in &columns {
                    let writes: Vec<ScoreWrite> = students
                        .iter()
                        .map(|st| {
                            i += 1;
                            ScoreWrite {
                                school_id,
                                class_id,
                                subject_id: subject.id,
                                semester_id: sem.id,
                                student_id: *st,
                                kind: *kind,
                                slot: *slot,
                                value: Some(value(comment, i)),
                                reason: None,
                                expected_version: *seen
                                    .get(&(*st, subject.id, sem.id, *kind, *slot))
                                    .unwrap_or(&0),
                                edit_id: None,
                            }
                        })
                        .collect();
                    let meta = WriteMeta {
                        actor_user_id: subject.teacher_id,
                        source: "typing",
                        request_id: "0f8e2c1a-5b7d-4e3f-9a1b-2c3d4e5f6a7b",
                        ip: "203.113.131.7",
                        reason: None,
                    };
                    let outcomes = scores::write(db, &writes, &meta).await.expect("write");
                    for (w, o) in writes.into_iter().zip(outcomes) {
                        if let scores::WriteOutcome::Saved { version } = o {
                            changes += 1;
                            seen.insert(
                                (w.student_id, w.subject_id, w.semester_id, w.kind, w.slot),
                                version,
                            );
                            if changes.is_multiple_of(10) {
                                edits.push((
                                    ScoreWrite {
                                        expected_version: version,
                                        ..w
                                    },
                                    subject.teacher_id,
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    // One cell in ten re-edited, a class's handful at a time.
    for chunk in edits.chunks(6) {
        let writes: Vec<ScoreWrite> = chunk
            .iter()
            .map(|(w, _)| ScoreWrite {
                value: Some(match w.value {
                    Some(Value::Tenths(t)) => Value::Tenths(if t <= 95 { t + 5 } else { t - 5 }),
                    Some(Value::Pass) => Value::Fail,
                    _ => Value::Pass,
                }),
                ..w.clone()
            })
            .collect();
        let meta = WriteMeta {
            actor_user_id: chunk[0].1,
            source: "typing",
            request_id: "7c9d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
            ip: "203.113.131.7",
            reason: None,
        };
        let outcomes = scores::write(db, &writes, &meta).await.expect("re-edit");
        changes += outcomes
            .iter()
            .filter(|o| matches!(o, scores::WriteOutcome::Saved { .. }))
            .count();
    }
    changes
}

async fn write_comments(db: &Db, school_id: i64) -> usize {
    let classes: Vec<i64> = app::on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM classes WHERE school_id = $1 ORDER BY id")
        .bind(school_id).fetch_all(p).await)
    .expect("classes");
    let texts = [
        "Chăm chỉ, tiếp thu bài tốt.",
        "Cần cố gắng hơn ở phần bài tập về nhà.",
        "Tiến bộ rõ trong học kì này, tích cực phát biểu.",
        "Hoàn thành tốt nhiệm vụ học tập.",
    ];
    let mut n = 0;
    for class_id in classes {
        let students = scores::students_of_class(db, class_id)
            .await
            .expect("students");
        let semesters = scores::semesters_of_class(db, class_id)
            .await
            .expect("semesters");
        let Some(sem) = semesters.last() else {
            continue;
        };
        for subject in scores::subjects_of_class(db, class_id)
            .await
            .expect("subjects")
        {
            for (i, s) in students.iter().enumerate() {
                let meta = WriteMeta {
                    actor_user_id: subject.teacher_id,
                    source: "typing",
                    request_id: "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7",
                    ip: "203.113.131.7",
                    reason: None,
                };
                let w = CommentWrite {
                    school_id,
                    class_id,
                    subject_id: subject.id,
                    semester_id: sem.id,
                    student_id: s.id,
                    comment: texts[i % texts.len()].to_string(),
                    expected_version: 0,
                    edit_id: None,
                };
                if let scores::CommentOutcome::Saved { .. } =
                    scores::write_comment(db, &w, &meta).await.expect("comment")
                {
                    n += 1;
                }
            }
        }
    }
    n
}

/// (at, actor, action, entity, entity id, new value, class).
type LogRow = (
    i64,
    i64,
    &'static str,
    &'static str,
    String,
    Option<String>,
    Option<i64>,
);

/// Sign-ins and sign-outs of every staff member, two a school day, and downloads, spread over
/// the year (written as the login path writes them, in bulk transactions).
async fn sign_ins_and_exports(db: &Db, school_id: i64) -> (usize, usize) {
    let staff: Vec<i64> = app::on_db!(db, p => sqlx::query_scalar(
        "SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.school_id = $1 AND r.role NOT IN ('parent', 'student') ORDER BY u.id")
        .bind(school_id).fetch_all(p).await)
    .expect("staff");
    let classes: Vec<i64> = app::on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM classes WHERE school_id = $1").bind(school_id).fetch_all(p).await)
    .expect("classes");
    let start = app::server::db::now() - 300 * 86_400;
    let mut rows: Vec<LogRow> = Vec::new();
    let mut exports = 0;
    for day in 0..SCHOOL_DAYS {
        let at = start + day * 86_400 * 300 / SCHOOL_DAYS;
        for (k, u) in staff.iter().enumerate() {
            for half in 0..2 {
                let t = at + 7 * 3600 + half * 4 * 3600 + k as i64 * 20;
                rows.push((
                    t,
                    *u,
                    "login",
                    "session",
                    (day * 1000 + k as i64).to_string(),
                    None,
                    None,
                ));
                rows.push((
                    t + 3000,
                    *u,
                    "logout",
                    "session",
                    (day * 1000 + k as i64).to_string(),
                    None,
                    None,
                ));
            }
            if (day as usize + k).is_multiple_of(15) {
                let class = classes[k % classes.len()];
                rows.push((
                    at + 9 * 3600,
                    *u,
                    "export",
                    "class_list",
                    class.to_string(),
                    Some("41 students, xlsx".into()),
                    Some(class),
                ));
                exports += 1;
            }
        }
    }
    let logins = rows.len() - exports;
    for chunk in rows.chunks(500) {
        app::on_db!(db, p => {
            let mut tx = p.begin().await.expect("begin");
            for (at, user, action, entity, entity_id, new_value, class_id) in chunk {
                sqlx::query(
                    "INSERT INTO audit_log (school_id, at, actor_user_id, action, entity, \
                     entity_id, new_value, source, ip, request_id, class_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'web', '203.113.131.7', \
                     '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', $8)")
                    .bind(school_id).bind(*at).bind(*user).bind(*action).bind(*entity)
                    .bind(entity_id).bind(new_value).bind(*class_id)
                    .execute(&mut *tx).await.expect("insert");
            }
            tx.commit().await.expect("commit");
        });
    }
    (logins, exports)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn time_filter(db: &Db, school_id: i64, name: &str, f: &LogFilter, before: Option<i64>) {
    let mut times = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        rows = audit::log_page(db, school_id, f, before, 50)
            .await
            .expect("page")
            .len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "  {name:<44} p50 {:>7.2} ms  p95 {:>7.2} ms  ({rows} rows)",
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );
}

async fn time_other<F, Fut>(name: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let mut times = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        rows = f().await;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "  {name:<44} p50 {:>7.2} ms  p95 {:>7.2} ms  ({rows} rows)",
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );
}

async fn run(t: &TestDb) {
    let db = &t.db;
    println!("\n== {} ==", t.label);
    let school_id = app::server::demo::load(db).await.expect("demo");
    let before = audit_bytes(db).await;
    let scores_before = score_bytes(db).await;
    let started = Instant::now();
    let score_changes = enter_scores(db, school_id).await;
    let after_scores = audit_bytes(db).await;
    let scores_after = score_bytes(db).await;
    let comment_changes = write_comments(db, school_id).await;
    let (logins, exports) = sign_ins_and_exports(db, school_id).await;
    let year = Year {
        score_changes,
        comment_changes,
        logins,
        exports,
    };
    let total_rows = scalar(db, "SELECT COUNT(*) FROM audit_log").await;
    let total = audit_bytes(db).await;
    println!(
        "year generated in {:.1} s: {} score changes, {} comments, {} sign-ins/outs, {} downloads; \
         {} audit rows, {:.1} MiB",
        started.elapsed().as_secs_f64(),
        year.score_changes,
        year.comment_changes,
        year.logins,
        year.exports,
        total_rows,
        total as f64 / 1_048_576.0
    );
    let per_1000 = (after_scores - before) as f64 / score_changes as f64 * 1000.0;
    println!(
        "(a) audit history per 1,000 score changes: {:.0} KiB ({:.0} bytes a change, table + indexes); \
         the scores themselves grew {:.0} KiB per 1,000 changes",
        per_1000 / 1024.0,
        per_1000 / 1000.0,
        (scores_after - scores_before) as f64 / score_changes as f64 * 1000.0 / 1024.0
    );
    if let Db::Sqlite(p) = db {
        let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(p)
            .await
            .expect("pages");
        let size: i64 = sqlx::query_scalar("PRAGMA page_size")
            .fetch_one(p)
            .await
            .expect("size");
        println!(
            "    whole SQLite file: {:.1} MiB",
            (pages * size) as f64 / 1_048_576.0
        );
    }

    let id = |sql: &'static str| scalar(db, sql);
    let teacher = id("SELECT id FROM users WHERE username = 'gv.toan'").await;
    let class = id("SELECT id FROM classes WHERE name = '6A1'").await;
    let max_id = id("SELECT MAX(id) FROM audit_log").await;
    let now = app::server::db::now();
    let month = LogFilter {
        from_at: Some(now - 120 * 86_400),
        to_at: Some(now - 90 * 86_400),
        ..Default::default()
    };
    println!("(b) the filtered log, a page of 50, newest first ({RUNS} runs each):");
    let filters: Vec<(&str, LogFilter, Option<i64>)> = vec![
        ("first page, no filter", LogFilter::default(), None),
        (
            "page 100 (keyset, no filter)",
            LogFilter::default(),
            Some(max_id - 5000),
        ),
        (
            "person (gv.toan)",
            LogFilter {
                actor_user_id: Some(teacher),
                ..Default::default()
            },
            None,
        ),
        (
            "class (6A1)",
            LogFilter {
                class_id: Some(class),
                ..Default::default()
            },
            None,
        ),
        (
            "kind: scores",
            LogFilter {
                kind: Some(AuditKind::Scores),
                ..Default::default()
            },
            None,
        ),
        (
            "kind: comments",
            LogFilter {
                kind: Some(AuditKind::Comments),
                ..Default::default()
            },
            None,
        ),
        (
            "kind: logins",
            LogFilter {
                kind: Some(AuditKind::Logins),
                ..Default::default()
            },
            None,
        ),
        (
            "kind: exports",
            LogFilter {
                kind: Some(AuditKind::Exports),
                ..Default::default()
            },
            None,
        ),
        (
            "kind: accounts (none: scans)",
            LogFilter {
                kind: Some(AuditKind::Accounts),
                ..Default::default()
            },
            None,
        ),
        ("one month (dates)", month.clone(), None),
        (
            "person + kind scores",
            LogFilter {
                actor_user_id: Some(teacher),
                kind: Some(AuditKind::Scores),
                ..Default::default()
            },
            None,
        ),
        (
            "class 6A1 + kind comments",
            LogFilter {
                class_id: Some(class),
                kind: Some(AuditKind::Comments),
                ..Default::default()
            },
            None,
        ),
        (
            "person + one month",
            LogFilter {
                actor_user_id: Some(teacher),
                ..month
            },
            None,
        ),
    ];
    for (name, f, before) in &filters {
        time_filter(db, school_id, name, f, *before).await;
    }
    let (student, subject, semester): (i64, i64, i64) = app::on_db!(db, p => sqlx::query_as(
        "SELECT student_id, subject_id, semester_id FROM assessment_scores \
         WHERE class_id = $1 AND kind = 'regular' AND slot = 1 ORDER BY version DESC, id LIMIT 1").bind(class).fetch_one(p).await)
    .expect("a cell");
    let cell = CellRef::Score {
        student_id: student,
        subject_id: subject,
        semester_id: semester,
        kind: "regular",
        slot: 1,
    };
    let cell = &cell;
    time_other("one cell's history", move || async move {
        audit::cell_history(db, school_id, cell)
            .await
            .expect("cell")
            .len()
    })
    .await;
    time_other("one student's history, first page", move || async move {
        audit::student_history(db, school_id, student, None, None, 50)
            .await
            .expect("student")
            .len()
    })
    .await;
    time_other("export: person (gv.toan), every row", move || async move {
        let f = LogFilter {
            actor_user_id: Some(teacher),
            ..Default::default()
        };
        audit::log_page(db, school_id, &f, None, 50_000)
            .await
            .expect("export")
            .len()
    })
    .await;
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        for t in TestDb::all().await {
            run(&t).await;
            t.finish().await;
        }
    });
}
