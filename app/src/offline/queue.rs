//! The outbox as a pure state machine, without the browser: which edits wait, which go next and
//! together, and what an answer does to them. The browser side (`sync`) keeps one of these in
//! memory, mirrors every change it returns into IndexedDB, and does the sending.
//!
//! Rules that make a replay safe:
//! - An edit keeps its id for life once it has been sent: a lost answer may mean the server
//!   applied it, and only the same id lets the server say so instead of applying it twice.
//! - Edits of one cell go one after the other: a later edit waits for the earlier to be settled,
//!   then builds on the version it produced.
use crate::api::attendance::{PeriodEntry, RollEntry};
use crate::api::grade_grid::{EntrySource, GridKind, GridMark};
use crate::domain::attendance::Session;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One class × subject × semester sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SheetKey {
    pub class_id: i64,
    pub subject_id: i64,
    pub semester_id: i64,
}

impl SheetKey {
    /// A class's attendance (rolls and period absences): no subject or semester has id 0, so
    /// it never meets a gradebook's key.
    pub fn attendance(class_id: i64) -> SheetKey {
        SheetKey {
            class_id,
            subject_id: 0,
            semester_id: 0,
        }
    }
}

/// The cell an edit is for. Attendance is saved a whole roll or period at a time, so its
/// "cell" is the roll or the period; `day` is the date as `yyyymmdd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    Score {
        student_id: i64,
        kind: GridKind,
        slot: i64,
    },
    Comment {
        student_id: i64,
    },
    Roll {
        day: i32,
        session: Session,
    },
    Period {
        subject_id: i64,
        day: i32,
        period: i64,
    },
}

impl Target {
    /// Sent in a request of its own (a comment, a roll, a period), not with other cells.
    pub fn alone(&self) -> bool {
        !matches!(self, Target::Score { .. })
    }
}

/// What an attendance edit sends: every mark of the roll, or every absence of the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Marks {
    Roll(Vec<RollEntry>),
    Period(Vec<PeriodEntry>),
}

/// What the teacher sees in the cell (the text typed, and a zero's reason).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    pub text: String,
    pub zero_reason: Option<String>,
}

/// The server's value of a cell in conflict, with who set it and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theirs {
    pub shown: Shown,
    pub version: i64,
    pub by: Option<String>,
    pub at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditState {
    /// To be sent (again).
    Waiting,
    /// The server's value changed since the teacher's copy: kept until the teacher chooses.
    Conflict(Theirs),
    /// The server refused it (locked, no longer assigned, …): kept, with the reason, until the
    /// teacher dismisses it.
    Refused(String),
}

/// One change to one cell, as kept in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// Unique, sent with the edit: the server applies an id at most once.
    pub id: String,
    /// Order of entry (milliseconds × 1000 + a counter).
    pub seq: u64,
    /// Only its author's session sends it.
    pub user_id: i64,
    pub sheet: SheetKey,
    pub target: Target,
    pub shown: Shown,
    /// As sent: the score's text (or the comment), the mark and its reason.
    pub value: String,
    pub mark: Option<GridMark>,
    pub reason: Option<String>,
    pub expected_version: i64,
    pub source: EntrySource,
    /// The student and column ("Nguyễn Văn An · TX1") and the sheet ("6A1 · Toán · HK I"), for
    /// the lists of conflicts and refusals shown away from the grid, and the sheet's address.
    pub label: String,
    pub sheet_label: String,
    pub path: String,
    /// Unix milliseconds.
    pub created_at: i64,
    /// How many times it was sent without an answer.
    pub attempts: u32,
    pub state: EditState,
    /// Attendance edits only.
    #[serde(default)]
    pub marks: Option<Marks>,
}

#[cfg(test)]
impl Edit {
    /// A waiting edit by user 7 typing `text`, for tests.
    pub fn example(
        n: u64,
        sheet: SheetKey,
        target: Target,
        text: &str,
        expected_version: i64,
    ) -> Edit {
        Edit {
            id: format!("e{n}"),
            seq: n,
            user_id: 7,
            sheet,
            target,
            shown: Shown {
                text: text.into(),
                zero_reason: None,
            },
            value: text.into(),
            mark: None,
            reason: None,
            expected_version,
            source: EntrySource::Typing,
            label: String::new(),
            sheet_label: String::new(),
            path: String::new(),
            created_at: 0,
            attempts: 0,
            state: EditState::Waiting,
            marks: None,
        }
    }
}

/// What the outbox must store or forget after a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Put(Box<Edit>),
    Delete(String),
}

