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

/// One subject's results over a class or a grade level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectBands {
    pub subject_id: i64,
    pub subject_name: String,
    /// Assessed by comments (Đạt / Chưa đạt) rather than scores.
    pub commented: bool,
    pub bands: crate::domain::result_stats::Bands,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupResults {
    /// The class's id, or None for a grade level.
    pub class_id: Option<i64>,
    /// "6A1", or "Khối 6" for a grade level.
    pub name: String,
    pub grade: i64,
    pub students: u32,
    pub learning: crate::domain::result_stats::LevelCounts,
    pub conduct: crate::domain::result_stats::LevelCounts,
    pub subjects: Vec<SubjectBands>,
}

/// A student leaders should look at: a subject below 5.0 or Chưa đạt, or absences nearing or
/// past the year's limit of 45 sessions (Điều 12).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentAtRisk {
    pub student_id: i64,
    pub code: String,
    pub full_name: String,
    pub class_id: i64,
    pub class_name: String,
    /// "Toán 4,2", "Âm nhạc CĐ".
    pub failing: Vec<String>,
    /// Sessions absent in the year so far (excused and unexcused).
    pub absences: u32,
    pub absence_warning: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolResults {
    pub school_year: String,
    /// "1", "2" or "year".
    pub period: String,
    pub classes: Vec<GroupResults>,
    pub grades: Vec<GroupResults>,
    pub at_risk: Vec<StudentAtRisk>,
}

/// The school's results for `period` ("1", "2" or "year"), by class and grade level.
#[server(prefix = "/api", endpoint = "dashboard/results")]
pub async fn results_overview(period: String) -> Result<SchoolResults, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::dashboard_results::results(&state()?.db, &caller, &period).await
    })
    .await
}
