//! The import use case: read the file, validate it against the school's classes, compare each
//! valid row with what is stored (new / updated / unchanged, or a code of another school), and
//! write it all in one transaction. Used by the server functions, the tests and the benchmark.
use super::db::student_import::{
    self as store, EnrolmentWrite, GuardianWrite, ImportActor, PlannedWrite, StoredGuardian,
    StoredStudent, StudentValues, StudentWrite,
};
use super::db::{Db, DbError};
use crate::api::student_import::{ImportPreview, ImportResult, PreviewRow, RowOutcome};
use crate::domain::student_import::{
    analyse, Field, FileProblem, ImportRules, Problem, ProblemKind, SimpleDate, StudentRecord,
};
use crate::error::AppError;
use base64::Engine;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeSet, HashMap};

/// Decodes the uploaded file, refusing one over the size limit before decoding it.
pub fn decode_upload(content_base64: &str) -> Result<Vec<u8>, AppError> {
    let max = super::imports::MAX_FILE_BYTES;
    if content_base64.len() > max / 3 * 4 + 8 {
        return Err(AppError::ImportFile(FileProblem::TooLarge {
            max_bytes: max as u64,
        }));
    }
    base64::engine::general_purpose::STANDARD
        .decode(content_base64.trim())
        .map_err(|_| AppError::BadRequest("file is not base64".into()))
}

/// Today in Vietnam (UTC+7), where every school using Hocba is.
pub fn today_in_vietnam() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// A checked file, ready to write.
#[derive(Clone, Debug)]
pub struct Planned {
    pub preview: ImportPreview,
    pub writes: Vec<PlannedWrite>,
    pub year_id: i64,
    pub from_date: NaiveDate,
}

fn to_naive(d: SimpleDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year(), d.month(), d.day())
}

/// The stored student with the file's values laid over it: a blank or absent cell keeps what
/// is stored.
fn merged(record: &StudentRecord, stored: Option<&StoredStudent>) -> StudentValues {
    let keep = |new: &Option<String>, old: Option<&String>, default: &str| {
        new.clone()
            .or_else(|| old.cloned())
            .unwrap_or_else(|| default.to_string())
    };
    StudentValues {
        code: record.code.clone(),
        family_name: record.name.family.clone(),
        middle_name: record.name.middle.clone(),
        given_name: record.name.given.clone(),
        full_name: record.name.full(),
        date_of_birth: record
            .date_of_birth
            .and_then(to_naive)
            .or(stored.and_then(|s| s.date_of_birth)),
        gender: record.gender.code().to_string(),
        ethnicity: keep(&record.ethnicity, stored.map(|s| &s.ethnicity), ""),
        national_id: keep(&record.national_id, stored.map(|s| &s.national_id), ""),
        place_of_birth: keep(
            &record.place_of_birth,
            stored.map(|s| &s.place_of_birth),
            "",
        ),
        hometown: keep(&record.hometown, stored.map(|s| &s.hometown), ""),
        address: keep(&record.address, stored.map(|s| &s.address), ""),
        current_address: keep(
            &record.current_address,
            stored.map(|s| &s.current_address),
            "",
        ),
        religion: keep(&record.religion, stored.map(|s| &s.religion), ""),
        nationality: keep(
            &record.nationality,
            stored.map(|s| &s.nationality),
            "Việt Nam",
        ),
        policy_group: keep(&record.policy_group, stored.map(|s| &s.policy_group), ""),
        status: record
            .status
            .map(|s| s.code().to_string())
            .or(stored.map(|s| s.status.clone()))
            .unwrap_or_else(|| "studying".into()),
    }
}

fn stored_values(s: &StoredStudent) -> StudentValues {
    let full_name = crate::domain::vietnamese::PersonName {
        family: s.family_name.clone(),
        middle: s.middle_name.clone(),
        given: s.given_name.clone(),
    }
    .full();
    StudentValues {
        code: s.code.clone(),
        family_name: s.family_name.clone(),
        middle_name: s.middle_name.clone(),
        given_name: s.given_name.clone(),
        full_name,
        date_of_birth: s.date_of_birth,
        gender: s.gender.clone(),
        ethnicity: s.ethnicity.clone(),
        national_id: s.national_id.clone(),
        place_of_birth: s.place_of_birth.clone(),
        hometown: s.hometown.clone(),
        address: s.address.clone(),
        current_address: s.current_address.clone(),
        religion: s.religion.clone(),
        nationality: s.nationality.clone(),
        policy_group: s.policy_group.clone(),
        status: s.status.clone(),
    }
}

