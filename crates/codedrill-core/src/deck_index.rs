//! A deck's cards held in memory for one drill session, for the two questions a drill asks of a whole
//! deck between two cards: which cards are near this one (the wrong options of a multiple-choice
//! question), and whose answer a wrong answer was. Asked of SQLite, each scanned and sorted the whole deck
//! every time (44 ms a card in a 75,000-card deck); the deck is now read once, when first needed. Pure:
//! rows in, cards out.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::answer::{self, text_key};
use crate::deck::{CardContent, Side, System};

pub struct DeckIndex {
    /// The deck's cards (its usual side, one per note) in deck order, each with its position.
    cards: Vec<(i64, CardContent)>,
    /// What `neighbours` ranks each card on, packed close together: walking the cards themselves
    /// (a few hundred bytes each, their codes behind pointers) cost 2 ms a question in a large deck.
    near: Vec<Near>,
    /// Each card's category number alone (as in `near`): what a question looks through first.
    category_of: Vec<u32>,
    /// Each code's first three characters, numbered.
    categories: HashMap<String, u32>,
    /// Indices into `cards`, sorted by key.
    by_key: Vec<u32>,
    /// The hash of each text answer (as `text_key` has it) with the index of a card that accepts it,
    /// sorted; one list per side, built on first need. Hashes rather than the texts themselves keep a
    /// 75,000-card deck's list near 1 MiB; a match is confirmed on the card's own text.
    answers: [Option<Vec<(u64, usize)>>; 2],
}

impl DeckIndex {
    /// `cards` in deck order, each with its position.
    pub fn new(cards: Vec<(i64, CardContent)>) -> DeckIndex {
        let mut categories = HashMap::new();
        let near: Vec<Near> = cards
            .iter()
            .map(|(position, card)| {
                let next = categories.len() as u32;
                Near {
                    position: *position,
                    system: card.system,
                    category: *categories.entry(category(&card.code)).or_insert(next),
                    initial: card.code.chars().next(),
                }
            })
            .collect();
        let category_of = near.iter().map(|n: &Near| n.category).collect();
        let mut by_key: Vec<u32> = (0..cards.len() as u32).collect();
        by_key.sort_unstable_by(|&a, &b| cards[a as usize].1.key.cmp(&cards[b as usize].1.key));
        DeckIndex {
            cards,
            near,
            category_of,
            categories,
            by_key,
            answers: [None, None],
        }
    }

    /// Where the card with `key` stands in `cards`.
    fn find(&self, key: &str) -> Option<usize> {
        let at = self
            .by_key
            .binary_search_by(|&i| self.cards[i as usize].1.key.as_str().cmp(key))
            .ok()?;
        Some(self.by_key[at] as usize)
    }

    /// Up to `limit` other cards of `card`'s system, nearest first: the same first three characters of
    /// the code (the ICD-10-CM category), then the same first character, then the nearest in the deck.
    pub fn neighbours(&self, card: &CardContent, limit: usize) -> Vec<CardContent> {
        if limit == 0 {
            return Vec::new();
        }
        let me = self.find(&card.key);
        let position = me.map_or(0, |i| self.cards[i].0);
        let category = self.categories.get(&category(&card.code)).copied();
        let initial = card.code.chars().next();
        // Sort keys: false sorts first, so "not the same" goes after "the same". The index in deck order
        // breaks ties, so the result does not depend on the order of the search.
        let rank = |i: usize| {
            let n = &self.near[i];
            (
                Some(n.category) != category,
                n.initial != initial,
                n.position.abs_diff(position),
                i,
            )
        };
        let wanted = |i: usize| self.near[i].system == card.system && Some(i) != me;
        // The same category first, then the same letter, then the rest: each tier ranks after the one
        // before, so once the tiers gathered hold `limit` cards the rest of the deck cannot come among
        // the best. Walking 75,000 cards' ranks for every question cost a millisecond.
        let mut ranked: Vec<_> = match category {
            Some(category) => (self.category_of.iter().enumerate())
                .filter(|&(i, &c)| c == category && wanted(i))
                .map(|(i, _)| rank(i))
                .collect(),
            None => Vec::new(),
        };
        if ranked.len() < limit {
            ranked.extend(
                (self.near.iter().enumerate())
                    .filter(|&(i, n)| {
                        n.initial == initial && Some(n.category) != category && wanted(i)
                    })
                    .map(|(i, _)| rank(i)),
            );
        }
        if ranked.len() < limit {
            ranked.extend(
                (self.near.iter().enumerate())
                    .filter(|&(i, n)| n.initial != initial && wanted(i))
                    .map(|(i, _)| rank(i)),
            );
        }
        if ranked.len() > limit {
            ranked.select_nth_unstable(limit);
            ranked.truncate(limit);
        }
        ranked.sort_unstable();
        ranked
            .into_iter()
            .map(|(.., i)| self.cards[i].1.clone())
            .collect()
    }

    /// The first other card in the deck whose answer on `side` is `typed` (as `text_key` compares), for
    /// telling "the answer to another card" from any other wrong answer.
    pub fn answered_by(&mut self, side: Side, typed: &str, own_key: &str) -> Option<&CardContent> {
        let cards = &self.cards;
        let slot = match side {
            Side::Code => 0,
            Side::Meaning => 1,
        };
        let answers = self.answers[slot].get_or_insert_with(|| {
            let mut list: Vec<(u64, usize)> = cards
                .iter()
                .enumerate()
                .flat_map(|(i, (_, card))| accepted(card, side).map(move |key| (hash(&key), i)))
                .collect();
            // Sorted on (hash, index): a hash's cards stay in deck order.
            list.sort_unstable();
            list.dedup();
            list
        });
        let typed = text_key(typed);
        let wanted = hash(&typed);
        let start = answers.partition_point(|&(h, _)| h < wanted);
        answers[start..]
            .iter()
            .take_while(|&&(h, _)| h == wanted)
            .map(|&(_, i)| &cards[i].1)
            .find(|card| card.key != own_key && accepted(card, side).any(|key| key == typed))
    }
}

