//! What a caller may download of a class's results: the subjects whose grade sheets they may
//! see, and whether they may see the class summary (the links on the class page).
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DownloadSubject {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultDownloads {
    pub class_id: i64,
    pub subjects: Vec<DownloadSubject>,
    pub summary: bool,
}

#[server(prefix = "/api", endpoint = "class_result_downloads")]
pub async fn class_result_downloads(class_id: i64) -> Result<ResultDownloads, AppError> {
    use crate::server::context::{require_user, respond, state};
    use crate::server::grade_sheet::{class_in_school, may_view_subject, may_view_summary};
    respond(async {
        let caller = require_user().await?;
        let db = &state()?.db;
        let class = class_in_school(db, &caller, class_id).await?;
        let subjects = crate::server::db::scores::subjects_of_class(db, class.id)
            .await?
            .into_iter()
            .filter(|s| may_view_subject(&caller, &class, s))
            .map(|s| DownloadSubject {
                id: s.id,
                name: s.name,
            })
            .collect();
        Ok(ResultDownloads {
            class_id: class.id,
            subjects,
            summary: may_view_summary(&caller, &class),
        })
    })
    .await
}
