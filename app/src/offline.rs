//! Working without a connection.
pub mod shell;
