//! Cards as `codedrill cards` lists them: every side of a deck's cards still in it, with how often each
//! was answered and its last answers.

use anyhow::Result;
use chrono::{DateTime, Utc};

use codedrill_core::deck::CardContent;

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
    /// before its other side) whose text `wanted` accepts, with their answers.
    pub fn list_cards(
        &self,
        decks: &[i64],
        wanted: &dyn Fn(&CardContent) -> bool,
    ) -> Result<Vec<Listed>> {
        let mut cards = self.conn.prepare(&format!(
            "{CARD_SELECT} WHERE c.deck_id = ?1 AND c.active
             ORDER BY c.position, c.note_id IS NOT NULL, c.id"
        ))?;
        let mut listed = Vec::new();
        for &deck in decks {
            let rows = cards.query_map([deck], card_row)?;
            for card in rows {
                let card = card?;
                if wanted(&card.content) {
                    listed.push(self.with_answers(card)?);
                }
            }
        }
        Ok(listed)
    }

    fn with_answers(&self, card: Card) -> Result<Listed> {
        let answers = self
            .conn
            .prepare_cached("SELECT count(*) FROM kept_review WHERE card_id = ?1")?
            .query_row([card.id], |r| r.get(0))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT reviewed_at, answer, correct FROM kept_review WHERE card_id = ?1
             ORDER BY reviewed_at DESC, id DESC LIMIT ?2",
        )?;
        let last = stmt
            .query_map(rusqlite::params![card.id, LAST_ANSWERS as i64], |r| {
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
