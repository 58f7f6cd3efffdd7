//! The header's sync state (online, offline, syncing, changes waiting, conflicts, refusals) and
//! the list of what the device keeps: conflicts link to their gradebook, refusals stay with their
//! reason until the teacher dismisses or copies them.
use super::format::date_time;
use super::lang::{t, use_lang};
use crate::i18n::{Lang, Msg};
use crate::offline::queue::{Edit, EditState};
use crate::offline::sync;
use leptos::prelude::*;

fn summary(s: sync::SyncState, lang: Lang) -> (&'static str, String) {
    let c = s.counts;
    let n = |x: usize| x.to_string();
    if c.conflicts > 0 {
        return (
            "conflict",
            Msg::SyncConflicts.with(lang, &[("count", &n(c.conflicts))]),
        );
    }
    if c.refused > 0 {
        return (
            "refused",
            Msg::SyncRefused.with(lang, &[("count", &n(c.refused))]),
        );
    }
    if s.signed_out && c.waiting > 0 {
        return ("signed-out", Msg::SyncSignedOut.raw(lang).to_string());
    }
    if !s.online {
        let mut text = Msg::SyncOffline.raw(lang).to_string();
        if c.waiting > 0 {
            text = format!(
                "{text} · {}",
                Msg::SyncWaiting.with(lang, &[("count", &n(c.waiting))])
            );
        }
        return ("offline", text);
    }
    if c.sending > 0 {
        return ("syncing", Msg::SyncSyncing.raw(lang).to_string());
    }
    if c.waiting > 0 {
        return (
            "waiting",
            Msg::SyncWaiting.with(lang, &[("count", &n(c.waiting))]),
        );
    }
    ("online", Msg::SyncOnline.raw(lang).to_string())
}

#[component]
pub fn SyncStatus() -> impl IntoView {
    let lang = use_lang();
    let state = sync::state();
    let open = RwSignal::new(false);
    let shown = move || summary(state.get(), lang);
    view! {
        <div class="sync-status">
            <button type="button" class="sync-badge" data-testid="sync-state"
                data-state=move || shown().0
                data-waiting=move || state.get().counts.waiting.to_string()
                aria-expanded=move || open.get().to_string()
                aria-label=move || format!("{}: {}", t(Msg::SyncLabel), shown().1)
                on:click=move |_| open.update(|o| *o = !*o)>
                <span class="sync-dot" aria-hidden="true"></span>
                <span role="status">{move || shown().1}</span>
            </button>
            <Show when=move || open.get()>
                <SyncPanel />
            </Show>
        </div>
    }
}

#[component]
fn SyncPanel() -> impl IntoView {
    let lang = use_lang();
    let state = sync::state();
    // Re-read whenever the counts move.
    let edits = Memo::new(move |_| {
        state.track();
        sync::kept_edits()
    });
    view! {
        <section class="sync-panel" data-testid="sync-panel" aria-label=t(Msg::SyncPanelTitle)>
            <h2>{t(Msg::SyncPanelTitle)}</h2>
            {move || {
                let list = edits.get();
                if list.is_empty() {
                    return view! { <p class="muted">{t(Msg::SyncNothing)}</p> }.into_any();
                }
                view! {
                    <ul class="sync-list">
                        {list.into_iter().map(|e| view! { <KeptEdit e lang /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn KeptEdit(e: Edit, lang: Lang) -> impl IntoView {
    let (state, kind, detail) = match &e.state {
        EditState::Waiting => ("waiting", Msg::SyncStateWaiting, None),
        EditState::Conflict(theirs) => {
            let when = theirs.at.map(date_time).unwrap_or_default();
            let who = theirs.by.clone().unwrap_or_default();
            let line = Msg::SyncConflictLine.with(
                lang,
                &[
                    ("mine", &e.shown.text),
                    ("who", &who),
                    ("theirs", &theirs.shown.text),
                    ("when", &when),
                ],
            );
            ("conflict", Msg::SyncStateConflict, Some(line))
        }
        EditState::Refused(reason) => {
            let line =
                Msg::SyncRefusedLine.with(lang, &[("value", &e.shown.text), ("reason", reason)]);
            ("refused", Msg::SyncStateRefused, Some(line))
        }
    };
    let refused = matches!(e.state, EditState::Refused(_));
    let copy_text = format!(
        "{} · {} · {}",
        e.sheet_label,
        e.label,
        detail.clone().unwrap_or_default()
    );
    let copied = RwSignal::new(false);
    let id = e.id.clone();
    view! {
        <li class="sync-item" data-state=state data-testid="kept-edit">
            <strong>{t(kind)}</strong>" "
            <span>{e.label.clone()}</span>" · "
            <a href=e.path.clone()>{e.sheet_label.clone()}</a>
            {detail.map(|d| view! { <p class="sync-detail">{d}</p> })}
            {refused.then(|| view! {
                <span class="sync-actions">
                    <button type="button" class="button small secondary" data-testid="copy-refused"
                        on:click=move |_| { copy(&copy_text); copied.set(true); }>
                        {move || if copied.get() { t(Msg::SyncCopied) } else { t(Msg::SyncCopy) }}
                    </button>
                    <button type="button" class="button small secondary" data-testid="dismiss-refused"
                        on:click=move |_| sync::dismiss(id.clone())>{t(Msg::SyncDismiss)}</button>
                </span>
            })}
        </li>
    }
}

fn copy(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}
