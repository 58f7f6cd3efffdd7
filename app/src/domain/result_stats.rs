//! The counts leaders read results by: how subject results spread over the TT22 bands (8.0,
//! 6.5, 5.0, Điều 9.2) or Đạt / Chưa đạt, and how many students reach each learning or conduct
//! level. Counts add up, so a grade level is the sum of its classes and a school of its grades.
use super::grading::{Average, Computed, Judgement, Level, SubjectResult};
use serde::{Deserialize, Serialize};

/// One subject's results over a group of students.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands {
    /// ≥ 8.0
    pub from_8: u32,
    /// 6.5 – 7.9
    pub from_6_5: u32,
    /// 5.0 – 6.4
    pub from_5: u32,
    /// < 5.0
    pub below_5: u32,
    /// Đạt (comment subjects).
    pub pass: u32,
    /// Chưa đạt (comment subjects).
    pub fail: u32,
    /// Not complete yet.
    pub pending: u32,
    /// Sum of the averages counted, in tenths (for the mean of any group).
    pub sum_tenths: u64,
}

impl Bands {
    pub fn count(&mut self, result: Computed<SubjectResult>) {
        match result.value() {
            None => self.pending += 1,
            Some(SubjectResult::Commented(Judgement::Pass)) => self.pass += 1,
            Some(SubjectResult::Commented(Judgement::Fail)) => self.fail += 1,
            Some(SubjectResult::Scored(a)) => {
                let t = a.tenths();
                self.sum_tenths += u64::from(t);
                match t {
                    80.. => self.from_8 += 1,
                    65..=79 => self.from_6_5 += 1,
                    50..=64 => self.from_5 += 1,
                    _ => self.below_5 += 1,
                }
            }
        }
    }

    /// Averages counted.
    pub fn scored(self) -> u32 {
        self.from_8 + self.from_6_5 + self.from_5 + self.below_5
    }

    /// The mean of the averages counted, rounded half up to a tenth.
    pub fn mean(self) -> Option<Average> {
        let n = u64::from(self.scored());
        if n == 0 {
            return None;
        }
        let rounded = (2 * self.sum_tenths + n) / (2 * n);
        Average::from_tenths(u8::try_from(rounded).ok()?)
    }
}

impl std::ops::AddAssign for Bands {
    fn add_assign(&mut self, o: Bands) {
        self.from_8 += o.from_8;
        self.from_6_5 += o.from_6_5;
        self.from_5 += o.from_5;
        self.below_5 += o.below_5;
        self.pass += o.pass;
        self.fail += o.fail;
        self.pending += o.pending;
        self.sum_tenths += o.sum_tenths;
    }
}

/// Students by level (Tốt / Khá / Đạt / Chưa đạt), and those without one yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCounts {
    pub good: u32,
    pub fair: u32,
    pub pass: u32,
    pub fail: u32,
    pub pending: u32,
}

impl LevelCounts {
    pub fn count(&mut self, level: Option<Level>) {
        match level {
            Some(Level::Good) => self.good += 1,
            Some(Level::Fair) => self.fair += 1,
            Some(Level::Pass) => self.pass += 1,
            Some(Level::Fail) => self.fail += 1,
            None => self.pending += 1,
        }
    }

    pub fn total(self) -> u32 {
        self.good + self.fair + self.pass + self.fail + self.pending
    }

    /// The counts in the order charts stack them, best first, pending last.
    pub fn in_order(self) -> [u32; 5] {
        [self.good, self.fair, self.pass, self.fail, self.pending]
    }
}

impl std::ops::AddAssign for LevelCounts {
    fn add_assign(&mut self, o: LevelCounts) {
        self.good += o.good;
        self.fair += o.fair;
        self.pass += o.pass;
        self.fail += o.fail;
        self.pending += o.pending;
    }
}

/// A subject result that puts the student at risk: an average below 5.0 or a Chưa đạt.
pub fn is_failing(result: Computed<SubjectResult>) -> bool {
    match result.value() {
        Some(SubjectResult::Scored(a)) => a.tenths() < 50,
        Some(SubjectResult::Commented(j)) => j == Judgement::Fail,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scored(t: u8) -> Computed<SubjectResult> {
        Computed::Value(SubjectResult::Scored(
            Average::from_tenths(t).expect("0..=100"),
        ))
    }

    #[test]
    fn averages_fall_in_the_tt22_bands_at_their_thresholds() {
        let mut b = Bands::default();
        for t in [80, 79, 65, 64, 50, 49, 100, 0] {
            b.count(scored(t));
        }
        b.count(Computed::Incomplete { missing: 1 });
        b.count(Computed::Value(SubjectResult::Commented(Judgement::Pass)));
        b.count(Computed::Value(SubjectResult::Commented(Judgement::Fail)));
        assert_eq!((b.from_8, b.from_6_5, b.from_5, b.below_5), (2, 2, 2, 2));
        assert_eq!((b.pass, b.fail, b.pending), (1, 1, 1));
        // (80+79+65+64+50+49+100+0)/8 = 60.875 → 6.1
        assert_eq!(b.mean().map(|a| a.tenths()), Some(61));
    }

    #[test]
    fn failing_is_below_5_or_chua_dat_and_never_pending() {
        assert!(is_failing(scored(49)));
        assert!(!is_failing(scored(50)));
        assert!(is_failing(Computed::Value(SubjectResult::Commented(
            Judgement::Fail
        ))));
        assert!(!is_failing(Computed::Incomplete { missing: 2 }));
    }

    #[test]
    fn levels_are_counted_best_first() {
        let mut c = LevelCounts::default();
        for l in [
            Some(Level::Good),
            Some(Level::Good),
            Some(Level::Fail),
            None,
            Some(Level::Fair),
        ] {
            c.count(l);
        }
        assert_eq!(c.in_order(), [2, 1, 0, 1, 1]);
        assert_eq!(c.total(), 5);
    }

    proptest! {
        #[test]
        fn a_group_is_the_sum_of_its_parts(a in proptest::collection::vec(0u8..=100, 0..40),
                                           b in proptest::collection::vec(0u8..=100, 0..40)) {
            let (mut x, mut y, mut all) = (Bands::default(), Bands::default(), Bands::default());
            for t in &a { x.count(scored(*t)); all.count(scored(*t)); }
            for t in &b { y.count(scored(*t)); all.count(scored(*t)); }
            x += y;
            prop_assert_eq!(x, all);
            prop_assert_eq!(all.scored() as usize, a.len() + b.len());
            if let Some(m) = all.mean() {
                let lo = a.iter().chain(&b).min().copied().unwrap_or(0);
                let hi = a.iter().chain(&b).max().copied().unwrap_or(100);
                prop_assert!(m.tenths() >= lo && m.tenths() <= hi);
            }
        }
    }
}
