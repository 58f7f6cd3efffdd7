//! When a grade sheet is open for entry: the principal's locks (of a semester or of the whole
//! school year, for the school, a grade level or one class) and the entry deadlines (per
//! semester, for the school or one grade level, a grade's deadline overriding the school's).
//! A deadline is a date; entry closes at the end of that day, Vietnam time (UTC+7).
//! Pure: the caller gives the sheet, the locks, the deadlines and the time.
use chrono::{FixedOffset, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};

/// Vietnam's offset from UTC, in seconds (no daylight saving).
pub const VIETNAM_OFFSET_SECS: i32 = 7 * 3600;

/// Where a sheet sits: its school year, semester, grade level and class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SheetPlace {
    pub school_year_id: i64,
    pub semester_id: i64,
    pub grade: i64,
    pub class_id: i64,
}

/// What a lock covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LockScope {
    School,
    Grade(i64),
    /// The class's id and name.
    Class {
        id: i64,
        name: String,
    },
}

/// A lock as recorded: of one semester (`semester` set) or of the whole year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    pub id: i64,
    pub school_year_id: i64,
    /// `None`: the whole school year (both semesters).
    pub semester_id: Option<i64>,
    /// 1 or 2 for a semester lock, for the message.
    pub semester_number: Option<i64>,
    pub scope: LockScope,
    pub locked_by: String,
    pub locked_at: i64,
    pub reason: String,
    /// Set once unlocked: the lock no longer counts.
    pub unlocked_at: Option<i64>,
}

impl Lock {
    /// True when this lock closes the sheet.
    pub fn covers(&self, sheet: &SheetPlace) -> bool {
        self.unlocked_at.is_none()
            && self.school_year_id == sheet.school_year_id
            && self.semester_id.is_none_or(|s| s == sheet.semester_id)
            && match &self.scope {
                LockScope::School => true,
                LockScope::Grade(g) => *g == sheet.grade,
                LockScope::Class { id, .. } => *id == sheet.class_id,
            }
    }
}

/// An entry deadline of one semester, for the whole school (`grade: None`) or one grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub semester_id: i64,
    pub semester_number: i64,
    pub grade: Option<i64>,
    pub date: NaiveDate,
}

/// The first second after `date` in Vietnam, in Unix seconds: entry is open while `now` is
/// before it.
pub fn deadline_end(date: NaiveDate) -> i64 {
    let Some(next) = date.succ_opt() else {
        return i64::MAX;
    };
    let midnight = next.and_time(chrono::NaiveTime::MIN);
    match FixedOffset::east_opt(VIETNAM_OFFSET_SECS) {
        Some(tz) => tz
            .from_local_datetime(&midnight)
            .single()
            .map(|t| t.timestamp())
            .unwrap_or(i64::MAX),
        None => i64::MAX,
    }
}

/// The date of `at` (Unix seconds) in Vietnam.
pub fn vietnam_date(at: i64) -> Option<NaiveDate> {
    let tz = FixedOffset::east_opt(VIETNAM_OFFSET_SECS)?;
    tz.timestamp_opt(at, 0).single().map(|t| t.date_naive())
}

/// Why a sheet is closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Closure {
    /// The earliest lock that covers the sheet.
    Locked(Lock),
    /// The deadline in force for the sheet's grade has passed.
    DeadlinePassed(Deadline),
}

/// Open, or closed with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Window {
    Open,
    Closed(Closure),
}

/// The deadline in force for the sheet: its grade's if set, else the school's.
pub fn deadline_for(sheet: &SheetPlace, deadlines: &[Deadline]) -> Option<Deadline> {
    let of_semester = deadlines
        .iter()
        .filter(|d| d.semester_id == sheet.semester_id);
    of_semester
        .clone()
        .find(|d| d.grade == Some(sheet.grade))
        .or_else(|| of_semester.clone().find(|d| d.grade.is_none()))
        .copied()
}

