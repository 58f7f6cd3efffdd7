//! What every request handler and server function can reach.
use super::db::Db;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

/// Session and cookie settings, validated from configuration at start.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// A session not used for this long ends.
    pub session_idle_secs: i64,
    /// A session ends this long after login, however active.
    pub session_max_secs: i64,
    /// Send cookies with `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_proxy: bool,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            session_idle_secs: 8 * 3600,
            session_max_secs: 7 * 24 * 3600,
            secure_cookies: false,
            trust_proxy: false,
        }
    }
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub auth: AuthSettings,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
