//! Students written by an import: read what exists for a file's codes, then, in ONE
//! transaction, insert or update each student by code within the school, move enrolments to
//! the named classes of the current year, and write an audit row for every change. Either all
//! of it is stored or none of it.
use super::audit::{append_audit, AuditEntry};
use super::BeginWrite;
use super::{now, on_db, Db, DbError, DbResult};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The school year students are enrolled into, and its classes by name.
#[derive(Clone, Debug)]
pub struct CurrentYear {
    pub id: i64,
    pub start_date: NaiveDate,
    pub classes: Vec<(i64, String)>,
}

pub async fn current_year(db: &Db, school_id: i64) -> DbResult<Option<CurrentYear>> {
    let year: Option<(i64, NaiveDate)> = on_db!(db, p => sqlx::query_as(
        "SELECT id, start_date FROM school_years WHERE school_id = $1 AND is_current = TRUE \
         ORDER BY start_date DESC LIMIT 1")
        .bind(school_id).fetch_optional(p).await?);
    let Some((id, start_date)) = year else {
        return Ok(None);
    };
    let classes: Vec<(i64, String)> = on_db!(db, p => sqlx::query_as(
        "SELECT id, name FROM classes WHERE school_id = $1 AND school_year_id = $2 ORDER BY name")
        .bind(school_id).bind(id).fetch_all(p).await?);
    Ok(Some(CurrentYear {
        id,
        start_date,
        classes,
    }))
}

/// A student as stored, with the fields an import may change.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct StoredStudent {
    pub id: i64,
    pub school_id: i64,
    pub code: String,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub gender: String,
    pub ethnicity: String,
    pub national_id: String,
    pub place_of_birth: String,
    pub hometown: String,
    pub address: String,
    pub current_address: String,
    pub religion: String,
    pub nationality: String,
    pub policy_group: String,
    pub status: String,
    pub version: i64,
}

const STUDENT_COLUMNS: &str = "id, school_id, code, family_name, middle_name, given_name, \
    date_of_birth, gender, ethnicity, national_id, place_of_birth, hometown, address, \
    current_address, religion, nationality, policy_group, status, version";

/// Students holding any of `codes`, in ANY school: a code of another school must be seen to be
/// refused (codes are unique across schools: they are the family accounts' login names).
pub async fn find_by_codes(db: &Db, codes: &[String]) -> DbResult<Vec<StoredStudent>> {
    let mut found = Vec::with_capacity(codes.len());
    for chunk in codes.chunks(500) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {STUDENT_COLUMNS} FROM students WHERE code IN ({})",
            placeholders.join(", ")
        );
        let rows: Vec<StoredStudent> = on_db!(db, p => {
            let mut q = sqlx::query_as(&sql);
            for code in chunk {
                q = q.bind(code);
            }
            q.fetch_all(p).await?
        });
        found.extend(rows);
    }
    Ok(found)
}

/// Active enrolments of the year: student id → (enrolment id, class id).
pub async fn active_enrolments(
    db: &Db,
    school_id: i64,
    year_id: i64,
) -> DbResult<HashMap<i64, (i64, i64)>> {
    let rows: Vec<(i64, i64, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT student_id, id, class_id FROM enrolments \
         WHERE school_id = $1 AND school_year_id = $2 AND status = 'active'")
        .bind(school_id).bind(year_id).fetch_all(p).await?);
    Ok(rows.into_iter().map(|(s, e, c)| (s, (e, c))).collect())
}

/// A parent or guardian as stored.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct StoredGuardian {
    pub id: i64,
    pub student_id: i64,
    pub relationship: String,
    pub full_name: String,
    pub phone: String,
}

/// The school's guardians, student id → guardians (oldest first).
pub async fn guardians(db: &Db, school_id: i64) -> DbResult<HashMap<i64, Vec<StoredGuardian>>> {
    let rows: Vec<StoredGuardian> = on_db!(db, p => sqlx::query_as(
        "SELECT id, student_id, relationship, full_name, phone FROM guardians \
         WHERE school_id = $1 ORDER BY id")
        .bind(school_id).fetch_all(p).await?);
    let mut by_student: HashMap<i64, Vec<StoredGuardian>> = HashMap::new();
    for g in rows {
        by_student.entry(g.student_id).or_default().push(g);
    }
    Ok(by_student)
}

