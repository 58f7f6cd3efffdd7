//! One cell's history from the grid: Alt+H, or the toolbar's "Lịch sử ô" button, opens a panel
//! listing every change of the focused cell (a score or the comment), newest first: who, when,
//! old → new, source and reason. Read from `/api/audit/cell` with the sheet's own access.
use super::sheet::{Pos, Sheet};
use crate::api::audit_history::{load_cell_history, AuditLine, HistoryColumn};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use crate::ui::pages::audit_log::value_text;
use leptos::prelude::*;

/// What the panel needs to know about the sheet.
#[derive(Clone, Debug)]
pub struct HistorySpec {
    pub class_id: i64,
    pub subject_id: i64,
    pub semester: i64,
    pub regular_count: usize,
    pub score_cols: usize,
    /// Each row's student, in grid order.
    pub students: Vec<i64>,
    pub names: Vec<String>,
    pub headers: Vec<String>,
}

/// The column of grid column `k`: regular slots first, then mid-term, end-of-term, comment.
pub fn column_of(k: usize, regular_count: usize, score_cols: usize) -> Option<HistoryColumn> {
    if k < regular_count {
        Some(HistoryColumn::Regular(k as i64 + 1))
    } else if k == regular_count {
        Some(HistoryColumn::Midterm)
    } else if k == regular_count + 1 && k < score_cols {
        Some(HistoryColumn::Final)
    } else if k == score_cols {
        Some(HistoryColumn::Comment)
    } else {
        None
    }
}

/// Alt+H (by the key's place, so it also works where Alt changes the character typed).
pub fn opens_history(key: &str, code: &str, alt: bool, ctrl: bool) -> bool {
    alt && !ctrl && (code == "KeyH" || key.eq_ignore_ascii_case("h"))
}

/// Which cell the panel shows, if open.
#[derive(Clone, Copy)]
pub struct HistoryState {
    pub open: RwSignal<Option<Pos>>,
}

impl HistoryState {
    pub fn new() -> Self {
        HistoryState {
            open: RwSignal::new(None),
        }
    }

    /// The grid's keydown, seen as it bubbles from a cell: Alt+H opens the focused cell's history.
    pub fn key(&self, sheet: Sheet, ev: &leptos::ev::KeyboardEvent) {
        if opens_history(
            &ev.key(),
            &ev.code(),
            ev.alt_key(),
            ev.ctrl_key() || ev.meta_key(),
        ) {
            ev.prevent_default();
            self.open.set(Some(sheet.active.get_untracked()));
        }
    }
}

impl Default for HistoryState {
    fn default() -> Self {
        Self::new()
    }
}

/// The toolbar button and the panel.
#[component]
pub fn CellHistory(sheet: Sheet, spec: HistorySpec, state: HistoryState) -> impl IntoView {
    let lang = use_lang();
    let spec = StoredValue::new(spec);
    let load = Action::new(move |pos: &Pos| {
        let (r, k) = *pos;
        let asked = spec.with_value(|s| {
            Some((
                s.class_id,
                s.subject_id,
                s.semester,
                *s.students.get(r)?,
                column_of(k, s.regular_count, s.score_cols)?,
            ))
        });
        async move {
            match asked {
                Some((class_id, subject_id, semester, student_id, column)) => {
                    load_cell_history(class_id, subject_id, semester, student_id, column).await
                }
                None => Err(AppError::NotFound),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(pos) = state.open.get() {
            load.dispatch(pos);
        }
    });
    let close = move || {
        if let Some(pos) = state.open.get_untracked() {
            state.open.set(None);
            sheet.move_to(pos, false);
        }
    };
    let title = move || {
        let (r, k) = state.open.get()?;
        Some(spec.with_value(|s| {
            Msg::AuditCellHistoryTitle.with(
                lang,
                &[
                    ("student", s.names.get(r).map(String::as_str).unwrap_or("")),
                    ("column", s.headers.get(k).map(String::as_str).unwrap_or("")),
                ],
            )
        }))
    };
    view! {
        <p class="grid-history-bar">
            <button type="button" class="button small secondary" data-testid="cell-history"
                title=t(Msg::AuditCellHistoryHint) aria-keyshortcuts="Alt+H"
                on:click=move |_| state.open.set(Some(sheet.active.get_untracked()))>
                {t(Msg::AuditCellHistory)}
            </button>
        </p>
        <Show when=move || state.open.with(Option::is_some)>
            <section class="panel grid-history" role="dialog" aria-labelledby="cell-history-h"
                data-testid="cell-history-panel"
                on:keydown=move |ev| if ev.key() == "Escape" { close(); }>
                <h2 id="cell-history-h">{title}</h2>
                {move || match load.value().get() {
                    None => view! { <p class="loading" aria-busy="true">"…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Some(Ok(lines)) if lines.is_empty() => view! { <p class="muted">{t(Msg::AuditCellHistoryEmpty)}</p> }.into_any(),
                    Some(Ok(lines)) => view! { <HistoryList lines /> }.into_any(),
                }}
                <button type="button" class="button small" autofocus on:click=move |_| close()>{t(Msg::AuditClose)}</button>
            </section>
        </Show>
    }
}

#[component]
fn HistoryList(lines: Vec<AuditLine>) -> impl IntoView {
    view! {
        <ol class="history-list" data-testid="cell-history-lines">
            {lines.into_iter().map(|l| view! {
                <li>
                    <span class="when">{date_time(l.at)}</span> " · "
                    <strong>{l.actor.clone()}</strong> ": "
                    <span class="old">{value_text(&l.old_value)}</span>
                    " → "
                    <span class="new">{value_text(&l.new_value)}</span>
                    " (" {l.source.clone()} ")"
                    {l.reason.clone().map(|r| view! { " · " {r} })}
                </li>
            }).collect_view()}
        </ol>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_regular_slots_then_midterm_final_and_the_comment() {
        assert_eq!(column_of(0, 4, 6), Some(HistoryColumn::Regular(1)));
        assert_eq!(column_of(3, 4, 6), Some(HistoryColumn::Regular(4)));
        assert_eq!(column_of(4, 4, 6), Some(HistoryColumn::Midterm));
        assert_eq!(column_of(5, 4, 6), Some(HistoryColumn::Final));
        assert_eq!(column_of(6, 4, 6), Some(HistoryColumn::Comment));
        assert_eq!(column_of(7, 4, 6), None);
    }

    #[test]
    fn alt_h_opens_the_history_whatever_character_alt_types() {
        assert!(opens_history("h", "KeyH", true, false));
        assert!(opens_history("˙", "KeyH", true, false));
        assert!(
            !opens_history("h", "KeyH", false, false),
            "plain h is typing"
        );
        assert!(!opens_history("h", "KeyH", true, true));
    }
}
