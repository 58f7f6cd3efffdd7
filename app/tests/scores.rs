//! Scores against real databases (SQLite and PostgreSQL): versions, conflicts, audit rows,
//! grade sheets in class order with GRADING.md's worked examples, and the class summary.
#[path = "support/databases.rs"]
mod databases;

use app::domain::grading::{Average, Computed, Judgement, Level};
use app::domain::role::Role;
use app::error::AppError;
use app::server::context::Caller;
use app::server::db::scores::{self, Kind, ScoreWrite, Value, WriteMeta, WriteOutcome};
use app::server::db::{accounts, audit, Db};
use app::server::grade_sheet::{self, Outcome, Period};
use app::server::score_entry::{self, Entry, EntryResult, Mark, Problem};
use databases::TestDb;

/// The demo school's ids the tests use.
struct Demo {
    school_id: i64,
    class_id: i64,
    other_class_id: i64,
    math: i64,
    literature: i64,
    pe: i64,
    semester1: i64,
    semester2: i64,
    students: Vec<i64>,
}

async fn scalar(db: &Db, sql: &str, text: &str) -> i64 {
    app::on_db!(db, p => sqlx::query_scalar::<_, i64>(sql).bind(text).fetch_one(p).await)
        .unwrap_or_else(|e| panic!("{sql} {text}: {e}"))
}

async fn demo(db: &Db) -> Demo {
    let school_id = app::server::demo::load(db).await.expect("demo school");
    let class_id = scalar(db, "SELECT id FROM classes WHERE name = $1", "6A1").await;
    let other_class_id = scalar(db, "SELECT id FROM classes WHERE name = $1", "7A1").await;
    let subject = "SELECT id FROM subjects WHERE code = $1";
    let semester = "SELECT id FROM semesters WHERE CAST(number AS TEXT) = $1";
    let students = grade_sheet::in_class_order(
        scores::students_of_class(db, class_id)
            .await
            .expect("students"),
    )
    .into_iter()
    .map(|s| s.id)
    .collect();
    Demo {
        school_id,
        class_id,
        other_class_id,
        math: scalar(db, subject, "TOAN").await,
        literature: scalar(db, subject, "NV").await,
        pe: scalar(db, subject, "GDTC").await,
        semester1: scalar(db, semester, "1").await,
        semester2: scalar(db, semester, "2").await,
        students,
    }
}

async fn caller(db: &Db, username: &str) -> Caller {
    let user = accounts::find_by_username(db, username)
        .await
        .expect("find")
        .expect("demo user");
    Caller {
        user_id: user.id,
        school_id: user.school_id,
        session_id: 0,
        roles: accounts::roles_of(db, user.id).await.expect("roles"),
        username: user.username,
        full_name: user.full_name,
        must_change_password: false,
    }
}

