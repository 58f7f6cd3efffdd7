//! Semester-1 scores for the demo school, so that a newcomer opens real grade sheets: each
//! student has an ability, each subject shifts it a little, each assessment adds noise. Regular
//! tests are marked to the half point, mid-term and end-of-term tests sometimes to the tenth;
//! a few cells are not entered yet, and in one class the maths end-of-term test is not marked
//! yet. Comment subjects are mostly Đạt. Pure and deterministic, like `demo_data`.
use super::demo_data::{AssessmentKind, DemoSchool};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoValue {
    Tenths(u8),
    Pass,
    Fail,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoScore {
    pub class_name: String,
    pub student_code: String,
    pub subject_code: &'static str,
    /// 'regular' | 'midterm' | 'final'.
    pub kind: &'static str,
    pub slot: u8,
    pub value: DemoValue,
}

/// The class whose maths end-of-term test is still being marked.
pub const UNMARKED_CLASS: &str = "9A3";
/// Share of cells left empty (not entered yet), in thousandths.
const MISSING_PER_MILLE: u32 = 15;

/// TT22 Điều 7: regular assessments by periods per year; comment subjects have two.
fn regular_count(kind: AssessmentKind, periods: u32) -> u8 {
    match (kind, periods) {
        (AssessmentKind::Comment, _) => 2,
        (_, 0..=35) => 2,
        (_, 36..=70) => 3,
        _ => 4,
    }
}

/// A rough bell curve in [-1, 1] from three uniforms.
fn bell(rng: &mut StdRng) -> f64 {
    (rng.gen::<f64>() + rng.gen::<f64>() + rng.gen::<f64>()) / 1.5 - 1.0
}

/// A score near `centre`, within 0–10, to the half point or (when `fine`) to the tenth.
fn mark(rng: &mut StdRng, centre: f64, fine: bool) -> u8 {
    let raw = (centre + 2.0 * bell(rng)).clamp(0.0, 10.0);
    let step = if fine && rng.gen_bool(0.5) { 1.0 } else { 5.0 };
    let tenths = ((raw * 10.0 / step).round() * step).clamp(0.0, 100.0);
    tenths as u8
}

pub fn semester_one(school: &DemoSchool, seed: u64) -> Vec<DemoScore> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5C0_2E5);
    let mut out = Vec::new();
    for class in &school.classes {
        for student in &class.students {
            let ability = 7.0 + 1.6 * bell(&mut rng);
            for subject in &school.subjects {
                let centre = ability + 0.8 * bell(&mut rng);
                let count = regular_count(subject.kind, subject.periods_per_year);
                let columns = (1..=count)
                    .map(|slot| ("regular", slot))
                    .chain([("midterm", 1), ("final", 1)]);
                for (kind, slot) in columns {
                    if rng.gen_range(0..1000) < MISSING_PER_MILLE
                        || (class.name == UNMARKED_CLASS
                            && subject.code == "TOAN"
                            && kind == "final")
                    {
                        continue;
                    }
                    let value = match subject.kind {
                        AssessmentKind::Comment if centre < 4.5 || rng.gen_range(0..100) < 2 => {
                            DemoValue::Fail
                        }
                        AssessmentKind::Comment => DemoValue::Pass,
                        AssessmentKind::Scored => {
                            DemoValue::Tenths(mark(&mut rng, centre, kind != "regular"))
                        }
                    };
                    out.push(DemoScore {
                        class_name: class.name.clone(),
                        student_code: student.code.clone(),
                        subject_code: subject.code,
                        kind,
                        slot,
                        value,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::demo_data::generate;

    #[test]
    fn the_same_seed_gives_the_same_scores() {
        let school = generate(2026);
        assert_eq!(semester_one(&school, 2026), semester_one(&school, 2026));
    }

    #[test]
    fn scores_are_spread_realistically_with_a_few_missing() {
        let school = generate(2026);
        let scores = semester_one(&school, 2026);
        let tenths: Vec<u8> = scores
            .iter()
            .filter_map(|s| match s.value {
                DemoValue::Tenths(t) => Some(t),
                _ => None,
            })
            .collect();
        assert!(tenths.iter().all(|t| *t <= 100));
        let mean = tenths.iter().map(|t| f64::from(*t)).sum::<f64>() / tenths.len() as f64;
        assert!((60.0..80.0).contains(&mean), "mean {mean}");
        assert!(tenths.iter().any(|t| *t < 50) && tenths.iter().any(|t| *t >= 90));
        let fails = scores.iter().filter(|s| s.value == DemoValue::Fail).count();
        assert!(fails > 0);
        let students: usize = school.classes.iter().map(|c| c.students.len()).sum();
        // 5 subjects × 6 cells + 3 × 4 + 4 comment × 4 = 58 cells a student when complete.
        let complete = students * 58;
        assert!(scores.len() < complete && scores.len() > complete * 95 / 100);
        assert!(!scores.iter().any(|s| s.class_name == UNMARKED_CLASS
            && s.subject_code == "TOAN"
            && s.kind == "final"));
    }
}
