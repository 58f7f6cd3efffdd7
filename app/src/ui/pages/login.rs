//! The login page.
use crate::api::auth::{Login, Visitor};
use crate::i18n::Msg;
use crate::ui::auth_gate::{go_to, use_visitor};
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::LangSwitch;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let login = ServerAction::<Login>::new();
    Effect::new(move |_| {
        if let Some(Ok(done)) = login.value().get() {
            go_to(&done.next);
        }
    });
    let expired = use_query_map().with_untracked(|q| q.get("expired").is_some());
    let visitor = use_visitor();
    view! {
        <Title text=t(Msg::LoginTitle) />
        <Suspense>{move || Suspend::new(async move {
            let signed_in = match visitor {
                Some(v) => matches!(v.await, Ok(Visitor::SignedIn(_))),
                None => false,
            };
            signed_in.then(|| view! { <Redirect path="/" /> })
        })}</Suspense>
        <main id="main" class="login-page">
            <div class="login-card">
                <h1>"Hocba"</h1>
                <p class="tagline">{t(Msg::AppDescription)}</p>
                {expired.then(|| view! { <p class="notice" role="status">{t(Msg::ErrSessionExpired)}</p> })}
                <ActionForm action=login attr:class="stack" attr:aria-label=t(Msg::LoginTitle)>
                    <label for="username">{t(Msg::Username)}</label>
                    <input id="username" name="username" type="text" autocomplete="username"
                        autocapitalize="none" spellcheck="false" required />
                    <label for="password">{t(Msg::Password)}</label>
                    <input id="password" name="password" type="password"
                        autocomplete="current-password" required />
                    {move || login.value().get().and_then(Result::err).map(|e| view! {
                        <p class="error" role="alert" data-testid="login-error">{e.message(lang)}</p>
                    })}
                    <button type="submit" disabled=move || login.pending().get()>
                        {t(Msg::LoginButton)}
                    </button>
                </ActionForm>
                <p class="hint">{t(Msg::LoginHint)}</p>
                <LangSwitch />
            </div>
        </main>
    }
}
