//! Subjects and the grade levels that study them.
use super::{on_db, Db, DbError, DbResult};
use crate::domain::structure::subject::{SubjectAtGrade, SubjectSpec};

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SubjectRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub assessment_kind: String,
    pub sort_order: i64,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SubjectGradeRow {
    pub subject_id: i64,
    pub grade: i64,
    pub periods_per_year: i64,
    pub regular_assessments: Option<i64>,
}

pub async fn list(db: &Db, school_id: i64) -> DbResult<Vec<SubjectRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, code, name, assessment_kind, CAST(sort_order AS BIGINT) AS sort_order \
         FROM subjects WHERE school_id = $1 ORDER BY sort_order, name")
        .bind(school_id).fetch_all(p).await?))
}

pub async fn grades(db: &Db, school_id: i64) -> DbResult<Vec<SubjectGradeRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT subject_id, CAST(grade AS BIGINT) AS grade, \
           CAST(periods_per_year AS BIGINT) AS periods_per_year, \
           CAST(regular_assessments AS BIGINT) AS regular_assessments \
         FROM subject_grade_levels WHERE school_id = $1 ORDER BY grade")
        .bind(school_id).fetch_all(p).await?))
}

pub async fn find(db: &Db, school_id: i64, subject_id: i64) -> DbResult<Option<SubjectRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, code, name, assessment_kind, CAST(sort_order AS BIGINT) AS sort_order \
         FROM subjects WHERE school_id = $1 AND id = $2")
        .bind(school_id).bind(subject_id).fetch_optional(p).await?))
}

/// A new subject, after the others; `DbError::Conflict` when the code is taken.
pub async fn create(db: &Db, school_id: i64, spec: &SubjectSpec) -> DbResult<i64> {
    on_db!(db, p => {
        let next: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(sort_order), 0) + 1 AS BIGINT) FROM subjects WHERE school_id = $1")
            .bind(school_id).fetch_one(p).await?;
        // periods_per_year on the subject is a legacy default; the per-grade figure rules.
        Ok(sqlx::query_scalar(
            "INSERT INTO subjects (school_id, code, name, assessment_kind, periods_per_year, \
             sort_order) VALUES ($1, $2, $3, $4, 0, $5) RETURNING id")
            .bind(school_id).bind(&spec.code).bind(&spec.name).bind(spec.kind.code()).bind(next)
            .fetch_one(p).await.map_err(DbError::from_write)?)
    })
}

pub async fn update(db: &Db, school_id: i64, subject_id: i64, spec: &SubjectSpec) -> DbResult<()> {
    on_db!(db, p => { sqlx::query(
        "UPDATE subjects SET code = $1, name = $2, assessment_kind = $3 \
         WHERE id = $4 AND school_id = $5")
        .bind(&spec.code).bind(&spec.name).bind(spec.kind.code()).bind(subject_id).bind(school_id)
        .execute(p).await.map_err(DbError::from_write)?; });
    Ok(())
}

/// Adds the grade or changes its periods.
pub async fn set_grade(
    db: &Db,
    school_id: i64,
    subject_id: i64,
    at: &SubjectAtGrade,
) -> DbResult<()> {
    on_db!(db, p => { sqlx::query(
        "INSERT INTO subject_grade_levels (school_id, subject_id, grade, periods_per_year, \
           regular_assessments) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (subject_id, grade) DO UPDATE SET \
           periods_per_year = excluded.periods_per_year, \
           regular_assessments = excluded.regular_assessments")
        .bind(school_id).bind(subject_id).bind(i64::from(at.grade))
        .bind(i64::from(at.periods_per_year)).bind(at.regular_assessments.map(i64::from))
        .execute(p).await?; });
    Ok(())
}

/// True when some class of that grade is taught the subject or has scores in it.
pub async fn grade_in_use(db: &Db, subject_id: i64, grade: i64) -> DbResult<bool> {
    let n: i64 = on_db!(db, p => sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM teaching_assignments t JOIN classes c ON c.id = t.class_id \
                 WHERE t.subject_id = $1 AND c.grade = $2) \
              + (SELECT COUNT(*) FROM assessment_scores a JOIN classes c ON c.id = a.class_id \
                 WHERE a.subject_id = $1 AND c.grade = $2)")
        .bind(subject_id).bind(grade).fetch_one(p).await?);
    Ok(n > 0)
}

pub async fn remove_grade(db: &Db, school_id: i64, subject_id: i64, grade: i64) -> DbResult<()> {
    on_db!(db, p => { sqlx::query(
        "DELETE FROM subject_grade_levels WHERE school_id = $1 AND subject_id = $2 AND grade = $3")
        .bind(school_id).bind(subject_id).bind(grade).execute(p).await?; });
    Ok(())
}
