//! One page per route.
pub mod admin_users;
pub mod class_roster;
pub mod forbidden;
pub mod home;
pub mod login;
pub mod not_found;
pub mod password;
pub mod sessions;
pub mod student_import;
