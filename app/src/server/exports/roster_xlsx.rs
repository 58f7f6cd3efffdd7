//! The class list as `.xlsx`, laid out like the lists schools print: a title, then STT, code,
//! name, date of birth and gender, in class order.
use crate::api::classes::ClassRoster;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

fn failed(e: XlsxError) -> AppError {
    tracing::error!(error = %e, "xlsx export failed");
    AppError::Internal
}

pub fn write(roster: &ClassRoster, lang: Lang) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(&roster.name).map_err(failed)?;
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let cell = Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
    let heading = Msg::ClassHeading.with(lang, &[("name", &roster.name)]);
    sheet
        .write_string_with_format(
            0,
            0,
            format!(
                "{heading} · {} {}",
                Msg::SchoolYear.raw(lang),
                roster.school_year
            ),
            &title,
        )
        .map_err(failed)?;
    if let Some(teacher) = &roster.homeroom_teacher {
        sheet
            .write_string(
                1,
                0,
                format!("{}: {teacher}", Msg::HomeroomTeacherLabel.raw(lang)),
            )
            .map_err(failed)?;
    }
    let columns = [
        (Msg::ColNumber, 6.0),
        (Msg::StudentCode, 14.0),
        (Msg::FullName, 30.0),
        (Msg::ColDateOfBirth, 13.0),
        (Msg::ColGender, 10.0),
    ];
    let header_row = 3;
    for (col, (label, width)) in (0u16..).zip(columns) {
        sheet
            .write_string_with_format(header_row, col, label.raw(lang), &head)
            .map_err(failed)?;
        sheet.set_column_width(col, width).map_err(failed)?;
    }
    for (row, s) in (header_row + 1..).zip(&roster.students) {
        let gender = if s.is_female {
            Msg::GenderFemale
        } else {
            Msg::GenderMale
        };
        sheet
            .write_number_with_format(row, 0, s.number as f64, &cell)
            .map_err(failed)?;
        // Codes are text: a number would lose leading zeros and show as 7.9E+09.
        sheet
            .write_string_with_format(row, 1, &s.code, &cell)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 2, &s.full_name, &cell)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 3, &s.date_of_birth, &cell)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 4, gender.raw(lang), &cell)
            .map_err(failed)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}
