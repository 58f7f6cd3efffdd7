//! The grid's behaviour: committing cells, batching saves (one request in flight, so a cell's
//! versions follow each other), conflicts, undo / redo across saves, paste, marks. Everything
//! here is reactive state shared by the cells through one `Copy` handle.
use super::cells::{
    absent_text, edit_of, normalised, shown, CellState, Content, Field, Status, Theirs,
};
use super::keys::{self, Action, Press, Step};
use super::paste;
use crate::api::grade_grid::EntrySource;
use crate::domain::grading::read_typed;
use crate::i18n::{Lang, Msg};
use crate::offline::queue::{Edit, EditState, Settled, SheetKey, Shown, Target};
use crate::offline::sync::{self, Event};
use leptos::prelude::*;
use std::time::Duration;

/// (row, column); the comment is the column after the scores.
pub type Pos = (usize, usize);

/// The longest comment kept (as the server's `MAX_COMMENT_CHARS`).
const MAX_COMMENT_CHARS: usize = 1000;
/// How long changes gather before one batch is sent.
const BATCH_DELAY: Duration = Duration::from_millis(300);
/// A cell left unchanged this long while still focused is committed without leaving it.
const IDLE_COMMIT: Duration = Duration::from_millis(900);

#[derive(Clone, Debug)]
struct Change {
    pos: Pos,
    before: Content,
    after: Content,
}

#[derive(Clone, Copy)]
pub struct Sheet {
    cells: StoredValue<Vec<Vec<CellState>>>,
    pub rows: usize,
    pub score_cols: usize,
    pub comment_subject: bool,
    pub can_edit: bool,
    /// Cells an approved correction opens on a closed sheet.
    open: StoredValue<Vec<Pos>>,
    pub lang: Lang,
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
    pub active: RwSignal<Pos>,
    pub editing: RwSignal<bool>,
    undo: StoredValue<Vec<Vec<Change>>>,
    redo: StoredValue<Vec<Vec<Change>>>,
    /// Committed, not yet handed to the outbox.
    pending: StoredValue<Vec<(Pos, EntrySource)>>,
    labels: StoredValue<Labels>,
    scheduled: StoredValue<bool>,
    idle: StoredValue<Option<TimeoutHandle>>,
    /// Read out by screen readers (paste results, conflicts, failures).
    pub announcement: RwSignal<String>,
    pub paste_report: RwSignal<Option<String>>,
    /// Bumped when undo / redo availability may have changed.
    pub history: RwSignal<(usize, usize)>,
}

pub struct SheetSpec {
    pub cells: Vec<Vec<CellState>>,
    pub score_cols: usize,
    pub comment_subject: bool,
    pub can_edit: bool,
    pub open: Vec<Pos>,
    pub lang: Lang,
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
    pub labels: Labels,
}

/// Names for the outbox's lists, shown away from the grid.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    /// Per row.
    pub students: Vec<String>,
    /// Per column, the comment last.
    pub columns: Vec<String>,
    /// "6A1 · Toán · HK I".
    pub sheet: String,
    pub path: String,
}

impl Sheet {
    pub fn new(spec: SheetSpec) -> Sheet {
        Sheet {
            rows: spec.cells.len(),
            cells: StoredValue::new(spec.cells),
            score_cols: spec.score_cols,
            comment_subject: spec.comment_subject,
            can_edit: spec.can_edit,
            open: StoredValue::new(spec.open),
            lang: spec.lang,
            class_id: spec.class_id,
            subject_id: spec.subject_id,
            semester_id: spec.semester_id,
            active: RwSignal::new((0, 0)),
            editing: RwSignal::new(false),
            undo: StoredValue::new(Vec::new()),
            redo: StoredValue::new(Vec::new()),
            pending: StoredValue::new(Vec::new()),
            labels: StoredValue::new(spec.labels),
            scheduled: StoredValue::new(false),
            idle: StoredValue::new(None),
            announcement: RwSignal::new(String::new()),
            paste_report: RwSignal::new(None),
            history: RwSignal::new((0, 0)),
        }
    }

