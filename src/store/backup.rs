//! Copies of the progress database, made before anything that rewrites a lot of it: an upgrade of its
//! schema, an import, removing a deck, a restore. They use SQLite's online backup API, so a copy is
//! consistent even while another codedrill is reading. The last few are kept in `backups/` beside the
//! database; `codedrill restore` brings one back (`restore` checks and replaces).
//!
//! A backup is never seen half made: it is written under a temporary name, synced, then renamed. Names
//! carry the time to the millisecond and a sequence number, and the sequence is what orders them, so two
//! backups in one second (or a clock set back) still sort by when they were made. Making one and pruning
//! the old ones happen under a lock on the folder, so parallel imports neither take one name twice nor
//! delete each other's backups.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::Utc;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, MAIN_DB};

/// How many backups are kept; older ones are deleted as new ones are made.
pub const KEEP: usize = 5;

/// What a backup is called while it is being written; never listed, and cleared by the next backup.
pub(super) const PARTIAL: &str = ".partial";

pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// A backup that could not be made, naming the file: the context of the error that says why.
#[derive(Debug)]
pub struct BackupFailed(pub PathBuf);

impl std::fmt::Display for BackupFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write the backup {}", self.0.display())
    }
}

/// Copies the database behind `conn` into the backups folder beside `db`, named for when and why.
/// Returns the copy's path.
pub fn make(conn: &Connection, db: &Path, reason: &str) -> Result<PathBuf> {
    start(conn, db, reason)?.publish()
}

/// A backup copied under its temporary name, not yet listed: [`Copied::publish`] lists it (and prunes the
/// old ones), [`Copied::discard`] removes it. The backups folder stays locked until then.
pub struct Copied {
    _lock: File,
    folder: PathBuf,
    partial: PathBuf,
    path: PathBuf,
}

/// Copies the database behind `conn` under a temporary name in the backups folder beside `db`.
pub fn start(conn: &Connection, db: &Path, reason: &str) -> Result<Copied> {
    let folder = dir(db.parent().unwrap_or(Path::new(".")));
    std::fs::create_dir_all(&folder).with_context(|| BackupFailed(folder.clone()))?;
    let lock = lock(&folder)?;
    clear_partials(&folder);
    let sequence = list_in(&folder)?.first().map_or(0, |b| b.sequence) + 1;
    let stamp = Utc::now().format("%Y%m%d-%H%M%S%.3f");
    let path = folder.join(format!("codedrill-{stamp}-{sequence}-{reason}.db"));
    let partial = folder.join(format!("codedrill-{stamp}-{sequence}-{reason}.db{PARTIAL}"));
    if let Err(e) = copy(conn, &partial) {
        let _ = std::fs::remove_file(&partial);
        return Err(e.context(BackupFailed(path)));
    }
    Ok(Copied {
        _lock: lock,
        folder,
        partial,
        path,
    })
}

impl Copied {
    /// Lists the backup under its name (whole, synced) and deletes all but the newest few. Returns its path.
    pub fn publish(self) -> Result<PathBuf> {
        let renamed = std::fs::rename(&self.partial, &self.path);
        if let Err(e) = renamed {
            let _ = std::fs::remove_file(&self.partial);
            return Err(anyhow::Error::from(e).context(BackupFailed(self.path)));
        }
        // The rename is durable only once the folder is synced (not possible everywhere; best effort).
        let _ = File::open(&self.folder).and_then(|f| f.sync_all());
        prune(&self.folder, &self.path)?;
        Ok(self.path)
    }

    /// Removes the copy: what it was made for did not happen.
    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.partial);
    }
}

/// The whole database in one step (a consistent snapshot even while others write), into a file with no
/// journal of its own (a failure leaves only the temporary file, which is removed), then synced.
fn copy(conn: &Connection, to: &Path) -> Result<()> {
    let mut dst = Connection::open(to)?;
    dst.pragma_update(None, "journal_mode", "OFF")?;
    dst.pragma_update(None, "synchronous", "OFF")?;
    whole(&Backup::new_with_names(conn, MAIN_DB, &mut dst, MAIN_DB)?)?;
    crate::failpoint::hit("backup-copy")?;
    // The copy is a plain file, not a write-ahead-log one, so it can be read without writing beside it.
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    drop(dst);
    File::open(to)?.sync_all()?;
    Ok(())
}

