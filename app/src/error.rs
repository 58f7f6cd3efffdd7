//! The one error type that crosses the wire. Server code maps every failure to a variant here
//! once; the client turns it into a translated message with [`AppError::message`].
use crate::domain::distinction::DistinctionProblem;
use crate::domain::entry_window::{Closure, LockScope};
use crate::domain::mistake_report::ReportProblem;
use crate::domain::password_policy::{PasswordProblem, MIN_LENGTH};
use crate::domain::review::{Closure as ReviewClosure, MissingCell, Refusal, ReviewState};
use crate::domain::structure::Invalid;
use crate::domain::student_import::FileProblem;
use crate::domain::username::UsernameProblem;
use crate::domain::year_end_review::{OverrideRefusal, ReassessmentRefusal, YearEndProblem};
use crate::i18n::{Lang, Msg};
use crate::ui::format::{date_time, iso_to_dmy};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("session expired")]
    SessionExpired,
    #[error("forbidden")]
    Forbidden,
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("account disabled")]
    AccountDisabled,
    #[error("too many failed logins, retry in {retry_after_secs}s")]
    Throttled { retry_after_secs: i64 },
    #[error("the password must be changed first")]
    MustChangePassword,
    #[error("weak password: {0}")]
    WeakPassword(PasswordProblem),
    #[error("the two new passwords differ")]
    PasswordsDiffer,
    #[error("the current password is wrong")]
    WrongCurrentPassword,
    #[error("invalid username: {0}")]
    InvalidUsername(UsernameProblem),
    #[error("username taken")]
    UsernameTaken,
    #[error("a required field is empty: {0}")]
    MissingField(String),
    #[error("choose at least one role")]
    NoRole,
    #[error("an admin cannot remove their own admin role")]
    CannotDemoteSelf,
    #[error("not found")]
    NotFound,
    /// A form field is wrong; nothing was changed.
    #[error("invalid {0:?}")]
    Invalid(Invalid),
    /// The record changed since the caller loaded it; nothing was overwritten.
    #[error("changed by someone else meanwhile")]
    EditConflict,
    /// The record is still used elsewhere (a class with students, a subject with scores).
    #[error("still in use")]
    InUse,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("the uploaded file cannot be imported: {0}")]
    ImportFile(FileProblem),
    #[error("{rows} rows of the file have problems")]
    ImportHasProblems { rows: usize },
    #[error("students changed while the file was imported")]
    ImportChangedMeanwhile,
    #[error("the school has no current school year")]
    NoCurrentYear,
    /// A review act (submit, check, approve, return) was refused; nothing changed.
    #[error("review act refused: {0:?}")]
    Review(Refusal),
    /// Required assessments are empty: the act needs an explicit confirmation.
    #[error("{} required assessments are empty", cells.len())]
    ReviewMissing { cells: Vec<MissingCell> },
    /// Entry is closed while the sheet is under review or approved.
    #[error("entry closed: the sheet is {:?}", .0.state)]
    SheetClosed(ReviewClosure),
    /// Sheets of the class are not approved: signing needs an explicit confirmation.
    #[error("{} sheets are not approved", sheets.len())]
    SignoffUnapproved { sheets: Vec<String> },
    /// The sheet is locked or past its entry deadline: nothing was written.
    #[error("entry is closed for this sheet")]
    EntryClosed(Box<Closure>),
    /// A correction is asked for a sheet that is still open: edit it directly.
    #[error("the sheet is open: edit it directly")]
    CorrectionNotNeeded,
    /// The approved correction's window has ended (Unix seconds).
    #[error("the correction window ended at {until}")]
    CorrectionExpired { until: i64 },
    /// A correction request names no cell.
    #[error("a correction request names at least one cell")]
    CorrectionNoCells,
    /// A correction request names a cell the sheet does not have.
    #[error("no such cell in this sheet")]
    CorrectionNoSuchCell,
    /// Nobody approves their own correction request.
    #[error("one's own correction request cannot be approved")]
    CorrectionSelfApproval,
    /// The correction request was already approved or refused.
    #[error("the correction request was already decided")]
    CorrectionDecided,
    /// An attendance write or view was refused; nothing changed.
    #[error("attendance: {0:?}")]
    Attendance(crate::domain::attendance::Problem),
    /// A year-end act (confirm, override, re-assessment, summer conduct) was refused.
    #[error("year-end act refused: {0:?}")]
    YearEnd(YearEndProblem),
    /// Details are logged on the server, never sent.
    #[error("reward or discipline record refused: {0:?}")]
    Distinction(DistinctionProblem),
    /// A parent's "link a child" was refused; nothing changed.
    #[error("child not linked: {0}")]
    FamilyLink(crate::domain::family_accounts::LinkRefusal),
    /// A mistake report or its answer was refused; nothing changed.
    #[error("report refused: {0}")]
    Report(crate::domain::mistake_report::ReportProblem),
    /// A notification setting was refused; nothing changed.
    #[error("e-mail refused: {0}")]
    Email(crate::domain::notification::EmailProblem),
    #[error("announcement refused: {0}")]
    Announcement(crate::domain::announcement::AnnouncementProblem),
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// The HTTP status a server function answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotSignedIn | AppError::SessionExpired | AppError::InvalidCredentials => 401,
            AppError::Forbidden | AppError::AccountDisabled | AppError::MustChangePassword => 403,
            AppError::Throttled { .. } => 429,
            AppError::NotFound => 404,
            AppError::Review(Refusal::NotAllowed) => 403,
            AppError::Review(
                Refusal::AlreadySubmitted { .. }
                | Refusal::Stale { .. }
                | Refusal::WrongState { .. },
            )
            | AppError::ReviewMissing { .. }
            | AppError::SheetClosed(_)
            | AppError::SignoffUnapproved { .. } => 409,
            AppError::UsernameTaken
            | AppError::EditConflict
            | AppError::InUse
            | AppError::ImportChangedMeanwhile
            | AppError::CorrectionDecided => 409,
            AppError::EntryClosed(_) | AppError::CorrectionExpired { .. } => 423,
            AppError::Attendance(crate::domain::attendance::Problem::Stale { .. }) => 409,
            AppError::Attendance(_) => 422,
            AppError::FamilyLink(crate::domain::family_accounts::LinkRefusal::WrongSlip) => 422,
            AppError::FamilyLink(_) => 409,
            AppError::Report(ReportProblem::TooManyToday { .. }) => 429,
            AppError::Report(ReportProblem::AlreadyAnswered) => 409,
            AppError::Report(_) => 422,
            AppError::Email(_) => 422,
            AppError::Announcement(_) => 422,
            AppError::ImportFile(FileProblem::TooLarge { .. }) => 413,
            AppError::Distinction(DistinctionProblem::AlreadyWithdrawn) => 409,
            AppError::Invalid(_)
            | AppError::Distinction(_)
            | AppError::ImportHasProblems { .. }
            | AppError::CorrectionNoCells
            | AppError::CorrectionNoSuchCell
            | AppError::YearEnd(_) => 422,
            AppError::Internal => 500,
            _ => 400,
        }
    }

    /// The message shown to the user, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::NotSignedIn => Msg::ErrNotSignedIn.raw(lang).into(),
            AppError::SessionExpired => Msg::ErrSessionExpired.raw(lang).into(),
            AppError::Forbidden => Msg::ErrForbidden.raw(lang).into(),
            AppError::InvalidCredentials => Msg::ErrInvalidCredentials.raw(lang).into(),
            AppError::AccountDisabled => Msg::ErrAccountDisabled.raw(lang).into(),
            AppError::Throttled { retry_after_secs } => {
                let minutes = ((retry_after_secs + 59) / 60).max(1).to_string();
                Msg::ErrThrottled.with(lang, &[("minutes", &minutes)])
            }
            AppError::MustChangePassword => Msg::ErrMustChangePassword.raw(lang).into(),
            AppError::WeakPassword(p) => {
                let min = MIN_LENGTH.to_string();
                let reason = match p {
                    PasswordProblem::TooShort => Msg::PwTooShort.with(lang, &[("min", &min)]),
                    PasswordProblem::TooLong => Msg::PwTooLong.raw(lang).into(),
                    PasswordProblem::NeedsLetterAndDigit => {
                        Msg::PwNeedsLetterAndDigit.raw(lang).into()
                    }
                    PasswordProblem::ContainsUsername => Msg::PwContainsUsername.raw(lang).into(),
                    PasswordProblem::TooCommon => Msg::PwTooCommon.raw(lang).into(),
                };
                Msg::ErrWeakPassword.with(lang, &[("reason", &reason)])
            }
            AppError::PasswordsDiffer => Msg::ErrPasswordsDiffer.raw(lang).into(),
            AppError::WrongCurrentPassword => Msg::ErrWrongCurrentPassword.raw(lang).into(),
            AppError::InvalidUsername(p) => match p {
                UsernameProblem::Empty => Msg::ErrUsernameEmpty.raw(lang).into(),
                UsernameProblem::TooLong => Msg::ErrUsernameTooLong.raw(lang).into(),
                UsernameProblem::BadCharacters => Msg::ErrUsernameBadCharacters.raw(lang).into(),
            },
            AppError::UsernameTaken => Msg::ErrUsernameTaken.raw(lang).into(),
            AppError::MissingField(field) => Msg::ErrMissingField.with(lang, &[("field", field)]),
            AppError::NoRole => Msg::ErrNoRole.raw(lang).into(),
            AppError::CannotDemoteSelf => Msg::ErrCannotDemoteSelf.raw(lang).into(),
            AppError::NotFound => Msg::ErrNotFound.raw(lang).into(),
            AppError::Invalid(invalid) => crate::i18n::fields::invalid_message(*invalid, lang),
            AppError::EditConflict => Msg::ErrEditConflict.raw(lang).into(),
            AppError::InUse => Msg::ErrInUse.raw(lang).into(),
            AppError::BadRequest(_) => Msg::ErrBadRequest.raw(lang).into(),
            AppError::ImportFile(p) => p.message(lang),
            AppError::ImportHasProblems { rows } => {
                Msg::ImpNothingImported.with(lang, &[("count", &rows.to_string())])
            }
            AppError::ImportChangedMeanwhile => Msg::ImpChangedMeanwhile.raw(lang).into(),
            AppError::NoCurrentYear => Msg::ImpNoCurrentYear.raw(lang).into(),
            AppError::Review(r) => review_refusal(r, lang),
            AppError::ReviewMissing { cells } => {
                Msg::ReviewErrMissing.with(lang, &[("count", &cells.len().to_string())])
            }
            AppError::SheetClosed(c) => review_closure_message(c, lang),
            AppError::SignoffUnapproved { sheets } => {
                Msg::SignoffErrUnapproved.with(lang, &[("count", &sheets.len().to_string())])
            }
            AppError::EntryClosed(closure) => closure_message(closure, lang),
            AppError::CorrectionNotNeeded => Msg::CorrNotNeeded.raw(lang).into(),
            AppError::CorrectionExpired { until } => {
                Msg::CorrExpired.with(lang, &[("until", &date_time(*until))])
            }
            AppError::CorrectionSelfApproval => Msg::CorrSelfApproval.raw(lang).into(),
            AppError::CorrectionNoCells => Msg::CorrNoCells.raw(lang).into(),
            AppError::CorrectionNoSuchCell => Msg::CorrNoSuchCell.raw(lang).into(),
            AppError::CorrectionDecided => Msg::CorrDecided.raw(lang).into(),
            AppError::Distinction(p) => distinction_problem(*p).raw(lang).into(),
            AppError::Attendance(p) => attendance_message(p, lang),
            AppError::YearEnd(p) => year_end_message(*p, lang),
            AppError::Report(p) => report_message(*p, lang),
            AppError::Announcement(p) => {
                use crate::domain::announcement::AnnouncementProblem as P;
                match p {
                    P::NoTitle => Msg::AnnErrNoTitle.raw(lang).into(),
                    P::NoBody => Msg::AnnErrNoBody.raw(lang).into(),
                    P::TitleTooLong { max } => {
                        Msg::AnnErrTitleTooLong.with(lang, &[("max", &max.to_string())])
                    }
                    P::BodyTooLong { max } => {
                        Msg::AnnErrBodyTooLong.with(lang, &[("max", &max.to_string())])
                    }
                }
            }
            AppError::Email(p) => match p {
                crate::domain::notification::EmailProblem::Malformed => {
                    Msg::NotifErrEmail.raw(lang).into()
                }
                crate::domain::notification::EmailProblem::ConsentWithoutAddress => {
                    Msg::NotifErrConsentNoEmail.raw(lang).into()
                }
            },
            AppError::FamilyLink(r) => {
                use crate::domain::family_accounts::LinkRefusal;
                match r {
                    LinkRefusal::WrongSlip => Msg::FamErrWrongSlip,
                    LinkRefusal::AlreadyYours => Msg::FamErrAlreadyYours,
                    LinkRefusal::SlipUsed => Msg::FamErrSlipUsed,
                }
                .raw(lang)
                .into()
            }
            AppError::Internal => Msg::ErrInternal.raw(lang).into(),
        }
    }
}

