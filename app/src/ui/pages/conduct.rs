//! `/classes/:id/conduct` (Rèn luyện): the homeroom teacher's conduct grid, one row per student
//! in class order: semester I and II levels and comments, the year level computed as the levels
//! are typed, and the year comment. Keyboard like the grade grid (its `keys`, `paste` and `dom`
//! helpers): arrows / Tab / Enter move, typing replaces, F2 edits, Delete clears, Ctrl+Z undoes,
//! a block pasted from a spreadsheet fills from the focused cell. Changes save by themselves
//! after a short pause, in one batch, each with the version the teacher saw. Below the grid,
//! the class's rewards and discipline.
use super::grade_grid::keys::{self, Action, Press, Step};
use super::grade_grid::{dom, paste};
use super::student_distinctions::{ClassDistinctions, StudentChoice};
use crate::api::auth::Me;
use crate::api::conduct::{
    load_conduct_sheet, save_conduct_cells, ConductEdit, ConductOutcome, ConductSheet,
};
use crate::domain::conduct_entry::{
    check_comment, level_short, parse_level, year_level, ConductField, ConductProblem,
};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::ui::auth_gate::Gate;
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::time::Duration;

/// (row, editable column 0..5 in `ConductField::ALL` order).
type Pos = (usize, usize);
const COLS: usize = 5;
/// How long changes gather before one batch is sent.
const BATCH_DELAY: Duration = Duration::from_millis(300);
/// A cell left unchanged this long while focused is committed without leaving it.
const IDLE_COMMIT: Duration = Duration::from_millis(900);

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Clean,
    Pending,
    Saving,
    Saved,
    Invalid(String),
    /// Someone else changed the cell: their value (now shown), who and when.
    Conflict {
        value: String,
        by: String,
        at: Option<i64>,
    },
    Failed(String),
}

#[derive(Clone, Copy)]
struct Cell {
    text: RwSignal<String>,
    committed: StoredValue<String>,
    server: StoredValue<String>,
    status: RwSignal<Status>,
}

impl Cell {
    fn new(text: &str) -> Cell {
        Cell {
            text: RwSignal::new(text.to_string()),
            committed: StoredValue::new(text.to_string()),
            server: StoredValue::new(text.to_string()),
            status: RwSignal::new(Status::Clean),
        }
    }
}

#[derive(Clone, Debug)]
struct Change {
    pos: Pos,
    before: String,
    after: String,
}

/// The grid's state, shared by the cells through one `Copy` handle.
#[derive(Clone, Copy)]
struct Grid {
    class_id: i64,
    lang: Lang,
    rows: usize,
    students: StoredValue<Vec<i64>>,
    cells: StoredValue<Vec<[Cell; COLS]>>,
    /// Per row, the version of each term's row: s1, s2, year.
    versions: StoredValue<Vec<[i64; 3]>>,
    /// Per column, whether it takes entries (its semester is open).
    open: [bool; COLS],
    active: RwSignal<Pos>,
    editing: RwSignal<bool>,
    pending: StoredValue<Vec<(Pos, bool)>>,
    in_flight: StoredValue<bool>,
    scheduled: StoredValue<bool>,
    idle: StoredValue<Option<TimeoutHandle>>,
    undo: StoredValue<Vec<Vec<Change>>>,
    redo: StoredValue<Vec<Vec<Change>>>,
    announcement: RwSignal<String>,
    paste_report: RwSignal<Option<String>>,
}

fn term_index(field: ConductField) -> usize {
    match field {
        ConductField::S1Level | ConductField::S1Comment => 0,
        ConductField::S2Level | ConductField::S2Comment => 1,
        ConductField::YearComment => 2,
    }
}

fn problem_message(code: &str) -> Msg {
    match ConductProblem::from_code(code) {
        Some(ConductProblem::UnknownLevel) => Msg::ConductErrUnknownLevel,
        Some(ConductProblem::CommentTooLong) => Msg::ConductErrCommentTooLong,
        None if code == "not_in_class" => Msg::ConductErrNotInClass,
        None => Msg::ErrBadRequest,
    }
}

