//! An import written as it is read: one write transaction that takes the cards as the command hands them
//! over (while the rest of the file is still being read on another thread), and commits only once the
//! whole file has been read without a problem. The backup before the import is copied beside the writing,
//! on a third thread, through a second connection, which sees the last commit: no other codedrill can
//! write between the transaction's start and its commit, so that copy is exactly the state the import
//! started from. It is listed (and old ones pruned) just before the commit; a file refused half way
//! leaves the database as it was and no backup.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use codedrill_core::deck::{CardContent, Origin, Role, name_key};

use super::merge::Sync;
use super::sql::Sql;
use super::sync::{DeckHeader, SyncCounts, SyncMode, upsert_deck};
use super::{Store, backup, busy};

/// How often the import reports progress (and a test may make it fail), in cards.
const EVERY: usize = 5_000;

/// From this many cards an import is big: the page cache is made [`BIG_CACHE_KIB`] for its transaction.
const BIG: usize = 20_000;
/// Enough for the pages the whole ICD-10-CM list (74,719 cards) makes dirty: 8 MiB stopped every write of
/// them to the log before the commit (2,558 fewer writes and as many fewer reads), for 6.7 MiB more at the
/// peak (BENCHMARKS.md).
const BIG_CACHE_KIB: i64 = 8_192;

/// An import under way (see [`Store::import_streamed`]).
pub struct Importer<'t> {
    tx: &'t Transaction<'t>,
    mode: SyncMode,
    now: DateTime<Utc>,
    decks: Vec<Target<'t>>,
    done: usize,
    progress: &'t mut dyn FnMut(usize),
}

/// One deck the import writes into.
struct Target<'t> {
    id: i64,
    name: String,
    sync: Sync<'t>,
    /// The place in its list of the next card handed over.
    next: i64,
}

/// What an import wrote into one deck.
pub struct Imported {
    /// The deck's name as stored (an existing deck keeps the case it was created with).
    pub name: String,
    pub counts: SyncCounts,
}

/// What [`Store::import_streamed`] did: each deck's counts, and the backup made before it (none in a dry run).
pub struct ImportDone<R> {
    pub read: R,
    pub decks: Vec<Imported>,
    pub backup: Option<PathBuf>,
}

/// How an import is written: how cards already in a deck are met, whether it is only a dry run (rolled
/// back), the time it is made at, and who is told how many cards are written.
pub struct ImportPlan<'p> {
    pub mode: SyncMode,
    pub dry_run: bool,
    pub now: DateTime<Utc>,
    pub progress: &'p mut dyn FnMut(usize),
}

impl Store {
    /// Runs `write` inside one immediate transaction, handing it an [`Importer`] to write cards with. If
    /// `write` fails or refuses (`Ok(Err(..))`: the file turned out to have problems), nothing is
    /// written; otherwise, unless a dry run (which rolls back, so the counts say what an import would
    /// do), the database is backed up as it was before and the transaction committed.
    pub fn import_streamed<R, E>(
        &mut self,
        plan: ImportPlan,
        write: impl FnOnce(&mut Importer) -> Result<Result<R, E>>,
    ) -> Result<ImportDone<Result<R, E>>> {
        if !plan.dry_run {
            // A damaged file is refused before anything is written (as `backup` does).
            self.check_pages()?;
        }
        let cache: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
        let done = self.import_in_transaction(plan, write);
        let restored = self.conn.pragma_update(None, "cache_size", cache);
        let done = done?;
        restored?;
        Ok(done)
    }

