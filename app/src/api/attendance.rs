//! Daily attendance: a class's roll for a date and session, saving it, subject teachers'
//! period absences, the principal's view of every class, and school holidays.
use crate::domain::attendance::{Mark, Session, Standing, Totals};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// An absence a subject teacher marked in one of their periods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodAbsence {
    pub student_id: i64,
    pub subject_id: i64,
    pub subject: String,
    pub period: i64,
    pub excused: bool,
    pub reason: String,
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RollStudent {
    pub id: i64,
    pub code: String,
    pub full_name: String,
    pub mark: Mark,
    pub reason: String,
    pub semester: Totals,
    pub year: Totals,
    pub standing: Standing,
    pub period_absences: Vec<PeriodAbsence>,
}

/// When a roll was taken and last saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RollState {
    pub taken_at: i64,
    pub taken_by: String,
    pub updated_at: i64,
    pub updated_by: String,
    pub late: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Roll {
    pub class_id: i64,
    pub class_name: String,
    /// 'YYYY-MM-DD'.
    pub date: String,
    pub session: Session,
    pub semester_number: i64,
    /// 0: not taken yet.
    pub version: i64,
    pub state: Option<RollState>,
    pub students: Vec<RollStudent>,
    /// Why the semester is closed (lock or deadline), translated on the client.
    pub closed: Option<AppError>,
}

/// One student's mark as sent by the page: `status` is a [`Mark`] code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollEntry {
    pub student_id: i64,
    pub status: String,
    pub reason: String,
}

/// The roll of a class; without a date, today if a school day, else the last school day.
#[server(prefix = "/api", endpoint = "attendance/roll", input = Json)]
pub async fn load_roll(
    class_id: i64,
    date: Option<String>,
    session: String,
) -> Result<Roll, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::attendance::roll(&state()?.db, &caller, class_id, date.as_deref(), &session)
            .await
    })
    .await
}

/// Saves every mark of a roll at once; refused when someone saved it since `version`.
/// `edit_id`: the unique id the browser's outbox gave this save; a save whose id the caller has
/// already applied is not written again and answers the roll as it stands (to those who may
/// still take it), even once the semester is locked.
#[server(prefix = "/api", endpoint = "attendance/roll/save", input = Json)]
pub async fn save_roll(
    class_id: i64,
    date: String,
    session: String,
    version: i64,
    marks: Vec<RollEntry>,
    #[server(default)] edit_id: Option<String>,
) -> Result<Roll, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        let db = state()?.db;
        let save = crate::server::attendance::RollSave {
            class_id,
            date: &date,
            session: &session,
            version,
            edit_id: edit_id.as_deref(),
        };
        crate::server::attendance::save(&db, &caller, &save, &marks).await
    })
    .await
}

/// A subject the caller teaches in the class.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaughtSubject {
    pub id: i64,
    pub name: String,
}

/// What a subject teacher needs to mark absences in a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodSheet {
    pub class_id: i64,
    pub class_name: String,
    pub date: String,
    pub subjects: Vec<TaughtSubject>,
    /// (id, full name) in class order.
    pub students: Vec<(i64, String)>,
    pub absences: Vec<PeriodAbsence>,
}

#[server(prefix = "/api", endpoint = "attendance/period", input = Json)]
pub async fn load_period_sheet(
    class_id: i64,
    date: Option<String>,
) -> Result<PeriodSheet, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::attendance::period_sheet(&state()?.db, &caller, class_id, date.as_deref())
            .await
    })
    .await
}

/// One student absent in a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodEntry {
    pub student_id: i64,
    pub excused: bool,
    pub reason: String,
}

/// Replaces the absences of one of the caller's periods; returns how many students changed.
/// `edit_id` as in [`save_roll`]: an already-applied save answers the count it changed then,
/// before any check, and writes nothing.
#[server(prefix = "/api", endpoint = "attendance/period/save", input = Json)]
pub async fn save_period_absences(
    class_id: i64,
    subject_id: i64,
    date: String,
    period: i64,
    absent: Vec<PeriodEntry>,
    #[server(default)] edit_id: Option<String>,
) -> Result<usize, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        let db = state()?.db;
        let save = crate::server::attendance::PeriodSave {
            class_id,
            subject_id,
            date: &date,
            period,
            edit_id: edit_id.as_deref(),
        };
        crate::server::attendance::save_period(&db, &caller, &save, &absent).await
    })
    .await
}

/// A class's two rolls of a day, for the principal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassRolls {
    pub class_id: i64,
    pub class_name: String,
    pub morning: Option<RollState>,
    pub afternoon: Option<RollState>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LateRoll {
    pub class_name: String,
    pub date: String,
    pub session: Session,
    pub state: RollState,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HolidayView {
    pub id: i64,
    pub from: String,
    pub to: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolAttendance {
    pub date: String,
    /// Why the date takes no roll, if so (translated on the client).
    pub not_school_day: Option<AppError>,
    pub classes: Vec<ClassRolls>,
    pub late: Vec<LateRoll>,
    pub holidays: Vec<HolidayView>,
}

/// The principal's view of a date (default: the last school day).
#[server(prefix = "/api", endpoint = "attendance/school", input = Json)]
pub async fn load_school_attendance(date: Option<String>) -> Result<SchoolAttendance, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::attendance::school_view(&state()?.db, &caller, date.as_deref()).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "attendance/holidays/add", input = Json)]
pub async fn add_school_holiday(from: String, to: String, name: String) -> Result<(), AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::attendance::add_holiday(&state()?.db, &caller, &from, &to, &name).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "attendance/holidays/remove", input = Json)]
pub async fn remove_school_holiday(id: i64) -> Result<(), AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::attendance::remove_holiday(&state()?.db, &caller, id).await
    })
    .await
}
