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
//! from CMS's files), `index` (a year's Alphabetic Index), `moves` (cards moved to a newer year), `lock`, `backup` and `explain`.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::clock::Day;

mod answers;
pub mod backup;
mod browse;
pub mod busy;
mod cards;
pub mod check;
mod codeset;
mod decks;
mod digest;
mod due;
mod edits;
mod explain;
mod import;
mod index;
mod index_search;
mod lock;
mod log;
mod merge;
mod moves;
pub mod restore;
mod schema;
mod settings;
mod sql;
mod sync;
#[cfg(test)]
mod testing;

pub use answers::{Batch, NewReview, StudyCard};
pub use browse::{AnswerSource, LastAnswer, Listed};
pub use cards::Card;
pub use check::Damage;
pub use codedrill_core::day::from_ms;
pub use codeset::CodesetInfo;
pub use decks::{DeckInfo, DeckSummary, StateCounts};
pub use due::QueuePlan;
pub use edits::EditMark;
pub use explain::{explain, way_back};
pub use import::{ImportDone, ImportPlan, Imported, Importer};
pub use index::TabularNode;
pub use index_search::{IndexHits, book_at};
pub use lock::{Held, SessionLock};
pub use moves::{Revision, YearDeck};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use settings::MetaKey;
pub use sync::{ImportDeck, SyncCounts, SyncMode};

pub const DB_FILE: &str = "codedrill.db";

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The backup this opening made before upgrading the schema, for the command to mention.
    upgrade_backup: Option<PathBuf>,
    /// Opened on a full disk only to read (see [`Store::open_to_read`]): nothing can be saved.
    reading_only: bool,
    /// Whether the whole file passed `quick_check` since it was opened.
    checked: Cell<bool>,
    /// What opening found that a person should hear about (decks renamed by an upgrade).
    notices: Vec<String>,
}

/// Files up to this size are checked for damage every time they are opened: at a few milliseconds a
/// megabyte (BENCHMARKS.md), that stays under about 20 ms. Bigger ones are checked on the first opening
/// of each study day ([`Store::check_once_a_day`]) and before every backup.
pub const CHECK_AT_EVERY_OPEN: u64 = 8 * 1024 * 1024;

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
    /// Opens (creating if needed) the database in `dir`, upgrading its schema. A file that is not ours,
    /// newer than this build, empty where backups show there was progress, or damaged is refused with a
    /// typed error (`explain` says it in a sentence) and left as it is.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).with_context(|| {
            format!(
                "cannot create the data directory {}. Choose a folder you can write to with \
                 --data-dir or CODEDRILL_HOME",
                dir.display()
            )
        })?;
        let path = dir.join(DB_FILE);
        refuse_empty(&path)?;
        let mut store = Store::connect(path)?;
        store.prepare()?;
        Ok(store)
    }

    /// For commands that only read (`stats`, `decks`, `export`...): [`Store::open`], or, when the disk is
    /// too full for that (a write-ahead-log database needs room for its index even to be read), the file
    /// opened with an exclusive lock, which keeps that index in memory, and nothing written.
    pub fn open_to_read(dir: &Path) -> Result<Store> {
        let error = match Store::open(dir) {
            Ok(store) => return Ok(store),
            Err(error) => error,
        };
        if !explain::is_full_disk(&error) || !dir.join(DB_FILE).exists() {
            return Err(error);
        }
        let mut store = Store::connect(dir.join(DB_FILE))?;
        store.reading_only = true;
        store
            .conn
            .pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        store.conn.pragma_update(None, "query_only", true)?;
        match store.refuse_foreign_or_damaged() {
            Ok(version) if version == SCHEMA_VERSION => Ok(store),
            // Too old to read without an upgrade, which needs room: the full disk is what to explain.
            Ok(_) => Err(error),
            Err(refusal) => Err(refusal),
        }
    }

    fn connect(path: PathBuf) -> Result<Store> {
        let mut conn = Connection::open(&path).with_context(|| {
            format!(
                "cannot open {}. Check that the folder is writable, or choose another with --data-dir",
                path.display()
            )
        })?;
        conn.busy_handler(Some(busy::wait))?;
        Ok(Store {
            conn,
            path,
            upgrade_backup: None,
            reading_only: false,
            checked: Cell::new(false),
            notices: Vec::new(),
        })
    }

    /// An in-memory store, for tests and benchmarks.
    pub fn in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: PathBuf::from(":memory:"),
            upgrade_backup: None,
            reading_only: false,
            checked: Cell::new(false),
            notices: Vec::new(),
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

    /// The backup made before this opening upgraded the file to the current schema, if it did.
    pub fn upgrade_backup(&self) -> Option<&Path> {
        self.upgrade_backup.as_deref()
    }

    /// Whether the store was opened only to read, the disk being full ([`Store::open_to_read`]).
    pub fn reading_only(&self) -> bool {
        self.reading_only
    }

    /// What opening the store found that a person should hear about, once.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Refuses a file that is not ours, is newer than this build or is damaged, then sets the journal and
    /// brings the schema up to date.
    fn prepare(&mut self) -> Result<()> {
        let version = self.refuse_foreign_or_damaged()?;
        let size = std::fs::metadata(&self.path).map_or(0, |m| m.len());
        if size <= CHECK_AT_EVERY_OPEN {
            self.check_pages()?;
        }
        self.use_write_ahead_log()?;
        // FULL: each answer's commit is fsynced, so a power cut cannot take back an answer already shown.
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        if version < SCHEMA_VERSION {
            self.migrate(version)?;
        }
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    /// Switches a new database to the write-ahead log. The switch needs the file to itself and SQLite
    /// does not wait for that, so with other codedrills opening the same new file it is tried again.
    fn use_write_ahead_log(&self) -> Result<()> {
        let mut attempts = 0;
        loop {
            match self.conn.pragma_update(None, "journal_mode", "WAL") {
                Err(e) if is_busy(&e) && busy::wait(attempts) => attempts += 1,
                done => return Ok(done?),
            }
        }
    }

    /// The checks that need no writing: whose file it is, its version, its tables. Returns the version.
    fn refuse_foreign_or_damaged(&self) -> Result<i64> {
        // One snapshot: another codedrill may be creating the tables of a new file meanwhile.
        let snapshot = self.conn.unchecked_transaction()?;
        let (app_id, version, tables): (i64, i64, i64) = snapshot.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
            bail!(schema::NotOurs);
        }
        if version > SCHEMA_VERSION {
            bail!(schema::TooNew(version));
        }
        let ours = app_id == APPLICATION_ID;
        if version < 0 || (ours && version == 0 && tables > 0) {
            bail!(Damage::BadVersion(version));
        }
        if ours || version > 0 {
            // Our id with no tables at all is a file emptied by something else, not a new one.
            check::structure(&snapshot, version.max(1))?;
        }
        Ok(version)
    }

    /// Copies the database into the backups folder (see `backup`), named for `reason`. A damaged file is
    /// refused first: its copy would be no backup, and what follows a backup rewrites much of the file.
    pub fn backup(&self, reason: &str) -> Result<PathBuf> {
        self.check_pages()?;
        backup::make(&self.conn, &self.path, reason)
    }

    /// The check for damage of a file too big to check at every opening, on its first opening of the
    /// study day `today` gives; the day is recorded once the file passes. (`today` is asked only then:
    /// a ticking test clock moves on each reading.)
    pub fn check_once_a_day(&mut self, today: impl FnOnce() -> Day) -> Result<()> {
        if self.checked.get() || self.reading_only {
            return Ok(());
        }
        let today = today();
        let last: Option<Day> = self
            .meta(MetaKey::CheckedDay)?
            .and_then(|day| day.parse().ok());
        if last.is_some_and(|last| last >= today) {
            return Ok(());
        }
        self.check_pages()?;
        self.set_meta(MetaKey::CheckedDay, &today.to_string())
    }

    /// SQLite's quick check of every page, once an opening.
    fn check_pages(&self) -> Result<()> {
        if !self.checked.get() {
            check::pages(&self.conn)?;
            self.checked.set(true);
        }
        Ok(())
    }
}

