//! A whole school year for one demo class, so the year-end review can be tried while the demo
//! year is still in semester I (`hocba demo-year-end --class 9A1`): the missing semester-I
//! cells, every semester-II cell, S1/S2 conduct and some absences. The first six students in
//! class order are crafted to cover every outcome; the others get plain, varied results.
//! The plan is pure and deterministic; [`apply`] writes it through `db::year_end`.
use super::db::scores::{self, Kind, Value};
use super::db::year_end::{self as store, DemoCell, DemoConduct, MarkRow};
use super::db::{grading, Db};
use super::grade_sheet::in_class_order;
use crate::domain::grading::Level;
use crate::domain::year_end_review::level_code;
use crate::error::AppError;
use chrono::{Datelike, NaiveDate, Weekday};

/// The outcomes the crafted students show, in class order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Crafted {
    /// Học sinh Xuất sắc: every scored subject 9.2.
    Outstanding,
    /// Học sinh Giỏi: every scored subject 8.5.
    Excellent,
    /// Learning Chưa đạt: the first two scored subjects at 3.0 → re-assessment in both.
    Reassessment,
    /// Conduct I Đạt, II Chưa đạt → summer conduct training.
    ConductTraining,
    /// 46 absent sessions (30 excused, 16 unexcused) → not promoted.
    TooManyAbsences,
    /// Seven subjects 8.5 and the first one 4.0: Đạt raised to Khá (Điều 9.3).
    Adjusted,
}

pub const CRAFTED: [Crafted; 6] = [
    Crafted::Outstanding,
    Crafted::Excellent,
    Crafted::Reassessment,
    Crafted::ConductTraining,
    Crafted::TooManyAbsences,
    Crafted::Adjusted,
];

/// A subject of the class with its grid shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    pub id: i64,
    pub comment: bool,
    pub regular: usize,
}

/// One student's year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudentPlan {
    pub student_id: i64,
    pub crafted: Option<Crafted>,
    /// (subject id, the value every cell of the subject holds in both semesters).
    pub values: Vec<(i64, Value)>,
    pub conduct: (Level, Level),
    pub excused: u16,
    pub unexcused: u16,
}

fn crafted_values(c: Crafted, subjects: &[Subject]) -> Vec<(i64, Value)> {
    let mut scored_seen = 0;
    subjects
        .iter()
        .map(|s| {
            if s.comment {
                return (s.id, Value::Pass);
            }
            scored_seen += 1;
            let tenths = match c {
                Crafted::Outstanding => 92,
                Crafted::Excellent => 85,
                Crafted::Reassessment if scored_seen <= 2 => 30,
                Crafted::Reassessment => 60,
                Crafted::ConductTraining => 70,
                Crafted::TooManyAbsences => 65,
                Crafted::Adjusted if scored_seen == 1 => 40,
                Crafted::Adjusted => 85,
            };
            (s.id, Value::Tenths(tenths))
        })
        .collect()
}

/// A small deterministic mix of two numbers.
fn mix(a: u64, b: u64, seed: u64) -> u64 {
    let mut x = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F))
        ^ seed;
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 29)
}

/// The plan for the class's students (in class order) and subjects.
pub fn plan(students: &[i64], subjects: &[Subject], seed: u64) -> Vec<StudentPlan> {
    students
        .iter()
        .enumerate()
        .map(|(i, &student_id)| {
            if let Some(&c) = CRAFTED.get(i) {
                let conduct = match c {
                    Crafted::ConductTraining => (Level::Pass, Level::Fail),
                    Crafted::Reassessment | Crafted::TooManyAbsences => (Level::Fair, Level::Fair),
                    _ => (Level::Good, Level::Good),
                };
                let (excused, unexcused) = match c {
                    Crafted::TooManyAbsences => (30, 16),
                    Crafted::Excellent => (2, 0),
                    _ => (0, 0),
                };
                return StudentPlan {
                    student_id,
                    crafted: Some(c),
                    values: crafted_values(c, subjects),
                    conduct,
                    excused,
                    unexcused,
                };
            }
            let base = mix(i as u64, 0, seed);
            // Abilities 6.0–8.5, so the others are promoted with Khá or Tốt.
            let ability = 60 + (base % 26) as u8;
            let values = subjects
                .iter()
                .map(|s| {
                    if s.comment {
                        return (s.id, Value::Pass);
                    }
                    let shift = (mix(i as u64, s.id as u64, seed) % 11) as u8;
                    (s.id, Value::Tenths((ability + shift).min(100)))
                })
                .collect();
            let conduct = match base % 4 {
                0 => (Level::Fair, Level::Good),
                1 => (Level::Fair, Level::Fair),
                _ => (Level::Good, Level::Good),
            };
            StudentPlan {
                student_id,
                crafted: None,
                values,
                conduct,
                excused: (base % 5) as u16,
                unexcused: u16::from(base.is_multiple_of(3)),
            }
        })
        .collect()
}

