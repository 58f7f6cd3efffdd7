//! The admin's school structure: school years with their semesters and grade levels, and the
//! subjects with the periods each grade studies them. Reading is for the admin and the board;
//! changing is for the admin, and every change is audited.
use crate::domain::structure::subject::AssessmentKind;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SemesterInfo {
    pub id: i64,
    pub number: i64,
    /// `yyyy-mm-dd`, as a date input wants it.
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeLevelInfo {
    pub grade: i64,
    pub rule_set: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolYearInfo {
    pub id: i64,
    pub name: String,
    pub is_current: bool,
    pub semesters: Vec<SemesterInfo>,
    pub grade_levels: Vec<GradeLevelInfo>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubjectGradeInfo {
    pub grade: i64,
    pub periods_per_year: i64,
    pub configured_regular: Option<i64>,
    /// The regular assessments a semester needs (TT22 Điều 7), after any configured extra.
    pub regular_required: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubjectInfo {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: AssessmentKind,
    pub grades: Vec<SubjectGradeInfo>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolStructure {
    /// The grades the school teaches, from its level.
    pub grades: Vec<i64>,
    pub years: Vec<SchoolYearInfo>,
    pub subjects: Vec<SubjectInfo>,
    pub can_edit: bool,
}

#[server(prefix = "/api", endpoint = "admin/structure")]
pub async fn load_structure() -> Result<SchoolStructure, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    respond(async {
        let caller = require_role(&[Role::Admin, Role::Principal]).await?;
        let mut out =
            crate::server::structure::read::structure(&state()?.db, caller.school_id).await?;
        out.can_edit = caller.has(Role::Admin);
        Ok(out)
    })
    .await
}

/// Dates as typed (`yyyy-mm-dd` or `dd/mm/yyyy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchoolYearForm {
    pub start_year: i32,
    pub semester1_start: String,
    pub semester1_end: String,
    pub semester2_start: String,
    pub semester2_end: String,
}

#[server(prefix = "/api", endpoint = "admin/school_year/save", input = Json)]
pub async fn save_school_year(year_id: Option<i64>, form: SchoolYearForm) -> Result<i64, AppError> {
    use crate::domain::role::Role;
    use crate::domain::structure::school_year::SchoolYearPlan;
    use crate::domain::structure::Field;
    use crate::server::context::{require_role, respond, state};
    use crate::server::db::school_years;
    use crate::server::structure::{audit_change, snapshot, taken};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        let plan = SchoolYearPlan::parse(
            form.start_year,
            &form.semester1_start,
            &form.semester1_end,
            &form.semester2_start,
            &form.semester2_end,
        )
        .map_err(AppError::Invalid)?;
        let db = &state()?.db;
        let saved = SchoolYearForm {
            start_year: plan.start_year,
            semester1_start: plan.semester1.0.to_string(),
            semester1_end: plan.semester1.1.to_string(),
            semester2_start: plan.semester2.0.to_string(),
            semester2_end: plan.semester2.1.to_string(),
        };
        match year_id {
            None => {
                let id = school_years::create(db, caller.school_id, &plan)
                    .await
                    .map_err(taken(Field::SchoolYear))?;
                audit_change(
                    &caller,
                    "school_year_created",
                    "school_year",
                    id,
                    None,
                    snapshot(&saved),
                    None,
                )
                .await?;
                Ok(id)
            }
            Some(id) => {
                let old = school_years::find(db, caller.school_id, id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                if old.name != plan.name() {
                    // A year keeps its name: dates move, the year itself does not.
                    return Err(AppError::Invalid(crate::domain::structure::Invalid::new(
                        Field::SchoolYear,
                        crate::domain::structure::FieldProblem::UnknownChoice,
                    )));
                }
                school_years::update_dates(db, caller.school_id, id, &plan).await?;
                let old_text = format!("{} {}..{}", old.name, old.start_date, old.end_date);
                audit_change(
                    &caller,
                    "school_year_changed",
                    "school_year",
                    id,
                    Some(old_text),
                    snapshot(&saved),
                    None,
                )
                .await?;
                Ok(id)
            }
        }
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/school_year/current", input = Json)]
pub async fn make_year_current(year_id: i64) -> Result<(), AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    use crate::server::db::school_years;
    use crate::server::structure::audit_change;
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        let db = &state()?.db;
        let year = school_years::find(db, caller.school_id, year_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let old = school_years::current(db, caller.school_id)
            .await?
            .map(|y| y.name);
        school_years::set_current(db, caller.school_id, year.id).await?;
        audit_change(
            &caller,
            "current_year_set",
            "school_year",
            year.id,
            old,
            Some(year.name),
            None,
        )
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/subject/save", input = Json)]
pub async fn save_subject(
    subject_id: Option<i64>,
    code: String,
    name: String,
    kind: String,
) -> Result<i64, AppError> {
    use crate::domain::role::Role;
    use crate::domain::structure::subject::SubjectSpec;
    use crate::domain::structure::Field;
    use crate::server::context::{require_role, respond, state};
    use crate::server::db::subjects;
    use crate::server::structure::{audit_change, taken};
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        let spec = SubjectSpec::parse(&code, &name, &kind).map_err(AppError::Invalid)?;
        let db = &state()?.db;
        let text = format!("{} {} ({})", spec.code, spec.name, spec.kind.code());
        match subject_id {
            None => {
                let id = subjects::create(db, caller.school_id, &spec)
                    .await
                    .map_err(taken(Field::SubjectCode))?;
                audit_change(
                    &caller,
                    "subject_created",
                    "subject",
                    id,
                    None,
                    Some(text),
                    None,
                )
                .await?;
                Ok(id)
            }
            Some(id) => {
                let old = subjects::find(db, caller.school_id, id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                subjects::update(db, caller.school_id, id, &spec)
                    .await
                    .map_err(taken(Field::SubjectCode))?;
                let old_text = format!("{} {} ({})", old.code, old.name, old.assessment_kind);
                audit_change(
                    &caller,
                    "subject_changed",
                    "subject",
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

/// Adds a grade to a subject or changes its periods; `periods` and `regular` as typed.
#[server(prefix = "/api", endpoint = "admin/subject/grade", input = Json)]
pub async fn set_subject_grade(
    subject_id: i64,
    grade: i32,
    periods: String,
    regular: String,
) -> Result<(), AppError> {
    use crate::domain::role::Role;
    use crate::domain::structure::class::grade_of;
    use crate::domain::structure::subject::SubjectAtGrade;
    use crate::server::context::{require_role, respond, state};
    use crate::server::db::{school_years, subjects};
    use crate::server::structure::audit_change;
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        let db = &state()?.db;
        let subject = subjects::find(db, caller.school_id, subject_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let level = school_years::school_level(db, caller.school_id).await?;
        grade_of(level, grade).map_err(AppError::Invalid)?;
        let at = SubjectAtGrade::parse(grade, &periods, &regular).map_err(AppError::Invalid)?;
        let old = subjects::grades(db, caller.school_id)
            .await?
            .into_iter()
            .find(|g| g.subject_id == subject.id && g.grade == i64::from(grade))
            .map(|g| {
                format!(
                    "grade {}: {} periods, regular {:?}",
                    g.grade, g.periods_per_year, g.regular_assessments
                )
            });
        subjects::set_grade(db, caller.school_id, subject.id, &at).await?;
        let new = format!(
            "grade {}: {} periods, regular {:?}",
            at.grade, at.periods_per_year, at.regular_assessments
        );
        audit_change(
            &caller,
            "subject_grade_set",
            "subject",
            subject.id,
            old,
            Some(new),
            None,
        )
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/subject/grade_remove", input = Json)]
pub async fn remove_subject_grade(subject_id: i64, grade: i64) -> Result<(), AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_role, respond, state};
    use crate::server::db::subjects;
    use crate::server::structure::audit_change;
    respond(async {
        let caller = require_role(&[Role::Admin]).await?;
        let db = &state()?.db;
        let subject = subjects::find(db, caller.school_id, subject_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if subjects::grade_in_use(db, subject.id, grade).await? {
            return Err(AppError::InUse);
        }
        subjects::remove_grade(db, caller.school_id, subject.id, grade).await?;
        audit_change(
            &caller,
            "subject_grade_removed",
            "subject",
            subject.id,
            Some(format!("grade {grade}")),
            None,
            None,
        )
        .await
    })
    .await
}