/// Why an attendance write was refused, in `lang`.
pub fn attendance_message(p: &crate::domain::attendance::Problem, lang: Lang) -> String {
    use crate::domain::attendance::{NotSchoolDay, Problem};
    match p {
        Problem::NotSchoolDay(NotSchoolDay::OutsideSemesters) => {
            Msg::AttErrOutsideSemesters.raw(lang).into()
        }
        Problem::NotSchoolDay(NotSchoolDay::Future) => Msg::AttErrFuture.raw(lang).into(),
        Problem::NotSchoolDay(NotSchoolDay::Sunday) => Msg::AttErrSunday.raw(lang).into(),
        Problem::NotSchoolDay(NotSchoolDay::Holiday(name)) => {
            Msg::AttErrHoliday.with(lang, &[("name", name)])
        }
        Problem::BadDate(d) => Msg::AttErrBadDate.with(lang, &[("date", d)]),
        Problem::UnknownSession(s) => Msg::AttErrUnknownSession.with(lang, &[("value", s)]),
        Problem::UnknownStatus(s) => Msg::AttErrUnknownStatus.with(lang, &[("value", s)]),
        Problem::UnknownPeriod(n) => {
            Msg::AttErrUnknownPeriod.with(lang, &[("value", &n.to_string())])
        }
        Problem::ReasonTooLong { max } => {
            Msg::AttErrReasonTooLong.with(lang, &[("max", &max.to_string())])
        }
        Problem::NotInClass {
            student,
            moved: true,
        } => Msg::AttErrStudentLeft.with(lang, &[("name", student)]),
        Problem::NotInClass { moved: false, .. } => Msg::AttErrStudentNotInClass.raw(lang).into(),
        Problem::Stale { by, at } => Msg::AttErrStale.with(
            lang,
            &[("who", by), ("when", &crate::ui::format::date_time(*at))],
        ),
        Problem::BadHolidayRange => Msg::AttErrHolidayRange.raw(lang).into(),
        Problem::BadEditId => Msg::GridBadEditId.raw(lang).into(),
        Problem::HolidayNameMissing => Msg::AttErrHolidayName.raw(lang).into(),
    }
}

