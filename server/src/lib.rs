#![recursion_limit = "256"]
//! The `hocba` server: configuration, command line, router assembly and HTTP-level security.
//! A library so the integration tests can build the same router the binary serves.
pub mod api_v1;
pub mod cli;
pub mod config;
pub mod downloads;
pub mod offline;
pub mod report_cards;
pub mod router;
pub mod security;
