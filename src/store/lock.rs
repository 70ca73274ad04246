//! One drill per data directory: the session lock.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The lock is held by another process: a drill is running on the data directory.
#[derive(Debug, thiserror::Error)]
#[error(
    "another codedrill session is already running on {}. Finish or close that one first (its answers \
     are saved as it goes)",
    .0.display()
)]
pub struct Held(pub PathBuf);

/// An exclusive lock on the data directory for the length of a drill, so two windows cannot answer the
/// same cards at once. Released when dropped (or when the process dies).
pub struct SessionLock {
    _file: File,
}

impl SessionLock {
    pub fn acquire(dir: &Path) -> Result<SessionLock> {
        let path = dir.join("session.lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| {
                format!(
                    "cannot create {}; check the folder's permissions",
                    path.display()
                )
            })?;
        match file.try_lock() {
            Ok(()) => Ok(SessionLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => bail!(Held(dir.to_path_buf())),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_session_lock_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let first = SessionLock::acquire(dir.path()).unwrap();
        let err = SessionLock::acquire(dir.path()).err().unwrap().to_string();
        assert!(err.contains("another codedrill session"), "{err}");
        drop(first);
        assert!(SessionLock::acquire(dir.path()).is_ok());
    }
}
