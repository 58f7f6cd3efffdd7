//! The attendance data layer on SQLite and PostgreSQL: a roll's marks, its versions, one audit
//! row per changed student, and the totals other areas read.
#[path = "support/databases.rs"]
mod databases;

use app::domain::attendance::parse_date;
use app::server::db::attendance::{self as store, MarkChange, SaveOutcome, SaveRoll};
use app::server::db::{audit, classes, on_db, Db};
use databases::TestDb;

async fn attendance_audit_rows(db: &Db, school: i64) -> usize {
    audit::latest(db, school, 1_000_000)
        .await
        .expect("audit")
        .into_iter()
        .filter(|r| r.entity == "attendance_mark")
        .count()
}

#[tokio::test]
async fn a_roll_saves_its_marks_with_versions_audit_rows_and_totals() {
    for t in TestDb::all().await {
        let db = &t.db;
        let school = app::server::demo::load(db).await.expect("demo");
        let class_id: i64 = on_db!(db, p => sqlx::query_scalar(
            "SELECT c.id FROM classes c JOIN school_years y ON y.id = c.school_year_id \
             WHERE c.name = '6A1' AND y.is_current").fetch_one(p).await.expect("6A1"));
        let class = classes::find(db, class_id)
            .await
            .expect("q")
            .expect("class");
        let teacher = class.homeroom_teacher_id.expect("homeroom");
        let year = store::current_year(db, school)
            .await
            .expect("q")
            .expect("year");
        let semester = store::semesters_of_year(db, school, year).await.expect("q")[0].id;
        let date = parse_date("2026-11-18").expect("date");
        let students = store::students_on(db, class_id, date)
            .await
            .expect("students");
        let (a, b) = (students[0].id, students[1].id);
        let before_totals = store::absence_totals(db, class_id, &[semester])
            .await
            .expect("t");
        let absent_of = |rows: &[store::StudentAbsences], id: i64| {
            rows.iter()
                .find(|r| r.student_id == id)
                .map(|r| (r.excused, r.unexcused, r.late))
                .unwrap_or_default()
        };
        let audit_before = attendance_audit_rows(db, school).await;
        let marks = vec![
            MarkChange {
                student_id: a,
                status: Some("excused".into()),
                reason: "Ốm".into(),
            },
            MarkChange {
                student_id: b,
                status: Some("unexcused".into()),
                reason: String::new(),
            },
            MarkChange {
                student_id: students[2].id,
                status: None,
                reason: String::new(),
            },
        ];
        let save = |version: i64, marks: &'static [MarkChange]| SaveRoll {
            school_id: school,
            class_id,
            semester_id: semester,
            date,
            session: "morning",
            expected_version: version,
            marks,
            by: teacher,
            at: 1_800_000_000,
            late_if_new: true,
            ip: "",
            request_id: "",
            edit_id: None,
        };
        let marks: &'static [MarkChange] = Box::leak(marks.into_boxed_slice());
        let out = store::save_roll(db, &save(0, marks)).await.expect("save");
        assert_eq!(
            out,
            SaveOutcome::Saved {
                version: 1,
                changed: 2
            },
            "{}",
            t.label
        );
        assert_eq!(attendance_audit_rows(db, school).await, audit_before + 2);
        let roll = store::roll(db, class_id, date, "morning")
            .await
            .expect("q")
            .expect("roll");
        assert!(roll.late);
        assert_eq!(roll.version, 1);

        // A stale version writes nothing and says who saved it.
        let out = store::save_roll(db, &save(0, marks)).await.expect("save");
        assert!(
            matches!(out, SaveOutcome::Stale { ref by, .. } if !by.is_empty()),
            "{out:?}"
        );
        assert_eq!(attendance_audit_rows(db, school).await, audit_before + 2);

        let after = store::absence_totals(db, class_id, &[semester])
            .await
            .expect("t");
        let (e0, u0, _) = absent_of(&before_totals, a);
        assert_eq!(absent_of(&after, a).0, e0 + 1);
        assert_eq!(absent_of(&after, b).1, absent_of(&before_totals, b).1 + 1);
        assert_eq!(absent_of(&after, a).1, u0);

        // Saving the same marks again changes nothing but the version; a removal is one row.
        let out = store::save_roll(db, &save(1, marks)).await.expect("save");
        assert_eq!(
            out,
            SaveOutcome::Saved {
                version: 2,
                changed: 0
            }
        );
        let back: &'static [MarkChange] = Box::leak(
            vec![MarkChange {
                student_id: a,
                status: None,
                reason: String::new(),
            }]
            .into_boxed_slice(),
        );
        let out = store::save_roll(db, &save(2, back)).await.expect("save");
        assert_eq!(
            out,
            SaveOutcome::Saved {
                version: 3,
                changed: 1
            }
        );
        assert_eq!(attendance_audit_rows(db, school).await, audit_before + 3);
        assert_eq!(
            store::marks(db, class_id, date, "morning")
                .await
                .expect("m")
                .len(),
            1
        );
        t.finish().await;
    }
}
