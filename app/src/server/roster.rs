//! A class's roster for a caller allowed to see it, in Vietnamese class order; used by the
//! page's server function and by the `.xlsx` download.
use super::context::Caller;
use super::db::{classes, Db};
use crate::api::classes::{ClassRoster, RosterEntry};
use crate::domain::role::Role;
use crate::domain::vietnamese::{compare_names, PersonName};
use crate::error::AppError;

/// For the school's board and admins, subject-group heads, the class's homeroom teacher and its
/// subject teachers; a class of another school is "not found".
pub async fn for_caller(db: &Db, caller: &Caller, class_id: i64) -> Result<ClassRoster, AppError> {
    let class = classes::find(db, class_id)
        .await?
        .filter(|c| c.school_id == caller.school_id)
        .ok_or(AppError::NotFound)?;
    let allowed = caller.has(Role::Admin)
        || caller.has(Role::Principal)
        || caller.has(Role::GroupHead)
        || class.homeroom_teacher_id == Some(caller.user_id)
        || classes::teaches_in(db, caller.user_id, class.id).await?;
    if !allowed {
        tracing::warn!(user = caller.user_id, class_id, "roster refused");
        return Err(AppError::Forbidden);
    }
    let mut rows: Vec<(PersonName, classes::RosterRow)> = classes::roster(db, class.id)
        .await?
        .into_iter()
        .map(|r| {
            let name = PersonName {
                family: r.family_name.clone(),
                middle: r.middle_name.clone(),
                given: r.given_name.clone(),
            };
            (name, r)
        })
        .collect();
    rows.sort_by(|a, b| compare_names(&a.0, &b.0).then_with(|| a.1.code.cmp(&b.1.code)));
    Ok(ClassRoster {
        class_id: class.id,
        name: class.name,
        grade: class.grade,
        school_year: class.school_year,
        homeroom_teacher: class.homeroom_teacher,
        students: rows
            .into_iter()
            .enumerate()
            .map(|(i, (name, r))| RosterEntry {
                number: i + 1,
                code: r.code,
                full_name: name.full(),
                date_of_birth: r
                    .date_of_birth
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                is_female: r.gender == "female",
            })
            .collect(),
    })
}
