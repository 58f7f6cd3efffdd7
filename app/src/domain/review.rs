//! The review of a grade sheet (class × subject × semester) before it becomes the record:
//! the teacher submits it, the head of the subject's group checks it, the principal approves
//! it. Each step can be returned, with a comment, to the step before. Pure rules: who may do
//! what from which state, and why an act is refused.
use serde::{Deserialize, Serialize};

/// Where a sheet is in its review.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewState {
    /// Being entered (nháp): the teacher writes.
    #[default]
    Draft,
    /// Submitted (đã nộp), waiting for the group head.
    Submitted,
    /// Checked by the group head (đã kiểm tra), waiting for the principal.
    Checked,
    /// Approved by the principal (đã duyệt): part of the record.
    Approved,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [
        ReviewState::Draft,
        ReviewState::Submitted,
        ReviewState::Checked,
        ReviewState::Approved,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            ReviewState::Draft => "draft",
            ReviewState::Submitted => "submitted",
            ReviewState::Checked => "checked",
            ReviewState::Approved => "approved",
        }
    }

    pub fn from_code(code: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Entry is open only while the sheet is a draft.
    pub fn entry_open(self) -> bool {
        self == ReviewState::Draft
    }
}

/// A step of the review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewAct {
    Submit,
    Check,
    Approve,
    /// Back to the step before, with a comment.
    Return,
}

impl ReviewAct {
    pub const ALL: [ReviewAct; 4] = [
        ReviewAct::Submit,
        ReviewAct::Check,
        ReviewAct::Approve,
        ReviewAct::Return,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReviewAct::Submit => "submit",
            ReviewAct::Check => "check",
            ReviewAct::Approve => "approve",
            ReviewAct::Return => "return",
        }
    }

    pub fn from_code(code: &str) -> Option<ReviewAct> {
        ReviewAct::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Acts that make a sheet more final look at missing scores first.
    pub fn checks_missing(self) -> bool {
        self != ReviewAct::Return
    }
}

/// What the caller is to this sheet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    /// The teacher assigned to the class × subject.
    pub is_sheet_teacher: bool,
    pub is_admin: bool,
    /// The head of the subject's group (and holds the group-head role).
    pub is_group_head: bool,
    pub is_principal: bool,
}

/// The sheet's review as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Current {
    pub state: ReviewState,
    /// 0 while nothing was ever done.
    pub version: i64,
    pub submitted_by: Option<i64>,
    pub submitted_by_name: Option<String>,
    pub submitted_at: Option<i64>,
}

/// What the caller asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request<'a> {
    pub act: ReviewAct,
    /// The version the caller saw.
    pub expected_version: i64,
    pub comment: &'a str,
    /// How many required assessments are still empty.
    pub missing: usize,
    /// The caller saw the missing cells and confirms anyway.
    pub confirm_missing: bool,
    /// The school lets one check or approve a sheet one submitted oneself.
    pub allow_self_review: bool,
}

/// Why an act was refused; nothing changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// This caller may never do this act on this sheet.
    NotAllowed,
    /// Submitted already (double submit): by whom and when.
    AlreadySubmitted { by: Option<String>, at: Option<i64> },
    /// The act does not apply to the sheet's state (e.g. approving a draft).
    WrongState { state: ReviewState },
    /// The school forbids checking or approving a sheet one submitted oneself.
    OwnSubmission,
    /// Someone acted on the sheet since the caller loaded it.
    Stale { state: ReviewState },
    /// Returning a sheet needs a comment saying why.
    CommentRequired,
    /// A comment is longer than [`MAX_COMMENT_CHARS`].
    CommentTooLong,
    /// Required assessments are empty and the caller did not confirm.
    MissingScores { count: usize },
}

/// An assessment the subject's rules require that is still empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingCell {
    pub student_code: String,
    pub student_name: String,
    pub column: Column,
}

/// An assessment column of a sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Column {
    /// Regular assessment (ĐĐGtx) by slot, from 1.
    Regular(i64),
    Midterm,
    Final,
}

/// Why entry is closed on a sheet: its state, since when and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub state: ReviewState,
    pub since: i64,
    pub submitted_by: Option<String>,
}

