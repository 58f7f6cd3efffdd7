//! A class's roster, in Vietnamese class order.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RosterEntry {
    /// The number in the class list (STT), from 1, in class order.
    pub number: usize,
    pub code: String,
    pub full_name: String,
    /// `dd/mm/yyyy`, empty when unknown.
    pub date_of_birth: String,
    pub is_female: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassRoster {
    pub name: String,
    pub grade: i64,
    pub school_year: String,
    pub homeroom_teacher: Option<String>,
    pub students: Vec<RosterEntry>,
}

/// For the school's board and admins, the class's homeroom teacher, its subject teachers and
/// subject-group heads; a class of another school is "not found".
#[server(prefix = "/api", endpoint = "class_roster")]
pub async fn load_class_roster(class_id: i64) -> Result<ClassRoster, AppError> {
    use crate::domain::role::Role;
    use crate::domain::vietnamese::{compare_names, PersonName};
    use crate::server::context::{require_user, respond, state};
    use crate::server::db::classes;
    respond(async {
        let caller = require_user().await?;
        let db = state()?.db;
        let class = classes::find(&db, class_id)
            .await?
            .filter(|c| c.school_id == caller.school_id)
            .ok_or(AppError::NotFound)?;
        let allowed = caller.has(Role::Admin)
            || caller.has(Role::Principal)
            || caller.has(Role::GroupHead)
            || class.homeroom_teacher_id == Some(caller.user_id)
            || classes::teaches_in(&db, caller.user_id, class.id).await?;
        if !allowed {
            tracing::warn!(user = caller.user_id, class_id, "roster refused");
            return Err(AppError::Forbidden);
        }
        let mut rows: Vec<(PersonName, classes::RosterRow)> = classes::roster(&db, class.id)
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
    })
    .await
}
