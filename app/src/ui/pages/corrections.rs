//! `/corrections`: correction requests. The principal and the admin see the school's, others
//! their own with the decision; the principal approves (with a window, 48 h by default) or
//! refuses (with a note) the pending ones they did not make.
use crate::api::auth::Me;
use crate::api::corrections::{
    load_corrections, CorrectionInfo, CorrectionStatus, CorrectionsPage, DecideCorrection,
};
use crate::api::grade_grid::GridKind;
use crate::error::{period_text, AppError};
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CorrectionsPage() -> impl IntoView {
    let decide = ServerAction::<DecideCorrection>::new();
    let page = Resource::new(move || decide.version().get(), |_| load_corrections());
    view! {
        <Title text=t(Msg::NavCorrections) />
        <Gate page=move |me: Me| view! { <Layout me><Requests decide page /></Layout> } />
    }
}

#[component]
fn Requests(
    decide: ServerAction<DecideCorrection>,
    page: Resource<Result<CorrectionsPage, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t(Msg::NavCorrections)}</h1>
        {move || match decide.value().get() {
            Some(Err(e)) => Some(view! { <p class="error" role="alert">{e.message(lang)}</p> }),
            _ => None,
        }}
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(p) if p.requests.is_empty() => view! { <p class="muted">{t(Msg::CorrNone)}</p> }.into_any(),
                    Ok(p) => view! {
                        <ul class="cards" data-testid="correction-list">
                            {p.requests.into_iter().map(|r| view! { <Request decide r /> }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

fn column_text(kind: GridKind, slot: i64) -> String {
    match kind {
        GridKind::Regular => format!("{}{}", t(Msg::GridRegularShort), slot),
        GridKind::Midterm => t(Msg::GridMidterm).to_string(),
        GridKind::Final => t(Msg::GridFinal).to_string(),
    }
}

#[component]
fn Request(decide: ServerAction<DecideCorrection>, r: CorrectionInfo) -> impl IntoView {
    let lang = use_lang();
    let hours = RwSignal::new("48".to_string());
    let note = RwSignal::new(String::new());
    let id = r.id;
    let status = match r.status {
        CorrectionStatus::Pending => t(Msg::CorrPending).to_string(),
        CorrectionStatus::Approved => Msg::CorrApproved.with(
            lang,
            &[
                ("who", &r.decided_by.clone().unwrap_or_default()),
                ("until", &r.open_until.map(date_time).unwrap_or_default()),
            ],
        ),
        CorrectionStatus::Refused => Msg::CorrRefused.with(
            lang,
            &[
                ("who", &r.decided_by.clone().unwrap_or_default()),
                ("note", &r.decision_note.clone().unwrap_or_default()),
            ],
        ),
    };
    let dispatch = move |approve: bool| {
        decide.dispatch(DecideCorrection {
            id,
            approve,
            hours: hours.get_untracked().trim().parse().ok(),
            note: note.get_untracked(),
        });
    };
    view! {
        <li class="card" data-testid="correction" data-id=r.id.to_string()>
            <h2>
                <a href=r.link.clone()>{format!("#{} · {} · {} · {}", r.id, r.class_name, r.subject_name,
                    period_text(Some(r.semester_number), lang))}</a>
            </h2>
            <p>{r.requested_by.clone()} " · " {date_time(r.requested_at)}</p>
            <p>{t(Msg::LocksReason)} ": " {r.reason.clone()}</p>
            <ul>
                {r.cells.iter().map(|c| view! { <li>{format!("{} · {}", c.student, column_text(c.kind, c.slot))}</li> }).collect_view()}
            </ul>
            <p data-testid="correction-status"><strong>{status}</strong></p>
            {r.can_decide.then(|| view! {
                <form class="stack" aria-label=t(Msg::CorrDecide) on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    dispatch(true);
                }>
                    <label>{t(Msg::CorrHours)}
                        <input type="number" name="hours" min="1" max="744" inputmode="numeric" prop:value=hours
                            on:input=move |ev| hours.set(event_target_value(&ev)) />
                    </label>
                    <label>{t(Msg::CorrNote)}
                        <input type="text" name="note" maxlength="500" prop:value=note
                            on:input=move |ev| note.set(event_target_value(&ev)) />
                    </label>
                    <p class="actions">
                        <button type="submit">{t(Msg::CorrApprove)}</button>
                        <button type="button" class="secondary" on:click=move |_| dispatch(false)>{t(Msg::CorrRefuse)}</button>
                    </p>
                </form>
            })}
        </li>
    }
}
