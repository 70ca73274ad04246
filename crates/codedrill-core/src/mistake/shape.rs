//! The code system a code's shape gives away, for a deck that names none (an imported file without a
//! `system` column): so that the other side, the 7th character or an E/M level are recognised there as
//! they are in the built-in decks.

use crate::deck::System;

/// The system whose codes look like `code`; [`System::Code`] when none does. HCPCS Level II is tried
/// before ICD-10-CM: "A4253" fits both, and only an ICD-10-CM code is written with a dot.
pub fn system_by_shape(code: &str) -> System {
    let c: Vec<char> = code
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    let digits = |s: &[char]| s.iter().all(char::is_ascii_digit);
    match c.as_slice() {
        ['-', a, b] | [a, b] if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() => {
            System::Modifier
        }
        [head @ .., last]
            if c.len() == 5 && digits(head) && matches!(last, '0'..='9' | 'F' | 'T' | 'U') =>
        {
            System::CptStyle
        }
        ['A'..='V', rest @ ..] if rest.len() == 4 && digits(rest) => System::Hcpcs,
        [letter, digit, third, rest @ ..]
            if letter.is_ascii_uppercase()
                && digit.is_ascii_digit()
                && third.is_ascii_alphanumeric()
                && icd_detail(rest) =>
        {
            System::IcdCm
        }
        _ => System::Code,
    }
}

/// What may follow an ICD-10-CM category: up to four letters or digits, after a dot or not.
fn icd_detail(rest: &[char]) -> bool {
    let rest = rest.strip_prefix(&['.']).unwrap_or(rest);
    rest.len() <= 4 && rest.iter().all(char::is_ascii_alphanumeric)
}
