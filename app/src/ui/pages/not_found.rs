use crate::i18n::Msg;
use crate::ui::lang::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t(Msg::NotFoundTitle) />
        <main id="main" class="message-page">
            <h1>{t(Msg::NotFoundTitle)}</h1>
            <p>{t(Msg::NotFoundText)}</p>
            <p><a href="/">{t(Msg::BackHome)}</a></p>
        </main>
    }
}
