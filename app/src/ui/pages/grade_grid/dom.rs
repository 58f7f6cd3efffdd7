//! The few direct DOM calls the grid needs (focus, selection, clipboard), in the browser only.
use super::sheet::Pos;

pub fn cell_id((r, k): Pos) -> String {
    format!("cell-{r}-{k}")
}

/// Focuses a cell's input: its text selected (typing replaces it), or, in edit mode, the caret
/// at the end.
pub fn focus_cell(pos: Pos, edit: bool) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let input = leptos::prelude::document()
            .get_element_by_id(&cell_id(pos))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            let _ = input.focus();
            if edit {
                let end = input.value().encode_utf16().count() as u32;
                let _ = input.set_selection_range(end, end);
            } else {
                input.select();
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (pos, edit);
}

/// Selects the text of the input an event came from (focus by Tab or a screen reader).
pub fn select_target(ev: &leptos::ev::FocusEvent) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// The plain text of a paste.
pub fn pasted_text(ev: &leptos::ev::ClipboardEvent) -> String {
    #[cfg(feature = "hydrate")]
    {
        ev.clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        String::new()
    }
}

/// Warns before the tab is closed or reloaded while `unsettled()` holds; removed with the page.
pub fn warn_before_leaving(unsettled: impl Fn() -> bool + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let listener = gloo_events::EventListener::new(
            &leptos::prelude::window(),
            "beforeunload",
            move |ev| {
                if unsettled() {
                    ev.prevent_default();
                    if let Some(ev) = ev.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                        ev.set_return_value("unsaved");
                    }
                }
            },
        );
        let listener = send_wrapper::SendWrapper::new(listener);
        leptos::prelude::on_cleanup(move || drop(listener));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = unsettled;
}
