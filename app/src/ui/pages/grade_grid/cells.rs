//! The state of each cell in the browser: what it shows, what the teacher last committed, what
//! the server last confirmed (with its version), and where it stands with the server.
use crate::api::grade_grid::{CellEdit, GridCell, GridKind, GridMark};
use crate::domain::grading::entry::{read_typed, score_cell, Typed};
use crate::domain::grading::{Cell, Judgement};
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

/// Which field of a student's row a cell is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Score {
        kind: GridKind,
        slot: i64,
    },
    /// The teacher's comment (nhận xét) on the student.
    Comment,
}

/// What a cell holds as the teacher sees it: its text and, for a zero decided by the school,
/// the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Content {
    pub text: String,
    pub zero_reason: Option<String>,
}

/// Where a cell stands with the server.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Clean,
    /// Changed, waiting for the next batch.
    Pending,
    Saving,
    Saved,
    /// Not saved: the problem's code (`out_of_range`, `too_long`, …).
    Invalid(String),
    /// Someone else changed it meanwhile: their value; the teacher chooses.
    Conflict(Theirs),
    /// Not saved: no connection (retried) or refused (`Some(message)`, not retried).
    Failed(Option<String>),
}

/// The other value of a conflict.
#[derive(Clone, Debug, PartialEq)]
pub struct Theirs {
    pub content: Content,
    pub version: i64,
    pub by: Option<String>,
    pub at: Option<i64>,
}

#[derive(Clone, Copy)]
pub struct CellState {
    pub student_id: i64,
    pub field: Field,
    pub text: RwSignal<String>,
    pub zero_reason: RwSignal<Option<String>>,
    /// The last content the teacher committed (Esc returns to it).
    pub committed: StoredValue<Content>,
    /// The last content the server confirmed, and its version.
    pub server: StoredValue<Content>,
    pub version: StoredValue<i64>,
    pub status: RwSignal<Status>,
    /// Who changed it last and when, as far as this page knows.
    pub changed: RwSignal<(Option<String>, Option<i64>)>,
}

impl CellState {
    pub fn new(student_id: i64, field: Field, content: Content, version: i64) -> CellState {
        CellState {
            student_id,
            field,
            text: RwSignal::new(content.text.clone()),
            zero_reason: RwSignal::new(content.zero_reason.clone()),
            committed: StoredValue::new(content.clone()),
            server: StoredValue::new(content),
            version: StoredValue::new(version),
            status: RwSignal::new(Status::Clean),
            changed: RwSignal::new((None, None)),
        }
    }

    pub fn content_untracked(&self) -> Content {
        Content {
            text: self.text.get_untracked(),
            zero_reason: self.zero_reason.get_untracked(),
        }
    }

    pub fn set_content(&self, c: &Content) {
        self.text.set(c.text.clone());
        self.zero_reason.set(c.zero_reason.clone());
    }

    pub fn is_comment(&self) -> bool {
        self.field == Field::Comment
    }

    /// The assessment this cell adds to the average (tracked: re-run as the teacher types).
    pub fn score_cell(&self, comment_subject: bool) -> Cell {
        score_cell(
            read_typed(&self.text.get(), comment_subject),
            self.zero_reason.with(Option::is_some),
        )
    }

    /// The judgement of a comment-assessed subject's cell; `None` when empty or owed.
    pub fn judgement(&self) -> Option<Judgement> {
        match read_typed(&self.text.get(), true) {
            Ok(Typed::Judgement(j)) => Some(j),
            _ => None,
        }
    }
}

/// The short mark shown for an absence ("V"; typing it marks one).
pub fn absent_text(lang: Lang) -> &'static str {
    Msg::GridAbsentShort.raw(lang)
}

/// A stored cell as the grid shows it, in the reader's notation (8,5 in Vietnamese).
pub fn shown(cell: &GridCell, lang: Lang) -> Content {
    match cell.mark {
        Some(GridMark::Absent) => Content {
            text: absent_text(lang).to_string(),
            zero_reason: None,
        },
        Some(GridMark::ZeroByDecision) => Content {
            text: "0".into(),
            zero_reason: Some(cell.reason.clone().unwrap_or_default()),
        },
        None => Content {
            text: normalised(&cell.text, false, lang),
            zero_reason: None,
        },
    }
}

/// How a valid value is written back into its cell ("8.50" → "8,5", "đ" → "Đ", "vắng" → "V");
/// anything else is left as typed so the teacher can see what was refused.
pub fn normalised(text: &str, comment_subject: bool, lang: Lang) -> String {
    let scored_or_comment =
        read_typed(text, comment_subject).or_else(|_| read_typed(text, !comment_subject));
    match scored_or_comment {
        Ok(Typed::Score(s)) if lang == Lang::Vi => s.format_vi(),
        Ok(Typed::Score(s)) => s.format_en(),
        Ok(Typed::Judgement(Judgement::Pass)) => "Đ".into(),
        Ok(Typed::Judgement(Judgement::Fail)) => "CĐ".into(),
        Ok(Typed::Absent) => absent_text(lang).into(),
        Ok(Typed::Empty) => String::new(),
        Err(_) => text.to_string(),
    }
}

/// The score edit to send for a cell's content. `Err(code)` when it cannot be saved.
pub fn edit_of(
    cell: &CellState,
    content: &Content,
    comment_subject: bool,
) -> Result<CellEdit, String> {
    let Field::Score { kind, slot } = cell.field else {
        return Err("not_a_score".into());
    };
    let typed = read_typed(&content.text, comment_subject).map_err(|p| p.code().to_string())?;
    let (value, mark, reason) = match (typed, &content.zero_reason) {
        (Typed::Absent, _) => (String::new(), Some(GridMark::Absent), None),
        (Typed::Score(s), Some(reason)) if s.tenths() == 0 => (
            "0".to_string(),
            Some(GridMark::ZeroByDecision),
            Some(reason.clone()),
        ),
        _ => (content.text.trim().to_string(), None, None),
    };
    Ok(CellEdit {
        student_id: cell.student_id,
        kind,
        slot,
        value,
        expected_version: cell.version.get_value(),
        mark,
        reason,
        edit_id: None,
    })
}

/// The message for a problem code from the server or the browser's own check.
pub fn problem_message(code: &str) -> Msg {
    match code {
        "out_of_range" => Msg::GridOutOfRange,
        "too_many_decimals" => Msg::GridTooManyDecimals,
        "not_a_number" => Msg::GridNotANumber,
        "not_a_judgement" => Msg::GridNotAJudgement,
        "not_a_score" => Msg::GridNotAScore,
        "not_in_class" => Msg::GridNotInClass,
        "too_long" => Msg::GridCommentTooLong,
        "reason_required" => Msg::GridReasonRequired,
        "reason_too_long" => Msg::GridReasonTooLong,
        "no_such_column" => Msg::GridNoSuchColumn,
        "bad_edit_id" => Msg::GridBadEditId,
        _ => Msg::GridRefused,
    }
}
