//! When families see a score (issue 8): the school chooses whether a sheet's scores show as soon
//! as they are saved, once the group head has checked the sheet, or only once the principal has
//! approved it. Nothing in a sheet before that point reaches a parent or a student.
use super::review::ReviewState;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FamilyVisibility {
    /// As soon as the teacher saves them.
    OnSave,
    /// Once the group head has checked the sheet.
    AfterCheck,
    /// Once the principal has approved the sheet: the record itself (the default).
    #[default]
    AfterApproval,
}

impl FamilyVisibility {
    pub const ALL: [FamilyVisibility; 3] = [
        FamilyVisibility::OnSave,
        FamilyVisibility::AfterCheck,
        FamilyVisibility::AfterApproval,
    ];

    /// The code stored in `schools.family_visibility`.
    pub fn code(self) -> &'static str {
        match self {
            FamilyVisibility::OnSave => "saved",
            FamilyVisibility::AfterCheck => "checked",
            FamilyVisibility::AfterApproval => "approved",
        }
    }

    pub fn from_code(code: &str) -> Option<FamilyVisibility> {
        Self::ALL.into_iter().find(|v| v.code() == code)
    }

    /// Whether families see the scores of a sheet in review state `state`.
    pub fn shows(self, state: ReviewState) -> bool {
        match self {
            FamilyVisibility::OnSave => true,
            FamilyVisibility::AfterCheck => {
                matches!(state, ReviewState::Checked | ReviewState::Approved)
            }
            FamilyVisibility::AfterApproval => state == ReviewState::Approved,
        }
    }

    /// Whether families see the results built from several sheets (a semester's learning
    /// result and conduct, a year's averages): only once every one of those sheets shows. No
    /// sheet at all shows nothing, so an unset-up class never publishes an empty result.
    pub fn shows_all(self, states: impl IntoIterator<Item = ReviewState>) -> bool {
        let mut any = false;
        for s in states {
            if !self.shows(s) {
                return false;
            }
            any = true;
        }
        any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_approval_is_the_default() {
        for v in FamilyVisibility::ALL {
            assert_eq!(FamilyVisibility::from_code(v.code()), Some(v));
        }
        assert_eq!(FamilyVisibility::from_code("draft"), None);
        assert_eq!(FamilyVisibility::default(), FamilyVisibility::AfterApproval);
    }

    #[test]
    fn each_setting_shows_exactly_the_states_from_its_point_on() {
        use ReviewState::*;
        let table = [
            (FamilyVisibility::OnSave, [true, true, true, true]),
            (FamilyVisibility::AfterCheck, [false, false, true, true]),
            (FamilyVisibility::AfterApproval, [false, false, false, true]),
        ];
        for (v, expected) in table {
            let got = [Draft, Submitted, Checked, Approved].map(|s| v.shows(s));
            assert_eq!(got, expected, "{v:?}");
        }
    }

    #[test]
    fn a_result_of_several_sheets_shows_only_when_every_sheet_does() {
        use ReviewState::*;
        let v = FamilyVisibility::AfterCheck;
        assert!(v.shows_all([Checked, Approved]));
        assert!(!v.shows_all([Checked, Submitted, Approved]));
        assert!(!v.shows_all([]));
        assert!(FamilyVisibility::OnSave.shows_all([Draft]));
        assert!(!FamilyVisibility::AfterApproval.shows_all([Approved, Draft]));
    }

    proptest::proptest! {
        #[test]
        fn shows_all_is_every_sheet_shown(states in proptest::collection::vec(0usize..4, 0..12), v in 0usize..3) {
            let v = FamilyVisibility::ALL[v];
            let states: Vec<ReviewState> = states.into_iter().map(|i| ReviewState::ALL[i]).collect();
            let expected = !states.is_empty() && states.iter().all(|s| v.shows(*s));
            proptest::prop_assert_eq!(v.shows_all(states.iter().copied()), expected);
        }
    }

    #[test]
    fn a_later_point_never_shows_more() {
        for s in ReviewState::ALL {
            assert!(
                FamilyVisibility::AfterApproval.shows(s) <= FamilyVisibility::AfterCheck.shows(s)
            );
            assert!(FamilyVisibility::AfterCheck.shows(s) <= FamilyVisibility::OnSave.shows(s));
        }
    }
}
