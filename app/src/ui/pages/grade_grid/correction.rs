//! On a closed sheet, the teacher who would write it asks for a correction: the focused cell
//! is added to the request with a button (as many as needed), a reason is given, and the
//! request goes to the principal.
use super::sheet::{Pos, Sheet};
use crate::api::corrections::{CellRef, RequestCorrection};
use crate::api::grade_grid::GridKind;
use crate::i18n::Msg;
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;

#[component]
#[allow(clippy::too_many_arguments)]
pub fn RequestForm(
    sheet: Sheet,
    columns: Vec<(GridKind, i64)>,
    headers: Vec<String>,
    students: Vec<i64>,
    names: Vec<String>,
    class_id: i64,
    subject_id: i64,
    semester_id: i64,
) -> impl IntoView {
    let lang = use_lang();
    let chosen = RwSignal::new(Vec::<Pos>::new());
    let reason = RwSignal::new(String::new());
    let send = ServerAction::<RequestCorrection>::new();
    let score_cols = columns.len();
    let add = move |_| {
        let pos = sheet.active.get_untracked();
        if pos.1 < score_cols && pos.0 < sheet.rows {
            chosen.update(|c| {
                if !c.contains(&pos) {
                    c.push(pos);
                }
            });
        }
    };
    let cell_refs = {
        let columns = columns.clone();
        let students = students.clone();
        move || -> Vec<CellRef> {
            chosen
                .get_untracked()
                .iter()
                .filter_map(|(r, k)| {
                    let (kind, slot) = *columns.get(*k)?;
                    Some(CellRef {
                        student_id: *students.get(*r)?,
                        kind,
                        slot,
                    })
                })
                .collect()
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(RequestCorrection {
            class_id,
            subject_id,
            semester_id,
            cells: cell_refs(),
            reason: reason.get_untracked(),
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            chosen.set(Vec::new());
            reason.set(String::new());
        }
    });
    let label = move |(r, k): Pos| {
        format!(
            "{} · {}",
            names.get(r).cloned().unwrap_or_default(),
            headers.get(k).cloned().unwrap_or_default()
        )
    };
    view! {
        <section class="panel correction-request" aria-labelledby="correction-h" data-testid="correction-request">
            <h2 id="correction-h">{t(Msg::CorrRequestTitle)}</h2>
            <p class="muted">{t(Msg::CorrRequestHelp)}</p>
            <button type="button" class="secondary" data-testid="add-cell" on:click=add>
                {t(Msg::CorrAddCell)}
            </button>
            <ul data-testid="chosen-cells">
                {move || chosen.get().into_iter().map(|pos| view! {
                    <li>{label(pos)} " "
                        <button type="button" class="link" on:click=move |_| chosen.update(|c| c.retain(|p| *p != pos))>
                            {t(Msg::CorrRemoveCell)}
                        </button>
                    </li>
                }).collect_view()}
            </ul>
            <form class="stack" on:submit=submit aria-label=t(Msg::CorrRequestTitle)>
                <label>{t(Msg::LocksReason)}
                    <textarea name="reason" required maxlength="500" prop:value=reason
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </label>
                <button type="submit">{t(Msg::CorrSend)}</button>
            </form>
            {move || match send.value().get() {
                Some(Ok(id)) => Some(view! {
                    <p class="notice" role="status" data-testid="correction-sent">
                        {Msg::CorrSent.with(lang, &[("id", &id.to_string())])} " "
                        <a href="/corrections">{t(Msg::NavCorrections)}</a>
                    </p>
                }.into_any()),
                Some(Err(e)) => Some(view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any()),
                None => None,
            }}
        </section>
    }
}
