//! `POST /api/v1/scores`: record assessment scores in a batch, each with the version its
//! sender last saw, under the same validation, access and audit as the grade grid (source
//! `api`). Each item is saved, refused as a conflict, or refused as invalid, on its own.
use super::auth::ApiCaller;
use super::error::{ApiError, ErrorBody, ErrorDetail};
use app::api::api_tokens::ApiScope;
use app::server::db::scores::{Kind, Value, WriteMeta};
use app::server::db::{api_tokens, structure};
use app::server::score_entry::{self, Entry, EntryResult, Mark};
use app::server::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::header::{self, HeaderName};
use http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// At most this many items per request.
pub const MAX_ITEMS: usize = 2000;
/// The longest idempotency key accepted.
pub const MAX_KEY_CHARS: usize = 200;

#[derive(Deserialize, ToSchema)]
pub struct ScoresRequest {
    pub items: Vec<ScoreItem>,
}

#[derive(Deserialize, ToSchema)]
pub struct ScoreItem {
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    /// The student's id, or give `student_code` instead.
    pub student_id: Option<i64>,
    pub student_code: Option<String>,
    /// `regular`, `midterm`, `final` or `reassessment`.
    pub kind: String,
    /// Regular assessments are numbered from 1; other kinds have slot 1.
    #[serde(default = "one")]
    pub slot: i64,
    /// A score ("8.5", "8,5" or 8.5; 0–10, at most one decimal), "Đ" / "CĐ" (or "pass" /
    /// "fail") for comment subjects, or null to clear the cell.
    pub value: Option<ScoreValue>,
    /// The cell's version as last read (0 when it was empty).
    pub expected_version: i64,
    /// Instead of a value: `absent` (missed for a valid reason, awaiting a make-up; the
    /// average waits for it) or `zero_by_decision` (counts as 0; scored subjects only, and
    /// `reason` is required). `value` is ignored when a mark is given.
    #[serde(default)]
    pub mark: Option<String>,
    /// Why the mark was set: required for `zero_by_decision` (at most 500 characters), kept
    /// for `absent` when given.
    #[serde(default)]
    pub reason: Option<String>,
}

fn one() -> i64 {
    1
}

#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ScoreValue {
    Text(String),
    Number(f64),
}

impl ScoreValue {
    fn text(&self) -> String {
        match self {
            ScoreValue::Text(t) => t.clone(),
            ScoreValue::Number(n) => n.to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ScoresResponse {
    pub saved: usize,
    pub conflicts: usize,
    pub invalid: usize,
    /// One per item, in order.
    pub results: Vec<ItemResult>,
    /// Present when not every item was saved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
}

#[derive(Serialize, ToSchema)]
pub struct ItemResult {
    pub index: usize,
    /// `ok`, `conflict` or `invalid`.
    pub status: String,
    /// The cell's new version, when saved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// When a conflict: the cell as it is now (absent if it does not exist).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<CurrentCell>,
    /// When invalid: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CurrentCell {
    pub value: Option<String>,
    /// `absent` or `zero_by_decision`, null for a plain value.
    pub mark: Option<String>,
    pub reason: Option<String>,
    pub version: i64,
    /// Unix seconds.
    pub updated_at: i64,
    pub updated_by: Option<String>,
}

fn invalid(index: usize, code: &str, message: String) -> ItemResult {
    ItemResult {
        index,
        status: "invalid".into(),
        version: None,
        current: None,
        code: Some(code.into()),
        message: Some(message),
    }
}

/// Records scores. 200 when every item was saved; otherwise 409 when some conflicted, else 422,
/// with every item's result either way (the valid, current ones are saved).
#[utoipa::path(
    post,
    path = "/api/v1/scores",
    tag = "scores",
    request_body = ScoresRequest,
    params(
        ("Idempotency-Key" = Option<String>, Header,
            description = "Optional, at most 200 characters. A retry with the same key and body \
                within a day gets the first answer back (header Idempotent-Replayed: true) \
                instead of writing twice; the same key with another body is refused (422)."),
    ),
    responses(
        (status = 200, description = "Every item saved", body = ScoresResponse),
        (status = 401, description = "No, unknown, revoked or expired token", body = ErrorBody),
        (status = 403, description = "Missing scores:write, or the user may not write one of the sheets (nothing saved)", body = ErrorBody),
        (status = 404, description = "A class, subject or semester not in the user's school (nothing saved)", body = ErrorBody),
        (status = 409, description = "Some items conflicted with a newer version", body = ScoresResponse),
        (status = 422, description = "Some items were invalid, or the body is malformed", body = ScoresResponse),
        (status = 423, description = "A sheet is locked or past its entry deadline (code entry_closed, nothing saved)", body = ErrorBody),
    ),
    security(("bearer" = ["scores:write"]))
)]
pub async fn record_scores(
    State(state): State<AppState>,
    api: ApiCaller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let caller = api.require(ApiScope::ScoresWrite)?;
    let key = headers
        .get("idempotency-key")
        .map(|v| v.to_str().map(str::trim))
        .transpose()
        .map_err(|_| ApiError::invalid("Idempotency-Key must be text"))?;
    let Some(key) = key else {
        let (status, answer) = record(&state, &api, &body).await?;
        return Ok((status, Json(answer)).into_response());
    };
    if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
        return Err(ApiError::invalid(format!(
            "Idempotency-Key must have 1 to {MAX_KEY_CHARS} characters"
        )));
    }
    let request_hash = app::server::auth::token_hash(&String::from_utf8_lossy(&body));
    if let Some(stored) = api_tokens::idempotent_answer(&state.db, caller.user_id, key).await? {
        if stored.request_hash != request_hash {
            return Err(ApiError::invalid(
                "this Idempotency-Key was used with another request body",
            ));
        }
        let status = u16::try_from(stored.status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::OK);
        return Ok((
            status,
            [
                (header::CONTENT_TYPE, "application/json"),
                (HeaderName::from_static("idempotent-replayed"), "true"),
            ],
            stored.response,
        )
            .into_response());
    }
    let (status, answer) = record(&state, &api, &body).await?;
    let response = serde_json::to_string(&answer).map_err(|e| {
        tracing::error!(error = %e, "serializing an API answer");
        ApiError::from(app::error::AppError::Internal)
    })?;
    api_tokens::keep_answer(
        &state.db,
        caller.school_id,
        caller.user_id,
        key,
        &api_tokens::StoredAnswer {
            request_hash,
            status: i64::from(status.as_u16()),
            response: response.clone(),
        },
    )
    .await?;
    Ok((
        status,
        [(header::CONTENT_TYPE, "application/json")],
        response,
    )
        .into_response())
}