/// The message for a refused year-end act.
pub fn year_end_message(problem: YearEndProblem, lang: Lang) -> String {
    let msg = match problem {
        YearEndProblem::Override(OverrideRefusal::ReasonRequired) => Msg::YeErrReasonRequired,
        YearEndProblem::Override(OverrideRefusal::OutcomeIsTheRules) => Msg::YeErrOutcomeRules,
        YearEndProblem::Override(OverrideRefusal::TitleNotEarned) => Msg::YeErrTitleNotEarned,
        YearEndProblem::Reassessment(ReassessmentRefusal::NotProposed) => Msg::YeErrNotProposed,
        YearEndProblem::Reassessment(ReassessmentRefusal::WrongKind) => Msg::YeErrWrongKind,
        YearEndProblem::Reassessment(ReassessmentRefusal::BadScore) => Msg::YeErrBadScore,
        YearEndProblem::Incomplete => Msg::YeErrIncomplete,
        YearEndProblem::NotInClass => Msg::YeErrNotInClass,
        YearEndProblem::NoConductTraining => Msg::YeErrNoTraining,
        YearEndProblem::AwaitingSummer => Msg::YeErrAwaitingSummer,
    };
    msg.raw(lang).into()
}

pub fn report_message(problem: ReportProblem, lang: Lang) -> String {
    match problem {
        ReportProblem::EmptyMessage => Msg::RepErrEmpty.raw(lang).into(),
        ReportProblem::MessageTooLong { max } => {
            Msg::RepErrTooLong.with(lang, &[("max", &max.to_string())])
        }
        ReportProblem::TooManyToday { limit } => {
            Msg::RepErrTooMany.with(lang, &[("limit", &limit.to_string())])
        }
        ReportProblem::UnknownSubject => Msg::RepErrUnknownSubject.raw(lang).into(),
        ReportProblem::AnswerMustClose => Msg::RepErrAnswerMustClose.raw(lang).into(),
        ReportProblem::AlreadyAnswered => Msg::RepErrAlreadyAnswered.raw(lang).into(),
    }
}

