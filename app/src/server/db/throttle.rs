//! Recent failed logins, per account and per address.
use super::BeginWrite;
use super::{on_db, Db, DbResult};
use crate::domain::login_throttle::{RecentFailures, WINDOW_SECS};

pub async fn recent(db: &Db, key: &str, now: i64) -> DbResult<RecentFailures> {
    let (count, last_at): (i64, Option<i64>) = on_db!(db, p => sqlx::query_as(
        "SELECT COUNT(*), MAX(at) FROM login_failures WHERE key = $1 AND at > $2")
        .bind(key).bind(now - WINDOW_SECS).fetch_one(p).await?);
    Ok(RecentFailures {
        count: u32::try_from(count).unwrap_or(u32::MAX),
        last_at: last_at.unwrap_or(0),
    })
}

pub async fn record(db: &Db, keys: &[&str], now: i64) -> DbResult<()> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for key in keys {
            sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
                .bind(*key).bind(now).execute(&mut *tx).await?;
        }
        // Old failures no longer count; dropping them keeps the table small.
        sqlx::query("DELETE FROM login_failures WHERE at <= $1")
            .bind(now - WINDOW_SECS).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    })
}

pub async fn clear(db: &Db, key: &str) -> DbResult<()> {
    on_db!(db, p => { sqlx::query("DELETE FROM login_failures WHERE key = $1")
        .bind(key).execute(p).await?; });
    Ok(())
}
