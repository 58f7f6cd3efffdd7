//! Server-only code (feature `ssr`): state, authentication, and the data layer.
pub mod admin;
pub mod api_tokens;
pub mod auth;
pub mod context;
pub mod db;
pub mod demo;
pub mod demo_data;
pub mod demo_scores;
pub mod exports;
pub mod grade_sheet;
pub mod imports;
pub mod login;
pub mod roster;
pub mod score_entry;
pub mod state;
pub mod structure;
pub mod student_import;
