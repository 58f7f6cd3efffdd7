//! Loading the demo school: generated data, one shared password for its accounts.
use super::auth::hash_password;
use super::db::{seed, Db};
use crate::domain::publication::FamilyVisibility;
use crate::error::AppError;

/// The password of every demo account, listed in the README. Demo data only.
pub const DEMO_PASSWORD: &str = "hocba2026";
/// The same seed gives the same school, so the README can name its accounts.
pub const DEMO_SEED: u64 = 2026;

/// Inserts the demo school; returns its id.
pub async fn load(db: &Db) -> Result<i64, AppError> {
    let school = super::demo_data::generate(DEMO_SEED);
    let hash = hash_password(DEMO_PASSWORD.into()).await?;
    let school_id = seed::insert_demo(db, &school, &hash).await?;
    let scores = super::demo_scores::semester_one(&school, DEMO_SEED);
    seed::insert_demo_scores(db, &school, school_id, &scores).await?;
    super::demo_conduct::load(db, &school, school_id).await?;
    super::demo_attendance::load(db, school_id).await?;
    // The demo's families see semester I as it is entered (a new school starts at "after
    // approval"), so a newcomer signing in as a parent sees a real record.
    super::db::sheet_reviews::set_family_visibility(db, school_id, FamilyVisibility::OnSave)
        .await?;
    Ok(school_id)
}

/// Loads the demo school only into an empty database (the first start).
pub async fn load_if_empty(db: &Db) -> Result<Option<i64>, AppError> {
    if seed::is_empty(db).await? {
        load(db).await.map(Some)
    } else {
        Ok(None)
    }
}
