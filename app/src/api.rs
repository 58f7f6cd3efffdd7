//! Server functions: one use case each, thin. Who is calling, may they, do it.
//! Every function has a fixed URL under `/api/` so other systems can call it too.
pub mod admin_users;
pub mod api_tokens;
pub mod attendance;
pub mod audit_history;
pub mod auth;
pub mod child_results;
pub mod class_admin;
pub mod class_results;
pub mod class_summary;
pub mod classes;
pub mod conduct;
pub mod corrections;
pub mod distinctions;
pub mod family_accounts;
pub mod grade_grid;
pub mod home;
pub mod locks;
pub mod mistake_reports;
pub mod password;
pub mod school_structure;
pub mod sessions;
pub mod sheet_review;
pub mod signoff;
pub mod student_import;
pub mod student_records;
pub mod year_end;
