//! How many regular assessments (ĐĐGtx) a subject needs per semester (TT22 Điều 7.1.b):
//! by periods per school year, ≤ 35 → 2, > 35 to 70 → 3, > 70 → 4.
use super::computed::Computed;

/// The legal minimum number of regular assessments for a subject taught `periods_per_year`.
pub fn legal_regular_count(periods_per_year: u16) -> usize {
    match periods_per_year {
        0..=35 => 2,
        36..=70 => 3,
        _ => 4,
    }
}

/// The count the gradebook requires. A school may configure more columns (some record more),
/// but a configured count below the legal minimum is raised to it: TT22 sets a floor, and an
/// average over fewer assessments would not be a valid ĐTBmhk.
pub fn required_regular_count(periods_per_year: u16, configured: Option<usize>) -> usize {
    let legal = legal_regular_count(periods_per_year);
    configured.map_or(legal, |count| count.max(legal))
}

/// Fewer regular assessments than required means the semester result is not yet computable.
pub fn check_regular_count(entered: usize, required: usize) -> Computed<()> {
    if entered >= required {
        Computed::Value(())
    } else {
        Computed::Incomplete {
            missing: required - entered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_to_35_periods_need_two_regular_assessments() {
        assert_eq!(legal_regular_count(0), 2);
        assert_eq!(legal_regular_count(35), 2);
    }

    #[test]
    fn from_36_to_70_periods_need_three() {
        assert_eq!(legal_regular_count(36), 3);
        assert_eq!(legal_regular_count(70), 3);
    }

    #[test]
    fn more_than_70_periods_need_four() {
        assert_eq!(legal_regular_count(71), 4);
        assert_eq!(legal_regular_count(105), 4);
    }

    #[test]
    fn a_school_may_require_more_columns_but_not_fewer() {
        assert_eq!(required_regular_count(105, None), 4);
        assert_eq!(required_regular_count(35, Some(5)), 5);
        assert_eq!(required_regular_count(105, Some(2)), 4);
    }

    #[test]
    fn fewer_entered_than_required_is_incomplete() {
        assert_eq!(
            check_regular_count(3, 4),
            Computed::Incomplete { missing: 1 }
        );
        assert_eq!(check_regular_count(4, 4), Computed::Value(()));
        assert_eq!(check_regular_count(5, 4), Computed::Value(()));
    }
}
