//! The admin's classes for a school year: creating and renaming them, the homeroom teacher, and
//! who teaches each subject in each class. Every change is audited.
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassInfo {
    pub id: i64,
    pub name: String,
    pub grade: i64,
    pub homeroom_teacher_id: Option<i64>,
    pub homeroom_teacher: Option<String>,
    pub students: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeacherInfo {
    pub id: i64,
    pub full_name: String,
    pub username: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssignmentInfo {
    pub class_id: i64,
    pub subject_id: i64,
    pub teacher_id: i64,
    pub teacher: String,
}

/// A subject and the grades that study it, for the assignment table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubjectColumn {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub grades: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassAdmin {
    pub year_id: i64,
    pub year_name: String,
    pub years: Vec<(i64, String)>,
    pub grades: Vec<i64>,
    pub classes: Vec<ClassInfo>,
    pub subjects: Vec<SubjectColumn>,
    pub assignments: Vec<AssignmentInfo>,
    pub teachers: Vec<TeacherInfo>,
    pub can_edit: bool,
}

/// The classes of `year_id`, or of the current year when none is given.
#[server(prefix = "/api", endpoint = "admin/classes")]
pub async fn load_class_admin(year_id: Option<i64>) -> Result<ClassAdmin, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin, Role::Principal]).await?;
        let mut out =
            crate::server::structure::classes::overview(&state()?.db, caller.school_id, year_id)
                .await?;
        out.can_edit = caller.has(Role::Admin);
        Ok(out)
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/class/save", input = Json)]
pub async fn save_class(
    class_id: Option<i64>,
    year_id: i64,
    name: String,
    grade: i32,
    homeroom_teacher_id: Option<i64>,
) -> Result<i64, AppError> {
    use crate::domain::role::Role;
    use crate::domain::structure::class::{class_name, grade_of};
    use crate::domain::structure::{Field, FieldProblem, Invalid};
    use crate::server::context::{require_role, respond, state};
    use crate::server::db::{class_admin, school_years};
    use crate::server::grade_sheet::class_in_school;
    use crate::server::structure::{audit_change, taken};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        let db = &state()?.db;
        let year = school_years::find(db, caller.school_id, year_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let name = class_name(&name).map_err(AppError::Invalid)?;
        let level = school_years::school_level(db, caller.school_id).await?;
        let grade = grade_of(level, grade).map_err(AppError::Invalid)?;
        if let Some(t) = homeroom_teacher_id {
            if !class_admin::is_teacher(db, caller.school_id, t).await? {
                return Err(AppError::Invalid(Invalid::new(
                    Field::Teacher,
                    FieldProblem::UnknownChoice,
                )));
            }
        }
        let text = format!(
            "{name} (grade {grade}, {}), homeroom {:?}",
            year.name, homeroom_teacher_id
        );
        match class_id {
            None => {
                let id = class_admin::create(
                    db,
                    caller.school_id,
                    year.id,
                    &name,
                    grade,
                    homeroom_teacher_id,
                )
                .await
                .map_err(taken(Field::ClassName))?;
                audit_change(
                    &caller,
                    "class_created",
                    "class",
                    id,
                    None,
                    Some(text),
                    None,
                )
                .await?;
                Ok(id)
            }
            Some(id) => {
                let old = class_in_school(db, &caller, id).await?;
                class_admin::update(db, caller.school_id, id, &name, grade, homeroom_teacher_id)
                    .await
                    .map_err(taken(Field::ClassName))?;
                let old_text = format!(
                    "{} (grade {}, {}), homeroom {:?}",
                    old.name, old.grade, old.school_year, old.homeroom_teacher_id
                );
                audit_change(
                    &caller,
                    "class_changed",
                    "class",
                    id,
                    Some(old_text),
                    Some(text),
                    None,
                )
                .await?;
                Ok(id)
            }
        }
    })
    .await
}

/// Sets who teaches `subject_id` in `class_id`; `None` removes the assignment.
#[server(prefix = "/api", endpoint = "admin/class/assign", input = Json)]
pub async fn assign_teacher(
    class_id: i64,
    subject_id: i64,
    teacher_id: Option<i64>,
) -> Result<(), AppError> {
    use crate::domain::role::Role;
    use crate::domain::structure::{Field, FieldProblem, Invalid};
    use crate::server::context::{require_role, respond, state};
    use crate::server::db::{class_admin, subjects};
    use crate::server::grade_sheet::class_in_school;
    use crate::server::structure::audit_change;
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        let db = &state()?.db;
        let class = class_in_school(db, &caller, class_id).await?;
        let subject = subjects::find(db, caller.school_id, subject_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let studied = subjects::grades(db, caller.school_id)
            .await?
            .iter()
            .any(|g| g.subject_id == subject.id && g.grade == class.grade);
        if !studied {
            return Err(AppError::Invalid(Invalid::new(
                Field::Subject,
                FieldProblem::UnknownChoice,
            )));
        }
        let year_id =
            crate::server::structure::classes::year_of(db, caller.school_id, class.id).await?;
        let entity = format!("{} / {}", class.name, subject.code);
        let old = match teacher_id {
            Some(t) => {
                if !class_admin::is_teacher(db, caller.school_id, t).await? {
                    return Err(AppError::Invalid(Invalid::new(
                        Field::Teacher,
                        FieldProblem::UnknownChoice,
                    )));
                }
                class_admin::assign(db, caller.school_id, year_id, class.id, subject.id, t).await?
            }
            None => class_admin::unassign(db, caller.school_id, class.id, subject.id).await?,
        };
        audit_change(
            &caller,
            "teaching_assigned",
            "teaching_assignment",
            class.id,
            old.map(|o| format!("{entity}: teacher {o}")),
            teacher_id.map(|t| format!("{entity}: teacher {t}")),
            None,
        )
        .await
    })
    .await
}
