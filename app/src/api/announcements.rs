//! Announcements for a class's families (issue 8): the homeroom teacher or the board posts;
//! the class's staff see them on the class page, the families on their child's page.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassAnnouncement {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub author: String,
    pub created_at: i64,
}

#[server(prefix = "/api", endpoint = "class/announcements")]
pub async fn class_announcements(class_id: i64) -> Result<Vec<ClassAnnouncement>, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::announcements::of_class(&state()?.db, &caller, class_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "class/announcements/post")]
pub async fn post_announcement(
    class_id: i64,
    title: String,
    body: String,
) -> Result<ClassAnnouncement, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::announcements::post(&state()?.db, &caller, class_id, &title, &body).await
    })
    .await
}
