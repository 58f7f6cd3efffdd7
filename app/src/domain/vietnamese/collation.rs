//! Vietnamese alphabetical order (GRADING.md, "Class order").
//!
//! Letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y. Tone
//! marks only break ties, in the order none, huyền, hỏi, ngã, sắc, nặng. The
//! foreign letters f, j, w and z take their Latin places (f after ê, j after i,
//! w after v, z after y).
//!
//! A [`CollationKey`] has four levels, compared in turn:
//! 1. primary: the alphabet rank of every letter, so `Ă` and `ă` and `ằ` tie;
//! 2. secondary: the tone of every word (a syllable has one tone wherever it is
//!    written, so `hoà` and `hòa` tie, and `hòa` comes before `hoá`);
//! 3. tertiary: case, lowercase first;
//! 4. identity: the NFC text, so only canonically equal strings compare Equal.
use std::cmp::Ordering;

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

use super::PersonName;

/// The Vietnamese alphabet with f, j, w, z at their Latin places.
const ALPHABET: [char; 33] = [
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z',
];

const BREVE: char = '\u{0306}';
const CIRCUMFLEX: char = '\u{0302}';
const HORN: char = '\u{031B}';

/// Tone marks in Vietnamese order: huyền, hỏi, ngã, sắc, nặng.
const TONES: [char; 5] = ['\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}'];

/// Primary weights: word separator < punctuation and symbols < digits <
/// the alphabet < letters of other scripts.
const SEPARATOR: u32 = 0;
const SYMBOL_BAND: u32 = 0x0100_0000;
const DIGIT_BAND: u32 = 0x0200_0000;
const ALPHABET_BAND: u32 = 0x0300_0000;
const OTHER_LETTER_BAND: u32 = 0x0400_0000;

/// Secondary weights: end of a word, then tone none (1) to nặng (6).
const END_OF_WORD: u8 = 0;
const NO_TONE: u8 = 1;

/// A sort key for Vietnamese text; `Ord` on keys is the Vietnamese order.
///
/// Build it once per row with [`sort_key`] when sorting many rows.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CollationKey {
    primary: Vec<u32>,
    secondary: Vec<u8>,
    tertiary: Vec<u8>,
    identity: String,
}

/// The collation key of `text` (GRADING.md, "Class order"). NFC and NFD
/// spellings of one text have the same key.
pub fn sort_key(text: &str) -> CollationKey {
    let chars: Vec<char> = text.nfd().collect();
    let mut key = CollationKey {
        primary: Vec::with_capacity(chars.len()),
        secondary: Vec::new(),
        tertiary: Vec::with_capacity(chars.len()),
        identity: text.nfc().collect(),
    };
    let mut word_tones: Vec<u8> = Vec::new();
    let mut in_word = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let marks_end = chars[i + 1..]
            .iter()
            .position(|&m| !is_combining_mark(m))
            .map_or(chars.len(), |n| i + 1 + n);
        if c.is_whitespace() {
            if in_word {
                end_word(&mut key, &mut word_tones);
                in_word = false;
            }
            i += 1;
            continue;
        }
        if !in_word {
            if !key.primary.is_empty() {
                key.primary.push(SEPARATOR);
            }
            in_word = true;
        }
        // A mark with no letter before it (e.g. the text starts with one)
        // still carries a tone; its other marks only count for identity.
        let (marks, letter) = if is_combining_mark(c) {
            (&chars[i..marks_end], None)
        } else {
            (&chars[i + 1..marks_end], Some(c))
        };
        if let Some(base) = letter {
            key.primary.push(primary_weight(base, marks));
            key.tertiary.push(u8::from(base.is_uppercase()));
        }
        word_tones.extend(marks.iter().filter_map(|&m| tone_weight(m)));
        i = marks_end;
    }
    if in_word {
        end_word(&mut key, &mut word_tones);
    }
    key
}

/// Compares two texts in Vietnamese order (GRADING.md, "Class order").
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

