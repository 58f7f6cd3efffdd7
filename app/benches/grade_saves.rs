//! Saving grade cells the way the grid does, through `score_entry::record` (access check,
//! validation, version check, audit row, one transaction per batch), beside a bare sqlx upsert
//! of the same number of rows in one transaction: cells per second for batches of 1, 12, 45 and
//! 540 cells, and the ratio. Then 8 teachers' single-cell saves at once, to see that concurrent
//! saves neither fail nor serialise badly. On a real SQLite file (WAL, synchronous=FULL, as the
//! server opens it) and, when `TEST_POSTGRES_URL` is set, PostgreSQL.
//! `cargo bench -p app --features ssr --bench grade_saves` (or `bench/grid-save.sh`)
//!
//! Measured 2026-11-22 (2 shared cores): record runs at 42–44 % of the bare upsert's rate on
//! SQLite (1 cell 0.72 ms; 540 cells 15 ms, ~35,000 cells/s) and 17–43 % on PostgreSQL (1 cell
//! 1.5 ms; 540 cells 52 ms): per cell it reads the row, writes it and writes an audit row, where
//! the baseline runs one statement. Concurrent single-cell saves fail on SQLite ("database is
//! locked": a deferred transaction that reads first cannot take the write lock while another
//! writes, and the busy timeout does not apply); PostgreSQL saves them all.
#[path = "../tests/support/databases.rs"]
mod databases;

use app::server::context::Caller;
use app::server::db::scores::{self, Kind, WriteMeta};
use app::server::db::student_import::ImportActor;
use app::server::db::{accounts, Db};
use app::server::score_entry::{self, Entry, EntryResult};
use databases::TestDb;
use std::collections::HashMap;
use std::time::Instant;

const CLASS_SIZE: usize = 45;
const BATCHES: [usize; 4] = [1, 12, 45, 540];
/// Concurrent teachers, and single-cell saves each.
const TEACHERS: usize = 8;
const SAVES_EACH: usize = 25;

/// One cell of the class: (student, semester, kind, slot).
type CellKey = (i64, i64, Kind, i64);

struct Setup {
    school_id: i64,
    class_id: i64,
    /// The subject written through `record` (its teacher is the caller).
    subject_id: i64,
    /// Another subject of the class, written by the bare upsert (same rows, same indexes).
    baseline_subject_id: i64,
    caller: Caller,
    /// Every cell of the class's sheet for both semesters: 45 students × 2 × 6 = 540.
    cells: Vec<CellKey>,
}

async fn id(db: &Db, sql: &str, text: &str) -> i64 {
    app::on_db!(db, p => sqlx::query_scalar::<_, i64>(sql).bind(text).fetch_one(p).await)
        .unwrap_or_else(|e| panic!("{sql} {text}: {e}"))
}

/// The demo school, its class 6A1 brought to 45 students through the student import (a CSV),
/// and its maths teacher as the caller.
async fn setup(db: &Db) -> Setup {
    let school_id = app::server::demo::load(db).await.expect("demo");
    let class_id = id(db, "SELECT id FROM classes WHERE name = $1", "6A1").await;
    let subject_id = id(db, "SELECT id FROM subjects WHERE code = $1", "TOAN").await;
    let baseline_subject_id = id(db, "SELECT id FROM subjects WHERE code = $1", "NV").await;
    let have = scores::students_of_class(db, class_id)
        .await
        .expect("students")
        .len();
    if have < CLASS_SIZE {
        let mut csv = String::from(
            "STT,Mã lớp,Mã học sinh,Họ tên,Ngày sinh,Giới tính,Trạng thái HS,Dân tộc\n",
        );
        for i in 0..CLASS_SIZE - have {
            csv.push_str(&format!(
                "{},6A1,BENCH{i:04},Nguyễn Văn An{},{:02}/{:02}/2014,Nam,Đang học,Kinh\n",
                i + 1,
                ["", "h", "hh"][i % 3],
                1 + i % 28,
                1 + i % 12
            ));
        }
        let planned = app::server::student_import::plan(db, school_id, "bench.csv", csv.as_bytes())
            .await
            .expect("plan import");
        let actor = ImportActor {
            school_id,
            user_id: 1,
            reason: "bench".into(),
            ..Default::default()
        };
        app::server::student_import::run(db, &actor, planned, false)
            .await
            .expect("import");
    }
    let students: Vec<i64> = scores::students_of_class(db, class_id)
        .await
        .expect("students")
        .into_iter()
        .map(|s| s.id)
        .take(CLASS_SIZE)
        .collect();
    assert_eq!(students.len(), CLASS_SIZE);
    let teacher = accounts::find_by_username(db, "gv.toan")
        .await
        .expect("find")
        .expect("gv.toan");
    let caller = Caller {
        user_id: teacher.id,
        school_id: teacher.school_id,
        session_id: 0,
        roles: accounts::roles_of(db, teacher.id).await.expect("roles"),
        username: teacher.username,
        full_name: teacher.full_name,
        must_change_password: false,
    };
    let semesters: Vec<i64> = scores::semesters_of_class(db, class_id)
        .await
        .expect("semesters")
        .into_iter()
        .map(|s| s.id)
        .collect();
    let columns = [
        (Kind::Regular, 1),
        (Kind::Regular, 2),
        (Kind::Regular, 3),
        (Kind::Regular, 4),
        (Kind::Midterm, 1),
        (Kind::Final, 1),
    ];
    let mut cells = Vec::new();
    for s in &students {
        for sem in &semesters {
            for (kind, slot) in columns {
                cells.push((*s, *sem, kind, slot));
            }
        }
    }
    Setup {
        school_id,
        class_id,
        subject_id,
        baseline_subject_id,
        caller,
        cells,
    }
}

