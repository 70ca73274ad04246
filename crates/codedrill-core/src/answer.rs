//! Judging a typed answer. Pure: text in, verdict out.
//!
//! Codes are exact: after trimming, ignoring case and an optional ICD-10-CM dot, `e119` is `E11.9`, but
//! `E11.0` is wrong and never "close enough", since a one-character slip is a different diagnosis on a
//! claim. Meanings and terms are text: case, spaces and punctuation are ignored, and any listed alias
//! is accepted. The meaning of a term may be given as any part of its definition (split at `,`, `;` or a
//! parenthesis: "fast" for "fast, rapid", "myocardial infarction" for "myocardial infarction (heart
//! attack)"), and a word in the singular or the plural ("vessels" for "vessel").

use crate::deck::{CardContent, Side, System};

crate::vocab::vocabulary! {
    /// How a card is answered.
    pub enum Mode {
        /// Type the answer (codes exactly, meanings as text).
        Type = "type",
        /// Pick the answer from four near options.
        Choice = "choice",
        /// See the card, reveal the answer, grade yourself (as in Anki).
        Flip = "flip",
        /// Type the code, with the Alphabetic Index and the Tabular List at hand (`/words`, `=CODE`):
        /// coding as the job is done.
        Lookup = "lookup",
    }
}

/// How an answer in a lookup drill used the books: how many times the Alphabetic Index or the Tabular
/// List was opened before it, and the whole time from the card shown to the answer (not capped at a
/// minute as the scheduler's answer time is: coding with the books takes longer than recall).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lookups {
    pub count: u32,
    pub coding_ms: i64,
}

/// The longest coding time kept for one answer: beyond it the learner has walked away.
pub const MAX_CODING_MS: i64 = 30 * 60_000;

/// Whether a card can be coded with the ICD-10-CM index at hand: its code side, on an ICD-10-CM card or
/// a coding case with an ICD-10-CM code in it (its other codes are typed from memory alongside).
pub fn lookup_card(content: &CardContent, side: Side) -> bool {
    side == Side::Code
        && match content.system {
            System::IcdCm => true,
            System::Case => split_codes(&content.code)
                .any(|c| crate::mistake::system_by_shape(c) == System::IcdCm),
            _ => false,
        }
}

/// How a typed answer is compared with the expected one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judging {
    Code(System),
    CodeSet,
    Text,
}

impl Judging {
    pub fn for_card(system: System, side: Side) -> Judging {
        match (side, system) {
            (Side::Code, System::Case) => Judging::CodeSet,
            (Side::Code, s) if s.is_code() => Judging::Code(s),
            _ => Judging::Text,
        }
    }
}

