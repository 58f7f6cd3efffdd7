#![recursion_limit = "256"]
//! Hocba: the digital gradebook, school record and portal for Vietnamese schools.
//! One isomorphic crate: `ssr` builds the server side, `hydrate` the browser side.
pub mod api;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod offline;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

pub use ui::app::{shell, App};
