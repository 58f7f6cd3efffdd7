//! Class announcements: the homeroom teacher and the board post for a class; the class's
//! teachers read them; families read their child's class's through `child_results`.
use super::context::{origin, Caller};
use super::db::announcements::{self as store, AnnouncementRow};
use super::db::classes::ClassRow;
use super::db::conduct::Via;
use super::db::{classes, Db};
use super::grade_sheet::{class_in_school, may_view_summary};
use super::plain_text::strip_markup;
use crate::api::announcements::ClassAnnouncement;
use crate::domain::announcement::check;
use crate::error::AppError;

pub fn item(r: AnnouncementRow) -> ClassAnnouncement {
    ClassAnnouncement {
        id: r.id,
        title: r.title,
        body: r.body,
        author: r.author_name,
        created_at: r.created_at,
    }
}

async fn may_read(db: &Db, caller: &Caller, class: &ClassRow) -> Result<bool, AppError> {
    Ok(
        may_view_summary(caller, class)
            || classes::teaches_in(db, caller.user_id, class.id).await?,
    )
}

pub async fn of_class(
    db: &Db,
    caller: &Caller,
    class_id: i64,
) -> Result<Vec<ClassAnnouncement>, AppError> {
    let class = class_in_school(db, caller, class_id).await?;
    if !may_read(db, caller, &class).await? {
        return Err(AppError::Forbidden);
    }
    Ok(store::of_class(db, class.id, 50)
        .await?
        .into_iter()
        .map(item)
        .collect())
}

pub async fn post(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    title: &str,
    body: &str,
) -> Result<ClassAnnouncement, AppError> {
    let class = class_in_school(db, caller, class_id).await?;
    if !may_view_summary(caller, &class) {
        tracing::warn!(user = caller.user_id, class_id, "announcement refused");
        return Err(AppError::Forbidden);
    }
    let (title, body) =
        check(&strip_markup(title), &strip_markup(body)).map_err(AppError::Announcement)?;
    let params = serde_json::json!({ "class": class.name, "title": title }).to_string();
    let o = origin();
    let id = store::post(
        db,
        caller.school_id,
        class.id,
        caller.user_id,
        &title,
        &body,
        &params,
        Via {
            source: "web",
            ip: &o.ip,
            request_id: &o.request_id,
        },
    )
    .await?;
    store::of_class(db, class.id, 50)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .map(item)
        .ok_or(AppError::Internal)
}
