//! Errors of the integration API: always JSON, `{"error": {"code": "...", "message": "..."}}`.
use app::error::AppError;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, for programs: `unauthorized`, `forbidden`, `insufficient_scope`, `not_found`,
    /// `conflict`, `invalid`, `entry_closed` (423: the sheet is locked or past its deadline),
    /// `bad_request`, `internal`.
    pub code: String,
    /// For people, in English.
    pub message: String,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.into(),
                message: self.message.clone(),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> ApiError {
        match err {
            AppError::NotSignedIn | AppError::SessionExpired | AppError::InvalidCredentials => {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "authentication required",
                )
            }
            AppError::Forbidden | AppError::AccountDisabled | AppError::MustChangePassword => {
                ApiError::new(
                    StatusCode::FORBIDDEN,
                    "forbidden",
                    "the token's user may not do this",
                )
            }
            AppError::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not_found", "not found"),
            // Locked or past the deadline: nothing was written; the message says why.
            AppError::EntryClosed(_) | AppError::CorrectionExpired { .. } => ApiError::new(
                StatusCode::LOCKED,
                "entry_closed",
                err.message(app::i18n::Lang::En),
            ),
            AppError::MissingField(f) => ApiError::invalid(format!("missing field: {f}")),
            AppError::BadRequest(m) => ApiError::new(StatusCode::BAD_REQUEST, "bad_request", m),
            AppError::Internal => ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            ),
            AppError::Invalid(_) | AppError::ImportHasProblems { .. } => {
                ApiError::invalid(err.message(app::i18n::Lang::En))
            }
            AppError::EditConflict
            | AppError::InUse
            | AppError::ImportChangedMeanwhile
            | AppError::SheetClosed(_)
            | AppError::UsernameTaken => ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                err.message(app::i18n::Lang::En),
            ),
            AppError::ImportFile(app::domain::student_import::FileProblem::TooLarge { .. }) => {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    err.message(app::i18n::Lang::En),
                )
            }
            other => ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                other.message(app::i18n::Lang::En),
            ),
        }
    }
}

impl From<app::server::db::DbError> for ApiError {
    fn from(err: app::server::db::DbError) -> ApiError {
        ApiError::from(AppError::from(err))
    }
}

/// Any path under `/api/v1` that is not an endpoint.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

/// An endpoint called with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not take this method",
    )
}