/// A typed cell as shown once committed: levels in their short form, comments trimmed; an
/// unknown level is kept as typed (and refused).
fn normalised(field: ConductField, text: &str) -> String {
    if field.is_level() {
        match parse_level(text) {
            Ok(Some(level)) => level_short(level).to_string(),
            Ok(None) => String::new(),
            Err(_) => text.trim().to_string(),
        }
    } else {
        text.trim().to_string()
    }
}

fn check(field: ConductField, text: &str) -> Result<(), String> {
    if field.is_level() {
        parse_level(text)
            .map(|_| ())
            .map_err(|p| p.code().to_string())
    } else {
        check_comment(text)
            .map(|_| ())
            .map_err(|p| p.code().to_string())
    }
}

impl Grid {
    fn cell(&self, (r, k): Pos) -> Option<Cell> {
        self.cells
            .try_with_value(|rows| rows.get(r).and_then(|row| row.get(k)).copied())
            .flatten()
    }

    fn editable(&self, pos: Pos) -> bool {
        self.open.get(pos.1).copied().unwrap_or(false)
    }

    fn all_statuses(&self) -> Vec<Status> {
        self.cells.with_value(|rows| {
            rows.iter()
                .flatten()
                .map(|c| c.status.get())
                .collect::<Vec<_>>()
        })
    }

    /// Takes what the cell shows as the teacher's value, checks it and queues it for saving.
    fn commit(&self, pos: Pos, paste: bool, record: bool) -> Option<Change> {
        let c = self.cell(pos)?;
        if !self.editable(pos) {
            return None;
        }
        let field = ConductField::ALL[pos.1];
        let text = normalised(field, &c.text.get_untracked());
        if text != c.text.get_untracked() {
            c.text.set(text.clone());
        }
        let before = c.committed.get_value();
        let retry = matches!(c.status.get_untracked(), Status::Failed(_));
        if text == before && !retry {
            return None;
        }
        c.committed.set_value(text.clone());
        let change = Change {
            pos,
            before,
            after: text.clone(),
        };
        if record {
            self.undo.update_value(|u| u.push(vec![change.clone()]));
            self.redo.update_value(Vec::clear);
        }
        if let Err(code) = check(field, &text) {
            self.pending.update_value(|p| p.retain(|(q, _)| *q != pos));
            c.status.set(Status::Invalid(code));
            return Some(change);
        }
        if c.server.with_value(|s| *s == text) {
            self.pending.update_value(|p| p.retain(|(q, _)| *q != pos));
            c.status.set(Status::Clean);
            return Some(change);
        }
        c.status.set(Status::Pending);
        self.pending.update_value(|p| {
            if !p.iter().any(|(q, _)| *q == pos) {
                p.push((pos, paste));
            }
        });
        self.schedule(BATCH_DELAY);
        Some(change)
    }

    fn typed(&self, pos: Pos) {
        if let Some(Some(h)) = self.idle.try_get_value() {
            h.clear();
        }
        let this = *self;
        let handle = set_timeout_with_handle(
            move || {
                if this.active.try_get_untracked() == Some(pos) {
                    this.commit(pos, false, true);
                }
            },
            IDLE_COMMIT,
        )
        .ok();
        self.idle.set_value(handle);
    }

    fn schedule(&self, delay: Duration) {
        if self.scheduled.get_value() {
            return;
        }
        self.scheduled.set_value(true);
        let this = *self;
        set_timeout(move || this.flush(), delay);
    }

