//! File downloads as plain HTTP routes (a link the browser saves), with the same session and
//! access rules as the server functions.
use app::error::AppError;
use app::i18n::Lang;
use app::server::context::{session_from_headers, SessionState};
use app::server::db::audit;
use app::server::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, StatusCode};

fn refuse(err: &AppError, lang: Lang) -> Response {
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

async fn class_list(
    state: &AppState,
    class_id: i64,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<(String, Vec<u8>), AppError> {
    let caller = match session_from_headers(state, headers).await? {
        SessionState::Active(c) if c.must_change_password => {
            return Err(AppError::MustChangePassword)
        }
        SessionState::Active(c) => c,
        SessionState::Expired => return Err(AppError::SessionExpired),
        SessionState::Anonymous => return Err(AppError::NotSignedIn),
    };
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
