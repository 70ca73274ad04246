//! Finding damage before anything is written: an empty file where progress was, a schema with parts
//! missing or a version number no codedrill writes, pages SQLite finds broken (`PRAGMA quick_check`);
//! and the full check behind `codedrill check`.

use std::path::Path;

use anyhow::Result;
use rusqlite::{Connection, OpenFlags};

use super::schema::SCHEMA_VERSION;

/// What is wrong with a database that codedrill will not touch; `explain` turns it into one sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Damage {
    /// A 0-byte file where backups show there was progress.
    #[error("it is empty (0 bytes)")]
    Empty,
    /// Tables or views of its schema are gone.
    #[error("it has lost part of its structure: no {0}")]
    Missing(String),
    /// A schema version no codedrill writes (below 1, or our id on a file with no version).
    #[error("its schema version, {0}, is not one codedrill writes")]
    BadVersion(i64),
    /// What SQLite's own check found, first problem only (shown by `codedrill check`, not in the
    /// sentence).
    #[error("SQLite's check found damaged pages")]
    Pages(String),
}

/// The tables and views a database at schema `version` has.
fn expected(version: i64) -> Vec<&'static str> {
    let mut names = vec!["deck", "card", "session", "review", "review_void"];
    if version >= 3 {
        names.push("meta");
    }
    if version >= 5 {
        names.extend(["kept_review", "standing_review"]);
    }
    if version >= 6 {
        names.extend([
            "codeset",
            "codeset_node",
            "codeset_note",
            "codeset_seventh",
            "card_revision",
        ]);
    }
    if version >= 7 {
        names.extend(["codeset_index", "codeset_term"]);
    }
    if version >= 9 {
        names.push("card_edit");
    }
    // 10 adds columns to `review` (a lookup drill's lookups and time), no table.
    if version >= 11 {
        // The full-text index and the tables SQLite's FTS5 keeps it in.
        names.extend([
            "codeset_term_words",
            "codeset_term_words_config",
            "codeset_term_words_data",
            "codeset_term_words_docsize",
            "codeset_term_words_idx",
        ]);
    }
    // 12 widens an index, no table.
    if version >= 13 {
        names.push("review_digest");
    }
    names
}

/// Refuses a database of ours at `version` whose tables or views are missing.
pub(super) fn structure(conn: &Connection, version: i64) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")?;
    let present: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let missing: Vec<&str> = expected(version)
        .into_iter()
        .filter(|name| !present.iter().any(|p| p == name))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Damage::Missing(missing.join(", ")).into())
}

/// SQLite's quick check: every page read and its structure checked, without cross-checking indexes
/// (that is `integrity_check`). Refuses the file at the first problem.
pub(super) fn pages(conn: &Connection) -> Result<()> {
    let found: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if found == "ok" {
        return Ok(());
    }
    Err(Damage::Pages(found).into())
}

/// What `codedrill check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Each problem, in SQLite's words or ours; empty when the file is sound.
    pub problems: Vec<String>,
    pub decks: i64,
    pub cards: i64,
    pub reviews: i64,
}

/// The thorough check of the database at `path`, read only: whose file it is and its schema, SQLite's
/// `integrity_check` (every page, every index against its table), the foreign keys. Counts what it holds
/// when it can. Fails only when the file cannot be opened at all.
pub fn thoroughly(path: &Path) -> Result<Report> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut report = Report {
        problems: Vec::new(),
        decks: 0,
        cards: 0,
        reviews: 0,
    };
    if std::fs::metadata(path)?.len() == 0 {
        report.problems.push(Damage::Empty.to_string());
        return Ok(report);
    }
    match identity(&conn) {
        Ok(problem) => report.problems.extend(problem),
        Err(e) if is_unreadable(&e) => {
            report.problems.push(
                "SQLite cannot read it as a database at all: its first page is damaged, or it is \
                 another kind of file"
                    .into(),
            );
            return Ok(report);
        }
        Err(e) => return Err(e.into()),
    }
    report.problems.extend(integrity(&conn)?);
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap_or(0)
    };
    (report.decks, report.cards, report.reviews) = (
        count("deck"),
        count("card WHERE note_id IS NULL"),
        count("review"),
    );
    Ok(report)
}

/// What is wrong with whose file it is or with its schema, if anything.
fn identity(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(if app != super::APPLICATION_ID {
        Some("it is not codedrill's: another program's SQLite file".into())
    } else if version > SCHEMA_VERSION {
        Some(format!(
            "it was written by a newer codedrill (schema {version}), whose tables this one does not know"
        ))
    } else if version < 1 {
        Some(Damage::BadVersion(version).to_string())
    } else {
        structure(conn, version).err().map(|e| e.to_string())
    })
}

/// SQLite's full check, one line a problem (at most 20), and rows that point at nothing.
fn integrity(conn: &Connection) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check(20)")?;
    for found in stmt.query_map([], |r| r.get::<_, String>(0))? {
        match found {
            Ok(ok) if ok == "ok" => {}
            // SQLite's report: a heading line, then one line a problem.
            Ok(report) => problems.extend(
                report
                    .lines()
                    .filter(|l| !l.starts_with("***"))
                    .map(str::to_owned),
            ),
            // Damage bad enough to stop the check is a finding too.
            Err(stopped) => {
                problems.push(format!("the check could not go on: {stopped}"));
                break;
            }
        }
    }
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap_or(0);
    if broken > 0 {
        problems.push(format!(
            "{broken} rows point at a deck, card or session that is not there"
        ));
    }
    Ok(problems)
}

fn is_unreadable(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DB_FILE, Store};

    #[test]
    fn a_sound_database_passes_both_checks() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(pages(&store.conn).is_ok());
        let report = thoroughly(&dir.path().join(DB_FILE)).unwrap();
        assert_eq!(report.problems, Vec::<String>::new());
    }

    #[test]
    fn the_expected_tables_are_the_schemas_own() {
        // A new migration's tables belong in `expected`, or their loss would go unseen.
        let store = Store::in_memory().unwrap();
        let mut stmt = store
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
            .unwrap();
        let present: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut expected: Vec<&str> = expected(SCHEMA_VERSION);
        expected.sort_unstable();
        assert_eq!(present, expected);
    }

    #[test]
    fn a_missing_table_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store
            .conn
            .execute_batch("DROP VIEW standing_review; DROP TABLE meta;")
            .unwrap();
        let err = structure(&store.conn, SCHEMA_VERSION).unwrap_err();
        assert_eq!(
            err.downcast_ref::<Damage>(),
            Some(&Damage::Missing("meta, standing_review".into()))
        );
    }
}
