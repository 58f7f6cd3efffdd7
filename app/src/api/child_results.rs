//! A family's view of one child (issue 8): each subject's scores as the school publishes them,
//! the semester and year results, conduct, comments, absences, rewards and discipline. What
//! the school has not published yet (`FamilyVisibility`) is left out on the server, never
//! merely hidden on the page.
use crate::api::distinctions::DistinctionItem;
use crate::api::grade_grid::GridMark;
use crate::domain::grading::{LearningResult, Level, SubjectResult, Title};
use crate::domain::publication::FamilyVisibility;
use crate::domain::year_end_review::OutcomeKind;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One assessment as the family sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildCell {
    /// "8.5", "Đ", "CĐ", "0"; empty when not entered yet or absent.
    pub text: String,
    pub mark: Option<GridMark>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildSubject {
    pub id: i64,
    pub name: String,
    /// Assessed by comment (Đạt / Chưa đạt).
    pub comment: bool,
    pub teacher: Option<String>,
}

/// One subject in one period. Unpublished: no scores, no result, no comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildSubjectResult {
    pub subject_id: i64,
    pub published: bool,
    /// Regular assessments by slot (semesters only).
    pub regular: Vec<ChildCell>,
    pub midterm: Option<ChildCell>,
    #[serde(rename = "final")]
    pub final_: Option<ChildCell>,
    /// The average or Đạt / Chưa đạt; None while incomplete or unpublished.
    pub result: Option<SubjectResult>,
    /// The teacher's comment (nhận xét), semesters only.
    pub comment: String,
}

/// The confirmed year-end outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildYearEnd {
    pub outcome: OutcomeKind,
    pub title: Option<Title>,
}

/// Semester 1, semester 2 or the whole year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildPeriod {
    /// "1", "2" or "year".
    pub period: String,
    /// Every subject of the period is published: the learning result and conduct show.
    pub published: bool,
    /// One per [`ChildResults::subjects`], same order.
    pub subjects: Vec<ChildSubjectResult>,
    pub learning: Option<LearningResult<i64>>,
    pub conduct: Option<Level>,
    /// The homeroom teacher's comment on conduct.
    pub conduct_comment: String,
    pub excused: i64,
    pub unexcused: i64,
    pub late: i64,
    pub year_end: Option<ChildYearEnd>,
}

/// One session the child was absent or late.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildAbsence {
    /// 1 or 2.
    pub semester: i64,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// "morning" | "afternoon".
    pub session: String,
    /// "excused" | "unexcused" | "late".
    pub status: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildResults {
    pub code: String,
    pub full_name: String,
    pub school_name: String,
    pub school_year: Option<String>,
    pub class_name: Option<String>,
    pub homeroom_teacher: Option<String>,
    /// When this school publishes scores to families.
    pub visibility: FamilyVisibility,
    pub subjects: Vec<ChildSubject>,
    /// Semester 1, semester 2, then the year (empty when the child has no class this year).
    pub periods: Vec<ChildPeriod>,
    /// Newest first.
    pub absences: Vec<ChildAbsence>,
    /// Rewards and discipline in force (withdrawn records are not shown to families).
    pub distinctions: Vec<DistinctionItem>,
    /// The class's announcements, newest first.
    #[serde(default)]
    pub announcements: Vec<crate::api::announcements::ClassAnnouncement>,
}

/// The results of a child the caller's family account sees (404 for any other code).
#[server(prefix = "/api", endpoint = "family/child")]
pub async fn load_child_results(code: String) -> Result<ChildResults, AppError> {
    use crate::server::context::{require_user, respond, state};
    respond(async {
        let caller = require_user().await?;
        crate::server::child_results::load(&state()?.db, &caller, code.trim()).await
    })
    .await
}
