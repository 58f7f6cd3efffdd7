//! Formatting for display. Times are shown in Vietnam's time zone (UTC+7, no daylight
//! saving), computed the same way on the server and in the browser.

const VIETNAM_OFFSET_SECS: i64 = 7 * 3600;

/// `dd/mm/yyyy HH:MM`, the Vietnamese way.
pub fn date_time(unix_secs: i64) -> String {
    let local = unix_secs + VIETNAM_OFFSET_SECS;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{d:02}/{m:02}/{y:04} {:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_is_seven_in_the_morning_in_vietnam() {
        assert_eq!(date_time(0), "01/01/1970 07:00");
    }

    #[test]
    fn a_known_instant_is_shown_in_vietnam_time() {
        // 2026-11-22T17:30:00Z is 00:30 on the 23rd in Hà Nội.
        assert_eq!(date_time(1_795_368_600), "23/11/2026 00:30");
    }

    #[test]
    fn leap_days_are_handled() {
        // 2028-02-29T00:00:00Z
        assert_eq!(date_time(1_835_395_200), "29/02/2028 07:00");
    }
}

/// `2026-09-05` as `05/09/2026`; anything else unchanged.
pub fn iso_to_dmy(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

/// The name of a rule set as the regulations cite it.
pub fn rule_set_name(code: &str) -> &'static str {
    match code {
        "tt22_2021" => "TT 22/2021",
        "tt27_2020" => "TT 27/2020",
        _ => "–",
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn iso_dates_read_day_first() {
        assert_eq!(iso_to_dmy("2026-09-05"), "05/09/2026");
        assert_eq!(iso_to_dmy("bad"), "bad");
    }
}
