//! The classes of a school year with everything the admin's class page shows.
use crate::api::class_admin::{AssignmentInfo, ClassAdmin, ClassInfo, SubjectColumn, TeacherInfo};
use crate::error::AppError;
use crate::server::db::{class_admin, school_years, subjects, Db};

pub async fn overview(
    db: &Db,
    school_id: i64,
    year_id: Option<i64>,
) -> Result<ClassAdmin, AppError> {
    let years = school_years::list(db, school_id).await?;
    let year = match year_id {
        Some(id) => years.iter().find(|y| y.id == id),
        None => years.iter().find(|y| y.is_current).or(years.first()),
    }
    .ok_or(AppError::NotFound)?;
    let level = school_years::school_level(db, school_id).await?;
    let grades = subjects::grades(db, school_id).await?;
    Ok(ClassAdmin {
        year_id: year.id,
        year_name: year.name.clone(),
        years: years.iter().map(|y| (y.id, y.name.clone())).collect(),
        grades: level.grades().map(i64::from).collect(),
        classes: class_admin::list(db, school_id, year.id)
            .await?
            .into_iter()
            .map(|c| ClassInfo {
                id: c.id,
                name: c.name,
                grade: c.grade,
                homeroom_teacher_id: c.homeroom_teacher_id,
                homeroom_teacher: c.homeroom_teacher,
                students: c.students,
            })
            .collect(),
        subjects: subjects::list(db, school_id)
            .await?
            .into_iter()
            .map(|s| SubjectColumn {
                grades: grades
                    .iter()
                    .filter(|g| g.subject_id == s.id)
                    .map(|g| g.grade)
                    .collect(),
                id: s.id,
                code: s.code,
                name: s.name,
            })
            .collect(),
        assignments: class_admin::assignments(db, school_id, year.id)
            .await?
            .into_iter()
            .map(|a| AssignmentInfo {
                class_id: a.class_id,
                subject_id: a.subject_id,
                teacher_id: a.teacher_id,
                teacher: a.teacher,
            })
            .collect(),
        teachers: class_admin::teachers(db, school_id)
            .await?
            .into_iter()
            .map(|t| TeacherInfo {
                id: t.id,
                full_name: t.full_name,
                username: t.username,
            })
            .collect(),
        can_edit: false,
    })
}

/// The school year a class belongs to.
pub async fn year_of(db: &Db, school_id: i64, class_id: i64) -> Result<i64, AppError> {
    class_admin::year_of(db, school_id, class_id)
        .await?
        .ok_or(AppError::NotFound)
}
