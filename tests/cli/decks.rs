//! The built-in decks: they parse, meet their counts, follow each code set's format, and never ask a
//! question with two right answers, nor take a deleted CPT or HCPCS code as an answer.

use std::collections::{HashMap, HashSet};

use codedrill::builtin::BUILTIN;
use codedrill_core::answer::{code_key, split_codes, text_key};
use codedrill_core::deck::{CardContent, Side, System, parse_deck};

fn deck(name: &str) -> Vec<CardContent> {
    let deck = BUILTIN.iter().find(|d| d.name == name).unwrap();
    parse_deck(deck.csv).unwrap_or_else(|p| panic!("{name}: {p:?}"))
}

fn is_icd10cm(code: &str) -> bool {
    let b = code.as_bytes();
    let head_ok = b.len() >= 3
        && b[0].is_ascii_uppercase()
        && b[1..3]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && (b[1].is_ascii_digit() || (b[0] == b'Q' && b[1] == b'A'));
    let tail = &code[3.min(code.len())..];
    let tail_ok = tail.is_empty()
        || (tail.starts_with('.')
            && (2..=5).contains(&tail.len())
            && tail[1..]
                .bytes()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
    // A placeholder X only stands where a 7th character follows it.
    let placeholder_ok = !tail.contains('X') || tail.len() == 5;
    head_ok && tail_ok && placeholder_ok
}

fn is_cpt_style(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5
        && b[..4].iter().all(u8::is_ascii_digit)
        && (b[4].is_ascii_digit() || b[4] == b'F' || b[4] == b'T')
}

fn is_hcpcs(code: &str) -> bool {
    let b = code.as_bytes();
    // Level II letters; D-codes are the ADA's CDT and never ship.
    b.len() == 5 && b"ABCEGHJKLMPQRSTUV".contains(&b[0]) && b[1..].iter().all(u8::is_ascii_digit)
}

fn is_modifier(code: &str) -> bool {
    code.len() == 2
        && code
            .bytes()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

#[test]
fn every_deck_parses_and_meets_its_count() {
    let minimum = [
        ("icd10cm-common", 400),
        ("icd10cm-conventions", 60),
        ("cpt-style", 60),
        ("modifiers", 35),
        ("hcpcs", 60),
        ("word-parts", 200),
        ("abbreviations", 100),
        ("billing", 60),
        ("cases", 40),
    ];
    assert_eq!(BUILTIN.len(), minimum.len());
    for (name, at_least) in minimum {
        let n = deck(name).len();
        assert!(n >= at_least, "{name} has {n} cards, needs {at_least}");
    }
}

#[test]
fn every_code_follows_its_systems_format() {
    for d in BUILTIN {
        for card in deck(d.name) {
            let code = card.code.as_str();
            let ok = match card.system {
                System::IcdCm => is_icd10cm(code),
                System::CptStyle => is_cpt_style(code),
                System::Hcpcs => is_hcpcs(code),
                System::Modifier => is_modifier(code),
                System::Case => split_codes(code).all(|c| is_icd10cm(c) || is_cpt_style(c)),
                _ => true,
            };
            assert!(
                ok,
                "{}: '{code}' is not a valid {} code",
                d.name, card.system
            );
        }
    }
    assert!(is_icd10cm("S52.501A") && is_icd10cm("T36.0X1A") && is_icd10cm("I10"));
    assert!(!is_icd10cm("E11.") && !is_icd10cm("E119") && !is_icd10cm("T36.0X1"));
    assert!(!is_hcpcs("D0120") && is_hcpcs("J1100") && is_cpt_style("0042T"));
}

#[test]
fn every_icd10cm_card_is_in_the_icd_deck_with_its_official_source() {
    for card in deck("icd10cm-common") {
        assert_eq!(card.system, System::IcdCm, "{}", card.code);
        assert_eq!(card.source, "NCHS/CDC ICD-10-CM", "{}", card.code);
        assert!(card.version.starts_with("FY2026"), "{}", card.code);
        assert!(!card.category.is_empty(), "{}: chapter missing", card.code);
    }
    for card in deck("hcpcs") {
        assert_eq!(card.system, System::Hcpcs, "{}", card.code);
        assert!(
            card.source.contains("CMS") && card.version.contains("2026"),
            "{}",
            card.code
        );
    }
}

#[test]
fn case_answers_are_codes_the_other_decks_teach() {
    let icd: HashSet<String> = deck("icd10cm-common").into_iter().map(|c| c.code).collect();
    let cpt: HashSet<String> = deck("cpt-style").into_iter().map(|c| c.code).collect();
    let cases = deck("cases");
    for case in &cases {
        assert_eq!(case.system, System::Case);
        let codes: Vec<&str> = split_codes(&case.code).collect();
        assert!((1..=5).contains(&codes.len()), "{}", case.key);
        for code in codes {
            let known = if is_cpt_style(code) {
                cpt.contains(code)
            } else {
                icd.contains(code)
            };
            assert!(
                known,
                "{}: {code} is not in the ICD-10-CM or CPT-style deck",
                case.key
            );
        }
        let lines = case.description.lines().count();
        assert!((3..=8).contains(&lines), "{}: {lines} lines", case.key);
    }
}

#[test]
fn no_deck_asks_one_question_two_ways() {
    for d in BUILTIN {
        let mut prompts: HashMap<String, String> = HashMap::new();
        let mut answers: HashMap<String, String> = HashMap::new();
        for card in deck(d.name) {
            let side = card.system.asks();
            let (shown, typed) = match side {
                Side::Code => (&card.description, &card.code),
                Side::Meaning => (&card.code, &card.description),
            };
            let prompt_key = text_key(shown);
            if let Some(other) = prompts.insert(prompt_key, card.key.clone()) {
                panic!(
                    "{}: cards {other} and {} show the same prompt",
                    d.name, card.key
                );
            }
            // Code-side cards: two cards must not accept the same typed answer for different prompts
            // unless they are the same code (an answer must point to one card).
            if side == Side::Code && !matches!(card.system, System::Convention | System::Case) {
                let key = if card.system.is_code() {
                    code_key(card.system, typed)
                } else {
                    text_key(typed)
                };
                if let Some(other) = answers.insert(key, card.key.clone()) {
                    panic!(
                        "{}: cards {other} and {} have the same answer",
                        d.name, card.key
                    );
                }
            }
        }
    }
}

#[test]
fn cpt_numbers_stay_at_a_few_dozen() {
    let numbered: HashSet<String> = BUILTIN
        .iter()
        .flat_map(|d| deck(d.name))
        .filter(|c| c.system == System::CptStyle)
        .map(|c| c.code)
        .collect();
    assert!(
        numbered.len() <= 60,
        "{} CPT numbers carried",
        numbered.len()
    );
    for card in deck("cpt-style")
        .iter()
        .filter(|c| c.system == System::CptStyle)
    {
        assert!(
            card.source.contains("original"),
            "{}: not marked as an original paraphrase",
            card.code
        );
    }
}

/// One row of `scripts/checks/deleted_codes.csv`: a CPT or HCPCS number that no longer exists.
#[derive(Debug, serde::Deserialize)]
struct Deleted {
    code: String,
    system: String,
    last_day: String,
    source: String,
}

/// The table of deleted codes that this test and `scripts/checks/check_decks.py` both read.
fn deleted_codes() -> HashMap<String, Deleted> {
    let table = include_str!("../../scripts/checks/deleted_codes.csv");
    let mut reader = csv::Reader::from_reader(table.as_bytes());
    let mut codes = HashMap::new();
    for row in reader.deserialize::<Deleted>() {
        let row = row.unwrap();
        let previous = codes.insert(row.code.clone(), row);
        assert!(previous.is_none(), "{previous:?} is listed twice");
    }
    codes
}

/// A card may ask for a deleted code only when it is about the deletion: tagged `deleted` and saying so.
fn about_deletion(card: &CardContent) -> bool {
    card.tags.split_whitespace().any(|t| t == "deleted")
        && card.description.to_lowercase().contains("deleted")
}

/// The deleted codes a card would take as a right answer.
fn deleted_answers<'a>(card: &'a CardContent, deleted: &HashMap<String, Deleted>) -> Vec<&'a str> {
    let codes: Vec<&str> = if card.system == System::Case {
        split_codes(&card.code).collect()
    } else {
        vec![card.code.as_str()]
    };
    codes
        .into_iter()
        .chain(card.aliases.iter().map(String::as_str))
        .filter(|answer| deleted.contains_key(&answer.trim().to_uppercase()))
        .collect()
}

