//! Real databases for integration tests: a fresh SQLite file, and a fresh database on the
//! PostgreSQL server named by `TEST_POSTGRES_URL` (started on loopback by `make test`).
//! With `HOCBA_REQUIRE_PG=1` a missing PostgreSQL fails the test instead of skipping it.
#![allow(dead_code)]
use app::server::db::Db;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct TestDb {
    pub db: Db,
    pub label: &'static str,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/test.db", dir.path().display());
        let db = Db::connect(&url).await.expect("open sqlite");
        db.migrate().await.expect("migrate sqlite");
        TestDb {
            db,
            label: "sqlite",
            _dir: Some(dir),
            pg: None,
        }
    }

    pub async fn postgres() -> Option<TestDb> {
        let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
            assert!(
                std::env::var("HOCBA_REQUIRE_PG").as_deref() != Ok("1"),
                "HOCBA_REQUIRE_PG=1 but TEST_POSTGRES_URL is not set"
            );
            eprintln!("TEST_POSTGRES_URL not set: PostgreSQL part skipped (run `make test`)");
            return None;
        };
        let name = format!(
            "hocba_t_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            rand::random::<u32>()
        );
        let admin = sqlx::PgPool::connect(&admin_url)
            .await
            .expect("connect to TEST_POSTGRES_URL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .expect("create db");
        admin.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .expect("url with a database");
        let db = Db::connect(&format!("{base}/{name}"))
            .await
            .expect("open postgres");
        db.migrate().await.expect("migrate postgres");
        Some(TestDb {
            db,
            label: "postgres",
            _dir: None,
            pg: Some((admin_url, name)),
        })
    }

    /// SQLite always, PostgreSQL when available.
    pub async fn all() -> Vec<TestDb> {
        let mut dbs = vec![TestDb::sqlite().await];
        dbs.extend(TestDb::postgres().await);
        dbs
    }

    /// Closes the pool and drops a PostgreSQL test database.
    pub async fn finish(self) {
        self.db.close().await;
        if let Some((admin_url, name)) = self.pg {
            if let Ok(admin) = sqlx::PgPool::connect(&admin_url).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&admin)
                    .await;
                admin.close().await;
            }
        }
    }
}
