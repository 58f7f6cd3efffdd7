//! The interface language for this page view, read once: from the cookie on the server, from
//! `<html lang>` in the browser (which the server wrote), so both render the same text.
use crate::i18n::{Lang, Msg};
use leptos::prelude::*;

pub fn provide_lang() -> Lang {
    let lang = initial_lang();
    provide_context(lang);
    lang
}

pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The text of `msg` in the current language.
pub fn t(msg: Msg) -> &'static str {
    msg.raw(use_lang())
}

#[cfg(feature = "ssr")]
fn initial_lang() -> Lang {
    use_context::<http::request::Parts>()
        .map(|p| {
            Lang::from_cookie_headers(
                p.headers
                    .get_all(http::header::COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok()),
            )
        })
        .unwrap_or_default()
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn initial_lang() -> Lang {
    leptos::prelude::document()
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn initial_lang() -> Lang {
    Lang::default()
}
