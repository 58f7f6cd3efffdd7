//! The grade grid's server side: the sheet as cells with versions, and batched saves through
//! the same checks, versions and audit as every other way scores arrive.
use super::context::{origin, Caller};
use super::db::scores::{Kind, StoredScore, Value, WriteMeta};
use super::db::Db;
use super::grade_sheet::{self, Outcome};
use super::score_entry::{self, Entry, EntryResult, Mark};
use crate::api::grade_grid::{
    CellEdit, CellOutcome, CommentOutcome, EntrySource, GradeGrid, GridCell, GridComment, GridKind,
    GridMark, GridRow,
};
use crate::domain::grading::Computed;
use crate::error::AppError;

pub fn text_of(value: Option<Value>) -> String {
    match value {
        Some(Value::Tenths(t)) => crate::domain::grading::Score::from_tenths(t)
            .map(|s| s.format_en())
            .unwrap_or_default(),
        Some(Value::Pass) => "Đ".into(),
        Some(Value::Fail) => "CĐ".into(),
        Some(Value::ZeroByDecision) => "0".into(),
        Some(Value::Absent) | None => String::new(),
    }
}

pub fn mark_of(value: Option<Value>) -> Option<GridMark> {
    match value {
        Some(Value::Absent) => Some(GridMark::Absent),
        Some(Value::ZeroByDecision) => Some(GridMark::ZeroByDecision),
        _ => None,
    }
}

fn cell(stored: Option<&StoredScore>) -> GridCell {
    match stored {
        Some(s) => GridCell {
            text: text_of(s.value),
            mark: mark_of(s.value),
            reason: mark_of(s.value).and(s.reason.clone()),
            version: s.version,
            updated_by: s.updated_by_name.clone(),
            updated_at: Some(s.updated_at),
        },
        None => GridCell {
            text: String::new(),
            mark: None,
            reason: None,
            version: 0,
            updated_by: None,
            updated_at: None,
        },
    }
}

pub fn result_text(outcome: Outcome) -> Option<String> {
    match outcome {
        Outcome::Average(Computed::Value(a)) => Some(a.format_en()),
        Outcome::Judgement(Computed::Value(j)) => Some(
            if j == crate::domain::grading::Judgement::Pass {
                "Đ"
            } else {
                "CĐ"
            }
            .into(),
        ),
        _ => None,
    }
}

pub async fn load(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    subject_id: i64,
    semester: i64,
) -> Result<GradeGrid, AppError> {
    let sheet =
        grade_sheet::for_caller_in_semester(db, caller, class_id, subject_id, semester).await?;
    let closure = super::sheet_gate::closure(db, &sheet.class, &sheet.semester).await?;
    let may_write = grade_sheet::may_write_subject(caller, &sheet.subject);
    let review =
        super::sheet_review::closure(db, sheet.class.id, sheet.subject.id, sheet.semester.id)
            .await?;
    let can_edit = may_write && closure.is_none() && review.is_none();
    let correctable = super::sheet_gate::correctable(closure.as_ref(), review.as_ref());
    let (open_cells, open_until) = if may_write && correctable {
        let key = SheetKey {
            class_id: sheet.class.id,
            subject_id: sheet.subject.id,
            semester_id: sheet.semester.id,
        };
        super::corrections::open_cells(db, caller, key).await?
    } else {
        (Vec::new(), None)
    };
    Ok(GradeGrid {
        class_id: sheet.class.id,
        class_name: sheet.class.name.clone(),
        subject_id: sheet.subject.id,
        subject_name: sheet.subject.name.clone(),
        semester_id: sheet.semester.id,
        semester_number: sheet.semester.number,
        comment: sheet.comment,
        regular_count: sheet.regular_count,
        can_edit,
        may_request: may_write && correctable,
        open_cells,
        open_until,
        offline_copy_at: None,
        closure,
        rows: sheet
            .rows
            .iter()
            .map(|r| GridRow {
                number: r.number,
                student_id: r.student.id,
                code: r.student.code.clone(),
                full_name: r.student.full_name.clone(),
                regular: (0..sheet.regular_count)
                    .map(|i| cell(r.regular.get(i).and_then(Option::as_ref)))
                    .collect(),
                midterm: cell(r.midterm.as_ref()),
                final_: cell(r.final_.as_ref()),
                result: result_text(r.outcome),
                comment: r
                    .comment
                    .as_ref()
                    .map(|c| c.comment.clone())
                    .unwrap_or_default(),
                comment_version: r.comment.as_ref().map(|c| c.version).unwrap_or(0),
            })
            .collect(),
    })
}

