//! Untrusted text made safe for a terminal.
//!
//! Deck text comes from files anyone can write. An escape sequence in a description could recolour the
//! screen, move the cursor or retitle the window; a bidirectional override can make `E11.9` display as
//! something else (Trojan Source, CVE-2021-42574). Everything from a deck or from the keyboard passes
//! through [`clean`] before it is printed, and so do file names and paths ([`clean_path`]): a file can be
//! named with an escape sequence in it.
//!
//! Invisible format characters (Unicode category Cf: a soft hyphen, zero-width spaces and joiners, tag
//! characters...) and the line and paragraph separators are removed too: `E11<soft hyphen>.9` looks like
//! `E11.9` and could never be typed.

use std::borrow::Cow;
use std::path::Path;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// `text` without control characters (line breaks kept, tabs turned into spaces) and without the
/// invisible characters that reorder or hide text.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) || c == '\t') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// [`clean`], and line breaks folded into spaces: for text that must stay on one line.
pub fn clean_line(text: &str) -> Cow<'_, str> {
    let cleaned = clean(text);
    if !cleaned.contains(['\n', '\r']) {
        return cleaned;
    }
    Cow::Owned(
        cleaned
            .split(['\n', '\r'])
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// A path or file name as it may be printed: [`clean_line`] of its text (lossily, if it is not UTF-8).
pub fn clean_path(path: &Path) -> String {
    clean_line(&path.to_string_lossy()).into_owned()
}

/// Whether `text` holds anything [`clean`] would remove (other than tabs).
pub fn has_unsafe(text: &str) -> bool {
    text.chars().any(is_unsafe)
}

fn is_unsafe(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control() && c != '\n' && c != '\t';
    }
    c.is_control() || is_invisible_format(c)
}

/// Unicode's format characters (bidirectional embeddings, overrides, isolates and marks; zero-width
/// characters; the soft hyphen; tag characters), which can make two different strings look the same, and
/// the line and paragraph separators, which terminals show as nothing.
fn is_invisible_format(c: char) -> bool {
    c == '\u{2028}' || c == '\u{2029}' || c.general_category() == GeneralCategory::Format
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_overrides_are_removed() {
        assert_eq!(clean("E11.9\u{1b}[2J\u{7}"), "E11.9[2J");
        assert_eq!(clean("abc\u{202E}fed\u{2066}"), "abcfed");
        assert_eq!(clean("a\u{0}b\u{9b}c"), "abc");
        assert_eq!(clean("zero\u{200B}width"), "zerowidth");
    }

    #[test]
    fn every_invisible_format_character_is_removed() {
        for c in [
            '\u{00AD}',
            '\u{2028}',
            '\u{2029}',
            '\u{206A}',
            '\u{206F}',
            '\u{E0041}',
            '\u{FFF9}',
            '\u{180E}',
            '\u{0600}',
            '\u{1D173}',
        ] {
            assert_eq!(clean(&format!("E11{c}.9")), "E11.9", "{:04X}", c as u32);
        }
        assert_eq!(clean("naïve café 日本"), "naïve café 日本");
        assert_eq!(
            clean_path(Path::new("deck\u{1b}]0;owned\u{7}.csv")),
            "deck]0;owned.csv"
        );
    }

    #[test]
    fn ordinary_text_is_borrowed_untouched() {
        assert!(matches!(
            clean("Type 2 diabetes, é, 日本"),
            Cow::Borrowed(_)
        ));
        assert_eq!(clean("line one\nline two"), "line one\nline two");
        assert_eq!(clean("a\tb"), "a b");
    }

    #[test]
    fn clean_line_folds_line_breaks() {
        assert_eq!(clean_line("one\ntwo\r\nthree"), "one two three");
        assert!(has_unsafe("x\u{1b}"));
        assert!(!has_unsafe("x\ny"));
    }
}