/// A review state's name in `lang`.
pub fn state_label(state: ReviewState) -> Msg {
    match state {
        ReviewState::Draft => Msg::ReviewStateDraft,
        ReviewState::Submitted => Msg::ReviewStateSubmitted,
        ReviewState::Checked => Msg::ReviewStateChecked,
        ReviewState::Approved => Msg::ReviewStateApproved,
    }
}

/// The message of a refused reward or discipline record.
pub fn distinction_problem(p: DistinctionProblem) -> Msg {
    match p {
        DistinctionProblem::UnknownKind => Msg::DistErrUnknownKind,
        DistinctionProblem::UnknownLevel => Msg::DistErrUnknownLevel,
        DistinctionProblem::DateOutsideYear => Msg::DistErrDateOutsideYear,
        DistinctionProblem::DateInFuture => Msg::DistErrDateInFuture,
        DistinctionProblem::ReasonMissing => Msg::DistErrReasonMissing,
        DistinctionProblem::ReasonTooLong => Msg::DistErrReasonTooLong,
        DistinctionProblem::DecisionNumberMissing => Msg::DistErrDecisionMissing,
        DistinctionProblem::DecisionNumberTooLong => Msg::DistErrDecisionTooLong,
        DistinctionProblem::WithdrawReasonMissing => Msg::DistErrWithdrawReasonMissing,
        DistinctionProblem::AlreadyWithdrawn => Msg::DistErrAlreadyWithdrawn,
    }
}

