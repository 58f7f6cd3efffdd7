//! Students' records, their guardians, and their enrolments in classes over time.
use super::BeginWrite;
use super::{now, on_db, Db, DbError, DbResult};
use crate::domain::structure::student::StudentRecord;
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct StudentListRow {
    pub id: i64,
    pub code: String,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub gender: String,
    pub status: String,
    pub class_id: Option<i64>,
    pub class_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct StudentRow {
    pub id: i64,
    pub school_id: i64,
    pub code: String,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub full_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub gender: String,
    pub ethnicity: String,
    pub religion: String,
    pub nationality: String,
    pub national_id: String,
    pub place_of_birth: String,
    pub hometown: String,
    pub address: String,
    pub current_address: String,
    pub policy_group: String,
    pub status: String,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct GuardianRow {
    pub id: i64,
    pub full_name: String,
    pub relationship: String,
    pub phone: String,
    pub email: String,
    pub occupation: String,
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct EnrolmentRow {
    pub id: i64,
    pub class_id: i64,
    pub class_name: String,
    pub school_year: String,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
    pub status: String,
    pub entry_kind: String,
    pub exit_kind: Option<String>,
    pub other_school: String,
    pub note: String,
}

/// Every student of the school with their class in the current year, if any.
pub async fn list(db: &Db, school_id: i64) -> DbResult<Vec<StudentListRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT s.id, s.code, s.family_name, s.middle_name, s.given_name, s.date_of_birth, \
           s.gender, s.status, c.id AS class_id, c.name AS class_name \
         FROM students s \
         LEFT JOIN enrolments e ON e.student_id = s.id AND e.status = 'active' \
         LEFT JOIN classes c ON c.id = e.class_id \
         WHERE s.school_id = $1")
        .bind(school_id).fetch_all(p).await?))
}

const STUDENT_COLUMNS: &str = "id, school_id, code, family_name, middle_name, given_name, \
    full_name, date_of_birth, gender, ethnicity, religion, nationality, national_id, \
    place_of_birth, hometown, address, current_address, policy_group, status, version";

pub async fn find(db: &Db, school_id: i64, student_id: i64) -> DbResult<Option<StudentRow>> {
    let sql = format!("SELECT {STUDENT_COLUMNS} FROM students WHERE school_id = $1 AND id = $2");
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_id).bind(student_id).fetch_optional(p).await?))
}

/// By code, in any school: codes are national, so a code used elsewhere is still taken.
pub async fn find_by_code(db: &Db, code: &str) -> DbResult<Option<StudentRow>> {
    let sql = format!("SELECT {STUDENT_COLUMNS} FROM students WHERE code = $1");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(code).fetch_optional(p).await?))
}

/// A new student; `DbError::Conflict` when the code exists.
pub async fn create(db: &Db, school_id: i64, r: &StudentRecord) -> DbResult<i64> {
    let at = now();
    on_db!(db, p => Ok(sqlx::query_scalar(
        "INSERT INTO students (school_id, code, family_name, middle_name, given_name, full_name, \
           date_of_birth, gender, ethnicity, religion, nationality, national_id, place_of_birth, \
           hometown, address, current_address, policy_group, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) \
         RETURNING id")
        .bind(school_id).bind(&r.code).bind(&r.name.family).bind(&r.name.middle)
        .bind(&r.name.given).bind(r.name.full()).bind(r.date_of_birth).bind(r.gender.code())
        .bind(&r.ethnicity).bind(&r.religion).bind(&r.nationality).bind(&r.national_id)
        .bind(&r.place_of_birth).bind(&r.hometown).bind(&r.address).bind(&r.current_address)
        .bind(&r.policy_group).bind(at)
        .fetch_one(p).await.map_err(DbError::from_write)?))
}

/// Replaces the record if it is still at `expected_version`; false when someone changed it
/// meanwhile (nothing is written then).
pub async fn update(
    db: &Db,
    school_id: i64,
    student_id: i64,
    expected_version: i64,
    r: &StudentRecord,
) -> DbResult<bool> {
    let done = on_db!(db, p => sqlx::query(
        "UPDATE students SET code = $1, family_name = $2, middle_name = $3, given_name = $4, \
           full_name = $5, date_of_birth = $6, gender = $7, ethnicity = $8, religion = $9, \
           nationality = $10, national_id = $11, place_of_birth = $12, hometown = $13, \
           address = $14, current_address = $15, policy_group = $16, updated_at = $17, \
           version = version + 1 \
         WHERE id = $18 AND school_id = $19 AND version = $20")
        .bind(&r.code).bind(&r.name.family).bind(&r.name.middle).bind(&r.name.given)
        .bind(r.name.full()).bind(r.date_of_birth).bind(r.gender.code()).bind(&r.ethnicity)
        .bind(&r.religion).bind(&r.nationality).bind(&r.national_id).bind(&r.place_of_birth)
        .bind(&r.hometown).bind(&r.address).bind(&r.current_address).bind(&r.policy_group)
        .bind(now()).bind(student_id).bind(school_id).bind(expected_version)
        .execute(p).await.map_err(DbError::from_write)?.rows_affected());
    Ok(done == 1)
}

