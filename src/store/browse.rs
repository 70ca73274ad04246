//! Cards as `codedrill cards` lists them: every side of a deck's cards still in it, with how often each
//! was answered and its last answers.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, Utc};

use codedrill_core::find::CardText;

use super::{Card, FastHash, Store, from_ms};

/// How many of a card's last answers the list shows.
const LAST_ANSWERS: usize = 5;

/// A card found, with its answers.
#[derive(Clone, Debug)]
pub struct Listed {
    pub card: Card,
    /// Answers not taken back, practice included.
    pub answers: i64,
    /// The last few of them, newest first.
    pub last: Vec<LastAnswer>,
}

/// One answer as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastAnswer {
    pub at: DateTime<Utc>,
    pub answer: String,
    pub correct: bool,
}

impl Store {
    /// The ids of the cards of `decks` (in the order given; each deck's cards in its order, a card's usual
    /// side before its other side) whose text `wanted` accepts. Each card's text is looked at where its row
    /// holds it, without a copy, and only the cards wanted are sorted (SQLite's sort would copy every row).
    pub fn find_cards(
        &self,
        decks: &[i64],
        wanted: &dyn Fn(&CardText) -> bool,
    ) -> Result<Vec<i64>> {
        // One walk of the card table for every deck (`+` keeps SQLite from reaching each card through
        // the queue's index, a seek per card): 220 -> 78 ms for `cards E11.65` in the big collection.
        let mut cards = self.conn.prepare(&format!(
            "SELECT deck_id, id, position, note_id IS NOT NULL, key, code, description, aliases, category,
                    tags
             FROM card WHERE +deck_id IN ({}) AND active",
            super::id_list(decks)
        ))?;
        let mut by_deck: HashMap<i64, Vec<(i64, bool, i64)>, FastHash> = HashMap::default();
        let mut rows = cards.query([])?;
        while let Some(r) = rows.next()? {
            let text = |i: usize| r.get_ref(i).map(|v| v.as_str().unwrap_or(""));
            let card = CardText {
                key: text(4)?,
                code: text(5)?,
                description: text(6)?,
                aliases: text(7)?,
                category: text(8)?,
                tags: text(9)?,
            };
            if wanted(&card) {
                let found = (r.get(2)?, r.get(3)?, r.get(1)?);
                by_deck.entry(r.get(0)?).or_default().push(found);
            }
        }
        let mut found = Vec::new();
        for deck in decks {
            let mut in_deck = by_deck.remove(deck).unwrap_or_default();
            in_deck.sort_unstable();
            found.extend(in_deck.into_iter().map(|(_, _, id)| id));
        }
        Ok(found)
    }

    /// Where the answers of the cards `ids` are read from: for a few cards, each card's own (through the
    /// log's index on cards); for many, the log read once, since a card's answers lie on as many pages of
    /// the log as it has answers.
    pub fn answer_source(&self, ids: &[i64]) -> Result<AnswerSource> {
        Ok(AnswerSource(if ids.len() <= ONE_PASS {
            None
        } else {
            Some(self.all_answers(ids)?)
        }))
    }

