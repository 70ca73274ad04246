//! Bringing a backup back. The backup is checked whole before the live database is touched (ours,
//! complete, not from a newer codedrill, sound), so a restore can never leave codedrill unable to open
//! its own file. The live database is copied first when it can be read; when it cannot (damaged, emptied,
//! from a newer codedrill: the very cases a restore is for), it is moved aside, kept, and replaced.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::Utc;
use rusqlite::backup::Backup;
use rusqlite::{Connection, ErrorCode, MAIN_DB, OpenFlags};

use super::check::{Damage, structure};
use super::schema::{NotOurs, TooNew};
use super::{APPLICATION_ID, DB_FILE, SCHEMA_VERSION, Store, beside};

/// What became of the progress a restore replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replaced {
    /// Copied into the backups folder, as any backup (so the restore can be undone).
    BackedUp(PathBuf),
    /// Unreadable, so moved aside as it was, under this name.
    MovedAside(PathBuf),
    /// An empty file, or none: there was nothing to keep.
    Nothing,
}

/// Checks that `path` is a complete, sound codedrill backup this version can use, before anything is
/// replaced. The error is one sentence naming the file.
pub fn check(path: &Path) -> Result<()> {
    let shown = path.display();
    let refuse = |why: &str| {
        anyhow::anyhow!(
            "{shown} {why}; nothing was restored. Choose another backup (`codedrill restore` lists them)"
        )
    };
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {shown}; check its name"))?
        .len();
    if size == 0 {
        return Err(refuse("is empty (0 bytes), not a complete backup"));
    }
    if incomplete(path) {
        return Err(refuse(
            "is incomplete: it was still being written when codedrill stopped",
        ));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| refuse("cannot be opened as a database"))?;
    let read = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
    let (Ok(app), Ok(version)) = (read("PRAGMA application_id"), read("PRAGMA user_version"))
    else {
        return Err(refuse("is not a codedrill database (or is damaged)"));
    };
    if app != APPLICATION_ID {
        return Err(refuse("is not a codedrill database"));
    }
    if version > SCHEMA_VERSION {
        return Err(refuse(&format!(
            "was made by a newer codedrill (schema {version}; this version knows up to \
             {SCHEMA_VERSION}); install that codedrill to restore it"
        )));
    }
    if version < 1 || structure(&conn, version).is_err() {
        return Err(refuse("is damaged: parts of its structure are missing"));
    }
    let sound: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .unwrap_or_else(|e| e.to_string());
    if sound != "ok" {
        return Err(refuse(&format!("is damaged ({sound})")));
    }
    Ok(())
}

/// A backup whose copy was cut short: a temporary name, or a journal beside it (left by the versions of
/// codedrill that wrote backups in place).
pub fn incomplete(path: &Path) -> bool {
    beside(path, "-journal").exists() || path.to_string_lossy().ends_with(super::backup::PARTIAL)
}

/// Replaces the database in `dir` with the backup at `from` (checked with [`check`] first). Call it
/// holding the session lock, so no drill is writing meanwhile.
pub fn replace(dir: &Path, from: &Path) -> Result<Replaced> {
    if !dir.join(DB_FILE).exists() {
        // Nothing to keep (and no empty database to back up, which would become the latest backup).
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        put_in_place(dir, from)?;
        return Ok(Replaced::Nothing);
    }
    // The copy of what is replaced checks it for damage first, whatever its size.
    let opened = Store::open(dir).and_then(|store| {
        let before = store.backup("before-restore")?;
        Ok((store, before))
    });
    match opened {
        Ok((mut store, before)) => {
            copy_pages(&mut store.conn, from)
                .with_context(|| format!("cannot restore from {}", from.display()))?;
            Ok(Replaced::BackedUp(before))
        }
        Err(e) if unreadable(&e) => {
            let aside = move_aside(dir)?;
            put_in_place(dir, from)?;
            Ok(aside)
        }
        Err(e) => Err(e),
    }
}

/// The refusals a restore is the cure for.
fn unreadable(error: &anyhow::Error) -> bool {
    let code = error
        .chain()
        .find_map(|c| c.downcast_ref::<rusqlite::Error>())
        .and_then(rusqlite::Error::sqlite_error_code);
    error.downcast_ref::<Damage>().is_some()
        || error.downcast_ref::<TooNew>().is_some()
        || error.downcast_ref::<NotOurs>().is_some()
        || matches!(
            code,
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
        )
}

/// The backup's pages into the live database, in one step: SQLite's backup API, in a transaction of
/// the live file, so readers see the old or the new database, never a mix.
fn copy_pages(conn: &mut Connection, from: &Path) -> Result<()> {
    let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    super::backup::whole(&Backup::new_with_names(&source, MAIN_DB, conn, MAIN_DB)?)
}

/// Moves the unreadable live database (with its write-ahead log, if any) out of the way, keeping it
/// beside the backups; an empty one is removed.
fn move_aside(dir: &Path) -> Result<Replaced> {
    let db = dir.join(DB_FILE);
    let _ = std::fs::remove_file(beside(&db, "-shm"));
    let empty = std::fs::metadata(&db).map_or(true, |m| m.len() == 0);
    if empty {
        let _ = std::fs::remove_file(beside(&db, "-wal"));
        let _ = std::fs::remove_file(&db);
        return Ok(Replaced::Nothing);
    }
    let folder = super::backup::dir(dir);
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot make the backups folder {}", folder.display()))?;
    let stamp = Utc::now().format("%Y%m%d-%H%M%S%.3f");
    let aside = folder.join(format!("unreadable-{stamp}.db"));
    for suffix in ["-wal", "-journal"] {
        let from = beside(&db, suffix);
        if from.exists() {
            std::fs::rename(&from, beside(&aside, suffix))
                .with_context(|| format!("cannot move {} aside", from.display()))?;
        }
    }
    std::fs::rename(&db, &aside).with_context(|| format!("cannot move {} aside", db.display()))?;
    Ok(Replaced::MovedAside(aside))
}

/// Copies the backup in as the live database: a temporary name, synced, then renamed.
fn put_in_place(dir: &Path, from: &Path) -> Result<()> {
    let db = dir.join(DB_FILE);
    let partial = beside(&db, ".restoring");
    let copied = std::fs::copy(from, &partial)
        .and_then(|_| File::open(&partial)?.sync_all())
        .and_then(|()| std::fs::rename(&partial, &db));
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&partial);
        return Err(e).with_context(|| format!("cannot copy {} into place", from.display()));
    }
    let _ = File::open(dir).and_then(|d| d.sync_all());
    Ok(())
}
