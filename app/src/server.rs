//! Server-only code (feature `ssr`): state, authentication, and the data layer.
pub mod admin;
pub mod auth;
pub mod context;
pub mod db;
pub mod demo;
pub mod demo_data;
pub mod exports;
pub mod imports;
pub mod login;
pub mod roster;
pub mod state;
pub mod student_import;
