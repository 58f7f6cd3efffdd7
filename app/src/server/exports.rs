//! Files for download: spreadsheets teachers open in Excel.
pub mod roster_xlsx;