#[test]
fn the_deleted_code_table_is_dated_and_sourced() {
    let deleted = deleted_codes();
    for row in deleted.values() {
        let shape_ok = match row.system.as_str() {
            "CPT" => is_cpt_style(&row.code),
            "HCPCS" => is_hcpcs(&row.code),
            _ => false,
        };
        let date = chrono::NaiveDate::parse_from_str(&row.last_day, "%Y-%m-%d");
        assert!(shape_ok, "{}: not a {} code", row.code, row.system);
        assert!(date.is_ok(), "{}: last day {:?}", row.code, row.last_day);
        assert!(!row.source.trim().is_empty(), "{}: no source", row.code);
    }
    // The coder's review of 2026: these ended; G0136 is active in CMS's January 2026 file.
    for gone in ["J1170", "J2310", "J2311", "G0202", "99201", "99217"] {
        assert!(deleted.contains_key(gone), "{gone} missing");
    }
    assert!(!deleted.contains_key("G0136"));
    assert_eq!(deleted["J1170"].last_day, "2024-09-30");
    assert_eq!(deleted["J2310"].last_day, "2025-06-30");
}

#[test]
fn no_card_takes_a_deleted_code_as_its_answer_unless_it_is_about_the_deletion() {
    let deleted = deleted_codes();
    let mut about = 0;
    for d in BUILTIN {
        for card in deck(d.name) {
            let gone = deleted_answers(&card, &deleted);
            if !gone.is_empty() && about_deletion(&card) {
                about += 1;
                continue;
            }
            assert!(
                gone.is_empty(),
                "{}: card {} takes the deleted code(s) {gone:?} as an answer",
                d.name,
                card.key
            );
        }
    }
    assert_eq!(about, 1, "only the 99201 card asks for a deleted code");
    // The guard itself: a card that teaches the deleted hydromorphone code is caught, one about it is not.
    let mut old = CardContent::new(
        "J1170",
        "Injection, hydromorphone, up to 4 mg",
        System::Hcpcs,
    );
    assert_eq!(deleted_answers(&old, &deleted), ["J1170"]);
    assert!(!about_deletion(&old));
    old.description = "The hydromorphone code deleted after 30 September 2024".into();
    old.tags = "drugs deleted".into();
    assert!(about_deletion(&old));
    let case = CardContent::new("99214 I10", "A case", System::Case);
    assert!(deleted_answers(&case, &deleted).is_empty());
}
