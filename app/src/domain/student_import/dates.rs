//! Dates of birth as schools type them (`dd/mm/yyyy`, `d/m/yyyy`, `yyyy-mm-dd`) or as Excel
//! stores them (serial day numbers in the 1900 date system, with its phantom 29 February 1900).
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date; valid by construction ([`SimpleDate::new`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SimpleDate {
    year: i32,
    month: u32,
    day: u32,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl SimpleDate {
    /// The date, if it exists (years 1–9999).
    pub fn new(year: i32, month: u32, day: u32) -> Option<SimpleDate> {
        ((1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month))
            .then_some(SimpleDate { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u32 {
        self.month
    }
    pub fn day(self) -> u32 {
        self.day
    }

    /// `YYYY-MM-DD`, as the database stores dates.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's civil-from-days algorithm.
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Option<SimpleDate> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        SimpleDate::new(
            i32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }
}

/// `dd/mm/yyyy`, as Vietnamese documents write dates.
impl fmt::Display for SimpleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

/// An Excel serial day number (1900 date system) as a date; the time of day is ignored.
///
/// Excel counts 1900-01-01 as day 1 and, copying Lotus 1-2-3, believes 1900 was a leap year:
/// day 60 is a 29 February 1900 that never existed (refused here), and from day 61 on the
/// count is one ahead, so day 61 is 1 March 1900.
pub fn excel_serial_to_date(serial: f64) -> Option<SimpleDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let day = serial.floor() as i64;
    // 1899-12-31 is day 0 for the first 59 days; 1899-12-30 after the phantom day.
    let epoch_1899_12_30 = -25_569;
    match day {
        60 => None,
        1..=59 => SimpleDate::from_days_since_epoch(epoch_1899_12_30 + 1 + day),
        _ => SimpleDate::from_days_since_epoch(epoch_1899_12_30 + day),
    }
}

/// A date typed as text: `dd/mm/yyyy` or `d/m/yyyy` (also with `-` or `.`), or `yyyy-mm-dd`,
/// optionally followed by a time (`… 00:00:00`, `…T00:00:00`). Two-digit years are refused:
/// `05/07/13` could be 1913 or 2013.
pub fn parse_date_text(text: &str) -> Option<SimpleDate> {
    let text = text.trim();
    let date_part = text
        .split(|c: char| c.is_whitespace() || c == 'T')
        .next()
        .unwrap_or("");
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(a) && all_digits(b) && all_digits(c)) {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    if a.len() == 4 {
        if b.len() > 2 || c.len() > 2 {
            return None;
        }
        SimpleDate::new(i32::try_from(num(a)?).ok()?, num(b)?, num(c)?)
    } else {
        if a.len() > 2 || b.len() > 2 || c.len() != 4 {
            return None;
        }
        SimpleDate::new(i32::try_from(num(c)?).ok()?, num(b)?, num(a)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> SimpleDate {
        SimpleDate::new(y, m, day).expect("valid date")
    }

    #[test]
    fn a_day_month_year_date_is_read() {
        assert_eq!(parse_date_text("07/05/2013"), Some(d(2013, 5, 7)));
        assert_eq!(parse_date_text(" 7/5/2013 "), Some(d(2013, 5, 7)));
        assert_eq!(parse_date_text("07-05-2013"), Some(d(2013, 5, 7)));
        assert_eq!(parse_date_text("07.05.2013"), Some(d(2013, 5, 7)));
    }

    #[test]
    fn an_iso_date_is_read_year_first() {
        assert_eq!(parse_date_text("2013-05-07"), Some(d(2013, 5, 7)));
        assert_eq!(parse_date_text("2013-05-07T00:00:00"), Some(d(2013, 5, 7)));
    }

    #[test]
    fn a_time_after_the_date_is_ignored() {
        assert_eq!(parse_date_text("07/05/2013 00:00:00"), Some(d(2013, 5, 7)));
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert_eq!(parse_date_text("31/02/2013"), None);
        assert_eq!(parse_date_text("29/02/2013"), None);
        assert_eq!(parse_date_text("00/01/2013"), None);
        assert_eq!(parse_date_text("12/13/2013"), None);
        assert_eq!(parse_date_text("2013-13-01"), None);
    }

    #[test]
    fn the_29th_of_february_of_a_leap_year_is_a_date() {
        assert_eq!(parse_date_text("29/02/2012"), Some(d(2012, 2, 29)));
        assert_eq!(parse_date_text("29/02/2000"), Some(d(2000, 2, 29)));
        assert_eq!(parse_date_text("29/02/1900"), None);
    }

    #[test]
    fn two_digit_years_and_other_text_are_refused() {
        for text in [
            "07/05/13",
            "",
            "abc",
            "7/5",
            "7/5/2013/1",
            "2013/5/7x",
            "１/5/2013",
            "7//2013",
        ] {
            assert_eq!(parse_date_text(text), None, "{text}");
        }
    }

    #[test]
    fn excel_serial_numbers_follow_the_1900_date_system() {
        assert_eq!(excel_serial_to_date(1.0), Some(d(1900, 1, 1)));
        assert_eq!(excel_serial_to_date(59.0), Some(d(1900, 2, 28)));
        assert_eq!(excel_serial_to_date(61.0), Some(d(1900, 3, 1)));
        assert_eq!(excel_serial_to_date(25_569.0), Some(d(1970, 1, 1)));
        assert_eq!(excel_serial_to_date(41_401.0), Some(d(2013, 5, 7)));
        assert_eq!(excel_serial_to_date(2_958_465.0), Some(d(9999, 12, 31)));
    }

    #[test]
    fn the_phantom_29_february_1900_is_refused() {
        assert_eq!(excel_serial_to_date(60.0), None);
    }

    #[test]
    fn a_time_of_day_in_a_serial_number_is_ignored() {
        assert_eq!(excel_serial_to_date(41_401.75), Some(d(2013, 5, 7)));
    }

    #[test]
    fn serial_numbers_outside_excel_dates_are_refused() {
        for s in [0.0, -1.0, 0.5, 2_958_466.0, f64::NAN, f64::INFINITY] {
            assert_eq!(excel_serial_to_date(s), None, "{s}");
        }
    }

    #[test]
    fn dates_print_day_first() {
        assert_eq!(d(2013, 5, 7).to_string(), "07/05/2013");
        assert_eq!(d(2013, 5, 7).iso(), "2013-05-07");
    }

    proptest! {
        #[test]
        fn days_since_epoch_round_trips(days in -700_000i64..2_900_000) {
            let date = SimpleDate::from_days_since_epoch(days).expect("in range");
            prop_assert_eq!(date.days_since_epoch(), days);
        }

        #[test]
        fn a_printed_date_reads_back(days in -25_000i64..40_000) {
            let date = SimpleDate::from_days_since_epoch(days).expect("in range");
            prop_assert_eq!(parse_date_text(&date.to_string()), Some(date));
            prop_assert_eq!(parse_date_text(&date.iso()), Some(date));
        }

        #[test]
        fn consecutive_serials_after_the_phantom_day_are_consecutive_dates(serial in 61u32..2_958_000) {
            let a = excel_serial_to_date(f64::from(serial)).expect("date");
            let b = excel_serial_to_date(f64::from(serial + 1)).expect("date");
            prop_assert_eq!(b.days_since_epoch() - a.days_since_epoch(), 1);
        }

        #[test]
        fn date_text_parsing_never_panics(text in "\\PC{0,20}") {
            let _ = parse_date_text(&text);
        }
    }
}
