//! `.xlsx` workbooks (and old `.xls` ones, which some exports still produce), read with
//! calamine. Formulas are read as formulas (not their cached values), dates as Excel serial
//! numbers, and an `.xlsx` archive's declared sizes are checked before anything is unpacked, so
//! a small file that would unpack into gigabytes is refused.
use super::{MAX_FILE_BYTES, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS};
use crate::domain::student_import::{Cell, FileProblem, Sheet, MAX_ROWS};
use calamine::{Data, Reader, SheetType, Xls, XlsError, Xlsx};
use std::collections::HashMap;
use std::io::Cursor;

/// Most bytes the workbook's parts may unpack to, all together.
pub const MAX_UNPACKED_BYTES: u64 = 80 * 1024 * 1024;
/// 1904 date system serials count from 1904-01-01: add this to get 1900-system serials.
const DAYS_1900_TO_1904: f64 = 1462.0;

fn corrupt(e: impl std::fmt::Debug) -> FileProblem {
    tracing::info!(error = ?e, "unreadable xlsx upload");
    FileProblem::Corrupt
}

/// The zip container must open, and its parts must not unpack to more than the limit.
fn check_archive(bytes: &[u8]) -> Result<(), FileProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(corrupt)?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED_BYTES {
        tracing::info!(total, "xlsx upload would unpack too large");
        return Err(FileProblem::TooLarge {
            max_bytes: MAX_FILE_BYTES as u64,
        });
    }
    Ok(())
}

pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, FileProblem> {
    check_archive(bytes)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let is_1904 = book.has_1904_epoch();
    sheets_of(&mut book, is_1904)
}

/// An old binary `.xls` workbook (an OLE container without an encryption stream).
pub fn read_xls(bytes: &[u8]) -> Result<Vec<Sheet>, FileProblem> {
    let mut book: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsError::Password => FileProblem::Encrypted,
        other => corrupt(other),
    })?;
    sheets_of(&mut book, false)
}

fn sheets_of<'a, R>(book: &mut R, is_1904: bool) -> Result<Vec<Sheet>, FileProblem>
where
    R: Reader<Cursor<&'a [u8]>>,
{
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let values = book.worksheet_range(&name).map_err(corrupt)?;
        let formulas = book.worksheet_formula(&name).map_err(corrupt)?;
        let mut formula_at: HashMap<(usize, usize), String> = HashMap::new();
        if let Some((r0, c0)) = formulas.start() {
            for (r, c, f) in formulas.used_cells() {
                if !f.is_empty() {
                    formula_at.insert((r0 as usize + r, c0 as usize + c), f.clone());
                }
            }
        }
        let (r0, c0) = values
            .start()
            .map(|(r, c)| (r as usize, c as usize))
            .unwrap_or((0, 0));
        let height = r0 + values.height();
        let width = c0 + values.width();
        let f_end = formulas
            .end()
            .map(|(r, c)| (r as usize + 1, c as usize + 1));
        let height = height.max(f_end.map(|e| e.0).unwrap_or(0));
        let width = width.max(f_end.map(|e| e.1).unwrap_or(0));
        if height > MAX_SHEET_ROWS {
            return Err(FileProblem::TooManyRows { max: MAX_ROWS });
        }
        if width > MAX_SHEET_COLUMNS {
            return Err(FileProblem::Corrupt);
        }
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); height];
        for (r, c, v) in values.used_cells() {
            let (r, c) = (r0 + r, c0 + c);
            let row = &mut rows[r];
            if row.len() <= c {
                row.resize(c + 1, Cell::Empty);
            }
            row[c] = cell(v, is_1904);
        }
        for ((r, c), f) in formula_at {
            let row = &mut rows[r];
            if row.len() <= c {
                row.resize(c + 1, Cell::Empty);
            }
            row[c] = Cell::Formula(f);
        }
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

fn cell(value: &Data, is_1904: bool) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => {
            let serial = d.as_f64() + if is_1904 { DAYS_1900_TO_1904 } else { 0.0 };
            Cell::DateSerial(serial)
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_workbook_that_would_unpack_too_large_is_refused_before_unpacking() {
        // 81 MiB of spaces compress to about 80 KiB: a small upload, a huge sheet.
        let mut bytes = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut bytes);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options)
            .expect("entry");
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..81 {
            zip.write_all(&chunk).expect("write");
        }
        zip.finish().expect("zip");
        let bytes = bytes.into_inner();
        assert!(bytes.len() < MAX_FILE_BYTES, "{}", bytes.len());
        assert_eq!(
            read(&bytes),
            Err(FileProblem::TooLarge {
                max_bytes: MAX_FILE_BYTES as u64
            })
        );
    }

    #[test]
    fn a_zip_that_is_not_a_workbook_is_corrupt() {
        let mut bytes = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut bytes);
        zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(b"hello").expect("write");
        zip.finish().expect("zip");
        assert_eq!(read(&bytes.into_inner()), Err(FileProblem::Corrupt));
    }
}
