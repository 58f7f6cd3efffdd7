//! The interface: the app shell, layout, and one page per route.
pub mod app;
pub mod auth_gate;
pub mod charts;
pub mod format;
pub mod forms;
pub mod lang;
pub mod layout;
pub mod lazy_routes;
pub mod pages;
pub mod sync_status;
