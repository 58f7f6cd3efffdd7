//! The leaders' dashboard (issue 9): how far grade entry has come in a semester, by teacher,
//! class and sheet, against where it should be by the day; and a reminder to those behind.
use crate::domain::entry_progress::Progress;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetProgress {
    pub class_id: i64,
    pub class_name: String,
    pub subject_id: i64,
    pub subject_name: String,
    pub teacher_id: Option<i64>,
    pub teacher_name: Option<String>,
    pub students: i64,
    pub progress: Progress,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherProgress {
    /// None for the sheets no teacher is assigned to.
    pub teacher_id: Option<i64>,
    pub name: Option<String>,
    pub sheets: usize,
    pub sheets_behind: usize,
    pub progress: Progress,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassProgress {
    pub class_id: i64,
    pub class_name: String,
    pub grade: i64,
    pub progress: Progress,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryProgress {
    pub school_year: String,
    /// 1 or 2.
    pub semester: i64,
    pub semester_id: i64,
    /// The semester's first and last day and the day measured, ISO (`2026-11-23`).
    pub start_date: String,
    pub end_date: String,
    pub day: String,
    pub school: Progress,
    /// Behind first, then by name.
    pub teachers: Vec<TeacherProgress>,
    pub classes: Vec<ClassProgress>,
    pub sheets: Vec<SheetProgress>,
    /// The caller may send reminders (the board, or a group head for the group's subjects).
    pub may_remind: bool,
}

/// `semester`: 1 or 2 (default: the semester of the day); `day`: ISO date to measure at
/// (default: today in Vietnam).
#[server(prefix = "/api", endpoint = "dashboard/progress")]
pub async fn grade_entry_progress(
    semester: Option<i64>,
    day: Option<String>,
) -> Result<EntryProgress, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::dashboard::progress(&state()?.db, &caller, semester, day.as_deref()).await
    })
    .await
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminded {
    /// The teachers reminded, by name.
    pub teachers: Vec<String>,
}

/// Reminds every teacher behind in the semester (as the dashboard shows it today): a notice in
/// Hocba and, when they have an address, an e-mail through the outbox.
#[server(prefix = "/api", endpoint = "dashboard/remind")]
pub async fn remind_late_teachers(semester: i64) -> Result<Reminded, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::dashboard::remind(&state()?.db, &caller, semester).await
    })
    .await
}