/// What the learner is asked to type for `card` on `side`: the expected answer and its accepted aliases.
pub fn expected(card: &CardContent, side: Side) -> (&str, &[String]) {
    match side {
        Side::Code if card.system.is_code() => (&card.code, &[]),
        Side::Code => (&card.code, &card.aliases),
        Side::Meaning => (&card.description, &card.aliases),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub correct: bool,
    /// For a coding case: each expected code and whether it was given.
    pub parts: Vec<(String, bool)>,
    /// For a coding case: codes given that are not part of the answer.
    pub extra: Vec<String>,
}

pub fn judge(card: &CardContent, side: Side, typed: &str) -> Verdict {
    let judging = Judging::for_card(card.system, side);
    let (answer, aliases) = expected(card, side);
    match judging {
        Judging::CodeSet => judge_code_set(answer, typed),
        Judging::Code(system) => Verdict {
            correct: code_key(system, typed) == code_key(system, answer),
            parts: Vec::new(),
            extra: Vec::new(),
        },
        Judging::Text => {
            let accepted = std::iter::once(answer).chain(aliases.iter().map(String::as_str));
            // The meaning of a term, not the official description of a code (which is typed whole).
            let in_parts = side == Side::Meaning && !card.system.is_code();
            let correct = accepted
                .flat_map(|a| {
                    let parts = if in_parts {
                        definition_parts(a)
                    } else {
                        Vec::new()
                    };
                    std::iter::once(a).chain(parts)
                })
                .any(|a| text_matches(a, typed));
            Verdict {
                correct,
                parts: Vec::new(),
                extra: Vec::new(),
            }
        }
    }
}

/// Whether `typed` says `accepted`: the same letters and digits in any case, spacing and punctuation, or
/// the same words with any of them singular for plural. An answer with no letter or digit in it (a
/// symbol) is compared as it is written.
fn text_matches(accepted: &str, typed: &str) -> bool {
    match text_key(accepted) {
        key if key.is_empty() => {
            !accepted.trim().is_empty()
                && accepted.trim().to_lowercase() == typed.trim().to_lowercase()
        }
        key if key == text_key(typed) => true,
        _ => {
            let (a, t) = (words(accepted), words(typed));
            a.len() == t.len() && a.iter().zip(&t).all(|(a, t)| same_word(a, t))
        }
    }
}

/// The parts of a definition, split at `,`, `;` and parentheses, that have a letter or digit in them.
fn definition_parts(definition: &str) -> Vec<&str> {
    let parts: Vec<&str> = definition
        .split([',', ';', '(', ')'])
        .map(str::trim)
        .filter(|p| p.chars().any(char::is_alphanumeric))
        .collect();
    if parts.len() > 1 { parts } else { Vec::new() }
}

/// A text's words in lower case: runs of letters and digits.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The same word, or one the plural of the other: vessel/vessels, sinus/sinuses, artery/arteries,
/// diagnosis/diagnoses.
pub(crate) fn same_word(a: &str, b: &str) -> bool {
    let plural_of = |one: &str, many: &str| {
        many.strip_suffix('s').is_some_and(|stem| stem == one)
            || many.strip_suffix("es").is_some_and(|stem| stem == one)
            || many
                .strip_suffix("ies")
                .is_some_and(|stem| one.strip_suffix('y') == Some(stem))
            || many
                .strip_suffix("es")
                .is_some_and(|stem| one.strip_suffix("is") == Some(stem))
    };
    a == b || plural_of(a, b) || plural_of(b, a)
}

/// The codes of a coding-case answer: separated by spaces, commas or semicolons.
pub fn split_codes(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|s| !s.is_empty())
}

fn judge_code_set(answer: &str, typed: &str) -> Verdict {
    let given: Vec<String> = split_codes(typed)
        .map(|c| code_key(System::Code, c))
        .collect();
    let mut parts = Vec::new();
    let mut wanted = Vec::new();
    for code in split_codes(answer) {
        let key = code_key(System::Code, code);
        parts.push((code.to_owned(), given.contains(&key)));
        wanted.push(key);
    }
    let mut extra: Vec<String> = split_codes(typed)
        .filter(|c| !wanted.contains(&code_key(System::Code, c)))
        .map(str::to_owned)
        .collect();
    extra.dedup();
    Verdict {
        correct: parts.iter().all(|(_, found)| *found) && extra.is_empty(),
        parts,
        extra,
    }
}

/// A code reduced to what identifies it: upper case, no spaces; the ICD-10-CM dot (after the third
/// character) dropped; a modifier's leading hyphen dropped. A dot anywhere else is kept, so a misplaced
/// dot does not match.
pub fn code_key(system: System, text: &str) -> String {
    let mut key: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    match system {
        System::IcdCm | System::Code | System::Case if key.matches('.').count() == 1 => {
            if let Some((at, '.')) = key.char_indices().nth(3) {
                key.remove(at);
            }
        }
        System::Modifier if key.starts_with('-') => {
            key.remove(0);
        }
        _ => {}
    }
    key
}

/// The first `n` characters of `text`, if it has that many. Codes are ASCII, but what is typed may not be:
/// slicing by character keeps any input from splitting one.
pub fn head(text: &str, n: usize) -> Option<&str> {
    match text.char_indices().nth(n) {
        Some((at, _)) => Some(&text[..at]),
        None => (text.chars().count() == n).then_some(text),
    }
}

/// Text reduced to its letters and digits, in lower case: "Twice a day." and "twice-a-day" are equal.
pub fn text_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One column of an alignment between what was typed and what was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Same(char),
    Changed(char, char),
    /// A character typed that is not in the answer.
    Extra(char),
    /// A character of the answer that was not typed.
    Missing(char),
}

