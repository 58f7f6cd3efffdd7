//! Class announcements: written with their audit row and a notice to each family account of
//! the class, in one transaction.
use super::audit::{append_audit, AuditEntry};
use super::conduct::Via;
use super::BeginWrite;
use super::{now, on_db, Db, DbResult};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AnnouncementRow {
    pub id: i64,
    pub class_id: i64,
    pub author_name: String,
    pub title: String,
    pub body: String,
    pub created_at: i64,
}

/// The class's announcements in force, newest first.
pub async fn of_class(db: &Db, class_id: i64, limit: i64) -> DbResult<Vec<AnnouncementRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT a.id, a.class_id, u.full_name AS author_name, a.title, a.body, a.created_at \
         FROM class_announcements a JOIN users u ON u.id = a.author_id \
         WHERE a.class_id = $1 AND a.withdrawn_at IS NULL \
         ORDER BY a.created_at DESC, a.id DESC LIMIT $2")
        .bind(class_id).bind(limit).fetch_all(p).await?))
}

/// Posts an announcement; returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn post(
    db: &Db,
    school_id: i64,
    class_id: i64,
    author_id: i64,
    title: &str,
    body: &str,
    notice_params: &str,
    via: Via<'_>,
) -> DbResult<i64> {
    let at = now();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO class_announcements (school_id, class_id, author_id, title, body, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(school_id).bind(class_id).bind(author_id).bind(title).bind(body).bind(at)
            .fetch_one(&mut *tx).await?;
        let audit = AuditEntry {
            school_id,
            actor_user_id: Some(author_id),
            action: "create",
            entity: "class_announcement",
            entity_id: id.to_string(),
            new_value: Some(format!("{title}: {body}")),
            source: via.source,
            ip: via.ip,
            request_id: via.request_id,
            class_id: Some(class_id),
            ..AuditEntry::default()
        };
        append_audit!(&mut *tx, &audit, at)?;
        // A notice to every family account of the class: guardians and the students' own.
        sqlx::query(
            "INSERT INTO notifications (school_id, user_id, kind, params, link, created_at) \
             SELECT DISTINCT $1, x.user_id, 'class_announcement', $2, $3, $4 FROM ( \
               SELECT g.user_id FROM guardians g JOIN enrolments e ON e.student_id = g.student_id \
                 WHERE e.class_id = $5 AND e.status = 'active' AND g.user_id IS NOT NULL \
               UNION SELECT st.user_id FROM students st JOIN enrolments e ON e.student_id = st.id \
                 WHERE e.class_id = $5 AND e.status = 'active' AND st.user_id IS NOT NULL) x")
            .bind(school_id).bind(notice_params).bind("/").bind(at).bind(class_id)
            .execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(id)
    })
}
