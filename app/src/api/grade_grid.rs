//! The teacher's grade grid (issue 4), server side: load a class × subject × semester sheet with
//! each cell's version, and save a batch of cells. Each cell carries the version the teacher saw,
//! so a score someone else changed meanwhile comes back as a conflict with both values instead of
//! being overwritten. Access is the sheet's: the assigned teacher (and the admin, for
//! corrections) write; those allowed to look see it read-only.
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A column of assessments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GridKind {
    /// Đánh giá thường xuyên, slots 1..=regular_count.
    Regular,
    /// Giữa kỳ.
    Midterm,
    /// Cuối kỳ.
    Final,
}

/// A cell that holds a state rather than a plain value (GRADING.md: a missed assessment waits
/// for a make-up; only a recorded decision, with its reason, makes it a zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GridMark {
    /// Vắng, chờ kiểm tra bù: not counted, and the average waits for it.
    Absent,
    /// 0 điểm theo quyết định: counts as 0; the reason is required and kept.
    ZeroByDecision,
}

/// One stored cell as the grid shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridCell {
    /// As the teacher would type it: "8.5", "Đ", "CĐ"; empty when not entered or absent; "0"
    /// for a zero by decision.
    pub text: String,
    #[serde(default)]
    pub mark: Option<GridMark>,
    /// Why a zero was decided.
    #[serde(default)]
    pub reason: Option<String>,
    /// 0 when the cell was never written.
    pub version: i64,
    pub updated_by: Option<String>,
    pub updated_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridRow {
    pub number: usize,
    pub student_id: i64,
    pub code: String,
    pub full_name: String,
    /// `regular_count` cells, slot 1 first.
    pub regular: Vec<GridCell>,
    pub midterm: GridCell,
    #[serde(rename = "final")]
    pub final_: GridCell,
    /// The semester average ("7.8") or result ("Đ" / "CĐ"); `None` while incomplete.
    pub result: Option<String>,
    pub comment: String,
    /// 0 when no comment was ever written.
    #[serde(default)]
    pub comment_version: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeGrid {
    pub class_id: i64,
    pub class_name: String,
    pub subject_id: i64,
    pub subject_name: String,
    pub semester_id: i64,
    pub semester_number: i64,
    /// Assessed by comment (Đ / CĐ) rather than scores.
    pub comment: bool,
    pub regular_count: usize,
    pub can_edit: bool,
    /// Why the sheet takes no entries now (locked, or past its deadline), for everyone.
    #[serde(default)]
    pub closure: Option<crate::domain::entry_window::Closure>,
    /// The sheet is closed and the caller would write it: they may ask for a correction.
    #[serde(default)]
    pub may_request: bool,
    /// Cells an approved correction request opens to the caller, until `open_until`.
    #[serde(default)]
    pub open_cells: Vec<crate::api::corrections::CellRef>,
    #[serde(default)]
    pub open_until: Option<i64>,
    /// Set by the browser when it shows the copy kept on the device (no connection): when that
    /// copy was last brought up to date. Always `None` from the server.
    #[serde(default)]
    pub offline_copy_at: Option<i64>,
    pub rows: Vec<GridRow>,
}

/// The sheet of semester `semester` (1 or 2) of the class's school year.
#[server(prefix = "/api", endpoint = "grade_grid")]
pub async fn load_grade_grid(
    class_id: i64,
    subject_id: i64,
    semester: i64,
) -> Result<GradeGrid, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::grade_grid::load(&state()?.db, &caller, class_id, subject_id, semester).await
    })
    .await
}

/// One edited cell; an empty `value` clears it. With a `mark`, `value` is ignored: `Absent`
/// marks the assessment missed, `ZeroByDecision` needs a `reason`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellEdit {
    pub student_id: i64,
    pub kind: GridKind,
    /// 1-based; 1 for mid-term and end-of-term.
    pub slot: i64,
    pub value: String,
    pub expected_version: i64,
    #[serde(default)]
    pub mark: Option<GridMark>,
    #[serde(default)]
    pub reason: Option<String>,
    /// The unique id the browser's outbox gave this edit: an edit whose id the server has
    /// already applied is answered as then (`Saved` with the version it produced) and not
    /// written again. At most 64 characters.
    #[serde(default)]
    pub edit_id: Option<String>,
}

/// How the cells were entered, for the audit history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntrySource {
    Typing,
    Paste,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CellOutcome {
    Saved {
        version: i64,
    },
    /// Someone changed the cell since `expected_version`: their value, who and when.
    Conflict {
        current: GridCell,
    },
    /// Not saved; `problem` is a stable code such as `out_of_range` or `too_many_decimals`.
    Invalid {
        problem: String,
    },
}

/// Saves each valid cell and answers for every cell, in order. Access is checked for the whole
/// batch first: a batch touching a sheet the caller may not write changes nothing.
#[server(prefix = "/api", endpoint = "grade_grid/save", input = Json)]
pub async fn save_grade_cells(
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
    source: EntrySource,
    cells: Vec<CellEdit>,
) -> Result<Vec<CellOutcome>, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        let sheet = crate::server::grade_grid::SheetKey {
            class_id,
            subject_id,
            semester_id,
        };
        crate::server::grade_grid::save(&state()?.db, &caller, sheet, source, &cells).await
    })
    .await
}

/// The teacher's comment (nhận xét) on one student as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridComment {
    pub text: String,
    pub version: i64,
    pub updated_by: Option<String>,
    pub updated_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CommentOutcome {
    Saved {
        version: i64,
    },
    /// Someone changed the comment since `expected_version`.
    Conflict {
        current: GridComment,
    },
    /// Not saved: `not_in_class` or `too_long`.
    Invalid {
        problem: String,
    },
}

/// Saves the comment on one student, with the version the teacher saw (0: none yet); an empty
/// comment clears it. Same access as the sheet's scores. `edit_id` as in [`CellEdit`].
#[server(prefix = "/api", endpoint = "grade_grid/comment", input = Json)]
pub async fn save_grade_comment(
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
    student_id: i64,
    comment: String,
    expected_version: i64,
    #[server(default)] edit_id: Option<String>,
) -> Result<CommentOutcome, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        let sheet = crate::server::grade_grid::SheetKey {
            class_id,
            subject_id,
            semester_id,
        };
        crate::server::grade_grid::save_comment(
            &state()?.db,
            &caller,
            sheet,
            student_id,
            comment,
            expected_version,
            edit_id,
        )
        .await
    })
    .await
}