/// The versions the "teacher" last saw, as the grid keeps them.
struct Seen(HashMap<CellKey, i64>);

impl Seen {
    /// Reads the current versions of the class's cells of `subject_id`.
    async fn load(db: &Db, s: &Setup, subject_id: i64) -> Seen {
        let mut map = HashMap::new();
        let semesters: Vec<i64> = s.cells.iter().map(|c| c.1).collect();
        let mut semesters = semesters;
        semesters.sort_unstable();
        semesters.dedup();
        for sem in semesters {
            for c in scores::sheet(db, s.class_id, subject_id, sem)
                .await
                .expect("sheet")
            {
                map.insert((c.student_id, c.semester_id, c.kind, c.slot), c.version);
            }
        }
        Seen(map)
    }
}

/// A score from 0.0 to 10.0 that differs round to round.
fn value(round: usize, i: usize) -> String {
    let tenths = (round * 37 + i * 13) % 101;
    format!("{},{}", tenths / 10, tenths % 10)
}

fn meta(caller: &Caller) -> WriteMeta<'_> {
    WriteMeta {
        actor_user_id: Some(caller.user_id),
        source: "typing",
        request_id: "bench",
        ip: "127.0.0.1",
        reason: None,
    }
}

/// `cells` saved through `record` in batches of `batch`; returns the seconds per call.
async fn through_record(
    db: &Db,
    s: &Setup,
    seen: &mut Seen,
    cells: &[CellKey],
    batch: usize,
    round: usize,
) -> Vec<f64> {
    let mut times = Vec::new();
    for (chunk_no, chunk) in cells.chunks(batch).enumerate() {
        let entries: Vec<Entry> = chunk
            .iter()
            .enumerate()
            .map(|(i, c)| Entry {
                class_id: s.class_id,
                subject_id: s.subject_id,
                semester_id: c.1,
                student_id: c.0,
                kind: c.2,
                slot: c.3,
                value: Some(value(round, chunk_no * batch + i)),
                expected_version: seen.0.get(c).copied().unwrap_or(0),
                mark: None,
                reason: None,
                edit_id: None,
            })
            .collect();
        let start = Instant::now();
        let results = score_entry::record(db, &s.caller, &entries, &meta(&s.caller))
            .await
            .expect("record");
        times.push(start.elapsed().as_secs_f64());
        for (c, r) in chunk.iter().zip(results) {
            match r {
                EntryResult::Saved { version } => {
                    seen.0.insert(*c, version);
                }
                other => panic!("cell {c:?} not saved: {other:?}"),
            }
        }
    }
    times
}

/// The baseline: the same number of rows upserted with bare sqlx, one transaction per batch, no
/// checks, no audit. Returns the seconds per batch.
async fn bare_upsert(
    db: &Db,
    s: &Setup,
    cells: &[CellKey],
    batch: usize,
    round: usize,
) -> Vec<f64> {
    let mut times = Vec::new();
    let sql = "INSERT INTO assessment_scores (school_id, semester_id, class_id, subject_id, \
               student_id, kind, slot, score_tenths, judgement, version, updated_at, updated_by) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 1, $9, $10) \
               ON CONFLICT (student_id, subject_id, semester_id, kind, slot) DO UPDATE SET \
               score_tenths = excluded.score_tenths, version = assessment_scores.version + 1, \
               updated_at = excluded.updated_at, updated_by = excluded.updated_by";
    for (chunk_no, chunk) in cells.chunks(batch).enumerate() {
        let start = Instant::now();
        app::on_db!(db, p => {
            let mut tx = p.begin().await.expect("begin");
            for (i, c) in chunk.iter().enumerate() {
                let tenths = ((round * 37 + (chunk_no * batch + i) * 13) % 101) as i64;
                sqlx::query(sql)
                    .bind(s.school_id).bind(c.1).bind(s.class_id).bind(s.baseline_subject_id)
                    .bind(c.0).bind(c.2.code()).bind(c.3).bind(tenths).bind(1_800_000_000_i64)
                    .bind(s.caller.user_id)
                    .execute(&mut *tx).await.expect("upsert");
            }
            tx.commit().await.expect("commit");
        });
        times.push(start.elapsed().as_secs_f64());
    }
    times
}

