//! Cards gathered into their decks as the rows are read, and rows that share a key within one file: a row
//! repeated exactly is kept once and reported; a different row with the same key is refused with both line
//! numbers, unless the import says what to do (`--on-duplicate`). Nothing is dropped without a word.
//!
//! The cards are not kept here: each is handed on as it is read ([`Event`]), so an import can write them
//! while the rest of the file is read. What is kept of a card, to know a later row with its key, is its
//! text in one shared buffer (a tenth of the memory of the cards themselves).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::OnDuplicate;
use crate::deck::{CardContent, Problem, name_key};
use crate::sanitize::clean_line;
use crate::stats::IdHasher;
use crate::words::list;

/// The most line numbers a note lists.
const LINES_LISTED: usize = 10;

/// Between two fields of a card in the buffer of texts seen, and between two aliases: bytes no UTF-8
/// text holds, so two different cards never read the same there.
const FIELD_END: u8 = 0xff;
const ALIAS_END: u8 = 0xfe;

/// The cards of one deck, as the file gives them.
#[derive(Debug, PartialEq, Eq)]
pub struct ParsedDeck {
    /// The deck the file names for them (`#deck:` or a deck column); `None` for the default deck.
    pub name: Option<String>,
    pub cards: Vec<CardContent>,
    /// The line each card was read from.
    pub lines: Vec<u64>,
    /// Rows left out because an earlier row had their key (`--on-duplicate skip`).
    pub skipped: usize,
}

/// What reading a row gives, in the file's order. Nothing follows the first problem in the file, so a
/// reader that writes as it reads throws away what it wrote when the whole read fails.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// A deck the file has not named before: the next number (from 0), with the name the file gives it
    /// (`None` for the default deck), and about how many cards it will get (the file's rows for the
    /// first deck, so maps can be made that big at once; 0 for the others).
    Deck {
        name: Option<String>,
        capacity: usize,
    },
    /// The next card of deck number `deck`, read from `line`.
    Card {
        deck: usize,
        card: CardContent,
        line: u64,
    },
    /// `--on-duplicate update`: card number `index` of deck `deck` (counted as the `Card` events came)
    /// takes this card's text, read from `line`.
    Replace {
        deck: usize,
        index: usize,
        card: CardContent,
        line: u64,
    },
}

/// A card seen in a deck: where its key and text are in the buffer, its number in the deck, its line.
struct Seen {
    start: usize,
    key_end: usize,
    end: usize,
    index: usize,
    line: u64,
}

/// One deck's keys seen so far.
#[derive(Default)]
struct DeckKeys {
    /// The name as the file gives it, and as compared (`name_key`).
    name: Option<String>,
    name_key: Option<String>,
    /// Key hash to the first card seen with that hash. A hash rather than the key: no copy of 75,000
    /// keys to make and free, and a cheap one, since a local file's keys need no defence against chosen
    /// collisions. Two keys with one hash (never seen in practice) are told apart by looking through.
    by_hash: HashMap<u64, usize, BuildHasherDefault<IdHasher>>,
    seen: Vec<Seen>,
    /// Cards handed on (`Card` events).
    cards: usize,
    skipped: usize,
}

#[derive(Default)]
pub(super) struct Collector {
    policy: Option<OnDuplicate>,
    decks: Vec<DeckKeys>,
    /// Every card's key and text seen, one after the other.
    texts: Vec<u8>,
    /// About how many cards the file holds: the first deck's map is made that big at once.
    capacity: usize,
    repeats: Vec<u64>,
    settled: Vec<u64>,
    cleaned: Vec<u64>,
    spanning: Vec<u64>,
}

impl Collector {
    pub(super) fn new(policy: Option<OnDuplicate>, capacity: usize) -> Collector {
        Collector {
            policy,
            capacity,
            ..Collector::default()
        }
    }

