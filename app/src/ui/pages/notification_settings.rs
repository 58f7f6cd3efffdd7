//! `/account/notifications`: the e-mail address, consent to receive e-mail (given or withdrawn,
//! with when), what to receive, a warning when the address bounced, and the latest messages.
use crate::api::auth::Me;
use crate::api::notifications::{
    load_notification_settings, save_notification_settings, NotificationSettings,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotificationSettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| load_notification_settings());
    view! {
        <Title text=t(Msg::NsTitle) />
        <Gate page=move |me: Me| view! { <Layout me><Settings settings /></Layout> } />
    }
}

#[component]
fn Settings(settings: Resource<Result<NotificationSettings, AppError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t(Msg::NsTitle)}</h1>
        <p class="muted">{t(Msg::NsIntro)}</p>
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <Form s /> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Form(s: NotificationSettings) -> impl IntoView {
    let lang = use_lang();
    let current = RwSignal::new(s.clone());
    let email = RwSignal::new(s.email.clone());
    let consent = RwSignal::new(s.email_consent);
    let digest = RwSignal::new(s.score_digest);
    let answers = RwSignal::new(s.report_answers);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let r = save_notification_settings(
                email.get_untracked(),
                consent.get_untracked(),
                digest.get_untracked(),
                answers.get_untracked(),
            )
            .await;
            busy.set(false);
            match r {
                Ok(saved) => {
                    current.set(saved);
                    outcome.set(Some(Ok(Msg::NsSaved.raw(lang).to_string())));
                }
                Err(e) => outcome.set(Some(Err(e.message(lang)))),
            }
        });
    };
    let status_label = move |s: &str| match s {
        "sent" => Msg::NsStatusSent,
        "bounced" => Msg::NsStatusBounced,
        "failed" => Msg::NsStatusFailed,
        _ => Msg::NsStatusPending,
    };
    view! {
        <form class="panel settings-form" on:submit=submit data-testid="notif-form">
            <label>{t(Msg::NsEmail)}
                <input type="email" data-testid="notif-email" autocomplete="email" maxlength="254"
                    prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
            </label>
            <label class="check">
                <input type="checkbox" data-testid="notif-consent" prop:checked=move || consent.get()
                    on:change=move |ev| consent.set(event_target_checked(&ev)) />
                {t(Msg::NsConsent)}
            </label>
            <p class="muted small" data-testid="notif-consent-state">
                {move || current.with(|c| match (c.email_consent, c.consent_at) {
                    (true, Some(at)) => Msg::NsConsentSince.with(lang, &[("when", &date_time(at))]),
                    _ => Msg::NsConsentNone.raw(lang).to_string(),
                })}
            </p>
            <fieldset>
                <legend>{t(Msg::NsWhat)}</legend>
                <label class="check">
                    <input type="checkbox" data-testid="notif-digest" prop:checked=move || digest.get()
                        on:change=move |ev| digest.set(event_target_checked(&ev)) />
                    {t(Msg::NsDigest)}
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="notif-answers" prop:checked=move || answers.get()
                        on:change=move |ev| answers.set(event_target_checked(&ev)) />
                    {t(Msg::NsAnswers)}
                </label>
            </fieldset>
            <p class="muted small">{t(Msg::NsInApp)}</p>
            <button type="submit" class="primary" data-testid="notif-save" disabled=move || busy.get()>{t(Msg::NsSave)}</button>
            {move || outcome.get().map(|m| match m {
                Ok(text) => view! { <p class="success" role="status" data-testid="notif-saved">{text}</p> }.into_any(),
                Err(text) => view! { <p class="error" role="alert" data-testid="notif-error">{text}</p> }.into_any(),
            })}
        </form>
        {move || current.with(|c| c.bounced.clone()).map(|reason| view! {
            <p class="error" role="alert" data-testid="notif-bounced">{Msg::NsBounced.with(lang, &[("reason", &reason)])}</p>
        })}
        <section class="panel" aria-labelledby="ns-messages-h">
            <h2 id="ns-messages-h">{t(Msg::NsMessages)}</h2>
            {move || {
                let list = current.with(|c| c.messages.clone());
                if list.is_empty() {
                    view! { <p class="muted">{t(Msg::NsNoMessages)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain">
                            {list.into_iter().map(|m| view! {
                                <li data-testid="notif-message" data-status=m.status.clone()>
                                    {date_time(m.created_at)} " · " {m.subject.clone()} " · "
                                    <strong>{status_label(&m.status).raw(lang)}</strong>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