    /// Sends what is waiting, in one batch; one request in flight at a time.
    fn flush(&self) {
        if self.scheduled.try_set_value(false).is_some() {
            return; // disposed
        }
        if self.in_flight.get_value() {
            return;
        }
        let batch = self
            .pending
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        if batch.is_empty() {
            return;
        }
        self.in_flight.set_value(true);
        let paste = batch.iter().any(|(_, p)| *p);
        let sent: Vec<(Pos, Cell, String, ConductEdit)> = batch
            .iter()
            .filter_map(|(pos, _)| {
                let c = self.cell(*pos)?;
                let field = ConductField::ALL[pos.1];
                let value = c.committed.get_value();
                let student_id = self.students.with_value(|s| s.get(pos.0).copied())?;
                let expected_version = self
                    .versions
                    .with_value(|v| v.get(pos.0).map(|t| t[term_index(field)]))?;
                c.status.set(Status::Saving);
                Some((
                    *pos,
                    c,
                    value.clone(),
                    ConductEdit {
                        student_id,
                        field,
                        value,
                        expected_version,
                    },
                ))
            })
            .collect();
        let this = *self;
        leptos::task::spawn_local(async move {
            let edits = sent.iter().map(|(_, _, _, e)| e.clone()).collect();
            let answer = save_conduct_cells(this.class_id, paste, edits).await;
            this.apply(sent, answer);
            if this.in_flight.try_set_value(false).is_none()
                && this.pending.with_value(|p| !p.is_empty())
            {
                this.schedule(BATCH_DELAY);
            }
        });
    }

    fn apply(
        &self,
        sent: Vec<(Pos, Cell, String, ConductEdit)>,
        answer: Result<Vec<ConductOutcome>, AppError>,
    ) {
        if self.in_flight.try_get_value().is_none() {
            return; // the page is gone
        }
        match answer {
            Ok(outcomes) => {
                for ((pos, c, value, edit), outcome) in sent.into_iter().zip(outcomes) {
                    let term = term_index(edit.field);
                    match outcome {
                        ConductOutcome::Saved { version } => {
                            self.set_version(pos.0, term, version);
                            c.server.set_value(value.clone());
                            if c.committed.with_value(|now| *now == value) {
                                c.status.set(Status::Saved);
                            }
                        }
                        ConductOutcome::Invalid { problem } => {
                            c.status.set(Status::Invalid(problem))
                        }
                        ConductOutcome::Conflict { current } => {
                            self.set_version(pos.0, term, current.version);
                            c.server.set_value(current.text.clone());
                            if current.text == value {
                                c.status.set(Status::Saved);
                                continue;
                            }
                            // Their value stays; the teacher sees it and may type again.
                            c.text.set(current.text.clone());
                            c.committed.set_value(current.text.clone());
                            let by = current.updated_by.unwrap_or_default();
                            self.announcement.set(Msg::ConductConflict.with(
                                self.lang,
                                &[
                                    ("who", &by),
                                    ("value", &current.text),
                                    (
                                        "when",
                                        &current.updated_at.map(date_time).unwrap_or_default(),
                                    ),
                                ],
                            ));
                            c.status.set(Status::Conflict {
                                value: current.text,
                                by,
                                at: current.updated_at,
                            });
                        }
                    }
                }
            }
            Err(e) => {
                let message = e.message(self.lang);
                self.announcement.set(message.clone());
                for (_, c, _, _) in sent {
                    c.status.set(Status::Failed(message.clone()));
                }
            }
        }
    }

    fn set_version(&self, row: usize, term: usize, version: i64) {
        self.versions.update_value(|v| {
            if let Some(t) = v.get_mut(row) {
                t[term] = version;
            }
        });
    }

    fn move_to(&self, pos: Pos, edit: bool) {
        self.editing.set(edit);
        self.active.set(pos);
        dom::focus_cell(pos, edit);
    }

    fn cancel(&self, pos: Pos) {
        if let Some(c) = self.cell(pos) {
            c.text.set(c.committed.get_value());
        }
        self.editing.set(false);
        dom::focus_cell(pos, false);
    }

    fn set_and_commit(&self, pos: Pos, text: &str) {
        let Some(c) = self.cell(pos) else { return };
        if !self.editable(pos) {
            return;
        }
        c.text.set(text.to_string());
        self.commit(pos, false, true);
    }