async fn record(
    state: &AppState,
    api: &ApiCaller,
    body: &[u8],
) -> Result<(StatusCode, ScoresResponse), ApiError> {
    let caller = &api.caller;
    let request: ScoresRequest = serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid(format!("the body is not a valid request: {e}")))?;
    if request.items.is_empty() {
        return Err(ApiError::invalid("no items"));
    }
    if request.items.len() > MAX_ITEMS {
        return Err(ApiError::invalid(format!(
            "at most {MAX_ITEMS} items per request"
        )));
    }
    let db = &state.db;
    let mut results: Vec<Option<ItemResult>> = Vec::with_capacity(request.items.len());
    let mut entries = Vec::new();
    let mut positions = Vec::new();
    let mut codes: HashMap<String, Option<i64>> = HashMap::new();
    for (index, item) in request.items.iter().enumerate() {
        let Some(kind) = Kind::from_code(&item.kind) else {
            results.push(Some(invalid(
                index,
                "unknown_kind",
                "kind is regular, midterm, final or reassessment".into(),
            )));
            continue;
        };
        let mark = match item.mark.as_deref() {
            None => None,
            Some(code) => match Mark::from_code(code) {
                Some(mark) => Some(mark),
                None => {
                    results.push(Some(invalid(
                        index,
                        "unknown_mark",
                        "mark is absent or zero_by_decision".into(),
                    )));
                    continue;
                }
            },
        };
        let student_id = match (&item.student_id, &item.student_code) {
            (Some(id), _) => Some(*id),
            (None, Some(code)) => {
                if !codes.contains_key(code) {
                    let found = structure::student_by_code(db, caller.school_id, code.trim())
                        .await?
                        .map(|s| s.id);
                    codes.insert(code.clone(), found);
                }
                codes.get(code).copied().flatten()
            }
            (None, None) => None,
        };
        let Some(student_id) = student_id else {
            results.push(Some(invalid(
                index,
                "unknown_student",
                "give the student_id or the student_code of a student of this school".into(),
            )));
            continue;
        };
        results.push(None);
        positions.push(index);
        entries.push(Entry {
            class_id: item.class_id,
            subject_id: item.subject_id,
            semester_id: item.semester_id,
            student_id,
            kind,
            slot: item.slot,
            value: item.value.as_ref().map(ScoreValue::text),
            expected_version: item.expected_version,
            mark,
            reason: item.reason.clone(),
            edit_id: None,
        });
    }
    let meta = WriteMeta {
        actor_user_id: Some(caller.user_id),
        source: "api",
        request_id: &api.request_id,
        ip: "",
        reason: None,
    };
    let outcomes = if entries.is_empty() {
        Vec::new()
    } else {
        score_entry::record(db, caller, &entries, &meta).await?
    };
    for (index, outcome) in positions.into_iter().zip(outcomes) {
        results[index] = Some(match outcome {
            EntryResult::Saved { version } => ItemResult {
                index,
                status: "ok".into(),
                version: Some(version),
                current: None,
                code: None,
                message: None,
            },
            EntryResult::Conflict { current } => ItemResult {
                index,
                status: "conflict".into(),
                version: None,
                current: current.map(|c| CurrentCell {
                    value: c.value.and_then(super::results::api_value),
                    mark: c.value.and_then(Value::mark).map(str::to_string),
                    reason: c.value.and_then(Value::mark).and(c.reason.clone()),
                    version: c.version,
                    updated_at: c.updated_at,
                    updated_by: c.updated_by_name,
                }),
                code: Some("conflict".into()),
                message: Some(
                    "the cell changed since the expected version; read it again and decide".into(),
                ),
            },
            EntryResult::Invalid(problem) => invalid(index, problem.code(), problem.message()),
        });
    }
    let results: Vec<ItemResult> = results
        .into_iter()
        .map(|r| r.ok_or(app::error::AppError::Internal))
        .collect::<Result<_, _>>()?;
    let count = |status: &str| results.iter().filter(|r| r.status == status).count();
    let (saved, conflicts, invalid_count) = (count("ok"), count("conflict"), count("invalid"));
    let (status, error) = if conflicts > 0 {
        (
            StatusCode::CONFLICT,
            Some(ErrorDetail {
                code: "conflict".into(),
                message: format!("{conflicts} item(s) conflicted; {saved} saved"),
            }),
        )
    } else if invalid_count > 0 {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(ErrorDetail {
                code: "invalid".into(),
                message: format!("{invalid_count} item(s) invalid; {saved} saved"),
            }),
        )
    } else {
        (StatusCode::OK, None)
    };
    Ok((
        status,
        ScoresResponse {
            saved,
            conflicts,
            invalid: invalid_count,
            results,
            error,
        },
    ))
}
