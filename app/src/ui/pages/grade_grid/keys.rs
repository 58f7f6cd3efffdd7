//! The grid's keyboard, as a spreadsheet user expects it: pure, so every key is unit-tested.
//! In *navigation* mode (the cell's text is selected, typing replaces it) arrows move between
//! cells; after F2 or a double-click the cell is in *edit* mode and Left / Right / Home / End
//! move the caret instead.

/// What a key press asks of the grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Move(Step),
    /// F2: edit in place, keeping the text.
    Edit,
    /// Esc: put back the value the cell had before this edit.
    Cancel,
    /// Delete: clear the cell.
    Clear,
    Undo,
    Redo,
    /// Not the grid's: the browser handles it (typing, caret moves in edit mode).
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Up,
    Down,
    Left,
    Right,
    /// Tab: right, then on to the next row.
    Next,
    /// Shift+Tab: left, then back to the previous row.
    Previous,
    RowStart,
    RowEnd,
}

/// A key press as the browser reports it; `ctrl` is Ctrl or ⌘.
#[derive(Clone, Copy, Debug)]
pub struct Press<'a> {
    pub key: &'a str,
    pub ctrl: bool,
    pub shift: bool,
    pub alt: bool,
}

/// `editing`: the cell is in edit mode (F2). `text_field`: the cell is free text (the comment),
/// where Left / Right / Home / End always belong to the caret.
pub fn action(p: Press, editing: bool, text_field: bool) -> Action {
    let caret_keys = editing || text_field;
    if p.alt {
        return Action::None;
    }
    if p.ctrl {
        return match p.key {
            "z" | "Z" if p.shift => Action::Redo,
            "z" | "Z" => Action::Undo,
            "y" | "Y" => Action::Redo,
            _ => Action::None,
        };
    }
    match p.key {
        "ArrowUp" => Action::Move(Step::Up),
        "ArrowDown" => Action::Move(Step::Down),
        "Enter" if p.shift => Action::Move(Step::Up),
        "Enter" => Action::Move(Step::Down),
        "Tab" if p.shift => Action::Move(Step::Previous),
        "Tab" => Action::Move(Step::Next),
        "ArrowLeft" if !caret_keys => Action::Move(Step::Left),
        "ArrowRight" if !caret_keys => Action::Move(Step::Right),
        "Home" if !caret_keys => Action::Move(Step::RowStart),
        "End" if !caret_keys => Action::Move(Step::RowEnd),
        "F2" => Action::Edit,
        "Escape" => Action::Cancel,
        "Delete" if !caret_keys => Action::Clear,
        _ => Action::None,
    }
}

/// Where a step leads from `(row, col)` in a grid of `rows × cols`; `None` at an edge, where
/// Tab and Shift+Tab leave the grid the way they leave any widget.
pub fn target(at: (usize, usize), step: Step, rows: usize, cols: usize) -> Option<(usize, usize)> {
    let (r, c) = at;
    if r >= rows || c >= cols {
        return None;
    }
    match step {
        Step::Up => r.checked_sub(1).map(|r| (r, c)),
        Step::Down => (r + 1 < rows).then_some((r + 1, c)),
        Step::Left => c.checked_sub(1).map(|c| (r, c)),
        Step::Right => (c + 1 < cols).then_some((r, c + 1)),
        Step::Next if c + 1 < cols => Some((r, c + 1)),
        Step::Next => (r + 1 < rows).then_some((r + 1, 0)),
        Step::Previous if c > 0 => Some((r, c - 1)),
        Step::Previous => r.checked_sub(1).map(|r| (r, cols - 1)),
        Step::RowStart => Some((r, 0)),
        Step::RowEnd => Some((r, cols - 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str) -> Press<'_> {
        Press {
            key,
            ctrl: false,
            shift: false,
            alt: false,
        }
    }

    #[test]
    fn arrows_move_between_cells_unless_editing_in_place() {
        assert_eq!(
            action(key("ArrowLeft"), false, false),
            Action::Move(Step::Left)
        );
        assert_eq!(action(key("ArrowLeft"), true, false), Action::None);
        assert_eq!(action(key("ArrowRight"), false, true), Action::None);
        // Up and down leave even a cell being edited, as in a spreadsheet.
        assert_eq!(action(key("ArrowUp"), true, false), Action::Move(Step::Up));
        assert_eq!(
            action(key("ArrowDown"), true, true),
            Action::Move(Step::Down)
        );
    }

    #[test]
    fn enter_and_tab_move_down_and_across() {
        assert_eq!(action(key("Enter"), false, false), Action::Move(Step::Down));
        let shift = |k| Press {
            shift: true,
            ..key(k)
        };
        assert_eq!(action(shift("Enter"), false, false), Action::Move(Step::Up));
        assert_eq!(action(key("Tab"), true, false), Action::Move(Step::Next));
        assert_eq!(
            action(shift("Tab"), false, false),
            Action::Move(Step::Previous)
        );
    }

    #[test]
    fn f2_esc_delete_and_undo_redo() {
        assert_eq!(action(key("F2"), false, false), Action::Edit);
        assert_eq!(action(key("Escape"), true, false), Action::Cancel);
        assert_eq!(action(key("Delete"), false, false), Action::Clear);
        // While editing, Delete deletes a character.
        assert_eq!(action(key("Delete"), true, false), Action::None);
        let ctrl = |k, shift| Press {
            ctrl: true,
            shift,
            ..key(k)
        };
        assert_eq!(action(ctrl("z", false), false, false), Action::Undo);
        assert_eq!(action(ctrl("Z", true), true, false), Action::Redo);
        assert_eq!(action(ctrl("y", false), false, true), Action::Redo);
        assert_eq!(action(ctrl("c", false), false, false), Action::None);
    }

    #[test]
    fn typing_is_left_to_the_browser() {
        for k in ["8", ",", "a", "Backspace", " "] {
            assert_eq!(action(key(k), false, false), Action::None, "{k}");
        }
    }

    #[test]
    fn steps_stop_at_the_edges() {
        assert_eq!(target((0, 0), Step::Up, 3, 4), None);
        assert_eq!(target((0, 0), Step::Left, 3, 4), None);
        assert_eq!(target((2, 3), Step::Down, 3, 4), None);
        assert_eq!(target((2, 3), Step::Right, 3, 4), None);
        assert_eq!(target((1, 2), Step::Down, 3, 4), Some((2, 2)));
        assert_eq!(target((1, 2), Step::RowStart, 3, 4), Some((1, 0)));
        assert_eq!(target((1, 2), Step::RowEnd, 3, 4), Some((1, 3)));
        assert_eq!(target((5, 0), Step::Down, 3, 4), None);
    }

    #[test]
    fn tab_wraps_to_the_next_row_and_leaves_after_the_last_cell() {
        assert_eq!(target((0, 3), Step::Next, 3, 4), Some((1, 0)));
        assert_eq!(target((1, 0), Step::Previous, 3, 4), Some((0, 3)));
        assert_eq!(target((2, 3), Step::Next, 3, 4), None);
        assert_eq!(target((0, 0), Step::Previous, 3, 4), None);
    }
}
