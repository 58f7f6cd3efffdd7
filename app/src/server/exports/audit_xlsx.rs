//! The principal's filtered audit log as `.xlsx`: a title, the filters' row count, then one row
//! per entry, newest first, with who, when, old and new value, reason, source and request id.
use crate::api::audit_history::AuditLine;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::ui::format::date_time;
use crate::ui::pages::audit_log::{about, action_label, kind_label};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

fn failed(e: XlsxError) -> AppError {
    tracing::error!(error = %e, "xlsx export failed");
    AppError::Internal
}

pub fn write(school: &str, lines: &[AuditLine], lang: Lang) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Nhat ky").map_err(failed)?;
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new().set_bold().set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    sheet
        .write_string_with_format(
            0,
            0,
            Msg::AuditXlsxTitle.with(lang, &[("school", school)]),
            &title,
        )
        .map_err(failed)?;
    let columns = [
        (Msg::AuditColAt, 17.0),
        (Msg::AuditColWho, 28.0),
        (Msg::AuditColKind, 16.0),
        (Msg::AuditColAction, 20.0),
        (Msg::AuditColAbout, 34.0),
        (Msg::AuditColOld, 24.0),
        (Msg::AuditColNew, 24.0),
        (Msg::AuditColReason, 24.0),
        (Msg::AuditColSource, 10.0),
        (Msg::AuditColRequest, 38.0),
    ];
    let header_row = 2;
    for (col, (label, width)) in (0u16..).zip(columns) {
        sheet
            .write_string_with_format(header_row, col, label.raw(lang), &head)
            .map_err(failed)?;
        sheet.set_column_width(col, width).map_err(failed)?;
    }
    for (row, l) in (header_row + 1..).zip(lines) {
        let texts = [
            date_time(l.at),
            l.actor.clone(),
            kind_label(l.kind).raw(lang).to_string(),
            action_label(&l.action)
                .map(|m| m.raw(lang).to_string())
                .unwrap_or_else(|| l.action.clone()),
            about(l),
            l.old_value.clone().unwrap_or_default(),
            l.new_value.clone().unwrap_or_default(),
            l.reason.clone().unwrap_or_default(),
            l.source.clone(),
            l.request_id.clone(),
        ];
        for (col, text) in (0u16..).zip(texts) {
            sheet
                .write_string_with_format(row, col, text, &cell)
                .map_err(failed)?;
        }
    }
    sheet.set_freeze_panes(header_row + 1, 0).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}
