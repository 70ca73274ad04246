//! Cards gathered into their decks as the rows are read, and rows that share a key within one file: a row
//! repeated exactly is kept once and reported; a different row with the same key is refused with both line
//! numbers, unless the import says what to do (`--on-duplicate`). Nothing is dropped without a word.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::OnDuplicate;
use crate::deck::{CardContent, Problem, name_key};
use crate::sanitize::clean_line;
use crate::stats::IdHasher;
use crate::words::list;

/// The most line numbers a note lists.
const LINES_LISTED: usize = 10;

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

#[derive(Default)]
pub(super) struct Collector {
    policy: Option<OnDuplicate>,
    decks: Vec<ParsedDeck>,
    /// Each deck's name as compared (`name_key`), beside `decks`.
    deck_keys: Vec<Option<String>>,
    /// Each deck's cards by their key's hash, beside `decks`: the index of the card in its deck. A hash
    /// rather than the key: no copy of 75,000 keys to make and free (a third of a parse), and a cheap one,
    /// since a local file's keys need no defence against chosen collisions. Two keys with one hash (never
    /// seen in practice) are told apart by looking through the deck.
    keys: Vec<HashMap<u64, usize, BuildHasherDefault<IdHasher>>>,
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

    /// Takes one card read from `line`, or says why the file cannot be imported as it is.
    pub(super) fn add(
        &mut self,
        deck: Option<&str>,
        card: CardContent,
        line: u64,
    ) -> Result<(), Problem> {
        let d = self.deck_index(deck);
        let deck = &mut self.decks[d];
        let hash = key_hash(&card.key);
        let earlier = match self.keys[d].get(&hash) {
            Some(&i) if deck.cards[i].key == card.key => Some(i),
            Some(_) => deck.cards.iter().position(|c| c.key == card.key),
            None => None,
        };
        let Some(earlier) = earlier else {
            self.keys[d].entry(hash).or_insert(deck.cards.len());
            deck.cards.push(card);
            deck.lines.push(line);
            return Ok(());
        };
        let first_line = deck.lines[earlier];
        if deck.cards[earlier] == card {
            push_line(&mut self.repeats, line);
            return Ok(());
        }
        match self.policy {
            None => Err(Problem {
                line,
                message: format!(
                    "'{}' is also the key of line {first_line}, which says something else; remove one \
                     row, or import with --on-duplicate add (keep both), skip (keep line {first_line}) or \
                     update (keep this one)",
                    clean_line(&card.key)
                ),
            }),
            Some(policy) => {
                push_line(&mut self.settled, line);
                match policy {
                    OnDuplicate::Skip => deck.skipped += 1,
                    OnDuplicate::Update => {
                        deck.cards[earlier] = card;
                        deck.lines[earlier] = line;
                    }
                    OnDuplicate::Add => {
                        deck.cards.push(card);
                        deck.lines.push(line);
                    }
                }
                Ok(())
            }
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

    fn deck_index(&mut self, deck: Option<&str>) -> usize {
        // Most rows name the deck the one before did, in the same letters: no key to compute.
        if let Some(i) = self.decks.iter().position(|d| d.name.as_deref() == deck) {
            return i;
        }
        let key = deck.map(name_key);
        match self.deck_keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                self.deck_keys.push(key);
                let capacity = std::mem::take(&mut self.capacity);
                self.keys.push(HashMap::with_capacity_and_hasher(
                    capacity,
                    BuildHasherDefault::default(),
                ));
                self.decks.push(ParsedDeck {
                    name: deck.map(str::to_owned),
                    cards: Vec::with_capacity(capacity),
                    lines: Vec::with_capacity(capacity),
                    skipped: 0,
                });
                self.decks.len() - 1
            }
        }
    }

    /// The decks, and the notes to show about what was read.
    pub(super) fn finish(self) -> (Vec<ParsedDeck>, Vec<String>) {
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
        (self.decks, notes)
    }
}

/// "1 row has", "3 rows have".
fn rows_have(n: usize) -> String {
    match n {
        1 => "1 row has".to_owned(),
        n => format!("{n} rows have"),
    }
}

fn key_hash(key: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<IdHasher>::default().hash_one(key)
}

/// Adds `line` unless it is the last one listed (a row giving several cards is one line).
fn push_line(lines: &mut Vec<u64>, line: u64) {
    if lines.last() != Some(&line) {
        lines.push(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::System;

    fn card(code: &str, description: &str) -> CardContent {
        CardContent::new(code, description, System::Abbreviation)
    }

    #[test]
    fn an_exact_repeat_is_kept_once_and_reported() {
        let mut c = Collector::new(None, 0);
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
        let mut c = Collector::new(None, 0);
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
        for (policy, kept) in [
            (OnDuplicate::Skip, vec!["abortion"]),
            (OnDuplicate::Update, vec!["abdomen"]),
            (OnDuplicate::Add, vec!["abortion", "abdomen"]),
        ] {
            let mut c = Collector::new(Some(policy), 0);
            c.add(None, card("AB", "abortion"), 2).unwrap();
            c.add(None, card("AB", "abdomen"), 9).unwrap();
            let (decks, notes) = c.finish();
            let got: Vec<&str> = decks[0]
                .cards
                .iter()
                .map(|c| c.description.as_str())
                .collect();
            assert_eq!(got, kept, "{policy:?}");
            assert!(
                notes[0]
                    .starts_with("1 row has the key of an earlier row with other text (line 9); "),
                "{notes:?}"
            );
        }
    }

    #[test]
    fn keys_with_one_hash_are_still_told_apart() {
        let mut c = Collector::new(None, 0);
        c.add(None, card("A1", "one"), 1).unwrap();
        // As if B2 hashed like A1: the index points at A1, whose key differs.
        c.keys[0].insert(key_hash("B2"), 0);
        c.add(None, card("B2", "two"), 2).unwrap();
        assert!(
            c.add(None, card("B2", "other"), 3).is_err(),
            "found by looking through"
        );
        assert_eq!(c.finish().0[0].cards.len(), 2);
    }

    #[test]
    fn deck_names_are_grouped_whatever_their_case() {
        let mut c = Collector::new(None, 0);
        c.add(Some("Cardio"), card("A", "a"), 1).unwrap();
        c.add(Some("CARDIO"), card("B", "b"), 2).unwrap();
        let (decks, _) = c.finish();
        assert_eq!(decks.len(), 1);
        assert_eq!(decks[0].name.as_deref(), Some("Cardio"));
    }
}
