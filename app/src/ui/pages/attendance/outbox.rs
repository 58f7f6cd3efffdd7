//! The attendance page and the device's outbox: a save becomes one outbox edit (the whole roll
//! or the period's absences), and the page follows what becomes of it.
use crate::api::grade_grid::EntrySource;
use crate::offline::queue::{Edit, EditState, Marks, SheetKey, Shown, Target};
use crate::offline::sync::{self, Event};
use leptos::prelude::*;
use std::rc::Rc;

/// Where an attendance edit is listed away from the page (the header's list of kept changes).
#[derive(Clone)]
pub struct Place {
    pub label: String,
    pub sheet_label: String,
    pub path: String,
}

pub fn edit(
    class_id: i64,
    target: Target,
    shown: Shown,
    expected_version: i64,
    marks: Marks,
    place: Place,
) -> Edit {
    Edit {
        id: sync::new_id(),
        seq: sync::next_seq(),
        user_id: 0,
        sheet: SheetKey::attendance(class_id),
        target,
        shown,
        value: String::new(),
        mark: None,
        reason: None,
        expected_version,
        source: EntrySource::Typing,
        label: place.label,
        sheet_label: place.sheet_label,
        path: place.path,
        created_at: sync::now_ms(),
        attempts: 0,
        state: EditState::Waiting,
        marks: Some(marks),
    }
}

/// Calls `f` with what becomes of the class's attendance edits while the calling component
/// lives.
pub fn follow(class_id: i64, f: impl Fn(&Event) + 'static) {
    let listener = sync::listen(SheetKey::attendance(class_id), Rc::new(f));
    on_cleanup(move || sync::unlisten(listener));
}

/// The class's attendance edits the device keeps (waiting, in conflict or refused), oldest
/// first, once the outbox has been read back.
pub fn kept(class_id: i64, f: impl FnOnce(Vec<Edit>) + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        f(sync::edits_of(SheetKey::attendance(class_id)).await);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (class_id, f);
}

pub use sync::online;

/// The edit an event is about.
pub fn edit_of(event: &Event) -> &Edit {
    match event {
        Event::Sending(e) | Event::Waiting(e) | Event::Settled(e, _) => e,
    }
}
