//! Importing students from a spreadsheet: the pure rules (no I/O, so they also run in the
//! browser). A reader (`server::imports`) turns an `.xlsx` or `.csv` into [`Sheet`]s of
//! [`Cell`]s; [`analyse`] finds the header row by column names wherever it is, reads every row
//! into a [`StudentRecord`] and reports every problem by row and column ([`Problem`]).
//!
//! The header names come from Hocba's own template and from the sector database's export
//! ("C1-HocSinh"); the columns may be in any order and the header row on any of the first
//! [`HEADER_SEARCH_ROWS`] rows of any sheet.
mod cells;
mod dates;
mod fields;
mod report;
mod validate;
mod values;

/// Largest file read, in bytes (a 3,000-student list is well under 1 MB). The browser checks it
/// before uploading.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

pub use cells::{column_letter, Cell, Sheet};
pub use dates::{excel_serial_to_date, parse_date_text, SimpleDate};
pub use fields::{recognise_header, Field, HEADER_SEARCH_ROWS};
pub use report::{FileProblem, Problem, ProblemKind};
pub use validate::{
    analyse, tidy_phone, Analysis, ImportRules, RowLabel, StudentRecord, UsedColumn,
    GUARDIAN_COLUMNS, MAX_ROWS,
};
pub use values::{parse_code, parse_gender, parse_status, Gender, StudentStatus};

#[cfg(test)]
mod tests;