    /// The teacher may change this cell: the sheet is open to them, or a correction opens it.
    pub fn editable(&self, pos: Pos) -> bool {
        self.can_edit || self.open.with_value(|o| o.contains(&pos))
    }

    /// Score columns plus the comment.
    pub fn cols(&self) -> usize {
        self.score_cols + 1
    }

    pub fn cell(&self, (r, k): Pos) -> Option<CellState> {
        self.cells
            .try_with_value(|rows| rows.get(r).and_then(|row| row.get(k)).copied())
            .flatten()
    }

    pub fn row(&self, r: usize) -> Vec<CellState> {
        self.cells
            .with_value(|rows| rows.get(r).cloned().unwrap_or_default())
    }

    pub fn column(&self, k: usize) -> Vec<CellState> {
        self.cells
            .with_value(|rows| rows.iter().filter_map(|row| row.get(k).copied()).collect())
    }

    pub fn all(&self) -> Vec<CellState> {
        self.cells
            .with_value(|rows| rows.iter().flatten().copied().collect())
    }

    /// Something typed is not yet in the outbox (which keeps it across reloads).
    pub fn unsettled(&self) -> bool {
        let typing = self
            .cells
            .try_with_value(|rows| {
                rows.iter()
                    .flatten()
                    .any(|c| c.text.get_untracked() != c.committed.with_value(|x| x.text.clone()))
            })
            .unwrap_or(false);
        typing
            || self
                .pending
                .try_with_value(|p| !p.is_empty())
                .unwrap_or(false)
    }

    pub fn sheet_key(&self) -> SheetKey {
        SheetKey {
            class_id: self.class_id,
            subject_id: self.subject_id,
            semester_id: self.semester_id,
        }
    }

    // ---- committing -------------------------------------------------------------------------

    /// Takes what the cell shows as the teacher's value: records it for undo (when `record`),
    /// checks it, and queues it for saving.
    fn commit(&self, pos: Pos, source: EntrySource, record: bool) -> Option<Change> {
        let c = self.cell(pos)?;
        if !self.editable(pos) {
            return None;
        }
        let mut content = c.content_untracked();
        if content.zero_reason.is_some() && content.text.trim() != "0" {
            content.zero_reason = None;
            c.zero_reason.set(None);
        }
        let text = if c.is_comment() {
            content.text.trim().to_string()
        } else {
            normalised(&content.text, self.comment_subject, self.lang)
        };
        if text != content.text {
            content.text = text;
            c.text.set(content.text.clone());
        }
        let before = c.committed.get_value();
        let retry = matches!(c.status.get_untracked(), Status::Failed(None));
        if content == before && !retry {
            return None;
        }
        c.committed.set_value(content.clone());
        let change = Change {
            pos,
            before,
            after: content.clone(),
        };
        if record {
            self.undo.update_value(|u| u.push(vec![change.clone()]));
            self.redo.update_value(Vec::clear);
            self.touch_history();
        }
        self.check_and_queue(pos, c, &content, source);
        Some(change)
    }

    fn check_and_queue(&self, pos: Pos, c: CellState, content: &Content, source: EntrySource) {
        let problem = if c.is_comment() {
            (content.text.chars().count() > MAX_COMMENT_CHARS).then(|| "too_long".to_string())
        } else {
            edit_of(&c, content, self.comment_subject).err()
        };
        if let Some(code) = problem {
            self.pending.update_value(|p| p.retain(|(q, _)| *q != pos));
            c.status.set(Status::Invalid(code));
            return;
        }
        let conflict = matches!(c.status.get_untracked(), Status::Conflict(_));
        if !conflict && c.server.with_value(|s| s == content) {
            // Back to what the server has: nothing to send.
            self.pending.update_value(|p| p.retain(|(q, _)| *q != pos));
            c.status.set(Status::Clean);
            return;
        }
        c.status.set(Status::Pending);
        self.pending.update_value(|p| {
            if !p.iter().any(|(q, _)| *q == pos) {
                p.push((pos, source));
            }
        });
        self.schedule(BATCH_DELAY);
    }

