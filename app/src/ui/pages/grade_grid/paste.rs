//! A block pasted from Excel or LibreOffice: rows separated by line breaks, cells by tabs.
//! It fills the grid from the focused cell; values that fall outside the grid are counted, never
//! dropped silently, and empty values leave their cell alone (a paste never erases a score).

/// The rows and cells of clipboard text; the line break spreadsheets add after the last row is
/// not a row.
pub fn parse_block(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    if text.trim().is_empty() {
        return Vec::new();
    }
    text.split('\n')
        .map(|line| {
            line.strip_suffix('\r')
                .unwrap_or(line)
                .split('\t')
                .map(|cell| unquote(cell.trim()).to_string())
                .collect()
        })
        .collect()
}

/// Spreadsheets quote a cell that holds a tab or a line break; scores never do, but a quoted
/// value is still the value.
fn unquote(cell: &str) -> &str {
    cell.strip_prefix('"')
        .and_then(|c| c.strip_suffix('"'))
        .unwrap_or(cell)
}

/// Whether clipboard text is a block for the grid rather than a value for one cell.
pub fn is_block(text: &str) -> bool {
    let text = text.trim_end_matches(['\r', '\n']);
    text.contains('\t') || text.contains('\n')
}

/// Where the values of a block land.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    /// `(row, col, value)` inside the grid, non-empty values only.
    pub cells: Vec<(usize, usize, String)>,
    /// Non-empty values that fell below or to the right of the grid.
    pub overflow: usize,
}

/// Places `block` with its first value at `origin` in a grid of `rows × cols`.
pub fn place(block: &[Vec<String>], origin: (usize, usize), rows: usize, cols: usize) -> Placement {
    let mut placement = Placement::default();
    for (dr, line) in block.iter().enumerate() {
        for (dc, value) in line.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let (r, c) = (origin.0 + dr, origin.1 + dc);
            if r < rows && c < cols {
                placement.cells.push((r, c, value.clone()));
            } else {
                placement.overflow += 1;
            }
        }
    }
    placement
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn excel_s_clipboard_is_rows_of_tab_separated_cells() {
        let block = parse_block("8,5\t7\r\n9\t10\r\n");
        assert_eq!(block, strings(&[&["8,5", "7"], &["9", "10"]]));
        assert_eq!(parse_block("6\n7\n"), strings(&[&["6"], &["7"]]));
        assert_eq!(parse_block("\"8,5\"\t 7 "), strings(&[&["8,5", "7"]]));
    }

    #[test]
    fn an_empty_paste_is_no_block() {
        assert!(parse_block("").is_empty());
        assert!(parse_block("  \r\n").is_empty());
        assert!(!is_block("8,5"));
        assert!(!is_block("8,5\r\n"));
        assert!(is_block("8\t9"));
        assert!(is_block("8\n9"));
    }

    #[test]
    fn a_block_fills_from_the_focused_cell() {
        let block = strings(&[&["1", "2"], &["3", "4"]]);
        let p = place(&block, (1, 1), 5, 5);
        assert_eq!(
            p.cells,
            vec![
                (1, 1, "1".into()),
                (1, 2, "2".into()),
                (2, 1, "3".into()),
                (2, 2, "4".into())
            ]
        );
        assert_eq!(p.overflow, 0);
    }

    #[test]
    fn values_beyond_the_grid_are_counted_not_dropped_silently() {
        let block = strings(&[&["1", "2", "3"], &["4", "5", "6"], &["7", "8", "9"]]);
        let p = place(&block, (1, 1), 2, 3);
        // Only row 1, columns 1–2 exist for the block's first row.
        assert_eq!(p.cells, vec![(1, 1, "1".into()), (1, 2, "2".into())]);
        assert_eq!(p.overflow, 7);
    }

    #[test]
    fn empty_values_leave_their_cell_alone() {
        let block = strings(&[&["1", "", "3"], &["", "", ""]]);
        let p = place(&block, (0, 0), 1, 2);
        assert_eq!(p.cells, vec![(0, 0, "1".into())]);
        assert_eq!(p.overflow, 1);
    }
}
