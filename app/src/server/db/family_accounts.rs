//! Family accounts in the database: the students of a class (or the school) with the accounts
//! they have, creating the missing ones with their links in one transaction, new passwords for
//! accounts never used, and linking a second child to a parent's account.
use super::audit::{append_audit, AuditEntry};
use super::BeginWrite;
use super::{on_db, Db, DbError, DbResult};
use crate::domain::family_accounts::AccountKind;

/// An account of a student's family as it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Existing {
    pub user_id: i64,
    /// Still on the slip's password: never signed in.
    pub unused: bool,
    pub active: bool,
    /// The account belongs to this student (not someone else who took the name).
    pub theirs: bool,
}

/// A student of the current year with the family accounts named after their code.
#[derive(Clone, Debug)]
pub struct StudentAccounts {
    pub student_id: i64,
    pub code: String,
    pub full_name: String,
    pub class_name: String,
    pub guardian_name: Option<String>,
    pub parent: Option<Existing>,
    pub student: Option<Existing>,
}

type Row = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<bool>,
    Option<bool>,
    Option<i64>,
    Option<i64>,
    Option<bool>,
    Option<bool>,
    Option<i64>,
);

/// The active students of `year_id` in `class_id` (every class when `None`).
pub async fn students(
    db: &Db,
    school_id: i64,
    year_id: i64,
    class_id: Option<i64>,
) -> DbResult<Vec<StudentAccounts>> {
    // The parent account is the one named by the code; the student's is named "hs" + code.
    // `theirs`: a parent account linked to the student as a guardian, a student account set
    // as the student's own.
    let sql = format!(
        "SELECT st.id, st.code, st.full_name, c.name, \
           (SELECT g.full_name FROM guardians g WHERE g.student_id = st.id ORDER BY g.id LIMIT 1), \
           pu.id, pu.must_change_password, pu.is_active, \
           (SELECT MIN(g.id) FROM guardians g WHERE g.student_id = st.id AND g.user_id = pu.id), \
           su.id, su.must_change_password, su.is_active, st.user_id \
         FROM enrolments e \
         JOIN students st ON st.id = e.student_id \
         JOIN classes c ON c.id = e.class_id \
         LEFT JOIN users pu ON pu.username = LOWER(st.code) \
         LEFT JOIN users su ON su.username = 'hs' || LOWER(st.code) \
         WHERE e.school_id = $1 AND e.school_year_id = $2 AND e.status = 'active' {} \
         ORDER BY c.name, st.id",
        if class_id.is_some() {
            "AND e.class_id = $3"
        } else {
            ""
        }
    );
    let rows: Vec<Row> = on_db!(db, p => {
        let q = sqlx::query_as(&sql).bind(school_id).bind(year_id);
        let q = match class_id { Some(c) => q.bind(c), None => q };
        q.fetch_all(p).await?
    });
    Ok(rows
        .into_iter()
        .map(|r| {
            let parent = r.5.map(|user_id| Existing {
                user_id,
                unused: r.6.unwrap_or(false),
                active: r.7.unwrap_or(false),
                theirs: r.8.is_some(),
            });
            let student = r.9.map(|user_id| Existing {
                user_id,
                unused: r.10.unwrap_or(false),
                active: r.11.unwrap_or(false),
                theirs: r.12 == Some(user_id),
            });
            StudentAccounts {
                student_id: r.0,
                code: r.1,
                full_name: r.2,
                class_name: r.3,
                guardian_name: r.4,
                parent,
                student,
            }
        })
        .collect())
}

/// Who does it, for the audit log.
pub struct Actor<'a> {
    pub school_id: i64,
    pub user_id: i64,
    pub ip: &'a str,
    pub request_id: &'a str,
    pub at: i64,
}

impl Actor<'_> {
    fn audit<'a>(
        &'a self,
        action: &'a str,
        username: &str,
        new_value: String,
        student_id: i64,
    ) -> AuditEntry<'a> {
        AuditEntry {
            school_id: self.school_id,
            actor_user_id: Some(self.user_id),
            action,
            entity: "user",
            entity_id: username.to_string(),
            old_value: None,
            new_value: Some(new_value),
            reason: None,
            source: "web",
            ip: self.ip,
            request_id: self.request_id,
            student_id: Some(student_id),
            class_id: None,
            subject_id: None,
            semester_id: None,
        }
    }
}

/// An account to create (and link to its student), or one never used that gets a new password.
pub enum Write<'a> {
    Create {
        student_id: i64,
        kind: AccountKind,
        username: &'a str,
        full_name: &'a str,
        password_hash: &'a str,
    },
    NewPassword {
        student_id: i64,
        user_id: i64,
        username: &'a str,
        password_hash: &'a str,
    },
}

