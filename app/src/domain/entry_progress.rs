//! How far grade entry should have come by a day (004 Điều 11.3: leaders check progress every
//! month and semester). A semester's assessments are paced evenly over its days: the k-th of
//! n regular assessments is due k/(n+1) of the way through, the mid-term at half way, the
//! end-of-term on the last day. A sheet is behind when fewer cells are entered than are due.
//! Days are any day numbers (days since an epoch), so the rule needs no calendar.
use serde::{Deserialize, Serialize};

/// The assessments a student owes in a semester of one subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    pub regular: usize,
    pub start_day: i64,
    pub end_day: i64,
}

impl Plan {
    /// Every assessment of the semester, per student: the regular ones, mid-term, end-of-term.
    pub fn total_per_student(self) -> usize {
        self.regular + 2
    }

    /// How many assessments per student are due by `day` (inclusive).
    pub fn due_per_student(self, day: i64) -> usize {
        if day < self.start_day {
            return 0;
        }
        if day >= self.end_day {
            return self.total_per_student();
        }
        let span = i128::from(self.end_day - self.start_day);
        let elapsed = i128::from(day - self.start_day);
        // Regular k is due once elapsed/span >= k/(n+1), i.e. elapsed*(n+1) >= k*span.
        let n = self.regular as i128;
        let regular = ((elapsed * (n + 1)) / span).clamp(0, n) as usize;
        let midterm = usize::from(elapsed * 2 >= span);
        regular + midterm
    }
}

impl std::ops::Add for Progress {
    type Output = Progress;

    fn add(self, other: Progress) -> Progress {
        Progress {
            entered: self.entered + other.entered,
            due: self.due + other.due,
            total: self.total + other.total,
        }
    }
}

impl std::ops::AddAssign for Progress {
    fn add_assign(&mut self, other: Progress) {
        *self = *self + other;
    }
}

/// Where a sheet (or a teacher's or a class's sheets together) stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Cells entered (scores, judgements and marks; at most what the semester asks).
    pub entered: u64,
    /// Cells due by the day.
    pub due: u64,
    /// Cells the whole semester asks.
    pub total: u64,
}

impl Progress {
    /// One sheet: `students` in the class, `entered` cells stored.
    pub fn of_sheet(plan: Plan, students: u64, entered: u64, day: i64) -> Progress {
        let total = students * plan.total_per_student() as u64;
        Progress {
            entered: entered.min(total),
            due: students * plan.due_per_student(day) as u64,
            total,
        }
    }

    /// Fewer cells entered than are due.
    pub fn is_behind(self) -> bool {
        self.entered < self.due
    }

    /// Cells still missing against what is due by the day.
    pub fn missing(self) -> u64 {
        self.due.saturating_sub(self.entered)
    }

    /// Entered against due, in whole percent (100 when nothing is due yet; capped at 100).
    pub fn percent_of_due(self) -> u8 {
        percent(self.entered, self.due)
    }

    /// Entered against the whole semester, in whole percent.
    pub fn percent_of_total(self) -> u8 {
        percent(self.entered, self.total)
    }
}

fn percent(part: u64, whole: u64) -> u8 {
    if whole == 0 {
        return 100;
    }
    // Rounded down so that 99.6 % never reads as done.
    ((part.min(whole) * 100) / whole) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEMESTER: Plan = Plan {
        regular: 4,
        start_day: 0,
        end_day: 100,
    };

    #[test]
    fn nothing_is_due_before_the_semester_and_everything_after() {
        assert_eq!(SEMESTER.due_per_student(-1), 0);
        assert_eq!(SEMESTER.due_per_student(0), 0);
        assert_eq!(SEMESTER.due_per_student(100), 6);
        assert_eq!(SEMESTER.due_per_student(400), 6);
    }

    #[test]
    fn regulars_are_paced_evenly_and_the_midterm_falls_half_way() {
        // Four regulars: due at 20, 40, 60, 80 % of the semester; mid-term at 50 %.
        assert_eq!(SEMESTER.due_per_student(19), 0);
        assert_eq!(SEMESTER.due_per_student(20), 1);
        assert_eq!(SEMESTER.due_per_student(40), 2);
        assert_eq!(SEMESTER.due_per_student(49), 2);
        assert_eq!(SEMESTER.due_per_student(50), 3);
        assert_eq!(SEMESTER.due_per_student(60), 4);
        assert_eq!(SEMESTER.due_per_student(80), 5);
        assert_eq!(SEMESTER.due_per_student(99), 5);
    }

    #[test]
    fn a_sheet_is_behind_when_fewer_cells_are_entered_than_due() {
        let day = 50; // 2 regulars and the mid-term due: 3 per student.
        let p = Progress::of_sheet(SEMESTER, 40, 100, day);
        assert_eq!((p.entered, p.due, p.total), (100, 120, 240));
        assert!(p.is_behind());
        assert_eq!(p.missing(), 20);
        assert_eq!(p.percent_of_due(), 83);
        assert_eq!(p.percent_of_total(), 41);
        let done = Progress::of_sheet(SEMESTER, 40, 120, day);
        assert!(!done.is_behind());
        assert_eq!(done.percent_of_due(), 100);
    }

    #[test]
    fn extra_cells_never_count_beyond_the_semester() {
        let p = Progress::of_sheet(SEMESTER, 2, 50, 100);
        assert_eq!((p.entered, p.total), (12, 12));
        assert_eq!(Progress::default().percent_of_due(), 100);
    }

    proptest! {
        #[test]
        fn due_grows_with_the_days_up_to_the_whole_semester(
            regular in 1usize..10, start in -1000i64..1000, len in 1i64..400, a in -50i64..500, b in -50i64..500,
        ) {
            let plan = Plan { regular, start_day: start, end_day: start + len };
            let (early, late) = (a.min(b), a.max(b));
            prop_assert!(plan.due_per_student(start + early) <= plan.due_per_student(start + late));
            prop_assert!(plan.due_per_student(start + late) <= plan.total_per_student());
        }

        #[test]
        fn sums_keep_their_parts(e1 in 0u64..500, d1 in 0u64..500, e2 in 0u64..500, d2 in 0u64..500) {
            let a = Progress { entered: e1, due: d1, total: 1000 };
            let b = Progress { entered: e2, due: d2, total: 1000 };
            let s = a + b;
            prop_assert_eq!(s.entered, e1 + e2);
            prop_assert_eq!(s.due, d1 + d2);
            prop_assert!(s.percent_of_due() <= 100);
            prop_assert_eq!(s.is_behind(), e1 + e2 < d1 + d2);
        }
    }
}
