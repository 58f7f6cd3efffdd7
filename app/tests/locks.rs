//! Deadlines, locks and correction requests in the data layer, on SQLite and PostgreSQL.
#[path = "support/databases.rs"]
mod databases;

use app::server::db::{corrections, locks, now, Db};
use app::server::demo;
use databases::TestDb;

async fn one(db: &Db, sql: &str) -> i64 {
    app::on_db!(db, p => sqlx::query_scalar(sql).fetch_one(p).await).expect(sql)
}

struct Ids {
    school: i64,
    year: i64,
    semester1: i64,
    class: i64,
    principal: i64,
    teacher: i64,
}

async fn ids(db: &Db) -> Ids {
    demo::load(db).await.expect("demo");
    Ids {
        school: one(
            db,
            "SELECT school_id FROM users WHERE username = 'hieutruong'",
        )
        .await,
        year: one(db, "SELECT id FROM school_years WHERE is_current = TRUE").await,
        semester1: one(
            db,
            "SELECT s.id FROM semesters s JOIN school_years y ON y.id = s.school_year_id \
             WHERE y.is_current = TRUE AND s.number = 1",
        )
        .await,
        class: one(db, "SELECT id FROM classes WHERE name = '9A3'").await,
        principal: one(db, "SELECT id FROM users WHERE username = 'hieutruong'").await,
        teacher: one(db, "SELECT id FROM users WHERE username = 'gv.toan'").await,
    }
}

#[tokio::test]
async fn deadlines_are_set_replaced_and_cleared_one_per_semester_and_grade() {
    for t in TestDb::all().await {
        let db = &t.db;
        let i = ids(db).await;
        let set = |grade: i64, date: &'static str| {
            locks::set_deadline(db, i.school, i.semester1, grade, date, i.principal, now())
        };
        assert_eq!(set(0, "2027-01-09").await.expect("set"), None);
        assert_eq!(set(9, "2027-01-15").await.expect("set"), None);
        assert_eq!(
            set(0, "2027-01-10").await.expect("replace"),
            Some("2027-01-09".into()),
            "{}",
            t.label
        );
        let list = locks::deadlines(db, i.school, i.year).await.expect("list");
        let dates: Vec<(i64, &str)> = list
            .iter()
            .map(|d| (d.grade, d.deadline.as_str()))
            .collect();
        assert_eq!(dates, [(0, "2027-01-10"), (9, "2027-01-15")]);
        assert!(list[0].set_by_name.is_some());
        assert_eq!(
            locks::clear_deadline(db, i.school, i.semester1, 9)
                .await
                .expect("clear"),
            Some("2027-01-15".into())
        );
        assert_eq!(
            locks::clear_deadline(db, i.school, i.semester1, 9)
                .await
                .expect("clear"),
            None
        );
        // Another school's id clears nothing of ours.
        assert_eq!(
            locks::clear_deadline(db, i.school + 1000, i.semester1, 0)
                .await
                .expect("clear"),
            None
        );
        assert_eq!(
            locks::deadlines(db, i.school, i.year)
                .await
                .expect("list")
                .len(),
            1
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn locks_are_kept_when_unlocked_and_the_database_refuses_malformed_ones() {
    for t in TestDb::all().await {
        let db = &t.db;
        let i = ids(db).await;
        let new = |scope: &'static str, grade: Option<i64>, class_id: Option<i64>| locks::NewLock {
            school_id: i.school,
            school_year_id: i.year,
            semester_id: Some(i.semester1),
            scope,
            grade,
            class_id,
            reason: "Đã duyệt",
            by: i.principal,
            at: now(),
        };
        let class_lock = locks::lock(db, &new("class", None, Some(i.class)))
            .await
            .expect("lock");
        let year_lock = locks::lock(
            db,
            &locks::NewLock {
                semester_id: None,
                ..new("grade", Some(9), None)
            },
        )
        .await
        .expect("lock");
        assert!(
            locks::lock(db, &new("grade", None, None)).await.is_err(),
            "{}: a grade lock names its grade",
            t.label
        );
        assert!(locks::lock(db, &new("school", None, Some(i.class)))
            .await
            .is_err());
        assert!(locks::lock(
            db,
            &locks::NewLock {
                reason: "",
                ..new("school", None, None)
            }
        )
        .await
        .is_err());

        assert!(
            !locks::unlock(db, i.school + 1000, class_lock, i.principal, now(), "x")
                .await
                .expect("q"),
            "another school cannot unlock ours"
        );
        assert!(locks::unlock(
            db,
            i.school,
            class_lock,
            i.principal,
            now(),
            "Sửa phúc khảo"
        )
        .await
        .expect("q"));
        assert!(
            !locks::unlock(db, i.school, class_lock, i.principal, now(), "again")
                .await
                .expect("q")
        );
        let list = locks::locks(db, i.school, i.year).await.expect("list");
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].class_name.as_deref(), Some("9A3"));
        assert_eq!(list[0].unlock_reason.as_deref(), Some("Sửa phúc khảo"));
        assert!(list[0].unlocked_by_name.is_some());
        assert_eq!(list[1].id, year_lock);
        assert_eq!(list[1].semester_id, None);
        assert_eq!(list[1].grade, Some(9));

        // Only the active lock reaches the rule.
        let (active, _) = app::server::sheet_gate::rules_of_year(db, i.school, i.year)
            .await
            .expect("rules");
        assert_eq!(active.iter().map(|l| l.id).collect::<Vec<_>>(), [year_lock]);
        t.finish().await;
    }
}

