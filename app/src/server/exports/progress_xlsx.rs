//! The dashboard's grade-entry progress as `.xlsx`: the figures behind its charts, one sheet
//! per view (by teacher, by class, by sheet), each headed by the period it was measured at.
use crate::api::dashboard::EntryProgress;
use crate::domain::entry_progress::Progress;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};

fn failed(e: XlsxError) -> AppError {
    tracing::error!(error = %e, "xlsx export failed");
    AppError::Internal
}

struct Formats {
    title: Format,
    head: Format,
    cell: Format,
}

fn header(
    sheet: &mut Worksheet,
    f: &Formats,
    title: String,
    period: &str,
    columns: &[String],
) -> Result<(), AppError> {
    sheet
        .write_string_with_format(0, 0, title, &f.title)
        .map_err(failed)?;
    sheet.write_string(1, 0, period).map_err(failed)?;
    for (i, c) in columns.iter().enumerate() {
        let col = u16::try_from(i).map_err(|_| AppError::Internal)?;
        sheet
            .write_string_with_format(3, col, c, &f.head)
            .map_err(failed)?;
        sheet
            .set_column_width(col, if i == 0 { 28.0 } else { 14.0 })
            .map_err(failed)?;
    }
    Ok(())
}

fn numbers(
    sheet: &mut Worksheet,
    f: &Formats,
    row: u32,
    first_col: u16,
    p: Progress,
) -> Result<(), AppError> {
    for (i, v) in [
        p.entered,
        p.due,
        p.total,
        p.missing(),
        u64::from(p.percent_of_due()),
    ]
    .into_iter()
    .enumerate()
    {
        sheet
            .write_number_with_format(row, first_col + i as u16, v as f64, &f.cell)
            .map_err(failed)?;
    }
    Ok(())
}

pub fn write(d: &EntryProgress, lang: Lang) -> Result<Vec<u8>, AppError> {
    let f = Formats {
        title: Format::new().set_bold().set_font_size(14),
        head: Format::new().set_bold().set_border(FormatBorder::Thin),
        cell: Format::new().set_border(FormatBorder::Thin),
    };
    let period = Msg::DashPeriod.with(
        lang,
        &[
            ("year", &d.school_year),
            ("semester", &d.semester.to_string()),
            ("start", &d.start_date),
            ("end", &d.end_date),
            ("day", &d.day),
        ],
    );
    let figures: Vec<String> = [
        Msg::DashEntered,
        Msg::DashDue,
        Msg::DashOfSemester,
        Msg::DashMissing,
    ]
    .iter()
    .map(|m| m.raw(lang).to_string())
    .chain(["%".to_string()])
    .collect();
    let no_teacher = Msg::DashNoTeacher.raw(lang);
    let mut book = Workbook::new();

    let sheet = book.add_worksheet();
    sheet.set_name("Giao vien").map_err(failed)?;
    let mut columns = vec![
        Msg::ColTeacher.raw(lang).to_string(),
        Msg::DashSheets.raw(lang).to_string(),
    ];
    columns.extend(figures.iter().cloned());
    header(
        sheet,
        &f,
        Msg::DashByTeacher.raw(lang).into(),
        &period,
        &columns,
    )?;
    for (i, t) in d.teachers.iter().enumerate() {
        let row = 4 + i as u32;
        sheet
            .write_string_with_format(row, 0, t.name.as_deref().unwrap_or(no_teacher), &f.cell)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 1, format!("{}/{}", t.sheets_behind, t.sheets), &f.cell)
            .map_err(failed)?;
        numbers(sheet, &f, row, 2, t.progress)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name("Lop").map_err(failed)?;
    let mut columns = vec![Msg::ColClass.raw(lang).to_string()];
    columns.extend(figures.iter().cloned());
    header(
        sheet,
        &f,
        Msg::DashByClass.raw(lang).into(),
        &period,
        &columns,
    )?;
    for (i, c) in d.classes.iter().enumerate() {
        let row = 4 + i as u32;
        sheet
            .write_string_with_format(row, 0, &c.class_name, &f.cell)
            .map_err(failed)?;
        numbers(sheet, &f, row, 1, c.progress)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name("Bang diem").map_err(failed)?;
    let mut columns = vec![
        Msg::ColClass.raw(lang).to_string(),
        Msg::ColSubject.raw(lang).to_string(),
        Msg::ColTeacher.raw(lang).to_string(),
    ];
    columns.extend(figures.iter().cloned());
    header(
        sheet,
        &f,
        Msg::DashTitle.raw(lang).into(),
        &period,
        &columns,
    )?;
    for (i, s) in d.sheets.iter().enumerate() {
        let row = 4 + i as u32;
        sheet
            .write_string_with_format(row, 0, &s.class_name, &f.cell)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 1, &s.subject_name, &f.cell)
            .map_err(failed)?;
        sheet
            .write_string_with_format(
                row,
                2,
                s.teacher_name.as_deref().unwrap_or(no_teacher),
                &f.cell,
            )
            .map_err(failed)?;
        numbers(sheet, &f, row, 3, s.progress)?;
    }
    book.save_to_buffer().map_err(failed)
}
