//! The gradebooks this device keeps: each sheet as last loaded, brought up to date with every
//! edit the server confirms, so that the grid opens offline with the last known data.
use super::queue::{Edit, SheetKey, Target};
use crate::api::grade_grid::{GradeGrid, GridCell};
use serde::{Deserialize, Serialize};

/// How many sheets a device keeps: a teacher's week of classes, not the school.
pub const KEEP: usize = 24;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Snapshot {
    pub user_id: i64,
    /// Unix seconds of the last load or confirmed edit.
    pub stored_at: i64,
    pub grid: GradeGrid,
}

pub fn key(sheet: SheetKey) -> String {
    format!(
        "{}-{}-{}",
        sheet.class_id, sheet.subject_id, sheet.semester_id
    )
}

pub fn sheet_of(grid: &GradeGrid) -> SheetKey {
    SheetKey {
        class_id: grid.class_id,
        subject_id: grid.subject_id,
        semester_id: grid.semester_id,
    }
}

/// Writes an edit the server confirmed (with the version it produced) into the kept sheet.
/// An edit older than what the sheet already holds changes nothing.
pub fn patch(grid: &mut GradeGrid, edit: &Edit, version: i64, by: &str, at: i64) {
    match edit.target {
        Target::Score {
            student_id,
            kind,
            slot,
        } => {
            let Some(row) = grid.rows.iter_mut().find(|r| r.student_id == student_id) else {
                return;
            };
            let cell = match kind {
                crate::api::grade_grid::GridKind::Regular => usize::try_from(slot - 1)
                    .ok()
                    .and_then(|i| row.regular.get_mut(i)),
                crate::api::grade_grid::GridKind::Midterm => Some(&mut row.midterm),
                crate::api::grade_grid::GridKind::Final => Some(&mut row.final_),
            };
            let Some(cell) = cell else { return };
            if cell.version >= version {
                return;
            }
            *cell = GridCell {
                text: edit.value.clone(),
                mark: edit.mark,
                reason: edit.reason.clone(),
                version,
                updated_by: Some(by.to_string()),
                updated_at: Some(at),
            };
            // The kept average is the one last loaded; the grid recomputes its own.
            row.result = None;
        }
        Target::Comment { student_id } => {
            let Some(row) = grid.rows.iter_mut().find(|r| r.student_id == student_id) else {
                return;
            };
            if row.comment_version >= version {
                return;
            }
            row.comment = edit.value.clone();
            row.comment_version = version;
        }
        // Attendance is not kept in gradebooks.
        Target::Roll { .. } | Target::Period { .. } => {}
    }
}

/// Takes into `loaded` the cells `kept` holds at a newer version (confirmed after the page was
/// rendered: a page kept for offline use is older than the device's data), and returns them.
/// Comments come back as a cell whose text is the comment.
pub fn merge(loaded: &mut GradeGrid, kept: &GradeGrid) -> Vec<(Target, GridCell)> {
    use crate::api::grade_grid::GridKind;
    if sheet_of(loaded) != sheet_of(kept) {
        return Vec::new();
    }
    let mut newer = Vec::new();
    for row in &mut loaded.rows {
        let Some(k) = kept.rows.iter().find(|k| k.student_id == row.student_id) else {
            continue;
        };
        let student_id = row.student_id;
        let mut cells: Vec<(GridKind, i64, &mut GridCell, &GridCell)> = Vec::new();
        for (i, (mine, theirs)) in row.regular.iter_mut().zip(&k.regular).enumerate() {
            cells.push((GridKind::Regular, i as i64 + 1, mine, theirs));
        }
        cells.push((GridKind::Midterm, 1, &mut row.midterm, &k.midterm));
        cells.push((GridKind::Final, 1, &mut row.final_, &k.final_));
        for (kind, slot, mine, theirs) in cells {
            if theirs.version > mine.version {
                *mine = theirs.clone();
                let target = Target::Score {
                    student_id,
                    kind,
                    slot,
                };
                newer.push((target, theirs.clone()));
            }
        }
        if k.comment_version > row.comment_version {
            row.comment = k.comment.clone();
            row.comment_version = k.comment_version;
            newer.push((
                Target::Comment { student_id },
                GridCell {
                    text: k.comment.clone(),
                    mark: None,
                    reason: None,
                    version: k.comment_version,
                    updated_by: None,
                    updated_at: None,
                },
            ));
        }
    }
    newer
}