/// Whether SQLite gave up because another connection held a lock.
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// The file SQLite keeps beside `path` with `suffix` (`-wal`, `-journal`...).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A 0-byte database where backups exist held progress once: refused, so it is not silently made a new,
/// empty one. Without backups it is a database being created (or never used), and opens as new.
fn refuse_empty(path: &Path) -> Result<()> {
    let empty = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.len() == 0);
    let wal = beside(path, "-wal");
    let wal_empty = !wal.exists() || empty(&wal);
    let dir = path.parent().unwrap_or(Path::new("."));
    if empty(path) && wal_empty && !backup::list(dir)?.is_empty() {
        bail!(Damage::Empty);
    }
    Ok(())
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
        let err = Store::open(dir.path()).err().unwrap();
        let err = explain(err, &dir.path().join(DB_FILE), "stats").to_string();
        assert!(
            err.contains("is damaged: your progress cannot be read"),
            "{err}"
        );
    }

    /// Zeroes one leaf page of the card table, as a failing disk would.
    fn damage_a_card_page(db: &Path) {
        let conn = Connection::open(db).unwrap();
        let page: i64 = conn
            .query_row(
                "SELECT max(pageno) FROM dbstat WHERE name = 'card' AND pagetype = 'leaf'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let size: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        drop(conn);
        let mut bytes = std::fs::read(db).unwrap();
        let at = usize::try_from((page - 1) * size).unwrap();
        bytes[at..at + usize::try_from(size).unwrap()].fill(0);
        std::fs::write(db, bytes).unwrap();
    }

    #[test]
    fn a_big_file_is_checked_once_a_day_and_before_every_backup() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        testing::one_card(&mut store);
        store
            .conn
            .execute(
                "INSERT INTO meta VALUES ('padding', zeroblob(?1))",
                [i64::try_from(CHECK_AT_EVERY_OPEN).unwrap() + 1],
            )
            .unwrap();
        store.check_once_a_day(|| 100).unwrap();
        drop(store);
        let mut store = Store::open(dir.path()).unwrap();
        store.check_once_a_day(|| 100).unwrap();
        assert_eq!(
            store.meta(MetaKey::CheckedDay).unwrap().as_deref(),
            Some("100")
        );
        drop(store);
        damage_a_card_page(&dir.path().join(DB_FILE));
        // Too big to check at every opening, and checked today already: it opens.
        let mut store = Store::open(dir.path()).unwrap();
        store.check_once_a_day(|| 100).unwrap();
        let damaged = |e: anyhow::Error| matches!(e.downcast_ref(), Some(Damage::Pages(_)));
        assert!(
            damaged(store.backup("test").unwrap_err()),
            "refused before a backup"
        );
        // The next day's first opening finds the damage before anything is written.
        let mut store = Store::open(dir.path()).unwrap();
        assert!(damaged(store.check_once_a_day(|| 101).unwrap_err()));
        assert_eq!(
            store.meta(MetaKey::CheckedDay).unwrap().as_deref(),
            Some("100")
        );
    }
}
