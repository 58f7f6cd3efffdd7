//! The frame around every private page: the header with the school, the navigation allowed by
//! the person's roles, the language switch and signing out.
use super::auth_gate::go_to;
use super::lang::{t, use_lang};
use crate::api::auth::{Logout, Me};
use crate::domain::role::Role;
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout(me: Me, children: Children) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let lang = use_lang();
    let (user_id, name) = (me.user_id, me.full_name.clone());
    // The device's outbox belongs to whoever is signed in on this page.
    Effect::new(move |_| crate::offline::sync::start(user_id, name.clone(), lang));
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            // A shared school computer keeps nothing of this person.
            leptos::task::spawn_local(async {
                crate::offline::sync::clear_device().await;
                crate::offline::shell::clear_offline_pages().await;
                go_to("/login");
            });
        }
    });
    let sync_state = crate::offline::sync::state();
    // Changes not yet on the server are lost by signing out: ask first.
    let confirm_logout = move |ev: leptos::ev::MouseEvent| {
        let waiting = sync_state.get_untracked().counts;
        let count = waiting.waiting + waiting.conflicts + waiting.refused;
        if count > 0
            && !confirm(&Msg::LogoutPendingWarning.with(lang, &[("count", &count.to_string())]))
        {
            ev.prevent_default();
        }
    };
    let is_admin = me.roles.contains(&Role::Admin);
    let runs_school = is_admin || me.roles.contains(&Role::Principal);
    let is_staff = me.roles.iter().any(|r| !r.is_family());
    view! {
        <a class="skip-link" href="#main">{t(Msg::SkipToContent)}</a>
        <header class="top">
            <div class="brand">
                <a href="/" class="logo">"Hocba"</a>
                <span class="school">{me.school_name.clone()}</span>
            </div>
            <nav aria-label=t(Msg::NavMain)>
                <ul>
                    <li><NavLink href="/" label=Msg::NavHome /></li>
                    {runs_school.then(|| view! {
                        <li><NavLink href="/admin/structure" label=Msg::NavStructure /></li>
                        <li><NavLink href="/admin/classes" label=Msg::NavClasses /></li>
                        <li><NavLink href="/admin/students" label=Msg::NavStudents /></li>
                    })}
                    {is_admin.then(|| view! { <li><NavLink href="/admin/users" label=Msg::NavUsers /></li> })}
                    <li><NavLink href="/account/sessions" label=Msg::NavSessions /></li>
                    <li><NavLink href="/account/notifications" label=Msg::NsTitle /></li>
                    <li><NavLink href="/account/password" label=Msg::NavPassword /></li>
                    {is_staff.then(|| view! { <li><NavLink href="/account/api-tokens" label=Msg::ApiTokens /></li> })}
                </ul>
            </nav>
            <div class="who">
                <span class="user-name" data-testid="user-name">{me.full_name.clone()}</span>
                <super::sync_status::SyncStatus />
                <LangSwitch />
                <ActionForm action=logout attr:class="logout">
                    <button type="submit" class="secondary" data-testid="logout" on:click=confirm_logout>{t(Msg::Logout)}</button>
                </ActionForm>
            </div>
        </header>
        <main id="main">{children()}</main>
    }
}

fn confirm(message: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        window().confirm_with_message(message).unwrap_or(true)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = message;
        true
    }
}

#[component]
fn NavLink(href: &'static str, label: Msg) -> impl IntoView {
    let location = use_location();
    let current = move || (location.pathname.get() == href).then_some("page");
    view! { <a href=href aria-current=current>{t(label)}</a> }
}

/// Plain links, so the switch works without JavaScript; the server sets the cookie and
/// sends the person back to the page they were on.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class="lang-switch" aria-label=t(Msg::Language)>
            {Lang::ALL
                .into_iter()
                .map(|l| {
                    let label = match l {
                        Lang::Vi => "Tiếng Việt",
                        Lang::En => "English",
                    };
                    if l == lang {
                        view! { <span class="current" lang=l.code()>{label}</span> }.into_any()
                    } else {
                        view! { <a href=format!("/lang/{}", l.code()) rel="external" lang=l.code() hreflang=l.code()>{label}</a> }.into_any()
                    }
                })
                .collect_view()}
        </span>
    }
}
