//! One page per route.
pub mod admin_classes;
pub mod admin_locks;
pub mod admin_structure;
pub mod admin_students;
pub mod admin_users;
pub mod api_tokens;
pub mod class_roster;
pub mod corrections;
pub mod forbidden;
pub mod grade_grid;
pub mod home;
pub mod login;
pub mod not_found;
pub mod password;
pub mod sessions;
pub mod student_import;
pub mod student_record;
