//! The year conduct result (kết quả rèn luyện cả năm, TT22 Điều 8.2.b) from the two
//! semester results the homeroom teacher sets. Semester II weighs more: it shows where the
//! student ended up.
use super::level::Level;

/// The year conduct level from semester I and semester II.
pub fn year_conduct(first: Level, second: Level) -> Level {
    use Level::{Fail, Fair, Good, Pass};
    match (second, first) {
        (Good, Good | Fair) => Good,
        (Good, Pass | Fail) => Fair,
        (Fair, Good | Fair | Pass) => Fair,
        (Fair, Fail) => Pass,
        (Pass, Good) => Fair,
        (Pass, Fair | Pass | Fail) => Pass,
        (Fail, _) => Fail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::{Fail, Fair, Good, Pass};

    /// The GRADING.md table, clause by clause, as an independent oracle.
    fn table(first: Level, second: Level) -> Level {
        if second == Good && first >= Fair {
            Good
        } else if (second == Fair && first >= Pass)
            || (second == Pass && first == Good)
            || (second == Good && first <= Pass)
        {
            Fair
        } else if (second == Pass && first <= Fair) || (second == Fair && first == Fail) {
            Pass
        } else {
            Fail
        }
    }

    #[test]
    fn all_sixteen_semester_combinations_match_the_table() {
        for first in Level::ALL {
            for second in Level::ALL {
                assert_eq!(
                    year_conduct(first, second),
                    table(first, second),
                    "I {first:?}, II {second:?}"
                );
            }
        }
    }

    #[test]
    fn all_sixteen_combinations_give_the_expected_year_level() {
        // (semester I, semester II, year)
        let expected = [
            (Good, Good, Good),
            (Fair, Good, Good),
            (Pass, Good, Fair),
            (Fail, Good, Fair),
            (Good, Fair, Fair),
            (Fair, Fair, Fair),
            (Pass, Fair, Fair),
            (Fail, Fair, Pass),
            (Good, Pass, Fair),
            (Fair, Pass, Pass),
            (Pass, Pass, Pass),
            (Fail, Pass, Pass),
            (Good, Fail, Fail),
            (Fair, Fail, Fail),
            (Pass, Fail, Fail),
            (Fail, Fail, Fail),
        ];
        for (first, second, year) in expected {
            assert_eq!(
                year_conduct(first, second),
                year,
                "I {first:?}, II {second:?}"
            );
        }
    }
}
