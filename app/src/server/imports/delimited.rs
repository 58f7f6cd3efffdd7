//! `.csv` files: UTF-8 with or without a byte-order mark, separated by `,`, `;` (Excel with
//! Vietnamese regional settings) or tabs, whichever the first line uses most.
use super::{MAX_SHEET_COLUMNS, MAX_SHEET_ROWS};
use crate::domain::student_import::{Cell, FileProblem, Sheet};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The separator the first non-blank line uses most, outside quotes; `,` when none.
fn delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in line.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == c {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map(|(d, _)| *d)
        .unwrap_or(b',')
}

pub fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, FileProblem> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| FileProblem::NotUtf8)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| FileProblem::Corrupt)?;
        if rows.len() >= MAX_SHEET_ROWS || record.len() > MAX_SHEET_COLUMNS {
            return Err(FileProblem::TooManyRows {
                max: crate::domain::student_import::MAX_ROWS,
            });
        }
        rows.push(record.iter().map(cell).collect());
    }
    let name = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_string();
    Ok(vec![Sheet { name, rows }])
}

/// A CSV value is text; one starting with `=` is a formula, refused like one in a workbook
/// (and never passed on to a spreadsheet that would run it).
fn cell(value: &str) -> Cell {
    if value.trim().is_empty() {
        Cell::Empty
    } else if let Some(formula) = value.trim_start().strip_prefix('=') {
        Cell::Formula(formula.to_string())
    } else {
        Cell::Text(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sheets: &[Sheet]) -> Vec<Vec<String>> {
        sheets[0]
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::as_text).collect())
            .collect()
    }

    #[test]
    fn a_comma_separated_file_with_a_bom_is_read() {
        let s = read("ds.csv", "\u{feff}Mã HS,Họ tên\nA1,\"Lê, An\"\n".as_bytes()).expect("read");
        assert_eq!(
            texts(&s),
            vec![vec!["Mã HS", "Họ tên"], vec!["A1", "Lê, An"]]
        );
        assert_eq!(s[0].name, "ds.csv");
    }

    #[test]
    fn a_semicolon_separated_file_is_read() {
        let s = read(
            "ds.csv",
            "Mã HS;Họ tên;Ngày sinh\nA1;Lê An;07/05/2014\n".as_bytes(),
        )
        .expect("read");
        assert_eq!(texts(&s)[1], vec!["A1", "Lê An", "07/05/2014"]);
    }

    #[test]
    fn rows_of_different_lengths_are_accepted() {
        let s = read("ds.csv", b"a,b,c\n1\n").expect("read");
        assert_eq!(s[0].rows[1].len(), 1);
    }

    #[test]
    fn a_file_in_a_legacy_encoding_is_refused() {
        // "Lê" in Windows-1258 is not UTF-8.
        assert_eq!(
            read("ds.csv", b"M\xe3 HS,L\xea\n"),
            Err(FileProblem::NotUtf8)
        );
    }

    #[test]
    fn a_value_starting_with_equals_is_a_formula() {
        let s = read("ds.csv", b"a,b\n=1+1,x\n").expect("read");
        assert_eq!(s[0].rows[1][0], Cell::Formula("1+1".into()));
    }

    #[test]
    fn the_delimiter_inside_quotes_does_not_count() {
        assert_eq!(delimiter("\"a;b;c\",d,e"), b',');
        assert_eq!(delimiter("a\tb\tc"), b'\t');
        assert_eq!(delimiter(""), b',');
    }
}
