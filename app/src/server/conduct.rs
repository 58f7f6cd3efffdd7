//! The conduct grid's server side: who may see and write a class's conduct, the sheet in class
//! order with each cell's version, and batched saves (checked cell by cell, locks first).
use super::context::{origin, Caller};
use super::db::conduct::{self, ConductBatch, ConductRow, ConductWrite, ConductWriteOutcome};
use super::db::scores::{self, SemesterRow};
use super::db::Db;
use super::grade_sheet::{class_in_school, in_class_order};
use crate::api::conduct::{
    ConductCell, ConductEdit, ConductOutcome, ConductSheet, ConductSheetRow,
};
use crate::domain::conduct_entry::{
    check_comment, level_code, level_from_code, level_short, parse_level, year_level, ConductField,
    ConductTerm,
};
use crate::domain::role::Role;
use crate::error::AppError;
use std::collections::{HashMap, HashSet};

pub use conduct::class_conduct;

/// More cells than a whole class's sheet in one save is not a teacher typing.
const MAX_BATCH: usize = 1_000;

/// Who may see and write a class's conduct: its homeroom teacher, the principal and the admin.
pub fn may_handle(caller: &Caller, class: &super::db::classes::ClassRow) -> bool {
    caller.has(Role::Admin)
        || caller.has(Role::Principal)
        || class.homeroom_teacher_id == Some(caller.user_id)
}

async fn semesters(db: &Db, class_id: i64) -> Result<(SemesterRow, SemesterRow), AppError> {
    let mut list = scores::semesters_of_class(db, class_id).await?.into_iter();
    match (list.next(), list.next()) {
        (Some(a), Some(b)) if a.number == 1 && b.number == 2 => Ok((a, b)),
        _ => Err(AppError::NotFound),
    }
}

fn cell_of(row: Option<&ConductRow>, field: ConductField) -> ConductCell {
    match row {
        None => ConductCell {
            text: String::new(),
            version: 0,
            updated_by: None,
            updated_at: None,
        },
        Some(r) => ConductCell {
            text: if field.is_level() {
                r.level
                    .as_deref()
                    .and_then(level_from_code)
                    .map(level_short)
                    .unwrap_or_default()
                    .to_string()
            } else {
                r.comment.clone()
            },
            version: r.version,
            updated_by: r.updated_by_name.clone(),
            updated_at: Some(r.updated_at),
        },
    }
}

pub async fn load(db: &Db, caller: &Caller, class_id: i64) -> Result<ConductSheet, AppError> {
    let class = class_in_school(db, caller, class_id).await?;
    if !may_handle(caller, &class) {
        return Err(AppError::Forbidden);
    }
    let (s1, s2) = semesters(db, class.id).await?;
    let closed_s1 = super::sheet_gate::closure(db, &class, &s1).await?;
    let closed_s2 = super::sheet_gate::closure(db, &class, &s2).await?;
    let students = in_class_order(scores::students_of_class(db, class.id).await?);
    let mut rows: HashMap<(i64, String), ConductRow> = HashMap::new();
    for r in conduct::rows_of_class(db, class.id, s1.school_year_id).await? {
        rows.insert((r.student_id, r.term.clone()), r);
    }
    let get = |student: i64, term: ConductTerm| rows.get(&(student, term.code().to_string()));
    let level = |student: i64, term: ConductTerm| {
        get(student, term)
            .and_then(|r| r.level.as_deref())
            .and_then(level_from_code)
    };
    Ok(ConductSheet {
        class_id: class.id,
        class_name: class.name.clone(),
        school_year: class.school_year.clone(),
        can_edit: true,
        closed_s1,
        closed_s2,
        rows: students
            .iter()
            .enumerate()
            .map(|(i, s)| ConductSheetRow {
                number: i + 1,
                student_id: s.id,
                code: s.code.clone(),
                full_name: s.full_name.clone(),
                s1_level: cell_of(get(s.id, ConductTerm::S1), ConductField::S1Level),
                s1_comment: cell_of(get(s.id, ConductTerm::S1), ConductField::S1Comment),
                s2_level: cell_of(get(s.id, ConductTerm::S2), ConductField::S2Level),
                s2_comment: cell_of(get(s.id, ConductTerm::S2), ConductField::S2Comment),
                year_level: year_level(level(s.id, ConductTerm::S1), level(s.id, ConductTerm::S2))
                    .map(|l| level_short(l).to_string()),
                year_comment: cell_of(get(s.id, ConductTerm::Year), ConductField::YearComment),
            })
            .collect(),
    })
}

