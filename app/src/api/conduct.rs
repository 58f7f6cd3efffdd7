//! The conduct grid (rèn luyện, issue 5): load a class's conduct sheet with each cell's version
//! and save a batch of edited cells. A cell someone else changed meanwhile comes back as a
//! conflict with their value, never overwritten. The class's homeroom teacher writes, and the
//! principal and admin; nobody else sees it.
use crate::domain::conduct_entry::ConductField;
use crate::domain::entry_window::Closure;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// One stored cell: a level as typed ("T", "K", "Đ", "CĐ") or a comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConductCell {
    pub text: String,
    /// The version of the term's row (level and comment share it); 0 when never written.
    pub version: i64,
    pub updated_by: Option<String>,
    pub updated_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConductSheetRow {
    pub number: usize,
    pub student_id: i64,
    pub code: String,
    pub full_name: String,
    pub s1_level: ConductCell,
    pub s1_comment: ConductCell,
    pub s2_level: ConductCell,
    pub s2_comment: ConductCell,
    /// Computed from both semesters ("T"…), `None` until both are set.
    pub year_level: Option<String>,
    pub year_comment: ConductCell,
}

impl ConductSheetRow {
    pub fn cell(&self, field: ConductField) -> &ConductCell {
        match field {
            ConductField::S1Level => &self.s1_level,
            ConductField::S1Comment => &self.s1_comment,
            ConductField::S2Level => &self.s2_level,
            ConductField::S2Comment => &self.s2_comment,
            ConductField::YearComment => &self.year_comment,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConductSheet {
    pub class_id: i64,
    pub class_name: String,
    pub school_year: String,
    /// The caller may write (some terms may still be closed).
    pub can_edit: bool,
    /// Why semester I's conduct takes no entries now.
    pub closed_s1: Option<Closure>,
    /// Why semester II's conduct (and the year comment) takes no entries now.
    pub closed_s2: Option<Closure>,
    pub rows: Vec<ConductSheetRow>,
}

#[server(prefix = "/api", endpoint = "conduct")]
pub async fn load_conduct_sheet(class_id: i64) -> Result<ConductSheet, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::conduct::load(&state()?.db, &caller, class_id).await
    })
    .await
}

/// One edited cell: a level as typed (empty clears) or a comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConductEdit {
    pub student_id: i64,
    pub field: ConductField,
    pub value: String,
    pub expected_version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConductOutcome {
    Saved {
        version: i64,
    },
    /// Someone changed the row since `expected_version`: the cell as it is now.
    Conflict {
        current: ConductCell,
    },
    /// Not saved: `unknown_level`, `comment_too_long` or `not_in_class`.
    Invalid {
        problem: String,
    },
}

/// Saves the valid cells in one transaction and answers for every cell, in order. Access and
/// locks are checked for the whole batch first: a refused batch changes nothing.
#[server(prefix = "/api", endpoint = "conduct/save", input = Json)]
pub async fn save_conduct_cells(
    class_id: i64,
    paste: bool,
    cells: Vec<ConductEdit>,
) -> Result<Vec<ConductOutcome>, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::conduct::save(&state()?.db, &caller, class_id, paste, &cells).await
    })
    .await
}
