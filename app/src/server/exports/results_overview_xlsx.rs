//! The results dashboard's figures as `.xlsx`: learning and conduct levels per class and grade
//! level, subject averages by band per grade level, and the students at risk.
use crate::api::dashboard::{GroupResults, SchoolResults};
use crate::domain::result_stats::LevelCounts;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn failed(e: XlsxError) -> AppError {
    tracing::error!(error = %e, "xlsx export failed");
    AppError::Internal
}

fn col(i: usize) -> Result<u16, AppError> {
    u16::try_from(i).map_err(|_| AppError::Internal)
}

fn row_no(i: usize) -> Result<u32, AppError> {
    u32::try_from(i).map_err(|_| AppError::Internal)
}

fn head(
    sheet: &mut Worksheet,
    bold: &Format,
    title: &str,
    columns: &[String],
) -> Result<(), AppError> {
    sheet
        .write_string_with_format(0, 0, title, bold)
        .map_err(failed)?;
    for (i, c) in columns.iter().enumerate() {
        sheet
            .write_string_with_format(2, col(i)?, c, bold)
            .map_err(failed)?;
        sheet
            .set_column_width(col(i)?, if i == 0 { 24.0 } else { 12.0 })
            .map_err(failed)?;
    }
    Ok(())
}

fn levels(
    book: &mut Workbook,
    bold: &Format,
    name: &str,
    title: &str,
    groups: &[GroupResults],
    pick: fn(&GroupResults) -> LevelCounts,
    lang: Lang,
) -> Result<(), AppError> {
    let sheet = book.add_worksheet();
    sheet.set_name(name).map_err(failed)?;
    let columns: Vec<String> = [
        Msg::ColClass,
        Msg::ResStudents,
        Msg::ResultsLevelGood,
        Msg::ResultsLevelFair,
        Msg::ResultsLevelPass,
        Msg::ResultsLevelFail,
        Msg::ResPending,
    ]
    .iter()
    .map(|m| m.raw(lang).to_string())
    .collect();
    head(sheet, bold, title, &columns)?;
    for (i, g) in groups.iter().enumerate() {
        let r = row_no(3 + i)?;
        sheet.write_string(r, 0, &g.name).map_err(failed)?;
        sheet
            .write_number(r, 1, f64::from(g.students))
            .map_err(failed)?;
        for (j, n) in pick(g).in_order().into_iter().enumerate() {
            sheet
                .write_number(r, col(2 + j)?, f64::from(n))
                .map_err(failed)?;
        }
    }
    Ok(())
}

pub fn write(d: &SchoolResults, lang: Lang) -> Result<Vec<u8>, AppError> {
    let bold = Format::new().set_bold();
    let mut book = Workbook::new();
    let mut with_grades = d.classes.clone();
    with_grades.extend(d.grades.iter().map(|g| GroupResults {
        name: Msg::ResGrade.with(lang, &[("grade", &g.grade.to_string())]),
        ..g.clone()
    }));
    levels(
        &mut book,
        &bold,
        "Hoc tap",
        Msg::ResLearningByClass.raw(lang),
        &with_grades,
        |g| g.learning,
        lang,
    )?;
    levels(
        &mut book,
        &bold,
        "Ren luyen",
        Msg::ResConductByClass.raw(lang),
        &with_grades,
        |g| g.conduct,
        lang,
    )?;

    let sheet = book.add_worksheet();
    sheet.set_name("Mon hoc").map_err(failed)?;
    let columns: Vec<String> = [
        Msg::ResPeriod,
        Msg::ColSubject,
        Msg::ResBand8,
        Msg::ResBand65,
        Msg::ResBand5,
        Msg::ResBandBelow5,
        Msg::ResPendingScores,
        Msg::ResultsLevelPass,
        Msg::ResultsLevelFail,
        Msg::ResMean,
    ]
    .iter()
    .map(|m| m.raw(lang).to_string())
    .collect();
    head(sheet, &bold, Msg::ColSubject.raw(lang), &columns)?;
    let mut r = 3u32;
    for g in &d.grades {
        for s in &g.subjects {
            let b = s.bands;
            sheet
                .write_string(
                    r,
                    0,
                    Msg::ResGrade.with(lang, &[("grade", &g.grade.to_string())]),
                )
                .map_err(failed)?;
            sheet.write_string(r, 1, &s.subject_name).map_err(failed)?;
            for (j, n) in [
                b.from_8, b.from_6_5, b.from_5, b.below_5, b.pending, b.pass, b.fail,
            ]
            .into_iter()
            .enumerate()
            {
                sheet
                    .write_number(r, col(2 + j)?, f64::from(n))
                    .map_err(failed)?;
            }
            if let Some(m) = b.mean() {
                sheet
                    .write_number(r, 9, f64::from(m.tenths()) / 10.0)
                    .map_err(failed)?;
            }
            r += 1;
        }
    }

    let sheet = book.add_worksheet();
    sheet.set_name("Can quan tam").map_err(failed)?;
    let columns: Vec<String> = [
        Msg::ColClass,
        Msg::FullName,
        Msg::ResFailing,
        Msg::ResAbsences,
    ]
    .iter()
    .map(|m| m.raw(lang).to_string())
    .collect();
    head(sheet, &bold, Msg::ResAtRisk.raw(lang), &columns)?;
    for (i, s) in d.at_risk.iter().enumerate() {
        let r = row_no(3 + i)?;
        sheet.write_string(r, 0, &s.class_name).map_err(failed)?;
        sheet.write_string(r, 1, &s.full_name).map_err(failed)?;
        sheet
            .write_string(r, 2, s.failing.join(", "))
            .map_err(failed)?;
        sheet
            .write_number(r, 3, f64::from(s.absences))
            .map_err(failed)?;
    }
    book.save_to_buffer().map_err(failed)
}
