//! The role-aware home page: one panel per role the caller holds.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchoolCounts {
    pub classes: i64,
    pub students: i64,
    pub teachers: i64,
    pub family_accounts: i64,
    pub accounts: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassCard {
    pub id: i64,
    pub name: String,
    pub grade: i64,
    pub students: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeachingCard {
    pub class_id: i64,
    pub class_name: String,
    pub subject_name: String,
    pub students: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupPanel {
    pub name: String,
    pub subjects: Vec<String>,
    pub teachers: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildCard {
    pub code: String,
    pub full_name: String,
    pub class_name: Option<String>,
    pub homeroom_teacher: Option<String>,
}

/// Each panel is present only for a role the caller holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HomeOverview {
    pub school_year: Option<String>,
    /// For the admin and the principal.
    pub school: Option<SchoolCounts>,
    pub led_groups: Vec<GroupPanel>,
    pub homeroom: Vec<ClassCard>,
    pub teaching: Vec<TeachingCard>,
    pub children: Vec<ChildCard>,
}

#[server(prefix = "/api", endpoint = "home")]
pub async fn load_home() -> Result<HomeOverview, AppError> {
    use crate::domain::role::Role;
    use crate::server::context::{require_user, respond, state};
    use crate::server::db::home;
    respond(async {
        let caller = require_user().await?;
        let db = state()?.db;
        let Some((year_id, year_name)) = home::current_year(&db, caller.school_id).await? else {
            return Ok(HomeOverview::default());
        };
        let mut out = HomeOverview {
            school_year: Some(year_name),
            ..Default::default()
        };
        if caller.has(Role::Admin) || caller.has(Role::Principal) {
            out.school = Some(home::school_counts(&db, caller.school_id, year_id).await?);
        }
        if caller.has(Role::GroupHead) {
            out.led_groups = home::led_groups(&db, caller.user_id, year_id).await?;
        }
        if caller.has(Role::HomeroomTeacher) {
            out.homeroom = home::homeroom_classes(&db, caller.user_id, year_id).await?;
        }
        if caller.has(Role::SubjectTeacher) {
            out.teaching = home::teaching(&db, caller.user_id, year_id).await?;
        }
        if caller.has(Role::Parent) || caller.has(Role::Student) {
            out.children = home::children(&db, caller.user_id, year_id).await?;
        }
        Ok(out)
    })
    .await
}