fn median_ms(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2] * 1e3
}

/// 8 teachers saving single cells at once, each on its own cells (the grid's save per change).
async fn concurrent(db: &Db, s: &Setup, seen: &Seen, round: usize) -> (f64, usize, usize, String) {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..TEACHERS {
        let db = db.clone();
        let caller = s.caller.clone();
        let entries: Vec<Entry> = s
            .cells
            .iter()
            .skip(t)
            .step_by(TEACHERS)
            .take(SAVES_EACH)
            .enumerate()
            .map(|(i, c)| Entry {
                class_id: s.class_id,
                subject_id: s.subject_id,
                semester_id: c.1,
                student_id: c.0,
                kind: c.2,
                slot: c.3,
                value: Some(value(round, i)),
                expected_version: seen.0.get(c).copied().unwrap_or(0),
                mark: None,
                reason: None,
                edit_id: None,
            })
            .collect();
        tasks.push(tokio::spawn(async move {
            let mut saved = 0;
            let mut errors = Vec::new();
            for e in entries {
                match score_entry::record(&db, &caller, std::slice::from_ref(&e), &meta(&caller))
                    .await
                {
                    Ok(r) if matches!(r[..], [EntryResult::Saved { .. }]) => saved += 1,
                    Ok(r) => errors.push(format!("{r:?}")),
                    Err(e) => errors.push(format!("{e:?}")),
                }
            }
            (saved, errors)
        }));
    }
    let (mut saved, mut failed, mut first_error) = (0, 0, String::new());
    for t in tasks {
        let (s, errors) = t.await.expect("task");
        saved += s;
        failed += errors.len();
        if first_error.is_empty() {
            if let Some(e) = errors.into_iter().next() {
                first_error = e;
            }
        }
    }
    (start.elapsed().as_secs_f64(), saved, failed, first_error)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        for t in TestDb::all().await {
            let db = &t.db;
            let s = setup(db).await;
            let mut seen = Seen::load(db, &s, s.subject_id).await;
            println!(
                "{}: class 6A1, {} students × 2 semesters × 6 columns = {} cells; \
                 record = access + validation + version + audit, bare = sqlx upsert",
                t.label,
                CLASS_SIZE,
                s.cells.len()
            );
            println!(
                "{:>6} {:>7} {:>14} {:>14} {:>7} {:>12} {:>12} {:>7}",
                "batch",
                "cells",
                "record cells/s",
                "bare cells/s",
                "ratio",
                "record p50",
                "bare p50",
                "ratio"
            );
            println!(
                "       (cells/s over all batches, and the median time of one batch: a ratio is \
                 record's rate as a share of bare's)"
            );
            let mut round = 1;
            for batch in BATCHES {
                // Side by side, alternating, the same cells: 200 single-cell saves, or every
                // cell of the class five times.
                let passes = if batch == 1 { 1 } else { 5 };
                let cells: Vec<CellKey> = if batch == 1 {
                    s.cells.iter().copied().take(200).collect()
                } else {
                    s.cells.clone()
                };
                // Batch by batch, alternating, so that both see the same load on a shared
                // machine.
                let (mut rec, mut bare) = (Vec::new(), Vec::new());
                for _ in 0..passes {
                    for chunk in cells.chunks(batch) {
                        rec.extend(through_record(db, &s, &mut seen, chunk, batch, round).await);
                        bare.extend(bare_upsert(db, &s, chunk, batch, round).await);
                    }
                    round += 1;
                }
                let n = (cells.len() * passes) as f64;
                let rec_rate = n / rec.iter().sum::<f64>();
                let bare_rate = n / bare.iter().sum::<f64>();
                let (rec_p50, bare_p50) = (median_ms(rec), median_ms(bare));
                println!(
                    "{batch:>6} {:>7} {rec_rate:>14.0} {bare_rate:>14.0} {:>6.0}% {rec_p50:>9.2} ms \
                     {bare_p50:>9.2} ms {:>6.0}%",
                    n as usize,
                    100.0 * rec_rate / bare_rate,
                    100.0 * bare_p50 / rec_p50
                );
            }
            let (secs, saved, failed, first) = concurrent(db, &s, &seen, round).await;
            println!(
                "{TEACHERS} teachers at once, {SAVES_EACH} single-cell saves each: {saved} saved, \
                 {failed} failed, {:.0} cells/s{}",
                saved as f64 / secs,
                if first.is_empty() {
                    String::new()
                } else {
                    format!(" (first failure: {first})")
                }
            );
            t.finish().await;
        }
    });
}
