//! Daily attendance (điểm danh): the rules with no I/O. A roll is taken per class, day and
//! session (buổi sáng / buổi chiều); everyone is present unless marked có phép (excused),
//! không phép (unexcused) or đi muộn (late — not an absence). A roll may only be taken on a
//! school day, and one taken after the session's start plus the school's grace is late.
//! Điều 12: a student absent more than 45 sessions in the year (excused and unexcused
//! together) is not promoted; the homeroom teacher is warned from [`WARN_FROM`].
use super::grading::year_end::MAX_ABSENT_SESSIONS;
use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone, Weekday};
use serde::{Deserialize, Serialize};

/// The sessions counted against the limit of the year (Điều 12).
pub const MAX_ABSENT: u32 = MAX_ABSENT_SESSIONS as u32;
/// From this many absent sessions in the year the student is flagged as nearing the limit.
pub const WARN_FROM: u32 = 35;
/// The longest reason kept with a mark, in characters.
pub const MAX_REASON_CHARS: usize = 200;
/// Vietnam time is UTC+7 all year (no daylight saving).
pub const VIETNAM_OFFSET_SECS: i32 = 7 * 3600;
/// The periods (tiết) of a day a subject teacher may mark.
pub const PERIODS: std::ops::RangeInclusive<i64> = 1..=10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Session {
    Morning,
    Afternoon,
}

impl Session {
    pub const ALL: [Session; 2] = [Session::Morning, Session::Afternoon];

    pub fn code(self) -> &'static str {
        match self {
            Session::Morning => "morning",
            Session::Afternoon => "afternoon",
        }
    }

    pub fn from_code(code: &str) -> Option<Session> {
        Session::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One student's mark in a session. Present is stored as no row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mark {
    Present,
    /// Vắng có phép.
    Excused,
    /// Vắng không phép.
    Unexcused,
    /// Đi muộn: noted, not an absence.
    Late,
}

impl Mark {
    pub const ALL: [Mark; 4] = [Mark::Present, Mark::Excused, Mark::Unexcused, Mark::Late];

    /// The code stored in `attendance_marks.status` ("present" is never stored).
    pub fn code(self) -> &'static str {
        match self {
            Mark::Present => "present",
            Mark::Excused => "excused",
            Mark::Unexcused => "unexcused",
            Mark::Late => "late",
        }
    }

    pub fn from_code(code: &str) -> Option<Mark> {
        Mark::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Whether the session counts as absent (against the 45-session limit).
    pub fn is_absence(self) -> bool {
        matches!(self, Mark::Excused | Mark::Unexcused)
    }

    /// Whether a row is stored for it.
    pub fn is_stored(self) -> bool {
        self != Mark::Present
    }
}

/// A semester's dates, as the school-day rule takes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SemesterDates {
    pub id: i64,
    pub number: i64,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A day or range without lessons (inclusive).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub name: String,
}

/// Why a date takes no roll.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotSchoolDay {
    /// Not inside any semester of the school year.
    OutsideSemesters,
    /// After today (Vietnam time).
    Future,
    Sunday,
    /// Inside a holiday, named.
    Holiday(String),
}

/// The semester a date belongs to if it is a school day: inside a semester, not after
/// `today`, not a Sunday, not in a holiday.
pub fn school_day<'a>(
    date: NaiveDate,
    today: NaiveDate,
    semesters: &'a [SemesterDates],
    holidays: &[Holiday],
) -> Result<&'a SemesterDates, NotSchoolDay> {
    let semester = semesters
        .iter()
        .find(|s| s.start <= date && date <= s.end)
        .ok_or(NotSchoolDay::OutsideSemesters)?;
    if date > today {
        return Err(NotSchoolDay::Future);
    }
    if date.weekday() == Weekday::Sun {
        return Err(NotSchoolDay::Sunday);
    }
    if let Some(h) = holidays.iter().find(|h| h.from <= date && date <= h.to) {
        return Err(NotSchoolDay::Holiday(h.name.clone()));
    }
    Ok(semester)
}

