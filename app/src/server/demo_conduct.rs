//! Semester-I conduct for the demo class 6A1, so its conduct grid is not empty: mostly Tốt and
//! Khá, a few Đạt, one Chưa đạt with the homeroom teacher's comment. 6A2 is left empty. Pure
//! and deterministic, like `demo_scores`.
use super::db::conduct;
use super::db::Db;
use super::demo_data::DemoSchool;
use crate::error::AppError;

/// The class that has conduct in the demo.
pub const CONDUCT_CLASS: &str = "6A1";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoConduct {
    pub student_code: String,
    /// 'good' | 'fair' | 'pass' | 'fail'.
    pub level: &'static str,
    pub comment: &'static str,
}

pub fn semester_one(school: &DemoSchool) -> Vec<DemoConduct> {
    let Some(class) = school.classes.iter().find(|c| c.name == CONDUCT_CLASS) else {
        return Vec::new();
    };
    class
        .students
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (level, comment) = match i {
                4 => (
                    "fail",
                    "Nhiều lần vi phạm nội quy, chưa tiến bộ sau khi được nhắc nhở.",
                ),
                _ if i % 9 == 8 => ("pass", ""),
                _ if i % 3 == 1 => ("fair", ""),
                _ => ("good", ""),
            };
            DemoConduct {
                student_code: s.code.clone(),
                level,
                comment,
            }
        })
        .collect()
}

/// Stores the demo conduct of [`CONDUCT_CLASS`].
pub async fn load(db: &Db, school: &DemoSchool, school_id: i64) -> Result<(), AppError> {
    let rows = semester_one(school);
    conduct::insert_demo_s1(db, school_id, CONDUCT_CLASS, &rows).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_class_has_mostly_good_conduct_and_one_fail_with_a_comment() {
        let school = super::super::demo_data::generate(super::super::demo::DEMO_SEED);
        let rows = semester_one(&school);
        assert!(rows.len() > 20);
        let count = |l: &str| rows.iter().filter(|r| r.level == l).count();
        assert_eq!(count("fail"), 1);
        assert!(count("pass") >= 1);
        assert!(count("good") > count("fair") && count("fair") > count("pass"));
        assert!(rows
            .iter()
            .all(|r| (r.level == "fail") != r.comment.is_empty()));
        assert_eq!(rows, semester_one(&school));
    }
}
