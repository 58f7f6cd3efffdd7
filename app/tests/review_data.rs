//! The review and sign-off tables against real databases (SQLite and PostgreSQL): an act on a
//! stale version changes nothing, steps and sign-offs are append-only even by direct SQL.
#[path = "support/databases.rs"]
mod databases;

use app::server::db::sheet_reviews::{self, ActWrite};
use app::server::db::signoffs::{self, NewSignoff};
use app::server::db::{on_db, Db};
use databases::TestDb;

/// (school, class, subject, semester, user) of the demo school's 6A1 Toán, semester 1.
async fn sheet(db: &Db) -> (i64, i64, i64, i64, i64) {
    app::server::demo::load(db).await.expect("demo");
    let row: (i64, i64, i64, i64, i64) = on_db!(db, p => sqlx::query_as(
        "SELECT c.school_id, c.id, s.id, m.id, u.id FROM classes c \
         JOIN subjects s ON s.school_id = c.school_id AND s.code = 'TOAN' \
         JOIN semesters m ON m.school_year_id = c.school_year_id AND m.number = 1 \
         JOIN users u ON u.username = 'gv.toan' WHERE c.name = '6A1'")
        .fetch_one(p).await.expect("sheet"));
    row
}

fn write<'a>(
    ids: (i64, i64, i64, i64, i64),
    act: &'a str,
    from: &'a str,
    to: &'a str,
    version: i64,
) -> ActWrite<'a> {
    ActWrite {
        school_id: ids.0,
        class_id: ids.1,
        subject_id: ids.2,
        semester_id: ids.3,
        actor_user_id: ids.4,
        act,
        from_state: from,
        to_state: to,
        expected_version: version,
        comment: "",
        missing: "[]",
        source: "test",
        ip: "",
        request_id: "",
    }
}

#[tokio::test]
async fn a_review_act_on_a_stale_version_changes_nothing_and_steps_are_append_only() {
    for t in TestDb::all().await {
        let db = &t.db;
        let ids = sheet(db).await;
        let submit = write(ids, "submit", "draft", "submitted", 0);
        assert_eq!(
            sheet_reviews::act(db, &submit).await.expect("act"),
            Some(1),
            "{}",
            t.label
        );
        assert_eq!(
            sheet_reviews::act(db, &submit).await.expect("act"),
            None,
            "stale"
        );
        let row = sheet_reviews::find(db, ids.1, ids.2, ids.3)
            .await
            .expect("q")
            .expect("row");
        assert_eq!((row.state.as_str(), row.version), ("submitted", 1));
        assert_eq!(row.submitted_by, Some(ids.4));
        let back = ActWrite {
            comment: "thiếu",
            ..write(ids, "return", "submitted", "draft", 1)
        };
        assert_eq!(sheet_reviews::act(db, &back).await.expect("act"), Some(2));
        let row = sheet_reviews::find(db, ids.1, ids.2, ids.3)
            .await
            .expect("q")
            .expect("row");
        assert_eq!((row.state.as_str(), row.submitted_by), ("draft", None));
        let steps = sheet_reviews::steps(db, ids.1, ids.2, ids.3)
            .await
            .expect("steps");
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[1].comment, "thiếu");

        let update = on_db!(db, p => sqlx::query("UPDATE sheet_review_steps SET comment = 'x'").execute(p).await.map(|_| ()));
        assert!(update.is_err(), "{}: steps cannot be updated", t.label);
        let delete = on_db!(db, p => sqlx::query("DELETE FROM sheet_review_steps").execute(p).await.map(|_| ()));
        assert!(delete.is_err(), "{}: steps cannot be deleted", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn sign_offs_are_append_only() {
    for t in TestDb::all().await {
        let db = &t.db;
        let ids = sheet(db).await;
        let signoff = NewSignoff {
            school_id: ids.0,
            class_id: ids.1,
            signed_by: ids.4,
            canonical_json: "{\"a\":\"1\"}",
            sha256: "abc",
            unapproved: "[]",
            source: "test",
            ip: "",
            request_id: "",
        };
        signoffs::insert(db, &signoff).await.expect("insert");
        let row = signoffs::latest(db, ids.1).await.expect("q").expect("row");
        assert_eq!(row.canonical_json, "{\"a\":\"1\"}");
        assert_eq!(row.signature, None, "no digital signature yet");
        let update = on_db!(db, p => sqlx::query("UPDATE class_signoffs SET sha256 = 'x'").execute(p).await.map(|_| ()));
        assert!(update.is_err(), "{}", t.label);
        let delete =
            on_db!(db, p => sqlx::query("DELETE FROM class_signoffs").execute(p).await.map(|_| ()));
        assert!(delete.is_err(), "{}", t.label);
        t.finish().await;
    }
}
