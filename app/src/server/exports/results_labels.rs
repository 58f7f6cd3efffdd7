//! Texts shared by the grade-sheet and class-summary spreadsheets.
use crate::domain::grading::{Judgement, Level};
use crate::i18n::{Lang, Msg};
use crate::server::grade_sheet::Period;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, XlsxError};

pub fn failed(e: XlsxError) -> crate::error::AppError {
    tracing::error!(error = %e, "xlsx export failed");
    crate::error::AppError::Internal
}

pub fn period(lang: Lang, period: Period) -> String {
    match period {
        Period::Semester(1) => Msg::ResultsSemester1.raw(lang).into(),
        Period::Semester(_) => Msg::ResultsSemester2.raw(lang).into(),
        Period::Year => Msg::ResultsWholeYear.raw(lang).into(),
    }
}

pub fn judgement(lang: Lang, j: Judgement) -> &'static str {
    match j {
        Judgement::Pass => Msg::ResultsJudgementPass.raw(lang),
        Judgement::Fail => Msg::ResultsJudgementFail.raw(lang),
    }
}

pub fn level(lang: Lang, l: Level) -> &'static str {
    match l {
        Level::Good => Msg::ResultsLevelGood.raw(lang),
        Level::Fair => Msg::ResultsLevelFair.raw(lang),
        Level::Pass => Msg::ResultsLevelPass.raw(lang),
        Level::Fail => Msg::ResultsLevelFail.raw(lang),
    }
}

/// The formats of both sheets.
pub struct Formats {
    pub school: Format,
    pub title: Format,
    pub head: Format,
    pub text: Format,
    pub centred: Format,
    /// One decimal; Excel and LibreOffice show the decimal separator of the reader's locale,
    /// so Vietnamese installations read "8,5".
    pub score: Format,
    pub incomplete: Format,
}

impl Formats {
    pub fn new() -> Formats {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Formats {
            school: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            head: Format::new()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap()
                .set_background_color("#E8EEF7")
                .set_border(FormatBorder::Thin),
            text: cell.clone(),
            centred: cell.clone().set_align(FormatAlign::Center),
            score: cell
                .clone()
                .set_num_format("0.0")
                .set_align(FormatAlign::Center),
            incomplete: cell
                .set_italic()
                .set_font_color("#8A5A00")
                .set_align(FormatAlign::Center),
        }
    }
}

impl Default for Formats {
    fn default() -> Self {
        Formats::new()
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(text: &str) -> String {
    text.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}
