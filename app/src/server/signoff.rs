//! The year-end sign-off (issue 6, part 5): the principal confirms a class's results for the
//! year. The record is a canonical JSON of every student's assessments, semester and year
//! results and learning result (`domain::signoff`), stored with its SHA-256; verifying
//! recomputes it from the current data and lists every signed value that changed.
use super::context::{origin, Caller};
use super::db::classes::ClassRow;
use super::db::scores::{StoredScore, Value as Cell};
use super::db::signoffs::{self, NewSignoff};
use super::db::{scores, sheet_reviews, Db};
use super::grade_sheet::{self, Outcome, Period};
use crate::api::signoff::{SignedRecord, SignoffStatus};
use crate::domain::grading::{Computed, Judgement, Level};
use crate::domain::review::ReviewState;
use crate::domain::role::Role;
use crate::domain::signoff::{canonical, differences};
use crate::error::AppError;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

fn cell_text(score: Option<&StoredScore>) -> Value {
    match score.and_then(|s| s.value) {
        Some(Cell::Tenths(t)) => Value::String(format!("{}.{}", t / 10, t % 10)),
        Some(Cell::Pass) => "Đ".into(),
        Some(Cell::Fail) => "CĐ".into(),
        Some(Cell::Absent) => "absent".into(),
        Some(Cell::ZeroByDecision) => "0.0 (decision)".into(),
        None => Value::Null,
    }
}

fn outcome_text(outcome: Outcome) -> Value {
    match outcome {
        Outcome::Average(Computed::Value(a)) => {
            let t = u8::from(a);
            Value::String(format!("{}.{}", t / 10, t % 10))
        }
        Outcome::Judgement(Computed::Value(Judgement::Pass)) => "Đ".into(),
        Outcome::Judgement(Computed::Value(Judgement::Fail)) => "CĐ".into(),
        _ => Value::Null,
    }
}

fn level_code(level: Level) -> &'static str {
    match level {
        Level::Fail => "fail",
        Level::Pass => "pass",
        Level::Fair => "fair",
        Level::Good => "good",
    }
}

