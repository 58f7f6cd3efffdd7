//! Correction requests after lock (migration 0010) and the in-app notification box.
use super::BeginWrite;
use super::{on_db, Db, DbResult};

/// One cell named in a request: student, kind code ('regular' | 'midterm' | 'final'), slot.
#[derive(Clone, Debug, PartialEq, Eq, Hash, sqlx::FromRow)]
pub struct CellRef {
    pub student_id: i64,
    pub kind: String,
    pub slot: i64,
}

#[derive(Clone, Debug)]
pub struct NewRequest<'a> {
    pub school_id: i64,
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    pub requested_by: i64,
    pub at: i64,
    pub reason: &'a str,
    pub cells: &'a [CellRef],
}

pub async fn create(db: &Db, r: &NewRequest<'_>) -> DbResult<i64> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO correction_requests (school_id, class_id, subject_id, semester_id, \
             requested_by, requested_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(r.school_id).bind(r.class_id).bind(r.subject_id).bind(r.semester_id)
            .bind(r.requested_by).bind(r.at).bind(r.reason)
            .fetch_one(&mut *tx).await?;
        for c in r.cells {
            sqlx::query("INSERT INTO correction_cells (school_id, request_id, student_id, kind, slot) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                .bind(r.school_id).bind(id).bind(c.student_id).bind(&c.kind).bind(c.slot)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    })
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub class_id: i64,
    pub class_name: String,
    pub subject_id: i64,
    pub subject_name: String,
    pub semester_id: i64,
    pub semester_number: i64,
    pub requested_by: i64,
    pub requested_by_name: String,
    pub requested_at: i64,
    pub reason: String,
    pub status: String,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_note: Option<String>,
    pub open_until: Option<i64>,
}

const SELECT_REQUESTS: &str = "SELECT r.id, r.class_id, c.name AS class_name, r.subject_id, \
    s.name AS subject_name, r.semester_id, CAST(m.number AS BIGINT) AS semester_number, \
    r.requested_by, ru.full_name AS requested_by_name, r.requested_at, r.reason, r.status, \
    du.full_name AS decided_by_name, r.decided_at, r.decision_note, r.open_until \
    FROM correction_requests r JOIN classes c ON c.id = r.class_id \
    JOIN subjects s ON s.id = r.subject_id JOIN semesters m ON m.id = r.semester_id \
    JOIN users ru ON ru.id = r.requested_by LEFT JOIN users du ON du.id = r.decided_by";

pub async fn find(db: &Db, school_id: i64, id: i64) -> DbResult<Option<RequestRow>> {
    let sql = format!("{SELECT_REQUESTS} WHERE r.school_id = $1 AND r.id = $2");
    Ok(on_db!(db, p => sqlx::query_as(&sql).bind(school_id).bind(id).fetch_optional(p).await?))
}

/// The school's requests, newest first; only `requested_by`'s when given.
pub async fn list(db: &Db, school_id: i64, requested_by: Option<i64>) -> DbResult<Vec<RequestRow>> {
    let sql = format!(
        "{SELECT_REQUESTS} WHERE r.school_id = $1 AND ($2 = 0 OR r.requested_by = $2) \
         ORDER BY r.id DESC LIMIT 200"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_id).bind(requested_by.unwrap_or(0)).fetch_all(p).await?))
}

/// The cells named by the requests `list` returns for the same filter, from the oldest listed
/// request on, in one query: (request id, cell).
pub async fn cells_of_listed(
    db: &Db,
    school_id: i64,
    requested_by: Option<i64>,
    from_request_id: i64,
) -> DbResult<Vec<(i64, CellRef)>> {
    let rows: Vec<(i64, i64, String, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT c.request_id, c.student_id, c.kind, CAST(c.slot AS BIGINT) FROM correction_cells c \
         JOIN correction_requests r ON r.id = c.request_id \
         WHERE c.school_id = $1 AND ($2 = 0 OR r.requested_by = $2) AND c.request_id >= $3 \
         ORDER BY c.id")
        .bind(school_id).bind(requested_by.unwrap_or(0)).bind(from_request_id)
        .fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|(request, student_id, kind, slot)| {
            (
                request,
                CellRef {
                    student_id,
                    kind,
                    slot,
                },
            )
        })
        .collect())
}