    /// The teacher typed into `pos`: commit it after a pause even if they stay in the cell.
    pub fn typed(&self, pos: Pos) {
        if let Some(Some(h)) = self.idle.try_get_value() {
            h.clear();
        }
        let this = *self;
        let handle = set_timeout_with_handle(
            move || {
                if this.active.try_get_untracked() == Some(pos) {
                    this.commit(pos, EntrySource::Typing, true);
                }
            },
            IDLE_COMMIT,
        )
        .ok();
        self.idle.set_value(handle);
    }

    pub fn left(&self, pos: Pos) {
        self.editing.set(false);
        self.commit(pos, EntrySource::Typing, true);
    }

    // ---- saving -----------------------------------------------------------------------------

    fn schedule(&self, delay: Duration) {
        if self.scheduled.get_value() {
            return;
        }
        self.scheduled.set_value(true);
        let this = *self;
        set_timeout(move || this.flush(), delay);
    }

    /// Hands what is waiting to the outbox, which keeps it on the device and sends it.
    pub fn flush(&self) {
        if self.scheduled.try_set_value(false).is_some() {
            return; // disposed
        }
        let batch = self
            .pending
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        let edits: Vec<Edit> = batch
            .into_iter()
            .filter_map(|(pos, source)| self.edit_at(pos, source))
            .collect();
        if !edits.is_empty() {
            sync::submit(edits);
        }
    }

    fn edit_at(&self, pos: Pos, source: EntrySource) -> Option<Edit> {
        let c = self.cell(pos)?;
        let content = c.committed.get_value();
        let target = self.find_target(pos)?;
        let (value, mark, reason) = match c.field {
            Field::Comment => (content.text.clone(), None, None),
            Field::Score { .. } => {
                let e = edit_of(&c, &content, self.comment_subject).ok()?;
                (e.value, e.mark, e.reason)
            }
        };
        let (label, sheet_label, path) = self.labels.with_value(|l| {
            let student = l.students.get(pos.0).cloned().unwrap_or_default();
            let column = l.columns.get(pos.1).cloned().unwrap_or_default();
            (
                format!("{student} · {column}"),
                l.sheet.clone(),
                l.path.clone(),
            )
        });
        Some(Edit {
            id: sync::new_id(),
            seq: sync::next_seq(),
            user_id: 0,
            sheet: self.sheet_key(),
            target,
            shown: Shown {
                text: content.text,
                zero_reason: content.zero_reason,
            },
            value,
            mark,
            reason,
            expected_version: c.version.get_value(),
            source,
            label,
            sheet_label,
            path,
            created_at: sync::now_ms(),
            attempts: 0,
            state: EditState::Waiting,
            marks: None,
        })
    }

    /// The cell an outbox edit is for.
    fn find(&self, target: &Target) -> Option<CellState> {
        let (student_id, field) = match *target {
            Target::Score {
                student_id,
                kind,
                slot,
            } => (student_id, Field::Score { kind, slot }),
            Target::Comment { student_id } => (student_id, Field::Comment),
            Target::Roll { .. } | Target::Period { .. } => return None,
        };
        self.cells
            .try_with_value(|rows| {
                rows.iter()
                    .flatten()
                    .find(|c| c.student_id == student_id && c.field == field)
                    .copied()
            })
            .flatten()
    }