/// The cheapest alignment of `typed` against `expected` (Levenshtein, ties resolved toward changes), used
/// to show where a code went wrong.
pub fn align(typed: &str, expected: &str) -> Vec<Step> {
    let a: Vec<char> = typed.chars().collect();
    let b: Vec<char> = expected.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut cost = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in cost.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in cost[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let same = usize::from(!a[i - 1].eq_ignore_ascii_case(&b[j - 1]));
            cost[i][j] = (cost[i - 1][j - 1] + same)
                .min(cost[i - 1][j] + 1)
                .min(cost[i][j - 1] + 1);
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 {
            let same = a[i - 1].eq_ignore_ascii_case(&b[j - 1]);
            if cost[i][j] == cost[i - 1][j - 1] + usize::from(!same) {
                steps.push(if same {
                    Step::Same(b[j - 1])
                } else {
                    Step::Changed(a[i - 1], b[j - 1])
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && cost[i][j] == cost[i - 1][j] + 1 {
            steps.push(Step::Extra(a[i - 1]));
            i -= 1;
        } else {
            steps.push(Step::Missing(b[j - 1]));
            j -= 1;
        }
    }
    steps.reverse();
    steps
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_books_cover_the_code_side_of_icd_10_cm_cards_and_cases_with_an_icd_10_cm_code() {
        let card = |code: &str, system| CardContent::new(code, "", system);
        assert!(lookup_card(&card("E11.22", System::IcdCm), Side::Code));
        assert!(!lookup_card(&card("E11.22", System::IcdCm), Side::Meaning));
        assert!(lookup_card(
            &card("99214 E11.22 N18.31", System::Case),
            Side::Code
        ));
        assert!(!lookup_card(&card("99214 G0439", System::Case), Side::Code));
        assert!(!lookup_card(&card("99213", System::CptStyle), Side::Code));
    }

    use super::*;
    use crate::deck::System;

    fn card(code: &str, description: &str, system: System, aliases: &[&str]) -> CardContent {
        CardContent {
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            ..CardContent::new(code, description, system)
        }
    }

    fn right(card: &CardContent, typed: &str) -> bool {
        judge(card, card.system.asks(), typed).correct
    }

    #[test]
    fn a_meaning_may_be_any_part_of_its_definition_singular_or_plural() {
        let term = |definition: &str| card("x", definition, System::Term, &[]);
        let meaning = |c: &CardContent, typed: &str| judge(c, Side::Meaning, typed).correct;
        let fast = term("fast, rapid");
        assert!(meaning(&fast, "fast") && meaning(&fast, "Rapid") && meaning(&fast, "fast, rapid"));
        assert!(!meaning(&fast, "slow"));
        let mi = term("myocardial infarction (heart attack)");
        for typed in ["myocardial infarction", "heart attack", "heart attacks"] {
            assert!(meaning(&mi, typed), "{typed}");
        }
        assert!(
            !meaning(&mi, "heart"),
            "a part is a whole part, not a word of it"
        );
        let vessel = term("vessel; duct");
        for typed in ["vessels", "ducts", "vessel"] {
            assert!(meaning(&vessel, typed), "{typed}");
        }
        assert!(meaning(&term("artery"), "arteries"));
        assert!(meaning(&term("sinuses"), "sinus"));
        assert!(meaning(&term("diagnosis"), "diagnoses"));
        // A code's official description is typed whole: its parts are not meanings of their own.
        let asthma = card(
            "J45.909",
            "Unspecified asthma, uncomplicated",
            System::IcdCm,
            &[],
        );
        assert!(!judge(&asthma, Side::Meaning, "uncomplicated").correct);
        // Codes stay exact.
        assert!(!right(
            &card("E11.9", "Type 2 diabetes mellitus", System::IcdCm, &[]),
            "E11.9s"
        ));
    }

    #[test]
    fn icd_codes_match_with_or_without_the_dot_in_any_case() {
        let c = card(
            "E11.9",
            "Type 2 diabetes mellitus without complications",
            System::IcdCm,
            &[],
        );
        for typed in ["E11.9", "e11.9", "E119", "  e119 ", "E 11.9"] {
            assert!(right(&c, typed), "{typed}");
        }
        for typed in ["E11.0", "E11", "E11.90", "E1.19", "E11..9", "", "E11,9"] {
            assert!(!right(&c, typed), "{typed}");
        }
        let seven = card("S52.501A", "Unspecified fracture...", System::IcdCm, &[]);
        assert!(right(&seven, "s52501a"));
        assert!(!right(&seven, "S52.501D"));
    }

    #[test]
    fn other_codes_have_no_optional_dot() {
        let cpt = card(
            "99213",
            "Office visit, established, low",
            System::CptStyle,
            &[],
        );
        assert!(right(&cpt, "99213"));
        assert!(!right(&cpt, "992.13"));
        assert!(
            !right(&cpt, "99313"),
            "the classic Quizlet error is wrong here"
        );
        let hcpcs = card("J1100", "Injection, dexamethasone", System::Hcpcs, &[]);
        assert!(right(&hcpcs, "j1100"));
        let modifier = card(
            "25",
            "Significant, separate E/M service",
            System::Modifier,
            &[],
        );
        assert!(right(&modifier, "-25"));
        assert!(!right(&modifier, "-52"));
    }

    #[test]
    fn meanings_ignore_case_spaces_and_punctuation_and_accept_aliases() {
        let c = card(
            "BID",
            "twice a day",
            System::Abbreviation,
            &["twice daily", "two times a day"],
        );
        for typed in [
            "twice a day",
            "Twice-a-day.",
            "TWICE DAILY",
            "two times a day",
        ] {
            assert!(right(&c, typed), "{typed}");
        }
        for typed in ["three times a day", "twice", "", "..."] {
            assert!(!right(&c, typed), "{typed}");
        }
        let symbol = card("→", "leads to", System::Term, &[]);
        assert!(
            judge(&symbol, Side::Code, " → ").correct,
            "a symbol is compared as written"
        );
        assert!(!judge(&symbol, Side::Code, "").correct);
    }

    #[test]
    fn billing_terms_are_typed_as_text_with_aliases() {
        let c = card(
            "CMS-1500",
            "The professional claim form",
            System::Billing,
            &["HCFA-1500"],
        );
        assert!(right(&c, "cms 1500"));
        assert!(right(&c, "HCFA1500"));
        assert!(!right(&c, "UB-04"));
    }

    #[test]
    fn a_code_card_never_accepts_an_alias_as_its_code() {
        let c = card(
            "I10",
            "Essential (primary) hypertension",
            System::IcdCm,
            &["I11.9"],
        );
        assert!(!right(&c, "I11.9"));
        assert!(judge(&c, Side::Meaning, "essential primary hypertension").correct);
    }

    #[test]
    fn a_case_wants_every_code_in_any_order_and_no_extra() {
        let c = card("99213 E11.9 I10", "A visit", System::Case, &[]);
        assert!(right(&c, "I10, e119 99213"));
        assert!(right(&c, "99213;E11.9;I10"));
        let partial = judge(&c, Side::Code, "99213 E11.9");
        assert!(!partial.correct);
        assert_eq!(
            partial.parts,
            [
                ("99213".into(), true),
                ("E11.9".into(), true),
                ("I10".into(), false)
            ]
        );
        let extra = judge(&c, Side::Code, "99213 E11.9 I10 Z00.00");
        assert!(!extra.correct);
        assert_eq!(extra.extra, ["Z00.00"]);
    }

    #[test]
    fn alignment_shows_changed_missing_and_extra_characters() {
        assert_eq!(
            align("E11.0", "E11.9"),
            [
                Step::Same('E'),
                Step::Same('1'),
                Step::Same('1'),
                Step::Same('.'),
                Step::Changed('0', '9')
            ]
        );
        let steps = align("E1.9", "E11.9");
        assert_eq!(
            steps
                .iter()
                .filter(|s| matches!(s, Step::Missing('1')))
                .count(),
            1
        );
        let steps = align("E111.9", "E11.9");
        assert_eq!(
            steps
                .iter()
                .filter(|s| matches!(s, Step::Extra('1')))
                .count(),
            1
        );
        assert!(align("", "").is_empty());
    }
}
