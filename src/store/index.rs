//! A year's ICD-10-CM Alphabetic Index (schema 7), read from CMS's `icd10cm_index_YYYY.xml`: every term
//! in the book's order with its parent, modifiers, codes and cross-references. Installed with the code
//! sets of the same `codeset add`, in its transaction.

use std::collections::HashSet;

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

use codedrill_core::codeset::{Index, key};

use super::{Store, ms};

impl Store {
    /// The years whose index is installed, newest first, with their number of terms.
    pub fn index_years(&self) -> Result<Vec<(u16, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT year, terms FROM codeset_index ORDER BY year DESC")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every node of an installed year (chapters aside), by [`key`]: what an index's codes are checked
    /// against.
    pub fn codeset_keys(&self, year: u16) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM codeset_node WHERE year = ?1")?;
        let rows = stmt.query_map([year], |r| r.get::<_, String>(0))?;
        rows.map(|name| Ok(key(&name?))).collect()
    }
}

/// Writes one year's index, replacing what was stored for its year.
pub(super) fn install_index(
    tx: &Transaction,
    index: &Index,
    files: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    for table in ["codeset_term", "codeset_index"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE year = ?1"),
            [index.year],
        )?;
    }
    tx.execute(
        "INSERT INTO codeset_index (year, files, added_at, terms) VALUES (?1, ?2, ?3, ?4)",
        params![index.year, files, ms(now), index.terms.len() as i64],
    )?;
    let mut term = tx.prepare(
        "INSERT INTO codeset_term (year, position, parent, level, title, nemod, code, manif, see,
                                   see_also)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, t) in index.terms.iter().enumerate() {
        term.execute(params![
            index.year,
            position as i64,
            t.parent.map(|p| p as i64),
            t.level,
            t.title,
            t.nemod,
            t.code,
            t.manif,
            t.see,
            t.see_also
        ])?;
    }
    Ok(())
}