pub async fn guardians(db: &Db, school_id: i64, student_id: i64) -> DbResult<Vec<GuardianRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, full_name, relationship, phone, email, occupation FROM guardians \
         WHERE school_id = $1 AND student_id = $2 ORDER BY id")
        .bind(school_id).bind(student_id).fetch_all(p).await?))
}

pub struct NewGuardian<'a> {
    pub full_name: &'a str,
    pub relationship: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub occupation: &'a str,
}

pub async fn add_guardian(
    db: &Db,
    school_id: i64,
    student_id: i64,
    g: &NewGuardian<'_>,
) -> DbResult<i64> {
    on_db!(db, p => Ok(sqlx::query_scalar(
        "INSERT INTO guardians (school_id, student_id, full_name, relationship, phone, email, \
           occupation) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(school_id).bind(student_id).bind(g.full_name).bind(g.relationship).bind(g.phone)
        .bind(g.email).bind(g.occupation).fetch_one(p).await?))
}

/// True when the guardian existed for that student of that school.
pub async fn remove_guardian(
    db: &Db,
    school_id: i64,
    student_id: i64,
    guardian_id: i64,
) -> DbResult<bool> {
    let n = on_db!(db, p => sqlx::query(
        "DELETE FROM guardians WHERE id = $1 AND student_id = $2 AND school_id = $3")
        .bind(guardian_id).bind(student_id).bind(school_id).execute(p).await?.rows_affected());
    Ok(n == 1)
}

pub async fn enrolments(db: &Db, school_id: i64, student_id: i64) -> DbResult<Vec<EnrolmentRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT e.id, e.class_id, c.name AS class_name, y.name AS school_year, e.from_date, \
           e.to_date, e.status, e.entry_kind, e.exit_kind, e.other_school, e.note \
         FROM enrolments e JOIN classes c ON c.id = e.class_id \
         JOIN school_years y ON y.id = e.school_year_id \
         WHERE e.school_id = $1 AND e.student_id = $2 ORDER BY e.from_date, e.id")
        .bind(school_id).bind(student_id).fetch_all(p).await?))
}

/// How an enrolment ends.
pub struct Leaving<'a> {
    pub on: NaiveDate,
    pub exit_kind: &'a str,
    pub other_school: &'a str,
    pub note: &'a str,
}

/// How an enrolment starts.
pub struct Joining<'a> {
    pub class_id: i64,
    pub school_year_id: i64,
    pub on: NaiveDate,
    pub entry_kind: &'a str,
    pub other_school: &'a str,
    pub note: &'a str,
}

/// In one transaction: closes the student's active enrolment (if `leaving`), opens a new one (if
/// `joining`) and sets the student's status. A transfer between classes does both.
pub async fn move_student(
    db: &Db,
    school_id: i64,
    student_id: i64,
    leaving: Option<&Leaving<'_>>,
    joining: Option<&Joining<'_>>,
    status: &str,
) -> DbResult<()> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        if let Some(l) = leaving {
            let ended_as = if l.exit_kind == "class_change" { "moved" } else { "left" };
            sqlx::query(
                "UPDATE enrolments SET to_date = $1, exit_kind = $2, status = $3, \
                   other_school = CASE WHEN $4 = '' THEN other_school ELSE $4 END, \
                   note = CASE WHEN $5 = '' THEN note ELSE $5 END \
                 WHERE student_id = $6 AND school_id = $7 AND status = 'active'")
                .bind(l.on).bind(l.exit_kind).bind(ended_as).bind(l.other_school).bind(l.note)
                .bind(student_id).bind(school_id).execute(&mut *tx).await?;
        }
        if let Some(j) = joining {
            sqlx::query(
                "INSERT INTO enrolments (school_id, student_id, class_id, school_year_id, \
                   from_date, status, entry_kind, other_school, note) \
                 VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8)")
                .bind(school_id).bind(student_id).bind(j.class_id).bind(j.school_year_id)
                .bind(j.on).bind(j.entry_kind).bind(j.other_school).bind(j.note)
                .execute(&mut *tx).await?;
        }
        sqlx::query("UPDATE students SET status = $1, updated_at = $2, version = version + 1 \
                     WHERE id = $3 AND school_id = $4")
            .bind(status).bind(at).bind(student_id).bind(school_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    })
}