/// The fields that differ, as `name=value` pairs for the audit log: (old, new).
fn difference(old: &StudentValues, new: &StudentValues) -> Option<(String, String)> {
    let date = |d: &Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let pairs: [(&str, String, String); 16] = [
        (
            "family_name",
            old.family_name.clone(),
            new.family_name.clone(),
        ),
        (
            "middle_name",
            old.middle_name.clone(),
            new.middle_name.clone(),
        ),
        ("given_name", old.given_name.clone(), new.given_name.clone()),
        (
            "date_of_birth",
            date(&old.date_of_birth),
            date(&new.date_of_birth),
        ),
        ("gender", old.gender.clone(), new.gender.clone()),
        ("ethnicity", old.ethnicity.clone(), new.ethnicity.clone()),
        (
            "national_id",
            old.national_id.clone(),
            new.national_id.clone(),
        ),
        (
            "place_of_birth",
            old.place_of_birth.clone(),
            new.place_of_birth.clone(),
        ),
        ("hometown", old.hometown.clone(), new.hometown.clone()),
        ("address", old.address.clone(), new.address.clone()),
        (
            "current_address",
            old.current_address.clone(),
            new.current_address.clone(),
        ),
        ("religion", old.religion.clone(), new.religion.clone()),
        (
            "nationality",
            old.nationality.clone(),
            new.nationality.clone(),
        ),
        (
            "policy_group",
            old.policy_group.clone(),
            new.policy_group.clone(),
        ),
        ("status", old.status.clone(), new.status.clone()),
        ("full_name", old.full_name.clone(), new.full_name.clone()),
    ];
    let changed: Vec<_> = pairs.into_iter().filter(|(_, o, n)| o != n).collect();
    if changed.is_empty() {
        return None;
    }
    let side = |new: bool| {
        changed
            .iter()
            .map(|(name, o, n)| format!("{name}={}", if new { n } else { o }))
            .collect::<Vec<_>>()
            .join("; ")
    };
    Some((side(false), side(true)))
}

fn all_values(v: &StudentValues) -> String {
    let date = v.date_of_birth.map(|d| d.to_string()).unwrap_or_default();
    format!(
        "code={}; full_name={}; date_of_birth={date}; gender={}; ethnicity={}; status={}",
        v.code, v.full_name, v.gender, v.ethnicity, v.status
    )
}

/// What to write for the row's parents or guardians, by relationship: a new guardian, or a
/// changed name or phone. The row's phone goes to the first guardian it names (or, when it names
/// none, to the student's first stored guardian).
fn guardian_writes(
    record: &StudentRecord,
    stored: &[StoredGuardian],
) -> (Vec<GuardianWrite>, Option<String>, Option<String>) {
    let mut writes = Vec::new();
    let (mut old, mut new) = (Vec::new(), Vec::new());
    let text = |rel: &str, name: &str, phone: &str| {
        if phone.is_empty() {
            format!("{rel}={name}")
        } else {
            format!("{rel}={name} ({phone})")
        }
    };
    for (i, (relationship, name)) in record.guardians.iter().enumerate() {
        let phone = if i == 0 { record.phone.clone() } else { None };
        match stored.iter().find(|g| &g.relationship == relationship) {
            Some(g) => {
                let phone = phone.unwrap_or_else(|| g.phone.clone());
                if &g.full_name != name || g.phone != phone {
                    old.push(text(relationship, &g.full_name, &g.phone));
                    new.push(text(relationship, name, &phone));
                    writes.push(GuardianWrite::Update {
                        id: g.id,
                        full_name: name.clone(),
                        phone,
                    });
                }
            }
            None => {
                let phone = phone.unwrap_or_default();
                new.push(text(relationship, name, &phone));
                writes.push(GuardianWrite::Insert {
                    relationship: relationship.clone(),
                    full_name: name.clone(),
                    phone,
                });
            }
        }
    }
    if record.guardians.is_empty() {
        if let (Some(phone), Some(g)) = (&record.phone, stored.first()) {
            if &g.phone != phone {
                old.push(text(&g.relationship, &g.full_name, &g.phone));
                new.push(text(&g.relationship, &g.full_name, phone));
                writes.push(GuardianWrite::Update {
                    id: g.id,
                    full_name: g.full_name.clone(),
                    phone: phone.clone(),
                });
            }
        }
    }
    let join = |v: Vec<String>| (!v.is_empty()).then(|| v.join("; "));
    (writes, join(old), join(new))
}

