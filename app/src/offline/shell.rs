//! The app shell offline: registers the service worker (`public/sw.js`) that keeps the WASM,
//! scripts, stylesheet and the pages opened on this device, and clears what it kept.
//!
//! Both functions exist in every build so that callers need no `cfg`; on the server they do
//! nothing.

/// Registers `/sw.js` with scope `/`. Called once, after hydration (frontend/src/lib.rs).
/// A browser without service workers (or a page not in a secure context, where
/// `navigator.serviceWorker` is missing) just works online; failures are logged, never fatal.
pub fn register() {
    #[cfg(feature = "hydrate")]
    browser::register();
}

/// Deletes every Cache Storage cache of this site from the page itself (`window.caches`), so it
/// works even before the service worker is active: signing out on a shared school computer must
/// leave no page behind. Returns when done; failures are logged.
pub async fn clear_offline_pages() {
    #[cfg(feature = "hydrate")]
    browser::clear_offline_pages().await;
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::logging::warn;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    const SCRIPT: &str = "/sw.js";
    const SCOPE: &str = "/";

    pub fn register() {
        let Some(window) = web_sys::window() else {
            return;
        };
        let navigator = window.navigator();
        // `navigator.serviceWorker` is undefined in insecure contexts and old browsers; web-sys
        // would call a method on `undefined`.
        let has_workers =
            js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
        if !window.is_secure_context() || !has_workers {
            return;
        }
        let options = web_sys::RegistrationOptions::new();
        options.set_scope(SCOPE);
        let promise = navigator
            .service_worker()
            .register_with_options(SCRIPT, &options);
        leptos::task::spawn_local(async move {
            if let Err(e) = JsFuture::from(promise).await {
                warn!("hocba: the offline service worker was not registered: {e:?}");
            }
        });
        tell_worker_of_address_changes(&window);
    }

    /// The router changes the address with `history.pushState`, which the worker does not see
    /// (Chromium's `client.url` stays the address the tab was opened at): on each change, the
    /// page sends `{type: 'keep', url}` so that the worker keeps that page too. Uses the
    /// Navigation API's `currententrychange` (Chromium, Edge; other browsers keep only the pages
    /// loaded in full).
    fn tell_worker_of_address_changes(window: &web_sys::Window) {
        let Ok(navigation) = js_sys::Reflect::get(window, &JsValue::from_str("navigation")) else {
            return;
        };
        if navigation.is_undefined() || navigation.is_null() {
            return;
        }
        let on_change = Closure::<dyn FnMut()>::new(|| {
            let Some(window) = web_sys::window() else {
                return;
            };
            let Some(worker) = window.navigator().service_worker().controller() else {
                return;
            };
            let Ok(url) = window.location().href() else {
                return;
            };
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"keep".into());
            let _ = js_sys::Reflect::set(&message, &"url".into(), &url.into());
            if let Err(e) = worker.post_message(&message) {
                warn!("hocba: the offline service worker was not told of the page: {e:?}");
            }
        });
        let target: web_sys::EventTarget = navigation.unchecked_into();
        if target
            .add_event_listener_with_callback(
                "currententrychange",
                on_change.as_ref().unchecked_ref(),
            )
            .is_ok()
        {
            // Listens as long as the page lives.
            on_change.forget();
        }
    }

    pub async fn clear_offline_pages() {
        if let Err(e) = clear().await {
            warn!("hocba: the offline pages were not all cleared: {e:?}");
        }
    }

    async fn clear() -> Result<(), JsValue> {
        let Some(window) = web_sys::window() else {
            return Ok(());
        };
        // Missing in insecure contexts: then nothing was kept either.
        let has_caches =
            js_sys::Reflect::has(&window, &JsValue::from_str("caches")).unwrap_or(false);
        if !has_caches {
            return Ok(());
        }
        let caches = window.caches()?;
        let names: js_sys::Array = JsFuture::from(caches.keys()).await?.dyn_into()?;
        let deletions = js_sys::Array::new();
        for name in names.iter() {
            if let Some(name) = name.as_string() {
                deletions.push(&caches.delete(&name));
            }
        }
        JsFuture::from(js_sys::Promise::all(&deletions)).await?;
        Ok(())
    }
}