/// A cell's value as stored, or why it is refused.
fn stored_value(edit: &ConductEdit) -> Result<Option<String>, &'static str> {
    if edit.field.is_level() {
        parse_level(&edit.value)
            .map(|l| l.map(|l| level_code(l).to_string()))
            .map_err(|p| p.code())
    } else {
        check_comment(&edit.value)
            .map(|c| (!c.is_empty()).then_some(c))
            .map_err(|p| p.code())
    }
}

pub async fn save(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    paste: bool,
    cells: &[ConductEdit],
) -> Result<Vec<ConductOutcome>, AppError> {
    if cells.len() > MAX_BATCH {
        return Err(AppError::BadRequest("batch too large".into()));
    }
    let class = class_in_school(db, caller, class_id).await?;
    if !may_handle(caller, &class) {
        tracing::warn!(
            user = caller.user_id,
            class = class.id,
            "conduct write refused"
        );
        return Err(AppError::Forbidden);
    }
    let (s1, s2) = semesters(db, class.id).await?;
    // A closed semester refuses the whole batch with the lock's reason.
    let terms: HashSet<i64> = cells
        .iter()
        .map(|c| c.field.term().semester_number())
        .collect();
    for (number, semester) in [(1, &s1), (2, &s2)] {
        if terms.contains(&number) {
            if let Some(closure) = super::sheet_gate::closure(db, &class, semester).await? {
                return Err(super::sheet_gate::refused(closure));
            }
        }
    }
    let enrolled: HashSet<i64> = scores::students_of_class(db, class.id)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let mut outcomes: Vec<Option<ConductOutcome>> = Vec::with_capacity(cells.len());
    let mut writes = Vec::new();
    for edit in cells {
        let value = if enrolled.contains(&edit.student_id) {
            stored_value(edit)
        } else {
            Err("not_in_class")
        };
        match value {
            Err(problem) => outcomes.push(Some(ConductOutcome::Invalid {
                problem: problem.into(),
            })),
            Ok(value) => {
                outcomes.push(None);
                writes.push(ConductWrite {
                    student_id: edit.student_id,
                    field: edit.field,
                    value,
                    expected_version: edit.expected_version,
                    semester_id: if edit.field.term().semester_number() == 1 {
                        s1.id
                    } else {
                        s2.id
                    },
                });
            }
        }
    }
    let o = origin();
    let batch = ConductBatch {
        school_id: class.school_id,
        school_year_id: s1.school_year_id,
        class_id: class.id,
        actor_user_id: caller.user_id,
        source: if paste { "paste" } else { "typing" },
        ip: &o.ip,
        request_id: &o.request_id,
    };
    let written = if writes.is_empty() {
        Vec::new()
    } else {
        conduct::write(db, &batch, &writes).await?
    };
    let mut written = written.into_iter().zip(writes.iter());
    Ok(outcomes
        .into_iter()
        .map(|o| match o {
            Some(invalid) => invalid,
            None => match written.next() {
                Some((ConductWriteOutcome::Saved { version }, _)) => {
                    ConductOutcome::Saved { version }
                }
                Some((ConductWriteOutcome::Conflict { current }, w)) => ConductOutcome::Conflict {
                    current: cell_of(current.as_ref(), w.field),
                },
                None => ConductOutcome::Invalid {
                    problem: "internal".into(),
                },
            },
        })
        .collect())
}
