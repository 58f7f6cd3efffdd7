//! Working without a connection (issue 7): every grid and attendance edit goes into a durable outbox in the
//! browser (IndexedDB) before it is sent, with an id the server applies at most once; the
//! gradebooks opened recently are kept there too, so the grid opens offline; a service worker
//! keeps the app shell and the pages opened (`shell`).
pub mod attendance;
pub mod queue;
#[cfg(feature = "hydrate")]
mod send;
pub mod shell;
pub mod snapshot;
#[cfg(feature = "hydrate")]
mod store;
pub mod sync;
