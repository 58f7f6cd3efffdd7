//! Subcommands: `serve`, `migrate`, `create-admin`, `seed-demo`.
use crate::config::Settings;
use app::domain::role::Role;
use app::domain::username::Username;
use app::server::db::{accounts, applied_edits, sessions, Db};
use app::server::state::AppState;
use clap::{Parser, Subcommand};
use leptos::config::LeptosOptions;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "hocba",
    version,
    about = "Hocba: sổ điểm điện tử, học bạ số và cổng thông tin / digital gradebook, school record and portal"
)]
pub struct Cli {
    /// A TOML configuration file (default: ./hocba.toml if present). Environment variables override it.
    #[arg(long, global = true, env = "HOCBA_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve {
        /// Load the demo school when the database holds no school yet.
        #[arg(long)]
        seed_demo_if_empty: bool,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Create an administrator account with a temporary password, printed once.
    CreateAdmin {
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// Create the school too when the database has none.
        #[arg(long, default_value = "Trường của tôi")]
        school_name: String,
        #[arg(long, default_value = "SCHOOL")]
        school_code: String,
    },
    /// Load the demo school (a THCS with grades 6–9) into the database.
    SeedDemo,
    /// Fill one demo class's whole year (semester II, conduct, absences) to try the year-end
    /// review, with students crafted to show every outcome.
    DemoYearEnd {
        /// The class, by name (e.g. 9A1).
        #[arg(long)]
        class: String,
        /// Load the demo school first when the database holds no school yet.
        #[arg(long)]
        seed_demo_if_empty: bool,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("Lỗi cơ sở dữ liệu / database error: {0}")]
    Db(#[from] app::server::db::DbError),
    #[error("{0}")]
    App(String),
    #[error("Không mở được cổng / cannot listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("Máy chủ dừng vì lỗi / server stopped: {0}")]
    Serve(std::io::Error),
}

fn app_error(e: app::error::AppError) -> CliError {
    CliError::App(format!(
        "{} / {}",
        e.message(app::i18n::Lang::Vi),
        e.message(app::i18n::Lang::En)
    ))
}

async fn open_db(settings: &Settings) -> Result<Db, CliError> {
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    Ok(db)
}

pub async fn run(command: Command, settings: Settings) -> Result<(), CliError> {
    match command {
        Command::Migrate => {
            let db = open_db(&settings).await?;
            println!(
                "Đã cập nhật cơ sở dữ liệu / database up to date ({})",
                db.kind()
            );
            Ok(())
        }
        Command::SeedDemo => {
            let db = open_db(&settings).await?;
            match app::server::demo::load(&db).await {
                Ok(id) => {
                    println!("Đã tạo trường mẫu / demo school loaded (id {id})");
                    Ok(())
                }
                Err(app::error::AppError::UsernameTaken) => Err(CliError::App(
                    "Trường mẫu đã có trong cơ sở dữ liệu / the demo school is already loaded"
                        .into(),
                )),
                Err(e) => Err(app_error(e)),
            }
        }
        Command::DemoYearEnd {
            class,
            seed_demo_if_empty,
        } => {
            let db = open_db(&settings).await?;
            if seed_demo_if_empty {
                app::server::demo::load_if_empty(&db)
                    .await
                    .map_err(app_error)?;
            }
            let done = app::server::demo_year_end::apply_named(&db, &class)
                .await
                .map_err(app_error)?;
            println!(
                "Đã tạo dữ liệu cả năm cho lớp {class} / year data for {class}: {} students, \
                 {} cells, {} conduct levels, {} absences",
                done.students, done.cells, done.conduct, done.marks
            );
            Ok(())
        }
        Command::CreateAdmin {
            username,
            full_name,
            school_name,
            school_code,
        } => {
            let db = open_db(&settings).await?;
            create_admin(&db, &username, &full_name, &school_name, &school_code).await
        }
        Command::Serve { seed_demo_if_empty } => serve(settings, seed_demo_if_empty).await,
    }
}

async fn create_admin(
    db: &Db,
    username: &str,
    full_name: &str,
    school_name: &str,
    school_code: &str,
) -> Result<(), CliError> {
    let username = Username::parse(username)
        .map_err(|p| app_error(app::error::AppError::InvalidUsername(p)))?;
    if full_name.trim().is_empty() {
        return Err(app_error(app::error::AppError::MissingField(
            "--full-name".into(),
        )));
    }
    let school_id = match accounts::first_school(db).await? {
        Some(id) => id,
        None => accounts::create_school(db, school_code, school_name, "lower_secondary").await?,
    };
    let password = app::server::auth::random_password();
    let hash = app::server::auth::hash_password(password.clone())
        .await
        .map_err(app_error)?;
    accounts::create_user(
        db,
        &accounts::NewUser {
            school_id,
            username: username.as_str(),
            full_name: full_name.trim(),
            email: None,
            password_hash: &hash,
            must_change_password: true,
            roles: &[Role::Admin],
        },
    )
    .await
    .map_err(|e| match e {
        app::server::db::DbError::Conflict => app_error(app::error::AppError::UsernameTaken),
        other => CliError::Db(other),
    })?;
    println!("Tên đăng nhập / username: {}", username.as_str());
    println!("Mật khẩu tạm thời / temporary password: {password}");
    println!("Cần đổi mật khẩu ở lần đăng nhập đầu / must be changed at first sign-in.");
    Ok(())
}

fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(std::env::var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|_| "hocba".into()))
        .site_root(settings.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(settings.addr)
        .build()
}

