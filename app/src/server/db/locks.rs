//! Entry deadlines and locks (migration 0007). Deadlines are replaced or removed (each change
//! is audited by the caller); locks are never deleted: unlocking fills in who, when and why.
use super::BeginWrite;
use super::{on_db, Db, DbResult};

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct DeadlineRow {
    pub id: i64,
    pub semester_id: i64,
    pub semester_number: i64,
    pub school_year_id: i64,
    /// 0: the whole school.
    pub grade: i64,
    /// 'YYYY-MM-DD'.
    pub deadline: String,
    pub set_by_name: Option<String>,
    pub set_at: i64,
}

const SELECT_DEADLINES: &str = "SELECT d.id, d.semester_id, CAST(s.number AS BIGINT) AS semester_number, \
    s.school_year_id, CAST(d.grade AS BIGINT) AS grade, d.deadline, u.full_name AS set_by_name, d.set_at \
    FROM entry_deadlines d JOIN semesters s ON s.id = d.semester_id \
    LEFT JOIN users u ON u.id = d.set_by";

/// The school's deadlines of one school year.
pub async fn deadlines(db: &Db, school_id: i64, school_year_id: i64) -> DbResult<Vec<DeadlineRow>> {
    let sql = format!(
        "{SELECT_DEADLINES} WHERE d.school_id = $1 AND s.school_year_id = $2 \
         ORDER BY s.number, d.grade"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_id).bind(school_year_id).fetch_all(p).await?))
}

/// Sets the deadline of a semester for the school (`grade` 0) or a grade; returns the date it
/// replaced, if any.
pub async fn set_deadline(
    db: &Db,
    school_id: i64,
    semester_id: i64,
    grade: i64,
    date: &str,
    by: i64,
    at: i64,
) -> DbResult<Option<String>> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let old: Option<String> = sqlx::query_scalar(
            "SELECT deadline FROM entry_deadlines WHERE school_id = $1 AND semester_id = $2 AND grade = $3")
            .bind(school_id).bind(semester_id).bind(grade).fetch_optional(&mut *tx).await?;
        if old.is_some() {
            sqlx::query("UPDATE entry_deadlines SET deadline = $1, set_by = $2, set_at = $3 \
                         WHERE school_id = $4 AND semester_id = $5 AND grade = $6")
                .bind(date).bind(by).bind(at).bind(school_id).bind(semester_id).bind(grade)
                .execute(&mut *tx).await?;
        } else {
            sqlx::query("INSERT INTO entry_deadlines (school_id, semester_id, grade, deadline, \
                         set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(school_id).bind(semester_id).bind(grade).bind(date).bind(by).bind(at)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(old)
    })
}

/// Removes a deadline; returns the date removed (`None`: there was none).
pub async fn clear_deadline(
    db: &Db,
    school_id: i64,
    semester_id: i64,
    grade: i64,
) -> DbResult<Option<String>> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let old: Option<String> = sqlx::query_scalar(
            "SELECT deadline FROM entry_deadlines WHERE school_id = $1 AND semester_id = $2 AND grade = $3")
            .bind(school_id).bind(semester_id).bind(grade).fetch_optional(&mut *tx).await?;
        sqlx::query("DELETE FROM entry_deadlines WHERE school_id = $1 AND semester_id = $2 AND grade = $3")
            .bind(school_id).bind(semester_id).bind(grade).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(old)
    })
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct LockRow {
    pub id: i64,
    pub school_year_id: i64,
    pub semester_id: Option<i64>,
    pub semester_number: Option<i64>,
    /// 'school' | 'grade' | 'class'.
    pub scope: String,
    pub grade: Option<i64>,
    pub class_id: Option<i64>,
    pub class_name: Option<String>,
    pub reason: String,
    pub locked_by_name: String,
    pub locked_at: i64,
    pub unlocked_by_name: Option<String>,
    pub unlocked_at: Option<i64>,
    pub unlock_reason: Option<String>,
}

/// The locks of a school year, unlocked ones included, oldest first.
pub async fn locks(db: &Db, school_id: i64, school_year_id: i64) -> DbResult<Vec<LockRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT l.id, l.school_year_id, l.semester_id, CAST(s.number AS BIGINT) AS semester_number, \
           l.scope, CAST(l.grade AS BIGINT) AS grade, l.class_id, c.name AS class_name, l.reason, \
           lu.full_name AS locked_by_name, l.locked_at, uu.full_name AS unlocked_by_name, \
           l.unlocked_at, l.unlock_reason \
         FROM entry_locks l JOIN users lu ON lu.id = l.locked_by \
         LEFT JOIN users uu ON uu.id = l.unlocked_by \
         LEFT JOIN semesters s ON s.id = l.semester_id \
         LEFT JOIN classes c ON c.id = l.class_id \
         WHERE l.school_id = $1 AND l.school_year_id = $2 ORDER BY l.locked_at, l.id")
        .bind(school_id).bind(school_year_id).fetch_all(p).await?))
}

/// A new lock, as checked by the caller.
#[derive(Clone, Debug)]
pub struct NewLock<'a> {
    pub school_id: i64,
    pub school_year_id: i64,
    pub semester_id: Option<i64>,
    pub scope: &'a str,
    pub grade: Option<i64>,
    pub class_id: Option<i64>,
    pub reason: &'a str,
    pub by: i64,
    pub at: i64,
}

pub async fn lock(db: &Db, l: &NewLock<'_>) -> DbResult<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "INSERT INTO entry_locks (school_id, school_year_id, semester_id, scope, grade, class_id, \
         reason, locked_by, locked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(l.school_id).bind(l.school_year_id).bind(l.semester_id).bind(l.scope)
        .bind(l.grade).bind(l.class_id).bind(l.reason).bind(l.by).bind(l.at)
        .fetch_one(p).await?))
}

/// Records the unlock of a lock of the school that is still active; false when there is none.
pub async fn unlock(
    db: &Db,
    school_id: i64,
    lock_id: i64,
    by: i64,
    at: i64,
    reason: &str,
) -> DbResult<bool> {
    let done = on_db!(db, p => sqlx::query(
        "UPDATE entry_locks SET unlocked_by = $1, unlocked_at = $2, unlock_reason = $3 \
         WHERE id = $4 AND school_id = $5 AND unlocked_at IS NULL")
        .bind(by).bind(at).bind(reason).bind(lock_id).bind(school_id)
        .execute(p).await?.rows_affected());
    Ok(done == 1)
}