/// School days (Monday to Friday) from `start`, two sessions each, for `count` absences.
pub fn absence_sessions(start: NaiveDate, count: usize) -> Vec<(NaiveDate, &'static str)> {
    let mut out = Vec::with_capacity(count);
    let mut day = start;
    while out.len() < count {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            out.push((day, "morning"));
            if out.len() < count {
                out.push((day, "afternoon"));
            }
        }
        day = day.succ_opt().unwrap_or(day);
    }
    out
}

/// What [`apply`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub students: usize,
    pub cells: u64,
    pub conduct: u64,
    pub marks: u64,
}

/// Fills the class's year: semester-I cells only where missing (crafted students: all, so
/// their outcome is exact), every semester-II cell, S1/S2 conduct and the absences.
pub async fn apply(db: &Db, class_id: i64, seed: u64) -> Result<Applied, AppError> {
    let class = super::db::classes::find(db, class_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let semesters = scores::semesters_of_class(db, class_id).await?;
    let (Some(first), Some(second)) = (
        semesters.iter().find(|s| s.number == 1),
        semesters.iter().find(|s| s.number == 2),
    ) else {
        return Err(AppError::NotFound);
    };
    let mut subjects = Vec::new();
    for s in scores::subjects_of_class(db, class_id).await? {
        let setup = grading::setup(db, class_id, s.id)
            .await?
            .ok_or(AppError::NotFound)?;
        subjects.push(Subject {
            id: s.id,
            comment: setup.assessment_kind == "comment",
            regular: setup.regular_assessments()?,
        });
    }
    let teacher = class.homeroom_teacher_id.ok_or(AppError::NotFound)?;
    let students: Vec<i64> = in_class_order(scores::students_of_class(db, class_id).await?)
        .into_iter()
        .map(|s| s.id)
        .collect();
    let plans = plan(&students, &subjects, seed);
    let mut cells = Vec::new();
    let mut conduct = Vec::new();
    let mut marks = Vec::new();
    let start = NaiveDate::from_ymd_opt(2026, 9, 7).ok_or(AppError::Internal)?;
    for p in &plans {
        for (subject, value) in &p.values {
            let Some(s) = subjects.iter().find(|s| s.id == *subject) else {
                continue;
            };
            let slots = (1..=s.regular as i64)
                .map(|n| (Kind::Regular, n))
                .chain([(Kind::Midterm, 1), (Kind::Final, 1)]);
            for (kind, slot) in slots {
                for (semester, overwrite) in [(first.id, p.crafted.is_some()), (second.id, true)] {
                    cells.push(DemoCell {
                        school_id: class.school_id,
                        class_id,
                        subject_id: *subject,
                        semester_id: semester,
                        student_id: p.student_id,
                        kind,
                        slot,
                        value: *value,
                        overwrite,
                    });
                }
            }
        }
        for (term, level) in [("s1", p.conduct.0), ("s2", p.conduct.1)] {
            conduct.push(DemoConduct {
                school_id: class.school_id,
                school_year_id: first.school_year_id,
                class_id,
                student_id: p.student_id,
                term,
                level: level_code(level),
            });
        }
        let total = usize::from(p.excused) + usize::from(p.unexcused);
        for (n, (on_date, session)) in absence_sessions(start, total).into_iter().enumerate() {
            marks.push(MarkRow {
                school_id: class.school_id,
                class_id,
                semester_id: first.id,
                student_id: p.student_id,
                on_date,
                session,
                status: if n < usize::from(p.excused) {
                    "excused"
                } else {
                    "unexcused"
                },
                recorded_by: teacher,
            });
        }
    }
    Ok(Applied {
        students: plans.len(),
        cells: store::demo_cells(db, &cells, teacher).await?,
        conduct: store::demo_conduct(db, &conduct, teacher).await?,
        marks: store::insert_marks(db, &marks).await?,
    })
}

/// [`apply`] to the class of that name in the first school's current year (the demo school).
pub async fn apply_named(db: &Db, class_name: &str) -> Result<Applied, AppError> {
    use super::db::{accounts, class_admin, school_years};
    let school = accounts::first_school(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let year = school_years::current(db, school)
        .await?
        .ok_or(AppError::NoCurrentYear)?;
    let class = class_admin::list(db, school, year.id)
        .await?
        .into_iter()
        .find(|c| c.name == class_name.trim())
        .ok_or(AppError::NotFound)?;
    apply(db, class.id, super::demo::DEMO_SEED).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grading::comment::Judgement;
    use crate::domain::grading::{Average, SubjectResult};
    use crate::domain::year_end_review::{review, Outcome, Status, SummerData, YearData};

    fn subjects() -> Vec<Subject> {
        (1..=12)
            .map(|id| Subject {
                id,
                comment: id > 8,
                regular: 3,
            })
            .collect()
    }

    fn status(p: &StudentPlan) -> Status<i64> {
        let year = YearData {
            subjects: p
                .values
                .iter()
                .map(|(id, v)| {
                    let r = match v {
                        Value::Tenths(t) => {
                            SubjectResult::Scored(Average::from_tenths(*t).expect("t"))
                        }
                        Value::Fail => SubjectResult::Commented(Judgement::Fail),
                        _ => SubjectResult::Commented(Judgement::Pass),
                    };
                    (*id, Some(r))
                })
                .collect(),
            conduct_first: Some(p.conduct.0),
            conduct_second: Some(p.conduct.1),
            absent_sessions: p.excused + p.unexcused,
        };
        review(&year, &SummerData::default())
    }

    #[test]
    fn the_crafted_students_cover_every_outcome_and_the_others_are_promoted() {
        let students: Vec<i64> = (100..130).collect();
        let plans = plan(&students, &subjects(), 7);
        assert_eq!(plans, plan(&students, &subjects(), 7), "deterministic");
        let reviews: Vec<_> = plans
            .iter()
            .map(|p| match status(p) {
                Status::Ready(r) => r,
                s => panic!("{s:?}"),
            })
            .collect();
        use crate::domain::grading::Title;
        assert_eq!(reviews[0].title, Some(Title::Outstanding));
        assert_eq!(reviews[1].title, Some(Title::Excellent));
        assert_eq!(
            reviews[2].outcome,
            Outcome::Reassessment {
                subjects: vec![1, 2]
            }
        );
        assert_eq!(reviews[3].outcome, Outcome::ConductTraining);
        assert!(matches!(reviews[4].outcome, Outcome::NotPromoted { .. }));
        assert_eq!(reviews[4].absent_sessions, 46);
        assert_eq!(reviews[5].learning.level, Level::Fair);
        assert_eq!(reviews[5].learning.adjusted_because_of, Some(1));
        for r in &reviews[6..] {
            assert_eq!(r.outcome, Outcome::Promoted, "{r:?}");
        }
    }

    #[test]
    fn absences_fall_on_school_days() {
        let start = NaiveDate::from_ymd_opt(2026, 9, 7).expect("date");
        let s = absence_sessions(start, 46);
        assert_eq!(s.len(), 46);
        assert!(s
            .iter()
            .all(|(d, _)| d.weekday() != Weekday::Sat && d.weekday() != Weekday::Sun));
        let mut unique = s.clone();
        unique.dedup();
        assert_eq!(unique.len(), 46);
    }
}