/// The longest comment kept with a step.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// Whether this actor's role allows the act at all, whatever the state.
pub fn may_ever(actor: &Actor, act: ReviewAct) -> bool {
    match act {
        ReviewAct::Submit => actor.is_sheet_teacher || actor.is_admin,
        ReviewAct::Check => actor.is_group_head,
        ReviewAct::Approve => actor.is_principal,
        ReviewAct::Return => actor.is_group_head || actor.is_principal,
    }
}

/// The state an act leads to from `from`, if it applies there, for this actor. A return goes
/// one step back: the group head returns a submitted sheet, the principal a checked one.
pub fn target(actor: &Actor, act: ReviewAct, from: ReviewState) -> Option<ReviewState> {
    use ReviewState::*;
    match (act, from) {
        (ReviewAct::Submit, Draft) => Some(Submitted),
        (ReviewAct::Check, Submitted) => Some(Checked),
        (ReviewAct::Approve, Checked) => Some(Approved),
        (ReviewAct::Return, Submitted) if actor.is_group_head => Some(Draft),
        (ReviewAct::Return, Checked) if actor.is_principal => Some(Submitted),
        _ => None,
    }
}

/// Decides an act: the new state, or why not. Checks in the order a person needs the answer:
/// may I at all, does it apply now, did anything change since I looked, is my own submission
/// involved, is the comment there, are scores missing.
pub fn decide(actor: &Actor, current: &Current, req: &Request<'_>) -> Result<ReviewState, Refusal> {
    if !may_ever(actor, req.act) {
        return Err(Refusal::NotAllowed);
    }
    let Some(to) = target(actor, req.act, current.state) else {
        return Err(match (req.act, current.state) {
            (ReviewAct::Submit, ReviewState::Submitted) => Refusal::AlreadySubmitted {
                by: current.submitted_by_name.clone(),
                at: current.submitted_at,
            },
            (_, state) => Refusal::WrongState { state },
        });
    };
    if req.expected_version != current.version {
        return Err(Refusal::Stale {
            state: current.state,
        });
    }
    let reviews = matches!(req.act, ReviewAct::Check | ReviewAct::Approve);
    if reviews && !req.allow_self_review && current.submitted_by == Some(actor.user_id) {
        return Err(Refusal::OwnSubmission);
    }
    let comment = req.comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(Refusal::CommentTooLong);
    }
    if req.act == ReviewAct::Return && comment.is_empty() {
        return Err(Refusal::CommentRequired);
    }
    if req.act.checks_missing() && req.missing > 0 && !req.confirm_missing {
        return Err(Refusal::MissingScores { count: req.missing });
    }
    Ok(to)
}

