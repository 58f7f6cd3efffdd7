//! Throttling repeated failed logins, per account and per address, without locking the real
//! user out for good: each extra failure doubles the wait, capped, and old failures age out.
use serde::{Deserialize, Serialize};

/// Failures older than this no longer count.
pub const WINDOW_SECS: i64 = 15 * 60;
/// The longest anyone ever has to wait.
pub const MAX_WAIT_SECS: i64 = 15 * 60;
const BASE_WAIT_SECS: i64 = 30;

/// How many failures are tolerated before waiting starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allowance {
    pub free_failures: u32,
}

/// For one account: a person mistyping a few times never waits.
pub const PER_ACCOUNT: Allowance = Allowance { free_failures: 5 };
/// For one address: a school's computer room shares one address, so this is more generous.
pub const PER_ADDRESS: Allowance = Allowance { free_failures: 30 };

/// Recent failures for one key (an account or an address) within [`WINDOW_SECS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecentFailures {
    pub count: u32,
    pub last_at: i64,
}

/// Seconds to wait before another attempt is accepted, 0 when one may try now.
pub fn wait_secs(allowance: Allowance, failures: RecentFailures, now: i64) -> i64 {
    if failures.count < allowance.free_failures {
        return 0;
    }
    let extra = (failures.count - allowance.free_failures).min(16);
    let wait = (BASE_WAIT_SECS << extra).min(MAX_WAIT_SECS);
    // A failure stamped in the future (clock change) still never means more than the cap.
    (failures.last_at + wait - now).clamp(0, MAX_WAIT_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn failures(count: u32, last_at: i64) -> RecentFailures {
        RecentFailures { count, last_at }
    }

    #[test]
    fn a_few_mistakes_never_make_anyone_wait() {
        assert_eq!(wait_secs(PER_ACCOUNT, failures(4, 1000), 1000), 0);
    }

    #[test]
    fn the_fifth_failure_starts_a_thirty_second_wait() {
        assert_eq!(wait_secs(PER_ACCOUNT, failures(5, 1000), 1000), 30);
        assert_eq!(wait_secs(PER_ACCOUNT, failures(5, 1000), 1010), 20);
        assert_eq!(wait_secs(PER_ACCOUNT, failures(5, 1000), 1030), 0);
    }

    #[test]
    fn each_further_failure_doubles_the_wait() {
        assert_eq!(wait_secs(PER_ACCOUNT, failures(6, 0), 0), 60);
        assert_eq!(wait_secs(PER_ACCOUNT, failures(7, 0), 0), 120);
    }

    #[test]
    fn the_wait_is_capped_so_the_real_user_gets_back_in() {
        assert_eq!(wait_secs(PER_ACCOUNT, failures(1000, 0), 0), MAX_WAIT_SECS);
        assert_eq!(wait_secs(PER_ACCOUNT, failures(1000, 0), MAX_WAIT_SECS), 0);
    }

    #[test]
    fn an_address_gets_more_free_failures_than_an_account() {
        assert_eq!(wait_secs(PER_ADDRESS, failures(10, 0), 0), 0);
        assert!(wait_secs(PER_ADDRESS, failures(30, 0), 0) > 0);
    }

    proptest! {
        #[test]
        fn the_wait_is_never_negative_nor_above_the_cap(count in 0u32..10_000, last in 0i64..1_000_000, now in 0i64..2_000_000) {
            let w = wait_secs(PER_ACCOUNT, failures(count, last), now);
            prop_assert!((0..=MAX_WAIT_SECS).contains(&w));
        }

        #[test]
        fn more_failures_never_shorten_the_wait(count in 0u32..100, last in 0i64..1000, now in 0i64..2000) {
            let a = wait_secs(PER_ACCOUNT, failures(count, last), now);
            let b = wait_secs(PER_ACCOUNT, failures(count + 1, last), now);
            prop_assert!(b >= a);
        }
    }
}