fn review_refusal(r: &Refusal, lang: Lang) -> String {
    match r {
        Refusal::NotAllowed => Msg::ReviewErrNotAllowed.raw(lang).into(),
        Refusal::AlreadySubmitted { by, at } => {
            let when = at.map(crate::ui::format::date_time).unwrap_or_default();
            let who = by.clone().unwrap_or_default();
            Msg::ReviewErrAlreadySubmitted.with(lang, &[("when", &when), ("who", &who)])
        }
        Refusal::WrongState { state } => {
            Msg::ReviewErrWrongState.with(lang, &[("state", state_label(*state).raw(lang))])
        }
        Refusal::OwnSubmission => Msg::ReviewErrOwn.raw(lang).into(),
        Refusal::Stale { state } => {
            Msg::ReviewErrStale.with(lang, &[("state", state_label(*state).raw(lang))])
        }
        Refusal::CommentRequired => Msg::ReviewErrCommentRequired.raw(lang).into(),
        Refusal::CommentTooLong => Msg::ReviewErrCommentTooLong.raw(lang).into(),
        Refusal::MissingScores { count } => {
            Msg::ReviewErrMissing.with(lang, &[("count", &count.to_string())])
        }
    }
}

/// "Học kì I", "Học kì II" or "Cả năm học".
pub fn period_text(semester_number: Option<i64>, lang: Lang) -> String {
    match semester_number {
        Some(2) => Msg::LockSemesterTwo.raw(lang).into(),
        Some(_) => Msg::LockSemesterOne.raw(lang).into(),
        None => Msg::LockWholeYear.raw(lang).into(),
    }
}

