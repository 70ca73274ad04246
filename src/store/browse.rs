//! Cards as `codedrill cards` lists them: every side of a deck's cards still in it, with how often each
//! was answered and its last answers.

use anyhow::Result;
use chrono::{DateTime, Utc};

use codedrill_core::find::CardText;

use super::cards::{CARD_SELECT, card_row};
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
    /// The cards of `decks` (in the order given; each deck's cards in its order, a card's usual side
    /// before its other side) whose text `wanted` accepts, with their answers. A card's text is looked at
    /// where the row holds it; only a card wanted is read whole.
    pub fn list_cards(
        &self,
        decks: &[i64],
        wanted: &dyn Fn(&CardText) -> bool,
    ) -> Result<Vec<Listed>> {
        let mut cards = self.conn.prepare(&format!(
            "{CARD_SELECT} WHERE c.deck_id = ?1 AND c.active
             ORDER BY c.position, c.note_id IS NOT NULL, c.id"
        ))?;
        let mut listed = Vec::new();
        for &deck in decks {
            let mut rows = cards.query([deck])?;
            while let Some(r) = rows.next()? {
                let text = |i: usize| r.get_ref(i).map(|v| v.as_str().unwrap_or(""));
                let card = CardText {
                    key: text(2)?,
                    code: text(3)?,
                    description: text(4)?,
                    category: text(6)?,
                    tags: text(7)?,
                    aliases: text(8)?,
                };
                if wanted(&card) {
                    listed.push(self.with_answers(card_row(r)?)?);
                }
            }
        }
        Ok(listed)
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
