//! The data layer: the one place for SQL. Each query is written once in portable SQL (`$1`
//! placeholders, which SQLite also accepts) and compiled for both pools by [`on_db!`].
//!
//! Bind every integer as `i64`: PostgreSQL connections cache prepared statements by their SQL
//! text, and the same text bound once with an `i64` and later with an `i32` fails with
//! "insufficient data left in message".
pub mod accounts;
pub mod announcements;
pub mod api_tokens;
pub mod applied_edits;
pub mod attendance;
pub mod audit;
pub mod class_admin;
pub mod classes;
pub mod conduct;
pub mod corrections;
pub mod dashboard;
pub mod family_accounts;
pub mod family_view;
pub mod grading;
pub mod home;
pub mod locks;
pub mod mistake_reports;
pub mod outbox;
pub mod school_years;
pub mod score_notices;
pub mod scores;
pub mod seed;
pub mod sessions;
pub mod sheet_reviews;
pub mod signoffs;
pub mod structure;
pub mod student_import;
pub mod students;
pub mod subjects;
pub mod throttle;
pub mod year_end;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// Starts a transaction that will write. SQLite's default (deferred) transaction takes the write
/// lock only at its first write; one that has read first cannot get it while another writer
/// holds it and fails at once with "database is locked", whatever the busy timeout. `BEGIN
/// IMMEDIATE` takes the lock up front, so concurrent writers wait their turn instead.
pub trait BeginWrite {
    type Database: sqlx::Database;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<
        Output = Result<sqlx::Transaction<'static, Self::Database>, sqlx::Error>,
    > + Send;
}

impl BeginWrite for SqlitePool {
    type Database = sqlx::Sqlite;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        let pool = self.clone();
        begin_to_the_end(async move { pool.begin_with("BEGIN IMMEDIATE").await }).await
    }
}

impl BeginWrite for PgPool {
    type Database = sqlx::Postgres;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        let pool = self.clone();
        begin_to_the_end(async move { pool.begin().await }).await
    }
}

/// sqlx's `begin` is not cancel-safe (transact-rs/sqlx#2054, #4385): a request dropped while
/// its `BEGIN IMMEDIATE` waits for the write lock (the browser went away: a closed tab, an
/// outbox replay cut short) can leave the connection in an open transaction that holds the lock
/// for good, and every later write waits on it. In a task of its own the begin always finishes,
/// and a transaction nobody takes any more is dropped there, which rolls it back.
async fn begin_to_the_end<T: Send + 'static>(
    begin: impl std::future::Future<Output = Result<T, sqlx::Error>> + Send + 'static,
) -> Result<T, sqlx::Error> {
    tokio::spawn(begin)
        .await
        .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))?
}

/// A connection pool to whichever database `DATABASE_URL` names.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same body against whichever pool `$db` holds; the body is type-checked once per
/// database, so a query that one of them cannot run fails to compile.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::server::db::Db::Sqlite($pool) => $body,
            $crate::server::db::Db::Postgres($pool) => $body,
        }
    };
}
pub use on_db;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL (use sqlite://… or postgres://…): {0}")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("already exists")]
    Conflict,
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

impl DbError {
    /// Unique-constraint violations become [`DbError::Conflict`], by error kind, not by message.
    pub fn from_write(err: sqlx::Error) -> DbError {
        match err.as_database_error() {
            Some(db) if db.is_unique_violation() => DbError::Conflict,
            _ => DbError::Sqlx(err),
        }
    }
}

impl From<DbError> for crate::error::AppError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::Conflict => crate::error::AppError::UsernameTaken,
            other => {
                tracing::error!(error = %other, "database failure");
                crate::error::AppError::Internal
            }
        }
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// Current time in Unix seconds: the unit of every `*_at` column.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

impl Db {
    /// Connects to `url` and brings the schema up to date.
    pub async fn connect(url: &str) -> DbResult<Db> {
        let db = if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                // WAL lets readers work during a write; FULL makes every commit survive power loss.
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            if let Some(dir) = sqlite_parent_dir(url) {
                std::fs::create_dir_all(&dir).map_err(|e| DbError::Sqlx(sqlx::Error::Io(e)))?;
            }
            Db::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(8)
                    .connect_with(opts)
                    .await?,
            )
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts = PgConnectOptions::from_str(url)?;
            Db::Postgres(
                PgPoolOptions::new()
                    .max_connections(16)
                    .connect_with(opts)
                    .await?,
            )
        } else {
            return Err(DbError::UnsupportedUrl(redact(url)));
        };
        Ok(db)
    }

    pub async fn migrate(&self) -> DbResult<()> {
        match self {
            Db::Sqlite(p) => sqlx::migrate!("../migrations/sqlite").run(p).await?,
            Db::Postgres(p) => sqlx::migrate!("../migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// A trivial query, for the health check.
    pub async fn ping(&self) -> DbResult<()> {
        on_db!(self, p => { sqlx::query("SELECT 1").execute(p).await?; });
        Ok(())
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        on_db!(self, p => p.close().await)
    }
}

fn sqlite_parent_dir(url: &str) -> Option<std::path::PathBuf> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| p.to_path_buf())
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_the_url_is_hidden() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }

    #[test]
    fn the_sqlite_file_directory_is_found() {
        assert_eq!(
            sqlite_parent_dir("sqlite://data/hocba.db"),
            Some("data".into())
        );
        assert_eq!(sqlite_parent_dir("sqlite://x.db?mode=rwc"), None);
        assert_eq!(sqlite_parent_dir("sqlite::memory:"), None);
    }
}
