//! Rewards and discipline (khen thưởng, kỷ luật) of a student: list, add, withdraw with a
//! reason (the record is kept, shown struck through). Audited.
use crate::domain::distinction::DistinctionDraft;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistinctionItem {
    pub id: i64,
    pub student_id: i64,
    pub student_name: String,
    pub class_name: String,
    /// 'reward' | 'discipline'.
    pub kind: String,
    /// A reward level ('class'…) or a discipline measure ('reminder'…).
    pub level: String,
    /// 'YYYY-MM-DD'.
    pub on_date: String,
    pub reason: String,
    pub decision_number: String,
    pub recorded_by: Option<String>,
    pub withdrawn: bool,
    pub withdrawn_by: Option<String>,
    pub withdrawn_reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistinctionList {
    pub items: Vec<DistinctionItem>,
    /// The caller may add and withdraw records.
    pub can_edit: bool,
}

#[server(prefix = "/api", endpoint = "distinctions/student")]
pub async fn student_distinctions(student_id: i64) -> Result<DistinctionList, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::distinctions::of_student(&state()?.db, &caller, student_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "distinctions/class")]
pub async fn class_distinctions(class_id: i64) -> Result<DistinctionList, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::distinctions::of_class(&state()?.db, &caller, class_id).await
    })
    .await
}

/// Adds a record for the student in their current class; returns its id.
#[server(prefix = "/api", endpoint = "distinctions/add", input = Json)]
pub async fn add_distinction(student_id: i64, draft: DistinctionDraft) -> Result<i64, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::distinctions::add(&state()?.db, &caller, student_id, &draft).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "distinctions/withdraw", input = Json)]
pub async fn withdraw_distinction(id: i64, reason: String) -> Result<(), AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::distinctions::withdraw(&state()?.db, &caller, id, &reason).await
    })
    .await
}
