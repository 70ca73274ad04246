//! `codedrill restore`: the backups of your progress, and bringing one back. Listing them opens no
//! database, so it works when the database itself is damaged.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::Context;
use super::question::confirmed;
use crate::store::SessionLock;
use crate::store::backup;
use crate::store::restore::{self, Replaced};
use codedrill_core::sanitize::{clean_line, clean_path};

pub(super) fn run(ctx: &mut Context, name: Option<&str>, yes: bool) -> Result<ExitCode> {
    let backups = backup::list(ctx.dir())?;
    let Some(name) = name else {
        list(ctx.dir(), &backups)?;
        return Ok(ExitCode::SUCCESS);
    };
    let path = find(ctx.dir(), &backups, name)?;
    // Checked whole before anything else is touched: a backup that cannot be used is refused here.
    restore::check(&path)?;
    let shown = clean_path(&path);
    if !yes
        && !confirmed(format_args!(
            "Replace your progress with the backup {shown}? Your progress as it is now is kept first. Type yes to restore: "
        ))?
    {
        say!("Nothing restored.");
        return Ok(ExitCode::FAILURE);
    }
    let dir = ctx.dir().to_path_buf();
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the data directory {}", clean_path(&dir)))?;
    let _lock = SessionLock::acquire(&dir)?;
    // The live file is opened by `replace` itself, which can replace it even when it cannot be read.
    let replaced = restore::replace(&dir, &path)?;
    // A backup from before an upgrade is upgraded again now (and copied first, as always).
    ctx.reopen_store()?;
    match replaced {
        Replaced::BackedUp(before) => say!(
            "Restored your progress from {shown}. What you had just before is backed up in {}.",
            clean_path(&before)
        ),
        Replaced::MovedAside(aside) => say!(
            "Restored your progress from {shown}. The file it replaced could not be read by codedrill; it \
             is kept, as it was, in {}.",
            clean_path(&aside)
        ),
        Replaced::Nothing => say!("Restored your progress from {shown}."),
    }
    Ok(ExitCode::SUCCESS)
}

fn list(dir: &Path, backups: &[PathBuf]) -> Result<()> {
    if backups.is_empty() {
        say!(
            "No backups yet. codedrill makes one before each import, deck removal, restore and upgrade, in {}.",
            clean_path(&backup::dir(dir))
        );
        return Ok(());
    }
    say!(
        "Backups in {} (newest first):",
        clean_path(&backup::dir(dir))
    );
    for path in backups {
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        let name = path
            .file_name()
            .map(|n| clean_line(&n.to_string_lossy()).into_owned())
            .unwrap_or_default();
        let note = if usable(path) {
            ""
        } else {
            "  (incomplete: cannot be restored)"
        };
        say!("  {name}  {:.1} MB{note}", size as f64 / 1_000_000.0);
    }
    say!("Bring one back with: codedrill restore NAME (or: codedrill restore latest)");
    Ok(())
}

/// The backup `name` stands for: `latest`, a path, or a name in the backups folder.
fn find(dir: &Path, backups: &[PathBuf], name: &str) -> Result<PathBuf> {
    let path = match name {
        // The newest that was written whole (backups cut short by older versions may be listed).
        "latest" => backups
            .iter()
            .find(|b| usable(b))
            .cloned()
            .context("there are no backups to restore")?,
        name if Path::new(name).exists() => PathBuf::from(name),
        name => backup::dir(dir).join(name),
    };
    if !path.exists() {
        anyhow::bail!(
            "there is no backup {}; `codedrill restore` lists them",
            clean_path(&path)
        );
    }
    Ok(path)
}

/// Whether a backup was written whole, by what its file shows (`restore::check` reads it in full).
fn usable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0) && !restore::incomplete(path)
}
