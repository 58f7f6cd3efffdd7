//! The school's results for the leaders' dashboard: each class's summary (the same computation
//! as the class summary page and the học bạ), counted into bands and levels per class, summed
//! per grade level, with the students at risk.
use super::context::Caller;
use super::db::attendance::{absence_totals, semesters_of_year};
use super::db::{classes, conduct, home, Db};
use super::grade_sheet::{summary, Period};
use crate::api::dashboard::{GroupResults, SchoolResults, StudentAtRisk, SubjectBands};
use crate::domain::attendance::standing;
use crate::domain::conduct_entry::level_from_code;
use crate::domain::grading::SubjectResult;
use crate::domain::result_stats::{is_failing, Bands, LevelCounts};
use crate::domain::role::Role;
use crate::error::AppError;
use std::collections::{BTreeMap, HashMap};

fn conduct_term(period: Period) -> &'static str {
    match period {
        Period::Semester(1) => "s1",
        Period::Semester(_) => "s2",
        Period::Year => "year",
    }
}

/// Adds a class's subject bands into a grade level's, subject by subject.
fn merge(into: &mut Vec<SubjectBands>, from: &[SubjectBands]) {
    for s in from {
        match into.iter_mut().find(|x| x.subject_id == s.subject_id) {
            Some(x) => x.bands += s.bands,
            None => into.push(s.clone()),
        }
    }
}

pub async fn results(db: &Db, caller: &Caller, period: &str) -> Result<SchoolResults, AppError> {
    if !(caller.has(Role::Principal) || caller.has(Role::Admin)) {
        return Err(AppError::Forbidden);
    }
    let period_value =
        Period::parse(period).ok_or_else(|| AppError::BadRequest("period".into()))?;
    let (year_id, year_name) = home::current_year(db, caller.school_id)
        .await?
        .ok_or(AppError::NoCurrentYear)?;
    let semester_ids: Vec<i64> = semesters_of_year(db, caller.school_id, year_id)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let term = conduct_term(period_value);

    let mut class_results = Vec::new();
    let mut at_risk = Vec::new();
    for class in classes::of_year(db, caller.school_id, year_id).await? {
        let s = summary(db, class, period_value).await?;
        let class = &s.class;
        let conduct_of: HashMap<i64, Option<String>> =
            conduct::rows_of_class(db, class.id, year_id)
                .await?
                .into_iter()
                .filter(|r| r.term == term)
                .map(|r| (r.student_id, r.level))
                .collect();
        let absences: HashMap<i64, u32> = absence_totals(db, class.id, &semester_ids)
            .await?
            .into_iter()
            .map(|a| {
                let n = u32::try_from(a.excused + a.unexcused).unwrap_or(u32::MAX);
                (a.student_id, n)
            })
            .collect();

        let mut subjects: Vec<SubjectBands> = s
            .subjects
            .iter()
            .map(|x| SubjectBands {
                subject_id: x.id,
                subject_name: x.name.clone(),
                commented: x.assessment_kind == "comment",
                bands: Bands::default(),
            })
            .collect();
        let mut learning = LevelCounts::default();
        let mut conduct_levels = LevelCounts::default();
        for row in &s.rows {
            let mut failing = Vec::new();
            for (i, outcome) in row.subjects.iter().enumerate() {
                let result = outcome.subject_result();
                subjects[i].bands.count(result);
                if is_failing(result) {
                    let shown = match result.value() {
                        Some(SubjectResult::Scored(a)) => a.format_vi(),
                        _ => "CĐ".to_string(),
                    };
                    failing.push(format!("{} {shown}", s.subjects[i].name));
                }
            }
            learning.count(row.learning.clone().value().map(|l| l.level));
            conduct_levels.count(
                conduct_of
                    .get(&row.student.id)
                    .and_then(|l| l.as_deref())
                    .and_then(level_from_code),
            );
            let absent = absences.get(&row.student.id).copied().unwrap_or(0);
            let absence_warning = standing(absent).warns();
            if !failing.is_empty() || absence_warning {
                at_risk.push(StudentAtRisk {
                    student_id: row.student.id,
                    code: row.student.code.clone(),
                    full_name: row.student.full_name.clone(),
                    class_id: class.id,
                    class_name: class.name.clone(),
                    failing,
                    absences: absent,
                    absence_warning,
                });
            }
        }
        class_results.push(GroupResults {
            class_id: Some(class.id),
            name: class.name.clone(),
            grade: class.grade,
            students: u32::try_from(s.rows.len()).unwrap_or(u32::MAX),
            learning,
            conduct: conduct_levels,
            subjects,
        });
    }

    let mut grades: BTreeMap<i64, GroupResults> = BTreeMap::new();
    for c in &class_results {
        let g = grades.entry(c.grade).or_insert_with(|| GroupResults {
            class_id: None,
            name: c.grade.to_string(),
            grade: c.grade,
            students: 0,
            learning: LevelCounts::default(),
            conduct: LevelCounts::default(),
            subjects: Vec::new(),
        });
        g.students += c.students;
        g.learning += c.learning;
        g.conduct += c.conduct;
        merge(&mut g.subjects, &c.subjects);
    }
    Ok(SchoolResults {
        school_year: year_name,
        period: period.to_string(),
        classes: class_results,
        grades: grades.into_values().collect(),
        at_risk,
    })
}
