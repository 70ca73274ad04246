//! Progress in SQLite: decks, cards with their schedules, sessions, and the append-only review log.
//!
//! Invariants:
//! - The review log only grows. An answer taken back (undo, or a changed grade) is not deleted: a row in
//!   `review_void` marks it. What counts answers reads the views of schema 5: `kept_review` (taken-back
//!   answers left out) or `standing_review` (practice left out too).
//! - Each answer is one transaction: the review row, the card's new schedule, the session's tally and a
//!   leech's suspension commit together, with an fsync (WAL, synchronous=FULL), before the drill shows
//!   the next card.
//! - A card's key (deck + id or code) is stable: editing a deck file keeps progress; a card that leaves
//!   the file is kept, inactive, with its history.
//! - A stored word or number the core's vocabularies do not know is an error naming the file, never a
//!   default (`sql`, `explain`).
//!
//! One room per concern, each with an `impl Store` of its own: `schema` (tables and migrations), `decks`
//! (listing, naming and hiding decks), `sync` and `merge` (writing decks and their cards), `cards` (one
//! card, leeches, suspending, sides), `browse` (cards found, with their answers), `edits` (a person's
//! edits of their cards), `due` (the session queue), `answers` (recording and voiding answers), `log`
//! (reading the review log), `settings` (sessions and stored settings), `codeset` (ICD-10-CM years read
//! from CMS's files), `moves` (cards moved to a newer year), `lock`, `backup` and `explain`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use rusqlite::Connection;

mod answers;
pub mod backup;
mod browse;
mod cards;
mod codeset;
mod decks;
mod due;
mod edits;
mod explain;
mod lock;
mod log;
mod merge;
mod moves;
mod schema;
mod settings;
mod sql;
mod sync;
#[cfg(test)]
mod testing;

pub use answers::{Batch, NewReview, StudyCard};
pub use browse::{LastAnswer, Listed};
pub use cards::Card;
pub use codedrill_core::day::from_ms;
pub use codeset::CodesetInfo;
pub use decks::{DeckInfo, DeckSummary, StateCounts};
pub use due::QueuePlan;
pub use edits::EditMark;
pub use explain::explain;
pub use lock::SessionLock;
pub use moves::{Revision, YearDeck};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use settings::MetaKey;
pub use sync::{ImportDeck, SyncCounts, SyncMode};

pub const DB_FILE: &str = "codedrill.db";

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A quick hasher for the maps of an import: keys come from our own files, not from an attacker who would
/// need SipHash's protection, and 75,000 keys are hashed twice.
type FastHash = std::hash::BuildHasherDefault<codedrill_core::stats::IdHasher>;

/// Deck ids listed for an `IN (...)`: integers from our own table, so safe in the SQL text.
fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// An instant as the store keeps it: milliseconds since the epoch (read back with [`from_ms`]).
fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

impl Store {
    /// Opens (creating if needed) the database in `dir`, upgrading its schema.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).with_context(|| {
            format!(
                "cannot create the data directory {}. Choose a folder you can write to with \
                 --data-dir or CODEDRILL_HOME",
                dir.display()
            )
        })?;
        let path = dir.join(DB_FILE);
        let conn = Connection::open(&path).with_context(|| {
            format!(
                "cannot open {}. Check that the folder is writable, or choose another with --data-dir",
                path.display()
            )
        })?;
        let mut store = Store { conn, path };
        store.prepare().map_err(|e| explain(e, &store.path))?;
        Ok(store)
    }

    /// An in-memory store, for tests and benchmarks.
    pub fn in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: PathBuf::from(":memory:"),
        };
        store.prepare()?;
        Ok(store)
    }

    /// The connection, for tests elsewhere in this crate that check the rows an action wrote.
    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refuses a file that is not ours or is newer than this build, then sets the journal and brings the
    /// schema up to date.
    fn prepare(&mut self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let app_id: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
            bail!(schema::NotOurs);
        }
        if version > SCHEMA_VERSION {
            bail!(schema::TooNew(version));
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: each answer's commit is fsynced, so a power cut cannot take back an answer already shown.
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        if version < SCHEMA_VERSION {
            self.migrate(version)?;
        }
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    /// Copies the database into the backups folder (see `backup`), named for `reason`.
    pub fn backup(&self, reason: &str) -> Result<PathBuf> {
        backup::make(&self.conn, &self.path, reason)
    }

    /// Replaces the whole database with a backup (checked first by the caller).
    pub fn restore_from(&mut self, backup: &Path) -> Result<()> {
        backup::restore(&mut self.conn, backup)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_database_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(DB_FILE),
            b"this is not sqlite, just some text ".repeat(200),
        )
        .unwrap();
        let err = Store::open(dir.path()).err().unwrap().to_string();
        assert!(
            err.contains("is damaged: your progress cannot be read"),
            "{err}"
        );
    }
}
