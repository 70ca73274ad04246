//! Where an export or a report goes: standard output, or a file that appears whole or not at all.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context as _, Result};

use crate::cli::Output;
use codedrill_core::sanitize::clean_path;

/// Writes to standard output, or to a file through a temporary file renamed into place, so a failed
/// export never leaves half a file. An existing file is replaced only with --force.
pub(super) fn write_output(
    out: &Output,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let Some(path) = &out.out else {
        let mut stdout = io::stdout().lock();
        return write(&mut stdout);
    };
    if path.exists() && !out.force {
        anyhow::bail!(
            "{} already exists; choose another name, or add --force to replace it",
            clean_path(path)
        );
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = parent.join(format!(".{name}.codedrill-tmp"));
    let result = (|| -> Result<()> {
        let mut file = io::BufWriter::new(std::fs::File::create(&temp)?);
        write(&mut file)?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&temp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.with_context(|| {
        format!(
            "cannot write {}; check the folder exists and is writable",
            clean_path(path)
        )
    })
}

/// On standard error, so that it never mixes with what was written to standard output.
pub(super) fn report_written(out: &Output, what: &str) {
    if let Some(path) = &out.out {
        eprintln!("Wrote {what} to {}.", clean_path(path));
    }
}
