//! `codedrill cards --json` (docs/json.md): written card by card as each is read, so listing every card
//! of a large collection does not hold them all in memory.

use std::cell::RefCell;
use std::io::{self, BufWriter, Write};

use anyhow::Result;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

use super::Found;
use crate::clock::Day;
use crate::store::{AnswerSource, Listed, Store};
use codedrill_core::deck::Side;
use codedrill_core::find::{date_of, due_words};
use codedrill_core::schedule::Due;

/// The object written: `schema_version`, then `cards`.
#[derive(Serialize)]
struct Json<'a> {
    schema_version: u32,
    cards: Cards<'a>,
}

/// The cards found, read from the store one at a time as the JSON is written.
struct Cards<'a> {
    store: &'a Store,
    answers: RefCell<AnswerSource>,
    found: &'a Found,
    now: DateTime<Utc>,
    today: Day,
    /// The first storage error met while writing, to return as it is rather than as a JSON error.
    failed: RefCell<Option<anyhow::Error>>,
}

/// One card (docs/json.md).
#[derive(Serialize)]
struct CardJson<'a> {
    deck: &'a str,
    key: &'a str,
    side: Side,
    code: &'a str,
    description: &'a str,
    tags: &'a str,
    deck_hidden: bool,
    state: &'static str,
    suspended: bool,
    leech: bool,
    /// A study day's date (a review), an instant (learning), or null (new).
    due: Option<String>,
    due_in_words: String,
    reviews: i64,
    lapses: u32,
    last_answers: Vec<AnswerJson<'a>>,
}

#[derive(Serialize)]
struct AnswerJson<'a> {
    at: String,
    answer: &'a str,
    correct: bool,
}

/// Writes the cards found as one JSON object on standard output.
pub(super) fn write(store: &Store, found: &Found, now: DateTime<Utc>, today: Day) -> Result<()> {
    let json = Json {
        schema_version: 1,
        cards: Cards {
            store,
            answers: RefCell::new(store.answer_source(&found.ids)?),
            found,
            now,
            today,
            failed: RefCell::new(None),
        },
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, &json);
    if let Some(err) = json.cards.failed.take() {
        return Err(err);
    }
    written?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

impl Serialize for Cards<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.found.ids.len()))?;
        for &id in &self.found.ids {
            let listed = match self.store.listed(id, &mut self.answers.borrow_mut()) {
                Ok(listed) => listed,
                Err(err) => {
                    let text = err.to_string();
                    self.failed.replace(Some(err));
                    return Err(S::Error::custom(text));
                }
            };
            let hidden = self.found.hidden.contains(&listed.card.deck);
            seq.serialize_element(&card_json(&listed, hidden, self.now, self.today))?;
        }
        seq.end()
    }
}

fn card_json(listed: &Listed, deck_hidden: bool, now: DateTime<Utc>, today: Day) -> CardJson<'_> {
    let card = &listed.card;
    CardJson {
        deck: &card.deck,
        key: &card.content.key,
        side: card.side,
        code: &card.content.code,
        description: &card.content.description,
        tags: &card.content.tags,
        deck_hidden,
        state: super::state(card),
        suspended: card.suspended,
        leech: card.leech,
        due: match card.schedule.due {
            Due::New => None,
            Due::Day(day) => Some(date_of(day).to_string()),
            Due::At(at) => Some(at.to_rfc3339_opts(SecondsFormat::Secs, true)),
        },
        due_in_words: due_words(card.schedule.due, now, today),
        reviews: listed.answers,
        lapses: card.schedule.lapses,
        last_answers: listed
            .last
            .iter()
            .map(|a| AnswerJson {
                at: a.at.to_rfc3339_opts(SecondsFormat::Secs, true),
                answer: &a.answer,
                correct: a.correct,
            })
            .collect(),
    }
}