#[tokio::test]
async fn correction_grants_come_only_from_approved_requests_of_the_requester() {
    for t in TestDb::all().await {
        let db = &t.db;
        let i = ids(db).await;
        let student = one(
            db,
            &format!(
                "SELECT student_id FROM enrolments WHERE class_id = {} ORDER BY id LIMIT 1",
                i.class
            ),
        )
        .await;
        let subject = one(db, "SELECT id FROM subjects WHERE code = 'TOAN'").await;
        let cells = [
            corrections::CellRef {
                student_id: student,
                kind: "midterm".into(),
                slot: 1,
            },
            corrections::CellRef {
                student_id: student,
                kind: "regular".into(),
                slot: 2,
            },
        ];
        let request = corrections::create(
            db,
            &corrections::NewRequest {
                school_id: i.school,
                class_id: i.class,
                subject_id: subject,
                semester_id: i.semester1,
                requested_by: i.teacher,
                at: now(),
                reason: "Nhập nhầm",
                cells: &cells,
            },
        )
        .await
        .expect("create");
        let listed = corrections::cells_of_listed(db, i.school, Some(i.teacher), request)
            .await
            .expect("cells");
        assert_eq!(
            listed,
            cells
                .iter()
                .map(|c| (request, c.clone()))
                .collect::<Vec<_>>()
        );
        let by_others = corrections::cells_of_listed(db, i.school, Some(i.class + 10_000), 0)
            .await
            .expect("cells");
        assert!(
            by_others.is_empty(),
            "another requester's filter lists none"
        );
        let grants = || corrections::grants(db, i.teacher, i.class, subject, i.semester1);
        assert!(
            grants().await.expect("grants").is_empty(),
            "pending opens nothing"
        );
        let until = now() + 3600;
        assert!(corrections::decide(
            db,
            i.school,
            request,
            &corrections::Decision {
                status: "approved",
                by: i.principal,
                at: now(),
                note: None,
                open_until: Some(until)
            }
        )
        .await
        .expect("decide"));
        assert!(
            !corrections::decide(
                db,
                i.school,
                request,
                &corrections::Decision {
                    status: "refused",
                    by: i.principal,
                    at: now(),
                    note: Some("no"),
                    open_until: None
                }
            )
            .await
            .expect("decide"),
            "{}: decided once",
            t.label
        );
        let g = grants().await.expect("grants");
        assert_eq!(g.len(), 2);
        assert!(g
            .iter()
            .all(|g| g.open_until == until && g.request_id == request));
        // Nobody else gets them.
        assert!(
            corrections::grants(db, i.principal, i.class, subject, i.semester1)
                .await
                .expect("q")
                .is_empty()
        );
        // An approval needs its window (the database says so too).
        let other = corrections::create(
            db,
            &corrections::NewRequest {
                school_id: i.school,
                class_id: i.class,
                subject_id: subject,
                semester_id: i.semester1,
                requested_by: i.teacher,
                at: now(),
                reason: "Nữa",
                cells: &cells[..1],
            },
        )
        .await
        .expect("create");
        assert!(corrections::decide(
            db,
            i.school,
            other,
            &corrections::Decision {
                status: "approved",
                by: i.principal,
                at: now(),
                note: None,
                open_until: None
            }
        )
        .await
        .is_err());
        t.finish().await;
    }
}
