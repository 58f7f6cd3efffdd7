//! The grid and the device's outbox: the grid follows what becomes of its edits, and when it
//! opens it shows the newer values the device kept and the edits still waiting, in conflict or
//! refused.
use super::sheet::Sheet;
use crate::api::grade_grid::GradeGrid;
use crate::offline::sync;
use leptos::prelude::*;
use std::rc::Rc;

pub fn follow(sheet: Sheet, g: &GradeGrid) {
    let listener = sync::listen(
        sheet.sheet_key(),
        Rc::new(move |event| sheet.on_event(event)),
    );
    on_cleanup(move || sync::unlisten(listener));
    #[cfg(feature = "hydrate")]
    {
        let loaded = g.clone();
        leptos::task::spawn_local(async move {
            let mut merged = loaded;
            if let Some(kept) = sync::kept_sheet(sheet.sheet_key()).await {
                let lang = sheet.lang;
                for (target, cell) in crate::offline::snapshot::merge(&mut merged, &kept) {
                    let newer = super::cells::Theirs {
                        content: match target {
                            crate::offline::queue::Target::Comment { .. } => {
                                super::cells::Content {
                                    text: cell.text.clone(),
                                    zero_reason: None,
                                }
                            }
                            _ => super::cells::shown(&cell, lang),
                        },
                        version: cell.version,
                        by: cell.updated_by.clone(),
                        at: cell.updated_at,
                    };
                    sheet.refresh(&target, &newer);
                }
            }
            if merged.offline_copy_at.is_none() {
                sync::remember(merged).await;
            }
            let edits = sync::edits_of(sheet.sheet_key()).await;
            sheet.restore(&edits);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = g;
}