#[derive(Clone, Debug, PartialEq)]
pub enum GuardianWrite {
    Insert {
        relationship: String,
        full_name: String,
        phone: String,
    },
    Update {
        id: i64,
        full_name: String,
        phone: String,
    },
}

/// The values to store for one student (already merged with what was stored).
#[derive(Clone, Debug, PartialEq)]
pub struct StudentValues {
    pub code: String,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub full_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub gender: String,
    pub ethnicity: String,
    pub national_id: String,
    pub place_of_birth: String,
    pub hometown: String,
    pub address: String,
    pub current_address: String,
    pub religion: String,
    pub nationality: String,
    pub policy_group: String,
    pub status: String,
}

/// What to do with one student.
#[derive(Clone, Debug)]
pub enum StudentWrite {
    Insert(StudentValues),
    /// Update the stored student if it is still at `version`.
    Update {
        id: i64,
        version: i64,
        values: StudentValues,
    },
    Keep {
        id: i64,
    },
}

#[derive(Clone, Debug)]
pub enum EnrolmentWrite {
    None,
    /// A first enrolment in the year.
    Start {
        class_id: i64,
    },
    /// Close `enrolment_id` and open one in `class_id`.
    Move {
        enrolment_id: i64,
        class_id: i64,
    },
}

/// One row of the file, ready to write, with the audit texts of its change.
#[derive(Clone, Debug)]
pub struct PlannedWrite {
    pub student: StudentWrite,
    pub enrolment: EnrolmentWrite,
    pub old_text: Option<String>,
    pub new_text: Option<String>,
    pub enrolment_old: Option<String>,
    pub enrolment_new: Option<String>,
    pub guardians: Vec<GuardianWrite>,
    pub guardians_old: Option<String>,
    pub guardians_new: Option<String>,
}

/// Who imports, for the audit rows.
#[derive(Clone, Debug, Default)]
pub struct ImportActor {
    pub school_id: i64,
    pub user_id: i64,
    pub ip: String,
    pub request_id: String,
    pub reason: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub enrolments: usize,
}

