//! Fuzzing with proptest: everything that reads untrusted text (deck files, typed answers) is fed
//! arbitrary input and must not panic, must stay within its limits, and must keep its promises. Each
//! property runs 1,000 cases by default; `PROPTEST_CASES=1000000 cargo test --test cli fuzz` runs a long
//! campaign (see RELIABILITY.md).

use codedrill_core::answer::{Step, align, code_key, judge};
use codedrill_core::choice::{Choices, pick};
use codedrill_core::deck::{CardContent, Side, System, parse_deck};
use codedrill_core::mistake::{MissKind, MistakeClass, classify_code, classify_text};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}

fn system() -> impl Strategy<Value = System> {
    proptest::sample::select(System::ALL.to_vec())
}

/// Text that looks like codes, deck fields and hostile input at once.
fn texty() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?",
        "[ -~]{0,40}",
        "\\PC{0,40}",
        proptest::collection::vec(any::<char>(), 0..40).prop_map(|c| c.into_iter().collect()),
    ]
}

fn card(code: String, description: String, system: System, aliases: Vec<String>) -> CardContent {
    CardContent {
        aliases,
        ..CardContent::new(&code, &description, system)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn the_importer_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2_048)) {
        let _ = codedrill_core::import::parse(&bytes);
    }

    #[test]
    fn the_importer_takes_any_csv_like_text(text in "(#[a-z ]{0,12}:[a-z,;|]{0,6}\n){0,3}([a-zA-Z0-9,;|\t\"'<>&=\\- \r\n\u{1b}\u{202e}é]{0,30}\n){0,20}") {
        if let Ok(parsed) = codedrill_core::import::parse(text.as_bytes()) {
            for deck in parsed.decks {
                for c in deck.cards {
                    // What is imported is clean: no control or bidirectional character survives.
                    prop_assert!(!codedrill_core::sanitize::has_unsafe(&c.code));
                    prop_assert!(!codedrill_core::sanitize::has_unsafe(&c.description));
                    prop_assert!(!c.code.is_empty() && !c.description.is_empty());
                }
            }
        }
    }

    #[test]
    fn the_canonical_deck_reader_takes_any_text(text in "\\PC{0,300}") {
        let _ = parse_deck(&text);
    }

    #[test]
    fn a_card_accepts_its_own_answer_and_judging_never_panics(
        code in texty(), description in texty(), typed in texty(), system in system(), alias in texty()
    ) {
        // A deck never holds an empty code or description (the readers refuse them).
        let filled = |s: &str, or: &str| if s.trim().is_empty() { or.to_owned() } else { s.trim().to_owned() };
        let c = card(filled(&code, "X1"), filled(&description, "something"), system, vec![alias]);
        let _ = judge(&c, Side::Code, &typed);
        let _ = judge(&c, Side::Meaning, &typed);
        prop_assert!(judge(&c, Side::Code, &c.code).correct, "{:?} does not accept its own code", c);
        prop_assert!(judge(&c, Side::Meaning, &c.description).correct, "{:?} does not accept its own meaning", c);
    }

    #[test]
    fn code_keys_ignore_case_and_spaces(code in "[A-Za-z][0-9]{2}\\.?[0-9A-Za-z]{0,4}", system in system()) {
        let spaced: String = code.chars().flat_map(|c| [c, ' ']).collect();
        prop_assert_eq!(code_key(system, &code.to_lowercase()), code_key(system, &spaced.to_uppercase()));
    }

    #[test]
    fn misses_are_classified_without_panic(typed in texty(), right in texty(), other in texty(), system in system()) {
        let m = classify_code(system, &typed, &right, Some(&other), &right);
        // "No answer" exactly when nothing was typed that could be a code.
        prop_assert_eq!(m.class() == MistakeClass::NoAnswer, code_key(system, &typed).is_empty());
        // A typed code that is a real code (it has a description) is never a slip of typing.
        prop_assert_ne!(m.kind(), MissKind::Slip);
        let _ = m.explain();
        let _ = classify_text(&typed, typed.len() % 2 == 0);
    }

    #[test]
    fn the_alignment_rebuilds_both_strings(a in "\\PC{0,30}", b in "\\PC{0,30}") {
        let steps = align(&a, &b);
        let typed: String = steps.iter().filter_map(|s| match *s {
            Step::Same(c) | Step::Extra(c) => Some(c),
            Step::Changed(t, _) => Some(t),
            Step::Missing(_) => None,
        }).collect();
        let expected: String = steps.iter().filter_map(|s| match *s {
            Step::Same(c) | Step::Missing(c) => Some(c),
            Step::Changed(_, e) => Some(e),
            Step::Extra(_) => None,
        }).collect();
        // Same steps compare without case, so compare the way alignment does.
        prop_assert_eq!(typed.to_ascii_lowercase(), a.to_ascii_lowercase());
        prop_assert_eq!(expected.to_ascii_lowercase(), b.to_ascii_lowercase());
    }

    #[test]
    fn cleaned_text_holds_nothing_hostile(text in proptest::collection::vec(any::<char>(), 0..200).prop_map(|c| c.into_iter().collect::<String>())) {
        let clean = codedrill_core::sanitize::clean(&text);
        prop_assert!(!codedrill_core::sanitize::has_unsafe(&clean));
        prop_assert!(!clean.contains('\t'));
        prop_assert!(!codedrill_core::sanitize::clean_line(&text).contains('\n'));
    }

    #[test]
    fn html_becomes_text_without_panic(html in "[<>/a-z &;#0-9x\"=]{0,120}") {
        let _ = codedrill_core::html::to_text(&html);
    }

    #[test]
    fn a_choice_is_picked_only_within_its_options(typed in texty()) {
        let choices = Choices {
            options: vec!["E11.9".into(), "I10".into(), "Z23".into(), "J06.9".into()],
            right: 0,
            from: vec![None, Some(0), Some(1), Some(2)],
        };
        if let Some(i) = pick(&choices, &typed) {
            prop_assert!(i < choices.options.len());
        }
    }
}

/// A big hostile file does not make the importer's memory grow with its errors: problems stop being
/// collected at a thousand.
#[test]
fn a_file_full_of_problems_stops_at_a_thousand() {
    let mut text = String::from("code,description\n");
    for i in 0..200_000 {
        text.push_str(&format!("A{i},\n"));
    }
    let problems = codedrill_core::import::parse(text.as_bytes()).unwrap_err();
    assert_eq!(problems.len(), codedrill_core::import::MAX_PROBLEMS + 1);
    assert!(
        problems
            .last()
            .unwrap()
            .message
            .contains("stopped reading after 1000 problems")
    );
}