/// The acts this actor could do now (the buttons to show).
pub fn available(actor: &Actor, current: &Current, allow_self_review: bool) -> Vec<ReviewAct> {
    ReviewAct::ALL
        .into_iter()
        .filter(|&act| may_ever(actor, act) && target(actor, act, current.state).is_some())
        .filter(|&act| {
            allow_self_review
                || !matches!(act, ReviewAct::Check | ReviewAct::Approve)
                || current.submitted_by != Some(actor.user_id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReviewAct::*;
    use ReviewState::*;

    const TEACHER: Actor = Actor {
        user_id: 1,
        is_sheet_teacher: true,
        is_admin: false,
        is_group_head: false,
        is_principal: false,
    };
    const HEAD: Actor = Actor {
        user_id: 2,
        is_sheet_teacher: false,
        is_admin: false,
        is_group_head: true,
        is_principal: false,
    };
    const PRINCIPAL: Actor = Actor {
        user_id: 3,
        is_sheet_teacher: false,
        is_admin: false,
        is_group_head: false,
        is_principal: true,
    };
    const ADMIN: Actor = Actor {
        user_id: 4,
        is_sheet_teacher: false,
        is_admin: true,
        is_group_head: false,
        is_principal: false,
    };
    const STRANGER: Actor = Actor {
        user_id: 5,
        is_sheet_teacher: false,
        is_admin: false,
        is_group_head: false,
        is_principal: false,
    };

    fn at(state: ReviewState, version: i64) -> Current {
        Current {
            state,
            version,
            submitted_by: (state != Draft).then_some(TEACHER.user_id),
            submitted_by_name: (state != Draft).then(|| "Cô Lan".to_string()),
            submitted_at: (state != Draft).then_some(1_700_000_000),
        }
    }

    fn req(act: ReviewAct, version: i64) -> Request<'static> {
        Request {
            act,
            expected_version: version,
            comment: if act == Return { "thiếu điểm" } else { "" },
            missing: 0,
            confirm_missing: false,
            allow_self_review: false,
        }
    }

    #[test]
    fn the_whole_path_goes_draft_submitted_checked_approved() {
        assert_eq!(
            decide(&TEACHER, &at(Draft, 0), &req(Submit, 0)),
            Ok(Submitted)
        );
        assert_eq!(
            decide(&HEAD, &at(Submitted, 1), &req(Check, 1)),
            Ok(Checked)
        );
        assert_eq!(
            decide(&PRINCIPAL, &at(Checked, 2), &req(Approve, 2)),
            Ok(Approved)
        );
    }

    #[test]
    fn an_admin_may_submit_for_the_teacher() {
        assert_eq!(
            decide(&ADMIN, &at(Draft, 4), &req(Submit, 4)),
            Ok(Submitted)
        );
    }

    #[test]
    fn each_return_goes_one_step_back() {
        assert_eq!(decide(&HEAD, &at(Submitted, 1), &req(Return, 1)), Ok(Draft));
        assert_eq!(
            decide(&PRINCIPAL, &at(Checked, 2), &req(Return, 2)),
            Ok(Submitted)
        );
    }

    #[test]
    fn nobody_returns_a_draft_or_an_approved_sheet() {
        for actor in [HEAD, PRINCIPAL] {
            for state in [Draft, Approved] {
                assert_eq!(
                    decide(&actor, &at(state, 3), &req(Return, 3)),
                    Err(Refusal::WrongState { state })
                );
            }
        }
    }

    #[test]
    fn the_group_head_does_not_return_a_checked_sheet_nor_the_principal_a_submitted_one() {
        assert_eq!(
            decide(&HEAD, &at(Checked, 2), &req(Return, 2)),
            Err(Refusal::WrongState { state: Checked })
        );
        assert_eq!(
            decide(&PRINCIPAL, &at(Submitted, 1), &req(Return, 1)),
            Err(Refusal::WrongState { state: Submitted })
        );
    }

    #[test]
    fn each_act_belongs_to_its_role() {
        let all = [TEACHER, HEAD, PRINCIPAL, ADMIN, STRANGER];
        for actor in all {
            for act in ReviewAct::ALL {
                let allowed = match act {
                    Submit => actor == TEACHER || actor == ADMIN,
                    Check => actor == HEAD,
                    Approve => actor == PRINCIPAL,
                    Return => actor == HEAD || actor == PRINCIPAL,
                };
                assert_eq!(may_ever(&actor, act), allowed, "{actor:?} {act:?}");
                if !allowed {
                    for state in ReviewState::ALL {
                        assert_eq!(
                            decide(&actor, &at(state, 1), &req(act, 1)),
                            Err(Refusal::NotAllowed)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_act_from_every_state_is_decided_by_the_table() {
        let table = [
            (TEACHER, Submit, Draft, Some(Submitted)),
            (HEAD, Check, Submitted, Some(Checked)),
            (PRINCIPAL, Approve, Checked, Some(Approved)),
            (HEAD, Return, Submitted, Some(Draft)),
            (PRINCIPAL, Return, Checked, Some(Submitted)),
        ];
        for (actor, act) in [
            (TEACHER, Submit),
            (HEAD, Check),
            (PRINCIPAL, Approve),
            (HEAD, Return),
            (PRINCIPAL, Return),
        ] {
            for state in ReviewState::ALL {
                let expected = table
                    .iter()
                    .find(|(a, x, s, _)| *a == actor && *x == act && *s == state)
                    .and_then(|t| t.3);
                assert_eq!(
                    target(&actor, act, state),
                    expected,
                    "{act:?} from {state:?}"
                );
            }
        }
    }

    #[test]
    fn submitting_twice_says_when_and_by_whom() {
        assert_eq!(
            decide(&TEACHER, &at(Submitted, 1), &req(Submit, 0)),
            Err(Refusal::AlreadySubmitted {
                by: Some("Cô Lan".into()),
                at: Some(1_700_000_000)
            })
        );
    }

    #[test]
    fn approving_a_draft_is_the_wrong_state() {
        assert_eq!(
            decide(&PRINCIPAL, &at(Draft, 0), &req(Approve, 0)),
            Err(Refusal::WrongState { state: Draft })
        );
        assert_eq!(
            decide(&HEAD, &at(Approved, 3), &req(Check, 3)),
            Err(Refusal::WrongState { state: Approved })
        );
    }

    #[test]
    fn an_act_on_a_stale_version_is_refused() {
        assert_eq!(
            decide(&HEAD, &at(Submitted, 3), &req(Check, 1)),
            Err(Refusal::Stale { state: Submitted })
        );
        assert_eq!(
            decide(&TEACHER, &at(Draft, 2), &req(Submit, 0)),
            Err(Refusal::Stale { state: Draft })
        );
    }

    #[test]
    fn checking_or_approving_ones_own_submission_is_refused_unless_the_school_allows_it() {
        let both = Actor {
            user_id: 1,
            is_sheet_teacher: true,
            is_group_head: true,
            is_principal: true,
            is_admin: false,
        };
        assert_eq!(
            decide(&both, &at(Submitted, 1), &req(Check, 1)),
            Err(Refusal::OwnSubmission)
        );
        assert_eq!(
            decide(&both, &at(Checked, 2), &req(Approve, 2)),
            Err(Refusal::OwnSubmission)
        );
        let allowed = Request {
            allow_self_review: true,
            ..req(Check, 1)
        };
        assert_eq!(decide(&both, &at(Submitted, 1), &allowed), Ok(Checked));
        assert_eq!(available(&both, &at(Submitted, 1), false), vec![Return]);
        assert_eq!(
            available(&both, &at(Submitted, 1), true),
            vec![Check, Return]
        );
    }

    #[test]
    fn a_return_needs_a_comment() {
        let blank = Request {
            comment: "   ",
            ..req(Return, 1)
        };
        assert_eq!(
            decide(&HEAD, &at(Submitted, 1), &blank),
            Err(Refusal::CommentRequired)
        );
        let long = "x".repeat(MAX_COMMENT_CHARS + 1);
        let too_long = Request {
            comment: &long,
            ..req(Return, 1)
        };
        assert_eq!(
            decide(&HEAD, &at(Submitted, 1), &too_long),
            Err(Refusal::CommentTooLong)
        );
    }

    #[test]
    fn missing_scores_need_an_explicit_confirmation() {
        for (actor, act, state) in [
            (TEACHER, Submit, Draft),
            (HEAD, Check, Submitted),
            (PRINCIPAL, Approve, Checked),
        ] {
            let missing = Request {
                missing: 3,
                ..req(act, 1)
            };
            assert_eq!(
                decide(&actor, &at(state, 1), &missing),
                Err(Refusal::MissingScores { count: 3 })
            );
            let confirmed = Request {
                confirm_missing: true,
                ..missing
            };
            assert!(decide(&actor, &at(state, 1), &confirmed).is_ok());
        }
        let returning = Request {
            missing: 3,
            ..req(Return, 1)
        };
        assert_eq!(decide(&HEAD, &at(Submitted, 1), &returning), Ok(Draft));
    }

    #[test]
    fn the_buttons_follow_the_state() {
        assert_eq!(available(&TEACHER, &at(Draft, 0), false), vec![Submit]);
        assert!(available(&TEACHER, &at(Submitted, 1), false).is_empty());
        assert_eq!(
            available(&HEAD, &at(Submitted, 1), false),
            vec![Check, Return]
        );
        assert_eq!(
            available(&PRINCIPAL, &at(Checked, 2), false),
            vec![Approve, Return]
        );
        assert!(available(&PRINCIPAL, &at(Approved, 3), false).is_empty());
        assert!(available(&STRANGER, &at(Draft, 0), false).is_empty());
    }

    #[test]
    fn only_a_draft_is_open_for_entry() {
        for state in ReviewState::ALL {
            assert_eq!(state.entry_open(), state == Draft);
            assert_eq!(ReviewState::from_code(state.code()), Some(state));
        }
        for act in ReviewAct::ALL {
            assert_eq!(ReviewAct::from_code(act.code()), Some(act));
        }
    }
}
