//! Configuration: defaults, then an optional TOML file, then environment variables, validated
//! once at start so a bad value stops the server with a message naming it.
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `sqlite://…` (default, a file in `./data/`) or `postgres://…`. Env: `DATABASE_URL`.
    pub database_url: String,
    /// Address to listen on. Env: `HOCBA_ADDR` (or `LEPTOS_SITE_ADDR`).
    pub addr: SocketAddr,
    /// The built site (JS, WASM, CSS, public files). Env: `HOCBA_SITE_ROOT` or `LEPTOS_SITE_ROOT`.
    pub site_root: PathBuf,
    /// A session unused this long ends. Env: `HOCBA_SESSION_IDLE_MINUTES`.
    pub session_idle_minutes: u32,
    /// A session ends this long after login, however active. Env: `HOCBA_SESSION_MAX_DAYS`.
    pub session_max_days: u32,
    /// Mark cookies `Secure` (set when served over HTTPS). Env: `HOCBA_SECURE_COOKIES`.
    pub secure_cookies: bool,
    /// Trust `X-Forwarded-For` from a reverse proxy. Env: `HOCBA_TRUST_PROXY`.
    pub trust_proxy: bool,
    /// Log filter, e.g. `info` or `hocba=debug`. Env: `HOCBA_LOG` (or `RUST_LOG`).
    pub log: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: "sqlite://data/hocba.db".into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            site_root: "target/site".into(),
            session_idle_minutes: 8 * 60,
            session_max_days: 7,
            secure_cookies: false,
            trust_proxy: false,
            log: "info".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("Cấu hình không hợp lệ / invalid configuration: {0}")]
    Invalid(String),
    #[error("Không đọc được tệp cấu hình / cannot read the configuration file {0}")]
    MissingFile(PathBuf),
}

impl Settings {
    /// Loads from `file` (if given, it must exist; else `hocba.toml` if present) and the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(path) if !path.exists() => return Err(ConfigError::MissingFile(path.into())),
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new("hocba.toml").exists() => {
                figment = figment.merge(Toml::file_exact("hocba.toml"))
            }
            None => {}
        }
        let figment = figment
            .merge(
                Env::raw()
                    .only(&["LEPTOS_SITE_ROOT"])
                    .map(|_| "site_root".into()),
            )
            .merge(Env::raw().only(&["RUST_LOG"]).map(|_| "log".into()))
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "database_url".into()),
            )
            // Only our own keys: other HOCBA_* variables (test scripts) are not settings.
            .merge(Env::prefixed("HOCBA_").only(&[
                "database_url",
                "addr",
                "site_root",
                "session_idle_minutes",
                "session_max_days",
                "secure_cookies",
                "trust_proxy",
                "log",
            ]));
        let settings: Settings = figment.extract().map_err(|e| {
            let key = e.path.join(".");
            let key = if key.is_empty() {
                String::new()
            } else {
                format!("{} ({key}): ", env_name(&key))
            };
            ConfigError::Invalid(format!("{key}{}", e.kind))
        })?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let url = &self.database_url;
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres:")
            || url.starts_with("postgresql:"))
        {
            return Err(ConfigError::Invalid(format!(
                "DATABASE_URL: {} — cần bắt đầu bằng sqlite:// hoặc postgres:// / must start with sqlite:// or postgres://",
                app::server::db::redact(url)
            )));
        }
        if !(5..=7 * 24 * 60).contains(&self.session_idle_minutes) {
            return Err(ConfigError::Invalid(format!(
                "HOCBA_SESSION_IDLE_MINUTES = {}: từ 5 đến 10080 / between 5 and 10080",
                self.session_idle_minutes
            )));
        }
        if !(1..=90).contains(&self.session_max_days) {
            return Err(ConfigError::Invalid(format!(
                "HOCBA_SESSION_MAX_DAYS = {}: từ 1 đến 90 / between 1 and 90",
                self.session_max_days
            )));
        }
        Ok(())
    }

    pub fn auth(&self) -> app::server::state::AuthSettings {
        app::server::state::AuthSettings {
            session_idle_secs: i64::from(self.session_idle_minutes) * 60,
            session_max_secs: i64::from(self.session_max_days) * 24 * 3600,
            secure_cookies: self.secure_cookies,
            trust_proxy: self.trust_proxy,
        }
    }
}

fn env_name(key: &str) -> String {
    match key {
        "database_url" => "DATABASE_URL".into(),
        other => format!("HOCBA_{}", other.to_uppercase()),
    }
}

#[cfg(test)]
// figment::Jail closures return figment::Error, which is large by figment's design.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn the_defaults_are_a_local_sqlite_school_on_port_3000() {
        Jail::expect_with(|_| {
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(s.database_url, "sqlite://data/hocba.db");
            assert_eq!(s.addr.to_string(), "127.0.0.1:3000");
            Ok(())
        });
    }

    #[test]
    fn environment_variables_override_the_file() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "custom.toml",
                "addr = \"127.0.0.1:4000\"\nsession_max_days = 3",
            )?;
            jail.set_env("HOCBA_ADDR", "127.0.0.1:5000");
            let s = Settings::load(Some(Path::new("custom.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(s.addr.port(), 5000);
            assert_eq!(s.session_max_days, 3);
            Ok(())
        });
    }

    #[test]
    fn a_bad_address_names_the_variable() {
        Jail::expect_with(|jail| {
            jail.set_env("HOCBA_ADDR", "not-an-address");
            let err = Settings::load(None).expect_err("must fail").to_string();
            assert!(err.contains("HOCBA_ADDR"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn an_unsupported_database_is_refused_without_showing_its_password() {
        Jail::expect_with(|jail| {
            jail.set_env("DATABASE_URL", "mysql://root:secret@localhost/x");
            let err = Settings::load(None).expect_err("must fail").to_string();
            assert!(
                err.contains("DATABASE_URL") && !err.contains("secret"),
                "{err}"
            );
            Ok(())
        });
    }

    #[test]
    fn out_of_range_session_lengths_are_refused() {
        Jail::expect_with(|jail| {
            jail.set_env("HOCBA_SESSION_MAX_DAYS", "0");
            assert!(Settings::load(None).is_err());
            jail.set_env("HOCBA_SESSION_MAX_DAYS", "2");
            jail.set_env("HOCBA_SESSION_IDLE_MINUTES", "1");
            assert!(Settings::load(None).is_err());
            Ok(())
        });
    }

    #[test]
    fn a_missing_config_file_is_an_error() {
        Jail::expect_with(|_| {
            assert!(matches!(
                Settings::load(Some(Path::new("nope.toml"))),
                Err(ConfigError::MissingFile(_))
            ));
            Ok(())
        });
    }

    #[test]
    fn an_unknown_key_in_the_file_is_refused() {
        Jail::expect_with(|jail| {
            jail.create_file("hocba.toml", "adr = \"127.0.0.1:1\"")?;
            assert!(Settings::load(None).is_err());
            Ok(())
        });
    }
}
