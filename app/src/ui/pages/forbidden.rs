use crate::api::auth::Me;
use crate::i18n::Msg;
use crate::ui::lang::t;
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Forbidden(me: Me) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <Title text=t(Msg::ErrForbidden) />
        <Layout me>
            <section class="message-page">
                <h1>{t(Msg::ErrForbidden)}</h1>
                <p><a href="/">{t(Msg::BackHome)}</a></p>
            </section>
        </Layout>
    }
}