/// Writes every planned row in one transaction; a student changed by someone else since it was
/// read (its version moved) makes the whole import fail with [`DbError::Conflict`].
pub async fn apply(
    db: &Db,
    actor: &ImportActor,
    year_id: i64,
    from_date: NaiveDate,
    writes: &[PlannedWrite],
) -> DbResult<WriteCounts> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let mut counts = WriteCounts::default();
        // Every row of one import shares who, why and from where.
        let entry = |action, entity, entity_id: String, old_value, new_value| AuditEntry {
            school_id: actor.school_id,
            actor_user_id: Some(actor.user_id),
            action,
            entity,
            entity_id,
            old_value,
            new_value,
            reason: Some(actor.reason.as_str()),
            source: "web",
            ip: &actor.ip,
            request_id: &actor.request_id,
            ..AuditEntry::default()
        };
        for w in writes {
            let (student_id, code, action) = match &w.student {
                StudentWrite::Insert(v) => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO students (school_id, code, family_name, middle_name, \
                         given_name, full_name, date_of_birth, gender, ethnicity, national_id, \
                         place_of_birth, hometown, address, current_address, religion, \
                         nationality, policy_group, status, version, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
                         $15, $16, $17, $18, 1, $19, $19) RETURNING id")
                        .bind(actor.school_id).bind(&v.code).bind(&v.family_name)
                        .bind(&v.middle_name).bind(&v.given_name).bind(&v.full_name)
                        .bind(v.date_of_birth).bind(&v.gender).bind(&v.ethnicity)
                        .bind(&v.national_id).bind(&v.place_of_birth).bind(&v.hometown)
                        .bind(&v.address).bind(&v.current_address).bind(&v.religion)
                        .bind(&v.nationality).bind(&v.policy_group).bind(&v.status).bind(at)
                        .fetch_one(&mut *tx).await.map_err(DbError::from_write)?;
                    counts.created += 1;
                    (id, v.code.as_str(), Some("student_imported"))
                }
                StudentWrite::Update { id, version, values: v } => {
                    let done = sqlx::query(
                        "UPDATE students SET family_name = $1, middle_name = $2, given_name = $3, \
                         full_name = $4, date_of_birth = $5, gender = $6, ethnicity = $7, \
                         national_id = $8, place_of_birth = $9, hometown = $10, address = $11, \
                         current_address = $12, religion = $13, nationality = $14, \
                         policy_group = $15, status = $16, version = version + 1, \
                         updated_at = $17 \
                         WHERE id = $18 AND school_id = $19 AND version = $20")
                        .bind(&v.family_name).bind(&v.middle_name).bind(&v.given_name)
                        .bind(&v.full_name).bind(v.date_of_birth).bind(&v.gender)
                        .bind(&v.ethnicity).bind(&v.national_id).bind(&v.place_of_birth)
                        .bind(&v.hometown).bind(&v.address).bind(&v.current_address)
                        .bind(&v.religion).bind(&v.nationality).bind(&v.policy_group)
                        .bind(&v.status).bind(at).bind(id).bind(actor.school_id).bind(version)
                        .execute(&mut *tx).await?;
                    if done.rows_affected() != 1 {
                        return Err(DbError::Conflict);
                    }
                    counts.updated += 1;
                    (*id, v.code.as_str(), Some("student_updated_by_import"))
                }
                StudentWrite::Keep { id } => {
                    counts.unchanged += 1;
                    (*id, "", None)
                }
            };
            if let Some(action) = action {
                let audit = AuditEntry {
                    student_id: Some(student_id),
                    ..entry(action, "student", code.to_string(), w.old_text.clone(), w.new_text.clone())
                };
                append_audit!(&mut *tx, &audit, at)?;
            }
            for g in &w.guardians {
                match g {
                    GuardianWrite::Insert { relationship, full_name, phone } => {
                        sqlx::query(
                            "INSERT INTO guardians (school_id, student_id, full_name, \
                             relationship, phone) VALUES ($1, $2, $3, $4, $5)")
                            .bind(actor.school_id).bind(student_id).bind(full_name)
                            .bind(relationship).bind(phone)
                            .execute(&mut *tx).await?;
                    }
                    GuardianWrite::Update { id, full_name, phone } => {
                        sqlx::query(
                            "UPDATE guardians SET full_name = $1, phone = $2 \
                             WHERE id = $3 AND school_id = $4 AND student_id = $5")
                            .bind(full_name).bind(phone).bind(id).bind(actor.school_id)
                            .bind(student_id)
                            .execute(&mut *tx).await?;
                    }
                }
            }
            if !w.guardians.is_empty() {
                let audit = AuditEntry {
                    student_id: Some(student_id),
                    ..entry(
                        "guardians_imported",
                        "guardian",
                        student_id.to_string(),
                        w.guardians_old.clone(),
                        w.guardians_new.clone(),
                    )
                };
                append_audit!(&mut *tx, &audit, at)?;
            }
            let (class_id, entry_kind) = match &w.enrolment {
                EnrolmentWrite::None => continue,
                EnrolmentWrite::Start { class_id } => (*class_id, "start"),
                EnrolmentWrite::Move { enrolment_id, class_id } => {
                    sqlx::query(
                        "UPDATE enrolments SET status = 'closed', to_date = $1, \
                         exit_kind = 'class_change' \
                         WHERE id = $2 AND school_id = $3 AND status = 'active'")
                        .bind(from_date).bind(enrolment_id).bind(actor.school_id)
                        .execute(&mut *tx).await?;
                    (*class_id, "class_change")
                }
            };
            sqlx::query(
                "INSERT INTO enrolments (school_id, student_id, class_id, school_year_id, \
                 from_date, entry_kind) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(actor.school_id).bind(student_id).bind(class_id).bind(year_id)
                .bind(from_date).bind(entry_kind)
                .execute(&mut *tx).await?;
            counts.enrolments += 1;
            let audit = AuditEntry {
                student_id: Some(student_id),
                class_id: Some(class_id),
                ..entry(
                    "enrolment_imported",
                    "enrolment",
                    student_id.to_string(),
                    w.enrolment_old.clone(),
                    w.enrolment_new.clone(),
                )
            };
            append_audit!(&mut *tx, &audit, at)?;
        }
        let summary = format!(
            "{} new, {} updated, {} unchanged, {} enrolments",
            counts.created, counts.updated, counts.unchanged, counts.enrolments
        );
        append_audit!(&mut *tx, &entry("students_imported", "import", String::new(), None, Some(summary)), at)?;
        tx.commit().await?;
        Ok(counts)
    })
}
