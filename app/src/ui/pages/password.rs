//! Changing one's password; also where a new or reset account lands first.
use crate::api::auth::Me;
use crate::api::password::ChangePassword;
use crate::domain::password_policy::MIN_LENGTH;
use crate::i18n::Msg;
use crate::ui::auth_gate::{go_to, Gate};
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PasswordPage() -> impl IntoView {
    view! {
        <Title text=t(Msg::NavPassword) />
        <Gate allow_pending_password=true page=|me: Me| view! { <Layout me=me.clone()><PasswordForm me /></Layout> } />
    }
}

#[component]
fn PasswordForm(me: Me) -> impl IntoView {
    let lang = use_lang();
    let change = ServerAction::<ChangePassword>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            go_to("/");
        }
    });
    let min = MIN_LENGTH.to_string();
    view! {
        <h1>{t(Msg::NavPassword)}</h1>
        {me.must_change_password.then(|| view! {
            <p class="notice" role="status" data-testid="must-change">{t(Msg::MustChangeNotice)}</p>
        })}
        <ActionForm action=change attr:class="stack narrow">
            <label for="current">{t(Msg::CurrentPassword)}</label>
            <input id="current" name="current" type="password" autocomplete="current-password" required />
            <label for="new_password">{t(Msg::NewPassword)}</label>
            <input id="new_password" name="new_password" type="password" autocomplete="new-password"
                required aria-describedby="pw-rules" />
            <p id="pw-rules" class="hint">{Msg::PasswordRules.with(lang, &[("min", &min)])}</p>
            <label for="confirm">{t(Msg::ConfirmPassword)}</label>
            <input id="confirm" name="confirm" type="password" autocomplete="new-password" required />
            {move || change.value().get().and_then(Result::err).map(|e| view! {
                <p class="error" role="alert">{e.message(lang)}</p>
            })}
            <button type="submit" disabled=move || change.pending().get()>{t(Msg::Save)}</button>
        </ActionForm>
    }
}
