//! Pure school rules: no I/O, no `cfg`, so they also run in the browser.
pub mod attendance;
pub mod audit_kind;
pub mod conduct_entry;
pub mod distinction;
pub mod entry_window;
pub mod family_accounts;
pub mod grading;
pub mod login_throttle;
pub mod password_policy;
pub mod review;
pub mod role;
pub mod signoff;
pub mod structure;
pub mod student_import;
pub mod username;
pub mod vietnamese;
pub mod year_end_review;
