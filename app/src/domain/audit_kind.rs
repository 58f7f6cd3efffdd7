//! The kinds of act the audit log is filtered by: what the principal means by "scores",
//! "accounts" or "logins", whatever table or action recorded it.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditKind {
    /// Assessment scores and marks.
    Scores,
    /// Teachers' subject comments.
    Comments,
    /// Student records, guardians, enrolments, moves and imports.
    Students,
    /// School years, subjects, classes, teaching assignments, and any other school setting.
    Structure,
    /// Accounts, roles, passwords and API tokens.
    Accounts,
    /// Sign-ins, failed sign-ins and sign-outs.
    Logins,
    /// Downloads of school data, and staff views of a student's record.
    Exports,
    /// Conduct assessments, rewards and discipline.
    Conduct,
    /// Attendance marks, period absences and school holidays.
    Attendance,
    /// Year-end decisions (xét lên lớp) and summer re-assessment results.
    YearEnd,
}

impl AuditKind {
    pub const ALL: [AuditKind; 10] = [
        AuditKind::Scores,
        AuditKind::Comments,
        AuditKind::Students,
        AuditKind::Structure,
        AuditKind::Accounts,
        AuditKind::Logins,
        AuditKind::Exports,
        AuditKind::Conduct,
        AuditKind::Attendance,
        AuditKind::YearEnd,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditKind::Scores => "scores",
            AuditKind::Comments => "comments",
            AuditKind::Students => "students",
            AuditKind::Structure => "structure",
            AuditKind::Accounts => "accounts",
            AuditKind::Logins => "logins",
            AuditKind::Exports => "exports",
            AuditKind::Conduct => "conduct",
            AuditKind::Attendance => "attendance",
            AuditKind::YearEnd => "year_end",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditKind> {
        AuditKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The actions that are sign-ins and sign-outs, whatever entity they name.
    pub const LOGIN_ACTIONS: [&'static str; 4] =
        ["login", "login_failed", "logout", "sign_out_everywhere"];
    /// The entities that are student records.
    pub const STUDENT_ENTITIES: [&'static str; 4] = ["student", "enrolment", "guardian", "import"];
    /// Reading, not changing: a download, a staff member opening a student's record.
    pub const READ_ACTIONS: [&'static str; 2] = ["export", "view"];
    /// The entities that are accounts.
    pub const ACCOUNT_ENTITIES: [&'static str; 2] = ["user", "api_token"];
    /// The entities that are attendance.
    pub const ATTENDANCE_ENTITIES: [&'static str; 3] =
        ["attendance_mark", "period_absence", "school_holiday"];

    /// The entities that are conduct, rewards and discipline.
    pub const CONDUCT_ENTITIES: [&'static str; 2] = ["conduct_assessment", "student_distinction"];
    /// The entities that are year-end decisions and re-assessment results.
    pub const YEAR_END_ENTITIES: [&'static str; 2] = ["year_end_decision", "reassessment_result"];

    /// Which kind one recorded act is, from its action and entity.
    pub fn of(action: &str, entity: &str) -> AuditKind {
        if Self::READ_ACTIONS.contains(&action) {
            AuditKind::Exports
        } else if Self::LOGIN_ACTIONS.contains(&action) {
            AuditKind::Logins
        } else if entity == "assessment_score" {
            AuditKind::Scores
        } else if entity == "subject_comment" {
            AuditKind::Comments
        } else if Self::STUDENT_ENTITIES.contains(&entity) {
            AuditKind::Students
        } else if Self::CONDUCT_ENTITIES.contains(&entity) {
            AuditKind::Conduct
        } else if Self::ACCOUNT_ENTITIES.contains(&entity) {
            AuditKind::Accounts
        } else if Self::ATTENDANCE_ENTITIES.contains(&entity) {
            AuditKind::Attendance
        } else if Self::YEAR_END_ENTITIES.contains(&entity) {
            AuditKind::YearEnd
        } else {
            AuditKind::Structure
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_code() {
        for kind in AuditKind::ALL {
            assert_eq!(AuditKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(AuditKind::from_code("everything"), None);
    }

    #[test]
    fn opening_a_record_is_a_read_like_a_download() {
        assert_eq!(AuditKind::of("view", "student"), AuditKind::Exports);
        assert_eq!(AuditKind::of("update", "student"), AuditKind::Students);
    }

    #[test]
    fn a_login_is_a_login_even_though_it_names_a_user() {
        assert_eq!(AuditKind::of("login_failed", "user"), AuditKind::Logins);
        assert_eq!(AuditKind::of("password_reset", "user"), AuditKind::Accounts);
    }

    #[test]
    fn an_export_of_scores_is_an_export_not_a_score_change() {
        assert_eq!(AuditKind::of("export", "class_results"), AuditKind::Exports);
        assert_eq!(
            AuditKind::of("update", "assessment_score"),
            AuditKind::Scores
        );
    }

    #[test]
    fn attendance_marks_are_attendance() {
        assert_eq!(
            AuditKind::of("update", "attendance_mark"),
            AuditKind::Attendance
        );
        assert_eq!(
            AuditKind::of("create", "school_holiday"),
            AuditKind::Attendance
        );
    }

    #[test]
    fn an_unknown_entity_counts_as_structure() {
        assert_eq!(
            AuditKind::of("locked", "semester_lock"),
            AuditKind::Structure
        );
    }
}
