#![recursion_limit = "256"]
//! The WASM entry: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(body) = leptos::prelude::document().body() else {
        return;
    };
    // As `leptos::mount::hydrate_lazy`: a lazy route (app/src/ui/lazy_routes.rs) hydrates only
    // once its module has arrived. Tests wait for `data-hydrated` before they click, so it is
    // set when the whole page, the lazy route included, is interactive.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async move {
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        let _ = body.set_attribute("data-hydrated", "true");
        // After hydration, so that the worker's install (fetching the whole shell) does not
        // compete with the page's own first load.
        app::offline::shell::register();
    });
}
