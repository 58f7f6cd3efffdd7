//! File downloads as plain HTTP routes (a link the browser saves), with the same session and
//! access rules as the server functions.
use app::error::AppError;
use app::i18n::Lang;
use app::server::context::{session_from_headers, Caller, SessionState};
use app::server::db::audit;
use app::server::grade_sheet;
use app::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, StatusCode};
use std::collections::HashMap;

pub(crate) fn refuse(err: &AppError, lang: Lang) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        err.message(lang),
    )
        .into_response()
}

/// `GET /classes/{id}/list.xlsx`: the class list in class order.
pub async fn class_list_xlsx(
    State(state): State<AppState>,
    Path(class_id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let lang = Lang::from_cookie_headers(
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()),
    );
    match class_list(&state, class_id, &headers, lang).await {
        Ok((file_name, bytes)) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file_name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::info!(class_id, error = %e, "class list download refused");
            refuse(&e, lang)
        }
    }
}

/// The signed-in caller of a download, refused until a temporary password is changed.
pub(crate) async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Caller, AppError> {
    match session_from_headers(state, headers).await? {
        SessionState::Active(c) if c.must_change_password => Err(AppError::MustChangePassword),
        SessionState::Active(c) => Ok(c),
        SessionState::Expired => Err(AppError::SessionExpired),
        SessionState::Anonymous => Err(AppError::NotSignedIn),
    }
}

pub(crate) fn lang_of(headers: &HeaderMap) -> Lang {
    Lang::from_cookie_headers(
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()),
    )
}