async fn serve(settings: Settings, seed_demo_if_empty: bool) -> Result<(), CliError> {
    let db = open_db(&settings).await?;
    if seed_demo_if_empty {
        if let Some(id) = app::server::demo::load_if_empty(&db)
            .await
            .map_err(app_error)?
        {
            tracing::info!(school = id, "demo school loaded");
        }
    }
    if !settings.site_root.join("pkg").exists() {
        tracing::warn!(site_root = %settings.site_root.display(),
            "the site is not built (run `cargo xtask build-site`): pages will not hydrate");
    }
    let state = AppState {
        db: db.clone(),
        auth: settings.auth(),
        leptos_options: leptos_options(&settings),
    };
    spawn_session_purge(db.clone(), state.auth.session_idle_secs);
    let every = std::env::var("HOCBA_MAIL_INTERVAL_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60u64)
        .max(1);
    app::server::score_notices::spawn(db.clone(), std::time::Duration::from_secs(every));
    match app::server::mailer::Mailer::from_env() {
        Some(mailer) => {
            tracing::info!(smtp = %mailer.smtp_url, every, "sending e-mail from the outbox");
            app::server::mailer::spawn(db.clone(), mailer, std::time::Duration::from_secs(every));
        }
        None => tracing::info!("HOCBA_SMTP_URL not set: e-mails wait in the outbox"),
    }
    let app = crate::router::build(state);
    let listener = tokio::net::TcpListener::bind(settings.addr)
        .await
        .map_err(|source| CliError::Listen {
            addr: settings.addr,
            source,
        })?;
    tracing::info!("Hocba: http://{} ({})", settings.addr, db.kind());
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(CliError::Serve)?;
    db.close().await;
    Ok(())
}

/// Ended sessions are deleted hourly so the table holds only live ones; so are the ids of
/// outbox edits applied more than 180 days ago.
fn spawn_session_purge(db: Db, idle_secs: i64) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match sessions::purge_expired(&db, idle_secs).await {
                Ok(n) if n > 0 => tracing::info!(sessions = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session purge failed"),
            }
            // Ids of edits replayed from offline outboxes are kept 180 days.
            match applied_edits::prune_old(&db).await {
                Ok(n) if n > 0 => tracing::info!(edit_ids = n, "old applied edit ids removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "applied edit ids purge failed"),
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
