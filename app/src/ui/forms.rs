//! Small form parts shared by the admin pages: a labelled input, and the outcome of the last
//! save announced to screen readers.
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;

/// A labelled text input bound to `value`.
#[component]
pub fn TextField(
    id: &'static str,
    label: Msg,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <input id=id name=id type=kind required=required placeholder=placeholder
                prop:value=value on:input=move |ev| value.set(event_target_value(&ev)) />
        </div>
    }
}

/// The result of the latest save: the translated error, or `saved` on success.
#[component]
pub fn Outcome(
    #[prop(into)] result: Signal<Option<Result<(), AppError>>>,
    saved: Msg,
    #[prop(optional)] test_id: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div role="status" aria-live="polite" data-testid=test_id>
            {move || result.get().map(|r| match r {
                Ok(()) => view! { <p class="notice ok">{t(saved)}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
            })}
        </div>
    }
}

/// An action's latest value with its payload dropped, for [`Outcome`].
pub fn outcome_of<I>(action: ServerAction<I>) -> Signal<Option<Result<(), AppError>>>
where
    I: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().map(|r| r.map(|_| ())))
}

/// Counts `action`'s successful saves into `counter`: pages reload their data on a success only,
/// so a refused save leaves what the person typed in place for them to correct.
pub fn count_successes<I>(action: ServerAction<I>, counter: RwSignal<usize>)
where
    I: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        action.version().get();
        if action.value().with_untracked(|v| matches!(v, Some(Ok(_)))) {
            counter.update(|n| *n += 1);
        }
    });
}

/// Moves the keyboard focus to the element with `id` (and so scrolls it into view).
pub fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(e) = leptos::prelude::document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = e.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
