//! The data layer against real databases: every scenario runs on SQLite and PostgreSQL.
#[path = "support/databases.rs"]
mod databases;

use app::domain::role::Role;
use app::server::db::{accounts, audit, grading, home, now, seed, sessions, throttle, Db, DbError};
use app::server::demo;
use databases::TestDb;

async fn school(db: &Db, code: &str) -> i64 {
    accounts::create_school(db, code, &format!("Trường {code}"), "lower_secondary")
        .await
        .expect("create school")
}

async fn user(db: &Db, school_id: i64, username: &str, roles: &[Role]) -> i64 {
    accounts::create_user(
        db,
        &accounts::NewUser {
            school_id,
            username,
            full_name: "Nguyễn Văn An",
            email: None,
            password_hash: "$argon2id$not-used-here",
            must_change_password: false,
            roles,
        },
    )
    .await
    .expect("create user")
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes() {
    for t in TestDb::all().await {
        let db = &t.db;
        let s = school(db, "A").await;
        audit::append(
            db,
            &audit::AuditEntry {
                school_id: s,
                action: "test",
                entity: "thing",
                entity_id: "1".into(),
                new_value: Some("x".into()),
                source: "test",
                ..Default::default()
            },
        )
        .await
        .expect("append");
        let update = app::on_db!(db, p => sqlx::query("UPDATE audit_log SET new_value = 'y'").execute(p).await.map(|_| ()));
        let delete =
            app::on_db!(db, p => sqlx::query("DELETE FROM audit_log").execute(p).await.map(|_| ()));
        assert!(update.is_err(), "{}: update must be refused", t.label);
        assert!(delete.is_err(), "{}: delete must be refused", t.label);
        let rows = audit::latest(db, s, 10).await.expect("read");
        assert_eq!(rows.len(), 1, "{}", t.label);
        assert_eq!(rows[0].new_value.as_deref(), Some("x"), "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn accounts_keep_their_roles_and_usernames_are_unique() {
    for t in TestDb::all().await {
        let db = &t.db;
        let s = school(db, "A").await;
        let id = user(
            db,
            s,
            "gv.toan",
            &[Role::SubjectTeacher, Role::HomeroomTeacher],
        )
        .await;
        let found = accounts::find_by_username(db, "gv.toan")
            .await
            .expect("find")
            .expect("exists");
        assert_eq!(found.id, id, "{}", t.label);
        assert_eq!(
            found.full_name, "Nguyễn Văn An",
            "{}: Vietnamese text round-trips",
            t.label
        );
        assert_eq!(
            accounts::roles_of(db, id).await.expect("roles"),
            vec![Role::HomeroomTeacher, Role::SubjectTeacher],
            "{}",
            t.label
        );
        let again = accounts::create_user(
            db,
            &accounts::NewUser {
                school_id: s,
                username: "gv.toan",
                full_name: "Another",
                email: None,
                password_hash: "x",
                must_change_password: true,
                roles: &[Role::Parent],
            },
        )
        .await;
        assert!(
            matches!(again, Err(DbError::Conflict)),
            "{}: {again:?}",
            t.label
        );
        accounts::set_roles(db, s, id, &[Role::Admin])
            .await
            .expect("set roles");
        assert_eq!(
            accounts::roles_of(db, id).await.expect("roles"),
            vec![Role::Admin],
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn an_admin_lists_only_their_own_schools_accounts() {
    for t in TestDb::all().await {
        let db = &t.db;
        let a = school(db, "A").await;
        let b = school(db, "B").await;
        user(db, a, "admin.a", &[Role::Admin]).await;
        user(db, b, "admin.b", &[Role::Admin]).await;
        user(db, b, "gv.b", &[Role::SubjectTeacher]).await;
        let listed: Vec<String> = accounts::list_users(db, a)
            .await
            .expect("list")
            .into_iter()
            .map(|u| u.username)
            .collect();
        assert_eq!(listed, vec!["admin.a".to_string()], "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn sessions_can_only_be_ended_by_their_owner() {
    for t in TestDb::all().await {
        let db = &t.db;
        let s = school(db, "A").await;
        let alice = user(db, s, "alice", &[Role::Principal]).await;
        let bob = user(db, s, "bob", &[Role::Principal]).await;
        let new = |uid: i64, hash: &'static str| sessions::NewSession {
            school_id: s,
            user_id: uid,
            token_hash: hash,
            expires_at: now() + 3600,
            user_agent: "test",
            ip: "127.0.0.1",
        };
        let a1 = sessions::create(db, &new(alice, "h1")).await.expect("a1");
        let a2 = sessions::create(db, &new(alice, "h2")).await.expect("a2");
        let b1 = sessions::create(db, &new(bob, "h3")).await.expect("b1");
        assert!(
            !sessions::delete_own(db, alice, b1).await.expect("try"),
            "{}",
            t.label
        );
        assert!(
            sessions::find(db, "h3").await.expect("find").is_some(),
            "{}: bob's session stays",
            t.label
        );
        let listed = sessions::list_for_user(db, alice, a1).await.expect("list");
        assert_eq!(listed.len(), 2, "{}", t.label);
        assert_eq!(
            listed.iter().filter(|s| s.is_current).count(),
            1,
            "{}",
            t.label
        );
        assert_eq!(
            sessions::delete_all_for_user(db, alice, Some(a1))
                .await
                .expect("others"),
            1,
            "{}",
            t.label
        );
        assert!(
            sessions::find(db, "h2").await.expect("find").is_none(),
            "{}: a2 {a2} ended",
            t.label
        );
        assert!(
            sessions::find(db, "h1").await.expect("find").is_some(),
            "{}: a1 kept",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn expired_and_idle_sessions_are_purged() {
    for t in TestDb::all().await {
        let db = &t.db;
        let s = school(db, "A").await;
        let u = user(db, s, "alice", &[Role::Principal]).await;
        for (hash, expires) in [("live", now() + 3600), ("dead", now() - 1)] {
            sessions::create(
                db,
                &sessions::NewSession {
                    school_id: s,
                    user_id: u,
                    token_hash: hash,
                    expires_at: expires,
                    user_agent: "",
                    ip: "",
                },
            )
            .await
            .expect("create");
        }
        assert_eq!(
            sessions::purge_expired(db, 3600).await.expect("purge"),
            1,
            "{}",
            t.label
        );
        assert!(
            sessions::find(db, "live").await.expect("find").is_some(),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn failed_logins_count_only_within_the_window_and_clear_on_success() {
    for t in TestDb::all().await {
        let db = &t.db;
        let at = now();
        let old = at - app::domain::login_throttle::WINDOW_SECS - 10;
        throttle::record(db, &["account:x"], old)
            .await
            .expect("old");
        throttle::record(db, &["account:x", "address:1.2.3.4"], at)
            .await
            .expect("now");
        throttle::record(db, &["account:x"], at).await.expect("now");
        let recent = throttle::recent(db, "account:x", at).await.expect("recent");
        assert_eq!(recent.count, 2, "{}", t.label);
        assert_eq!(recent.last_at, at, "{}", t.label);
        assert_eq!(
            throttle::recent(db, "address:1.2.3.4", at)
                .await
                .expect("r")
                .count,
            1,
            "{}",
            t.label
        );
        throttle::clear(db, "account:x").await.expect("clear");
        assert_eq!(
            throttle::recent(db, "account:x", at)
                .await
                .expect("r")
                .count,
            0,
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_demo_school_is_a_real_looking_thcs() {
    for t in TestDb::all().await {
        let db = &t.db;
        assert!(seed::is_empty(db).await.expect("empty"), "{}", t.label);
        let s = demo::load_if_empty(db)
            .await
            .expect("load")
            .expect("loaded");
        assert_eq!(
            demo::load_if_empty(db).await.expect("again"),
            None,
            "{}: loads once",
            t.label
        );
        let (year, name) = home::current_year(db, s)
            .await
            .expect("year")
            .expect("a current year");
        assert_eq!(name, "2026-2027", "{}", t.label);
        let counts = home::school_counts(db, s, year).await.expect("counts");
        assert_eq!(counts.classes, 12, "{}", t.label);
        assert!(
            (12 * 35..=12 * 45).contains(&counts.students),
            "{}: {counts:?}",
            t.label
        );
        assert!(counts.teachers >= 20, "{}: {counts:?}", t.label);
        // One parent account per student, plus the student accounts of one class.
        assert!(
            counts.family_accounts > counts.students,
            "{}: {counts:?}",
            t.label
        );

        let teacher = accounts::find_by_username(db, "gv.toan")
            .await
            .expect("q")
            .expect("gv.toan");
        let teaching = home::teaching(db, teacher.id, year)
            .await
            .expect("teaching");
        assert!(
            teaching
                .iter()
                .any(|a| a.subject_name == "Toán" && a.class_name == "6A1"),
            "{}: {teaching:?}",
            t.label
        );
        assert!(
            teaching.iter().all(|a| a.subject_name == "Toán"),
            "{}: {teaching:?}",
            t.label
        );

        let homeroom = accounts::find_by_username(db, "gvcn.6a1")
            .await
            .expect("q")
            .expect("gvcn");
        let classes = home::homeroom_classes(db, homeroom.id, year)
            .await
            .expect("classes");
        assert_eq!(
            classes.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            vec!["6A1"],
            "{}",
            t.label
        );

        let head = accounts::find_by_username(db, "totruong.toan")
            .await
            .expect("q")
            .expect("head");
        let groups = home::led_groups(db, head.id, year).await.expect("groups");
        assert_eq!(groups.len(), 1, "{}", t.label);
        assert!(
            groups[0].subjects.contains(&"Toán".to_string()),
            "{}: {groups:?}",
            t.label
        );

        // Each parent account sees exactly its own child.
        let parents: Vec<(i64, String)> = app::on_db!(db, p => sqlx::query_as(
            "SELECT u.id, u.username FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE r.role = 'parent' ORDER BY u.id LIMIT 5").fetch_all(p).await.expect("parents"));
        assert_eq!(parents.len(), 5, "{}", t.label);
        for (id, username) in parents {
            let children = home::children(db, id, year).await.expect("children");
            assert_eq!(children.len(), 1, "{}: {username}", t.label);
            assert_eq!(
                children[0].code, username,
                "{}: the username is the student code",
                t.label
            );
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_durable_commits() {
    let t = TestDb::sqlite().await;
    let Db::Sqlite(pool) = &t.db else {
        unreachable!("sqlite")
    };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .expect("mode");
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(pool)
        .await
        .expect("sync");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(pool)
        .await
        .expect("fk");
    assert_eq!(mode, "wal");
    assert_eq!(sync, 2, "synchronous = FULL");
    assert_eq!(fk, 1);
    t.finish().await;
}

#[tokio::test]
async fn every_school_table_carries_the_school_id() {
    let t = TestDb::sqlite().await;
    let Db::Sqlite(pool) = &t.db else {
        unreachable!("sqlite")
    };
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .expect("tables");
    // Not school data: the school list itself, and short-lived login failure counters.
    for table in tables
        .iter()
        .filter(|t| !["schools", "login_failures"].contains(&t.as_str()))
    {
        let cols: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(pool)
                .await
                .expect("columns");
        assert!(
            cols.contains(&"school_id".to_string()),
            "{table} has no school_id"
        );
    }
    t.finish().await;
}

#[tokio::test]
async fn each_class_subject_knows_its_rules_and_regular_assessment_count() {
    for t in TestDb::all().await {
        let db = &t.db;
        demo::load(db).await.expect("demo");
        let class_id: i64 = app::on_db!(db, p => sqlx::query_scalar(
            "SELECT id FROM classes WHERE name = '6A1'").fetch_one(p).await.expect("6A1"));
        // TT22 Điều 7: ≤ 35 periods → 2, ≤ 70 → 3, more → 4; comment subjects 2.
        for (code, expected) in [
            ("TOAN", 4),
            ("GDCD", 2),
            ("GDTC", 2),
            ("LSDL", 4),
            ("TIN", 2),
        ] {
            let subject_id: i64 = app::on_db!(db, p => sqlx::query_scalar(
                "SELECT id FROM subjects WHERE code = $1").bind(code).fetch_one(p).await.expect("subject"));
            let setup = grading::setup(db, class_id, subject_id)
                .await
                .expect("q")
                .expect("setup");
            assert_eq!(setup.rule_set, "tt22_2021", "{}", t.label);
            assert_eq!(
                setup.regular_assessments().expect("count"),
                expected,
                "{}: {code}",
                t.label
            );
        }
        // A school that records more regular assessments than required.
        app::on_db!(db, p => {
            sqlx::query("UPDATE subject_grade_levels SET regular_assessments = 5 \
                         WHERE subject_id = (SELECT id FROM subjects WHERE code = 'GDCD')")
                .execute(p).await.expect("override");
        });
        let gdcd: i64 = app::on_db!(db, p => sqlx::query_scalar(
            "SELECT id FROM subjects WHERE code = 'GDCD'").fetch_one(p).await.expect("gdcd"));
        let setup = grading::setup(db, class_id, gdcd)
            .await
            .expect("q")
            .expect("setup");
        assert_eq!(
            setup.regular_assessments().expect("count"),
            5,
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn conduct_rows_keep_their_versions_and_the_year_is_computed() {
    use app::domain::conduct_entry::ConductField;
    use app::domain::grading::level::Level;
    use app::server::db::class_admin;
    use app::server::db::conduct::{self, ConductBatch, ConductWrite, ConductWriteOutcome};
    for t in TestDb::all().await {
        let db = &t.db;
        let s = demo::load(db).await.expect("demo");
        let (year, _) = home::current_year(db, s)
            .await
            .expect("year")
            .expect("a current year");
        let classes = class_admin::list(db, s, year).await.expect("classes");
        let id = |name: &str| classes.iter().find(|c| c.name == name).expect("class").id;
        let (a1, a2) = (id("6A1"), id("6A2"));
        let teacher = classes
            .iter()
            .find(|c| c.id == a1)
            .and_then(|c| c.homeroom_teacher_id)
            .expect("homeroom teacher");

        // The demo: 6A1 has semester I for everyone, 6A2 nothing.
        let before = conduct::class_conduct(db, a1, year).await.expect("6A1");
        assert!(before.len() > 20, "{}", t.label);
        assert!(before.iter().all(|c| c.s1.is_some() && c.year.is_none()));
        assert_eq!(
            before.iter().filter(|c| c.s1 == Some(Level::Fail)).count(),
            1
        );
        assert!(conduct::class_conduct(db, a2, year)
            .await
            .expect("6A2")
            .is_empty());

        let student = before[0].student_id;
        let batch = ConductBatch {
            school_id: s,
            school_year_id: year,
            class_id: a1,
            actor_user_id: teacher,
            source: "test",
            ip: "",
            request_id: "",
        };
        let w = |field, value: &str, expected_version| ConductWrite {
            student_id: student,
            field,
            value: Some(value.to_string()),
            expected_version,
            semester_id: 0,
        };
        let out = conduct::write(
            db,
            &batch,
            &[
                w(ConductField::S2Level, "good", 0),
                w(ConductField::S2Comment, "Ngoan", 0),
                w(ConductField::S1Level, "fair", 1),
            ],
        )
        .await
        .expect("write");
        assert_eq!(
            out,
            vec![
                ConductWriteOutcome::Saved { version: 1 },
                ConductWriteOutcome::Saved { version: 2 },
                ConductWriteOutcome::Saved { version: 2 },
            ],
            "{}",
            t.label
        );
        // A stale version: a conflict with the row as it is, nothing written.
        let out = conduct::write(db, &batch, &[w(ConductField::S2Level, "fail", 1)])
            .await
            .expect("write");
        match &out[0] {
            ConductWriteOutcome::Conflict { current: Some(row) } => {
                assert_eq!(row.level.as_deref(), Some("good"));
                assert_eq!(row.comment, "Ngoan");
                assert_eq!(row.version, 2);
            }
            other => panic!("{}: {other:?}", t.label),
        }
        let after = conduct::class_conduct(db, a1, year).await.expect("6A1");
        let mine = after.iter().find(|c| c.student_id == student).expect("row");
        assert_eq!(mine.s1, Some(Level::Fair));
        assert_eq!(mine.s2, Some(Level::Good));
        assert_eq!(mine.year, Some(Level::Good), "{}", t.label);
        let logged = audit::latest(db, s, 10).await.expect("audit");
        assert_eq!(
            logged
                .iter()
                .filter(|r| r.entity == "conduct_assessment")
                .count(),
            3,
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_withdrawn_distinction_is_kept_with_who_and_why() {
    use app::server::db::class_admin;
    use app::server::db::conduct::{self, NewDistinction, Via};
    for t in TestDb::all().await {
        let db = &t.db;
        let s = demo::load(db).await.expect("demo");
        let (year, _) = home::current_year(db, s)
            .await
            .expect("year")
            .expect("a current year");
        let classes = class_admin::list(db, s, year).await.expect("classes");
        let class = classes.iter().find(|c| c.name == "6A1").expect("6A1");
        let teacher = class.homeroom_teacher_id.expect("teacher");
        let student = conduct::class_conduct(db, class.id, year).await.expect("c")[0].student_id;
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 18).expect("date");
        let id = conduct::add_distinction(
            db,
            &NewDistinction {
                school_id: s,
                school_year_id: year,
                class_id: class.id,
                student_id: student,
                kind: "reward",
                on_date: date,
                level: "class",
                reason: "Giúp bạn",
                decision_number: "",
                recorded_by: teacher,
            },
            Via::default(),
        )
        .await
        .expect("add");
        let row = conduct::distinction(db, s, id)
            .await
            .expect("q")
            .expect("row");
        assert_eq!(row.on_date, date);
        assert!(conduct::distinction(db, s + 1, id)
            .await
            .expect("q")
            .is_none());
        assert!(
            conduct::withdraw_distinction(db, &row, teacher, "nhầm", Via::default())
                .await
                .expect("withdraw")
        );
        assert!(
            !conduct::withdraw_distinction(db, &row, teacher, "lại", Via::default())
                .await
                .expect("again")
        );
        let list = conduct::distinctions_of_student(db, s, student)
            .await
            .expect("list");
        assert_eq!(list.len(), 1, "{}", t.label);
        assert_eq!(list[0].withdrawn_reason, "nhầm");
        assert!(list[0].withdrawn_at.is_some());
        assert_eq!(
            conduct::distinctions_of_class(db, class.id)
                .await
                .expect("c")
                .len(),
            1
        );
        t.finish().await;
    }
}

async fn edits_scalar(db: &Db, sql: &str, text: &str) -> i64 {
    app::on_db!(db, p => sqlx::query_scalar::<_, i64>(sql).bind(text).fetch_one(p).await)
        .unwrap_or_else(|e| panic!("{sql} {text}: {e}"))
}

async fn edits_count(db: &Db, sql: &str) -> i64 {
    app::on_db!(db, p => sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn an_outbox_edit_id_is_applied_once_per_author_and_old_ids_are_pruned() {
    // The ids of applied outbox edits (issue 7): a write carrying an id is applied once per
    // author, a conflict leaves no id behind, lookups are per school and user, old ids go.
    use app::server::db::applied_edits;
    use app::server::db::scores::{self, CommentOutcome, CommentWrite, Kind, ScoreWrite, Value};
    use app::server::db::scores::{WriteMeta, WriteOutcome};
    for t in TestDb::all().await {
        let db = &t.db;
        let school = app::server::demo::load(db).await.expect("demo");
        let class_id = edits_scalar(db, "SELECT id FROM classes WHERE name = $1", "6A1").await;
        let math = edits_scalar(db, "SELECT id FROM subjects WHERE code = $1", "TOAN").await;
        let semester = edits_scalar(
            db,
            "SELECT id FROM semesters WHERE CAST(number AS TEXT) = $1",
            "1",
        )
        .await;
        let teacher = edits_scalar(db, "SELECT id FROM users WHERE username = $1", "gv.toan").await;
        let admin = edits_scalar(db, "SELECT id FROM users WHERE username = $1", "admin").await;
        let student = scores::students_of_class(db, class_id)
            .await
            .expect("students")[0]
            .id;
        let meta = |user| WriteMeta {
            actor_user_id: Some(user),
            source: "typing",
            request_id: "req-1",
            ..Default::default()
        };
        let current = scores::sheet(db, class_id, math, semester)
            .await
            .expect("sheet")
            .into_iter()
            .find(|c| c.student_id == student && c.kind == Kind::Midterm)
            .map(|c| c.version)
            .unwrap_or(0);
        let write = |value, expected_version, edit_id: &str| ScoreWrite {
            school_id: school,
            class_id,
            subject_id: math,
            semester_id: semester,
            student_id: student,
            kind: Kind::Midterm,
            slot: 1,
            value: Some(Value::Tenths(value)),
            reason: None,
            expected_version,
            edit_id: Some(edit_id.to_string()),
        };
        let audits = "SELECT COUNT(*) FROM audit_log WHERE entity = 'assessment_score'";
        let before = edits_count(db, audits).await;

        let first = scores::write(db, &[write(80, current, "e-1")], &meta(teacher))
            .await
            .expect("write");
        assert_eq!(
            first,
            [WriteOutcome::Saved {
                version: current + 1
            }],
            "{}",
            t.label
        );
        // The same id again, even with another value: answered as then, nothing written.
        let again = scores::write(db, &[write(30, current, "e-1")], &meta(teacher))
            .await
            .expect("write");
        assert_eq!(again, first, "{}", t.label);
        assert_eq!(edits_count(db, audits).await, before + 1, "{}", t.label);
        // A stale new edit: a conflict, and its id is not kept.
        let stale = scores::write(db, &[write(40, current, "e-2")], &meta(teacher))
            .await
            .expect("write");
        assert!(
            matches!(stale[0], WriteOutcome::Conflict { .. }),
            "{}",
            t.label
        );
        // The same id by another author is another edit.
        let theirs = scores::write(db, &[write(50, current + 1, "e-1")], &meta(admin))
            .await
            .expect("write");
        assert_eq!(
            theirs,
            [WriteOutcome::Saved {
                version: current + 2
            }],
            "{}",
            t.label
        );

        let found = applied_edits::applied(db, school, teacher, &["e-1", "e-2", "e-3"])
            .await
            .expect("lookup");
        assert_eq!(found.len(), 1, "{}: {found:?}", t.label);
        assert_eq!(found.get("e-1"), Some(&(current + 1)));
        assert_eq!(
            applied_edits::applied_one(db, school, admin, "e-1")
                .await
                .expect("lookup"),
            Some(current + 2)
        );
        assert_eq!(
            applied_edits::applied_one(db, school + 1000, teacher, "e-1")
                .await
                .expect("lookup"),
            None,
            "{}: scoped by school",
            t.label
        );

        // Comments, kind 'comment'.
        let comment = CommentWrite {
            school_id: school,
            class_id,
            subject_id: math,
            semester_id: semester,
            student_id: student,
            comment: "Tiến bộ".into(),
            expected_version: scores::sheet_comments(db, class_id, math, semester)
                .await
                .expect("comments")
                .iter()
                .find(|c| c.student_id == student)
                .map(|c| c.version)
                .unwrap_or(0),
            edit_id: Some("c-1".into()),
        };
        let saved = scores::write_comment(db, &comment, &meta(teacher))
            .await
            .expect("write");
        let replay = CommentWrite {
            comment: "Khác".into(),
            ..comment.clone()
        };
        assert_eq!(
            scores::write_comment(db, &replay, &meta(teacher))
                .await
                .expect("write"),
            saved,
            "{}",
            t.label
        );
        assert!(matches!(saved, CommentOutcome::Saved { .. }));
        assert_eq!(
            edits_count(
                db,
                "SELECT COUNT(*) FROM applied_edits WHERE kind = 'comment'"
            )
            .await,
            1
        );

        // Pruning: recent ids stay, ids older than 180 days go.
        assert_eq!(applied_edits::prune_old(db).await.expect("prune"), 0);
        app::on_db!(db, p => sqlx::query("UPDATE applied_edits SET applied_at = $1 WHERE edit_id = 'e-1'")
            .bind(now() - applied_edits::KEEP_SECS - 60).execute(p).await.map(|_| ()))
        .expect("age");
        assert_eq!(
            applied_edits::prune_old(db).await.expect("prune"),
            2,
            "{}",
            t.label
        );
        assert_eq!(
            edits_count(db, "SELECT COUNT(*) FROM applied_edits").await,
            1
        );
        t.finish().await;
    }
}

/// A write whose request is dropped while `BEGIN IMMEDIATE` waits for the lock (the browser
/// went away) must not leave its connection holding the write lock: later writes go on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_dropped_while_waiting_for_the_lock_does_not_keep_it() {
    use app::server::db::BeginWrite;
    let t = TestDb::sqlite().await;
    let Db::Sqlite(pool) = &t.db else {
        panic!("sqlite")
    };
    let holder = pool.begin_write().await.expect("first writer");
    // The second writer waits for the lock, and its request is dropped meanwhile.
    let waiting =
        tokio::time::timeout(std::time::Duration::from_millis(300), pool.begin_write()).await;
    assert!(waiting.is_err(), "the second writer was still waiting");
    holder.rollback().await.expect("the first writer lets go");
    // Let the dropped begin finish wherever it runs.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let later = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        let mut tx = pool.begin_write().await?;
        sqlx::query("UPDATE schools SET name = name")
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    })
    .await;
    assert!(
        matches!(later, Ok(Ok(()))),
        "a later write is stuck behind the dropped one: {later:?}"
    );
    t.finish().await;
}
