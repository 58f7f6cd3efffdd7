//! Accounts and their roles.
use super::BeginWrite;
use super::{now, on_db, Db, DbError, DbResult};
use crate::api::admin_users::UserSummary;
use crate::domain::role::Role;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub school_id: i64,
    pub username: String,
    pub full_name: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub is_active: bool,
}

const USER_COLUMNS: &str =
    "id, school_id, username, full_name, password_hash, must_change_password, is_active";

pub struct NewUser<'a> {
    pub school_id: i64,
    pub username: &'a str,
    pub full_name: &'a str,
    pub email: Option<&'a str>,
    pub password_hash: &'a str,
    pub must_change_password: bool,
    pub roles: &'a [Role],
}

pub async fn find_by_username(db: &Db, username: &str) -> DbResult<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(username).fetch_optional(p).await?))
}

pub async fn find_by_id(db: &Db, id: i64) -> DbResult<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await?))
}

pub async fn roles_of(db: &Db, user_id: i64) -> DbResult<Vec<Role>> {
    let codes: Vec<String> = on_db!(db, p => sqlx::query_scalar(
        "SELECT role FROM user_roles WHERE user_id = $1").bind(user_id).fetch_all(p).await?);
    let mut roles = parse_roles(&codes)?;
    roles.sort();
    Ok(roles)
}

fn parse_roles(codes: &[String]) -> DbResult<Vec<Role>> {
    codes
        .iter()
        .map(|c| Role::from_code(c).ok_or_else(|| DbError::Corrupt(format!("role {c}"))))
        .collect()
}

/// Creates the account and its roles in one transaction; a taken username is [`DbError::Conflict`].
pub async fn create_user(db: &Db, user: &NewUser<'_>) -> DbResult<i64> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (school_id, username, full_name, email, password_hash, \
             must_change_password, is_active, password_changed_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $7) RETURNING id")
            .bind(user.school_id).bind(user.username).bind(user.full_name).bind(user.email)
            .bind(user.password_hash).bind(user.must_change_password).bind(at)
            .fetch_one(&mut *tx).await.map_err(DbError::from_write)?;
        for role in user.roles {
            sqlx::query("INSERT INTO user_roles (school_id, user_id, role) VALUES ($1, $2, $3)")
                .bind(user.school_id).bind(id).bind(role.code())
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    })
}

pub async fn set_roles(db: &Db, school_id: i64, user_id: i64, roles: &[Role]) -> DbResult<()> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND school_id = $2")
            .bind(user_id).bind(school_id).execute(&mut *tx).await?;
        for role in roles {
            sqlx::query("INSERT INTO user_roles (school_id, user_id, role) VALUES ($1, $2, $3)")
                .bind(school_id).bind(user_id).bind(role.code())
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

pub async fn set_password(db: &Db, user_id: i64, hash: &str, must_change: bool) -> DbResult<()> {
    on_db!(db, p => { sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = $2, password_changed_at = $3 \
         WHERE id = $4")
        .bind(hash).bind(must_change).bind(now()).bind(user_id).execute(p).await?; });
    Ok(())
}

pub async fn set_active(db: &Db, user_id: i64, active: bool) -> DbResult<()> {
    on_db!(db, p => { sqlx::query("UPDATE users SET is_active = $1 WHERE id = $2")
        .bind(active).bind(user_id).execute(p).await?; });
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    username: String,
    full_name: String,
    must_change_password: bool,
    is_active: bool,
}

/// Staff accounts of a school first, then families, each by username.
pub async fn list_users(db: &Db, school_id: i64) -> DbResult<Vec<UserSummary>> {
    let (rows, role_rows): (Vec<SummaryRow>, Vec<(i64, String)>) = on_db!(db, p => (
        sqlx::query_as("SELECT id, username, full_name, must_change_password, is_active \
                        FROM users WHERE school_id = $1 ORDER BY username")
            .bind(school_id).fetch_all(p).await?,
        sqlx::query_as("SELECT user_id, role FROM user_roles WHERE school_id = $1")
            .bind(school_id).fetch_all(p).await?,
    ));
    let mut by_user: std::collections::HashMap<i64, Vec<Role>> = Default::default();
    for (user_id, code) in role_rows {
        let role =
            Role::from_code(&code).ok_or_else(|| DbError::Corrupt(format!("role {code}")))?;
        by_user.entry(user_id).or_default().push(role);
    }
    let mut users: Vec<UserSummary> = rows
        .into_iter()
        .map(|r| {
            let mut roles = by_user.remove(&r.id).unwrap_or_default();
            roles.sort();
            UserSummary {
                id: r.id,
                username: r.username,
                full_name: r.full_name,
                roles,
                must_change_password: r.must_change_password,
                is_active: r.is_active,
            }
        })
        .collect();
    users.sort_by_key(|u| u.roles.iter().all(|r| r.is_family()));
    Ok(users)
}

pub async fn count_users(db: &Db, school_id: i64) -> DbResult<i64> {
    Ok(
        on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE school_id = $1")
        .bind(school_id).fetch_one(p).await?),
    )
}

pub async fn school_name(db: &Db, school_id: i64) -> DbResult<String> {
    Ok(
        on_db!(db, p => sqlx::query_scalar("SELECT name FROM schools WHERE id = $1")
        .bind(school_id).fetch_one(p).await?),
    )
}

/// The first school of the deployment, where `create-admin` puts its account.
pub async fn first_school(db: &Db) -> DbResult<Option<i64>> {
    Ok(
        on_db!(db, p => sqlx::query_scalar("SELECT id FROM schools ORDER BY id LIMIT 1")
        .fetch_optional(p).await?),
    )
}

pub async fn create_school(db: &Db, code: &str, name: &str, level: &str) -> DbResult<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "INSERT INTO schools (code, name, level, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(code).bind(name).bind(level).bind(now())
        .fetch_one(p).await.map_err(DbError::from_write)?))
}
