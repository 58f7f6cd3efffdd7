//! Hocba's own student list template (`/admin/students/template.xlsx`): a title, a line of
//! instructions, then the header row the import recognises. Code and date columns are
//! formatted as text so Excel keeps leading zeros and does not reinterpret dates.
use crate::domain::student_import::Field;
use crate::error::AppError;
use crate::i18n::Lang;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

/// The template's columns, in order.
pub const COLUMNS: [(Field, f64); 18] = [
    (Field::Code, 14.0),
    (Field::FullName, 28.0),
    (Field::DateOfBirth, 13.0),
    (Field::Gender, 10.0),
    (Field::Class, 8.0),
    (Field::Ethnicity, 10.0),
    (Field::Religion, 10.0),
    (Field::Nationality, 10.0),
    (Field::NationalId, 16.0),
    (Field::PlaceOfBirth, 20.0),
    (Field::Hometown, 20.0),
    (Field::Address, 28.0),
    (Field::CurrentAddress, 28.0),
    (Field::Status, 12.0),
    (Field::PolicyGroup, 16.0),
    (Field::FatherName, 24.0),
    (Field::MotherName, 24.0),
    (Field::Phone, 14.0),
];

/// The row (0-based) of the header in the template.
pub const HEADER_ROW: u32 = 3;

fn failed(e: XlsxError) -> AppError {
    tracing::error!(error = %e, "template xlsx failed");
    AppError::Internal
}

/// The header text of a column: always Vietnamese, as the sector's files are.
pub fn header(field: Field) -> &'static str {
    field.label().raw(Lang::Vi)
}

pub fn write() -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách học sinh").map_err(failed)?;
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color("#DDEBF7");
    let text = Format::new().set_num_format("@");
    sheet
        .write_string_with_format(0, 0, "DANH SÁCH HỌC SINH", &title)
        .map_err(failed)?;
    sheet
        .write_string(
            1,
            0,
            "Mỗi học sinh một dòng, từ dòng 5. Ngày sinh ghi dd/mm/yyyy; giới tính ghi Nam hoặc Nữ; \
             lớp ghi đúng tên lớp của năm học (ví dụ 6A1). Không dùng công thức.",
        )
        .map_err(failed)?;
    for (col, (field, width)) in (0u16..).zip(COLUMNS) {
        sheet
            .write_string_with_format(HEADER_ROW, col, header(field), &head)
            .map_err(failed)?;
        sheet.set_column_width(col, width).map_err(failed)?;
        if matches!(
            field,
            Field::Code | Field::DateOfBirth | Field::NationalId | Field::Phone
        ) {
            sheet.set_column_format(col, &text).map_err(failed)?;
        }
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::student_import::{analyse, recognise_header, ImportRules, SimpleDate};

    #[test]
    fn every_template_header_is_recognised_as_its_column() {
        for (field, _) in COLUMNS {
            assert_eq!(recognise_header(header(field)).map(|(f, _)| f), Some(field));
        }
    }

    #[test]
    fn the_template_reads_back_with_its_header_found_and_no_student() {
        let bytes = write().expect("template");
        let sheets = crate::server::imports::read("mau.xlsx", &bytes).expect("read");
        let rules = ImportRules {
            classes: vec![],
            today: SimpleDate::new(2026, 11, 22).expect("date"),
        };
        let a = analyse(&sheets, &rules).expect("analysis");
        assert_eq!(a.header_row, HEADER_ROW + 1);
        assert_eq!(a.columns.len(), COLUMNS.len());
        assert_eq!(a.rows_read, 0);
    }
}
