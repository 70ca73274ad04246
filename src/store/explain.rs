//! Storage failures said once, at the command boundary, as one sentence naming the file and what to do.

use std::path::Path;

use super::SCHEMA_VERSION;
use super::schema::{NotOurs, TooNew};
use super::sql::UnknownWord;

/// A storage failure (a database from a newer codedrill or another program, a damaged file, a full disk, a
/// file that cannot be written, a busy database) turned into a sentence that names the file and what to
/// do. Any other error is returned as it is.
pub fn explain(error: anyhow::Error, path: &Path) -> anyhow::Error {
    let path = path.display();
    if let Some(TooNew(v)) = error.downcast_ref::<TooNew>() {
        return anyhow::anyhow!(
            "{path} was written by a newer version of codedrill (schema {v}; this version knows up to \
             {SCHEMA_VERSION}). Install the newer codedrill, or use another data directory with --data-dir. \
             Nothing was changed"
        );
    }
    if error.downcast_ref::<NotOurs>().is_some() {
        return anyhow::anyhow!(
            "{path} is an SQLite database, but not codedrill's. Move it away or choose another data directory \
             with --data-dir. Nothing was changed"
        );
    }
    let sqlite = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<rusqlite::Error>());
    if let Some(unknown) = sqlite.and_then(unknown_word) {
        return anyhow::anyhow!(
            "{path} holds a value this codedrill cannot read: {unknown}. The file was changed by hand or by a \
             newer codedrill; use that newer codedrill, or bring back an earlier copy with `codedrill restore` \
             (it lists the backups)"
        );
    }
    let code = sqlite.and_then(rusqlite::Error::sqlite_error_code);
    match code {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            anyhow::anyhow!(
                "{path} is damaged: your progress cannot be read from it. Nothing was changed. Bring back a copy \
             with `codedrill restore` (it lists the backups), or move the file away to start afresh"
            )
        }
        Some(
            rusqlite::ErrorCode::ReadOnly
            | rusqlite::ErrorCode::CannotOpen
            | rusqlite::ErrorCode::PermissionDenied,
        ) => {
            anyhow::anyhow!(
                "{path} cannot be written. Check the folder's permissions, or choose another data directory \
                 with --data-dir"
            )
        }
        Some(rusqlite::ErrorCode::DiskFull) => anyhow::anyhow!(
            "the disk holding {path} is full. Free some space and run codedrill again; every answer saved \
             before this one is still there"
        ),
        Some(rusqlite::ErrorCode::SystemIoFailure) => anyhow::anyhow!(
            "codedrill could not write to {path} (is the disk full, or failing?). Free some space and run \
             codedrill again; every answer saved before this one is still there"
        ),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            anyhow::anyhow!(
                "{path} is busy: another codedrill is writing to it. Wait for it to finish and try again"
            )
        }
        _ => error,
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
            let said = explain(store.card(id).unwrap_err(), store.path()).to_string();
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
