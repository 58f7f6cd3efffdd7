//! What a family account may open: the students it is a guardian of, or its own student
//! record. Every family read starts here, so another child's code is simply not found.
use super::{on_db, Db, DbResult};

/// A child the account sees, with the class it is actively enrolled in this school year.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ChildRow {
    pub student_id: i64,
    pub code: String,
    pub full_name: String,
    pub class_id: Option<i64>,
}

/// The child with `code` if `user_id` is its guardian's account or its own, in `school_id`.
pub async fn child(
    db: &Db,
    user_id: i64,
    school_id: i64,
    code: &str,
    school_year_id: i64,
) -> DbResult<Option<ChildRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT st.id AS student_id, st.code, st.full_name, \
           (SELECT e.class_id FROM enrolments e WHERE e.student_id = st.id \
             AND e.school_year_id = $4 AND e.status = 'active' \
             ORDER BY e.id DESC LIMIT 1) AS class_id \
         FROM students st \
         WHERE st.school_id = $2 AND st.code = $3 \
           AND (st.user_id = $1 OR EXISTS (SELECT 1 FROM guardians g \
             WHERE g.student_id = st.id AND g.user_id = $1))")
        .bind(user_id).bind(school_id).bind(code).bind(school_year_id)
        .fetch_optional(p).await?))
}