    /// What the outbox says became of an edit of this sheet.
    pub fn on_event(&self, event: &Event) {
        let edit = match event {
            Event::Sending(e) | Event::Waiting(e) | Event::Settled(e, _) => e,
        };
        let Some(c) = self.find(&edit.target) else {
            return;
        };
        let sent = content_of(&edit.shown);
        let mut current = c.committed.try_with_value(|now| *now == sent) == Some(true);
        // An edit from the outbox that this page has not shown yet (it was typed in another
        // page, or the page opened while it was being sent): an idle cell shows it.
        let idle = matches!(c.status.get_untracked(), Status::Clean | Status::Saved)
            && c.text.get_untracked() == c.committed.with_value(|x| x.text.clone());
        if !current && idle && c.version.get_value() <= edit.expected_version {
            c.set_content(&sent);
            c.committed.set_value(sent.clone());
            current = true;
        }
        match event {
            Event::Sending(_) if current => c.status.set(Status::Saving),
            Event::Waiting(_) if current => c.status.set(Status::Pending),
            Event::Settled(_, Settled::Saved { version, .. }) => self.saved(c, sent, *version),
            Event::Settled(_, Settled::Conflict(theirs)) => {
                self.conflict(c, sent, theirs_of(theirs));
            }
            Event::Settled(_, Settled::Refused(reason)) => {
                self.announcement.set(reason.clone());
                c.status.set(Status::Failed(Some(reason.clone())));
            }
            _ => {}
        }
    }

