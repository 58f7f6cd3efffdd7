//! Attendance in the outbox: a roll or a period's absences travel as one edit; these are the
//! keys and the one-line summaries (shown in conflicts and in the list of kept changes).
use super::queue::Shown;
use crate::domain::attendance::Mark;
use crate::i18n::{Lang, Msg};

/// `yyyymmdd` of an ISO date, the form a roll's date takes in an outbox key.
pub fn day_of(iso: &str) -> Option<i32> {
    let mut parts = iso.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i32, i32, i32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d) && y > 0).then_some(y * 10_000 + m * 100 + d)
}

/// The ISO date of a `yyyymmdd` key.
pub fn iso_of(day: i32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day / 10_000,
        day / 100 % 100,
        day % 100
    )
}

/// The letter the roll page shows for a mark.
pub fn mark_letter(m: Mark) -> &'static str {
    match m {
        Mark::Present => "C",
        Mark::Excused => "P",
        Mark::Unexcused => "K",
        Mark::Late => "M",
    }
}

/// A roll in one line: who is not present, in class order, with the mark and reason
/// ("Nguyễn Văn An: P (ốm); Lê Bình: K"), or that everyone is.
pub fn roll_shown<'a>(
    lines: impl IntoIterator<Item = (&'a str, Mark, &'a str)>,
    lang: Lang,
) -> Shown {
    let parts: Vec<String> = lines
        .into_iter()
        .filter(|(_, mark, _)| *mark != Mark::Present)
        .map(|(name, mark, reason)| with_reason(format!("{name}: {}", mark_letter(mark)), reason))
        .collect();
    summary(parts, Msg::AttAllPresent, lang)
}

/// A period's absences in one line ("Nguyễn Văn An (có phép); Lê Bình"), or that no one is
/// absent.
pub fn period_shown<'a>(
    absent: impl IntoIterator<Item = (&'a str, bool, &'a str)>,
    lang: Lang,
) -> Shown {
    let parts: Vec<String> = absent
        .into_iter()
        .map(|(name, excused, reason)| {
            let name = if excused {
                format!("{name} ({})", Msg::AttExcusedShort.raw(lang))
            } else {
                name.to_string()
            };
            with_reason(name, reason)
        })
        .collect();
    summary(parts, Msg::AttNoneAbsent, lang)
}

fn with_reason(text: String, reason: &str) -> String {
    match reason.trim() {
        "" => text,
        r => format!("{text} · {r}"),
    }
}

fn summary(parts: Vec<String>, empty: Msg, lang: Lang) -> Shown {
    Shown {
        text: if parts.is_empty() {
            empty.raw(lang).to_string()
        } else {
            parts.join("; ")
        },
        zero_reason: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_day_key_is_the_date_in_digits() {
        assert_eq!(day_of("2026-11-23"), Some(20261123));
        assert_eq!(iso_of(20261123), "2026-11-23");
        assert_eq!(iso_of(20260105), "2026-01-05");
    }

    #[test]
    fn what_is_not_a_date_has_no_key() {
        for bad in [
            "",
            "2026-11",
            "2026-13-01",
            "2026-11-32",
            "2026-1-05",
            "26-11-23",
            "2026-11-23-1",
            "abcd-ef-gh",
        ] {
            assert_eq!(day_of(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn a_key_gives_back_its_date(y in 1000i32..9999, m in 1i32..=12, d in 1i32..=31) {
            let iso = format!("{y:04}-{m:02}-{d:02}");
            let day = day_of(&iso).expect("a key");
            prop_assert_eq!(iso_of(day), iso);
        }
    }

    #[test]
    fn a_roll_lists_who_is_not_present_with_the_reason() {
        let shown = roll_shown(
            [
                ("Nguyễn Văn An", Mark::Excused, "ốm"),
                ("Lê Bình", Mark::Present, ""),
                ("Trần Chi", Mark::Unexcused, " "),
                ("Phạm Dũng", Mark::Late, ""),
            ],
            Lang::Vi,
        );
        assert_eq!(
            shown.text,
            "Nguyễn Văn An: P · ốm; Trần Chi: K; Phạm Dũng: M"
        );
    }

    #[test]
    fn a_full_roll_says_everyone_is_present() {
        let shown = roll_shown([("Lê Bình", Mark::Present, "")], Lang::En);
        assert_eq!(shown.text, Msg::AttAllPresent.raw(Lang::En));
        assert_ne!(
            roll_shown([], Lang::Vi).text,
            roll_shown([("Lê Bình", Mark::Excused, "")], Lang::Vi).text
        );
    }

    #[test]
    fn a_period_lists_the_absent_and_who_is_excused() {
        let shown = period_shown([("An", true, "khám bệnh"), ("Bình", false, "")], Lang::Vi);
        assert_eq!(shown.text, "An (có phép) · khám bệnh; Bình");
        assert_eq!(
            period_shown([], Lang::Vi).text,
            Msg::AttNoneAbsent.raw(Lang::Vi)
        );
    }
}