fn xlsx_response(file_name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The file, or the refusal as the user's message (logged with what was asked for).
fn xlsx_or_refusal(
    result: Result<(String, Vec<u8>), AppError>,
    lang: Lang,
    what: &str,
) -> Response {
    match result {
        Ok((file_name, bytes)) => xlsx_response(&file_name, bytes),
        Err(e) => {
            tracing::info!(error = %e, what, "download refused");
            refuse(&e, lang)
        }
    }
}

/// ASCII only, for file names every browser and Excel version accepts.
pub(crate) fn ascii(text: &str) -> String {
    app::domain::vietnamese::fold_vi(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

pub(crate) async fn audit_export(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    entity: &str,
    entity_id: String,
    what: String,
    class_id: Option<i64>,
) -> Result<(), AppError> {
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Ok(audit::append(
        &state.db,
        &audit::AuditEntry {
            school_id: caller.school_id,
            actor_user_id: Some(caller.user_id),
            action: "export",
            entity,
            entity_id,
            new_value: Some(what),
            source: "web",
            request_id,
            class_id,
            ..Default::default()
        },
    )
    .await?)
}

fn param(query: &HashMap<String, String>, name: &str) -> Result<String, AppError> {
    query
        .get(name)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| AppError::MissingField(name.into()))
}

/// `GET /classes/{id}/grades.xlsx?subject={subject id}&semester={1|2}`: one subject's grade
/// sheet, for those who may see it (see `grade_sheet::may_view_subject`).
pub async fn grades_xlsx(
    State(state): State<AppState>,
    Path(class_id): Path<i64>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&headers);
    match grades(&state, class_id, &query, &headers, lang).await {
        Ok((file_name, bytes)) => xlsx_response(&file_name, bytes),
        Err(e) => {
            tracing::info!(class_id, error = %e, "grade sheet download refused");
            refuse(&e, lang)
        }
    }
}

async fn grades(
    state: &AppState,
    class_id: i64,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<(String, Vec<u8>), AppError> {
    let caller = caller(state, headers).await?;
    let subject_id: i64 = param(query, "subject")?
        .parse()
        .map_err(|_| AppError::BadRequest("subject".into()))?;
    let number: i64 = match param(query, "semester")?.as_str() {
        "1" => 1,
        "2" => 2,
        _ => return Err(AppError::BadRequest("semester".into())),
    };
    let db = &state.db;
    let sheet =
        grade_sheet::for_caller_in_semester(db, &caller, class_id, subject_id, number).await?;
    let bytes = app::server::exports::grade_sheet_xlsx::write(&sheet, lang)?;
    audit_export(
        state,
        &caller,
        headers,
        "grade_sheet",
        format!("{}/{}/{}", sheet.class.id, subject_id, sheet.semester.id),
        format!("{} students, xlsx", sheet.rows.len()),
        Some(sheet.class.id),
    )
    .await?;
    Ok((
        format!(
            "bang-diem-{}-{}-hk{number}.xlsx",
            ascii(&sheet.class.name),
            ascii(&sheet.subject.code)
        ),
        bytes,
    ))
}

/// `GET /classes/{id}/summary.xlsx?semester={1|2|year}`: every subject's result and the
/// learning result, for the board and the homeroom teacher.
pub async fn summary_xlsx(
    State(state): State<AppState>,
    Path(class_id): Path<i64>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&headers);
    match summary(&state, class_id, &query, &headers, lang).await {
        Ok((file_name, bytes)) => xlsx_response(&file_name, bytes),
        Err(e) => {
            tracing::info!(class_id, error = %e, "class summary download refused");
            refuse(&e, lang)
        }
    }
}

async fn summary(
    state: &AppState,
    class_id: i64,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<(String, Vec<u8>), AppError> {
    let caller = caller(state, headers).await?;
    let period_text = param(query, "semester")?;
    let period = grade_sheet::Period::parse(&period_text)
        .ok_or_else(|| AppError::BadRequest("semester".into()))?;
    let summary = grade_sheet::summary_for_caller(&state.db, &caller, class_id, period).await?;
    let extras = app::server::class_summary::extras(&state.db, &summary).await?;
    let bytes = app::server::exports::class_summary_xlsx::write(&summary, &extras, lang)?;
    audit_export(
        state,
        &caller,
        headers,
        "class_summary",
        format!("{class_id}/{period_text}"),
        format!("{} students, xlsx", summary.rows.len()),
        Some(class_id),
    )
    .await?;
    let suffix = match period {
        grade_sheet::Period::Semester(n) => format!("hk{n}"),
        grade_sheet::Period::Year => "ca-nam".into(),
    };
    Ok((
        format!("tong-hop-{}-{suffix}.xlsx", ascii(&summary.class.name)),
        bytes,
    ))
}

async fn class_list(
    state: &AppState,
    class_id: i64,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<(String, Vec<u8>), AppError> {
    let caller = caller(state, headers).await?;
    let roster = app::server::roster::for_caller(&state.db, &caller, class_id).await?;
    let bytes = app::server::exports::roster_xlsx::write(&roster, lang)?;
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    audit::append(
        &state.db,
        &audit::AuditEntry {
            school_id: caller.school_id,
            actor_user_id: Some(caller.user_id),
            action: "export",
            entity: "class_list",
            entity_id: class_id.to_string(),
            new_value: Some(format!("{} students, xlsx", roster.students.len())),
            source: "web",
            request_id,
            class_id: Some(class_id),
            ..Default::default()
        },
    )
    .await?;
    // ASCII file name: every browser and Excel version accepts it.
    let name: String = roster
        .name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    Ok((format!("danh-sach-lop-{name}.xlsx"), bytes))
}

/// `GET /admin/students/template.xlsx`: Hocba's student list template, for the school's admins.
pub async fn student_template_xlsx(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let lang = Lang::from_cookie_headers(
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()),
    );
    let allowed = match session_from_headers(&state, &headers).await {
        Ok(SessionState::Active(c)) if c.must_change_password => Err(AppError::MustChangePassword),
        Ok(SessionState::Active(c)) if c.has(app::domain::role::Role::Admin) => Ok(()),
        Ok(SessionState::Active(c)) => {
            tracing::warn!(user = c.user_id, "student template refused");
            Err(AppError::Forbidden)
        }
        Ok(SessionState::Expired) => Err(AppError::SessionExpired),
        Ok(SessionState::Anonymous) => Err(AppError::NotSignedIn),
        Err(e) => Err(e),
    };
    match allowed.and_then(|()| app::server::imports::student_template::write()) {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"hocba-mau-danh-sach-hoc-sinh.xlsx\"".to_string(),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => refuse(&e, lang),
    }
}

/// `GET /admin/audit.xlsx?person=&class=&from=&to=&kind=`: the school's audit log under the
/// same filters as the page (`/admin/audit`), for the principal and the admin. The download is
/// itself recorded in the log.
pub async fn audit_log_xlsx(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&headers);
    xlsx_or_refusal(
        audit_log(&state, &query, &headers, lang).await,
        lang,
        "audit log",
    )
}

fn optional_id(query: &HashMap<String, String>, name: &str) -> Result<Option<i64>, AppError> {
    match query.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| AppError::BadRequest(name.into())),
    }
}