/// Reads and checks `bytes` for the caller's school and plans what importing would write.
pub async fn plan(
    db: &Db,
    school_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<Planned, AppError> {
    let sheets = super::imports::read(file_name, bytes).map_err(AppError::ImportFile)?;
    let year = store::current_year(db, school_id)
        .await?
        .ok_or(AppError::NoCurrentYear)?;
    let today = today_in_vietnam();
    let rules = ImportRules {
        classes: year.classes.iter().map(|(_, n)| n.clone()).collect(),
        today: SimpleDate::new(today.year(), today.month(), today.day())
            .ok_or(AppError::Internal)?,
    };
    let analysis = analyse(&sheets, &rules).map_err(AppError::ImportFile)?;
    let codes: Vec<String> = analysis.records.iter().map(|r| r.code.clone()).collect();
    let stored: HashMap<String, StoredStudent> = store::find_by_codes(db, &codes)
        .await?
        .into_iter()
        .map(|s| (s.code.clone(), s))
        .collect();
    let enrolments = store::active_enrolments(db, school_id, year.id).await?;
    let guardians = if analysis
        .records
        .iter()
        .any(|r| !r.guardians.is_empty() || r.phone.is_some())
    {
        store::guardians(db, school_id).await?
    } else {
        HashMap::new()
    };
    let class_id: HashMap<&str, i64> = year
        .classes
        .iter()
        .map(|(id, n)| (n.as_str(), *id))
        .collect();
    let class_name: HashMap<i64, &str> = year
        .classes
        .iter()
        .map(|(id, n)| (*id, n.as_str()))
        .collect();
    let code_column = analysis.columns.iter().find(|c| c.field == Field::Code);

    let mut problems: Vec<Problem> = analysis.problems.clone();
    let mut rows: Vec<PreviewRow> = Vec::with_capacity(analysis.rows_read);
    let mut writes = Vec::with_capacity(analysis.records.len());
    let (mut new, mut updated, mut unchanged) = (0, 0, 0);
    for record in &analysis.records {
        let existing = stored.get(&record.code);
        let mut row = PreviewRow {
            row: record.row,
            code: record.code.clone(),
            full_name: record.name.full(),
            class: record.class.clone(),
            outcome: RowOutcome::Unchanged,
        };
        if existing.is_some_and(|s| s.school_id != school_id) {
            problems.push(Problem {
                row: record.row,
                column: code_column.map(|c| c.letter.clone()),
                header: code_column.map(|c| c.header.clone()),
                kind: ProblemKind::CodeOfAnotherSchool,
            });
            row.outcome = RowOutcome::Problem;
            rows.push(row);
            continue;
        }
        let values = merged(record, existing);
        let target_class = record
            .class
            .as_deref()
            .and_then(|n| class_id.get(n).copied());
        let current = existing.and_then(|s| enrolments.get(&s.id)).copied();
        let enrolment = match (target_class, current) {
            (None, _) => EnrolmentWrite::None,
            (Some(c), None) => EnrolmentWrite::Start { class_id: c },
            (Some(c), Some((_, now))) if now == c => EnrolmentWrite::None,
            (Some(c), Some((e, _))) => EnrolmentWrite::Move {
                enrolment_id: e,
                class_id: c,
            },
        };
        let (enrolment_old, enrolment_new) = match &enrolment {
            EnrolmentWrite::None => (None, None),
            EnrolmentWrite::Start { .. } => (None, record.class.clone()),
            EnrolmentWrite::Move { .. } => (
                current.and_then(|(_, c)| class_name.get(&c).map(|n| n.to_string())),
                record.class.clone(),
            ),
        };
        let stored_guardians = existing
            .and_then(|s| guardians.get(&s.id))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let (guardian_writes, guardians_old, guardians_new) =
            guardian_writes(record, stored_guardians);
        let moved = !matches!(enrolment, EnrolmentWrite::None) || !guardian_writes.is_empty();
        let (student, old_text, new_text) = match existing {
            None => {
                new += 1;
                row.outcome = RowOutcome::New;
                let text = all_values(&values);
                (StudentWrite::Insert(values), None, Some(text))
            }
            Some(s) => match difference(&stored_values(s), &values) {
                Some((old, new_t)) => {
                    updated += 1;
                    row.outcome = RowOutcome::Updated;
                    (
                        StudentWrite::Update {
                            id: s.id,
                            version: s.version,
                            values,
                        },
                        Some(old),
                        Some(new_t),
                    )
                }
                None if moved => {
                    updated += 1;
                    row.outcome = RowOutcome::Updated;
                    (StudentWrite::Keep { id: s.id }, None, None)
                }
                None => {
                    unchanged += 1;
                    (StudentWrite::Keep { id: s.id }, None, None)
                }
            },
        };
        writes.push(PlannedWrite {
            student,
            enrolment,
            old_text,
            new_text,
            enrolment_old,
            enrolment_new,
            guardians: guardian_writes,
            guardians_old,
            guardians_new,
        });
        rows.push(row);
    }
    // Rows the analysis refused appear in the row list too, by number.
    let record_rows: BTreeSet<u32> = rows.iter().map(|r| r.row).collect();
    let bad_rows: BTreeSet<u32> = problems.iter().map(|p| p.row).collect();
    let labels: HashMap<u32, &crate::domain::student_import::RowLabel> =
        analysis.rejected.iter().map(|l| (l.row, l)).collect();
    for r in bad_rows.iter().filter(|r| !record_rows.contains(r)) {
        let label = labels.get(r);
        rows.push(PreviewRow {
            row: *r,
            code: label.map(|l| l.code.clone()).unwrap_or_default(),
            full_name: label.map(|l| l.name.clone()).unwrap_or_default(),
            class: None,
            outcome: RowOutcome::Problem,
        });
    }
    rows.sort_by_key(|r| r.row);
    problems.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
    let from_date = today.max(year.start_date);
    Ok(Planned {
        preview: ImportPreview {
            file_name: file_name.chars().take(200).collect(),
            sheet: analysis.sheet.clone(),
            header_row: analysis.header_row,
            columns: analysis.columns.iter().map(|c| c.header.clone()).collect(),
            ignored_columns: analysis.ignored_columns.clone(),
            rows_read: analysis.rows_read,
            new,
            updated,
            unchanged,
            problem_rows: bad_rows.len(),
            problems,
            rows,
        },
        writes,
        year_id: year.id,
        from_date,
    })
}

/// Writes a planned import: all of it when the file is clean, its valid rows when the admin
/// confirmed, nothing otherwise.
pub async fn run(
    db: &Db,
    actor: &ImportActor,
    planned: Planned,
    confirm_valid_rows: bool,
) -> Result<ImportResult, AppError> {
    let skipped = planned.preview.problem_rows;
    let (created, updated, unchanged) = (
        planned.preview.new,
        planned.preview.updated,
        planned.preview.unchanged,
    );
    if skipped > 0 && !confirm_valid_rows {
        return Err(AppError::ImportHasProblems { rows: skipped });
    }
    store::apply(
        db,
        actor,
        planned.year_id,
        planned.from_date,
        &planned.writes,
    )
    .await
    .map_err(|e| match e {
        DbError::Conflict => AppError::ImportChangedMeanwhile,
        other => other.into(),
    })?;
    Ok(ImportResult {
        created,
        updated,
        unchanged,
        skipped_rows: skipped,
    })
}
