//! The admin's side of classes: creating them, their homeroom teacher, and who teaches what.
use super::BeginWrite;
use super::{on_db, Db, DbError, DbResult};

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ClassSummaryRow {
    pub id: i64,
    pub name: String,
    pub grade: i64,
    pub homeroom_teacher_id: Option<i64>,
    pub homeroom_teacher: Option<String>,
    pub students: i64,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct AssignmentRow {
    pub class_id: i64,
    pub subject_id: i64,
    pub teacher_id: i64,
    pub teacher: String,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct TeacherRow {
    pub id: i64,
    pub full_name: String,
    pub username: String,
}

pub async fn list(db: &Db, school_id: i64, year_id: i64) -> DbResult<Vec<ClassSummaryRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT c.id, c.name, CAST(c.grade AS BIGINT) AS grade, c.homeroom_teacher_id, \
           u.full_name AS homeroom_teacher, \
           (SELECT COUNT(*) FROM enrolments e WHERE e.class_id = c.id AND e.status = 'active') \
             AS students \
         FROM classes c LEFT JOIN users u ON u.id = c.homeroom_teacher_id \
         WHERE c.school_id = $1 AND c.school_year_id = $2 ORDER BY c.grade, c.name")
        .bind(school_id).bind(year_id).fetch_all(p).await?))
}

pub async fn assignments(db: &Db, school_id: i64, year_id: i64) -> DbResult<Vec<AssignmentRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT t.class_id, t.subject_id, t.teacher_id, u.full_name AS teacher \
         FROM teaching_assignments t JOIN users u ON u.id = t.teacher_id \
         WHERE t.school_id = $1 AND t.school_year_id = $2")
        .bind(school_id).bind(year_id).fetch_all(p).await?))
}

/// Staff who can teach or lead a class: every active account of the school with a staff role.
pub async fn teachers(db: &Db, school_id: i64) -> DbResult<Vec<TeacherRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT u.id, u.full_name, u.username FROM users u \
         WHERE u.school_id = $1 AND u.is_active = TRUE AND EXISTS (SELECT 1 FROM user_roles r \
           WHERE r.user_id = u.id AND r.role IN ('subject_teacher', 'homeroom_teacher', \
           'group_head', 'principal')) \
         ORDER BY u.full_name")
        .bind(school_id).fetch_all(p).await?))
}

/// True when `user_id` is an active staff account of the school (see [`teachers`]).
pub async fn is_teacher(db: &Db, school_id: i64, user_id: i64) -> DbResult<bool> {
    Ok(teachers(db, school_id)
        .await?
        .iter()
        .any(|t| t.id == user_id))
}

pub async fn create(
    db: &Db,
    school_id: i64,
    year_id: i64,
    name: &str,
    grade: u8,
    homeroom: Option<i64>,
) -> DbResult<i64> {
    on_db!(db, p => Ok(sqlx::query_scalar(
        "INSERT INTO classes (school_id, school_year_id, grade, name, homeroom_teacher_id) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(school_id).bind(year_id).bind(i64::from(grade)).bind(name).bind(homeroom)
        .fetch_one(p).await.map_err(DbError::from_write)?))
}

pub async fn update(
    db: &Db,
    school_id: i64,
    class_id: i64,
    name: &str,
    grade: u8,
    homeroom: Option<i64>,
) -> DbResult<()> {
    on_db!(db, p => { sqlx::query(
        "UPDATE classes SET name = $1, grade = $2, homeroom_teacher_id = $3 \
         WHERE id = $4 AND school_id = $5")
        .bind(name).bind(i64::from(grade)).bind(homeroom).bind(class_id).bind(school_id)
        .execute(p).await.map_err(DbError::from_write)?; });
    Ok(())
}

/// Sets or replaces the teacher of a subject in a class; returns the previous teacher.
pub async fn assign(
    db: &Db,
    school_id: i64,
    year_id: i64,
    class_id: i64,
    subject_id: i64,
    teacher_id: i64,
) -> DbResult<Option<i64>> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let old: Option<i64> = sqlx::query_scalar(
            "SELECT teacher_id FROM teaching_assignments WHERE class_id = $1 AND subject_id = $2")
            .bind(class_id).bind(subject_id).fetch_optional(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO teaching_assignments (school_id, school_year_id, class_id, subject_id, \
               teacher_id) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (class_id, subject_id) DO UPDATE SET teacher_id = excluded.teacher_id")
            .bind(school_id).bind(year_id).bind(class_id).bind(subject_id).bind(teacher_id)
            .execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(old)
    })
}

/// Removes the teacher of a subject in a class; returns who it was.
pub async fn unassign(
    db: &Db,
    school_id: i64,
    class_id: i64,
    subject_id: i64,
) -> DbResult<Option<i64>> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let old: Option<i64> = sqlx::query_scalar(
            "SELECT teacher_id FROM teaching_assignments \
             WHERE class_id = $1 AND subject_id = $2 AND school_id = $3")
            .bind(class_id).bind(subject_id).bind(school_id).fetch_optional(&mut *tx).await?;
        sqlx::query("DELETE FROM teaching_assignments \
                     WHERE class_id = $1 AND subject_id = $2 AND school_id = $3")
            .bind(class_id).bind(subject_id).bind(school_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(old)
    })
}

pub async fn year_of(db: &Db, school_id: i64, class_id: i64) -> DbResult<Option<i64>> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT school_year_id FROM classes WHERE id = $1 AND school_id = $2")
        .bind(class_id).bind(school_id).fetch_optional(p).await?))
}
