//! What a reader hands over: sheets of cells, by absolute position.
use serde::{Deserialize, Serialize};

/// One cell as the file holds it. A reader never evaluates anything: a formula stays a
/// formula, so the import can refuse it instead of storing a stale cached value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A number formatted as a date in the workbook: its Excel serial day number.
    DateSerial(f64),
    Bool(bool),
    /// The formula text, without the leading `=`.
    Formula(String),
    /// An error value such as `#REF!`.
    Error(String),
}

impl Cell {
    /// True for an empty cell or one holding only whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, for header names and free-text fields: numbers lose a `.0`.
    pub fn as_text(&self) -> String {
        match self {
            Cell::Empty | Cell::Formula(_) | Cell::Error(_) => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) | Cell::DateSerial(n) => number_text(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }
}

/// A whole number without a decimal point (a student code typed as a number), otherwise the
/// shortest text that reads back as the same number.
pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One sheet: `rows[0]` is the sheet's row 1 and `rows[r][0]` its column A, whatever the used
/// range, so positions in the report are the ones the admin sees in Excel.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }
}

/// The spreadsheet name of a 0-based column: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_in_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn a_whole_number_reads_as_text_without_a_decimal_point() {
        assert_eq!(Cell::Number(7901692934.0).as_text(), "7901692934");
        assert_eq!(Cell::Number(8.5).as_text(), "8.5");
    }

    #[test]
    fn whitespace_only_text_is_blank() {
        assert!(Cell::Text(" \t".into()).is_blank());
        assert!(Cell::Empty.is_blank());
        assert!(!Cell::Number(0.0).is_blank());
        assert!(!Cell::Formula("A1".into()).is_blank());
    }

    #[test]
    fn a_cell_outside_the_used_range_is_empty() {
        let sheet = Sheet {
            name: "x".into(),
            rows: vec![vec![Cell::Text("a".into())]],
        };
        assert_eq!(sheet.cell(0, 0), &Cell::Text("a".into()));
        assert_eq!(sheet.cell(5, 9), &Cell::Empty);
    }
}
