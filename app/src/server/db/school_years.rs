//! School years, their two semesters and grade levels.
use super::BeginWrite;
use super::{on_db, Db, DbError, DbResult};
use crate::domain::structure::class::SchoolLevel;
use crate::domain::structure::school_year::SchoolYearPlan;
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct YearRow {
    pub id: i64,
    pub name: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub is_current: bool,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SemesterRow {
    pub id: i64,
    pub school_year_id: i64,
    pub number: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct GradeLevelRow {
    pub school_year_id: i64,
    pub grade: i64,
    pub rule_set: String,
}

/// Newest first.
pub async fn list(db: &Db, school_id: i64) -> DbResult<Vec<YearRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, name, start_date, end_date, is_current FROM school_years \
         WHERE school_id = $1 ORDER BY start_date DESC")
        .bind(school_id).fetch_all(p).await?))
}

pub async fn semesters(db: &Db, school_id: i64) -> DbResult<Vec<SemesterRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, school_year_id, CAST(number AS BIGINT) AS number, start_date, end_date \
         FROM semesters WHERE school_id = $1 ORDER BY start_date")
        .bind(school_id).fetch_all(p).await?))
}

pub async fn grade_levels(db: &Db, school_id: i64) -> DbResult<Vec<GradeLevelRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT school_year_id, CAST(grade AS BIGINT) AS grade, rule_set FROM grade_levels \
         WHERE school_id = $1 ORDER BY grade")
        .bind(school_id).fetch_all(p).await?))
}

pub async fn find(db: &Db, school_id: i64, year_id: i64) -> DbResult<Option<YearRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, name, start_date, end_date, is_current FROM school_years \
         WHERE school_id = $1 AND id = $2")
        .bind(school_id).bind(year_id).fetch_optional(p).await?))
}

pub async fn current(db: &Db, school_id: i64) -> DbResult<Option<YearRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, name, start_date, end_date, is_current FROM school_years \
         WHERE school_id = $1 ORDER BY is_current DESC, start_date DESC LIMIT 1")
        .bind(school_id).fetch_optional(p).await?))
}

pub async fn school_level(db: &Db, school_id: i64) -> DbResult<SchoolLevel> {
    let code: String = on_db!(db, p => sqlx::query_scalar("SELECT level FROM schools WHERE id = $1")
        .bind(school_id).fetch_one(p).await?);
    SchoolLevel::from_code(&code).ok_or_else(|| DbError::Corrupt(format!("school level {code}")))
}

/// A new year with its semesters and the grade levels of the school, each with the rule set
/// in force; the first year of a school becomes its current one.
pub async fn create(db: &Db, school_id: i64, plan: &SchoolYearPlan) -> DbResult<i64> {
    let level = school_level(db, school_id).await?;
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM school_years WHERE school_id = $1")
            .bind(school_id).fetch_one(&mut *tx).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO school_years (school_id, name, start_date, end_date, is_current) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(school_id).bind(plan.name()).bind(plan.start()).bind(plan.end())
            .bind(existing == 0)
            .fetch_one(&mut *tx).await.map_err(DbError::from_write)?;
        for (number, (start, end)) in [(1i64, plan.semester1), (2, plan.semester2)] {
            sqlx::query("INSERT INTO semesters (school_id, school_year_id, number, start_date, \
                         end_date) VALUES ($1, $2, $3, $4, $5)")
                .bind(school_id).bind(id).bind(number).bind(start).bind(end)
                .execute(&mut *tx).await?;
        }
        for grade in level.grades() {
            sqlx::query("INSERT INTO grade_levels (school_id, school_year_id, grade, rule_set) \
                         VALUES ($1, $2, $3, $4)")
                .bind(school_id).bind(id).bind(i64::from(grade)).bind(level.rule_set())
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    })
}

/// New semester dates for an existing year (its name stays).
pub async fn update_dates(
    db: &Db,
    school_id: i64,
    year_id: i64,
    plan: &SchoolYearPlan,
) -> DbResult<()> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query("UPDATE school_years SET start_date = $1, end_date = $2 \
                     WHERE id = $3 AND school_id = $4")
            .bind(plan.start()).bind(plan.end()).bind(year_id).bind(school_id)
            .execute(&mut *tx).await?;
        for (number, (start, end)) in [(1i64, plan.semester1), (2, plan.semester2)] {
            sqlx::query("UPDATE semesters SET start_date = $1, end_date = $2 \
                         WHERE school_year_id = $3 AND school_id = $4 AND number = $5")
                .bind(start).bind(end).bind(year_id).bind(school_id).bind(number)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// Makes `year_id` the one the school works in; exactly one year is current.
pub async fn set_current(db: &Db, school_id: i64, year_id: i64) -> DbResult<()> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query("UPDATE school_years SET is_current = (id = $1) WHERE school_id = $2")
            .bind(year_id).bind(school_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    })
}