/// The day the roll page opens on: today if it is a school day, else the most recent school
/// day before it (`None` when the year has none yet).
pub fn default_day(
    today: NaiveDate,
    semesters: &[SemesterDates],
    holidays: &[Holiday],
) -> Option<NaiveDate> {
    let first = semesters.iter().map(|s| s.start).min()?;
    let mut day = today.min(semesters.iter().map(|s| s.end).max()?);
    while day >= first {
        if school_day(day, today, semesters, holidays).is_ok() {
            return Some(day);
        }
        day = day.pred_opt()?;
    }
    None
}

/// The date in Vietnam at a unix time.
pub fn vietnam_date(unix_secs: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(unix_secs + i64::from(VIETNAM_OFFSET_SECS), 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// Parses a school's "HH:MM" session start.
pub fn parse_start(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

/// The unix time by which the roll of `date` must be first taken: the session's start (Vietnam
/// time) plus the grace.
pub fn roll_due(date: NaiveDate, start: NaiveTime, grace_minutes: i64) -> i64 {
    let offset = chrono::FixedOffset::east_opt(VIETNAM_OFFSET_SECS);
    let start_at = offset
        .and_then(|o| o.from_local_datetime(&date.and_time(start)).single())
        .map(|t| t.timestamp())
        .unwrap_or(0);
    start_at + grace_minutes.max(0) * 60
}

/// Whether a roll first taken at `taken_at` is late: after the session start + grace of its
/// day (so a roll for an earlier day is always late).
pub fn roll_is_late(date: NaiveDate, start: NaiveTime, grace_minutes: i64, taken_at: i64) -> bool {
    taken_at > roll_due(date, start, grace_minutes)
}

/// Sessions absent (and late) in one period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub excused: u32,
    pub unexcused: u32,
    pub late: u32,
}

impl Totals {
    pub fn add(&mut self, mark: Mark) {
        match mark {
            Mark::Excused => self.excused += 1,
            Mark::Unexcused => self.unexcused += 1,
            Mark::Late => self.late += 1,
            Mark::Present => {}
        }
    }

    /// Sessions absent, excused and unexcused together.
    pub fn absent(&self) -> u32 {
        self.excused + self.unexcused
    }
}

impl std::ops::Add for Totals {
    type Output = Totals;
    fn add(self, o: Totals) -> Totals {
        Totals {
            excused: self.excused + o.excused,
            unexcused: self.unexcused + o.unexcused,
            late: self.late + o.late,
        }
    }
}

/// One student's totals per semester and for the year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentTotals {
    /// Indexed by semester number - 1.
    pub semesters: [Totals; 2],
}

impl StudentTotals {
    pub fn year(&self) -> Totals {
        self.semesters[0] + self.semesters[1]
    }

    /// Adds a mark of semester `number` (1 or 2; anything else is ignored).
    pub fn add(&mut self, number: i64, mark: Mark) {
        if let Some(t) = usize::try_from(number - 1)
            .ok()
            .and_then(|i| self.semesters.get_mut(i))
        {
            t.add(mark);
        }
    }
}

/// Totals per student from (student, semester number, mark) rows.
pub fn totals<K: Ord + Copy>(
    marks: impl IntoIterator<Item = (K, i64, Mark)>,
) -> std::collections::BTreeMap<K, StudentTotals> {
    let mut out = std::collections::BTreeMap::<K, StudentTotals>::new();
    for (student, number, mark) in marks {
        out.entry(student).or_default().add(number, mark);
    }
    out
}

/// Where a student stands against the 45-session limit of the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Ok {
        left: u32,
    },
    /// From [`WARN_FROM`] sessions on.
    Nearing {
        left: u32,
    },
    /// Exactly 45: one more and the student is not promoted.
    AtLimit,
    /// More than 45: not promoted (Điều 12).
    Over {
        by: u32,
    },
}

