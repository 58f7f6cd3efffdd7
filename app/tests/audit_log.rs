//! The audit log is append-only: the database itself refuses UPDATE, DELETE (and TRUNCATE on
//! PostgreSQL) through the application's own pool, leaving the rows as they were; and no code
//! in the application updates or deletes it.
#[path = "support/databases.rs"]
mod databases;

use app::server::db::audit::{self, AuditEntry};
use app::server::db::{accounts, on_db, Db};
use databases::TestDb;

async fn rows(db: &Db) -> Vec<(i64, String, Option<String>)> {
    on_db!(db, p => sqlx::query_as(
        "SELECT id, action, new_value FROM audit_log ORDER BY id")
        .fetch_all(p).await.expect("read"))
}

async fn refused(db: &Db, sql: &str) -> String {
    let r = on_db!(db, p => sqlx::query(sql).execute(p).await.map(|d| d.rows_affected()));
    match r {
        Ok(n) => panic!("`{sql}` was allowed ({n} rows)"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn updating_deleting_or_truncating_the_audit_log_is_refused_by_the_database() {
    for t in TestDb::all().await {
        let db = &t.db;
        let school = accounts::create_school(db, "AUD", "Trường AUD", "lower_secondary")
            .await
            .expect("school");
        for n in 0..3 {
            audit::append(
                db,
                &AuditEntry {
                    school_id: school,
                    action: "update",
                    entity: "assessment_score",
                    entity_id: format!("1/2/3/regular/{n}"),
                    old_value: Some("7".into()),
                    new_value: Some("8".into()),
                    source: "typing",
                    ..Default::default()
                },
            )
            .await
            .expect("append");
        }
        let before = rows(db).await;
        assert_eq!(before.len(), 3, "{}", t.label);

        let mut statements = vec![
            "UPDATE audit_log SET new_value = '10'".to_string(),
            format!(
                "UPDATE audit_log SET new_value = '10' WHERE id = {}",
                before[0].0
            ),
            "DELETE FROM audit_log".to_string(),
            format!("DELETE FROM audit_log WHERE id = {}", before[1].0),
        ];
        if t.label == "postgres" {
            statements.push("TRUNCATE audit_log".into());
            statements.push("TRUNCATE audit_log CASCADE".into());
        }
        for sql in &statements {
            let err = refused(db, sql).await;
            assert!(err.contains("append-only"), "{}: {sql}: {err}", t.label);
            assert_eq!(
                rows(db).await,
                before,
                "{}: {sql} changed the rows",
                t.label
            );
        }
        // Inside a transaction too: the refusal is not a matter of autocommit.
        let in_tx = on_db!(db, p => {
            let mut tx = p.begin().await.expect("begin");
            sqlx::query("UPDATE audit_log SET action = 'x'").execute(&mut *tx).await.map(|_| ())
        });
        assert!(in_tx.is_err(), "{}", t.label);
        assert_eq!(rows(db).await, before, "{}", t.label);
        t.finish().await;
    }
}

/// Every `.rs` file under `dir`, recursively.
fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_code_path_updates_or_deletes_the_audit_log() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["app/src", "server/src", "frontend/src"] {
        sources(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "found only {} source files", files.len());
    let forbidden = [
        "update audit_log",
        "delete from audit_log",
        "truncate audit_log",
    ];
    for f in &files {
        let text = std::fs::read_to_string(f)
            .expect("read source")
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for bad in forbidden {
            assert!(!text.contains(bad), "{} contains `{bad}`", f.display());
        }
    }
}
