//! Cards as `codedrill cards` lists them: every side of a deck's cards still in it, with how often each
//! was answered and its last answers.

use anyhow::Result;
use chrono::{DateTime, Utc};

use codedrill_core::find::CardText;

use super::{Card, Store, from_ms};

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
    /// holds it, without a copy.
    pub fn find_cards(
        &self,
        decks: &[i64],
        wanted: &dyn Fn(&CardText) -> bool,
    ) -> Result<Vec<i64>> {
        let mut cards = self.conn.prepare(
            "SELECT id, key, code, description, aliases, category, tags FROM card
             WHERE deck_id = ?1 AND active ORDER BY position, note_id IS NOT NULL, id",
        )?;
        let mut found = Vec::new();
        for &deck in decks {
            let mut rows = cards.query([deck])?;
            while let Some(r) = rows.next()? {
                let text = |i: usize| r.get_ref(i).map(|v| v.as_str().unwrap_or(""));
                let card = CardText {
                    key: text(1)?,
                    code: text(2)?,
                    description: text(3)?,
                    aliases: text(4)?,
                    category: text(5)?,
                    tags: text(6)?,
                };
                if wanted(&card) {
                    found.push(r.get(0)?);
                }
            }
        }
        Ok(found)
    }

    /// A card found, with its answers.
    pub fn listed(&self, id: i64) -> Result<Listed> {
        self.with_answers(self.card(id)?)
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
