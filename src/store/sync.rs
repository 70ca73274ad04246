//! Decks written in bulk: the built-in decks brought up to date at start, and imports (all or nothing).
//! Each deck's cards are merged into it by `merge`.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use codedrill_core::deck::{CardContent, Origin, Role, name_key};
use codedrill_core::import::OnDuplicate;

use super::merge::sync_cards;
use super::sql::Sql;
use super::{Store, ms};
use crate::builtin::BuiltinDeck;

/// One deck of an import.
pub struct ImportDeck {
    pub name: String,
    pub role: Role,
    pub source_path: String,
    pub cards: Vec<CardContent>,
}

/// What a deck sync changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncCounts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub retired: usize,
    /// Cards a person had edited (`cards edit`) that took the file's other text again.
    pub edits_ended: usize,
}

/// How a list of cards is merged into a deck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMode {
    /// The list is the whole deck (a built-in deck): cards missing from it become inactive, and every
    /// card takes its position from the list.
    Replace,
    /// The list adds to the deck (an import): a card whose key is already there is handled as asked,
    /// new cards go after the existing ones, nothing is retired.
    Merge(OnDuplicate),
}

/// A deck's own row.
pub(super) struct DeckHeader<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub origin: Origin,
    pub role: Role,
    pub sort_order: i64,
    pub fingerprint: &'a str,
    pub source_path: &'a str,
}

impl Store {
    /// Brings the built-in decks up to date: a deck whose text changed is re-read; progress is kept.
    pub fn sync_builtin(&mut self, decks: &[BuiltinDeck], now: DateTime<Utc>) -> Result<()> {
        let known: HashMap<String, String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT name, fingerprint FROM deck WHERE origin = ?1")?;
            stmt.query_map([Sql(Origin::Builtin)], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        for (order, deck) in decks.iter().enumerate() {
            let fingerprint = codedrill_core::deck::fingerprint(deck.csv);
            if known.get(deck.name) == Some(&fingerprint) {
                continue;
            }
            let cards = codedrill_core::deck::parse_deck(deck.csv).map_err(|problems| {
                anyhow::anyhow!(
                    "the built-in deck {} is broken (line {}: {}); this is a bug in codedrill, \
                     please report it",
                    deck.name,
                    problems[0].line,
                    problems[0].message
                )
            })?;
            let header = DeckHeader {
                name: deck.name,
                title: deck.title,
                origin: Origin::Builtin,
                role: deck.role,
                sort_order: order as i64,
                fingerprint: &fingerprint,
                source_path: "",
            };
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Another codedrill starting at the same moment may have written it while this one waited.
            let current: Option<String> = tx
                .query_row(
                    "SELECT fingerprint FROM deck WHERE name = ?1 AND origin = ?2",
                    params![deck.name, Sql(Origin::Builtin)],
                    |r| r.get(0),
                )
                .optional()?;
            if current.as_ref() == Some(&fingerprint) {
                continue;
            }
            let deck_id = upsert_deck(&tx, &header, now)?;
            sync_cards(&tx, deck_id, &cards, SyncMode::Replace, &mut |_| {})?;
            // A deck of an older ICD-10-CM year than the one the learner moved to is moved again.
            super::moves::reapply(&tx, deck_id)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Imports decks in one transaction: all of them or, on any error, none. With `dry_run` the
    /// transaction is rolled back, so the counts say exactly what an import would do.
    pub fn import_decks(
        &mut self,
        decks: &[ImportDeck],
        mode: SyncMode,
        dry_run: bool,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<SyncCounts>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut all = Vec::with_capacity(decks.len());
        let mut done = 0;
        for deck in decks {
            let header = DeckHeader {
                name: &deck.name,
                title: &deck.name,
                origin: Origin::Import,
                role: deck.role,
                sort_order: 0,
                fingerprint: "",
                source_path: &deck.source_path,
            };
            let deck_id = upsert_deck(&tx, &header, now)?;
            let offset = done;
            all.push(sync_cards(&tx, deck_id, &deck.cards, mode, &mut |n| {
                progress(offset + n)
            })?);
            done += deck.cards.len();
        }
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(all)
    }
}

/// Writes a deck's own row (new, or updated when a deck has its name whatever the case) and returns its id.
/// The deck keeps the name it was created with: `cardio` imported again goes into `Cardio`.
pub(super) fn upsert_deck(tx: &Transaction, deck: &DeckHeader, now: DateTime<Utc>) -> Result<i64> {
    Ok(tx.query_row(
        "INSERT INTO deck (name, name_key, title, origin, role, sort_order, fingerprint, source_path,
                           created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
         ON CONFLICT (name_key) DO UPDATE SET title = excluded.title, origin = excluded.origin,
             role = excluded.role, sort_order = excluded.sort_order,
             fingerprint = excluded.fingerprint, source_path = excluded.source_path,
             updated_at = excluded.updated_at
         RETURNING id",
        params![
            deck.name,
            name_key(deck.name),
            deck.title,
            Sql(deck.origin),
            Sql(deck.role),
            deck.sort_order,
            deck.fingerprint,
            deck.source_path,
            ms(now)
        ],
        |r| r.get(0),
    )?)
}