/// The server's answer for one edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Saved { version: i64 },
    Conflict(Theirs),
    Refused(String),
}

/// What became of an edit, for the grid showing its cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settled {
    Saved { version: i64, shown: Shown },
    Conflict(Theirs),
    Refused(String),
}

/// Edits sent together: the same sheet and kind; at most one per cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub sheet: SheetKey,
    /// One edit that goes alone (see [`Target::alone`]).
    pub alone: bool,
    pub source: EntrySource,
    pub edits: Vec<Edit>,
}

/// Cells per request: a class's whole sheet is well under this.
pub const MAX_BATCH: usize = 400;

#[derive(Clone, Debug, Default)]
pub struct Queue {
    /// In order of `seq`.
    edits: Vec<Edit>,
    in_flight: HashSet<String>,
}

impl Queue {
    /// The outbox as read back from storage.
    pub fn restore(mut edits: Vec<Edit>) -> Queue {
        edits.sort_by_key(|e| e.seq);
        Queue {
            edits,
            in_flight: HashSet::new(),
        }
    }

    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    pub fn of_user(&self, user_id: i64) -> impl Iterator<Item = &Edit> {
        self.edits.iter().filter(move |e| e.user_id == user_id)
    }

    pub fn is_in_flight(&self, id: &str) -> bool {
        self.in_flight.contains(id)
    }

    /// Takes a new edit. An earlier edit of the same cell that was never sent takes the new
    /// value instead (nothing to keep of it); one in conflict or refused is replaced, since the
    /// teacher has now chosen a value; otherwise the new edit queues behind it.
    pub fn add(&mut self, edit: Edit) -> Vec<Change> {
        let same = |e: &Edit| {
            e.user_id == edit.user_id && e.sheet == edit.sheet && e.target == edit.target
        };
        let mut changes = Vec::new();
        // Settled edits of this cell are superseded.
        let superseded: Vec<String> = self
            .edits
            .iter()
            .filter(|e| same(e) && e.state != EditState::Waiting)
            .map(|e| e.id.clone())
            .collect();
        for id in superseded {
            self.edits.retain(|e| e.id != id);
            changes.push(Change::Delete(id));
        }
        let untouched = self
            .edits
            .iter_mut()
            .rev()
            .find(|e| same(e) && e.attempts == 0 && !self.in_flight.contains(&e.id));
        if let Some(e) = untouched {
            e.shown = edit.shown;
            e.value = edit.value;
            e.mark = edit.mark;
            e.reason = edit.reason;
            e.source = edit.source;
            e.label = edit.label;
            e.marks = edit.marks;
            changes.push(Change::Put(Box::new(e.clone())));
            return changes;
        }
        changes.push(Change::Put(Box::new(edit.clone())));
        let at = self.edits.partition_point(|e| e.seq <= edit.seq);
        self.edits.insert(at, edit);
        changes
    }

    /// The next edits to send for `user_id`, marked in flight: the first waiting edit decides
    /// the sheet and kind; the others of that sheet and kind follow, one per cell, each only if
    /// no earlier edit of its cell is still unsettled.
    pub fn next_batch(&mut self, user_id: i64) -> Option<Batch> {
        let mut blocked: HashSet<(SheetKey, Target)> = HashSet::new();
        let mut batch: Option<Batch> = None;
        for e in &self.edits {
            if e.user_id != user_id {
                continue;
            }
            let key = (e.sheet, e.target);
            let sendable = e.state == EditState::Waiting
                && !self.in_flight.contains(&e.id)
                && !blocked.contains(&key);
            if e.state == EditState::Waiting {
                blocked.insert(key);
            }
            if !sendable {
                continue;
            }
            let alone = e.target.alone();
            match &mut batch {
                None => {
                    batch = Some(Batch {
                        sheet: e.sheet,
                        alone,
                        source: e.source,
                        edits: vec![e.clone()],
                    })
                }
                Some(b) => {
                    if !b.alone
                        && !alone
                        && b.sheet == e.sheet
                        && b.source == e.source
                        && b.edits.len() < MAX_BATCH
                    {
                        b.edits.push(e.clone());
                    }
                }
            }
            if batch.as_ref().is_some_and(|b| b.alone) {
                break;
            }
        }
        if let Some(b) = &batch {
            for e in &b.edits {
                self.in_flight.insert(e.id.clone());
            }
        }
        batch
    }

