//! The admin's student records: finding a student, the học bạ fields, guardians, and moving
//! students between classes and schools during the year. Every change is audited; an edit made
//! from an outdated copy of a record is refused, never overwritten.
use crate::domain::structure::student::StudentForm;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudentListItem {
    pub id: i64,
    pub code: String,
    pub full_name: String,
    /// `dd/mm/yyyy`.
    pub date_of_birth: String,
    pub is_female: bool,
    pub status: String,
    pub class_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudentSearch {
    /// The matches, in Vietnamese order within each class, at most [`SEARCH_LIMIT`].
    pub students: Vec<StudentListItem>,
    pub total: usize,
}

pub const SEARCH_LIMIT: usize = 200;

/// Students whose name or code contains `query` (with or without diacritics), optionally of
/// one class.
#[server(prefix = "/api", endpoint = "admin/students")]
pub async fn search_students(
    query: String,
    class_id: Option<i64>,
) -> Result<StudentSearch, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin, Role::Principal]).await?;
        crate::server::structure::students::search(&state()?.db, caller.school_id, &query, class_id)
            .await
    })
    .await
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuardianInfo {
    pub id: i64,
    pub full_name: String,
    pub relationship: String,
    pub phone: String,
    pub email: String,
    pub occupation: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrolmentInfo {
    pub class_name: String,
    pub school_year: String,
    /// `dd/mm/yyyy`.
    pub from: String,
    pub to: Option<String>,
    pub entry_kind: String,
    pub exit_kind: Option<String>,
    pub other_school: String,
    pub note: String,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudentDetail {
    pub id: i64,
    pub version: i64,
    pub status: String,
    pub form: StudentForm,
    pub guardians: Vec<GuardianInfo>,
    pub enrolments: Vec<EnrolmentInfo>,
    /// The current year's classes, to move the student into.
    pub classes: Vec<(i64, String)>,
    pub current_class_id: Option<i64>,
    pub can_edit: bool,
}

#[server(prefix = "/api", endpoint = "admin/student")]
pub async fn load_student(student_id: i64) -> Result<StudentDetail, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin, Role::Principal]).await?;
        let db = state()?.db;
        let mut d =
            crate::server::structure::students::detail(&db, caller.school_id, student_id).await?;
        crate::server::record_views::viewed(&caller, student_id, "record").await?;
        d.can_edit = caller.has(Role::Admin);
        Ok(d)
    })
    .await
}

/// How a new student joins: at the start of the year, or transferred in from another school.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Admission {
    pub class_id: Option<i64>,
    pub transfer_in: bool,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`; the current year's start when empty.
    pub date: String,
    pub other_school: String,
}

#[server(prefix = "/api", endpoint = "admin/student/create", input = Json)]
pub async fn create_student(form: StudentForm, admission: Admission) -> Result<i64, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        crate::server::structure::students::create(&state()?.db, &caller, &form, &admission).await
    })
    .await
}

/// Saves the record if it is still at `version`; otherwise [`AppError::EditConflict`].
#[server(prefix = "/api", endpoint = "admin/student/update", input = Json)]
pub async fn update_student(
    student_id: i64,
    version: i64,
    form: StudentForm,
) -> Result<(), AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        crate::server::structure::students::update(
            &state()?.db,
            &caller,
            student_id,
            version,
            &form,
        )
        .await
    })
    .await
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GuardianForm {
    pub full_name: String,
    pub relationship: String,
    pub phone: String,
    pub email: String,
    pub occupation: String,
}

#[server(prefix = "/api", endpoint = "admin/student/guardian_add", input = Json)]
pub async fn add_guardian(student_id: i64, guardian: GuardianForm) -> Result<i64, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        crate::server::structure::students::add_guardian(
            &state()?.db,
            &caller,
            student_id,
            &guardian,
        )
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/student/guardian_remove", input = Json)]
pub async fn remove_guardian(student_id: i64, guardian_id: i64) -> Result<(), AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        crate::server::structure::students::remove_guardian(
            &state()?.db,
            &caller,
            student_id,
            guardian_id,
        )
        .await
    })
    .await
}

/// A move during the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Movement {
    /// To another class of the school (the old enrolment ends, a new one starts).
    ChangeClass,
    /// To another school.
    TransferOut,
    /// Leaves school.
    DropOut,
    /// Back after leaving.
    Return,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MovementForm {
    pub class_id: Option<i64>,
    pub date: String,
    pub other_school: String,
    pub reason: String,
}

#[server(prefix = "/api", endpoint = "admin/student/move", input = Json)]
pub async fn move_student(
    student_id: i64,
    movement: Movement,
    form: MovementForm,
) -> Result<(), AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        crate::server::structure::students::movement(
            &state()?.db,
            &caller,
            student_id,
            movement,
            &form,
        )
        .await
    })
    .await
}