impl Standing {
    /// Whether the roll shows a warning badge.
    pub fn warns(self) -> bool {
        !matches!(self, Standing::Ok { .. })
    }
}

pub fn standing(absent_in_year: u32) -> Standing {
    if absent_in_year > MAX_ABSENT {
        Standing::Over {
            by: absent_in_year - MAX_ABSENT,
        }
    } else if absent_in_year == MAX_ABSENT {
        Standing::AtLimit
    } else if absent_in_year >= WARN_FROM {
        Standing::Nearing {
            left: MAX_ABSENT - absent_in_year,
        }
    } else {
        Standing::Ok {
            left: MAX_ABSENT - absent_in_year,
        }
    }
}

/// Checks a reason; returns it trimmed.
pub fn reason(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    if t.chars().count() > MAX_REASON_CHARS {
        return Err(Problem::ReasonTooLong {
            max: MAX_REASON_CHARS,
        });
    }
    Ok(t.to_string())
}

/// Why an attendance write was refused; nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    NotSchoolDay(NotSchoolDay),
    BadDate(String),
    UnknownSession(String),
    UnknownStatus(String),
    UnknownPeriod(i64),
    ReasonTooLong {
        max: usize,
    },
    /// The student is not in the class on that date; `left` names the date they left or
    /// moved (or the date they joined when after).
    NotInClass {
        student: String,
        moved: bool,
    },
    /// The roll was saved meanwhile by someone else.
    Stale {
        by: String,
        at: i64,
    },
    /// A holiday's dates are reversed or outside the school year.
    BadHolidayRange,
    HolidayNameMissing,
    /// An outbox edit id that is not 1 to 64 letters, digits or `-`.
    BadEditId,
}

