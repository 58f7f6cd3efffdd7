//! "Add a child" on a parent's home page: the child's code and the password on their slip link
//! them to this account.
use crate::api::family_accounts::link_child;
use crate::api::home::ChildCard;
use crate::i18n::Msg;
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;

#[component]
pub fn LinkChild(children: RwSignal<Vec<ChildCard>>) -> impl IntoView {
    let lang = use_lang();
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        message.set(None);
        leptos::task::spawn_local(async move {
            let r = link_child(code.get_untracked(), password.get_untracked()).await;
            busy.set(false);
            match r {
                Ok(card) => {
                    message.set(Some(Ok(
                        Msg::FamLinked.with(lang, &[("name", &card.full_name)])
                    )));
                    code.set(String::new());
                    password.set(String::new());
                    children.update(|c| {
                        if !c.iter().any(|x| x.code == card.code) {
                            c.push(card);
                        }
                    });
                }
                Err(e) => message.set(Some(Err(e.message(lang)))),
            }
        });
    };
    view! {
        <details class="link-child" data-testid="link-child">
            <summary>{t(Msg::FamLinkTitle)}</summary>
            <p class="muted">{t(Msg::FamLinkHelp)}</p>
            <form on:submit=submit>
                <label>{t(Msg::FamLinkCode)}
                    <input type="text" name="code" data-testid="link-code" autocomplete="off"
                        required maxlength="32"
                        prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
                </label>
                <label>{t(Msg::FamLinkPassword)}
                    <input type="password" name="slip-password" data-testid="link-password"
                        autocomplete="off" required maxlength="128"
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="primary" data-testid="link-submit"
                    disabled=move || busy.get()>{t(Msg::FamLinkSubmit)}</button>
            </form>
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <p class="success" role="status" data-testid="link-done">{text}</p> }.into_any(),
                Err(text) => view! { <p class="error" role="alert" data-testid="link-error">{text}</p> }.into_any(),
            })}
        </details>
    }
}