/// Class-list order (GRADING.md, "Class order"): by given name, then family
/// name, then middle name, each in Vietnamese order.
pub fn compare_names(a: &PersonName, b: &PersonName) -> Ordering {
    compare(&a.given, &b.given)
        .then_with(|| compare(&a.family, &b.family))
        .then_with(|| compare(&a.middle, &b.middle))
}

impl PersonName {
    /// Keys for given, family and middle name; comparing them is
    /// [`compare_names`]. Use with `sort_by_cached_key` for long lists.
    pub fn sort_key(&self) -> [CollationKey; 3] {
        [
            sort_key(&self.given),
            sort_key(&self.family),
            sort_key(&self.middle),
        ]
    }
}

fn end_word(key: &mut CollationKey, word_tones: &mut Vec<u8>) {
    if word_tones.is_empty() {
        key.secondary.push(NO_TONE);
    } else {
        key.secondary.append(word_tones);
    }
    key.secondary.push(END_OF_WORD);
}

fn tone_weight(mark: char) -> Option<u8> {
    TONES
        .iter()
        .position(|&t| t == mark)
        .and_then(|n| u8::try_from(n).ok())
        .map(|n| NO_TONE + 1 + n)
}

/// The primary weight of a base character and the marks that follow it.
fn primary_weight(base: char, marks: &[char]) -> u32 {
    let lower = base.to_lowercase().next().unwrap_or(base);
    let has = |mark: char| marks.contains(&mark);
    let letter = match lower {
        'a' if has(BREVE) => 'ă',
        'a' if has(CIRCUMFLEX) => 'â',
        'e' if has(CIRCUMFLEX) => 'ê',
        'o' if has(CIRCUMFLEX) => 'ô',
        'o' if has(HORN) => 'ơ',
        'u' if has(HORN) => 'ư',
        // Legacy data types the eth (Ð, U+00D0) for Đ.
        'ð' => 'đ',
        other => other,
    };
    if let Some(rank) = ALPHABET.iter().position(|&l| l == letter) {
        ALPHABET_BAND + u32::try_from(rank).unwrap_or(0)
    } else if letter.is_alphabetic() {
        OTHER_LETTER_BAND + u32::from(letter)
    } else if letter.is_numeric() {
        DIGIT_BAND + u32::from(letter)
    } else {
        SYMBOL_BAND + u32::from(letter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn nfd(text: &str) -> String {
        text.nfd().collect()
    }

    fn sorted(texts: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        out.sort_by(|a, b| compare(a, b));
        out
    }

    fn assert_ascending(chain: &[&str]) {
        for pair in chain.windows(2) {
            assert_eq!(
                compare(pair[0], pair[1]),
                Ordering::Less,
                "{} should come before {}",
                pair[0],
                pair[1]
            );
            assert_eq!(compare(pair[1], pair[0]), Ordering::Greater);
        }
    }

    const GRADING_EXAMPLE: [&str; 9] = [
        "Đỗ Văn An",
        "Nguyễn Văn An",
        "Lê Thị Ánh",
        "Võ Thị Ăn",
        "Phạm Thị Ân",
        "Nguyễn Thị Bảo",
        "Bùi Văn Dũng",
        "Hoàng Duy",
        "Trần Văn Đức",
    ];

    fn sort_names(full_names: &[String]) -> Vec<String> {
        let mut names: Vec<PersonName> = full_names
            .iter()
            .map(|n| PersonName::split_full(n).expect("a valid name"))
            .collect();
        names.sort_by(compare_names);
        names.iter().map(PersonName::full).collect()
    }

    #[test]
    fn the_grading_example_sorts_into_class_order_from_any_shuffle() {
        let expected: Vec<String> = GRADING_EXAMPLE.iter().map(|s| s.to_string()).collect();
        let mut shuffled = expected.clone();
        shuffled.reverse();
        assert_eq!(sort_names(&shuffled), expected);
        for shift in 1..shuffled.len() {
            shuffled.rotate_left(shift);
            shuffled.swap(0, shift);
            assert_eq!(sort_names(&shuffled), expected, "from {shuffled:?}");
        }
    }

    #[test]
    fn the_grading_example_sorts_the_same_by_cached_keys() {
        let mut names: Vec<PersonName> = GRADING_EXAMPLE
            .iter()
            .rev()
            .map(|n| PersonName::split_full(n).expect("a valid name"))
            .collect();
        names.sort_by_cached_key(PersonName::sort_key);
        let full: Vec<String> = names.iter().map(PersonName::full).collect();
        assert_eq!(full, GRADING_EXAMPLE);
    }

    #[test]
    fn the_grading_example_in_nfd_and_in_capitals_sorts_the_same() {
        let expected: Vec<String> = GRADING_EXAMPLE.iter().map(|s| s.to_string()).collect();
        let decomposed: Vec<String> = GRADING_EXAMPLE.iter().rev().map(|s| nfd(s)).collect();
        assert_eq!(sort_names(&decomposed), expected);
        let capitals: Vec<String> = GRADING_EXAMPLE
            .iter()
            .rev()
            .map(|s| s.to_uppercase())
            .collect();
        let expected_capitals: Vec<String> =
            GRADING_EXAMPLE.iter().map(|s| s.to_uppercase()).collect();
        assert_eq!(sort_names(&capitals), expected_capitals);
    }

    #[test]
    fn names_sort_by_given_name_before_family_name() {
        let a = PersonName::split_full("Vũ Văn An").expect("valid");
        let b = PersonName::split_full("An Văn Bình").expect("valid");
        assert_eq!(compare_names(&a, &b), Ordering::Less);
    }

    #[test]
    fn the_middle_name_breaks_a_tie_on_given_and_family_name() {
        let a = PersonName::split_full("Nguyễn Thị An").expect("valid");
        let b = PersonName::split_full("Nguyễn Văn An").expect("valid");
        let c = PersonName::split_full("Nguyễn An").expect("valid");
        assert_eq!(compare_names(&c, &a), Ordering::Less);
        assert_eq!(compare_names(&a, &b), Ordering::Less);
    }

    #[test]
    fn tones_sort_none_huyen_hoi_nga_sac_nang() {
        assert_ascending(&["Anh", "Ành", "Ảnh", "Ãnh", "Ánh", "Ạnh"]);
        assert_ascending(&["ma", "mà", "mả", "mã", "má", "mạ"]);
    }

    #[test]
    fn a_prefix_comes_first() {
        assert_ascending(&["An", "Anh"]);
        assert_ascending(&["", "a"]);
    }

    #[test]
    fn letters_beat_tones() {
        // The primary level decides before any tone is looked at.
        assert_ascending(&["Ạn", "Anh"]);
        assert_ascending(&["Ánh", "Ăn"]);
    }

    #[test]
    fn modified_vowels_follow_their_base_vowel() {
        assert_ascending(&["An", "Ăn", "Ân", "Bn"]);
        assert_ascending(&["E", "Ê", "G"]);
        assert_ascending(&["O", "Ô", "Ơ", "P"]);
        assert_ascending(&["U", "Ư", "V"]);
    }

    #[test]
    fn d_with_stroke_is_its_own_letter_between_d_and_e() {
        assert_ascending(&["D", "Đ", "E"]);
        assert_ascending(&["Dũng", "Duy", "Đa", "Em"]);
    }

    #[test]
    fn foreign_letters_take_their_latin_places() {
        assert_ascending(&["ê", "f", "g"]);
        assert_ascending(&["i", "j", "k"]);
        assert_ascending(&["v", "w", "x"]);
        assert_ascending(&["y", "z"]);
    }

    #[test]
    fn case_only_breaks_ties_lowercase_first() {
        assert_ascending(&["an", "An", "AN", "anh"]);
        assert_ascending(&["ĂN", "ân"]);
        assert_eq!(
            sorted(&["BÌNH", "an", "Ánh", "ÂN", "bình"]),
            ["an", "Ánh", "ÂN", "bình", "BÌNH"]
        );
    }

    #[test]
    fn a_syllable_has_one_tone_wherever_the_mark_sits() {
        // Old and new tone placement differ only at the identity level.
        let old = sort_key("hoà");
        let new = sort_key("hòa");
        assert_eq!(old.primary, new.primary);
        assert_eq!(old.secondary, new.secondary);
        assert_ne!(compare("hoà", "hòa"), Ordering::Equal);
        // Huyền before sắc, whichever vowel carries it.
        assert_ascending(&["hòa", "hoá"]);
        assert_ascending(&["hoà", "hóa"]);
    }

    #[test]
    fn decomposed_text_compares_equal_to_composed_text() {
        for text in ["Nguyễn Thị Ánh", "Trần Văn Đức", "Phạm Thị Ân", "ặ", "Ờ"]
        {
            assert_ne!(nfd(text), text);
            assert_eq!(compare(text, &nfd(text)), Ordering::Equal);
            assert_eq!(sort_key(text), sort_key(&nfd(text)));
        }
    }

    #[test]
    fn extra_whitespace_only_matters_at_the_identity_level() {
        let tidy = sort_key("Lê Thị");
        let messy = sort_key("  Lê \t Thị ");
        assert_eq!(tidy.primary, messy.primary);
        assert_eq!(tidy.secondary, messy.secondary);
        assert_ascending(&["Lê Thị", "Lê Thịnh", "Lêa"]);
    }

    #[test]
    fn a_capital_eth_sorts_as_d_with_stroke() {
        assert_eq!(sort_key("\u{00D0}ức").primary, sort_key("Đức").primary);
    }

    #[test]
    fn punctuation_and_digits_sort_before_letters() {
        assert_ascending(&["-", "1", "9", "a"]);
        assert_ascending(&["10A1", "10A2", "A"]);
    }

    fn vietnamese_like() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "ă", "â", "A", "Ă", "Â", "d", "D", "đ", "Đ", "e", "ê", "Ê", "o", "ô", "ơ", "Ơ",
            "u", "ư", "Ư", "n", "N", "h", "g", "y", "i", "f", "z", "á", "ạ", "ặ", "Ặ", "ễ", "Ộ",
            "ử", "ỳ", " ", "  ", "-", "1", "ø", "\u{0300}", "\u{0301}", "\u{0303}", "\u{0309}",
            "\u{0323}", "\u{0306}", "\u{0302}", "\u{031B}", "\u{0308}",
        ]);
        prop::collection::vec(pieces, 0..8).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn comparison_is_reflexive_and_antisymmetric(a in vietnamese_like(), b in vietnamese_like()) {
            prop_assert_eq!(compare(&a, &a), Ordering::Equal);
            prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
        }

        #[test]
        fn comparison_is_transitive(
            a in vietnamese_like(),
            b in vietnamese_like(),
            c in vietnamese_like(),
        ) {
            let all = [&a, &b, &c];
            for x in all {
                for y in all {
                    for z in all {
                        if compare(x, y).is_le() && compare(y, z).is_le() {
                            prop_assert!(compare(x, z).is_le(), "{x:?} <= {y:?} <= {z:?}");
                        }
                    }
                }
            }
        }

        #[test]
        fn only_canonically_equal_texts_compare_equal(a in vietnamese_like(), b in vietnamese_like()) {
            let same_nfc = a.nfc().collect::<String>() == b.nfc().collect::<String>();
            prop_assert_eq!(compare(&a, &b) == Ordering::Equal, same_nfc);
        }

        #[test]
        fn nfc_and_nfd_forms_compare_equal(a in vietnamese_like()) {
            let composed: String = a.nfc().collect();
            let decomposed: String = a.nfd().collect();
            prop_assert_eq!(compare(&composed, &decomposed), Ordering::Equal);
            prop_assert_eq!(compare(&a, &decomposed), Ordering::Equal);
        }

        #[test]
        fn case_never_changes_the_letter_order(a in vietnamese_like(), b in vietnamese_like()) {
            let (ka, kb) = (sort_key(&a), sort_key(&b));
            prop_assume!(ka.primary != kb.primary);
            // Shouting one side and whispering the other changes nothing.
            prop_assert_eq!(compare(&a, &b), compare(&a.to_uppercase(), &b.to_lowercase()));
        }
    }
}
