//! Classes and their rosters.
use super::{on_db, Db, DbResult};
use chrono::NaiveDate;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ClassRow {
    pub id: i64,
    pub school_id: i64,
    pub name: String,
    pub grade: i64,
    pub homeroom_teacher_id: Option<i64>,
    pub homeroom_teacher: Option<String>,
    pub school_year: String,
}

const SELECT_CLASS: &str = "SELECT c.id, c.school_id, c.name, CAST(c.grade AS BIGINT) AS grade, \
     c.homeroom_teacher_id, u.full_name AS homeroom_teacher, y.name AS school_year \
     FROM classes c JOIN school_years y ON y.id = c.school_year_id \
     LEFT JOIN users u ON u.id = c.homeroom_teacher_id";

pub async fn find(db: &Db, class_id: i64) -> DbResult<Option<ClassRow>> {
    let sql = format!("{SELECT_CLASS} WHERE c.id = $1");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(class_id).fetch_optional(p).await?))
}

/// The classes of a school year, by grade and name.
pub async fn of_year(db: &Db, school_id: i64, school_year_id: i64) -> DbResult<Vec<ClassRow>> {
    let sql = format!(
        "{SELECT_CLASS} WHERE c.school_id = $1 AND c.school_year_id = $2 ORDER BY c.grade, c.name"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_id).bind(school_year_id).fetch_all(p).await?))
}

/// True when `user_id` teaches some subject in the class.
pub async fn teaches_in(db: &Db, user_id: i64, class_id: i64) -> DbResult<bool> {
    let n: i64 = on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM teaching_assignments WHERE teacher_id = $1 AND class_id = $2")
        .bind(user_id).bind(class_id).fetch_one(p).await?);
    Ok(n > 0)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RosterRow {
    pub code: String,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub gender: String,
}

/// The students currently enrolled, in no particular order (sorting is a Vietnamese rule).
pub async fn roster(db: &Db, class_id: i64) -> DbResult<Vec<RosterRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT s.code, s.family_name, s.middle_name, s.given_name, s.date_of_birth, s.gender \
         FROM enrolments e JOIN students s ON s.id = e.student_id \
         WHERE e.class_id = $1 AND e.status = 'active'")
        .bind(class_id).fetch_all(p).await?))
}
