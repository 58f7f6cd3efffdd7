//! Files for download: spreadsheets teachers open in Excel.
pub mod audit_xlsx;
pub mod class_summary_xlsx;
pub mod grade_sheet_xlsx;
pub mod progress_xlsx;
pub mod results_labels;
pub mod results_overview_xlsx;
pub mod roster_xlsx;