    /// The answers of the cards `ids`, read in one pass over the log.
    fn all_answers(&self, ids: &[i64]) -> Result<HashMap<i64, Answers, FastHash>> {
        let mut answers: HashMap<i64, Answers, FastHash> =
            ids.iter().map(|&id| (id, Answers::default())).collect();
        let mut stmt = self
            .conn
            .prepare("SELECT card_id, reviewed_at, id, answer, correct FROM kept_review")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(card) = answers.get_mut(&r.get(0)?) {
                card.count += 1;
                card.keep((r.get(1)?, r.get(2)?), || {
                    Ok(LastAnswer {
                        at: from_ms(r.get(1)?),
                        answer: r.get(3)?,
                        correct: r.get(4)?,
                    })
                })?;
            }
        }
        Ok(answers)
    }

    /// A card found, with its answers (taken out of `source`: each card is listed once).
    pub fn listed(&self, id: i64, source: &mut AnswerSource) -> Result<Listed> {
        let card = self.card(id)?;
        match source.0.as_mut().and_then(|all| all.remove(&id)) {
            Some(found) => Ok(Listed {
                card,
                answers: found.count,
                last: found.last.into_iter().map(|(_, a)| a).collect(),
            }),
            None => self.with_answers(card),
        }
    }

    /// A card with its answers: how many, and the last few, in one query.
    fn with_answers(&self, card: Card) -> Result<Listed> {
        // The limit is written into the statement: bound as a parameter, it made SQLite prepare the
        // statement again on every call (five times slower).
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT reviewed_at, answer, correct, count(*) OVER () FROM kept_review WHERE card_id = ?1
             ORDER BY reviewed_at DESC, id DESC LIMIT {LAST_ANSWERS}"
        ))?;
        let mut answers = 0;
        let last = stmt
            .query_map([card.id], |r| {
                answers = r.get(3)?;
                Ok(LastAnswer {
                    at: from_ms(r.get(0)?),
                    answer: r.get(1)?,
                    correct: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Listed {
            card,
            answers,
            last,
        })
    }
}

/// More cards than this, and their answers are read in one pass over the log (see
/// [`Store::answer_source`]). With a million answers, one pass took 160 to 240 ms and a card's own
/// answers 50 to 80 microseconds: the two ways meet at about 3,000 cards.
const ONE_PASS: usize = 2_000;

/// The answers of many cards, read at once; `None`: each card's are read when it is listed.
pub struct AnswerSource(Option<HashMap<i64, Answers, FastHash>>);

/// One card's answers, gathered from the log in any order.
#[derive(Default)]
struct Answers {
    count: i64,
    /// The latest, newest first, each with its (time, review id) to order by.
    last: Vec<((i64, i64), LastAnswer)>,
}

impl Answers {
    /// Keeps an answer made at `order` among the latest few; `answer` reads it only when it is kept.
    fn keep(
        &mut self,
        order: (i64, i64),
        answer: impl FnOnce() -> rusqlite::Result<LastAnswer>,
    ) -> rusqlite::Result<()> {
        if self.last.len() == LAST_ANSWERS && self.last[LAST_ANSWERS - 1].0 >= order {
            return Ok(());
        }
        let at = self.last.partition_point(|(o, _)| *o > order);
        self.last.insert(at, (order, answer()?));
        self.last.truncate(LAST_ANSWERS);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SyncMode;
    use crate::store::testing::{at, content, deck, review};
    use codedrill_core::schedule::CardSchedule;

    #[test]
    fn the_log_read_once_gives_each_card_what_its_own_query_gives() {
        let mut store = Store::in_memory().unwrap();
        let cards: Vec<_> = (0..3).map(|i| content(&format!("A{i}"), "one")).collect();
        let (deck_id, _) = deck(&mut store, &cards, SyncMode::Replace);
        let ids = store.find_cards(&[deck_id], &|_| true).unwrap();
        assert_eq!(ids.len(), 3);
        let new = CardSchedule::new_card();
        // Seven answers to the first card, out of time order; two to the second; none to the third.
        for (card, minutes) in [
            (0, 5),
            (0, 1),
            (0, 9),
            (1, 3),
            (0, 7),
            (0, 2),
            (1, 4),
            (0, 8),
            (0, 6),
        ] {
            let when = at() + chrono::Duration::minutes(minutes);
            store
                .record_review(&review(ids[card], when, &new, &new), None)
                .unwrap();
        }
        let mut once = AnswerSource(Some(store.all_answers(&ids).unwrap()));
        for &id in &ids {
            let read_once = store.listed(id, &mut once).unwrap();
            let own = store.listed(id, &mut AnswerSource(None)).unwrap();
            assert_eq!(
                (read_once.answers, &read_once.last),
                (own.answers, &own.last)
            );
        }
        let first = store.listed(ids[0], &mut AnswerSource(None)).unwrap();
        let minutes: Vec<i64> = first
            .last
            .iter()
            .map(|a| (a.at - at()).num_minutes())
            .collect();
        assert_eq!((first.answers, minutes), (7, vec![9, 8, 7, 6, 5]));
    }
}
