//! Storage failures said once, at the command boundary, as one sentence naming the file, the command
//! that stopped, what is safe and what to do.

use std::path::Path;

use rusqlite::ErrorCode;

use super::SCHEMA_VERSION;
use super::backup::{self, BackupFailed};
use super::check::Damage;
use super::schema::{NotOurs, TooNew};
use super::sql::UnknownWord;

/// A storage failure (a database from a newer codedrill or another program, a damaged or emptied file, a
/// full disk, a file that cannot be written, a busy database, a backup that could not be made) turned
/// into a sentence that names the file, the command (`codedrill COMMAND`) and what to do. Any other
/// error is returned as it is.
pub fn explain(error: anyhow::Error, path: &Path, command: &str) -> anyhow::Error {
    let said = refusal(&error, path).or_else(|| failure(&error, path, command));
    match said {
        Some(sentence) => anyhow::anyhow!(sentence),
        None => error,
    }
}

/// Whether `error` is a disk too full (or failing) to write to.
pub(super) fn is_full_disk(error: &anyhow::Error) -> bool {
    matches!(
        sqlite_code(error),
        Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure)
    )
}

/// The file refused before anything was written: not ours, newer, emptied, damaged.
fn refusal(error: &anyhow::Error, path: &Path) -> Option<String> {
    let shown = path.display();
    if let Some(TooNew(v)) = error.downcast_ref::<TooNew>() {
        return Some(format!(
            "{shown} was written by a newer version of codedrill (schema {v}; this version knows up to \
             {SCHEMA_VERSION}). Install the newer codedrill, or use another data directory with --data-dir. \
             Nothing was changed"
        ));
    }
    if error.downcast_ref::<NotOurs>().is_some() {
        return Some(format!(
            "{shown} is an SQLite database, but not codedrill's. Move it away or choose another data directory \
             with --data-dir. Nothing was changed"
        ));
    }
    if let Some(unknown) = sqlite_error(error).and_then(unknown_word) {
        return Some(format!(
            "{shown} holds a value this codedrill cannot read: {unknown}. The file was changed by hand or by a \
             newer codedrill; use that newer codedrill, or bring back an earlier copy with `codedrill restore` \
             (it lists the backups)"
        ));
    }
    let damage = match error.downcast_ref::<Damage>() {
        Some(Damage::Empty) => {
            return Some(format!(
                "{shown} is empty (0 bytes): your progress is not in it, but the backups hold it. Bring \
                 back the latest with `codedrill restore latest` (`codedrill restore` lists them all). \
                 Nothing was changed"
            ));
        }
        Some(damage) => format!(" ({damage})"),
        None if matches!(
            sqlite_code(error),
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
        ) =>
        {
            String::new()
        }
        None => return None,
    };
    Some(format!(
        "{shown} is damaged: your progress cannot be read from it{damage}. Nothing was changed. {}; \
         `codedrill check` gives the details",
        way_back(path)
    ))
}

/// What to do about a damaged file: the latest backup, when there is one.
pub fn way_back(path: &Path) -> &'static str {
    let dir = path.parent().unwrap_or(Path::new("."));
    if backup::list(dir).is_ok_and(|b| !b.is_empty()) {
        "Bring back the latest backup with `codedrill restore latest` (`codedrill restore` lists them all)"
    } else {
        "There are no backups to bring back: move the file away to start afresh"
    }
}

/// A failure while working: a full disk, a file or folder that cannot be written, a busy database.
fn failure(error: &anyhow::Error, path: &Path, command: &str) -> Option<String> {
    let code = sqlite_code(error);
    let safe = if matches!(command, "drill" | "cram" | "trial") {
        "every answer saved before this one is still there".to_string()
    } else {
        format!("`codedrill {command}` changed nothing")
    };
    if let Some(BackupFailed(file)) = error.downcast_ref::<BackupFailed>() {
        let why = match code.or_else(|| io_code(error)) {
            Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure) => {
                "the disk is full, or failing"
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                "another codedrill kept the database busy"
            }
            Some(_) => "its folder cannot be written",
            None => "it could not be copied",
        };
        return Some(format!(
            "`codedrill {command}` could not make its backup {} ({why}), so it stopped; nothing was \
             changed. Free some space or check the folder's permissions, then run it again",
            file.display()
        ));
    }
    let shown = path.display();
    Some(match code? {
        ErrorCode::DiskFull | ErrorCode::SystemIoFailure => format!(
            "codedrill could not write to {shown}: the disk is full, or failing. Free some space and run \
             codedrill again; {safe}"
        ),
        ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => format!(
            "{shown} cannot be written. Check the folder's permissions, or choose another data directory \
             with --data-dir; {safe}"
        ),
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => format!(
            "{shown} is busy: another codedrill has been writing to it for {} minutes. Close it (or wait \
             for it to finish) and try again; {safe}",
            super::busy::PATIENCE.as_secs() / 60
        ),
        _ => {
            let said = sqlite_error(error).map(short).unwrap_or_default();
            format!(
                "codedrill could not use {shown} ({said}); {safe}. Run `codedrill check` to look for damage"
            )
        }
    })
}

fn sqlite_error(error: &anyhow::Error) -> Option<&rusqlite::Error> {
    error
        .chain()
        .find_map(|cause| cause.downcast_ref::<rusqlite::Error>())
}

fn sqlite_code(error: &anyhow::Error) -> Option<ErrorCode> {
    sqlite_error(error).and_then(rusqlite::Error::sqlite_error_code)
}

/// A file-system failure (making or locking the backups folder) in SQLite's terms.
fn io_code(error: &anyhow::Error) -> Option<ErrorCode> {
    let io = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<std::io::Error>())?;
    Some(match io.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::FileTooLarge => ErrorCode::DiskFull,
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            ErrorCode::PermissionDenied
        }
        _ => ErrorCode::SystemIoFailure,
    })
}

/// SQLite's own words for a failure, without its extended code or the SQL text.
fn short(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqliteFailure(e, _) => {
            rusqlite::ffi::Error::new(e.extended_code).to_string()
        }
        other => other
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}

/// The unknown stored value behind a failed read, if that is what failed.
fn unknown_word(error: &rusqlite::Error) -> Option<&UnknownWord> {
    match error {
        rusqlite::Error::FromSqlConversionFailure(_, _, cause) => cause.downcast_ref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::store::testing::one_card;

    #[test]
    fn an_unknown_stored_value_names_the_file_and_the_way_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let (_, id) = one_card(&mut store);
        for (change, unknown) in [
            ("system = 'martian'", "'martian' is not a code system"),
            ("state = 9", "'9' is not a card state"),
        ] {
            store
                .conn
                .execute(&format!("UPDATE card SET {change}"), [])
                .unwrap();
            let said = explain(store.card(id).unwrap_err(), store.path(), "stats").to_string();
            assert_eq!(
                said,
                format!(
                    "{} holds a value this codedrill cannot read: {unknown} this version of codedrill \
                     knows. The file was changed by hand or by a newer codedrill; use that newer \
                     codedrill, or bring back an earlier copy with `codedrill restore` (it lists the \
                     backups)",
                    store.path().display()
                )
            );
            store
                .conn
                .execute("UPDATE card SET system = 'ICD-10-CM', state = 0", [])
                .unwrap();
        }
    }
}