/// What `neighbours` knows of a card.
struct Near {
    position: i64,
    system: System,
    category: u32,
    initial: Option<char>,
}

/// A code's first three characters: its ICD-10-CM category, or what stands for one in other code sets.
fn category(code: &str) -> String {
    code.chars().take(3).collect()
}

/// The answers a card accepts on `side`, as `text_key` compares them.
fn accepted(card: &CardContent, side: Side) -> impl Iterator<Item = String> + '_ {
    let (answer, aliases) = answer::expected(card, side);
    std::iter::once(answer)
        .chain(aliases.iter().map(String::as_str))
        .map(text_key)
}

fn hash(key: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::System;

    fn index(cards: &[(&str, &str, System)]) -> DeckIndex {
        DeckIndex::new(
            cards
                .iter()
                .enumerate()
                .map(|(i, (code, description, system))| {
                    (i as i64 * 10, CardContent::new(code, description, *system))
                })
                .collect(),
        )
    }

    fn codes(cards: &[CardContent]) -> Vec<&str> {
        cards.iter().map(|c| c.code.as_str()).collect()
    }

    #[test]
    fn neighbours_are_the_same_category_then_letter_then_the_nearest_in_the_deck() {
        let deck = index(&[
            ("E10.9", "", System::IcdCm),
            ("I10", "", System::IcdCm),
            ("E11.9", "", System::IcdCm),
            ("E11.65", "", System::IcdCm),
            ("99213", "", System::CptStyle),
            ("J45.909", "", System::IcdCm),
            ("E11.22", "", System::IcdCm),
            ("F32.A", "", System::IcdCm),
        ]);
        let card = CardContent::new("E11.65", "", System::IcdCm);
        let all = deck.neighbours(&card, 10);
        assert_eq!(
            codes(&all),
            ["E11.9", "E11.22", "E10.9", "I10", "J45.909", "F32.A"],
            "the card itself and other systems are left out"
        );
        // Any limit gives the best of that ranking, in its order.
        for limit in 0..=all.len() + 1 {
            let some = deck.neighbours(&card, limit);
            assert_eq!(codes(&some), codes(&all[..limit.min(all.len())]), "{limit}");
        }
    }

    #[test]
    fn neighbours_are_what_ranking_the_whole_deck_gives() {
        // Codes of a few categories and letters, two systems, positions not evenly spaced.
        let codes: Vec<(String, System)> = (0..400)
            .map(|i| {
                let letter = ['A', 'B', 'E', 'S'][i % 4];
                let system = if i % 13 == 0 {
                    System::Hcpcs
                } else {
                    System::IcdCm
                };
                (format!("{letter}{}{}.{i}", i % 3, i % 7), system)
            })
            .collect();
        let deck = DeckIndex::new(
            codes
                .iter()
                .enumerate()
                .map(|(i, (code, system))| {
                    ((i * i % 997) as i64, CardContent::new(code, "", *system))
                })
                .collect(),
        );
        let whole = |card: &CardContent| {
            let me = deck.find(&card.key);
            let position = me.map_or(0, |i| deck.cards[i].0);
            let category = deck.categories.get(&category(&card.code)).copied();
            let initial = card.code.chars().next();
            let mut ranked: Vec<_> = (deck.near.iter().enumerate())
                .filter(|&(i, n)| n.system == card.system && Some(i) != me)
                .map(|(i, n)| {
                    let far = n.position.abs_diff(position);
                    (Some(n.category) != category, n.initial != initial, far, i)
                })
                .collect();
            ranked.sort_unstable();
            ranked
                .into_iter()
                .map(|(.., i)| deck.cards[i].1.code.clone())
                .collect::<Vec<_>>()
        };
        let strangers = [
            CardContent::new("E19.5", "", System::IcdCm),
            CardContent::new("Q1", "", System::Hcpcs),
        ];
        for card in deck
            .cards
            .iter()
            .step_by(7)
            .map(|(_, c)| c)
            .chain(&strangers)
        {
            let all = whole(card);
            for limit in [1, 5, 40, 120, 500] {
                let some = deck.neighbours(card, limit);
                assert_eq!(
                    codes_of(&some),
                    all[..limit.min(all.len())],
                    "{} {limit}",
                    card.code
                );
            }
        }
    }

    fn codes_of(cards: &[CardContent]) -> Vec<String> {
        cards.iter().map(|c| c.code.clone()).collect()
    }

    #[test]
    fn a_wrong_answer_is_traced_to_the_card_it_answers() {
        let mut deck = index(&[
            ("BID", "twice a day", System::Abbreviation),
            ("TID", "three times a day", System::Abbreviation),
            ("b.i.d.", "Twice a day!", System::Abbreviation),
        ]);
        let other = deck.answered_by(Side::Meaning, "three times a day", "BID");
        assert_eq!(other.map(|c| c.code.as_str()), Some("TID"));
        // Its own answer is not "another card's"; a card further on with the same meaning is.
        let other = deck.answered_by(Side::Meaning, "twice a day", "BID");
        assert_eq!(other.map(|c| c.code.as_str()), Some("b.i.d."));
        assert!(
            deck.answered_by(Side::Meaning, "four times", "BID")
                .is_none()
        );
        let other = deck.answered_by(Side::Code, "tid", "BID");
        assert_eq!(other.map(|c| c.code.as_str()), Some("TID"));
    }
}
