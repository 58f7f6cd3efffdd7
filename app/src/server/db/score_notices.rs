//! What the in-app notices of new scores read: each school's mark, the children whose scores
//! changed or whose class's sheets moved in review since, and their family accounts.
use super::family_view::ChildRow;
use super::{on_db, Db, DbResult};

pub async fn schools(db: &Db) -> DbResult<Vec<i64>> {
    Ok(
        on_db!(db, p => sqlx::query_scalar("SELECT id FROM schools ORDER BY id")
        .fetch_all(p).await?),
    )
}

pub async fn mark(db: &Db, school_id: i64) -> DbResult<Option<i64>> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT last_at FROM score_notice_marks WHERE school_id = $1")
        .bind(school_id).fetch_optional(p).await?))
}

pub async fn set_mark(db: &Db, school_id: i64, at: i64) -> DbResult<()> {
    on_db!(db, p => { sqlx::query(
        "INSERT INTO score_notice_marks (school_id, last_at) VALUES ($1, $2) \
         ON CONFLICT (school_id) DO UPDATE SET last_at = excluded.last_at")
        .bind(school_id).bind(at).execute(p).await?; });
    Ok(())
}

/// The children of `school_id` in `school_year_id` (with their current class) whose scores
/// changed in (since, until], or whose class had a sheet move in review then.
pub async fn changed_children(
    db: &Db,
    school_id: i64,
    school_year_id: i64,
    since: i64,
    until: i64,
) -> DbResult<Vec<ChildRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT st.id AS student_id, st.code, st.full_name, e.class_id \
         FROM enrolments e JOIN students st ON st.id = e.student_id \
         WHERE e.school_id = $1 AND e.school_year_id = $2 AND e.status = 'active' \
           AND (e.student_id IN (SELECT s.student_id FROM assessment_scores s \
                  WHERE s.school_id = $1 AND s.updated_at > $3 AND s.updated_at <= $4) \
                OR e.class_id IN (SELECT r.class_id FROM sheet_review_steps r \
                  WHERE r.school_id = $1 AND r.at > $3 AND r.at <= $4)) \
         ORDER BY st.id")
        .bind(school_id).bind(school_year_id).bind(since).bind(until).fetch_all(p).await?))
}

/// The accounts that see a child: its guardians' and its own.
pub async fn family_accounts(db: &Db, student_id: i64) -> DbResult<Vec<i64>> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT g.user_id FROM guardians g WHERE g.student_id = $1 AND g.user_id IS NOT NULL \
         UNION SELECT st.user_id FROM students st WHERE st.id = $1 AND st.user_id IS NOT NULL")
        .bind(student_id).fetch_all(p).await?))
}