    /// Reopened: the edits the device still keeps for this sheet show as they stand.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn restore(&self, edits: &[Edit]) {
        for edit in edits {
            let Some(c) = self.find(&edit.target) else {
                continue;
            };
            let mine = content_of(&edit.shown);
            c.set_content(&mine);
            c.committed.set_value(mine);
            match &edit.state {
                EditState::Waiting => c.status.set(Status::Pending),
                EditState::Conflict(theirs) => {
                    let theirs = theirs_of(theirs);
                    c.version.set_value(theirs.version);
                    c.server.set_value(theirs.content.clone());
                    c.changed.set((theirs.by.clone(), theirs.at));
                    c.status.set(Status::Conflict(theirs));
                }
                EditState::Refused(reason) => c.status.set(Status::Failed(Some(reason.clone()))),
            }
        }
    }

    /// A cell the device holds newer than the page was rendered with (saved after the page
    /// was kept for offline use) takes the newer value.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn refresh(&self, target: &Target, newer: &Theirs) {
        let Some(c) = self.find(target) else { return };
        if c.version.get_value() >= newer.version || c.status.get_untracked() != Status::Clean {
            return;
        }
        c.set_content(&newer.content);
        c.committed.set_value(newer.content.clone());
        c.server.set_value(newer.content.clone());
        c.version.set_value(newer.version);
        c.changed.set((newer.by.clone(), newer.at));
    }

    fn saved(&self, c: CellState, sent: Content, version: i64) {
        c.version.set_value(version);
        c.server.set_value(sent.clone());
        c.changed
            .set((Some(Msg::GridChangedByYou.raw(self.lang).to_string()), None));
        // A cell changed again meanwhile is already waiting for the next batch.
        if c.committed.with_value(|now| *now == sent) {
            c.status.set(Status::Saved);
        }
    }

    fn conflict(&self, c: CellState, sent: Content, theirs: Theirs) {
        c.version.set_value(theirs.version);
        c.server.set_value(theirs.content.clone());
        c.changed.set((theirs.by.clone(), theirs.at));
        if theirs.content == sent {
            // Both wrote the same value: nothing to choose.
            c.status.set(Status::Saved);
            return;
        }
        let who = theirs.by.clone().unwrap_or_default();
        self.announcement.set(
            Msg::GridConflict.with(self.lang, &[("who", &who), ("value", &theirs.content.text)]),
        );
        c.status.set(Status::Conflict(theirs));
    }

    /// Conflict: send the teacher's value again over the other one (now that they have seen it).
    pub fn keep_mine(&self, pos: Pos) {
        let Some(c) = self.cell(pos) else { return };
        if !matches!(c.status.get_untracked(), Status::Conflict(_)) {
            return;
        }
        let mine = c.committed.get_value();
        c.status.set(Status::Pending);
        self.check_and_queue(pos, c, &mine, EntrySource::Typing);
    }

    /// Conflict: take the other value, as the cell now is on the server.
    pub fn take_theirs(&self, pos: Pos) {
        let Some(c) = self.cell(pos) else { return };
        let Status::Conflict(theirs) = c.status.get_untracked() else {
            return;
        };
        c.set_content(&theirs.content);
        c.committed.set_value(theirs.content.clone());
        c.server.set_value(theirs.content);
        c.status.set(Status::Clean);
        if let Some(target) = self.find_target(pos) {
            sync::resolve(self.sheet_key(), target);
        }
    }

    fn find_target(&self, pos: Pos) -> Option<Target> {
        let c = self.cell(pos)?;
        Some(match c.field {
            Field::Score { kind, slot } => Target::Score {
                student_id: c.student_id,
                kind,
                slot,
            },
            Field::Comment => Target::Comment {
                student_id: c.student_id,
            },
        })
    }

    // ---- editing commands -------------------------------------------------------------------

    /// Focuses a cell; `edit` puts it in edit mode (caret at the end) instead of selecting it.
    pub fn move_to(&self, pos: Pos, edit: bool) {
        self.editing.set(edit);
        self.active.set(pos);
        super::dom::focus_cell(pos, edit);
    }

    /// Esc: back to the committed value (and out of edit mode).
    pub fn cancel(&self, pos: Pos) {
        if let Some(c) = self.cell(pos) {
            c.set_content(&c.committed.get_value());
        }
        self.editing.set(false);
        super::dom::focus_cell(pos, false);
    }

    pub fn set_and_commit(&self, pos: Pos, content: Content) {
        let Some(c) = self.cell(pos) else { return };
        if !self.editable(pos) {
            return;
        }
        c.set_content(&content);
        self.commit(pos, EntrySource::Typing, true);
    }

    pub fn clear(&self, pos: Pos) {
        self.set_and_commit(pos, Content::default());
    }

    pub fn mark_absent(&self, pos: Pos) {
        let text = absent_text(self.lang).to_string();
        self.set_and_commit(
            pos,
            Content {
                text,
                zero_reason: None,
            },
        );
    }

    pub fn zero_by_decision(&self, pos: Pos, reason: String) {
        self.set_and_commit(
            pos,
            Content {
                text: "0".into(),
                zero_reason: Some(reason),
            },
        );
    }

    fn touch_history(&self) {
        let undo = self.undo.with_value(Vec::len);
        let redo = self.redo.with_value(Vec::len);
        self.history.set((undo, redo));
    }

    /// Ctrl+Z: cancels a cell being typed in, otherwise reverts the last change, even saved
    /// (the revert is saved like any other change).
    pub fn undo(&self) {
        self.step_history(true);
    }

    pub fn redo(&self) {
        self.step_history(false);
    }

    fn step_history(&self, back: bool) {
        if !self.can_edit {
            return;
        }
        let active = self.active.get_untracked();
        if back {
            if let Some(c) = self.cell(active) {
                if c.text.get_untracked() != c.committed.with_value(|x| x.text.clone()) {
                    self.cancel(active);
                    return;
                }
            }
        }
        let (from, to) = if back {
            (self.undo, self.redo)
        } else {
            (self.redo, self.undo)
        };
        let Some(group) = from.try_update_value(Vec::pop).flatten() else {
            return;
        };
        for change in group.iter().rev() {
            if let Some(c) = self.cell(change.pos) {
                c.set_content(if back { &change.before } else { &change.after });
                self.commit(change.pos, EntrySource::Typing, false);
            }
        }
        if let Some(first) = group.first() {
            self.move_to(first.pos, false);
        }
        to.update_value(|v| v.push(group));
        self.touch_history();
    }

    pub fn key(&self, pos: Pos, ev: &leptos::ev::KeyboardEvent) {
        let key = ev.key();
        let press = Press {
            key: &key,
            ctrl: ev.ctrl_key() || ev.meta_key(),
            shift: ev.shift_key(),
            alt: ev.alt_key(),
        };
        let is_comment = pos.1 == self.score_cols;
        match keys::action(press, self.editing.get_untracked(), is_comment) {
            Action::Move(step) => {
                if let Some(to) = keys::target(pos, step, self.rows, self.cols()) {
                    ev.prevent_default();
                    self.move_to(to, false);
                } else if !matches!(step, Step::Next | Step::Previous) {
                    ev.prevent_default();
                }
            }
            Action::Edit => {
                ev.prevent_default();
                if self.editable(pos) {
                    self.move_to(pos, true);
                }
            }
            Action::Cancel => {
                ev.prevent_default();
                self.cancel(pos);
            }
            Action::Clear => {
                ev.prevent_default();
                self.clear(pos);
            }
            Action::Undo => {
                ev.prevent_default();
                self.undo();
            }
            Action::Redo => {
                ev.prevent_default();
                self.redo();
            }
            Action::None => {}
        }
    }

    // ---- paste ------------------------------------------------------------------------------

    /// A block from a spreadsheet fills from `origin`; a single value is left to the browser.
    /// Returns whether the paste was handled here.
    pub fn paste(&self, origin: Pos, text: &str) -> bool {
        if origin.1 >= self.score_cols {
            return false; // the comment takes text as it is
        }
        if !self.can_edit {
            return true;
        }
        let block = paste::parse_block(text);
        if block.is_empty() {
            self.report(Msg::GridPasteEmpty.raw(self.lang).to_string());
            return true;
        }
        if !paste::is_block(text) {
            return false;
        }
        let placement = paste::place(&block, origin, self.rows, self.score_cols);
        let (mut good, mut bad) = (0usize, 0usize);
        let mut group = Vec::new();
        for (r, k, value) in placement.cells {
            let Some(c) = self.cell((r, k)) else { continue };
            if read_typed(&value, self.comment_subject).is_ok() {
                good += 1;
            } else {
                bad += 1;
            }
            c.set_content(&Content {
                text: value,
                zero_reason: None,
            });
            if let Some(change) = self.commit((r, k), EntrySource::Paste, false) {
                group.push(change);
            }
        }
        if !group.is_empty() {
            self.undo.update_value(|u| u.push(group));
            self.redo.update_value(Vec::clear);
            self.touch_history();
        }
        let (good, bad, overflow) = (good.to_string(), bad.to_string(), placement.overflow);
        let mut report = Msg::GridPasteSummary.with(self.lang, &[("good", &good), ("bad", &bad)]);
        if overflow > 0 {
            report.push(' ');
            report.push_str(
                &Msg::GridPasteOverflow.with(self.lang, &[("count", &overflow.to_string())]),
            );
        }
        self.report(report);
        true
    }

    fn report(&self, text: String) {
        self.announcement.set(text.clone());
        self.paste_report.set(Some(text));
    }
}

fn content_of(shown: &Shown) -> Content {
    Content {
        text: shown.text.clone(),
        zero_reason: shown.zero_reason.clone(),
    }
}

/// The state a cell starts from, as loaded.
pub fn loaded(
    student_id: i64,
    field: Field,
    cell: &crate::api::grade_grid::GridCell,
    lang: Lang,
) -> CellState {
    let c = CellState::new(student_id, field, shown(cell, lang), cell.version);
    c.changed.set((cell.updated_by.clone(), cell.updated_at));
    c
}

fn theirs_of(t: &crate::offline::queue::Theirs) -> Theirs {
    Theirs {
        content: content_of(&t.shown),
        version: t.version,
        by: t.by.clone(),
        at: t.at,
    }
}
