//! A year's ICD-10-CM Alphabetic Index (schema 7), read from CMS's `icd10cm_index_YYYY.xml`: every term
//! in the book's order with its parent, modifiers, codes and cross-references. Installed with the code
//! sets of the same `codeset add`, in its transaction. Also what `lookup` reads: the index, and a
//! tabular entry with its children, notes and 7th characters.

use std::collections::HashSet;

use anyhow::{Result, bail};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};

use codedrill_core::codeset::{Book, Index, NodeKind, NoteKind, Term, dotted, key, term_tokens};

use super::index_search::{BOOK_SPAN, first_position, rowid, year_rows};

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

    /// How many of a year's index terms are of its External Cause Index.
    pub fn external_cause_terms(&self, year: u16) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM codeset_term WHERE year = ?1 AND position >= ?2",
            params![year, BOOK_SPAN as i64],
            |r| r.get(0),
        )?)
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

/// Writes one year's index (of diseases or of external causes), replacing what was stored for its
/// year's book. The External Cause Index is stored after the other ([`first_position`]).
pub(super) fn install_index(
    tx: &Transaction,
    index: &Index,
    files: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    if index.terms.len() >= BOOK_SPAN {
        bail!(
            "the FY{} index holds {} terms, far more than CMS's; nothing was installed",
            index.year,
            index.terms.len()
        );
    }
    let first = first_position(index.book);
    tx.execute(
        "INSERT INTO codeset_index (year, files, added_at, terms) VALUES (?1, ?2, ?3, 0)
         ON CONFLICT (year) DO UPDATE SET files = excluded.files, added_at = excluded.added_at",
        params![index.year, files, ms(now)],
    )?;
    tx.execute(
        "DELETE FROM codeset_term WHERE year = ?1 AND position >= ?2 AND position < ?3",
        params![index.year, first as i64, (first + BOOK_SPAN) as i64],
    )?;
    let mut term = tx.prepare(
        "INSERT INTO codeset_term (year, position, parent, level, title, nemod, code, manif, see,
                                   see_also)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, t) in index.terms.iter().enumerate() {
        term.execute(params![
            index.year,
            (first + position) as i64,
            t.parent.map(|p| (first + p) as i64),
            t.level,
            t.title,
            t.nemod,
            t.code,
            t.manif,
            t.see,
            t.see_also
        ])?;
    }
    tx.execute(
        "UPDATE codeset_index SET terms = (SELECT count(*) FROM codeset_term WHERE year = ?1)
         WHERE year = ?1",
        [index.year],
    )?;
    index_words(tx, index)
}

/// Fills the full-text index of one year's book (migration 11), replacing what it held for it.
fn index_words(conn: &Connection, index: &Index) -> Result<()> {
    let first = first_position(index.book);
    let (from, _) = year_rows(index.year);
    conn.execute(
        "DELETE FROM codeset_term_words WHERE rowid BETWEEN ?1 AND ?2",
        [
            from + rowid(0, first, first),
            from + rowid(0, first + BOOK_SPAN, first + BOOK_SPAN) - 1,
        ],
    )?;
    let mut insert =
        conn.prepare("INSERT INTO codeset_term_words (rowid, words) VALUES (?1, ?2)")?;
    let mut main = 0;
    for (position, tokens) in term_tokens(index).iter().enumerate() {
        if index.terms[position].parent.is_none() {
            main = position;
        }
        insert.execute(params![
            rowid(index.year, first + main, first + position),
            tokens
        ])?;
    }
    Ok(())
}

/// Indexes the words of every index installed before migration 11 made the full-text index.
pub(super) fn index_installed_words(conn: &Connection) -> Result<()> {
    let years: Vec<u16> = conn
        .prepare("SELECT year FROM codeset_index")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for year in years {
        let terms = terms(conn, year)?;
        index_words(
            conn,
            &Index {
                year,
                book: Book::Diseases,
                terms,
            },
        )?;
    }
    Ok(())
}

/// Every term of a year's Index to Diseases and Injuries, in the book's order.
fn terms(conn: &Connection, year: u16) -> Result<Vec<Term>> {
    let mut stmt = conn.prepare(
        "SELECT parent, level, title, nemod, code, manif, see, see_also
         FROM codeset_term WHERE year = ?1 AND position < ?2 ORDER BY position",
    )?;
    let rows = stmt.query_map(params![year, BOOK_SPAN as i64], term_of)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A term from `parent, level, title, nemod, code, manif, see, see_also`.
pub(super) fn term_of(r: &rusqlite::Row) -> rusqlite::Result<Term> {
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
    /// One node of an installed year's tabular by its name (`E11.22`, `E08-E13`).
    pub fn tabular_node(&self, year: u16, name: &str) -> Result<Option<TabularNode>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, kind, billable, description, parent FROM codeset_node
             WHERE year = ?1 AND name = ?2",
        )?;
        let mut rows = stmt.query_map(params![year, name], node_of)?;
        Ok(rows.next().transpose()?)
    }

    /// Whether a code the index gives (perhaps incomplete, ending in `-`) is a node of the year's tabular:
    /// [`codedrill_core::codeset::in_tabular`] for one code, without reading the whole tabular.
    pub fn in_tabular(&self, year: u16, code: &str) -> Result<bool> {
        let name = dotted(code.trim().trim_end_matches(['-', '.']));
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM codeset_node WHERE year = ?1 AND name = ?2")?;
        Ok(stmt.exists(params![year, name])?)
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