    fn step_history(&self, back: bool) {
        let active = self.active.get_untracked();
        if back {
            if let Some(c) = self.cell(active) {
                if c.text.get_untracked() != c.committed.get_value() {
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
                c.text.set(if back {
                    change.before.clone()
                } else {
                    change.after.clone()
                });
                self.commit(change.pos, false, false);
            }
        }
        if let Some(first) = group.first() {
            self.move_to(first.pos, false);
        }
        to.update_value(|v| v.push(group));
    }

    fn key(&self, pos: Pos, ev: &leptos::ev::KeyboardEvent) {
        let key = ev.key();
        let press = Press {
            key: &key,
            ctrl: ev.ctrl_key() || ev.meta_key(),
            shift: ev.shift_key(),
            alt: ev.alt_key(),
        };
        let is_comment = !ConductField::ALL[pos.1].is_level();
        match keys::action(press, self.editing.get_untracked(), is_comment) {
            Action::Move(step) => {
                if let Some(to) = keys::target(pos, step, self.rows, COLS) {
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
                self.set_and_commit(pos, "");
            }
            Action::Undo => {
                ev.prevent_default();
                self.step_history(true);
            }
            Action::Redo => {
                ev.prevent_default();
                self.step_history(false);
            }
            Action::None => {}
        }
    }

    /// A block from a spreadsheet fills from `origin`; a single value is left to the browser.
    fn paste(&self, origin: Pos, text: &str) -> bool {
        if !paste::is_block(text) {
            return false;
        }
        let block = paste::parse_block(text);
        if block.is_empty() {
            self.report(Msg::GridPasteEmpty.raw(self.lang).to_string());
            return true;
        }
        let placement = paste::place(&block, origin, self.rows, COLS);
        let (mut good, mut bad) = (0usize, 0usize);
        let mut group = Vec::new();
        for (r, k, value) in placement.cells {
            let Some(c) = self.cell((r, k)) else { continue };
            if !self.editable((r, k)) {
                bad += 1;
                continue;
            }
            if check(ConductField::ALL[k], &value).is_ok() {
                good += 1;
            } else {
                bad += 1;
            }
            c.text.set(value);
            if let Some(change) = self.commit((r, k), true, false) {
                group.push(change);
            }
        }
        if !group.is_empty() {
            self.undo.update_value(|u| u.push(group));
            self.redo.update_value(Vec::clear);
        }
        let mut report = Msg::GridPasteSummary.with(
            self.lang,
            &[("good", &good.to_string()), ("bad", &bad.to_string())],
        );
        if placement.overflow > 0 {
            report.push(' ');
            report.push_str(
                &Msg::GridPasteOverflow
                    .with(self.lang, &[("count", &placement.overflow.to_string())]),
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

fn class_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())))
}

#[component]
pub fn ConductPage() -> impl IntoView {
    let id = class_id();
    let sheet = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_conduct_sheet(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let distinctions = super::student_distinctions::class_resource(id);
    view! {
        <Title text=t(Msg::ConductTitle) />
        <Gate page=move |_me: Me| view! { <Layout me=_me><ConductLoader sheet distinctions /></Layout> } />
    }
}

#[component]
fn ConductLoader(
    sheet: Resource<Result<ConductSheet, AppError>>,
    distinctions: super::student_distinctions::ListResource,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match sheet.await {
                    Err(e) => view! { <h1>{t(Msg::ConductTitle)}</h1><p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(s) => {
                        let students: Vec<StudentChoice> = s.rows.iter().map(|r| StudentChoice { id: r.student_id, name: r.full_name.clone() }).collect();
                        view! {
                            <ConductGrid s />
                            <ClassDistinctions list=distinctions students />
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ConductGrid(s: ConductSheet) -> impl IntoView {
    let lang = use_lang();
    let open_s1 = s.can_edit && s.closed_s1.is_none();
    let open_s2 = s.can_edit && s.closed_s2.is_none();
    let grid = Grid {
        class_id: s.class_id,
        lang,
        rows: s.rows.len(),
        students: StoredValue::new(s.rows.iter().map(|r| r.student_id).collect()),
        cells: StoredValue::new(
            s.rows
                .iter()
                .map(|r| ConductField::ALL.map(|f| Cell::new(&r.cell(f).text)))
                .collect(),
        ),
        versions: StoredValue::new(
            s.rows
                .iter()
                .map(|r| {
                    [
                        r.s1_level.version,
                        r.s2_level.version,
                        r.year_comment.version,
                    ]
                })
                .collect(),
        ),
        open: [open_s1, open_s1, open_s2, open_s2, open_s2],
        active: RwSignal::new((0, 0)),
        editing: RwSignal::new(false),
        pending: StoredValue::new(Vec::new()),
        in_flight: StoredValue::new(false),
        scheduled: StoredValue::new(false),
        idle: StoredValue::new(None),
        undo: StoredValue::new(Vec::new()),
        redo: StoredValue::new(Vec::new()),
        announcement: RwSignal::new(String::new()),
        paste_report: RwSignal::new(None),
    };
    dom::warn_before_leaving(move || {
        grid.cells
            .try_with_value(|rows| {
                rows.iter()
                    .flatten()
                    .any(|c| matches!(c.status.get_untracked(), Status::Pending | Status::Saving))
            })
            .unwrap_or(false)
    });
    let headers = [
        Msg::ConductColS1Level,
        Msg::ConductColS1Comment,
        Msg::ConductColS2Level,
        Msg::ConductColS2Comment,
        Msg::ConductColYearComment,
    ];
    let save_state = move || {
        let statuses = grid.all_statuses();
        if statuses
            .iter()
            .any(|s| matches!(s, Status::Pending | Status::Saving))
        {
            ("saving", t(Msg::ConductStatusSaving))
        } else if statuses.iter().any(|s| {
            matches!(
                s,
                Status::Invalid(_) | Status::Failed(_) | Status::Conflict { .. }
            )
        }) {
            ("error", t(Msg::ConductStatusError))
        } else if statuses.contains(&Status::Saved) {
            ("saved", t(Msg::ConductStatusSaved))
        } else {
            ("clean", "")
        }
    };
    let is_active = Selector::new(move || grid.active.get());
    let rows_view = s
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = grid.cells.with_value(|c| c[r]);
            let (s1, s2) = (cells[0], cells[2]);
            let year = move || {
                let level = |c: Cell| c.text.with(|t| parse_level(t).ok().flatten());
                year_level(level(s1), level(s2))
                    .map(level_short)
                    .unwrap_or_default()
            };
            let cell = |k: usize| {
                let label = format!("{}, {}", row.full_name, t(headers[k]));
                let is_active = is_active.clone();
                view! { <CellView grid c=cells[k] pos=(r, k) label is_active /> }
            };
            view! {
                <tr data-code=row.code.clone() data-student=row.student_id>
                    <td class="num">{row.number}</td>
                    <td><code>{row.code.clone()}</code></td>
                    <th scope="row" class="sticky-name">{row.full_name.clone()}</th>
                    {cell(0)}{cell(1)}{cell(2)}{cell(3)}
                    <td class="num average" data-testid="year-level">{year}</td>
                    {cell(4)}
                </tr>
            }
        })
        .collect_view();
    let closed = |msg: Msg, c: Option<crate::domain::entry_window::Closure>| {
        c.map(|c| {
            view! {
                <p class="notice" data-testid="conduct-closed">
                    {t(msg)} " " {AppError::EntryClosed(Box::new(c)).message(lang)}
                </p>
            }
        })
    };
    view! {
        <h1>{Msg::ConductHeading.with(lang, &[("class", &s.class_name), ("year", &s.school_year)])}</h1>
        <p class="muted">{t(Msg::ConductHelp)}</p>
        {closed(Msg::ConductClosedS1, s.closed_s1.clone())}
        {closed(Msg::ConductClosedS2, s.closed_s2.clone())}
        <p class="grid-save-state" role="status" data-testid="save-state"
            data-state=move || save_state().0>{move || save_state().1}</p>
        {move || grid.paste_report.get().map(|r| view! { <p class="notice" data-testid="paste-report">{r}</p> })}
        <p class="sr-only" aria-live="polite" data-testid="announcement">{move || grid.announcement.get()}</p>
        {s.rows.is_empty().then(|| view! { <p class="muted">{t(Msg::ConductEmpty)}</p> })}
        <div class="table-wrap grid-wrap">
            <table class="table grade-grid conduct-grid" role="grid" aria-label=t(Msg::ConductTitle) data-testid="conduct-grid">
                <thead><tr>
                    <th scope="col" class="num">{t(Msg::ConductColNumber)}</th>
                    <th scope="col">{t(Msg::ConductColCode)}</th>
                    <th scope="col" class="sticky-name">{t(Msg::ConductColName)}</th>
                    <th scope="col" class="num">{t(Msg::ConductColS1Level)}</th>
                    <th scope="col" class="comment-col">{t(Msg::ConductColS1Comment)}</th>
                    <th scope="col" class="num">{t(Msg::ConductColS2Level)}</th>
                    <th scope="col" class="comment-col">{t(Msg::ConductColS2Comment)}</th>
                    <th scope="col" class="num">{t(Msg::ConductColYearLevel)}</th>
                    <th scope="col" class="comment-col">{t(Msg::ConductColYearComment)}</th>
                </tr></thead>
                <tbody>{rows_view}</tbody>
            </table>
        </div>
    }
}

#[component]
fn CellView(
    grid: Grid,
    c: Cell,
    pos: Pos,
    label: String,
    is_active: Selector<Pos>,
) -> impl IntoView {
    let lang = use_lang();
    let field = ConductField::ALL[pos.1];
    let is_comment = !field.is_level();
    let note_id = format!("note-{}-{}", pos.0, pos.1);
    let status_attr = move || match c.status.get() {
        Status::Clean => "clean",
        Status::Pending => "pending",
        Status::Saving => "saving",
        Status::Saved => "saved",
        Status::Invalid(_) => "invalid",
        Status::Conflict { .. } => "conflict",
        Status::Failed(_) => "failed",
    };
    let note = move || match c.status.get() {
        Status::Invalid(code) => Some(t(problem_message(&code)).to_string()),
        Status::Failed(message) => Some(message),
        Status::Conflict { value, by, at } => Some(Msg::ConductConflict.with(
            lang,
            &[
                ("who", &by),
                ("value", &value),
                ("when", &at.map(date_time).unwrap_or_default()),
            ],
        )),
        _ => None,
    };
    view! {
        <td role="gridcell" class=if is_comment { "cell comment-cell" } else { "cell" } data-status=status_attr
            data-field=format!("{field:?}")>
            <input id=dom::cell_id(pos) class=if is_comment { "comment" } else { "score" }
                inputmode="text" autocomplete="off" spellcheck="false"
                maxlength=is_comment.then_some("500")
                tabindex=move || if is_active.selected(&pos) { "0" } else { "-1" }
                aria-label=label
                aria-describedby=note_id.clone()
                aria-invalid=move || matches!(c.status.get(), Status::Invalid(_)).to_string()
                readonly=!grid.editable(pos)
                prop:value=move || c.text.get()
                on:input=move |ev| {
                    c.text.set(event_target_value(&ev));
                    grid.typed(pos);
                }
                on:focus=move |ev| {
                    grid.active.set(pos);
                    if !grid.editing.get_untracked() {
                        dom::select_target(&ev);
                    }
                }
                on:blur=move |_| {
                    grid.editing.set(false);
                    grid.commit(pos, false, true);
                }
                on:keydown=move |ev| grid.key(pos, &ev)
                on:paste=move |ev| {
                    let text = dom::pasted_text(&ev);
                    if grid.paste(pos, &text) {
                        ev.prevent_default();
                    }
                }
                on:dblclick=move |_| if grid.editable(pos) { grid.move_to(pos, true) } />
            <span class="cell-note" id=note_id>{note}</span>
        </td>
    }
}
