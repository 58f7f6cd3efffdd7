//! A school year ("2026-2027") and its two semesters. The year runs from semester 1's first day
//! to semester 2's last; all of it lies between August of the first calendar year and July of the
//! next, which is how Vietnamese school years are set each year by the Ministry's calendar.
use super::field::{date, Field, FieldProblem, Invalid};
use chrono::{Datelike, NaiveDate};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchoolYearPlan {
    pub start_year: i32,
    pub semester1: (NaiveDate, NaiveDate),
    pub semester2: (NaiveDate, NaiveDate),
}

impl SchoolYearPlan {
    /// `start_year` is the calendar year the school year begins in; dates as typed in the form.
    pub fn parse(
        start_year: i32,
        s1_start: &str,
        s1_end: &str,
        s2_start: &str,
        s2_end: &str,
    ) -> Result<SchoolYearPlan, Invalid> {
        if !(2000..=2100).contains(&start_year) {
            return Err(Invalid::new(
                Field::SchoolYear,
                FieldProblem::OutOfRange {
                    min: 2000,
                    max: 2100,
                },
            ));
        }
        let dates = [
            (
                Field::Semester1Start,
                date(Field::Semester1Start, s1_start)?,
            ),
            (Field::Semester1End, date(Field::Semester1End, s1_end)?),
            (
                Field::Semester2Start,
                date(Field::Semester2Start, s2_start)?,
            ),
            (Field::Semester2End, date(Field::Semester2End, s2_end)?),
        ];
        let (first, last) = window(start_year);
        for (field, d) in dates {
            if d < first || d > last {
                return Err(Invalid::new(field, FieldProblem::OutsideYear));
            }
        }
        // Each date after the one before it: a semester ends after it starts, semester 2
        // starts after semester 1 ends.
        for pair in dates.windows(2) {
            if pair[1].1 <= pair[0].1 {
                return Err(Invalid::new(pair[1].0, FieldProblem::OutOfOrder));
            }
        }
        Ok(SchoolYearPlan {
            start_year,
            semester1: (dates[0].1, dates[1].1),
            semester2: (dates[2].1, dates[3].1),
        })
    }

    pub fn name(&self) -> String {
        year_name(self.start_year)
    }

    pub fn start(&self) -> NaiveDate {
        self.semester1.0
    }

    pub fn end(&self) -> NaiveDate {
        self.semester2.1
    }

    /// The semester a day falls in, if any.
    pub fn semester_of(&self, day: NaiveDate) -> Option<u8> {
        if (self.semester1.0..=self.semester1.1).contains(&day) {
            Some(1)
        } else if (self.semester2.0..=self.semester2.1).contains(&day) {
            Some(2)
        } else {
            None
        }
    }
}

/// "2026-2027" for 2026.
pub fn year_name(start_year: i32) -> String {
    format!("{start_year}-{}", start_year + 1)
}

/// The calendar year a school year named "2026-2027" starts in.
pub fn start_year_of(name: &str) -> Option<i32> {
    let (a, b) = name.split_once('-')?;
    let a: i32 = a.trim().parse().ok()?;
    let b: i32 = b.trim().parse().ok()?;
    (b == a + 1).then_some(a)
}

/// 1 August of the first year to 31 July of the next.
fn window(start_year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(start_year, 8, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(start_year + 1, 7, 31).unwrap_or(NaiveDate::MAX);
    debug_assert_eq!(first.year(), start_year);
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(s1: &str, e1: &str, s2: &str, e2: &str) -> Result<SchoolYearPlan, Invalid> {
        SchoolYearPlan::parse(2026, s1, e1, s2, e2)
    }

    #[test]
    fn a_usual_year_is_accepted_and_named_by_its_two_calendar_years() {
        let p = plan("2026-09-05", "2027-01-16", "2027-01-19", "2027-05-31")
            .expect("valid in this test");
        assert_eq!(p.name(), "2026-2027");
        assert_eq!(p.start().to_string(), "2026-09-05");
        assert_eq!(p.end().to_string(), "2027-05-31");
    }

    #[test]
    fn vietnamese_day_first_dates_are_accepted() {
        assert!(plan("05/09/2026", "16/01/2027", "19/01/2027", "31/05/2027").is_ok());
    }

    #[test]
    fn a_semester_ending_before_it_starts_is_out_of_order() {
        assert_eq!(
            plan("2026-09-05", "2026-09-01", "2027-01-19", "2027-05-31"),
            Err(Invalid::new(Field::Semester1End, FieldProblem::OutOfOrder))
        );
    }

    #[test]
    fn semester_two_must_start_after_semester_one_ends() {
        assert_eq!(
            plan("2026-09-05", "2027-01-16", "2027-01-16", "2027-05-31"),
            Err(Invalid::new(
                Field::Semester2Start,
                FieldProblem::OutOfOrder
            ))
        );
    }

    #[test]
    fn dates_outside_august_to_july_are_outside_the_year() {
        assert_eq!(
            plan("2026-07-31", "2027-01-16", "2027-01-19", "2027-05-31"),
            Err(Invalid::new(
                Field::Semester1Start,
                FieldProblem::OutsideYear
            ))
        );
        assert_eq!(
            plan("2026-09-05", "2027-01-16", "2027-01-19", "2027-08-01"),
            Err(Invalid::new(Field::Semester2End, FieldProblem::OutsideYear))
        );
    }

    #[test]
    fn a_missing_date_names_its_field() {
        assert_eq!(
            plan("2026-09-05", "", "2027-01-19", "2027-05-31"),
            Err(Invalid::new(Field::Semester1End, FieldProblem::Empty))
        );
    }

    #[test]
    fn a_day_belongs_to_the_semester_that_contains_it() {
        let p = plan("2026-09-05", "2027-01-16", "2027-01-19", "2027-05-31")
            .expect("valid in this test");
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid in this test");
        assert_eq!(p.semester_of(d("2026-09-05")), Some(1));
        assert_eq!(p.semester_of(d("2027-01-17")), None);
        assert_eq!(p.semester_of(d("2027-05-31")), Some(2));
    }

    #[test]
    fn year_names_round_trip() {
        assert_eq!(start_year_of(&year_name(2030)), Some(2030));
        assert_eq!(start_year_of("2026-2028"), None);
        assert_eq!(start_year_of("abc"), None);
    }
}