    /// Takes one card read from `line` and hands on what it gives, or says why the file cannot be
    /// imported as it is.
    pub(super) fn add(
        &mut self,
        deck: Option<&str>,
        card: CardContent,
        line: u64,
        emit: &mut dyn FnMut(Event),
    ) -> Result<(), Problem> {
        let d = self.deck_index(deck, emit);
        let hash = key_hash(&card.key);
        let Some(earlier) = self.earlier(d, hash, &card.key) else {
            let keys = &mut self.decks[d];
            let seen = keep(&mut self.texts, &card, keys.cards, line);
            keys.by_hash.entry(hash).or_insert(keys.seen.len());
            keys.seen.push(seen);
            keys.cards += 1;
            emit(Event::Card {
                deck: d,
                card,
                line,
            });
            return Ok(());
        };
        let seen = &self.decks[d].seen[earlier];
        let (first_line, index) = (seen.line, seen.index);
        if same_text(&self.texts[seen.key_end..seen.end], &card) {
            push_line(&mut self.repeats, line);
            return Ok(());
        }
        let Some(policy) = self.policy else {
            return Err(Problem {
                line,
                message: format!(
                    "'{}' is also the key of line {first_line}, which says something else; remove one \
                     row, or import with --on-duplicate add (keep both), skip (keep line {first_line}) or \
                     update (keep this one)",
                    clean_line(&card.key)
                ),
            });
        };
        push_line(&mut self.settled, line);
        let keys = &mut self.decks[d];
        match policy {
            OnDuplicate::Skip => keys.skipped += 1,
            OnDuplicate::Update => {
                // Later rows with this key are compared with this text, as the card now holds it.
                keys.seen[earlier] = keep(&mut self.texts, &card, index, line);
                emit(Event::Replace {
                    deck: d,
                    index,
                    card,
                    line,
                });
            }
            OnDuplicate::Add => {
                keys.cards += 1;
                emit(Event::Card {
                    deck: d,
                    card,
                    line,
                });
            }
        }
        Ok(())
    }

    /// The first card seen in deck `d` with `key`, by its place in `seen`.
    fn earlier(&self, d: usize, hash: u64, key: &str) -> Option<usize> {
        let keys = &self.decks[d];
        let key_of = |s: &Seen| &self.texts[s.start..s.key_end];
        match keys.by_hash.get(&hash) {
            Some(&i) if key_of(&keys.seen[i]) == key.as_bytes() => Some(i),
            Some(_) => keys.seen.iter().position(|s| key_of(s) == key.as_bytes()),
            None => None,
        }
    }

    /// Notes that the text on `line` had invisible or control characters taken out.
    pub(super) fn cleaned(&mut self, line: u64) {
        push_line(&mut self.cleaned, line);
    }

    /// Notes that the row on `line` has a quoted field over several lines: as RFC 4180 allows, and also
    /// what a quote left open would give if it happened to close at the end of a later row.
    pub(super) fn spanning(&mut self, line: u64) {
        push_line(&mut self.spanning, line);
    }

    fn deck_index(&mut self, deck: Option<&str>, emit: &mut dyn FnMut(Event)) -> usize {
        // Most rows name the deck the one before did, in the same letters: no key to compute.
        if let Some(i) = self.decks.iter().position(|d| d.name.as_deref() == deck) {
            return i;
        }
        let key = deck.map(name_key);
        if let Some(i) = self.decks.iter().position(|d| d.name_key == key) {
            return i;
        }
        let capacity = std::mem::take(&mut self.capacity);
        self.decks.push(DeckKeys {
            name: deck.map(str::to_owned),
            name_key: key,
            by_hash: HashMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default()),
            seen: Vec::with_capacity(capacity),
            ..DeckKeys::default()
        });
        emit(Event::Deck {
            name: deck.map(str::to_owned),
            capacity,
        });
        self.decks.len() - 1
    }

    /// How many rows of each deck were skipped (`--on-duplicate skip`), and the notes to show about what
    /// was read.
    pub(super) fn finish(self) -> (Vec<usize>, Vec<String>) {
        let mut notes = Vec::new();
        let lines = |lines: &[u64]| {
            let word = if lines.len() == 1 { "line" } else { "lines" };
            format!("{word} {}", list(lines, LINES_LISTED))
        };
        if !self.repeats.is_empty() {
            notes.push(format!(
                "{} exactly and {} kept once ({})",
                match self.repeats.len() {
                    1 => "1 row repeats an earlier row".to_owned(),
                    n => format!("{n} rows repeat earlier rows"),
                },
                if self.repeats.len() == 1 {
                    "was"
                } else {
                    "were each"
                },
                lines(&self.repeats)
            ));
        }
        if let (Some(policy), false) = (self.policy, self.settled.is_empty()) {
            let done = match policy {
                OnDuplicate::Skip => "the earlier row was kept (--on-duplicate skip)",
                OnDuplicate::Update => {
                    "the later row replaced the earlier one (--on-duplicate update)"
                }
                OnDuplicate::Add => "both were kept as separate cards (--on-duplicate add)",
            };
            notes.push(format!(
                "{} the key of an earlier row with other text ({}); {done}",
                rows_have(self.settled.len()),
                lines(&self.settled)
            ));
        }
        if !self.spanning.is_empty() {
            notes.push(format!(
                "{} a field written over several lines ({}); if that is not what you meant, a quote was \
                 left open there",
                rows_have(self.spanning.len()),
                lines(&self.spanning)
            ));
        }
        if !self.cleaned.is_empty() {
            notes.push(format!(
                "invisible or control characters (such as a soft hyphen or a zero-width space) were taken \
                 out of the text on {}, so each card reads as it looks",
                lines(&self.cleaned)
            ));
        }
        (self.decks.iter().map(|d| d.skipped).collect(), notes)
    }
}