/// "khoá toàn trường", "khoá khối 9", "khoá lớp 9A3".
pub fn lock_scope_text(scope: &LockScope, lang: Lang) -> String {
    match scope {
        LockScope::School => Msg::LockScopeSchool.raw(lang).into(),
        LockScope::Grade(g) => Msg::LockScopeGrade.with(lang, &[("grade", &g.to_string())]),
        LockScope::Class { name, .. } => Msg::LockScopeClass.with(lang, &[("class", name)]),
    }
}

/// Why a sheet is closed and what to do about it.
pub fn closure_message(closure: &Closure, lang: Lang) -> String {
    match closure {
        Closure::Locked(l) => Msg::LockClosedByLock.with(
            lang,
            &[
                ("period", &period_text(l.semester_number, lang)),
                ("date", &date_time(l.locked_at)),
                ("scope", &lock_scope_text(&l.scope, lang)),
                ("who", &l.locked_by),
                ("reason", &l.reason),
            ],
        ),
        Closure::DeadlinePassed(d) => {
            let scope = match d.grade {
                Some(g) => Msg::LockDeadlineGrade.with(lang, &[("grade", &g.to_string())]),
                None => Msg::LockDeadlineSchool.raw(lang).into(),
            };
            Msg::LockClosedByDeadline.with(
                lang,
                &[
                    ("period", &period_text(Some(d.semester_number), lang)),
                    ("date", &iso_to_dmy(&d.date.to_string())),
                    ("scope", &scope),
                ],
            )
        }
    }
}

/// Why entry is closed and what to do: ask for a return, or a correction once approved.
pub fn review_closure_message(c: &ReviewClosure, lang: Lang) -> String {
    let when = crate::ui::format::date_time(c.since);
    let msg = match c.state {
        ReviewState::Draft | ReviewState::Submitted => Msg::ReviewClosedSubmitted,
        ReviewState::Checked => Msg::ReviewClosedChecked,
        ReviewState::Approved => Msg::ReviewClosedApproved,
    };
    msg.with(lang, &[("when", &when)])
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request never reached the server, or its answer was lost.
            ServerFnErrorErr::Request(_) => AppError::BadRequest("network".into()),
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => AppError::BadRequest(m),
            other => AppError::BadRequest(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_password_reads_as_vietnamese_by_default() {
        let text = AppError::InvalidCredentials.message(Lang::default());
        assert!(text.contains("mật khẩu"), "{text}");
    }

    #[test]
    fn the_throttle_message_rounds_up_to_whole_minutes() {
        let text = AppError::Throttled {
            retry_after_secs: 61,
        }
        .message(Lang::En);
        assert!(text.contains('2'), "{text}");
    }

    #[test]
    fn internal_errors_say_nothing_of_the_internals() {
        let text = AppError::Internal.message(Lang::En);
        assert!(!text.to_lowercase().contains("sql"), "{text}");
    }

    #[test]
    fn a_sheet_under_review_says_why_and_what_to_do() {
        let closure = ReviewClosure {
            state: ReviewState::Submitted,
            since: 0,
            submitted_by: None,
        };
        let text = AppError::SheetClosed(closure.clone()).message(Lang::Vi);
        assert!(text.contains("01/01/1970"), "{text}");
        assert!(text.contains("tổ trưởng trả lại"), "{text}");
        let approved = ReviewClosure {
            state: ReviewState::Approved,
            ..closure
        };
        let text = AppError::SheetClosed(approved).message(Lang::En);
        assert!(text.contains("correction request"), "{text}");
    }

    #[test]
    fn every_error_has_a_client_or_server_status() {
        for e in [
            AppError::NotSignedIn,
            AppError::Throttled {
                retry_after_secs: 1,
            },
            AppError::Internal,
        ] {
            assert!((400..600).contains(&e.status()));
        }
    }
}
