//! A class's summary for a semester or the year, as `.xlsx`: one row per student in class
//! order, one column per subject (ĐTBmhk / ĐTBmcn, or Đ / CĐ), then the learning result and a
//! note (incomplete, or the Điều 9.3 adjustment with the subject that caused it).
use super::grade_sheet_xlsx::write_outcome;
use super::results_labels::{failed, level, period, sheet_name, Formats};
use crate::api::year_end::{outcome_label, title_label};
use crate::domain::grading::Computed;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::server::class_summary::Extra;
use crate::server::grade_sheet::ClassSummary;
use rust_xlsxwriter::Workbook;

const HEADER_ROW: u32 = 4;
const FIRST_SUBJECT_COL: u16 = 3;

/// `extras`: one per row of `s` (conduct, absences, year-end), from `server::class_summary`.
pub fn write(s: &ClassSummary, extras: &[Extra], lang: Lang) -> Result<Vec<u8>, AppError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let period_text = period(lang, s.period);
    sheet
        .set_name(sheet_name(&format!("{} {period_text}", s.class.name)))
        .map_err(failed)?;
    sheet
        .write_string_with_format(0, 0, &s.school_name, &f.school)
        .map_err(failed)?;
    sheet
        .write_string_with_format(
            1,
            0,
            Msg::ResultsSummaryTitle.with(lang, &[("period", &period_text)]),
            &f.title,
        )
        .map_err(failed)?;
    let mut class_line = Msg::ResultsClassLine.with(
        lang,
        &[("class", &s.class.name), ("year", &s.class.school_year)],
    );
    if let Some(name) = &s.class.homeroom_teacher {
        class_line = format!(
            "{class_line} · {}: {name}",
            Msg::HomeroomTeacherLabel.raw(lang)
        );
    }
    sheet.write_string(2, 0, class_line).map_err(failed)?;

    let fixed = [
        (Msg::ColNumber.raw(lang).to_string(), 5.0),
        (Msg::StudentCode.raw(lang).to_string(), 13.0),
        (Msg::FullName.raw(lang).to_string(), 28.0),
    ];
    for (col, (label, width)) in (0u16..).zip(&fixed) {
        sheet
            .write_string_with_format(HEADER_ROW, col, label, &f.head)
            .map_err(failed)?;
        sheet.set_column_width(col, *width).map_err(failed)?;
    }
    let subject_cols = u16::try_from(s.subjects.len()).map_err(|_| AppError::Internal)?;
    for (i, subject) in (0u16..).zip(&s.subjects) {
        let col = FIRST_SUBJECT_COL + i;
        sheet
            .write_string_with_format(HEADER_ROW, col, &subject.name, &f.head)
            .map_err(failed)?;
        sheet.set_column_width(col, 11.0).map_err(failed)?;
    }
    let learning_col = FIRST_SUBJECT_COL + subject_cols;
    let mut columns = vec![
        (learning_col, Msg::ResultsColLearning, 14.0),
        (learning_col + 1, Msg::ResultsColNote, 40.0),
        (learning_col + 2, Msg::SumColConduct, 12.0),
        (learning_col + 3, Msg::SumColExcused, 10.0),
        (learning_col + 4, Msg::SumColUnexcused, 10.0),
    ];
    if s.period == crate::server::grade_sheet::Period::Year {
        columns.extend([
            (learning_col + 5, Msg::SumColProposal, 18.0),
            (learning_col + 6, Msg::SumColDecision, 18.0),
            (learning_col + 7, Msg::SumColTitle, 20.0),
        ]);
    }
    for (col, label, width) in columns {
        sheet
            .write_string_with_format(HEADER_ROW, col, label.raw(lang), &f.head)
            .map_err(failed)?;
        sheet.set_column_width(col, width).map_err(failed)?;
    }
    sheet.set_row_height(HEADER_ROW, 45).map_err(failed)?;

    for (i, (row, r)) in (HEADER_ROW + 1..).zip(&s.rows).enumerate() {
        sheet
            .write_number_with_format(row, 0, r.number as f64, &f.centred)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 1, &r.student.code, &f.text)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, 2, &r.student.full_name, &f.text)
            .map_err(failed)?;
        for (i, outcome) in (0u16..).zip(&r.subjects) {
            write_outcome(sheet, row, FIRST_SUBJECT_COL + i, *outcome, lang, &f)?;
        }
        let (result, note) = match &r.learning {
            Computed::Value(l) => {
                let note = l.adjusted_because_of.and_then(|id| {
                    let subject = s.subjects.iter().find(|x| x.id == id)?;
                    Some(Msg::ResultsAdjusted.with(
                        lang,
                        &[
                            ("from", level(lang, l.before_adjustment)),
                            ("subject", &subject.name),
                        ],
                    ))
                });
                (level(lang, l.level).to_string(), note)
            }
            Computed::Incomplete { missing } => (
                Msg::ResultsIncomplete.raw(lang).to_string(),
                Some(Msg::ResultsMissingCount.with(lang, &[("n", &missing.to_string())])),
            ),
        };
        let result_format = if r.learning.is_complete() {
            &f.centred
        } else {
            &f.incomplete
        };
        sheet
            .write_string_with_format(row, learning_col, result, result_format)
            .map_err(failed)?;
        sheet
            .write_string_with_format(row, learning_col + 1, note.unwrap_or_default(), &f.text)
            .map_err(failed)?;
        let Some(e) = extras.get(i) else { continue };
        let conduct = e.conduct.map(|l| level(lang, l)).unwrap_or("");
        sheet
            .write_string_with_format(row, learning_col + 2, conduct, &f.centred)
            .map_err(failed)?;
        for (col, n) in [
            (learning_col + 3, e.excused),
            (learning_col + 4, e.unexcused),
        ] {
            sheet
                .write_number_with_format(row, col, n as f64, &f.centred)
                .map_err(failed)?;
        }
        if let Some(y) = &e.year_end {
            let proposal = match y.proposed {
                Some(k) => outcome_label(k).raw(lang).to_string(),
                None => Msg::SumIncomplete.raw(lang).to_string(),
            };
            let mut decision = y
                .decided
                .map(|k| outcome_label(k).raw(lang).to_string())
                .unwrap_or_default();
            if y.changed {
                decision = format!("{decision} ({})", Msg::SumChanged.raw(lang));
            }
            let title = y
                .decided
                .map_or(y.proposed_title, |_| y.decided_title)
                .map(|t| title_label(t).raw(lang))
                .unwrap_or("");
            for (col, text) in [
                (learning_col + 5, proposal.as_str()),
                (learning_col + 6, decision.as_str()),
                (learning_col + 7, title),
            ] {
                sheet
                    .write_string_with_format(row, col, text, &f.text)
                    .map_err(failed)?;
            }
        }
    }
    sheet
        .set_freeze_panes(HEADER_ROW + 1, FIRST_SUBJECT_COL)
        .map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}