    /// The answers to a batch, one per edit in order. Returns what to store and, per edit, what
    /// became of it (for the grid showing the cell).
    pub fn settle(
        &mut self,
        batch: &Batch,
        answers: Vec<Answer>,
    ) -> (Vec<Change>, Vec<(Edit, Settled)>) {
        let mut changes = Vec::new();
        let mut settled = Vec::new();
        for (sent, answer) in batch.edits.iter().zip(answers) {
            self.in_flight.remove(&sent.id);
            let Some(at) = self.edits.iter().position(|e| e.id == sent.id) else {
                continue; // dismissed meanwhile
            };
            let answer = match answer {
                // The server holds what the teacher typed: nothing to choose.
                Answer::Conflict(theirs) if theirs.shown == sent.shown => Answer::Saved {
                    version: theirs.version,
                },
                other => other,
            };
            let later = self.edits[at + 1..]
                .iter()
                .position(|e| {
                    e.user_id == sent.user_id && e.sheet == sent.sheet && e.target == sent.target
                })
                .map(|i| at + 1 + i);
            match answer {
                Answer::Saved { version } => {
                    let e = self.edits.remove(at);
                    changes.push(Change::Delete(e.id.clone()));
                    if let Some(i) = later {
                        let next = &mut self.edits[i - 1];
                        next.expected_version = version;
                        changes.push(Change::Put(Box::new(next.clone())));
                    }
                    settled.push((
                        e.clone(),
                        Settled::Saved {
                            version,
                            shown: e.shown,
                        },
                    ));
                }
                Answer::Conflict(theirs) => match later {
                    // The teacher typed again since: the latest value is the one to choose for.
                    Some(i) => {
                        let e = self.edits.remove(at);
                        changes.push(Change::Delete(e.id));
                        let next = &mut self.edits[i - 1];
                        if !self.in_flight.contains(&next.id) {
                            next.expected_version = theirs.version;
                            next.state = EditState::Conflict(theirs.clone());
                            changes.push(Change::Put(Box::new(next.clone())));
                            settled.push((next.clone(), Settled::Conflict(theirs)));
                        }
                    }
                    None => {
                        let e = &mut self.edits[at];
                        e.expected_version = theirs.version;
                        e.state = EditState::Conflict(theirs.clone());
                        changes.push(Change::Put(Box::new(e.clone())));
                        settled.push((e.clone(), Settled::Conflict(theirs)));
                    }
                },
                Answer::Refused(reason) => {
                    let e = &mut self.edits[at];
                    e.state = EditState::Refused(reason.clone());
                    changes.push(Change::Put(Box::new(e.clone())));
                    settled.push((e.clone(), Settled::Refused(reason)));
                }
            }
        }
        (changes, settled)
    }

    /// No answer came (no connection, the server down): the batch waits to be sent again, with
    /// the same ids.
    pub fn unanswered(&mut self, batch: &Batch) -> Vec<Change> {
        let mut changes = Vec::new();
        for sent in &batch.edits {
            self.in_flight.remove(&sent.id);
            if let Some(e) = self.edits.iter_mut().find(|e| e.id == sent.id) {
                e.attempts = e.attempts.saturating_add(1);
                changes.push(Change::Put(Box::new(e.clone())));
            }
        }
        changes
    }

    /// The teacher took the server's value, or dismissed a refusal: the cell's settled edits go.
    pub fn resolve(&mut self, user_id: i64, sheet: SheetKey, target: Target) -> Vec<Change> {
        let gone: Vec<String> = self
            .edits
            .iter()
            .filter(|e| {
                e.user_id == user_id
                    && e.sheet == sheet
                    && e.target == target
                    && e.state != EditState::Waiting
            })
            .map(|e| e.id.clone())
            .collect();
        self.forget(gone)
    }

    pub fn dismiss(&mut self, id: &str) -> Vec<Change> {
        let gone = self
            .edits
            .iter()
            .filter(|e| e.id == id && e.state != EditState::Waiting)
            .map(|e| e.id.clone())
            .collect();
        self.forget(gone)
    }

    fn forget(&mut self, gone: Vec<String>) -> Vec<Change> {
        self.edits.retain(|e| !gone.contains(&e.id));
        gone.into_iter().map(Change::Delete).collect()
    }

    pub fn counts(&self, user_id: i64) -> Counts {
        let mut c = Counts::default();
        for e in self.of_user(user_id) {
            match e.state {
                EditState::Waiting => c.waiting += 1,
                EditState::Conflict(_) => c.conflicts += 1,
                EditState::Refused(_) => c.refused += 1,
            }
        }
        c.sending = self.in_flight.len();
        c
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub waiting: usize,
    pub sending: usize,
    pub conflicts: usize,
    pub refused: usize,
}

#[cfg(test)]
mod tests;