/// Parses 'YYYY-MM-DD'.
pub fn parse_date(text: &str) -> Result<NaiveDate, Problem> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Problem::BadDate(text.chars().take(40).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test value")
    }

    fn year() -> Vec<SemesterDates> {
        vec![
            SemesterDates {
                id: 11,
                number: 1,
                start: d("2026-09-05"),
                end: d("2027-01-16"),
            },
            SemesterDates {
                id: 12,
                number: 2,
                start: d("2027-01-18"),
                end: d("2027-05-31"),
            },
        ]
    }

    fn tet() -> Vec<Holiday> {
        vec![Holiday {
            from: d("2027-02-05"),
            to: d("2027-02-13"),
            name: "Tết Nguyên đán".into(),
        }]
    }

    #[test]
    fn codes_round_trip() {
        for s in Session::ALL {
            assert_eq!(Session::from_code(s.code()), Some(s));
        }
        for m in Mark::ALL {
            assert_eq!(Mark::from_code(m.code()), Some(m));
        }
        assert_eq!(Session::from_code("evening"), None);
        assert_eq!(Mark::from_code("absent"), None);
    }

    #[test]
    fn late_is_not_an_absence_and_present_is_not_stored() {
        assert!(Mark::Excused.is_absence());
        assert!(Mark::Unexcused.is_absence());
        assert!(!Mark::Late.is_absence());
        assert!(!Mark::Present.is_absence());
        assert!(!Mark::Present.is_stored());
        assert!(Mark::Late.is_stored());
    }

    #[test]
    fn a_wednesday_in_semester_one_is_a_school_day_of_semester_one() {
        let s = year();
        let day = school_day(d("2026-11-18"), d("2026-11-22"), &s, &[]).expect("test value");
        assert_eq!(day.number, 1);
        let day = school_day(d("2027-01-18"), d("2027-03-01"), &s, &[]).expect("test value");
        assert_eq!(day.number, 2);
    }

    #[test]
    fn each_non_school_day_says_why() {
        let s = year();
        let today = d("2027-06-30");
        assert_eq!(
            school_day(d("2027-01-17"), today, &s, &[]),
            Err(NotSchoolDay::OutsideSemesters)
        );
        assert_eq!(
            school_day(d("2026-09-04"), today, &s, &[]),
            Err(NotSchoolDay::OutsideSemesters)
        );
        assert_eq!(
            school_day(d("2026-11-23"), d("2026-11-22"), &s, &[]),
            Err(NotSchoolDay::Future)
        );
        assert_eq!(
            school_day(d("2026-11-22"), today, &s, &[]),
            Err(NotSchoolDay::Sunday)
        );
        for day in ["2027-02-05", "2027-02-09", "2027-02-13"] {
            assert_eq!(
                school_day(d(day), today, &s, &tet()),
                Err(NotSchoolDay::Holiday("Tết Nguyên đán".into()))
            );
        }
        assert!(school_day(d("2027-02-15"), today, &s, &tet()).is_ok());
        // A Saturday is a school day.
        assert!(school_day(d("2026-11-21"), today, &s, &[]).is_ok());
    }

    #[test]
    fn the_default_day_is_today_or_the_last_school_day_before() {
        let s = year();
        assert_eq!(default_day(d("2026-11-18"), &s, &[]), Some(d("2026-11-18")));
        // Sunday 22/11 → Saturday 21/11.
        assert_eq!(default_day(d("2026-11-22"), &s, &[]), Some(d("2026-11-21")));
        // During Tết → the day before it (Thursday 04/02).
        assert_eq!(
            default_day(d("2027-02-10"), &s, &tet()),
            Some(d("2027-02-04"))
        );
        // In summer → the last day of semester II (Mon 31/05/2027).
        assert_eq!(default_day(d("2027-07-10"), &s, &[]), Some(d("2027-05-31")));
        assert_eq!(default_day(d("2026-08-01"), &s, &[]), None);
        assert_eq!(default_day(d("2026-08-01"), &[], &[]), None);
    }

    #[test]
    fn a_roll_is_late_after_the_start_plus_grace_in_vietnam_time() {
        let start = parse_start("07:00").expect("test value");
        // 2026-11-18 07:00 +07 = 00:00 UTC.
        let due = roll_due(d("2026-11-18"), start, 30);
        assert_eq!(due, 1_794_960_000 + 30 * 60);
        assert!(!roll_is_late(d("2026-11-18"), start, 30, due));
        assert!(roll_is_late(d("2026-11-18"), start, 30, due + 1));
        assert!(!roll_is_late(d("2026-11-18"), start, 30, due - 3600));
        // The next day, whatever the hour, is late for an earlier day.
        assert!(roll_is_late(d("2026-11-17"), start, 30, due - 3600));
        let afternoon = parse_start("13:30").expect("test value");
        assert!(!roll_is_late(
            d("2026-11-18"),
            afternoon,
            30,
            due + 6 * 3600
        ));
        assert_eq!(parse_start("7h"), None);
    }

    #[test]
    fn vietnam_dates_turn_at_17_utc() {
        assert_eq!(vietnam_date(1_794_960_000 - 7 * 3600 - 1), d("2026-11-17"));
        assert_eq!(vietnam_date(1_794_960_000 - 7 * 3600), d("2026-11-18"));
    }

    #[test]
    fn totals_count_absences_per_semester_and_late_apart() {
        let t = totals([
            (1, 1, Mark::Excused),
            (1, 1, Mark::Unexcused),
            (1, 2, Mark::Unexcused),
            (1, 1, Mark::Late),
            (2, 2, Mark::Late),
            (2, 3, Mark::Excused),
        ]);
        let a = &t[&1];
        assert_eq!(
            a.semesters[0],
            Totals {
                excused: 1,
                unexcused: 1,
                late: 1
            }
        );
        assert_eq!(a.year().absent(), 3);
        assert_eq!(t[&2].year().absent(), 0);
        assert_eq!(t[&2].year().late, 1);
    }

    #[test]
    fn the_standing_against_45() {
        assert_eq!(standing(0), Standing::Ok { left: 45 });
        assert_eq!(standing(34), Standing::Ok { left: 11 });
        assert_eq!(standing(35), Standing::Nearing { left: 10 });
        assert_eq!(standing(38), Standing::Nearing { left: 7 });
        assert_eq!(standing(44), Standing::Nearing { left: 1 });
        assert_eq!(standing(45), Standing::AtLimit);
        assert_eq!(standing(46), Standing::Over { by: 1 });
        assert!(!standing(34).warns());
        assert!(standing(35).warns());
    }

    #[test]
    fn reasons_are_trimmed_and_limited_to_200_characters() {
        assert_eq!(reason("  ốm  ").expect("test value"), "ốm");
        assert!(reason(&"ố".repeat(200)).is_ok());
        assert_eq!(
            reason(&"ố".repeat(201)),
            Err(Problem::ReasonTooLong { max: 200 })
        );
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            parse_date("2026-11-18").expect("test value"),
            d("2026-11-18")
        );
        assert!(parse_date("18/11/2026").is_err());
        assert!(parse_date("2026-02-30").is_err());
    }

    proptest! {
        #[test]
        fn standing_is_monotone_and_agrees_with_the_promotion_rule(n in 0u32..200) {
            let s = standing(n);
            let not_promoted = n > u32::from(MAX_ABSENT_SESSIONS);
            prop_assert_eq!(matches!(s, Standing::Over { .. }), not_promoted);
            prop_assert_eq!(s.warns(), n >= WARN_FROM);
            if let Standing::Ok { left } | Standing::Nearing { left } = s {
                prop_assert_eq!(left + n, MAX_ABSENT);
            }
        }

        #[test]
        fn year_totals_are_the_sum_of_the_semesters(
            marks in proptest::collection::vec((0i64..5, 1i64..3, 0usize..4), 0..80)
        ) {
            let rows: Vec<_> = marks.iter().map(|(s, n, m)| (*s, *n, Mark::ALL[*m])).collect();
            let t = totals(rows.clone());
            let absent: u32 = t.values().map(|s| s.year().absent()).sum();
            let expected = rows.iter().filter(|(_, _, m)| m.is_absence()).count() as u32;
            prop_assert_eq!(absent, expected);
            let late: u32 = t.values().map(|s| s.year().late).sum();
            prop_assert_eq!(late, rows.iter().filter(|(_, _, m)| *m == Mark::Late).count() as u32);
        }

        #[test]
        fn no_school_day_is_a_sunday_a_holiday_or_in_the_future(offset in 0i64..400, today_off in 0i64..400) {
            let s = year();
            let date = d("2026-09-01") + chrono::Days::new(offset as u64);
            let today = d("2026-09-01") + chrono::Days::new(today_off as u64);
            if let Ok(sem) = school_day(date, today, &s, &tet()) {
                prop_assert!(date <= today);
                prop_assert!(date.weekday() != Weekday::Sun);
                prop_assert!(!(d("2027-02-05") <= date && date <= d("2027-02-13")));
                prop_assert!(sem.start <= date && date <= sem.end);
            }
            if let Some(day) = default_day(today, &s, &tet()) {
                prop_assert!(day <= today);
                prop_assert!(school_day(day, today, &s, &tet()).is_ok());
            }
        }

        #[test]
        fn a_roll_taken_before_its_due_time_is_never_late(mins in 0i64..600, grace in 0i64..120) {
            let start = parse_start("07:00").expect("test value");
            let due = roll_due(d("2026-11-18"), start, grace);
            prop_assert!(!roll_is_late(d("2026-11-18"), start, grace, due - mins * 60));
            prop_assert!(roll_is_late(d("2026-11-18"), start, grace, due + 1 + mins));
        }
    }
}
