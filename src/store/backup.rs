//! Copies of the progress database, made before anything that rewrites a lot of it: an upgrade of its
//! schema, an import, removing a deck, a restore. They use SQLite's online backup API, so a copy is
//! consistent even while another codedrill is reading. The last few are kept in `backups/` beside the
//! database; `codedrill restore` brings one back.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use rusqlite::{Connection, MAIN_DB, OpenFlags};

/// How many backups are kept; older ones are deleted as new ones are made.
pub const KEEP: usize = 5;

pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// Copies the database behind `conn` into the backups folder beside `db`, named for when and why.
/// Returns the copy's path.
pub fn make(conn: &Connection, db: &Path, reason: &str) -> Result<PathBuf> {
    let folder = dir(db.parent().unwrap_or(Path::new(".")));
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot make the backups folder {}", folder.display()))?;
    let stamp = Utc::now().format("%Y%m%d-%H%M%S");
    let path = (1..)
        .map(|n| match n {
            1 => folder.join(format!("codedrill-{stamp}-{reason}.db")),
            n => folder.join(format!("codedrill-{stamp}-{reason}-{n}.db")),
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| folder.join(format!("codedrill-{stamp}-{reason}.db")));
    conn.backup(MAIN_DB, &path, None::<fn(rusqlite::backup::Progress)>)
        .with_context(|| format!("cannot write the backup {}", path.display()))?;
    prune(&folder)?;
    Ok(path)
}

/// The backups, newest first.
pub fn list(data_dir: &Path) -> Result<Vec<PathBuf>> {
    let folder = dir(data_dir);
    if !folder.exists() {
        return Ok(Vec::new());
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
        .with_context(|| format!("cannot read {}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("codedrill-") && n.ends_with(".db"))
        })
        .collect();
    // Names start with the time they were made, so their order is the order in time.
    found.sort();
    found.reverse();
    Ok(found)
}

fn prune(folder: &Path) -> Result<()> {
    let data_dir = folder.parent().unwrap_or(Path::new("."));
    for old in list(data_dir)?.into_iter().skip(KEEP) {
        std::fs::remove_file(&old)
            .with_context(|| format!("cannot remove the old backup {}", old.display()))?;
    }
    Ok(())
}

/// Checks that `path` is a sound codedrill database before it is restored over the live one.
pub fn check(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .with_context(|| format!("{} is not a database", path.display()))?;
    if app != super::APPLICATION_ID {
        bail!(
            "{} is not a codedrill database; nothing was restored",
            path.display()
        );
    }
    let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if ok != "ok" {
        bail!(
            "{} is damaged ({ok}); choose another backup",
            path.display()
        );
    }
    Ok(())
}

/// Replaces the database behind `conn` with the copy at `from`.
pub fn restore(conn: &mut Connection, from: &Path) -> Result<()> {
    conn.restore(MAIN_DB, from, None::<fn(rusqlite::backup::Progress)>)
        .with_context(|| format!("cannot restore from {}", from.display()))
}