/// The sheet a batch of cells belongs to.
#[derive(Clone, Copy, Debug)]
pub struct SheetKey {
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
}

/// More cells than a whole class's sheet in one save is not a teacher typing.
const MAX_BATCH: usize = 2_000;

fn write_meta<'a>(
    caller: &Caller,
    source: &'static str,
    o: &'a super::context::Origin,
) -> WriteMeta<'a> {
    WriteMeta {
        actor_user_id: Some(caller.user_id),
        source,
        request_id: &o.request_id,
        ip: &o.ip,
        reason: None,
    }
}

pub async fn save(
    db: &Db,
    caller: &Caller,
    sheet: SheetKey,
    source: EntrySource,
    cells: &[CellEdit],
) -> Result<Vec<CellOutcome>, AppError> {
    if cells.len() > MAX_BATCH {
        return Err(AppError::BadRequest("batch too large".into()));
    }
    let entries: Vec<Entry> = cells
        .iter()
        .map(|c| Entry {
            class_id: sheet.class_id,
            subject_id: sheet.subject_id,
            semester_id: sheet.semester_id,
            student_id: c.student_id,
            kind: match c.kind {
                GridKind::Regular => Kind::Regular,
                GridKind::Midterm => Kind::Midterm,
                GridKind::Final => Kind::Final,
            },
            slot: c.slot,
            value: Some(c.value.clone()),
            expected_version: c.expected_version,
            mark: c.mark.map(|m| match m {
                GridMark::Absent => Mark::Absent,
                GridMark::ZeroByDecision => Mark::ZeroByDecision,
            }),
            reason: c.reason.clone(),
            edit_id: c.edit_id.clone(),
        })
        .collect();
    let o = origin();
    let source = match source {
        EntrySource::Typing => "typing",
        EntrySource::Paste => "paste",
    };
    let meta = write_meta(caller, source, &o);
    let results = score_entry::record(db, caller, &entries, &meta).await?;
    Ok(results
        .into_iter()
        .map(|r| match r {
            EntryResult::Saved { version } => CellOutcome::Saved { version },
            EntryResult::Conflict { current } => CellOutcome::Conflict {
                current: cell(current.as_ref()),
            },
            EntryResult::Invalid(problem) => CellOutcome::Invalid {
                problem: problem.code().into(),
            },
        })
        .collect())
}

pub async fn save_comment(
    db: &Db,
    caller: &Caller,
    sheet: SheetKey,
    student_id: i64,
    comment: String,
    expected_version: i64,
    edit_id: Option<String>,
) -> Result<CommentOutcome, AppError> {
    let entry = score_entry::CommentEntry {
        class_id: sheet.class_id,
        subject_id: sheet.subject_id,
        semester_id: sheet.semester_id,
        student_id,
        comment,
        expected_version,
        edit_id,
    };
    let o = origin();
    let meta = write_meta(caller, "typing", &o);
    Ok(
        match score_entry::record_comment(db, caller, &entry, &meta).await? {
            Err(problem) => CommentOutcome::Invalid {
                problem: problem.code().into(),
            },
            Ok(super::db::scores::CommentOutcome::Saved { version }) => {
                CommentOutcome::Saved { version }
            }
            Ok(super::db::scores::CommentOutcome::Conflict { current }) => {
                CommentOutcome::Conflict {
                    current: match current {
                        Some(c) => GridComment {
                            text: c.comment,
                            version: c.version,
                            updated_by: c.updated_by_name,
                            updated_at: Some(c.updated_at),
                        },
                        None => GridComment {
                            text: String::new(),
                            version: 0,
                            updated_by: None,
                            updated_at: None,
                        },
                    },
                }
            }
        },
    )
}
