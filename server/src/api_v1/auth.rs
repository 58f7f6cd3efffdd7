//! The bearer token of every call, resolved to the user it acts for and its scopes.
use super::error::ApiError;
use app::api::api_tokens::ApiScope;
use app::server::api_tokens::{authenticate, TokenRefusal};
use app::server::context::Caller;
use app::server::state::AppState;
use axum::extract::FromRequestParts;
use http::request::Parts;
use http::{header, StatusCode};

/// The caller of an API request.
pub struct ApiCaller {
    pub caller: Caller,
    pub scopes: Vec<ApiScope>,
    pub request_id: String,
}

impl ApiCaller {
    /// 403 `insufficient_scope` unless the token holds `scope`.
    pub fn require(&self, scope: ApiScope) -> Result<&Caller, ApiError> {
        if self.scopes.contains(&scope) {
            Ok(&self.caller)
        } else {
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "insufficient_scope",
                format!("this token lacks the scope {}", scope.code()),
            ))
        }
    }
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            });
        let refused =
            |why: &str| ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", why.to_string());
        match authenticate(&state.db, token).await? {
            Ok((caller, scopes)) => {
                if caller.roles.iter().all(|r| r.is_family()) {
                    return Err(ApiError::new(
                        StatusCode::FORBIDDEN,
                        "forbidden",
                        "family accounts have no API access",
                    ));
                }
                Ok(ApiCaller {
                    caller,
                    scopes,
                    request_id: parts
                        .headers
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string(),
                })
            }
            Err(TokenRefusal::Missing) => Err(refused("send Authorization: Bearer <token>")),
            Err(TokenRefusal::Unknown) => Err(refused("unknown token")),
            Err(TokenRefusal::Revoked) => Err(refused("this token was revoked")),
            Err(TokenRefusal::Expired) => Err(refused("this token has expired")),
            Err(TokenRefusal::AccountDisabled) => Err(refused("the token's account is disabled")),
        }
    }
}
