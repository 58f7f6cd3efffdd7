//! The school's structure as the admin pages show it.
use crate::api::school_structure::{
    GradeLevelInfo, SchoolStructure, SchoolYearInfo, SemesterInfo, SubjectGradeInfo, SubjectInfo,
};
use crate::domain::grading::required_regular_count;
use crate::domain::structure::subject::AssessmentKind;
use crate::server::db::{school_years, subjects, Db, DbResult};

pub async fn structure(db: &Db, school_id: i64) -> DbResult<SchoolStructure> {
    let level = school_years::school_level(db, school_id).await?;
    let semesters = school_years::semesters(db, school_id).await?;
    let grade_levels = school_years::grade_levels(db, school_id).await?;
    let years = school_years::list(db, school_id)
        .await?
        .into_iter()
        .map(|y| SchoolYearInfo {
            semesters: semesters
                .iter()
                .filter(|s| s.school_year_id == y.id)
                .map(|s| SemesterInfo {
                    id: s.id,
                    number: s.number,
                    start: s.start_date.to_string(),
                    end: s.end_date.to_string(),
                })
                .collect(),
            grade_levels: grade_levels
                .iter()
                .filter(|g| g.school_year_id == y.id)
                .map(|g| GradeLevelInfo {
                    grade: g.grade,
                    rule_set: g.rule_set.clone(),
                })
                .collect(),
            id: y.id,
            name: y.name,
            is_current: y.is_current,
        })
        .collect();
    let grades = subjects::grades(db, school_id).await?;
    let subjects = subjects::list(db, school_id)
        .await?
        .into_iter()
        .map(|s| {
            let kind =
                AssessmentKind::from_code(&s.assessment_kind).unwrap_or(AssessmentKind::Scored);
            SubjectInfo {
                grades: grades
                    .iter()
                    .filter(|g| g.subject_id == s.id)
                    .map(|g| SubjectGradeInfo {
                        grade: g.grade,
                        periods_per_year: g.periods_per_year,
                        configured_regular: g.regular_assessments,
                        regular_required: match kind {
                            AssessmentKind::Comment => {
                                crate::domain::grading::comment::COMMENT_REGULAR_COUNT as i64
                            }
                            AssessmentKind::Scored => required_regular_count(
                                u16::try_from(g.periods_per_year).unwrap_or(u16::MAX),
                                g.regular_assessments.and_then(|n| usize::try_from(n).ok()),
                            ) as i64,
                        },
                    })
                    .collect(),
                id: s.id,
                code: s.code,
                name: s.name,
                kind,
            }
        })
        .collect();
    Ok(SchoolStructure {
        grades: level.grades().map(i64::from).collect(),
        years,
        subjects,
        can_edit: false,
    })
}
