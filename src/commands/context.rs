//! What every command gets: the data directory, the output style, the clock and the store.
//!
//! The clock and the store are opened the first time a command asks for them, and then only once: some
//! commands must check something first (`drill` its settings, `import` its file, `restore` its list of
//! backups, plain `codedrill` whether there is a database at all) and must fail before anything is
//! created, opened or locked. A command that only reads says so ([`Context::only_reading`]): on a full
//! disk it can still read.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::builtin::BUILTIN;
use crate::clock::Clock;
use crate::store::Store;
use crate::view::style::Style;
use codedrill_core::sanitize::clean_path;

pub struct Context {
    dir: PathBuf,
    style: Style,
    clock: Option<Clock>,
    store: Option<Store>,
    /// Whether the open store's built-in decks have been brought up to date.
    synced: bool,
    /// The command only reads: the store may be opened read-only (see `Store::open_to_read`).
    reading: bool,
}

impl Context {
    pub fn new(dir: PathBuf) -> Context {
        Context {
            dir,
            style: Style::detect(io::stdout().is_terminal()),
            clock: None,
            store: None,
            synced: false,
            reading: false,
        }
    }

    /// Marks the command as one that only reads, so a full disk does not stop it.
    pub fn only_reading(mut self) -> Context {
        self.reading = true;
        self
    }

    /// The data directory: the database, the session lock and the backups live here.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How standard output looks: colour on a terminal, plain text elsewhere.
    pub fn style(&self) -> Style {
        self.style
    }

    /// The command's one clock (`CODEDRILL_NOW`, `CODEDRILL_TICK`, or the system's).
    pub fn clock(&mut self) -> Result<&Clock> {
        open_clock(&mut self.clock)
    }

    /// The store, with the built-in decks up to date.
    pub fn store(&mut self) -> Result<&mut Store> {
        Ok(self.store_and_clock()?.0)
    }

    /// The store (with the built-in decks up to date) and the clock together, for a drill.
    pub fn store_and_clock(&mut self) -> Result<(&mut Store, &Clock)> {
        let clock = open_clock(&mut self.clock)?;
        let store = open_store(&mut self.store, &self.dir, self.reading)?;
        // Opened on a full disk only to read: the built-in decks are read as the file holds them.
        if !self.synced && !store.reading_only() {
            store.check_once_a_day(|| crate::clock::study_day(clock.now()))?;
            store.sync_builtin(BUILTIN, clock.now())?;
            self.synced = true;
        }
        Ok((store, clock))
    }

    /// The store as the file holds it, without touching the built-in decks: for looking before a command
    /// decides what to do, and for `restore`, which replaces the whole file.
    pub fn store_as_it_is(&mut self) -> Result<&mut Store> {
        open_store(&mut self.store, &self.dir, self.reading)
    }

    /// Closes the store and opens it again, so that a file replaced underneath (a restored backup) goes
    /// through the schema check and upgrade that opening does.
    pub fn reopen_store(&mut self) -> Result<&mut Store> {
        self.store = None;
        self.synced = false;
        self.store_as_it_is()
    }
}

fn open_clock(slot: &mut Option<Clock>) -> Result<&Clock> {
    let clock = match slot.take() {
        Some(clock) => clock,
        None => Clock::from_env()?,
    };
    Ok(slot.insert(clock))
}

fn open_store<'a>(slot: &'a mut Option<Store>, dir: &Path, reading: bool) -> Result<&'a mut Store> {
    let store = match slot.take() {
        Some(store) => store,
        None if reading => announce(Store::open_to_read(dir)?),
        None => announce(Store::open(dir)?),
    };
    Ok(slot.insert(store))
}

/// What opening did that a person should know of: an upgrade (and where the copy from before it is), or
/// a disk too full to save anything. On standard error, so output piped elsewhere stays clean.
fn announce(mut store: Store) -> Store {
    let mut err = io::stderr();
    if let Some(copy) = store.upgrade_backup() {
        let _ = writeln!(
            err,
            "note: your progress was updated for this version of codedrill; a copy from before is in {}.",
            clean_path(copy)
        );
    }
    for notice in store.take_notices() {
        let _ = writeln!(err, "note: {notice}");
    }
    if store.reading_only() {
        let _ = writeln!(
            err,
            "note: the disk holding {} is full, so codedrill is only reading your progress; free some \
             space before you drill or import.",
            clean_path(store.path())
        );
    }
    store
}