/// Runs a backup (or a restore) to the end in one step, so it copies one consistent state of the source
/// (taken in steps, a copy starts again each time another codedrill writes meanwhile).
pub(super) fn whole(backup: &Backup) -> Result<()> {
    match backup.step(-1)? {
        StepResult::Done => Ok(()),
        _ => Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        )
        .into()),
    }
}

/// An exclusive lock on the backups folder while a backup is made and old ones pruned; waits for another
/// codedrill doing the same.
fn lock(folder: &Path) -> Result<File> {
    // Beside the folder, not in it, so the folder holds only backups.
    let path = folder.with_extension("lock");
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| BackupFailed(path.clone()))?;
    file.lock().with_context(|| BackupFailed(path))?;
    Ok(file)
}

/// Temporary files left by a backup that was interrupted (the lock says none is being written now).
fn clear_partials(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().contains(PARTIAL) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A backup in the folder, with the sequence number its name carries (0 for names from before there
/// were sequence numbers, which are all older).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Listed {
    sequence: u64,
    path: PathBuf,
}

/// The backups, newest first.
pub fn list(data_dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(list_in(&dir(data_dir))?
        .into_iter()
        .map(|b| b.path)
        .collect())
}

fn list_in(folder: &Path) -> Result<Vec<Listed>> {
    if !folder.exists() {
        return Ok(Vec::new());
    }
    let mut found: Vec<Listed> = std::fs::read_dir(folder)
        .with_context(|| format!("cannot read the backups folder {}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let sequence = sequence(name)?;
            Some(Listed { sequence, path })
        })
        .collect();
    found.sort_by(|a, b| (b.sequence, &b.path).cmp(&(a.sequence, &a.path)));
    Ok(found)
}

/// The sequence number in a backup's name, `codedrill-YYYYMMDD-HHMMSS.mmm-N-reason.db`; 0 for the older
/// `codedrill-YYYYMMDD-HHMMSS-reason.db`; `None` for anything that is not a backup's name.
fn sequence(name: &str) -> Option<u64> {
    let rest = name.strip_prefix("codedrill-")?.strip_suffix(".db")?;
    let after_time = rest.get("YYYYMMDD-HHMMSS.mmm-".len()..);
    let numbered = rest.as_bytes().get(15) == Some(&b'.')
        && after_time.is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()));
    if !numbered {
        return Some(0);
    }
    let digits: String = after_time?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Deletes all but the newest [`KEEP`] backups, never `made` (the one just written).
fn prune(folder: &Path, made: &Path) -> Result<()> {
    for old in list_in(folder)?.into_iter().skip(KEEP) {
        if old.path == made {
            continue;
        }
        match std::fs::remove_file(&old.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| {
                    format!(
                        "cannot delete the old backup {}; delete it yourself, or check the folder's \
                         permissions",
                        old.path.display()
                    )
                });
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_their_sequence() {
        assert_eq!(
            sequence("codedrill-20261123-090000.123-7-before-import.db"),
            Some(7)
        );
        assert_eq!(
            sequence("codedrill-20261123-090000.123-12-before-upgrade-to-v6.db"),
            Some(12)
        );
        assert_eq!(
            sequence("codedrill-20261123-090000-before-import-2.db"),
            Some(0)
        );
        assert_eq!(sequence("codedrill-x.db.partial"), None);
        assert_eq!(sequence("notes.txt"), None);
    }

    #[test]
    fn many_backups_in_one_second_sort_by_when_they_were_made() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("codedrill.db")).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (0);")
            .unwrap();
        let mut made = Vec::new();
        for i in 1..=12 {
            conn.execute("UPDATE t SET x = ?1", [i]).unwrap();
            let path = make(&conn, &dir.path().join("codedrill.db"), "test").unwrap();
            assert!(path.exists(), "backup {i} was kept");
            made.push(path);
        }
        let listed = list(dir.path()).unwrap();
        let newest: Vec<_> = made.iter().rev().take(KEEP).cloned().collect();
        assert_eq!(listed, newest);
        let x: i64 = Connection::open(&listed[0])
            .unwrap()
            .query_row("SELECT x FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(x, 12, "the newest backup holds the latest state");
    }
}
