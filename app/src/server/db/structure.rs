//! The school's structure as other systems read it (the integration API): classes and teaching
//! assignments of every year, and students by code. Years, semesters, grade levels and
//! subjects are read from `school_years` and `subjects`, as the admin pages read them.
//! Every query is scoped by school.
use super::{on_db, Db, DbResult};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ClassInfo {
    pub id: i64,
    pub school_year_id: i64,
    pub grade: i64,
    pub name: String,
    pub homeroom_teacher_id: Option<i64>,
}

pub async fn classes(db: &Db, school_id: i64) -> DbResult<Vec<ClassInfo>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, school_year_id, CAST(grade AS BIGINT) AS grade, name, homeroom_teacher_id \
         FROM classes WHERE school_id = $1 ORDER BY school_year_id, grade, name")
        .bind(school_id).fetch_all(p).await?))
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AssignmentInfo {
    pub school_year_id: i64,
    pub class_id: i64,
    pub subject_id: i64,
    pub teacher_id: i64,
    pub teacher_name: String,
}

pub async fn assignments(db: &Db, school_id: i64) -> DbResult<Vec<AssignmentInfo>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT t.school_year_id, t.class_id, t.subject_id, t.teacher_id, \
           u.full_name AS teacher_name \
         FROM teaching_assignments t JOIN users u ON u.id = t.teacher_id \
         WHERE t.school_id = $1 ORDER BY t.class_id, t.subject_id")
        .bind(school_id).fetch_all(p).await?))
}

/// A student's record as the API gives it, with the class they are in now, if any.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StudentRecord {
    pub id: i64,
    pub code: String,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub full_name: String,
    pub date_of_birth: Option<String>,
    pub gender: String,
    pub ethnicity: String,
    pub nationality: String,
    pub status: String,
    pub class_id: Option<i64>,
}

const STUDENT: &str = "SELECT s.id, s.code, s.family_name, s.middle_name, s.given_name, \
    s.full_name, CAST(s.date_of_birth AS TEXT) AS date_of_birth, s.gender, s.ethnicity, \
    s.nationality, s.status, \
    (SELECT e.class_id FROM enrolments e WHERE e.student_id = s.id AND e.status = 'active' \
       ORDER BY e.id DESC LIMIT 1) AS class_id \
    FROM students s";

pub async fn student_by_code(
    db: &Db,
    school_id: i64,
    code: &str,
) -> DbResult<Option<StudentRecord>> {
    let sql = format!("{STUDENT} WHERE s.school_id = $1 AND s.code = $2");
    Ok(
        on_db!(db, p => sqlx::query_as(&sql).bind(school_id).bind(code)
        .fetch_optional(p).await?),
    )
}

/// The students actively enrolled in a class (unsorted).
pub async fn students_of_class(db: &Db, class_id: i64) -> DbResult<Vec<StudentRecord>> {
    let sql = format!(
        "{STUDENT} WHERE s.id IN (SELECT e.student_id FROM enrolments e \
         WHERE e.class_id = $1 AND e.status = 'active')"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(class_id).fetch_all(p).await?))
}
