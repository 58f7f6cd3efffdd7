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
    pub class_id: i64,
    pub name: String,
    pub grade: i64,
    pub school_year: String,
    pub homeroom_teacher: Option<String>,
    pub students: Vec<RosterEntry>,
}

/// The class list in Vietnamese class order, for those allowed to see it (see
/// `server::roster::for_caller`).
#[server(prefix = "/api", endpoint = "class_roster")]
pub async fn load_class_roster(class_id: i64) -> Result<ClassRoster, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::roster::for_caller(&state()?.db, &caller, class_id).await
    })
    .await
}
