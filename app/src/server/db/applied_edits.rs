//! The ids of edits applied from a device's offline outbox (issue 7). Every edit the browser
//! queues carries a unique id; once applied, the id is kept with the version it produced, so a
//! replay of the same edit (an answer lost on a weak connection, a retry after the server was
//! killed mid-sync, two tabs replaying one outbox) answers as the first time and writes nothing.
//! Ids are per user: the same id sent by two users are two edits.
//!
//! [`applied`] is the lookup done before any check; the in-transaction helpers
//! ([`claim_edit!`], [`set_edit_version!`], [`release_edit!`]) guard the write itself against two
//! concurrent requests carrying the same id: the second one finds the first one's claim (on
//! PostgreSQL it waits for the first transaction to end) and answers from it.
use super::{now, on_db, Db, DbResult};
use std::collections::HashMap;

/// What an edit changed, as stored in `applied_edits.kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EditKind {
    Score,
    Comment,
    Roll,
    Period,
}

impl EditKind {
    pub fn code(self) -> &'static str {
        match self {
            EditKind::Score => "score",
            EditKind::Comment => "comment",
            EditKind::Roll => "roll",
            EditKind::Period => "period",
        }
    }
}

/// The longest edit id kept (a UUID is 36 characters).
pub const MAX_EDIT_ID_CHARS: usize = 64;

/// An edit id is 1 to 64 characters of ASCII letters, digits and `-` (a UUID, for instance).
pub fn valid_edit_id(id: &str) -> bool {
    (1..=MAX_EDIT_ID_CHARS).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// How long applied ids are kept: an outbox older than this is not replayed.
pub const KEEP_SECS: i64 = 180 * 24 * 3600;

/// Ids per lookup statement.
const LOOKUP_IDS: usize = 200;

/// Which of `edit_ids` the user has already applied, with the version each produced.
pub async fn applied(
    db: &Db,
    school_id: i64,
    user_id: i64,
    edit_ids: &[&str],
) -> DbResult<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for chunk in edit_ids.chunks(LOOKUP_IDS) {
        let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "SELECT edit_id, version FROM applied_edits \
             WHERE school_id = $1 AND user_id = $2 AND edit_id IN ({})",
            placeholders.join(", ")
        );
        let rows: Vec<(String, i64)> = on_db!(db, p => {
            let mut q = sqlx::query_as(&sql).bind(school_id).bind(user_id);
            for id in chunk {
                q = q.bind(*id);
            }
            q.fetch_all(p).await?
        });
        out.extend(rows);
    }
    Ok(out)
}

/// The version an applied edit produced, if the user applied it.
pub async fn applied_one(
    db: &Db,
    school_id: i64,
    user_id: i64,
    edit_id: &str,
) -> DbResult<Option<i64>> {
    Ok(applied(db, school_id, user_id, &[edit_id])
        .await?
        .get(edit_id)
        .copied())
}

/// Drops the ids applied before `before` (unix seconds); returns how many.
pub async fn prune(db: &Db, before: i64) -> DbResult<u64> {
    Ok(
        on_db!(db, p => sqlx::query("DELETE FROM applied_edits WHERE applied_at < $1")
        .bind(before).execute(p).await?.rows_affected()),
    )
}

/// Drops the ids older than [`KEEP_SECS`].
pub async fn prune_old(db: &Db) -> DbResult<u64> {
    prune(db, now() - KEEP_SECS).await
}

/// Inside a write transaction (`&mut *tx`): claims `edit_id` for the user before the edit is
/// written. `Ok(None)`: claimed, go on and write (then [`set_edit_version!`], or
/// [`release_edit!`] if the write turned out a conflict). `Ok(Some(version))`: already applied
/// (or applied meanwhile by a concurrent request): answer `version` and write nothing.
/// Arguments: `(tx, school_id, user_id, edit_id: &str, kind: EditKind, at)`.
macro_rules! claim_edit {
    ($tx:expr, $school_id:expr, $user_id:expr, $edit_id:expr, $kind:expr, $at:expr) => {
        async {
            let claimed = sqlx::query(
                "INSERT INTO applied_edits (school_id, user_id, edit_id, kind, version, \
                 applied_at) VALUES ($1, $2, $3, $4, 0, $5) \
                 ON CONFLICT (user_id, edit_id) DO NOTHING",
            )
            .bind($school_id)
            .bind($user_id)
            .bind($edit_id)
            .bind($kind.code())
            .bind($at)
            .execute(&mut *$tx)
            .await?;
            if claimed.rows_affected() == 1 {
                return Ok::<Option<i64>, $crate::server::db::DbError>(None);
            }
            let (version,): (i64,) = sqlx::query_as(
                "SELECT version FROM applied_edits WHERE user_id = $1 AND edit_id = $2",
            )
            .bind($user_id)
            .bind($edit_id)
            .fetch_one(&mut *$tx)
            .await?;
            Ok(Some(version))
        }
        .await
    };
}
pub(crate) use claim_edit;

/// Inside the transaction, after the write: the version the claimed edit produced.
/// Arguments: `(tx, user_id, edit_id: &str, version)`.
macro_rules! set_edit_version {
    ($tx:expr, $user_id:expr, $edit_id:expr, $version:expr) => {
        sqlx::query("UPDATE applied_edits SET version = $1 WHERE user_id = $2 AND edit_id = $3")
            .bind($version)
            .bind($user_id)
            .bind($edit_id)
            .execute(&mut *$tx)
            .await
    };
}
pub(crate) use set_edit_version;

/// Inside the transaction: gives a claim back (the write was a conflict: a resend is judged
/// again). Arguments: `(tx, user_id, edit_id: &str)`.
macro_rules! release_edit {
    ($tx:expr, $user_id:expr, $edit_id:expr) => {
        sqlx::query("DELETE FROM applied_edits WHERE user_id = $1 AND edit_id = $2")
            .bind($user_id)
            .bind($edit_id)
            .execute(&mut *$tx)
            .await
    };
}
pub(crate) use release_edit;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_ids_are_short_plain_tokens() {
        assert!(valid_edit_id("0b6f3c1e-8d2a-4f4e-9a51-2c7d3e9f1a20"));
        assert!(valid_edit_id("a"));
        assert!(valid_edit_id(&"x".repeat(64)));
        assert!(!valid_edit_id(""));
        assert!(!valid_edit_id(&"x".repeat(65)));
        assert!(!valid_edit_id("abc def"));
        assert!(!valid_edit_id("abc'; DROP"));
        assert!(!valid_edit_id("điểm"));
    }
}
