//! Importing students from an `.xlsx` or `.csv` file (admins of the school only): a preview that
//! validates the whole file and compares it with the database, and the import itself, which
//! validates the same file again and writes only when it is clean or the admin confirmed
//! importing the valid rows. The file travels as base64 in JSON.
use crate::domain::student_import::Problem;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// What importing a row would do (or did).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowOutcome {
    New,
    Updated,
    Unchanged,
    Problem,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// The row number in the sheet.
    pub row: u32,
    pub code: String,
    pub full_name: String,
    pub class: Option<String>,
    pub outcome: RowOutcome,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub file_name: String,
    pub sheet: String,
    pub header_row: u32,
    /// Headers of the columns read.
    pub columns: Vec<String>,
    pub ignored_columns: Vec<String>,
    pub rows_read: usize,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub problem_rows: usize,
    /// Every problem, by row then column.
    pub problems: Vec<Problem>,
    /// Every student row, in file order.
    pub rows: Vec<PreviewRow>,
}

impl ImportPreview {
    pub fn valid_rows(&self) -> usize {
        self.new + self.updated + self.unchanged
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportResult {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows with problems, left out because the admin confirmed importing the valid rows.
    pub skipped_rows: usize,
}

/// Reads and checks the file; changes nothing.
#[server(prefix = "/api", endpoint = "admin/students/import/preview", input = Json)]
pub async fn preview_student_import(
    file_name: String,
    content_base64: String,
) -> Result<ImportPreview, AppError> {
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[crate::domain::role::Role::Admin]).await?;
        let bytes = crate::server::student_import::decode_upload(&content_base64)?;
        let planned =
            crate::server::student_import::plan(&state()?.db, caller.school_id, &file_name, &bytes)
                .await?;
        Ok(planned.preview)
    })
    .await
}

/// Imports the file when it is clean, or its valid rows when `confirm_valid_rows` is set;
/// otherwise refuses with the number of rows with problems and changes nothing.
#[server(prefix = "/api", endpoint = "admin/students/import/run", input = Json)]
pub async fn import_students(
    file_name: String,
    content_base64: String,
    confirm_valid_rows: bool,
) -> Result<ImportResult, AppError> {
    use crate::server::context::{origin, require_role, respond, state};
    use crate::server::db::student_import::ImportActor;
    respond(async {
        let caller = require_role(&[crate::domain::role::Role::Admin]).await?;
        let bytes = crate::server::student_import::decode_upload(&content_base64)?;
        let db = &state()?.db;
        let planned =
            crate::server::student_import::plan(db, caller.school_id, &file_name, &bytes).await?;
        let o = origin();
        let actor = ImportActor {
            school_id: caller.school_id,
            user_id: caller.user_id,
            ip: o.ip,
            request_id: o.request_id,
            reason: format!(
                "import: {}",
                file_name.chars().take(120).collect::<String>()
            ),
        };
        crate::server::student_import::run(db, &actor, planned, confirm_valid_rows).await
    })
    .await
}
