//! Comment-assessed subjects (TT22 Điều 9.1.a): each assessment is Đạt (Đ) or Chưa đạt (CĐ);
//! the semester is Đạt only when every required assessment exists and is Đạt, and the year
//! result is the semester II result.
use super::computed::Computed;
use serde::{Deserialize, Serialize};

/// Regular assessments per semester for a comment subject, unless the school records more.
pub const COMMENT_REGULAR_COUNT: usize = 2;

/// Declared low to high so that `Pass > Fail`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Judgement {
    /// Chưa đạt (CĐ).
    Fail,
    /// Đạt (Đ).
    Pass,
}

/// The semester result while the semester is open. A CĐ already decides it; otherwise it is
/// incomplete until `required_regular` regular assessments, the mid-term and the end-of-term
/// are all entered, because a missing one may still be made up.
pub fn comment_semester_result(
    regular: &[Option<Judgement>],
    midterm: Option<Judgement>,
    end_of_term: Option<Judgement>,
    required_regular: usize,
) -> Computed<Judgement> {
    let entered = || {
        regular
            .iter()
            .flatten()
            .chain(midterm.iter())
            .chain(end_of_term.iter())
    };
    if entered().any(|j| *j == Judgement::Fail) {
        return Computed::Value(Judgement::Fail);
    }
    let regular_entered = regular.iter().flatten().count();
    let missing = required_regular.saturating_sub(regular_entered)
        + usize::from(midterm.is_none())
        + usize::from(end_of_term.is_none());
    if missing == 0 {
        Computed::Value(Judgement::Pass)
    } else {
        Computed::Incomplete { missing }
    }
}

/// Once the semester is closed, anything still missing means Chưa đạt: Điều 9.1.a gives Đạt
/// only for a full set of assessments ("Chưa đạt: các trường hợp còn lại").
pub fn at_semester_close(result: Computed<Judgement>) -> Judgement {
    result.value().unwrap_or(Judgement::Fail)
}

/// The year result of a comment subject is its semester II result.
pub fn comment_year_result(second_semester: Computed<Judgement>) -> Computed<Judgement> {
    second_semester
}

#[cfg(test)]
mod tests {
    use super::*;
    use Judgement::{Fail, Pass};

    #[test]
    fn all_four_assessments_passed_gives_dat() {
        let result = comment_semester_result(&[Some(Pass), Some(Pass)], Some(Pass), Some(Pass), 2);
        assert_eq!(result, Computed::Value(Pass));
    }

    #[test]
    fn any_chua_dat_gives_chua_dat_even_before_the_rest_is_entered() {
        let result = comment_semester_result(&[Some(Pass), Some(Fail)], None, None, 2);
        assert_eq!(result, Computed::Value(Fail));
        let result = comment_semester_result(&[Some(Pass), Some(Pass)], Some(Pass), Some(Fail), 2);
        assert_eq!(result, Computed::Value(Fail));
    }

    #[test]
    fn a_missing_assessment_is_incomplete_while_open_and_chua_dat_at_close() {
        let result = comment_semester_result(&[Some(Pass)], Some(Pass), Some(Pass), 2);
        assert_eq!(result, Computed::Incomplete { missing: 1 });
        assert_eq!(at_semester_close(result), Fail);
        assert_eq!(at_semester_close(Computed::Value(Pass)), Pass);
    }

    #[test]
    fn the_year_result_is_the_second_semester_result() {
        assert_eq!(
            comment_year_result(Computed::Value(Fail)),
            Computed::Value(Fail)
        );
        assert_eq!(
            comment_year_result(Computed::Value(Pass)),
            Computed::Value(Pass)
        );
    }
}