/// Which kept sheets to drop so that at most [`KEEP`] remain: the least recently stored.
pub fn to_drop(mut stored: Vec<(String, i64)>) -> Vec<String> {
    if stored.len() <= KEEP {
        return Vec::new();
    }
    stored.sort_by_key(|(_, at)| std::cmp::Reverse(*at));
    stored.split_off(KEEP).into_iter().map(|(k, _)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::grade_grid::{GridKind, GridRow};
    use crate::offline::queue::Shown;

    fn cell(text: &str, version: i64) -> GridCell {
        GridCell {
            text: text.into(),
            mark: None,
            reason: None,
            version,
            updated_by: None,
            updated_at: None,
        }
    }

    fn grid() -> GradeGrid {
        GradeGrid {
            class_id: 1,
            class_name: "6A1".into(),
            subject_id: 2,
            subject_name: "Toán".into(),
            semester_id: 3,
            semester_number: 1,
            comment: false,
            regular_count: 2,
            can_edit: true,
            closure: None,
            may_request: false,
            open_cells: Vec::new(),
            open_until: None,
            offline_copy_at: None,
            rows: vec![GridRow {
                number: 1,
                student_id: 10,
                code: "c".into(),
                full_name: "An".into(),
                regular: vec![cell("7", 1), cell("", 0)],
                midterm: cell("", 0),
                final_: cell("", 0),
                result: Some("7.0".into()),
                comment: String::new(),
                comment_version: 0,
            }],
        }
    }

    fn edit(target: Target, value: &str) -> Edit {
        let mut e = Edit::example(1, sheet_of(&grid()), target, value, 0);
        e.shown = Shown::default();
        e
    }

    #[test]
    fn a_confirmed_score_lands_in_its_cell_with_its_version() {
        let mut g = grid();
        let target = Target::Score {
            student_id: 10,
            kind: GridKind::Regular,
            slot: 2,
        };
        patch(&mut g, &edit(target, "8.5"), 1, "Cô Lan", 100);
        let c = &g.rows[0].regular[1];
        assert_eq!((c.text.as_str(), c.version), ("8.5", 1));
        assert_eq!(c.updated_by.as_deref(), Some("Cô Lan"));
        assert_eq!(g.rows[0].result, None);
    }

    #[test]
    fn an_older_confirmation_does_not_go_back() {
        let mut g = grid();
        let target = Target::Score {
            student_id: 10,
            kind: GridKind::Regular,
            slot: 1,
        };
        patch(&mut g, &edit(target, "3"), 1, "x", 1);
        assert_eq!(g.rows[0].regular[0].text, "7");
    }

    #[test]
    fn comments_and_unknown_cells() {
        let mut g = grid();
        patch(
            &mut g,
            &edit(Target::Comment { student_id: 10 }, "Chăm"),
            1,
            "x",
            1,
        );
        assert_eq!(
            (g.rows[0].comment.as_str(), g.rows[0].comment_version),
            ("Chăm", 1)
        );
        let before = g.clone();
        let stranger = Target::Score {
            student_id: 99,
            kind: GridKind::Final,
            slot: 1,
        };
        patch(&mut g, &edit(stranger, "9"), 5, "x", 1);
        let beyond = Target::Score {
            student_id: 10,
            kind: GridKind::Regular,
            slot: 9,
        };
        patch(&mut g, &edit(beyond, "9"), 5, "x", 1);
        assert_eq!(g, before);
    }

    #[test]
    fn a_page_older_than_the_device_takes_the_newer_cells_only() {
        let mut loaded = grid();
        let mut kept = grid();
        kept.rows[0].regular[1] = cell("9", 2);
        kept.rows[0].regular[0] = cell("1", 1); // same version: the page's stands
        kept.rows[0].comment = "Tốt".into();
        kept.rows[0].comment_version = 1;
        let newer = merge(&mut loaded, &kept);
        assert_eq!(newer.len(), 2);
        assert_eq!(loaded.rows[0].regular[1].text, "9");
        assert_eq!(loaded.rows[0].regular[0].text, "7");
        assert_eq!(loaded.rows[0].comment, "Tốt");
        let mut other = grid();
        other.semester_id = 4;
        assert!(merge(&mut loaded, &other).is_empty());
    }

    #[test]
    fn the_oldest_sheets_are_dropped_beyond_the_limit() {
        let stored: Vec<(String, i64)> =
            (0..KEEP as i64 + 3).map(|i| (format!("k{i}"), i)).collect();
        assert_eq!(to_drop(stored), ["k2", "k1", "k0"]);
        assert!(to_drop(vec![("a".into(), 1)]).is_empty());
    }
}
