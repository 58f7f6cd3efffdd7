//! The four-step scale TT22 uses for both learning (Điều 9) and conduct (Điều 8):
//! Tốt / Khá / Đạt / Chưa đạt.
use serde::{Deserialize, Serialize};

/// Declared from lowest to highest so that `Good > Fair > Pass > Fail` and `>=` reads as
/// "at least".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    /// Chưa đạt.
    Fail,
    /// Đạt.
    Pass,
    /// Khá.
    Fair,
    /// Tốt.
    Good,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Fail, Level::Pass, Level::Fair, Level::Good];

    /// One level up; `Good` stays `Good`.
    pub fn raised(self) -> Level {
        match self {
            Level::Fail => Level::Pass,
            Level::Pass => Level::Fair,
            Level::Fair | Level::Good => Level::Good,
        }
    }

    /// How many levels `self` is above `other` (0 when not above).
    pub fn steps_above(self, other: Level) -> u8 {
        (self as u8).saturating_sub(other as u8)
    }

    /// The Vietnamese name, as printed in the học bạ.
    pub fn name_vi(self) -> &'static str {
        match self {
            Level::Fail => "Chưa đạt",
            Level::Pass => "Đạt",
            Level::Fair => "Khá",
            Level::Good => "Tốt",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_compare_from_fail_up_to_good() {
        assert!(
            Level::Good > Level::Fair && Level::Fair > Level::Pass && Level::Pass > Level::Fail
        );
    }

    #[test]
    fn raising_moves_one_level_and_stops_at_good() {
        assert_eq!(Level::Fail.raised(), Level::Pass);
        assert_eq!(Level::Pass.raised(), Level::Fair);
        assert_eq!(Level::Good.raised(), Level::Good);
    }

    #[test]
    fn steps_above_counts_levels_between() {
        assert_eq!(Level::Good.steps_above(Level::Pass), 2);
        assert_eq!(Level::Pass.steps_above(Level::Good), 0);
    }
}