async fn audit_log(
    state: &AppState,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<(String, Vec<u8>), AppError> {
    use app::api::audit_history::LogQuery;
    use app::domain::audit_kind::AuditKind;
    let caller = caller(state, headers).await?;
    let kind = match query
        .get("kind")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
    {
        None => None,
        Some(code) => {
            Some(AuditKind::from_code(code).ok_or_else(|| AppError::BadRequest("kind".into()))?)
        }
    };
    let log_query = LogQuery {
        person: optional_id(query, "person")?,
        class_id: optional_id(query, "class")?,
        from: query.get("from").cloned(),
        to: query.get("to").cloned(),
        kind,
    };
    let lines = app::server::audit_views::log_for_export(&state.db, &caller, &log_query).await?;
    let school = app::server::db::accounts::school_name(&state.db, caller.school_id).await?;
    let bytes = app::server::exports::audit_xlsx::write(&school, &lines, lang)?;
    audit_export(
        state,
        &caller,
        headers,
        "audit_log",
        String::new(),
        format!(
            "{} entries, xlsx; {}",
            lines.len(),
            log_query.query_string()
        ),
        None,
    )
    .await?;
    Ok(("nhat-ky.xlsx".into(), bytes))
}

/// `GET /classes/{id}/signoff.json`: the latest signed record of the class's year results,
/// byte for byte as signed (its SHA-256 is the one shown on the class page).
pub async fn signoff_json(
    State(state): State<AppState>,
    Path(class_id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&headers);
    let signed = signed_record(&state, &headers, class_id).await;
    match signed {
        Ok((class_name, text)) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/json; charset=utf-8".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"ket-qua-{class_name}.json\""),
                ),
            ],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::info!(class_id, error = %e, "sign-off download refused");
            refuse(&e, lang)
        }
    }
}

async fn signed_record(
    state: &AppState,
    headers: &HeaderMap,
    class_id: i64,
) -> Result<(String, String), AppError> {
    let caller = caller(state, headers).await?;
    let (class_name, text) =
        app::server::signoff::signed_json(&state.db, &caller, class_id).await?;
    audit_export(
        state,
        &caller,
        headers,
        "signoff",
        class_id.to_string(),
        format!("{class_name}, json"),
        Some(class_id),
    )
    .await?;
    Ok((class_name, text))
}

/// `GET /dashboard/progress.xlsx?semester={1|2}&day={ISO date}`: the dashboard's figures.
pub async fn progress_xlsx(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&headers);
    let result = async {
        let caller = caller(&state, &headers).await?;
        let semester = optional_id(&query, "semester")?;
        let d = app::server::dashboard::progress(
            &state.db,
            &caller,
            semester,
            query.get("day").map(String::as_str),
        )
        .await?;
        let bytes = app::server::exports::progress_xlsx::write(&d, lang)?;
        Ok::<_, AppError>((
            format!("tien-do-nhap-diem-hk{}-{}.xlsx", d.semester, d.day),
            bytes,
        ))
    }
    .await;
    xlsx_or_refusal(result, lang, "progress")
}

/// `GET /dashboard/results.xlsx?period={1|2|year}`: the results dashboard's figures.
pub async fn results_overview_xlsx(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&headers);
    let result = async {
        let caller = caller(&state, &headers).await?;
        let period = query.get("period").map(String::as_str).unwrap_or("1");
        let d = app::server::dashboard_results::results(&state.db, &caller, period).await?;
        let bytes = app::server::exports::results_overview_xlsx::write(&d, lang)?;
        Ok::<_, AppError>((format!("ket-qua-{}.xlsx", ascii(&d.period)), bytes))
    }
    .await;
    xlsx_or_refusal(result, lang, "results")
}
