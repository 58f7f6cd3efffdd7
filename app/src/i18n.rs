//! Translations: the texts live in `app/locales/*.ftl`; `build.rs` turns their keys into [`Msg`].
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// The interface language. Vietnamese is the default everywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "hocba_lang";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language chosen in a request's `Cookie` headers (HTTP/2 clients may send several).
    pub fn from_cookie_headers<'a>(headers: impl IntoIterator<Item = &'a str>) -> Lang {
        headers
            .into_iter()
            .find(|h| h.contains(LANG_COOKIE))
            .map(Lang::from_cookie_header)
            .unwrap_or_default()
    }

    /// The language chosen in a `Cookie` header, Vietnamese when none (or an unknown one) is set.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == LANG_COOKIE)
            .and_then(|(_, v)| Lang::from_code(v))
            .unwrap_or_default()
    }
}

impl Msg {
    /// The text in `lang` with each `{ $name }` replaced by its value.
    pub fn with(self, lang: Lang, args: &[(&str, &str)]) -> String {
        let mut text = self.raw(lang).to_string();
        for (name, value) in args {
            text = text.replace(&format!("{{ ${name} }}"), value);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_is_the_default_language() {
        assert_eq!(Lang::from_cookie_header(""), Lang::Vi);
        assert_eq!(Lang::from_cookie_header("other=1; hocba_lang=xx"), Lang::Vi);
    }

    #[test]
    fn the_language_cookie_is_read_among_others() {
        assert_eq!(
            Lang::from_cookie_header("a=b; hocba_lang=en; c=d"),
            Lang::En
        );
    }

    #[test]
    fn the_language_cookie_is_found_in_any_of_several_cookie_headers() {
        assert_eq!(
            Lang::from_cookie_headers(["a=b", "hocba_lang=en"]),
            Lang::En
        );
        assert_eq!(Lang::from_cookie_headers([]), Lang::Vi);
    }

    #[test]
    fn placeholders_are_filled() {
        let text = Msg::ErrThrottled.with(Lang::En, &[("minutes", "3")]);
        assert!(text.contains('3'), "{text}");
        assert!(!text.contains('$'), "{text}");
    }

    #[test]
    fn no_text_is_empty_in_any_language() {
        for lang in Lang::ALL {
            for key in KEYS.iter().enumerate() {
                let text = match lang {
                    Lang::Vi => VI[key.0],
                    Lang::En => EN[key.0],
                };
                assert!(!text.is_empty(), "{} is empty in {lang:?}", key.1);
            }
        }
    }
}

pub mod fields;