/// A principal's decision on a request.
#[derive(Clone, Debug)]
pub struct Decision<'a> {
    /// 'approved' | 'refused'.
    pub status: &'a str,
    pub by: i64,
    pub at: i64,
    pub note: Option<&'a str>,
    /// Required with an approval.
    pub open_until: Option<i64>,
}

/// Records the decision on a pending request; false when it is not pending.
pub async fn decide(db: &Db, school_id: i64, id: i64, d: &Decision<'_>) -> DbResult<bool> {
    let n = on_db!(db, p => sqlx::query(
        "UPDATE correction_requests SET status = $1, decided_by = $2, decided_at = $3, \
         decision_note = $4, open_until = $5 WHERE id = $6 AND school_id = $7 AND status = 'pending'")
        .bind(d.status).bind(d.by).bind(d.at).bind(d.note).bind(d.open_until).bind(id).bind(school_id)
        .execute(p).await?.rows_affected());
    Ok(n == 1)
}

/// A cell opened to a teacher by an approved request.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Grant {
    pub request_id: i64,
    pub reason: String,
    pub open_until: i64,
    pub student_id: i64,
    pub kind: String,
    pub slot: i64,
}

/// The cells of one sheet that approved requests of `user_id` open (expired ones included).
pub async fn grants(
    db: &Db,
    user_id: i64,
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
) -> DbResult<Vec<Grant>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT r.id AS request_id, r.reason, r.open_until, c.student_id, c.kind, \
           CAST(c.slot AS BIGINT) AS slot \
         FROM correction_requests r JOIN correction_cells c ON c.request_id = r.id \
         WHERE r.requested_by = $1 AND r.class_id = $2 AND r.subject_id = $3 \
           AND r.semester_id = $4 AND r.status = 'approved' AND r.open_until IS NOT NULL \
         ORDER BY r.open_until DESC")
        .bind(user_id).bind(class_id).bind(subject_id).bind(semester_id).fetch_all(p).await?))
}

/// The school's active users holding one of `roles`.
pub async fn users_with_roles(db: &Db, school_id: i64, roles: &[&str]) -> DbResult<Vec<i64>> {
    let mut out = Vec::new();
    for role in roles {
        let ids: Vec<i64> = on_db!(db, p => sqlx::query_scalar(
            "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE u.school_id = $1 AND r.role = $2 AND u.is_active = TRUE")
            .bind(school_id).bind(*role).fetch_all(p).await?);
        out.extend(ids);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// One message to each of `users` (the same text parameters and link).
pub async fn notify(
    db: &Db,
    school_id: i64,
    users: &[i64],
    kind: &str,
    params: &str,
    link: &str,
    at: i64,
) -> DbResult<()> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for user in users {
            sqlx::query("INSERT INTO notifications (school_id, user_id, kind, params, link, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(school_id).bind(*user).bind(kind).bind(params).bind(link).bind(at)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub params: String,
    pub link: String,
    pub created_at: i64,
}

/// The user's unread notifications, newest first.
pub async fn unread(db: &Db, user_id: i64) -> DbResult<Vec<NotificationRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, kind, params, link, created_at FROM notifications \
         WHERE user_id = $1 AND read_at IS NULL ORDER BY id DESC LIMIT 50")
        .bind(user_id).fetch_all(p).await?))
}

pub async fn mark_read(db: &Db, user_id: i64, id: i64, at: i64) -> DbResult<bool> {
    let n = on_db!(db, p => sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL")
        .bind(at).bind(id).bind(user_id).execute(p).await?.rows_affected());
    Ok(n == 1)
}
