//! The reports families sent to this teacher (`/reports`): unanswered first, each with its
//! answer form (corrected, or no mistake, with a message the family reads).
use crate::api::auth::Me;
use crate::api::mistake_reports::{answer_report, report_inbox, MistakeReport};
use crate::domain::mistake_report::{ReportStatus, MESSAGE_MAX_CHARS};
use crate::domain::role::Role;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use crate::ui::pages::report_mistake::{about_text, status_label};
use leptos::prelude::*;
use leptos_meta::Title;

const STAFF: &[Role] = &[
    Role::Admin,
    Role::Principal,
    Role::GroupHead,
    Role::HomeroomTeacher,
    Role::SubjectTeacher,
];

#[component]
pub fn ReportInboxPage() -> impl IntoView {
    let answered = RwSignal::new(0usize);
    let inbox = Resource::new(move || answered.get(), |_| report_inbox());
    view! {
        <Title text=t(Msg::RepInboxTitle) />
        <Gate roles=STAFF page=move |me: Me| view! { <Layout me><Inbox inbox answered /></Layout> } />
    }
}

#[component]
fn Inbox(
    inbox: Resource<Result<Vec<MistakeReport>, crate::error::AppError>>,
    answered: RwSignal<usize>,
) -> impl IntoView {
    let lang = use_lang();
    let open_only = RwSignal::new(true);
    view! {
        <section class="report-inbox" data-testid="report-inbox">
            <h1>{t(Msg::RepInboxTitle)}</h1>
            <label class="check">
                <input type="checkbox" data-testid="inbox-open-only" prop:checked=move || open_only.get()
                    on:change=move |ev| open_only.set(event_target_checked(&ev)) />
                {t(Msg::RepInboxOpenOnly)}
            </label>
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    let list = match inbox.await {
                        Ok(list) => list,
                        Err(e) => return view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    };
                    view! {
                        {move || {
                            let shown: Vec<MistakeReport> = list
                                .iter()
                                .filter(|r| !open_only.get() || r.status == ReportStatus::Open)
                                .cloned()
                                .collect();
                            if shown.is_empty() {
                                view! { <p class="muted" data-testid="inbox-none">{t(Msg::RepInboxNone)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="plain">
                                        {shown.into_iter().map(|r| view! { <Item r answered /> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }
                        }}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Item(r: MistakeReport, answered: RwSignal<usize>) -> impl IntoView {
    let lang = use_lang();
    let open = r.status == ReportStatus::Open;
    let status_code = format!("{:?}", r.status).to_lowercase();
    let (id, version) = (r.id, r.version);
    let to = RwSignal::new(ReportStatus::Corrected);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let r = answer_report(id, to.get_untracked(), text.get_untracked(), version).await;
            busy.set(false);
            match r {
                Ok(_) => answered.update(|n| *n += 1),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <li class="card" data-testid="inbox-item" data-id=r.id data-status=status_code.clone()>
            <p><strong>{r.student_name.clone()}</strong> " (" {r.class_name.clone()} ") · " {about_text(&r, lang)}
                " " <span class=format!("badge status-{status_code}")>{status_label(r.status).raw(lang)}</span></p>
            <p class="muted small">{Msg::RepInboxFrom.with(lang, &[("who", &r.reporter), ("when", &date_time(r.created_at))])}</p>
            <p class="report-message" data-testid="inbox-message">{r.message.clone()}</p>
            {(!r.answer.is_empty()).then(|| view! {
                <p class="report-answer"><strong>{Msg::RepAnswerBy.with(lang, &[("who", r.answered_by.as_deref().unwrap_or(""))])} ": "</strong>{r.answer.clone()}</p>
            })}
            {open.then(|| view! {
                <form on:submit=submit data-testid="inbox-answer">
                    <fieldset>
                        <legend>{t(Msg::RepAnswer)}</legend>
                        <label class="check"><input type="radio" name=format!("to-{id}") value="corrected" data-testid="inbox-corrected"
                            prop:checked=move || to.get() == ReportStatus::Corrected
                            on:change=move |_| to.set(ReportStatus::Corrected) />{t(Msg::RepStatusCorrected)}</label>
                        <label class="check"><input type="radio" name=format!("to-{id}") value="unchanged" data-testid="inbox-unchanged"
                            prop:checked=move || to.get() == ReportStatus::Unchanged
                            on:change=move |_| to.set(ReportStatus::Unchanged) />{t(Msg::RepStatusUnchanged)}</label>
                    </fieldset>
                    <label>{t(Msg::RepAnswerText)}
                        <textarea data-testid="inbox-answer-text" rows="3" required maxlength=MESSAGE_MAX_CHARS.to_string()
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    </label>
                    <button type="submit" class="primary" data-testid="inbox-answer-send" disabled=move || busy.get()>{t(Msg::RepAnswerSend)}</button>
                    {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="inbox-error">{e}</p> })}
                </form>
            })}
        </li>
    }
}