/// Writes every account of a batch in one transaction: all of them or, on any failure, none
/// (a slip is printed only for an account that exists). A name taken meanwhile is
/// [`DbError::Conflict`]; an account used meanwhile keeps its password ([`DbError::Conflict`]
/// too: the admin runs the batch again).
pub async fn write(db: &Db, writes: &[Write<'_>], actor: &Actor<'_>) -> DbResult<()> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for w in writes {
            match w {
                Write::Create { student_id, kind, username, full_name, password_hash } => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO users (school_id, username, full_name, password_hash, \
                         must_change_password, is_active, password_changed_at, created_at) \
                         VALUES ($1, $2, $3, $4, TRUE, TRUE, $5, $5) RETURNING id")
                        .bind(actor.school_id).bind(*username).bind(*full_name)
                        .bind(*password_hash).bind(actor.at)
                        .fetch_one(&mut *tx).await.map_err(DbError::from_write)?;
                    sqlx::query("INSERT INTO user_roles (school_id, user_id, role) \
                                 VALUES ($1, $2, $3)")
                        .bind(actor.school_id).bind(id).bind(kind.role_code())
                        .execute(&mut *tx).await?;
                    match kind {
                        AccountKind::Parent => {
                            let linked = sqlx::query(
                                "UPDATE guardians SET user_id = $1 \
                                 WHERE student_id = $2 AND school_id = $3 AND user_id IS NULL")
                                .bind(id).bind(*student_id).bind(actor.school_id)
                                .execute(&mut *tx).await?.rows_affected();
                            if linked == 0 {
                                sqlx::query(
                                    "INSERT INTO guardians (school_id, student_id, full_name, \
                                     relationship, user_id) VALUES ($1, $2, $3, $4, $5)")
                                    .bind(actor.school_id).bind(*student_id).bind(*full_name)
                                    .bind("Phụ huynh").bind(id)
                                    .execute(&mut *tx).await?;
                            }
                        }
                        AccountKind::Student => {
                            sqlx::query("UPDATE students SET user_id = $1 \
                                         WHERE id = $2 AND school_id = $3")
                                .bind(id).bind(*student_id).bind(actor.school_id)
                                .execute(&mut *tx).await?;
                        }
                    }
                    let what = format!("{} account", kind.role_code());
                    let audit = actor.audit("create", username, what, *student_id);
                    append_audit!(&mut *tx, &audit, actor.at)?;
                }
                Write::NewPassword { student_id, user_id, username, password_hash } => {
                    let changed = sqlx::query(
                        "UPDATE users SET password_hash = $1, password_changed_at = $2 \
                         WHERE id = $3 AND school_id = $4 AND must_change_password = TRUE \
                         AND is_active = TRUE")
                        .bind(*password_hash).bind(actor.at).bind(*user_id).bind(actor.school_id)
                        .execute(&mut *tx).await?.rows_affected();
                    if changed == 0 {
                        return Err(DbError::Conflict);
                    }
                    let audit = actor.audit("password_reset", username, "new slip".into(), *student_id);
                    append_audit!(&mut *tx, &audit, actor.at)?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    })
}

/// A parent account named by a student code, with what linking needs to know.
#[derive(Clone, Debug)]
pub struct SlipAccount {
    pub user_id: i64,
    pub password_hash: String,
    pub unused: bool,
    pub active: bool,
    pub student_id: i64,
}

/// The parent account of the student with `code` in the school, if it is one.
pub async fn slip_account(db: &Db, school_id: i64, code: &str) -> DbResult<Option<SlipAccount>> {
    let row: Option<(i64, String, bool, bool, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT u.id, u.password_hash, u.must_change_password, u.is_active, st.id \
         FROM users u \
         JOIN user_roles r ON r.user_id = u.id AND r.role = 'parent' \
         JOIN students st ON LOWER(st.code) = u.username AND st.school_id = u.school_id \
         WHERE u.username = $1 AND u.school_id = $2")
        .bind(code).bind(school_id).fetch_optional(p).await?);
    Ok(row.map(
        |(user_id, password_hash, unused, active, student_id)| SlipAccount {
            user_id,
            password_hash,
            unused,
            active,
            student_id,
        },
    ))
}

/// Whether the family account `user_id` already sees the student.
pub async fn sees(db: &Db, user_id: i64, student_id: i64) -> DbResult<bool> {
    let n: i64 = on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM guardians WHERE user_id = $1 AND student_id = $2")
        .bind(user_id).bind(student_id).fetch_one(p).await?);
    Ok(n > 0)
}

/// Links the student of an unused slip account to `parent_id` and closes the slip account (its
/// sessions end). [`DbError::Conflict`] when the slip was used or linked meanwhile.
pub async fn link_child(
    db: &Db,
    parent_id: i64,
    parent_username: &str,
    slip: &SlipAccount,
    actor: &Actor<'_>,
) -> DbResult<()> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let closed = sqlx::query(
            "UPDATE users SET is_active = FALSE \
             WHERE id = $1 AND school_id = $2 AND is_active = TRUE AND must_change_password = TRUE")
            .bind(slip.user_id).bind(actor.school_id)
            .execute(&mut *tx).await?.rows_affected();
        if closed == 0 {
            return Err(DbError::Conflict);
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(slip.user_id).execute(&mut *tx).await?;
        let moved = sqlx::query(
            "UPDATE guardians SET user_id = $1 WHERE student_id = $2 AND user_id = $3")
            .bind(parent_id).bind(slip.student_id).bind(slip.user_id)
            .execute(&mut *tx).await?.rows_affected();
        if moved == 0 {
            sqlx::query("INSERT INTO guardians (school_id, student_id, full_name, relationship, \
                         user_id) SELECT $1, $2, full_name, $3, id FROM users WHERE id = $4")
                .bind(actor.school_id).bind(slip.student_id).bind("Phụ huynh").bind(parent_id)
                .execute(&mut *tx).await?;
        }
        let what = format!("slip account {} closed", slip.user_id);
        let audit = actor.audit("link_child", parent_username, what, slip.student_id);
        append_audit!(&mut *tx, &audit, actor.at)?;
        tx.commit().await?;
        Ok(())
    })
}
