//! Every deck round-trips: exported, imported and exported again, it gives the same bytes, and a deck as
//! codedrill holds one (clean, trimmed text) imports back card for card. Checked over generated decks with
//! HTML-looking text, quotes, separators, line breaks, formula-looking cells, cloze-looking codes and
//! every column. `PROPTEST_CASES=100000` runs a longer campaign.
#![allow(clippy::unwrap_used)]

use codedrill_core::deck::{CardContent, System};
use codedrill_core::export::write_deck;
use codedrill_core::import::parse;
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}

/// Pieces of text that have tripped deck readers: markup, entities, quotes, separators, formula starts,
/// the export's own guard, a hash at the start, cloze braces, words in other scripts.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9]{1,8}",
        Just("<b>".to_owned()),
        Just("</div>".to_owned()),
        Just("<laterality>".to_owned()),
        Just("&amp;".to_owned()),
        Just("&nbsp;".to_owned()),
        Just("\"".to_owned()),
        Just("\"\"".to_owned()),
        Just(",".to_owned()),
        Just(";".to_owned()),
        Just("|".to_owned()),
        Just("=".to_owned()),
        Just("+".to_owned()),
        Just("-".to_owned()),
        Just("@".to_owned()),
        Just("'".to_owned()),
        Just("'=".to_owned()),
        Just("#".to_owned()),
        Just("{{c1::".to_owned()),
        Just("}}".to_owned()),
        Just(" ".to_owned()),
        Just("é".to_owned()),
        Just("日本".to_owned()),
        Just("“".to_owned()),
    ]
}

/// A field as codedrill keeps it: trimmed, on one line unless `lines`, without separators in `without`.
fn field(lines: bool, without: &'static [char]) -> impl Strategy<Value = String> {
    let piece = prop_oneof![4 => piece(), 1 => Just(if lines { "\n" } else { " " }.to_owned())];
    proptest::collection::vec(piece, 0..8).prop_map(move |pieces| {
        let text: String = pieces
            .concat()
            .chars()
            .filter(|c| !without.contains(c))
            .collect();
        // Blank lines inside a field stay, but no line holds only spaces at the field's ends.
        text.trim().to_owned()
    })
}

fn non_empty(lines: bool) -> impl Strategy<Value = String> {
    field(lines, &[]).prop_map(|t| if t.is_empty() { "x".to_owned() } else { t })
}

fn card() -> impl Strategy<Value = CardContent> {
    let text = (
        non_empty(false),
        non_empty(true),
        proptest::sample::select(System::ALL.to_vec()),
        field(false, &[]),
        field(false, &[',', ';']),
        proptest::collection::vec(field(false, &[';']), 0..3),
    );
    let more = (
        field(true, &[]),
        field(false, &[]),
        field(false, &[]),
        field(false, &[]),
    );
    (text, more).prop_map(
        |((code, description, system, category, tags, aliases), (note, source, version, id))| {
            CardContent {
                key: if id.is_empty() { code.clone() } else { id },
                tags: tags.split_whitespace().collect::<Vec<_>>().join(" "),
                aliases: aliases.into_iter().filter(|a| !a.is_empty()).collect(),
                ..CardContent {
                    category,
                    note,
                    source,
                    version,
                    ..CardContent::new(&code, &description, system)
                }
            }
        },
    )
}

/// A deck: cards with distinct keys, as a deck in the store has.
fn deck() -> impl Strategy<Value = Vec<CardContent>> {
    proptest::collection::vec(card(), 1..12).prop_map(|mut cards| {
        let mut seen = std::collections::HashSet::new();
        cards.retain(|c| seen.insert(c.key.clone()));
        cards
    })
}

fn export(cards: &[CardContent]) -> Vec<u8> {
    let mut out = Vec::new();
    write_deck(&mut out, cards).unwrap();
    out
}

fn import(bytes: &[u8]) -> Result<Vec<CardContent>, String> {
    match parse(bytes) {
        Ok(parsed) => Ok(parsed.decks.into_iter().flat_map(|d| d.cards).collect()),
        Err(problems) => Err(format!("{problems:?}\n{}", String::from_utf8_lossy(bytes))),
    }
}

proptest! {
    // XorShift: the default ChaCha generator, unoptimised in a test build, takes most of the time.
    #![proptest_config(ProptestConfig {
        rng_algorithm: proptest::test_runner::RngAlgorithm::XorShift,
        ..ProptestConfig::with_cases(cases())
    })]

    #[test]
    fn export_import_export_gives_the_same_bytes(cards in deck()) {
        let first = export(&cards);
        let back = import(&first).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&back, &cards, "{}", String::from_utf8_lossy(&first));
        let second = export(&back);
        prop_assert_eq!(String::from_utf8_lossy(&first), String::from_utf8_lossy(&second));
    }
}