fn meta(user: &Caller, source: &'static str) -> WriteMeta<'static> {
    WriteMeta {
        actor_user_id: Some(user.user_id),
        source,
        request_id: "req-1",
        ..Default::default()
    }
}

fn entry(d: &Demo, subject: i64, student: i64, kind: Kind, slot: i64, value: &str) -> Entry {
    Entry {
        class_id: d.class_id,
        subject_id: subject,
        semester_id: d.semester2,
        student_id: student,
        kind,
        slot,
        value: Some(value.to_string()),
        expected_version: 0,
        mark: None,
        reason: None,
        edit_id: None,
    }
}

/// The entries of a complete scored row: regular scores, mid-term, end-of-term.
fn row(d: &Demo, subject: i64, student: i64, regular: &[&str], gk: &str, ck: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = (1..)
        .zip(regular)
        .map(|(slot, v)| entry(d, subject, student, Kind::Regular, slot, v))
        .collect();
    out.push(entry(d, subject, student, Kind::Midterm, 1, gk));
    out.push(entry(d, subject, student, Kind::Final, 1, ck));
    out
}

fn avg(tenths: u8) -> Computed<Average> {
    Computed::Value(Average::from_tenths(tenths).expect("in range"))
}

#[tokio::test]
async fn a_write_with_a_stale_version_is_a_conflict_with_the_current_value_and_author() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        let teacher = caller(db, "gv.toan").await;
        let w = ScoreWrite {
            school_id: d.school_id,
            class_id: d.class_id,
            subject_id: d.math,
            semester_id: d.semester2,
            student_id: d.students[0],
            kind: Kind::Regular,
            slot: 1,
            value: Some(Value::Tenths(85)),
            reason: None,
            expected_version: 0,
            edit_id: None,
        };
        let m = meta(&teacher, "typing");
        let first = scores::write(db, std::slice::from_ref(&w), &m)
            .await
            .expect("write");
        assert_eq!(
            first,
            vec![WriteOutcome::Saved { version: 1 }],
            "{}",
            t.label
        );

        // A second insert from someone who also saw an empty cell.
        let again = scores::write(db, std::slice::from_ref(&w), &m)
            .await
            .expect("write");
        match &again[0] {
            WriteOutcome::Conflict { current: Some(c) } => {
                assert_eq!(c.value, Some(Value::Tenths(85)), "{}", t.label);
                assert_eq!(c.version, 1);
                assert_eq!(c.updated_by, Some(teacher.user_id));
                assert_eq!(
                    c.updated_by_name.as_deref(),
                    Some(teacher.full_name.as_str())
                );
                assert!(c.updated_at > 0);
            }
            other => panic!("{}: expected a conflict, got {other:?}", t.label),
        }

        // An update with the right version applies; a stale one changes nothing.
        let update = ScoreWrite {
            value: Some(Value::Tenths(90)),
            expected_version: 1,
            ..w.clone()
        };
        let stale = ScoreWrite {
            value: Some(Value::Tenths(10)),
            expected_version: 1,
            ..w.clone()
        };
        let out = scores::write(db, &[update, stale], &m)
            .await
            .expect("write");
        assert_eq!(out[0], WriteOutcome::Saved { version: 2 }, "{}", t.label);
        assert!(
            matches!(&out[1], WriteOutcome::Conflict { current: Some(c) } if c.version == 2 && c.value == Some(Value::Tenths(90)))
        );
        let sheet = scores::sheet(db, d.class_id, d.math, d.semester2)
            .await
            .expect("sheet");
        assert_eq!(sheet.len(), 1);
        assert_eq!(sheet[0].value, Some(Value::Tenths(90)), "{}", t.label);

        // Updating a cell that does not exist is a conflict with no current value.
        let ghost = ScoreWrite {
            slot: 2,
            expected_version: 3,
            ..w.clone()
        };
        let out = scores::write(db, &[ghost], &m).await.expect("write");
        assert_eq!(
            out,
            vec![WriteOutcome::Conflict { current: None }],
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn every_applied_write_leaves_an_audit_row_with_old_and_new_value_and_source() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        let teacher = caller(db, "gv.toan").await;
        let mut e = entry(&d, d.math, d.students[1], Kind::Midterm, 1, "7,5");
        let saved = score_entry::record(
            db,
            &teacher,
            std::slice::from_ref(&e),
            &meta(&teacher, "paste"),
        )
        .await
        .expect("record");
        assert_eq!(
            saved,
            vec![EntryResult::Saved { version: 1 }],
            "{}",
            t.label
        );
        e.value = None;
        e.expected_version = 1;
        let cleared = score_entry::record(db, &teacher, &[e], &meta(&teacher, "correction"))
            .await
            .expect("record");
        assert_eq!(
            cleared,
            vec![EntryResult::Saved { version: 2 }],
            "{}",
            t.label
        );

        let rows = audit::latest(db, d.school_id, 10).await.expect("audit");
        let scores: Vec<_> = rows
            .iter()
            .filter(|r| r.entity == "assessment_score")
            .collect();
        assert_eq!(scores.len(), 2, "{}", t.label);
        assert_eq!(scores[1].action, "create");
        assert_eq!(scores[1].old_value, None);
        assert_eq!(scores[1].new_value.as_deref(), Some("7.5"));
        assert_eq!(scores[0].action, "update");
        assert_eq!(scores[0].old_value.as_deref(), Some("7.5"));
        assert_eq!(scores[0].new_value, None);
        assert_eq!(scores[0].actor_user_id, Some(teacher.user_id));
        let (source, request_id): (String, String) = app::on_db!(db, p => sqlx::query_as(
            "SELECT source, request_id FROM audit_log WHERE id = $1")
            .bind(scores[0].id).fetch_one(p).await)
        .expect("row");
        assert_eq!(
            (source.as_str(), request_id.as_str()),
            ("correction", "req-1")
        );
        // A cleared cell is "not yet", never zero.
        let sheet = scores::sheet(db, d.class_id, d.math, d.semester2)
            .await
            .expect("sheet");
        assert_eq!(sheet[0].value, None, "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn bad_entries_are_refused_one_by_one_and_nothing_else_changes() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        let teacher = caller(db, "gv.toan").await;
        let s = d.students[2];
        let entries = vec![
            entry(&d, d.math, s, Kind::Regular, 1, "11"),
            entry(&d, d.math, s, Kind::Regular, 2, "8.55"),
            entry(&d, d.math, s, Kind::Regular, 3, "abc"),
            entry(&d, d.math, s, Kind::Regular, 4, "8,5"),
            entry(&d, d.math, s, Kind::Regular, 9, "8"),
            entry(&d, d.math, s, Kind::Midterm, 1, "Đ"),
        ];
        let out = score_entry::record(db, &teacher, &entries, &meta(&teacher, "api"))
            .await
            .expect("record");
        use app::domain::grading::ScoreProblem::*;
        assert_eq!(
            out,
            vec![
                EntryResult::Invalid(Problem::Score(OutOfRange)),
                EntryResult::Invalid(Problem::Score(TooManyDecimals)),
                EntryResult::Invalid(Problem::Score(NotANumber)),
                EntryResult::Saved { version: 1 },
                EntryResult::Invalid(Problem::NoSuchColumn),
                EntryResult::Invalid(Problem::NotAScore),
            ],
            "{}",
            t.label
        );
        // A student of another class is not in this one.
        let stranger = scores::students_of_class(db, d.other_class_id)
            .await
            .expect("students")[0]
            .id;
        let out = score_entry::record(
            db,
            &teacher,
            &[entry(&d, d.math, stranger, Kind::Regular, 1, "5")],
            &meta(&teacher, "api"),
        )
        .await
        .expect("record");
        assert_eq!(
            out,
            vec![EntryResult::Invalid(Problem::NotInClass)],
            "{}",
            t.label
        );
        let sheet = scores::sheet(db, d.class_id, d.math, d.semester2)
            .await
            .expect("sheet");
        assert_eq!(sheet.len(), 1, "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn only_the_assigned_teacher_or_an_admin_may_write_and_a_refusal_writes_nothing() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        let math_teacher = caller(db, "gv.toan").await;
        let homeroom = caller(db, "gvcn.6a1").await;
        let principal = caller(db, "hieutruong").await;
        let admin = caller(db, "admin").await;
        let e = entry(&d, d.math, d.students[0], Kind::Regular, 1, "9");
        // The homeroom teacher teaches literature in 6A1, not maths.
        for who in [&homeroom, &principal] {
            let refused =
                score_entry::record(db, who, std::slice::from_ref(&e), &meta(who, "api")).await;
            assert_eq!(
                refused,
                Err(AppError::Forbidden),
                "{}: {}",
                t.label,
                who.username
            );
        }
        // A batch with one forbidden sheet is refused whole.
        let mixed = vec![
            e.clone(),
            entry(&d, d.literature, d.students[0], Kind::Regular, 1, "9"),
        ];
        assert_eq!(
            score_entry::record(db, &math_teacher, &mixed, &meta(&math_teacher, "api")).await,
            Err(AppError::Forbidden),
            "{}",
            t.label
        );
        assert!(scores::sheet(db, d.class_id, d.literature, d.semester2)
            .await
            .expect("sheet")
            .is_empty());
        assert!(scores::sheet(db, d.class_id, d.math, d.semester2)
            .await
            .expect("sheet")
            .is_empty());
        // Another school's class is not found.
        let other_school = accounts::create_school(db, "KHAC", "Trường khác", "lower_secondary")
            .await
            .expect("school");
        let outsider = Caller {
            school_id: other_school,
            roles: vec![Role::Admin],
            ..admin.clone()
        };
        assert_eq!(
            score_entry::record(
                db,
                &outsider,
                std::slice::from_ref(&e),
                &meta(&outsider, "api")
            )
            .await,
            Err(AppError::NotFound),
            "{}",
            t.label
        );
        assert_eq!(
            score_entry::record(
                db,
                &admin,
                std::slice::from_ref(&e),
                &meta(&admin, "correction")
            )
            .await,
            Ok(vec![EntryResult::Saved { version: 1 }]),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_grade_sheet_computes_grading_md_worked_examples_in_class_order() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        let teacher = caller(db, "gv.toan").await;
        let s = &d.students;
        let mut entries = Vec::new();
        // Toán has 140 periods: 4 regular assessments.
        entries.extend(row(&d, d.math, s[0], &["8", "7,5", "9", "6"], "7", "8,5"));
        // Missing end-of-term: incomplete, not lower.
        entries.extend(row(&d, d.math, s[1], &["8", "8", "8", "8"], "8", "8"));
        entries.pop();
        let out = score_entry::record(db, &teacher, &entries, &meta(&teacher, "typing"))
            .await
            .expect("record");
        assert!(
            out.iter().all(|r| matches!(r, EntryResult::Saved { .. })),
            "{out:?}"
        );

        let sheet = grade_sheet::for_caller(db, &teacher, d.class_id, d.math, d.semester2)
            .await
            .expect("sheet");
        assert_eq!(sheet.regular_count, 4);
        assert!(!sheet.comment);
        let ids: Vec<i64> = sheet.rows.iter().map(|r| r.student.id).collect();
        assert_eq!(&ids, s, "{}: Vietnamese class order", t.label);
        assert_eq!(
            sheet.rows[0].outcome,
            Outcome::Average(avg(78)),
            "{}",
            t.label
        );
        assert_eq!(
            sheet.rows[1].outcome,
            Outcome::Average(Computed::Incomplete { missing: 1 })
        );
        assert_eq!(
            sheet.rows[2].outcome,
            Outcome::Average(Computed::Incomplete { missing: 6 })
        );
        assert_eq!(
            sheet.rows[0].regular[1].as_ref().map(|c| c.version),
            Some(1)
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn three_and_two_regular_assessments_and_the_float_trap_average_exactly() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        // Ngữ văn taught 70 periods in grade 6 here: three regular assessments.
        app::on_db!(db, p => sqlx::query(
            "UPDATE subject_grade_levels SET periods_per_year = 70 WHERE subject_id = $1")
            .bind(d.literature).execute(p).await.map(|_| ()))
        .expect("periods");
        let teacher = caller(db, "gvcn.6a1").await;
        let s = &d.students;
        let mut entries = Vec::new();
        entries.extend(row(&d, d.literature, s[0], &["9.2", "8", "8"], "8", "8"));
        entries.extend(row(
            &d,
            d.literature,
            s[1],
            &["9,2", "9,2", "9,2"],
            "8",
            "8",
        ));
        let out = score_entry::record(db, &teacher, &entries, &meta(&teacher, "paste"))
            .await
            .expect("record");
        assert!(
            out.iter().all(|r| matches!(r, EntryResult::Saved { .. })),
            "{out:?}"
        );
        let sheet = grade_sheet::for_caller(db, &teacher, d.class_id, d.literature, d.semester2)
            .await
            .expect("sheet");
        assert_eq!(sheet.regular_count, 3);
        assert_eq!(
            sheet.rows[0].outcome,
            Outcome::Average(avg(82)),
            "{}: 8.15 → 8.2",
            t.label
        );
        assert_eq!(
            sheet.rows[1].outcome,
            Outcome::Average(avg(85)),
            "{}: 8.45 → 8.5",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_class_summary_gives_averages_the_year_and_learning_results() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        // Start from empty sheets: the demo's own semester-1 scores are not part of this test.
        app::on_db!(db, p => sqlx::query("DELETE FROM assessment_scores").execute(p).await.map(|_| ()))
            .expect("clear");
        let admin = caller(db, "admin").await;
        let student = d.students[0];
        let subjects = scores::subjects_of_class(db, d.class_id)
            .await
            .expect("subjects");
        // Semester 1 and 2: every scored subject 7.8 then 8.2 (year 8.1), except GDCD with two
        // regular assessments at 6, 7 / 6.5 / 7 → 6.7 both semesters; comment subjects all Đ.
        let mut entries = Vec::new();
        for semester in [d.semester1, d.semester2] {
            for subject in &subjects {
                let mut add = |kind, slot, v: &str| {
                    entries.push(Entry {
                        semester_id: semester,
                        ..entry(&d, subject.id, student, kind, slot, v)
                    })
                };
                let regular = if subject.assessment_kind == "comment" {
                    vec!["Đ", "Đ"]
                } else if ["GDCD", "CN", "TIN"].contains(&subject.code.as_str()) {
                    vec!["6", "7"]
                } else if semester == d.semester1 {
                    vec!["8", "7,5", "9", "6"]
                } else {
                    vec!["9.2", "8", "8", "8"]
                };
                let (gk, ck) = match (
                    subject.assessment_kind.as_str(),
                    regular.len(),
                    semester == d.semester1,
                ) {
                    ("comment", _, _) => ("Đ", "Đ"),
                    (_, 2, _) => ("6,5", "7"),
                    (_, _, true) => ("7", "8,5"),
                    (_, _, false) => ("8", "8,3"),
                };
                for (slot, v) in (1..).zip(&regular) {
                    add(Kind::Regular, slot, v);
                }
                add(Kind::Midterm, 1, gk);
                add(Kind::Final, 1, ck);
            }
        }
        let out = score_entry::record(db, &admin, &entries, &meta(&admin, "import"))
            .await
            .expect("record");
        assert!(
            out.iter().all(|r| matches!(r, EntryResult::Saved { .. })),
            "{out:?}"
        );

        let first = grade_sheet::summary_for_caller(db, &admin, d.class_id, Period::Semester(1))
            .await
            .expect("summary");
        let math_at = first
            .subjects
            .iter()
            .position(|s| s.id == d.math)
            .expect("maths");
        let pe_at = first
            .subjects
            .iter()
            .position(|s| s.id == d.pe)
            .expect("PE");
        let row = &first.rows[0];
        assert_eq!(row.student.id, student);
        assert_eq!(
            row.subjects[math_at],
            Outcome::Average(avg(78)),
            "{}",
            t.label
        );
        assert_eq!(
            row.subjects[pe_at],
            Outcome::Judgement(Computed::Value(Judgement::Pass))
        );
        // Five subjects at 7.8 and three at 6.7: Khá (all ≥ 5.0, at least six ≥ 6.5).
        let learning = row.learning.clone().value().expect("complete");
        assert_eq!(learning.level, Level::Fair, "{}", t.label);
        // Another student has nothing yet: incomplete, never Chưa đạt.
        assert!(!first.rows[1].learning.is_complete(), "{}", t.label);

        let year = grade_sheet::summary_for_caller(db, &admin, d.class_id, Period::Year)
            .await
            .expect("summary");
        // Semester 2 maths: (9.2 + 8 + 8 + 8 + 16 + 24.9) / 9 = 74.1 / 9 = 8.23 → 8.2; year 8.1.
        assert_eq!(
            year.rows[0].subjects[math_at],
            Outcome::Average(avg(81)),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn sheets_and_summaries_are_shown_only_to_those_allowed() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        let math_teacher = caller(db, "gv.toan").await;
        let homeroom = caller(db, "gvcn.6a1").await;
        let head = caller(db, "totruong.toan").await;
        let parent = caller(db, "7901692934").await;
        let sheet = |c: Caller, subject: i64| {
            let d_class = d.class_id;
            let sem = d.semester1;
            async move {
                grade_sheet::for_caller(db, &c, d_class, subject, sem)
                    .await
                    .map(|_| ())
            }
        };
        assert_eq!(
            sheet(math_teacher.clone(), d.math).await,
            Ok(()),
            "{}",
            t.label
        );
        assert_eq!(
            sheet(math_teacher.clone(), d.literature).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            sheet(homeroom.clone(), d.math).await,
            Ok(()),
            "homeroom sees every subject"
        );
        assert_eq!(
            sheet(head.clone(), d.math).await,
            Ok(()),
            "the maths group head"
        );
        assert_eq!(
            sheet(head.clone(), d.literature).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            sheet(parent.clone(), d.math).await,
            Err(AppError::Forbidden)
        );
        for who in [&math_teacher, &parent, &head] {
            assert_eq!(
                grade_sheet::summary_for_caller(db, who, d.class_id, Period::Semester(1))
                    .await
                    .map(|_| ()),
                Err(AppError::Forbidden),
                "{}: {}",
                t.label,
                who.username
            );
        }
        assert!(
            grade_sheet::summary_for_caller(db, &homeroom, d.class_id, Period::Semester(1))
                .await
                .is_ok()
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_demo_school_opens_with_real_semester_one_sheets() {
    for t in TestDb::all().await {
        let db = &t.db;
        let started = std::time::Instant::now();
        let d = demo(db).await;
        eprintln!(
            "{}: demo school with scores loaded in {:?}",
            t.label,
            started.elapsed()
        );
        let teacher = caller(db, "gv.toan").await;
        let sheet = grade_sheet::for_caller(db, &teacher, d.class_id, d.math, d.semester1)
            .await
            .expect("sheet");
        let complete = sheet
            .rows
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Average(Computed::Value(_))))
            .count();
        assert!(
            complete * 10 >= sheet.rows.len() * 8,
            "{}: {complete} of {}",
            t.label,
            sheet.rows.len()
        );
        let admin = caller(db, "admin").await;
        let summary = grade_sheet::summary_for_caller(db, &admin, d.class_id, Period::Semester(1))
            .await
            .expect("summary");
        assert!(
            summary.rows.iter().any(|r| r.learning.is_complete()),
            "{}",
            t.label
        );
        let n: i64 = app::on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM assessment_scores").fetch_one(p).await).expect("count");
        eprintln!("{}: {n} demo scores", t.label);
        assert!(n > 20_000, "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn comments_are_versioned_audited_and_shown_on_the_sheet() {
    use app::server::db::scores::CommentOutcome;
    use app::server::score_entry::CommentEntry;
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        let teacher = caller(db, "gv.toan").await;
        let mut e = CommentEntry {
            class_id: d.class_id,
            subject_id: d.math,
            semester_id: d.semester1,
            student_id: d.students[3],
            comment: "  Tiến bộ rõ, cần cẩn thận hơn khi tính toán.  ".into(),
            expected_version: 0,
            edit_id: None,
        };
        let m = meta(&teacher, "typing");
        let saved = score_entry::record_comment(db, &teacher, &e, &m)
            .await
            .expect("record");
        assert_eq!(
            saved,
            Ok(CommentOutcome::Saved { version: 1 }),
            "{}",
            t.label
        );
        // A second author who also saw no comment gets a conflict with the current text.
        let again = score_entry::record_comment(db, &teacher, &e, &m)
            .await
            .expect("record");
        match again {
            Ok(CommentOutcome::Conflict { current: Some(c) }) => {
                assert_eq!(c.comment, "Tiến bộ rõ, cần cẩn thận hơn khi tính toán.");
                assert_eq!(c.version, 1);
            }
            other => panic!("{}: {other:?}", t.label),
        }
        e.expected_version = 1;
        e.comment = "Hoàn thành tốt.".into();
        assert_eq!(
            score_entry::record_comment(db, &teacher, &e, &m).await,
            Ok(Ok(CommentOutcome::Saved { version: 2 }))
        );
        let sheet = grade_sheet::for_caller(db, &teacher, d.class_id, d.math, d.semester1)
            .await
            .expect("sheet");
        assert_eq!(
            sheet.rows[3].comment.as_ref().map(|c| c.comment.as_str()),
            Some("Hoàn thành tốt."),
            "{}",
            t.label
        );
        assert!(sheet.rows[0].comment.is_none());
        let log = audit::latest(db, d.school_id, 5).await.expect("audit");
        assert_eq!(log[0].entity, "subject_comment");
        assert_eq!(
            log[0].old_value.as_deref(),
            Some("Tiến bộ rõ, cần cẩn thận hơn khi tính toán.")
        );
        // Others may not write it; too long a comment is refused.
        let homeroom = caller(db, "gvcn.6a1").await;
        assert_eq!(
            score_entry::record_comment(db, &homeroom, &e, &m).await,
            Err(AppError::Forbidden)
        );
        e.comment = "x".repeat(1001);
        assert_eq!(
            score_entry::record_comment(db, &homeroom, &e, &m).await,
            Err(AppError::Forbidden),
            "access first, whatever the comment"
        );
        assert_eq!(
            score_entry::record_comment(db, &teacher, &e, &m).await,
            Ok(Err(Problem::TooLong))
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_grade_level_under_other_rules_is_refused_not_computed_by_tt22() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        app::on_db!(db, p => sqlx::query("UPDATE grade_levels SET rule_set = 'tt27_2020' WHERE grade = 6")
            .execute(p).await.map(|_| ())).expect("rule set");
        let teacher = caller(db, "gv.toan").await;
        let sheet = grade_sheet::for_caller(db, &teacher, d.class_id, d.math, d.semester1).await;
        assert!(matches!(sheet, Err(AppError::BadRequest(_))), "{}", t.label);
        let write = score_entry::record(
            db,
            &teacher,
            &[entry(&d, d.math, d.students[0], Kind::Regular, 1, "9")],
            &meta(&teacher, "api"),
        )
        .await;
        assert!(matches!(write, Err(AppError::BadRequest(_))), "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn marks_are_stored_with_their_reasons_and_malformed_rows_are_refused_by_the_schema() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        let teacher = caller(db, "gv.toan").await;
        let base = ScoreWrite {
            school_id: d.school_id,
            class_id: d.class_id,
            subject_id: d.math,
            semester_id: d.semester2,
            student_id: d.students[0],
            kind: Kind::Regular,
            slot: 1,
            value: Some(Value::Absent),
            reason: Some("ốm".into()),
            expected_version: 0,
            edit_id: None,
        };
        let writes = [
            base.clone(),
            ScoreWrite {
                slot: 2,
                value: Some(Value::ZeroByDecision),
                reason: Some("bỏ kiểm tra bù".into()),
                ..base.clone()
            },
            // A plain score keeps no reason.
            ScoreWrite {
                slot: 3,
                value: Some(Value::Tenths(75)),
                reason: Some("ignored".into()),
                ..base.clone()
            },
        ];
        let m = meta(&teacher, "typing");
        let out = scores::write(db, &writes, &m).await.expect("write");
        assert!(
            out.iter()
                .all(|o| matches!(o, WriteOutcome::Saved { version: 1 })),
            "{out:?}"
        );
        // Demo-style batch inserts keep marks too.
        let batch = [(
            ScoreWrite {
                student_id: d.students[1],
                value: Some(Value::ZeroByDecision),
                reason: Some("quyết định số 3".into()),
                ..base.clone()
            },
            Some(teacher.user_id),
        )];
        assert_eq!(
            scores::insert_new_batch(db, &batch).await.expect("batch"),
            1
        );
        let sheet = scores::sheet(db, d.class_id, d.math, d.semester2)
            .await
            .expect("sheet");
        let got: Vec<(i64, i64, Option<Value>, Option<&str>)> = sheet
            .iter()
            .map(|s| (s.student_id, s.slot, s.value, s.reason.as_deref()))
            .collect();
        let mut want = vec![
            (d.students[0], 1, Some(Value::Absent), Some("ốm")),
            (
                d.students[0],
                2,
                Some(Value::ZeroByDecision),
                Some("bỏ kiểm tra bù"),
            ),
            (d.students[0], 3, Some(Value::Tenths(75)), None),
            (
                d.students[1],
                1,
                Some(Value::ZeroByDecision),
                Some("quyết định số 3"),
            ),
        ];
        want.sort_by_key(|w| (w.0, w.1));
        let mut got = got;
        got.sort_by_key(|g| (g.0, g.1));
        assert_eq!(got, want, "{}", t.label);

        // A typed score over an absence drops the mark and its reason.
        let over = ScoreWrite {
            value: Some(Value::Tenths(90)),
            reason: None,
            expected_version: 1,
            ..base.clone()
        };
        scores::write(db, &[over], &m).await.expect("write");
        let (mark, reason): (Option<String>, Option<String>) = app::on_db!(db, p => sqlx::query_as(
            "SELECT mark, mark_reason FROM assessment_scores \
             WHERE student_id = $1 AND subject_id = $2 AND semester_id = $3 \
             AND kind = 'regular' AND slot = 1")
            .bind(d.students[0]).bind(d.math).bind(d.semester2).fetch_one(p).await)
        .expect("row");
        assert_eq!((mark, reason), (None, None), "{}", t.label);

        // The schema refuses a mark with the wrong score, whatever writes it.
        for (tenths, judgement, mark, reason) in [
            (Some(50), None, Some("absent"), None),
            (None, Some("pass"), Some("absent"), None),
            (Some(5), None, Some("zero_by_decision"), Some("r")),
            (None, None, Some("zero_by_decision"), Some("r")),
            (Some(0), None, Some("zero_by_decision"), None),
            (Some(0), None, Some("zero_by_decision"), Some("")),
            (None, None, Some("late"), None),
            (Some(80), None, None, Some("a reason without a mark")),
        ] {
            let refused = app::on_db!(db, p => sqlx::query(
                "INSERT INTO assessment_scores (school_id, semester_id, class_id, subject_id, \
                 student_id, kind, slot, score_tenths, judgement, mark, mark_reason, version, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, 'regular', 4, $6, $7, $8, $9, 1, 0)")
                .bind(d.school_id).bind(d.semester2).bind(d.class_id).bind(d.math)
                .bind(d.students[2]).bind(tenths).bind(judgement).bind(mark).bind(reason)
                .execute(p).await.map(|_| ()));
            assert!(
                refused.is_err(),
                "{}: {tenths:?} {judgement:?} {mark:?} {reason:?}",
                t.label
            );
        }
        // The same statement with a well-formed zero by decision is accepted.
        app::on_db!(db, p => sqlx::query(
            "INSERT INTO assessment_scores (school_id, semester_id, class_id, subject_id, \
             student_id, kind, slot, score_tenths, judgement, mark, mark_reason, version, \
             updated_at) VALUES ($1, $2, $3, $4, $5, 'regular', 4, 0, NULL, \
             'zero_by_decision', 'r', 1, 0)")
            .bind(d.school_id).bind(d.semester2).bind(d.class_id).bind(d.math)
            .bind(d.students[2]).execute(p).await.map(|_| ()))
        .expect("a well-formed row");
        t.finish().await;
    }
}

#[tokio::test]
async fn an_owed_make_up_holds_back_the_year_and_a_zero_by_decision_counts_in_it() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        app::on_db!(db, p => sqlx::query("DELETE FROM assessment_scores").execute(p).await.map(|_| ()))
            .expect("clear");
        let teacher = caller(db, "gv.toan").await;
        let student = d.students[0];
        // Semester I: GRADING.md's Toán example, 7.8. Semester II: TX 9.2, 8, 8, 8; GK 8;
        // CK 8.3 → 74.1 / 9 → 8.2; year (7.8 + 2 × 8.2) / 3 = 8.066… → 8.1.
        let mut entries: Vec<Entry> = row(&d, d.math, student, &["8", "7,5", "9", "6"], "7", "8,5")
            .into_iter()
            .map(|e| Entry {
                semester_id: d.semester1,
                ..e
            })
            .collect();
        entries.extend(row(
            &d,
            d.math,
            student,
            &["9.2", "8", "8", "8"],
            "8",
            "8,3",
        ));
        let m = meta(&teacher, "typing");
        let out = score_entry::record(db, &teacher, &entries, &m)
            .await
            .expect("record");
        assert!(
            out.iter().all(|r| matches!(r, EntryResult::Saved { .. })),
            "{out:?}"
        );
        let math_year = |summary: &grade_sheet::ClassSummary| {
            let at = summary
                .subjects
                .iter()
                .position(|s| s.id == d.math)
                .expect("maths");
            summary.rows[0].subjects[at]
        };
        let admin = caller(db, "admin").await;
        let year = grade_sheet::summary_for_caller(db, &admin, d.class_id, Period::Year)
            .await
            .expect("summary");
        assert_eq!(math_year(&year), Outcome::Average(avg(81)), "{}", t.label);

        // TX1 of semester II missed: the year waits for the make-up.
        let mark = |mark, reason: Option<&str>, version| Entry {
            value: None,
            mark: Some(mark),
            reason: reason.map(str::to_string),
            expected_version: version,
            ..entry(&d, d.math, student, Kind::Regular, 1, "")
        };
        let out = score_entry::record(db, &teacher, &[mark(Mark::Absent, None, 1)], &m)
            .await
            .expect("record");
        assert_eq!(out, vec![EntryResult::Saved { version: 2 }]);
        let year = grade_sheet::summary_for_caller(db, &admin, d.class_id, Period::Year)
            .await
            .expect("summary");
        assert_eq!(
            math_year(&year),
            Outcome::Average(Computed::Incomplete { missing: 1 }),
            "{}",
            t.label
        );
        let sheet = grade_sheet::for_caller(db, &teacher, d.class_id, d.math, d.semester2)
            .await
            .expect("sheet");
        assert_eq!(
            sheet.rows[0].outcome,
            Outcome::Average(Computed::Incomplete { missing: 1 })
        );

        // No reason, no zero; with the decision's reason, a 0 that counts:
        // semester II (0 + 8 + 8 + 8 + 16 + 24.9) / 9 = 64.9 / 9 → 7.2; year (7.8 + 14.4) / 3 = 7.4.
        let out = score_entry::record(
            db,
            &teacher,
            &[
                mark(Mark::ZeroByDecision, Some(" "), 2),
                mark(Mark::ZeroByDecision, Some(&"x".repeat(501)), 2),
            ],
            &m,
        )
        .await
        .expect("record");
        assert_eq!(
            out,
            vec![
                EntryResult::Invalid(Problem::ReasonRequired),
                EntryResult::Invalid(Problem::ReasonTooLong)
            ]
        );
        let out = score_entry::record(
            db,
            &teacher,
            &[mark(Mark::ZeroByDecision, Some("Không dự kiểm tra bù"), 2)],
            &m,
        )
        .await
        .expect("record");
        assert_eq!(out, vec![EntryResult::Saved { version: 3 }]);
        let year = grade_sheet::summary_for_caller(db, &admin, d.class_id, Period::Year)
            .await
            .expect("summary");
        assert_eq!(math_year(&year), Outcome::Average(avg(74)), "{}", t.label);
        t.finish().await;
    }
}

/// Eight teachers saving single cells at the same moment, as the grid does per change: every
/// save lands. On SQLite a transaction that reads before it writes used to fail at once with
/// "database is locked" when another writer held the lock.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_single_cell_saves_all_land_with_their_audit_rows() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        let teacher = caller(db, "gv.toan").await;
        let audit_before = scalar(
            db,
            "SELECT COUNT(*) FROM audit_log WHERE source = $1",
            "concurrent",
        )
        .await;
        let mut tasks = Vec::new();
        for worker in 0..8usize {
            let (db, teacher) = (db.clone(), teacher.clone());
            let entries: Vec<Entry> = d.students[worker * 4..worker * 4 + 4]
                .iter()
                .flat_map(|s| row(&d, d.math, *s, &["7", "8", "9", "6"], "7", "8"))
                .collect();
            tasks.push(tokio::spawn(async move {
                let mut saved = 0;
                for e in entries {
                    let m = meta(&teacher, "concurrent");
                    let result = score_entry::record(&db, &teacher, std::slice::from_ref(&e), &m)
                        .await
                        .expect("a concurrent save is not an error");
                    if matches!(result[..], [EntryResult::Saved { .. }]) {
                        saved += 1;
                    }
                }
                saved
            }));
        }
        let mut saved = 0;
        for task in tasks {
            saved += task.await.expect("task");
        }
        assert_eq!(saved, 8 * 4 * 6, "{}", t.label);
        let audit_after = scalar(
            db,
            "SELECT COUNT(*) FROM audit_log WHERE source = $1",
            "concurrent",
        )
        .await;
        assert_eq!(audit_after - audit_before, 8 * 4 * 6, "{}", t.label);
    }
}

/// The cells of a batch are read once up front: a second write of the same cell in the batch
/// still builds on the first, and a stale one is still a conflict with the current value.
#[tokio::test]
async fn a_batch_writing_one_cell_twice_builds_on_its_own_first_write() {
    for t in TestDb::all().await {
        let db = &t.db;
        let d = demo(db).await;
        let teacher = caller(db, "gv.toan").await;
        let student = d.students[1];
        let mut first = entry(&d, d.math, student, Kind::Regular, 1, "5");
        let mut second = entry(&d, d.math, student, Kind::Regular, 1, "6");
        second.expected_version = 1;
        let mut stale = entry(&d, d.math, student, Kind::Regular, 1, "9");
        stale.expected_version = 1;
        first.expected_version = 0;
        let m = meta(&teacher, "typing");
        let results = score_entry::record(db, &teacher, &[first, second, stale], &m)
            .await
            .expect("record");
        assert!(
            matches!(results[0], EntryResult::Saved { version: 1 }),
            "{}",
            t.label
        );
        assert!(
            matches!(results[1], EntryResult::Saved { version: 2 }),
            "{}",
            t.label
        );
        match &results[2] {
            EntryResult::Conflict { current: Some(c) } => {
                assert_eq!(
                    (c.version, c.value),
                    (2, Some(Value::Tenths(60))),
                    "{}",
                    t.label
                )
            }
            other => panic!("{}: {other:?}", t.label),
        }
    }
}