/// A card's key and text appended to `texts`, and where they are.
fn keep(texts: &mut Vec<u8>, card: &CardContent, index: usize, line: u64) -> Seen {
    let start = texts.len();
    texts.extend_from_slice(card.key.as_bytes());
    let key_end = texts.len();
    encode(card, texts);
    Seen {
        start,
        key_end,
        end: texts.len(),
        index,
        line,
    }
}

/// Everything of a card but its key, as `keep` writes it: each field ended by a byte no text holds.
fn encode(card: &CardContent, out: &mut Vec<u8>) {
    let fields = [&card.code, &card.description];
    let rest = [
        &card.category,
        &card.tags,
        &card.note,
        &card.source,
        &card.version,
    ];
    for field in fields {
        out.extend_from_slice(field.as_bytes());
        out.push(FIELD_END);
    }
    out.extend_from_slice(card.system.name().as_bytes());
    out.push(FIELD_END);
    for alias in &card.aliases {
        out.extend_from_slice(alias.as_bytes());
        out.push(ALIAS_END);
    }
    out.push(FIELD_END);
    for field in rest {
        out.extend_from_slice(field.as_bytes());
        out.push(FIELD_END);
    }
}

/// Whether `card` says exactly what the text kept of an earlier card says.
fn same_text(kept: &[u8], card: &CardContent) -> bool {
    let mut text = Vec::with_capacity(kept.len());
    encode(card, &mut text);
    kept == text.as_slice()
}

/// "1 row has", "3 rows have".
fn rows_have(n: usize) -> String {
    match n {
        1 => "1 row has".to_owned(),
        n => format!("{n} rows have"),
    }
}

fn key_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    BuildHasherDefault::<IdHasher>::default().hash_one(key)
}

/// Adds `line` unless it is the last one listed (a row giving several cards is one line).
fn push_line(lines: &mut Vec<u64>, line: u64) {
    if lines.last() != Some(&line) {
        lines.push(line);
    }
}

/// The events of a whole file gathered into its decks, for a reader that wants them all at once.
#[derive(Default)]
pub(super) struct Gathered {
    pub(super) decks: Vec<ParsedDeck>,
}

