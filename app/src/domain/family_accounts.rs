//! Family accounts: one parent account per student, named by the student code, and optionally
//! the student's own account ("hs" + code). Initial passwords are random, printed once on a
//! credential slip and changed at first sign-in. A parent with several children links the
//! others to one account with each child's code and slip.
use serde::{Deserialize, Serialize};

/// Which of a student's two accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountKind {
    Parent,
    Student,
}

impl AccountKind {
    /// The login name of this account of the student with `code`.
    pub fn username(self, code: &str) -> String {
        let code = code.trim().to_lowercase();
        match self {
            AccountKind::Parent => code,
            AccountKind::Student => format!("hs{code}"),
        }
    }

    pub fn role_code(self) -> &'static str {
        match self {
            AccountKind::Parent => "parent",
            AccountKind::Student => "student",
        }
    }
}

/// One credential slip: who it is for and the password to start with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slip {
    pub class_name: String,
    pub student_name: String,
    pub student_code: String,
    pub kind: AccountKind,
    pub username: String,
    pub password: String,
}

/// What a parent's "link a child" finds about the code and slip given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkFacts {
    /// A parent account with that username exists in the caller's school.
    pub account_found: bool,
    /// It is the caller's own account.
    pub is_callers: bool,
    /// The caller already sees that child.
    pub already_mine: bool,
    pub active: bool,
    /// Never signed in: still on the slip's password.
    pub unused: bool,
    pub password_matches: bool,
}

/// Why a child cannot be linked. A wrong code and a wrong password are one answer, so that
/// the form does not tell which codes exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LinkRefusal {
    #[error("wrong student code or slip password")]
    WrongSlip,
    #[error("this child is already linked to this account")]
    AlreadyYours,
    /// The slip was used (its account signed in, or it was linked to another account).
    #[error("this slip has already been used")]
    SlipUsed,
}

/// Whether the child behind a code and slip may be linked to the caller's account.
pub fn check_link(f: LinkFacts) -> Result<(), LinkRefusal> {
    if !f.account_found || !f.password_matches {
        return Err(LinkRefusal::WrongSlip);
    }
    if f.is_callers || f.already_mine {
        return Err(LinkRefusal::AlreadyYours);
    }
    if !f.active || !f.unused {
        return Err(LinkRefusal::SlipUsed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_parent_signs_in_with_the_code_and_a_student_with_hs_before_it() {
        assert_eq!(AccountKind::Parent.username(" 7901692934 "), "7901692934");
        assert_eq!(AccountKind::Student.username("HS01"), "hshs01");
        assert_eq!(AccountKind::Parent.role_code(), "parent");
        assert_eq!(AccountKind::Student.role_code(), "student");
    }

    fn good() -> LinkFacts {
        LinkFacts {
            account_found: true,
            is_callers: false,
            already_mine: false,
            active: true,
            unused: true,
            password_matches: true,
        }
    }

    #[test]
    fn an_unused_slip_with_its_password_links() {
        assert_eq!(check_link(good()), Ok(()));
    }

    #[test]
    fn refusals() {
        let wrong = LinkFacts {
            password_matches: false,
            ..good()
        };
        assert_eq!(check_link(wrong), Err(LinkRefusal::WrongSlip));
        let unknown = LinkFacts {
            account_found: false,
            ..good()
        };
        assert_eq!(check_link(unknown), Err(LinkRefusal::WrongSlip));
        let used = LinkFacts {
            unused: false,
            ..good()
        };
        assert_eq!(check_link(used), Err(LinkRefusal::SlipUsed));
        let linked = LinkFacts {
            active: false,
            ..good()
        };
        assert_eq!(check_link(linked), Err(LinkRefusal::SlipUsed));
        let own = LinkFacts {
            is_callers: true,
            unused: false,
            ..good()
        };
        assert_eq!(check_link(own), Err(LinkRefusal::AlreadyYours));
    }

    proptest! {
        /// A wrong password never tells more than "wrong", whatever the account's state.
        #[test]
        fn a_wrong_password_says_only_that(
            found: bool, callers: bool, mine: bool, active: bool, unused: bool,
        ) {
            let f = LinkFacts {
                account_found: found,
                is_callers: callers,
                already_mine: mine,
                active,
                unused,
                password_matches: false,
            };
            prop_assert_eq!(check_link(f), Err(LinkRefusal::WrongSlip));
        }

        #[test]
        fn only_an_unused_active_slip_of_another_child_links(
            callers: bool, mine: bool, active: bool, unused: bool,
        ) {
            let f = LinkFacts {
                account_found: true,
                is_callers: callers,
                already_mine: mine,
                active,
                unused,
                password_matches: true,
            };
            prop_assert_eq!(check_link(f).is_ok(), !callers && !mine && active && unused);
        }
    }
}
