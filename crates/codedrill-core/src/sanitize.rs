//! Untrusted text made safe for a terminal.
//!
//! Deck text comes from files anyone can write. An escape sequence in a description could recolour the
//! screen, move the cursor or retitle the window; a bidirectional override can make `E11.9` display as
//! something else (Trojan Source, CVE-2021-42574). Everything from a deck or from the keyboard passes
//! through [`clean`] before it is printed.

use std::borrow::Cow;

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

/// Whether `text` holds anything [`clean`] would remove (other than tabs).
pub fn has_unsafe(text: &str) -> bool {
    text.chars().any(is_unsafe)
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_invisible_format(c)
}

/// Bidirectional embeddings, overrides, isolates and marks, and the zero-width characters that can
/// make two different strings look the same.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
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
