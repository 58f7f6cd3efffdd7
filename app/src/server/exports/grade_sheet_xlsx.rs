//! One subject's grade sheet of a class for a semester, as `.xlsx`: a title block (school,
//! subject, semester, class, year, teacher), then one row per student in class order with the
//! regular, mid-term and end-of-term assessments and the semester result. Scores are numbers
//! shown with one decimal; a missing score is an empty cell; an incomplete average says so. An
//! assessment missed and awaiting its make-up is "V" (vắng); a zero by decision is 0, with the
//! decision's reason as the cell's note.
use super::results_labels::{failed, judgement, period, sheet_name, Formats};
use crate::domain::grading::{Computed, Judgement};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::server::db::scores::{StoredScore, Value};
use crate::server::grade_sheet::{GradeSheet, Outcome, Period};
use rust_xlsxwriter::{Note, Workbook, Worksheet};

/// What an absent cell shows (vắng, as paper gradebooks write it).
pub const ABSENT_TEXT: &str = "V";

const HEADER_ROW: u32 = 4;
const FIRST_SCORE_COL: u16 = 3;

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Option<StoredScore>,
    lang: Lang,
    f: &Formats,
) -> Result<(), AppError> {
    match cell.as_ref().and_then(|c| c.value) {
        Some(Value::Tenths(t)) => sheet
            .write_number_with_format(row, col, f64::from(t) / 10.0, &f.score)
            .map(|_| ()),
        Some(Value::Pass) => sheet
            .write_string_with_format(row, col, judgement(lang, Judgement::Pass), &f.centred)
            .map(|_| ()),
        Some(Value::Fail) => sheet
            .write_string_with_format(row, col, judgement(lang, Judgement::Fail), &f.centred)
            .map(|_| ()),
        Some(Value::Absent) => sheet
            .write_string_with_format(row, col, ABSENT_TEXT, &f.centred)
            .map(|_| ()),
        Some(Value::ZeroByDecision) => {
            // A whole 0 (not "0.0"): a decision, not a mark someone earned to the tenth.
            sheet
                .write_number_with_format(row, col, 0.0, &f.centred)
                .map_err(failed)?;
            match cell.as_ref().and_then(|c| Some((c.reason.as_deref()?, c))) {
                Some((reason, c)) => {
                    let note = Note::new(reason);
                    let note = match &c.updated_by_name {
                        Some(name) => note.set_author(name),
                        None => note,
                    };
                    sheet.insert_note(row, col, &note).map(|_| ())
                }
                None => Ok(()),
            }
        }
        None => sheet.write_blank(row, col, &f.centred).map(|_| ()),
    }
    .map_err(failed)
}

fn incomplete_text(lang: Lang, missing: usize) -> String {
    format!(
        "{} ({})",
        Msg::ResultsIncomplete.raw(lang),
        Msg::ResultsMissingCount.with(lang, &[("n", &missing.to_string())])
    )
}

/// Writes the result cell of a sheet or summary: a number, Đ / CĐ, or the incomplete marker.
pub fn write_outcome(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    outcome: Outcome,
    lang: Lang,
    f: &Formats,
) -> Result<(), AppError> {
    match outcome {
        Outcome::Average(Computed::Value(a)) => sheet
            .write_number_with_format(row, col, f64::from(a.tenths()) / 10.0, &f.score)
            .map(|_| ()),
        Outcome::Judgement(Computed::Value(j)) => sheet
            .write_string_with_format(row, col, judgement(lang, j), &f.centred)
            .map(|_| ()),
        Outcome::Average(Computed::Incomplete { missing })
        | Outcome::Judgement(Computed::Incomplete { missing }) => sheet
            .write_string_with_format(row, col, incomplete_text(lang, missing), &f.incomplete)
            .map(|_| ()),
    }
    .map_err(failed)
}

pub fn write(s: &GradeSheet, lang: Lang) -> Result<Vec<u8>, AppError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let period_text = period(lang, Period::Semester(s.semester.number));
    sheet
        .set_name(sheet_name(&format!("{} {}", s.class.name, s.subject.name)))
        .map_err(failed)?;
    sheet
        .write_string_with_format(0, 0, &s.school_name, &f.school)
        .map_err(failed)?;
    let title = Msg::ResultsGradeSheetTitle.with(
        lang,
        &[
            ("subject", &s.subject.name.to_uppercase()),
            ("period", &period_text),
        ],
    );
    sheet
        .write_string_with_format(1, 0, title, &f.title)
        .map_err(failed)?;
    let class_line = Msg::ResultsClassLine.with(
        lang,
        &[("class", &s.class.name), ("year", &s.semester.school_year)],
    );
    let class_line = match &s.subject.teacher_name {
        Some(name) => format!(
            "{class_line} · {}",
            Msg::ResultsTeacherLine.with(lang, &[("name", name)])
        ),
        None => class_line,
    };
    sheet.write_string(2, 0, class_line).map_err(failed)?;

    let regular_columns = s
        .rows
        .iter()
        .map(|r| r.regular.len())
        .max()
        .unwrap_or(0)
        .max(s.regular_count);
    let mut headers: Vec<(String, f64)> = vec![
        (Msg::ColNumber.raw(lang).into(), 5.0),
        (Msg::StudentCode.raw(lang).into(), 13.0),
        (Msg::FullName.raw(lang).into(), 28.0),
    ];
    for n in 1..=regular_columns {
        headers.push((
            Msg::ResultsColRegular.with(lang, &[("n", &n.to_string())]),
            7.0,
        ));
    }
    headers.push((Msg::ResultsColMidterm.raw(lang).into(), 7.0));
    headers.push((Msg::ResultsColFinal.raw(lang).into(), 7.0));
    let result_head = if s.comment {
        Msg::ResultsColResult
    } else {
        Msg::ResultsColSemesterAverage
    };
    headers.push((result_head.raw(lang).into(), 24.0));
    headers.push((Msg::ResultsColComment.raw(lang).into(), 40.0));
    for (col, (label, width)) in (0u16..).zip(&headers) {
        sheet
            .write_string_with_format(HEADER_ROW, col, label, &f.head)
            .map_err(failed)?;
        sheet.set_column_width(col, *width).map_err(failed)?;
    }
    sheet.set_row_height(HEADER_ROW, 30).map_err(failed)?;
    let regular_cols = u16::try_from(regular_columns).map_err(|_| AppError::Internal)?;
    for (row, r) in (HEADER_ROW + 1..).zip(&s.rows) {
        sheet
            .write_number_with_format(row, 0, r.number as f64, &f.centred)
            .map_err(failed)?;
        // Codes are text: a number would lose leading zeros.
        sheet
            .write_string_with_format(row, 1, &r.student.code, &f.text)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 2, &r.student.full_name, &f.text)
            .map_err(failed)?;
        for i in 0..regular_cols {
            let cell = r.regular.get(usize::from(i)).cloned().flatten();
            write_cell(sheet, row, FIRST_SCORE_COL + i, &cell, lang, &f)?;
        }
        let next = FIRST_SCORE_COL + regular_cols;
        write_cell(sheet, row, next, &r.midterm, lang, &f)?;
        write_cell(sheet, row, next + 1, &r.final_, lang, &f)?;
        write_outcome(sheet, row, next + 2, r.outcome, lang, &f)?;
        let comment = r.comment.as_ref().map(|c| c.comment.as_str()).unwrap_or("");
        sheet
            .write_string_with_format(row, next + 3, comment, &f.text)
            .map_err(failed)?;
    }
    sheet
        .set_freeze_panes(HEADER_ROW + 1, FIRST_SCORE_COL)
        .map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}
