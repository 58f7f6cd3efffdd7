//! Search folding: one function for indexing and querying.
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Folds text for search: lowercase, no diacritics, `đ` → `d`, single spaces.
///
/// SQLite FTS5 `remove_diacritics` leaves `đ` alone (TOOLCHAIN.md, "Traps"), so
/// index and query text both go through this function. `Đường` → `duong`.
/// `Ð` (U+00D0, Latin capital eth) is folded to `d` too: legacy Vietnamese data
/// often carries it in place of `Đ`.
pub fn fold_vi(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().flat_map(char::to_lowercase).nfd() {
        if c.is_whitespace() {
            pending_space = !folded.is_empty();
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        if pending_space {
            folded.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'Đ' | 'Ð' | 'ð' => folded.push('d'),
            // Lowercasing before decomposing leaves only lowercase bases, but a
            // few characters lowercase only after decomposition (e.g. `İ`).
            _ => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn d_with_stroke_folds_to_d() {
        assert_eq!(fold_vi("Đường"), "duong");
        assert_eq!(fold_vi("đi ĐÂU"), "di dau");
    }

    #[test]
    fn a_capital_eth_typed_for_d_with_stroke_folds_to_d() {
        assert_eq!(fold_vi("\u{00D0}ức"), "duc");
    }

    #[test]
    fn words_are_lowercased_and_stripped_of_marks() {
        assert_eq!(fold_vi("Học Sinh"), "hoc sinh");
        assert_eq!(fold_vi("Nguyễn Thị Ánh"), "nguyen thi anh");
        assert_eq!(fold_vi("Trần Văn Đức"), "tran van duc");
        assert_eq!(fold_vi("Ngữ văn, Lịch sử"), "ngu van, lich su");
    }

    #[test]
    fn decomposed_input_folds_like_composed_input() {
        let nfd: String = "Nguyễn Thị Ánh".nfd().collect();
        assert_eq!(fold_vi(&nfd), "nguyen thi anh");
    }

    #[test]
    fn whitespace_is_collapsed_and_trimmed() {
        assert_eq!(fold_vi("  Lê \t Thị\n\u{00A0}Ánh  "), "le thi anh");
        assert_eq!(fold_vi("   "), "");
        assert_eq!(fold_vi(""), "");
    }

    #[test]
    fn ascii_passes_through_lowercased() {
        assert_eq!(fold_vi("Hello World 10A1-2024!"), "hello world 10a1-2024!");
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(text in "\\PC*") {
            let once = fold_vi(&text);
            prop_assert_eq!(fold_vi(&once), once);
        }

        #[test]
        fn folding_vietnamese_like_text_is_idempotent(text in "[ a-zA-ZđĐăâêôơưĂÂÊÔƠƯàảãáạÀẢÃÁẠễỄệỆ\u{0300}\u{0301}\u{0303}\u{0309}\u{0323}]{0,20}") {
            let once = fold_vi(&text);
            prop_assert_eq!(fold_vi(&once), once);
        }

        #[test]
        fn printable_ascii_words_are_only_lowercased(text in "[!-~]{1,10}( [!-~]{1,10}){0,4}") {
            prop_assert_eq!(fold_vi(&text), text.to_lowercase());
        }
    }
}