impl Gathered {
    pub(super) fn take(&mut self, event: Event) {
        match event {
            Event::Deck { name, capacity } => self.decks.push(ParsedDeck {
                name,
                cards: Vec::with_capacity(capacity),
                lines: Vec::with_capacity(capacity),
                skipped: 0,
            }),
            Event::Card { deck, card, line } => {
                let deck = &mut self.decks[deck];
                deck.cards.push(card);
                deck.lines.push(line);
            }
            Event::Replace {
                deck,
                index,
                card,
                line,
            } => {
                let deck = &mut self.decks[deck];
                deck.cards[index] = card;
                deck.lines[index] = line;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::System;

    fn card(code: &str, description: &str) -> CardContent {
        CardContent::new(code, description, System::Abbreviation)
    }

    /// A collector and the decks its events make.
    #[derive(Default)]
    struct Run {
        c: Collector,
        g: Gathered,
    }

    impl Run {
        fn new(policy: Option<OnDuplicate>) -> Run {
            Run {
                c: Collector::new(policy, 0),
                g: Gathered::default(),
            }
        }

        fn add(&mut self, deck: Option<&str>, card: CardContent, line: u64) -> Result<(), Problem> {
            let g = &mut self.g;
            self.c.add(deck, card, line, &mut |e| g.take(e))
        }

        fn finish(self) -> (Vec<ParsedDeck>, Vec<String>) {
            let (skipped, notes) = self.c.finish();
            let mut decks = self.g.decks;
            for (deck, skipped) in decks.iter_mut().zip(skipped) {
                deck.skipped = skipped;
            }
            (decks, notes)
        }
    }

    #[test]
    fn an_exact_repeat_is_kept_once_and_reported() {
        let mut c = Run::new(None);
        c.add(None, card("AB", "abortion"), 2).unwrap();
        c.add(None, card("AB", "abortion"), 5).unwrap();
        c.add(Some("Other"), card("AB", "abdomen"), 6).unwrap();
        let (decks, notes) = c.finish();
        assert_eq!(decks[0].cards.len(), 1);
        assert_eq!(decks[1].cards.len(), 1, "another deck: not a repeat");
        assert_eq!(
            notes,
            ["1 row repeats an earlier row exactly and was kept once (line 5)"]
        );
    }

    #[test]
    fn a_conflict_is_refused_with_both_lines_unless_a_policy_is_given() {
        let mut c = Run::new(None);
        c.add(None, card("AB", "abortion"), 2).unwrap();
        let problem = c.add(None, card("AB", "abdomen"), 9).unwrap_err();
        assert_eq!(problem.line, 9);
        assert!(
            problem
                .message
                .starts_with("'AB' is also the key of line 2,"),
            "{}",
            problem.message
        );
        for (policy, kept, skipped) in [
            (OnDuplicate::Skip, vec!["abortion"], 1),
            (OnDuplicate::Update, vec!["abdomen"], 0),
            (OnDuplicate::Add, vec!["abortion", "abdomen"], 0),
        ] {
            let mut c = Run::new(Some(policy));
            c.add(None, card("AB", "abortion"), 2).unwrap();
            c.add(None, card("AB", "abdomen"), 9).unwrap();
            let (decks, notes) = c.finish();
            let got: Vec<&str> = decks[0]
                .cards
                .iter()
                .map(|c| c.description.as_str())
                .collect();
            assert_eq!(got, kept, "{policy:?}");
            assert_eq!(decks[0].skipped, skipped, "{policy:?}");
            assert!(
                notes[0]
                    .starts_with("1 row has the key of an earlier row with other text (line 9); "),
                "{notes:?}"
            );
        }
    }

    #[test]
    fn an_updated_card_is_what_later_rows_are_compared_with() {
        let mut c = Run::new(Some(OnDuplicate::Update));
        c.add(None, card("AB", "abortion"), 2).unwrap();
        c.add(None, card("AB", "abdomen"), 4).unwrap();
        c.add(None, card("AB", "abdomen"), 7).unwrap();
        let (decks, notes) = c.finish();
        assert_eq!(decks[0].cards, [card("AB", "abdomen")]);
        assert_eq!(decks[0].lines, [4]);
        assert!(notes[0].ends_with("kept once (line 7)"), "{notes:?}");
    }

    #[test]
    fn every_field_and_alias_tells_cards_apart() {
        let mut one = card("AB", "abortion");
        one.aliases = vec!["a;b".into()];
        let mut two = card("AB", "abortion");
        two.aliases = vec!["a".into(), "b".into()];
        let mut three = card("AB", "abortion");
        three.note = "abortion".into();
        for other in [two, three, CardContent::new("AB", "abortion", System::Term)] {
            let mut c = Run::new(None);
            c.add(None, one.clone(), 1).unwrap();
            assert!(c.add(None, other.clone(), 2).is_err(), "{other:?}");
        }
    }

    #[test]
    fn keys_with_one_hash_are_still_told_apart() {
        let mut c = Run::new(None);
        c.add(None, card("A1", "one"), 1).unwrap();
        // As if B2 hashed like A1: the index points at A1, whose key differs.
        c.c.decks[0].by_hash.insert(key_hash("B2"), 0);
        c.add(None, card("B2", "two"), 2).unwrap();
        assert!(
            c.add(None, card("B2", "other"), 3).is_err(),
            "found by looking through"
        );
        assert_eq!(c.finish().0[0].cards.len(), 2);
    }

    #[test]
    fn deck_names_are_grouped_whatever_their_case() {
        let mut c = Run::new(None);
        c.add(Some("Cardio"), card("A", "a"), 1).unwrap();
        c.add(Some("CARDIO"), card("B", "b"), 2).unwrap();
        let (decks, _) = c.finish();
        assert_eq!(decks.len(), 1);
        assert_eq!(decks[0].name.as_deref(), Some("Cardio"));
    }
}