/// Whether the sheet takes entries at `now`. A lock wins over a deadline (it says more); of
/// several locks, the earliest one (then the lowest id) is given.
pub fn window(sheet: &SheetPlace, locks: &[Lock], deadlines: &[Deadline], now: i64) -> Window {
    if let Some(lock) = locks
        .iter()
        .filter(|l| l.covers(sheet))
        .min_by_key(|l| (l.locked_at, l.id))
    {
        return Window::Closed(Closure::Locked(lock.clone()));
    }
    match deadline_for(sheet, deadlines) {
        Some(d) if now >= deadline_end(d.date) => Window::Closed(Closure::DeadlinePassed(d)),
        _ => Window::Open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use proptest::prelude::*;

    const SHEET: SheetPlace = SheetPlace {
        school_year_id: 1,
        semester_id: 11,
        grade: 9,
        class_id: 93,
    };

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
    }

    fn lock(id: i64, semester_id: Option<i64>, scope: LockScope) -> Lock {
        Lock {
            id,
            school_year_id: 1,
            semester_id,
            semester_number: semester_id.map(|_| 1),
            scope,
            locked_by: "Nguyễn Văn Hiệu".into(),
            locked_at: 1_000 + id,
            reason: "đã duyệt".into(),
            unlocked_at: None,
        }
    }

    fn deadline(grade: Option<i64>, d: NaiveDate) -> Deadline {
        Deadline {
            semester_id: 11,
            semester_number: 1,
            grade,
            date: d,
        }
    }

    /// 2027-01-10 00:00 in Vietnam is 2027-01-09 17:00 UTC.
    const END_OF_JAN_9_VN: i64 = 1_799_514_000;

    #[test]
    fn the_deadline_ends_at_midnight_vietnam_time() {
        assert_eq!(deadline_end(date(2027, 1, 9)), END_OF_JAN_9_VN);
        assert_eq!(vietnam_date(END_OF_JAN_9_VN - 1), Some(date(2027, 1, 9)));
        assert_eq!(vietnam_date(END_OF_JAN_9_VN), Some(date(2027, 1, 10)));
    }

    #[test]
    fn the_last_second_of_the_deadline_day_is_still_open() {
        let d = [deadline(None, date(2027, 1, 9))];
        assert_eq!(window(&SHEET, &[], &d, END_OF_JAN_9_VN - 1), Window::Open);
        assert_eq!(
            window(&SHEET, &[], &d, END_OF_JAN_9_VN),
            Window::Closed(Closure::DeadlinePassed(d[0]))
        );
    }

    #[test]
    fn no_lock_and_no_deadline_is_open() {
        assert_eq!(window(&SHEET, &[], &[], i64::MAX / 2), Window::Open);
    }

    #[test]
    fn a_grades_deadline_overrides_the_schools_either_way() {
        let school = deadline(None, date(2027, 1, 9));
        let later = deadline(Some(9), date(2027, 1, 20));
        let earlier = deadline(Some(9), date(2027, 1, 5));
        let at = END_OF_JAN_9_VN + 3600;
        assert_eq!(window(&SHEET, &[], &[school, later], at), Window::Open);
        let early_at = deadline_end(date(2027, 1, 5));
        assert_eq!(
            window(&SHEET, &[], &[school, earlier], early_at),
            Window::Closed(Closure::DeadlinePassed(earlier))
        );
        // Another grade's deadline does not apply to grade 9.
        let grade6 = deadline(Some(6), date(2027, 1, 20));
        assert_eq!(
            window(&SHEET, &[], &[school, grade6], at),
            Window::Closed(Closure::DeadlinePassed(school))
        );
    }

    #[test]
    fn another_semesters_deadline_does_not_apply() {
        let mut d = deadline(None, date(2020, 1, 1));
        d.semester_id = 12;
        assert_eq!(window(&SHEET, &[], &[d], END_OF_JAN_9_VN), Window::Open);
    }

    #[test]
    fn a_year_lock_covers_both_semesters() {
        let year = lock(1, None, LockScope::School);
        let mut second = SHEET;
        second.semester_id = 12;
        for sheet in [SHEET, second] {
            assert_eq!(
                window(&sheet, std::slice::from_ref(&year), &[], 0),
                Window::Closed(Closure::Locked(year.clone()))
            );
        }
    }

    #[test]
    fn a_semester_lock_leaves_the_other_semester_open() {
        let first = lock(1, Some(11), LockScope::School);
        let mut second = SHEET;
        second.semester_id = 12;
        assert_eq!(window(&second, &[first], &[], 0), Window::Open);
    }

    #[test]
    fn a_lock_of_another_year_does_not_count() {
        let mut l = lock(1, None, LockScope::School);
        l.school_year_id = 2;
        assert_eq!(window(&SHEET, &[l], &[], 0), Window::Open);
    }

    #[test]
    fn locks_of_another_grade_or_class_leave_the_sheet_open() {
        let locks = [
            lock(1, Some(11), LockScope::Grade(6)),
            lock(
                2,
                None,
                LockScope::Class {
                    id: 61,
                    name: "6A1".into(),
                },
            ),
        ];
        assert_eq!(window(&SHEET, &locks, &[], 0), Window::Open);
        let own = lock(
            3,
            Some(11),
            LockScope::Class {
                id: 93,
                name: "9A3".into(),
            },
        );
        assert_eq!(
            window(&SHEET, std::slice::from_ref(&own), &[], 0),
            Window::Closed(Closure::Locked(own))
        );
        let grade = lock(4, Some(11), LockScope::Grade(9));
        assert_eq!(
            window(&SHEET, std::slice::from_ref(&grade), &[], 0),
            Window::Closed(Closure::Locked(grade))
        );
    }

    #[test]
    fn an_unlocked_lock_no_longer_counts() {
        let mut l = lock(1, Some(11), LockScope::School);
        l.unlocked_at = Some(5_000);
        assert_eq!(window(&SHEET, &[l], &[], 0), Window::Open);
    }

    #[test]
    fn a_lock_is_given_before_a_passed_deadline_and_the_earliest_lock_first() {
        let later = lock(7, Some(11), LockScope::School);
        let earlier = lock(2, None, LockScope::Grade(9));
        let d = [deadline(None, date(2000, 1, 1))];
        assert_eq!(
            window(&SHEET, &[later, earlier.clone()], &d, END_OF_JAN_9_VN),
            Window::Closed(Closure::Locked(earlier))
        );
    }

    fn any_scope() -> impl Strategy<Value = LockScope> {
        prop_oneof![
            Just(LockScope::School),
            (5i64..=9).prop_map(LockScope::Grade),
            (90i64..=95).prop_map(|id| LockScope::Class {
                id,
                name: format!("c{id}")
            }),
        ]
    }

    fn any_lock() -> impl Strategy<Value = Lock> {
        (
            1i64..50,
            prop::option::of(11i64..=12),
            any_scope(),
            prop::option::of(0i64..10),
            1i64..=2,
        )
            .prop_map(|(id, semester, scope, unlocked, year)| {
                let mut l = lock(id, semester, scope);
                l.unlocked_at = unlocked;
                l.school_year_id = year;
                l
            })
    }

    proptest! {
        /// Closed by a lock exactly when some active lock of the same year, period and place
        /// exists; unlocking every lock reopens the sheet whatever they were.
        #[test]
        fn closed_by_a_lock_iff_an_active_lock_covers_it(
            locks in prop::collection::vec(any_lock(), 0..8),
            semester in 11i64..=12, grade in 5i64..=9, class in 90i64..=95,
        ) {
            let sheet = SheetPlace { school_year_id: 1, semester_id: semester, grade, class_id: class };
            let covered = locks.iter().any(|l| {
                l.unlocked_at.is_none() && l.school_year_id == 1
                    && l.semester_id.is_none_or(|s| s == semester)
                    && match &l.scope {
                        LockScope::School => true,
                        LockScope::Grade(g) => *g == grade,
                        LockScope::Class { id, .. } => *id == class,
                    }
            });
            let closed = matches!(window(&sheet, &locks, &[], 0), Window::Closed(Closure::Locked(_)));
            prop_assert_eq!(closed, covered);
            let unlocked: Vec<Lock> = locks.into_iter().map(|mut l| { l.unlocked_at = Some(1); l }).collect();
            prop_assert_eq!(window(&sheet, &unlocked, &[], 0), Window::Open);
        }

        /// Entry is open until the deadline's day has ended in Vietnam, closed from then on.
        #[test]
        fn open_exactly_until_the_end_of_the_deadline_day(
            days in 0i64..40_000, offset in -200_000i64..200_000,
        ) {
            let d = date(1990, 1, 1) + Duration::days(days);
            let end = deadline_end(d);
            let at = end + offset;
            let dl = [deadline(None, d)];
            let open = window(&SHEET, &[], &dl, at) == Window::Open;
            prop_assert_eq!(open, at < end);
            // The date in Vietnam at the last open second is the deadline itself.
            prop_assert_eq!(vietnam_date(end - 1), Some(d));
        }
    }
}