    fn import_in_transaction<R, E>(
        &mut self,
        plan: ImportPlan,
        write: impl FnOnce(&mut Importer) -> Result<Result<R, E>>,
    ) -> Result<ImportDone<Result<R, E>>> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        std::thread::scope(|scope| {
            // Copied beside the writing, from the last commit, which no one can move on until `tx` ends.
            let copying = (!plan.dry_run).then(|| scope.spawn(|| copy_before(&path)));
            let mut importer = Importer {
                tx: &tx,
                mode: plan.mode,
                now: plan.now,
                decks: Vec::new(),
                done: 0,
                progress: plan.progress,
            };
            let read = write(&mut importer);
            let decks = importer.finish();
            let copied = copying.map(|c| c.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            let (read, copied) = match (read, copied) {
                (Ok(Ok(read)), Some(copied)) => (read, copied?),
                (read, copied) => {
                    // A dry run, a refused file or a failure: the copy is not needed.
                    if let Some(Ok(copied)) = copied {
                        copied.discard();
                    }
                    let read = read?;
                    tx.rollback()?;
                    return Ok(ImportDone {
                        read,
                        decks,
                        backup: None,
                    });
                }
            };
            let backup = copied.publish()?;
            tx.commit()?;
            Ok(ImportDone {
                read: Ok(read),
                decks,
                backup: Some(backup),
            })
        })
    }
}

/// The database as it was before the import, copied into the backups folder (not yet listed), through a
/// second connection: it reads the last commit, not the import's writes.
fn copy_before(path: &Path) -> Result<backup::Copied> {
    let mut before = Connection::open(path)?;
    before.busy_handler(Some(busy::wait))?;
    backup::start(&before, path, "before-import")
}

impl<'t> Importer<'t> {
    /// The deck called `name` (created if need be, or the one whose name differs only in case), to write
    /// cards into: its number for [`Importer::card`], and its name as stored. Two names of one deck give
    /// one number. `capacity`, about how many cards will come, sizes its maps once.
    pub fn deck(
        &mut self,
        name: &str,
        source_path: &str,
        capacity: usize,
    ) -> Result<(usize, String)> {
        let stored: Option<String> = self
            .tx
            .query_row(
                "SELECT name FROM deck WHERE name_key = ?1",
                [name_key(name)],
                |r| r.get(0),
            )
            .optional()?;
        let name = stored.unwrap_or_else(|| name.to_owned());
        let header = DeckHeader {
            name: &name,
            title: &name,
            origin: Origin::Import,
            // Known once every card is read (`set_role`).
            role: Role::Other,
            sort_order: 0,
            fingerprint: "",
            source_path,
        };
        let id = upsert_deck(self.tx, &header, self.now)?;
        if capacity >= BIG {
            // The pages a big import makes dirty then stay in memory until the commit, rather than being
            // written to the log half way and read back (put back as it was after the transaction).
            self.tx.pragma_update(None, "cache_size", -BIG_CACHE_KIB)?;
        }
        if let Some(slot) = self.decks.iter().position(|d| d.id == id) {
            return Ok((slot, name));
        }
        let sync = Sync::new(self.tx, id, self.mode, capacity)?;
        let next = sync.base;
        self.decks.push(Target {
            id,
            name: name.clone(),
            sync,
            next,
        });
        Ok((self.decks.len() - 1, name))
    }

    /// The next card of deck number `slot`.
    pub fn card(&mut self, slot: usize, card: &CardContent) -> Result<()> {
        let target = &mut self.decks[slot];
        target.sync.card(card, target.next)?;
        target.next += 1;
        self.done += 1;
        if self.done.is_multiple_of(EVERY) {
            (self.progress)(self.done);
            crate::failpoint::hit("import-rows")?;
        }
        Ok(())
    }

    /// Which side of the work deck number `slot` belongs to, once all its cards are known.
    pub fn set_role(&mut self, slot: usize, role: Role) -> Result<()> {
        self.tx.execute(
            "UPDATE deck SET role = ?2 WHERE id = ?1",
            rusqlite::params![self.decks[slot].id, Sql(role)],
        )?;
        Ok(())
    }

    fn finish(self) -> Vec<Imported> {
        self.decks
            .into_iter()
            .map(|d| Imported {
                name: d.name,
                counts: d.sync.counts,
            })
            .collect()
    }
}
