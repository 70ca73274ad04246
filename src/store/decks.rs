//! The decks as a person names and counts them: summaries, ids by name (with "did you mean"), a deck's
//! cards as its file would hold them, cards by state, hiding a deck and removing one.

use anyhow::{Result, bail};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, named_params, params};

use codedrill_core::deck::{CardContent, Origin, Role, name_key};
use codedrill_core::sanitize::clean_line;
use codedrill_core::schedule::State;
use codedrill_core::words::edit_distance;

use super::sql::{self, Sql};
use super::{Store, ms};
use crate::clock::Day;

/// The order decks are listed in: built-in first, in their own order, then by name.
macro_rules! builtin_first {
    () => {
        "d.origin = :builtin DESC, d.sort_order, d.name"
    };
}

/// A deck's card counts for `codedrill decks`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeckSummary {
    pub name: String,
    pub title: String,
    pub builtin: bool,
    pub role: Role,
    /// Set aside with `decks hide`: left out unless named.
    pub hidden: bool,
    pub cards: i64,
    pub new: i64,
    pub learning: i64,
    pub due: i64,
}

/// Cards by state in one deck.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateCounts {
    pub deck_id: i64,
    pub deck: String,
    pub role: Role,
    pub new: i64,
    pub learning: i64,
    pub review: i64,
    pub suspended: i64,
    pub leeches: i64,
}

/// A deck by name, for `decks remove`, `decks hide` and `decks show`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeckInfo {
    pub id: i64,
    pub name: String,
    pub builtin: bool,
    pub hidden: bool,
    pub cards: i64,
}