/// The class's results for the year as a JSON value (students by code).
pub async fn record(db: &Db, class: &ClassRow) -> Result<Value, AppError> {
    let subjects = scores::subjects_of_class(db, class.id).await?;
    let semesters = scores::semesters_of_class(db, class.id).await?;
    // student code → subject code → {s1, s2, year}
    let mut students: std::collections::BTreeMap<String, (String, Map<String, Value>)> =
        Default::default();
    for subject in &subjects {
        for semester in &semesters {
            let sheet =
                grade_sheet::load(db, class.clone(), subject.clone(), semester.clone()).await?;
            for row in &sheet.rows {
                let entry = students
                    .entry(row.student.code.clone())
                    .or_insert_with(|| (row.student.full_name.clone(), Map::new()));
                let subject_entry = entry
                    .1
                    .entry(subject.code.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                let regular: Vec<Value> = (0..sheet.regular_count)
                    .map(|i| cell_text(row.regular.get(i).and_then(Option::as_ref)))
                    .collect();
                if let Some(map) = subject_entry.as_object_mut() {
                    map.insert(
                        format!("s{}", semester.number),
                        json!({
                            "regular": regular,
                            "midterm": cell_text(row.midterm.as_ref()),
                            "final": cell_text(row.final_.as_ref()),
                            "result": outcome_text(row.outcome),
                        }),
                    );
                }
            }
        }
    }
    let year = grade_sheet::summary(db, class.clone(), Period::Year).await?;
    let mut learning: std::collections::HashMap<String, Value> = Default::default();
    for row in &year.rows {
        if let Some((_, subjects_map)) = students.get_mut(&row.student.code) {
            for (subject, outcome) in year.subjects.iter().zip(&row.subjects) {
                if let Some(map) = subjects_map
                    .get_mut(&subject.code)
                    .and_then(Value::as_object_mut)
                {
                    map.insert("year".into(), outcome_text(*outcome));
                }
            }
        }
        let value = match &row.learning {
            Computed::Value(l) => json!(level_code(l.level)),
            Computed::Incomplete { .. } => Value::Null,
        };
        learning.insert(row.student.code.clone(), value);
    }
    let list: Vec<Value> = students
        .into_iter()
        .map(|(code, (name, subjects))| {
            json!({
                "learning": learning.remove(&code).unwrap_or(Value::Null),
                "code": code,
                "name": name,
                "subjects": subjects,
            })
        })
        .collect();
    Ok(json!({
        "format": "hocba.signoff.v1",
        "class": class.name,
        "school_year": class.school_year,
        "students": list,
    }))
}

/// SHA-256 of the text, as lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The sheets of the class not yet approved, as "Toán – HK1".
async fn unapproved(db: &Db, class: &ClassRow) -> Result<Vec<String>, AppError> {
    let stored = sheet_reviews::of_class(db, class.id).await?;
    let mut out = Vec::new();
    for subject in scores::subjects_of_class(db, class.id).await? {
        for number in [1, 2] {
            let approved = stored.iter().any(|(s, n, state)| {
                *s == subject.id && *n == number && state == ReviewState::Approved.code()
            });
            if !approved {
                out.push(format!("{} – HK{number}", subject.name));
            }
        }
    }
    Ok(out)
}

fn may_view(caller: &Caller, class: &ClassRow) -> bool {
    grade_sheet::may_view_summary(caller, class)
}

/// The sign-off status of a class: who signed, when, the hash, and whether the current data
/// still matches (with every difference).
pub async fn status(db: &Db, caller: &Caller, class_id: i64) -> Result<SignoffStatus, AppError> {
    let class = grade_sheet::class_in_school(db, caller, class_id).await?;
    if !may_view(caller, &class) {
        return Err(AppError::Forbidden);
    }
    let can_sign = caller.has(Role::Principal);
    let signed = match signoffs::latest(db, class.id).await? {
        None => None,
        Some(row) => {
            let signed: Value =
                serde_json::from_str(&row.canonical_json).map_err(|_| AppError::Internal)?;
            let now = record(db, &class).await?;
            let now_text = canonical(&now);
            Some(SignedRecord {
                signed_by: row.signed_by_name,
                signed_at: row.signed_at,
                hash_ok: sha256_hex(&row.canonical_json) == row.sha256,
                intact: now_text == row.canonical_json,
                sha256: row.sha256,
                differences: differences(&signed, &now),
            })
        }
    };
    Ok(SignoffStatus {
        class_id: class.id,
        can_sign,
        unapproved: if can_sign {
            unapproved(db, &class).await?
        } else {
            Vec::new()
        },
        signed,
    })
}

/// Signs the class's year results (the principal only). Sheets not yet approved are listed
/// and refused unless `confirm_unapproved`.
pub async fn sign(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    confirm_unapproved: bool,
) -> Result<SignoffStatus, AppError> {
    let class = grade_sheet::class_in_school(db, caller, class_id).await?;
    if !caller.has(Role::Principal) {
        tracing::warn!(user = caller.user_id, class_id, "sign-off refused");
        return Err(AppError::Forbidden);
    }
    let pending = unapproved(db, &class).await?;
    if !pending.is_empty() && !confirm_unapproved {
        return Err(AppError::SignoffUnapproved { sheets: pending });
    }
    let text = canonical(&record(db, &class).await?);
    let hash = sha256_hex(&text);
    let unapproved_json = serde_json::to_string(&pending).map_err(|_| AppError::Internal)?;
    let o = origin();
    signoffs::insert(
        db,
        &NewSignoff {
            school_id: class.school_id,
            class_id: class.id,
            signed_by: caller.user_id,
            canonical_json: &text,
            sha256: &hash,
            unapproved: &unapproved_json,
            source: "web",
            ip: &o.ip,
            request_id: &o.request_id,
        },
    )
    .await?;
    status(db, caller, class.id).await
}

/// The signed JSON of the class's latest sign-off, for those who may see the class summary.
pub async fn signed_json(
    db: &Db,
    caller: &Caller,
    class_id: i64,
) -> Result<(String, String), AppError> {
    let class = grade_sheet::class_in_school(db, caller, class_id).await?;
    if !may_view(caller, &class) {
        return Err(AppError::Forbidden);
    }
    let row = signoffs::latest(db, class.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((class.name, row.canonical_json))
}
