//! Text that families and the public type is stored as plain text: markup is removed by
//! ammonia (a `<script>` or `<style>` goes with its content), and the entities ammonia writes
//! for the characters left are turned back, so "a < b & c" stays as typed. Pages escape it
//! again when they show it; it is never inserted as HTML.

/// `input` without any markup.
pub fn strip_markup(input: &str) -> String {
    let cleaned = ammonia::Builder::empty().clean(input).to_string();
    decode_basic_entities(&cleaned)
}

/// The entities ammonia's serializer writes for text (`&amp;` last, so "&amp;lt;" stays "&lt;").
fn decode_basic_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_scripts_go_with_their_content() {
        assert_eq!(
            strip_markup("<b>Điểm</b> <script>alert(1)</script>sai<style>p{}</style>"),
            "Điểm sai"
        );
        assert_eq!(strip_markup(r#"<img src=x onerror="alert(1)">ảnh"#), "ảnh");
    }

    #[test]
    fn plain_text_is_kept_as_typed() {
        for text in ["a < b & c > d", "Điểm 8,5 \"giữa kì\" 'TX2'", "line\nnext"] {
            assert_eq!(strip_markup(text), text);
        }
        // The input is read as HTML, so a typed entity means its character.
        assert_eq!(strip_markup("x &lt; y &amp;amp;"), "x < y &amp;");
    }
}