/// Gives every deck its name key (schema 7), and creates the index that keeps keys unique. Two decks
/// named alike before (`Cardio` and `cardio`) are both kept: the later one (never a built-in deck) is
/// renamed `cardio (2)`, and what to do is returned for the person to read.
pub(super) fn key_deck_names(tx: &rusqlite::Transaction) -> Result<Vec<String>> {
    let decks: Vec<(i64, String)> = tx
        .prepare("SELECT id, name FROM deck ORDER BY origin = ?1 DESC, id")?
        .query_map([Sql(Origin::Builtin)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut keys: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let all: std::collections::HashSet<String> = decks.iter().map(|(_, n)| name_key(n)).collect();
    let mut notices = Vec::new();
    let mut set = tx.prepare("UPDATE deck SET name = ?2, name_key = ?3 WHERE id = ?1")?;
    for (id, name) in decks {
        let key = name_key(&name);
        let Some(first) = keys.get(&key).cloned() else {
            set.execute(params![id, name, key])?;
            keys.insert(key, name);
            continue;
        };
        let renamed = (2..)
            .map(|n| format!("{name} ({n})"))
            .find(|n| !all.contains(&name_key(n)) && !keys.contains_key(&name_key(n)))
            .unwrap_or_default();
        set.execute(params![id, renamed, name_key(&renamed)])?;
        keys.insert(name_key(&renamed), renamed.clone());
        notices.push(renamed_notice(&first, &name, &renamed));
    }
    tx.execute_batch("CREATE UNIQUE INDEX deck_name_key ON deck (name_key);")?;
    Ok(notices)
}

fn renamed_notice(first: &str, name: &str, renamed: &str) -> String {
    let [first, name, renamed] = [first, name, renamed].map(|n| clean_line(n).into_owned());
    format!(
        "the decks '{first}' and '{name}' have names that differ only in case (or in how an accent is \
         typed), and codedrill now reads such names as one; '{name}' is now called '{renamed}'. To merge \
         it into '{first}': codedrill export deck '{renamed}' -o merge.csv, then codedrill import merge.csv \
         --deck '{first}', then codedrill decks remove '{renamed}' (the progress of its cards goes with it)"
    )
}

impl Store {
    /// The decks with their counts, built-in ones first in their own order.
    pub fn deck_summaries(&self, today: Day, now: DateTime<Utc>) -> Result<Vec<DeckSummary>> {
        let mut stmt = self.conn.prepare(concat!(
            "SELECT d.id, d.name, d.title, d.origin = :builtin, d.role, d.hidden FROM deck d ORDER BY ",
            builtin_first!()
        ))?;
        let rows = stmt.query_map(named_params! {":builtin": Sql(Origin::Builtin)}, |r| {
            let summary = DeckSummary {
                name: r.get(1)?,
                title: r.get(2)?,
                builtin: r.get(3)?,
                role: sql::word(r, 4)?,
                hidden: r.get(5)?,
                cards: 0,
                new: 0,
                learning: 0,
                due: 0,
            };
            Ok((r.get(0)?, summary))
        })?;
        let mut decks: Vec<(i64, DeckSummary)> = rows.collect::<rusqlite::Result<_>>()?;
        // Counted by deck and state in the queue's index (schema 12), in its order: no card row is read.
        // New cards, most of a freshly imported code set, are only counted; the due sums are taken over
        // the rest, a range of the index per deck (together a third less work than one pass doing both).
        let mut usual = self.conn.prepare_cached(
            "SELECT deck_id, state, count(*) FROM card
             WHERE active AND NOT suspended AND note_id IS NULL GROUP BY deck_id, state",
        )?;
        let mut rows = usual.query([])?;
        while let Some(r) = rows.next()? {
            let deck: i64 = r.get(0)?;
            if let Some((_, d)) = decks.iter_mut().find(|(id, _)| *id == deck) {
                let count: i64 = r.get(2)?;
                d.cards += count;
                if sql::coded(r, 1, "a card state", State::from_i64)? == State::New {
                    d.new += count;
                }
            }
        }
        let end_of_today = ms(crate::clock::day_start(today + 1));
        let until = end_of_today.max(ms(now));
        let mut started = self.conn.prepare_cached(
            "SELECT state, count(*),
                    coalesce(sum(due <= CASE WHEN state = :review THEN :today ELSE :until END), 0)
             FROM card WHERE deck_id = :deck AND state > :new AND active AND NOT suspended
             GROUP BY state",
        )?;
        for (deck, d) in &mut decks {
            let params = named_params! {":review": State::Review as i64, ":today": today,
            ":until": until, ":deck": *deck, ":new": State::New as i64};
            let mut rows = started.query(params)?;
            while let Some(r) = rows.next()? {
                let (all, due): (i64, i64) = (r.get(1)?, r.get(2)?);
                match sql::coded(r, 0, "a card state", State::from_i64)? {
                    State::New => {}
                    State::Learning | State::Relearning => {
                        (d.learning, d.due) = (d.learning + all, d.due + due)
                    }
                    State::Review => d.due += due,
                }
            }
        }
        Ok(decks.into_iter().map(|(_, d)| d).collect())
    }

    /// Cards by state for each deck: the usual sides and the reverse ones alike.
    pub fn state_counts(&self) -> Result<Vec<StateCounts>> {
        let mut stmt = self.conn.prepare(concat!(
            "SELECT d.id, d.name, d.role FROM deck d ORDER BY ",
            builtin_first!()
        ))?;
        let rows = stmt.query_map(named_params! {":builtin": Sql(Origin::Builtin)}, |r| {
            Ok(StateCounts {
                deck_id: r.get(0)?,
                deck: r.get(1)?,
                role: sql::word(r, 2)?,
                new: 0,
                learning: 0,
                review: 0,
                suspended: 0,
                leeches: 0,
            })
        })?;
        let mut decks: Vec<StateCounts> = rows.collect::<rusqlite::Result<_>>()?;
        // As in `deck_summaries`: by deck and state, in the queue's index.
        let mut stmt = self.conn.prepare(
            "SELECT deck_id, state, count(*) - sum(suspended), sum(suspended), sum(leech)
             FROM card WHERE active GROUP BY deck_id, state",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let deck: i64 = r.get(0)?;
            let Some(d) = decks.iter_mut().find(|d| d.deck_id == deck) else {
                continue;
            };
            let (ready, suspended, leeches): (i64, i64, i64) = (r.get(2)?, r.get(3)?, r.get(4)?);
            (d.suspended, d.leeches) = (d.suspended + suspended, d.leeches + leeches);
            match sql::coded(r, 1, "a card state", State::from_i64)? {
                State::New => d.new += ready,
                State::Learning | State::Relearning => d.learning += ready,
                State::Review => d.review += ready,
            }
        }
        Ok(decks)
    }

    /// The ids of the named decks (whatever their case or Unicode form), in the order given; an unknown name
    /// is an error that lists the decks.
    pub fn deck_ids(&self, names: &[String]) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        for name in names {
            let id: Option<i64> = self
                .conn
                .query_row(
                    "SELECT id FROM deck WHERE name_key = ?1",
                    [name_key(name)],
                    |r| r.get(0),
                )
                .optional()?;
            match id {
                Some(id) => ids.push(id),
                None => bail!(self.unknown_deck(name)?),
            }
        }
        Ok(ids)
    }

    /// The decks a command covers when none is named, built-in first: every deck but the hidden ones.
    pub fn all_deck_ids(&self) -> Result<Vec<i64>> {
        self.ids_where("NOT d.hidden")
    }

    /// Every deck id, hidden ones too: for what belongs to the person whatever they study (exports, their
    /// own FSRS parameters).
    pub fn deck_ids_with_hidden(&self) -> Result<Vec<i64>> {
        self.ids_where("1")
    }

    fn ids_where(&self, condition: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id FROM deck d WHERE {condition} ORDER BY {}",
            builtin_first!()
        ))?;
        let ids = stmt.query_map(named_params! {":builtin": Sql(Origin::Builtin)}, |r| {
            r.get(0)
        })?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// The names of the hidden decks, built-in first.
    pub fn hidden_decks(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(concat!(
            "SELECT name FROM deck d WHERE d.hidden ORDER BY ",
            builtin_first!()
        ))?;
        let names = stmt.query_map(named_params! {":builtin": Sql(Origin::Builtin)}, |r| {
            r.get(0)
        })?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }

    /// Hides a deck or shows it again; its cards and progress are untouched.
    pub fn set_hidden(&mut self, id: i64, hidden: bool) -> Result<()> {
        self.conn.execute(
            "UPDATE deck SET hidden = ?2 WHERE id = ?1",
            rusqlite::params![id, hidden],
        )?;
        Ok(())
    }

    fn unknown_deck(&self, name: &str) -> Result<String> {
        let mut stmt = self.conn.prepare("SELECT name FROM deck ORDER BY name")?;
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let clean = clean_line(name);
        let key = name_key(name);
        let near = names
            .iter()
            .filter(|n| {
                let n = name_key(n);
                n.contains(&key) || key.contains(&n) || edit_distance(&n, &key) <= 2
            })
            .cloned()
            .collect::<Vec<_>>();
        Ok(if near.is_empty() {
            format!(
                "there is no deck named '{clean}'. The decks are: {}. Run `codedrill decks` to see them",
                names.join(", ")
            )
        } else {
            format!(
                "there is no deck named '{clean}'. Did you mean {}?",
                near.join(" or ")
            )
        })
    }

    /// How many standing reviews (answers taken back and practice left out) a deck's cards hold: every
    /// one is read, so only what needs the number asks (removing a deck says what it deletes).
    pub fn deck_reviews(&self, deck_id: i64) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM standing_review r JOIN card c ON c.id = r.card_id WHERE c.deck_id = ?1",
            [deck_id],
            |r| r.get(0),
        )?)
    }

    /// A deck by name (whatever its case or Unicode form); an unknown name is an error that lists the decks or suggests one.
    pub fn deck_named(&self, name: &str) -> Result<DeckInfo> {
        match self.deck_info(name)? {
            Some(info) => Ok(info),
            None => bail!(self.unknown_deck(name)?),
        }
    }

    /// A deck by name (whatever its case or Unicode form), with how much progress it holds.
    pub fn deck_info(&self, name: &str) -> Result<Option<DeckInfo>> {
        let found = self.conn.query_row(
            "SELECT d.id, d.name, d.origin = :builtin, d.hidden,
                    (SELECT count(*) FROM card c WHERE c.deck_id = d.id AND c.active AND c.note_id IS NULL)
             FROM deck d WHERE d.name_key = :key",
            named_params! {":builtin": Sql(Origin::Builtin), ":key": name_key(name)},
            |r| {
                Ok(DeckInfo {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    builtin: r.get(2)?,
                    hidden: r.get(3)?,
                    cards: r.get(4)?,
                })
            },
        );
        Ok(found.optional()?)
    }

    /// Whether a deck is drilled both ways: some of its cards have their other side too (made the first
    /// time a drill asks for it, `ensure_sides`).
    pub fn drilled_both_ways(&self, deck_id: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM card WHERE deck_id = ?1 AND note_id IS NOT NULL AND active)",
            [deck_id],
            |r| r.get(0),
        )?)
    }

    /// Deletes a deck with its cards and their review history.
    pub fn remove_deck(&mut self, id: i64) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM deck WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// A deck's active cards in deck order, as the deck file would hold them.
    pub fn deck_cards(&self, deck_id: i64) -> Result<Vec<CardContent>> {
        Ok(self
            .deck_cards_placed(deck_id)?
            .into_iter()
            .map(|(_, card)| card)
            .collect())
    }

    /// [`Store::deck_cards`], each with its position in the deck.
    pub fn deck_cards_placed(&self, deck_id: i64) -> Result<Vec<(i64, CardContent)>> {
        let mut stmt = self.conn.prepare(
            "SELECT key, code, description, system, category, tags, aliases, note, source, version,
                    position
             FROM card WHERE deck_id = ?1 AND active AND note_id IS NULL ORDER BY position, id",
        )?;
        let rows = stmt.query_map([deck_id], |r| {
            Ok((r.get(10)?, super::cards::content_columns(r, 0)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod hiding {
    use chrono::Utc;

    use super::*;
    use crate::builtin::BUILTIN;

    #[test]
    fn a_hidden_deck_is_left_out_of_every_deck_and_stays_hidden_when_its_cards_change() {
        let mut store = Store::in_memory().unwrap();
        store.sync_builtin(BUILTIN, Utc::now()).unwrap();
        let all = store.all_deck_ids().unwrap();
        assert_eq!(all.len(), BUILTIN.len());
        let info = store.deck_info("Word-Parts").unwrap().unwrap();
        assert!(!info.hidden);
        store.set_hidden(info.id, true).unwrap();
        assert!(!store.all_deck_ids().unwrap().contains(&info.id));
        assert_eq!(store.deck_ids_with_hidden().unwrap(), all);
        assert_eq!(store.hidden_decks().unwrap(), ["word-parts"]);
        // The built-in deck re-read (a new codedrill) keeps the person's choice.
        store
            .conn
            .execute("UPDATE deck SET fingerprint = 'old'", [])
            .unwrap();
        store.sync_builtin(BUILTIN, Utc::now()).unwrap();
        assert!(store.deck_info("word-parts").unwrap().unwrap().hidden);
        let hidden: Vec<bool> = store
            .deck_summaries(0, Utc::now())
            .unwrap()
            .iter()
            .map(|d| d.hidden)
            .collect();
        assert_eq!(hidden.iter().filter(|h| **h).count(), 1);
        store.set_hidden(info.id, false).unwrap();
        assert_eq!(store.all_deck_ids().unwrap(), all);
    }
}
