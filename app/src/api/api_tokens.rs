//! One's own tokens for the integration API (/api/v1): list, create (the token is shown once),
//! revoke. A token acts for its creator, within its scopes, and never beyond the creator's own
//! access at the time of each call.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a token may do. A scope never widens the user's own access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ApiScope {
    StructureRead,
    StudentsRead,
    StudentsWrite,
    ResultsRead,
    ScoresWrite,
}

impl ApiScope {
    pub const ALL: [ApiScope; 5] = [
        ApiScope::StructureRead,
        ApiScope::StudentsRead,
        ApiScope::StudentsWrite,
        ApiScope::ResultsRead,
        ApiScope::ScoresWrite,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ApiScope::StructureRead => "structure:read",
            ApiScope::StudentsRead => "students:read",
            ApiScope::StudentsWrite => "students:write",
            ApiScope::ResultsRead => "results:read",
            ApiScope::ScoresWrite => "scores:write",
        }
    }

    pub fn from_code(code: &str) -> Option<ApiScope> {
        ApiScope::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Space-separated codes, as stored.
    pub fn parse_list(text: &str) -> Vec<ApiScope> {
        text.split_whitespace()
            .filter_map(ApiScope::from_code)
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenInfo {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked: bool,
    pub expired: bool,
}

/// The token itself, returned once at creation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub id: i64,
    pub token: String,
}

#[server(prefix = "/api", endpoint = "api_tokens")]
pub async fn my_api_tokens() -> Result<Vec<ApiTokenInfo>, AppError> {
    use crate::server::context::{respond, state};
    respond(async {
        let caller = crate::server::api_tokens::require_staff().await?;
        crate::server::api_tokens::list(&state()?.db, &caller).await
    })
    .await
}

/// Creates a token for the caller. `scopes` are codes such as `scores:write`; `expires_days`
/// empty means no expiry.
#[server(prefix = "/api", endpoint = "create_api_token")]
pub async fn create_api_token(
    name: String,
    #[server(default)] scopes: Vec<String>,
    #[server(default)] expires_days: Option<String>,
) -> Result<NewApiToken, AppError> {
    use crate::server::context::{respond, state};
    respond(async {
        let caller = crate::server::api_tokens::require_staff().await?;
        crate::server::api_tokens::create(
            &state()?.db,
            &caller,
            &name,
            &scopes,
            expires_days.as_deref(),
        )
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "revoke_api_token")]
pub async fn revoke_api_token(id: i64) -> Result<(), AppError> {
    use crate::server::context::{redirect_form_post, respond, state};
    respond(async {
        let caller = crate::server::api_tokens::require_staff().await?;
        crate::server::api_tokens::revoke(&state()?.db, &caller, id).await?;
        redirect_form_post("/account/api-tokens");
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_round_trips_through_its_code() {
        for scope in ApiScope::ALL {
            assert_eq!(ApiScope::from_code(scope.code()), Some(scope));
        }
        assert_eq!(
            ApiScope::parse_list("scores:write  bogus results:read"),
            vec![ApiScope::ScoresWrite, ApiScope::ResultsRead]
        );
    }
}
