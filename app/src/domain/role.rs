//! The roles a person can hold in a school; one person may hold several.
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Principal,
    GroupHead,
    HomeroomTeacher,
    SubjectTeacher,
    Editor,
    Parent,
    Student,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Admin,
        Role::Principal,
        Role::GroupHead,
        Role::HomeroomTeacher,
        Role::SubjectTeacher,
        Role::Editor,
        Role::Parent,
        Role::Student,
    ];

    /// The code stored in the database and used in the API.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Principal => "principal",
            Role::GroupHead => "group_head",
            Role::HomeroomTeacher => "homeroom_teacher",
            Role::SubjectTeacher => "subject_teacher",
            Role::Editor => "editor",
            Role::Parent => "parent",
            Role::Student => "student",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Role::Admin => Msg::RoleAdmin,
            Role::Principal => Msg::RolePrincipal,
            Role::GroupHead => Msg::RoleGroupHead,
            Role::HomeroomTeacher => Msg::RoleHomeroomTeacher,
            Role::SubjectTeacher => Msg::RoleSubjectTeacher,
            Role::Editor => Msg::RoleEditor,
            Role::Parent => Msg::RoleParent,
            Role::Student => Msg::RoleStudent,
        }
    }

    /// Family roles see one child's record; staff roles see the school's work.
    pub fn is_family(self) -> bool {
        matches!(self, Role::Parent | Role::Student)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_code() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
    }

    #[test]
    fn an_unknown_code_is_no_role() {
        assert_eq!(Role::from_code("superuser"), None);
        assert_eq!(Role::from_code(""), None);
    }

    #[test]
    fn only_parents_and_students_are_family() {
        let family: Vec<_> = Role::ALL.into_iter().filter(|r| r.is_family()).collect();
        assert_eq!(family, vec![Role::Parent, Role::Student]);
    }
}
