//! A year's ICD-10-CM Alphabetic Index (schema 7), read from CMS's `icd10cm_index_YYYY.xml`: every term
//! in the book's order with its parent, modifiers, codes and cross-references. Installed with the code
//! sets of the same `codeset add`, in its transaction. Also what `lookup` reads: the index, and a
//! tabular entry with its children, notes and 7th characters.

use std::collections::HashSet;

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

use codedrill_core::codeset::{Index, NodeKind, NoteKind, Term, key};

use super::sql::word;
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

/// A node of the tabular with what `lookup --code` shows of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TabularNode {
    pub name: String,
    pub kind: NodeKind,
    pub billable: bool,
    pub description: String,
    pub parent: Option<String>,
}

impl Store {
    /// A year's Alphabetic Index, if it is installed.
    pub fn index(&self, year: u16) -> Result<Option<Index>> {
        let mut stmt = self.conn.prepare(
            "SELECT parent, level, title, nemod, code, manif, see, see_also
             FROM codeset_term WHERE year = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([year], |r| {
            Ok(Term {
                parent: r.get::<_, Option<i64>>(0)?.map(|p| p as usize),
                level: r.get(1)?,
                title: r.get(2)?,
                nemod: r.get(3)?,
                code: r.get(4)?,
                manif: r.get(5)?,
                see: r.get(6)?,
                see_also: r.get(7)?,
            })
        })?;
        let terms: Vec<Term> = rows.collect::<rusqlite::Result<_>>()?;
        Ok((!terms.is_empty()).then_some(Index { year, terms }))
    }

    /// One node of an installed year's tabular by its name (`E11.22`, `E08-E13`).
    pub fn tabular_node(&self, year: u16, name: &str) -> Result<Option<TabularNode>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, kind, billable, description, parent FROM codeset_node
             WHERE year = ?1 AND name = ?2",
        )?;
        let mut rows = stmt.query_map(params![year, name], node_of)?;
        Ok(rows.next().transpose()?)
    }

    /// The nodes right under `name`, in the tabular's order.
    pub fn tabular_children(&self, year: u16, name: &str) -> Result<Vec<TabularNode>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, kind, billable, description, parent FROM codeset_node
             WHERE year = ?1 AND parent = ?2 ORDER BY position",
        )?;
        let rows = stmt.query_map(params![year, name], node_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The notes on one node, in the tabular's order.
    pub fn tabular_notes(&self, year: u16, name: &str) -> Result<Vec<(NoteKind, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, text FROM codeset_note WHERE year = ?1 AND node = ?2 ORDER BY position",
        )?;
        let rows = stmt.query_map(params![year, name], |r| {
            Ok((word::<NoteKind>(r, 0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The 7th characters defined on one node: (character, meaning).
    pub fn tabular_sevenths(&self, year: u16, name: &str) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT character, meaning FROM codeset_seventh WHERE year = ?1 AND node = ?2
             ORDER BY character",
        )?;
        let rows = stmt.query_map(params![year, name], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn node_of(r: &rusqlite::Row) -> rusqlite::Result<TabularNode> {
    Ok(TabularNode {
        name: r.get(0)?,
        kind: word::<NodeKind>(r, 1)?,
        billable: r.get(2)?,
        description: r.get(3)?,
        parent: r.get(4)?,
    })
}
