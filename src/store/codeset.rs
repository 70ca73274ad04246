//! ICD-10-CM code sets (schema 6): each year read from CMS's files, whole (every code with its billable
//! flag and descriptions, the tabular's notes and 7th characters), so it can be compared, studied and
//! shown later. A year is installed, or replaced, in one transaction.

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior, params};

use codedrill_core::codeset::{CodeSet, Index, YearCode};

use super::sql::Sql;
use super::{Store, from_ms, ms};

/// One installed year, as `codedrill codeset` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodesetInfo {
    pub year: u16,
    /// The files it was read from, as given.
    pub files: String,
    pub added_at: DateTime<Utc>,
    pub billable: i64,
    /// Chapters, sections, headers and billable codes.
    pub nodes: i64,
    pub notes: i64,
}

impl Store {
    /// The installed years, newest first.
    pub fn codesets(&self) -> Result<Vec<CodesetInfo>> {
        let mut stmt = self.conn.prepare(
            "SELECT year, files, added_at, billable, nodes,
                    (SELECT count(*) FROM codeset_note n WHERE n.year = c.year)
             FROM codeset c ORDER BY year DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CodesetInfo {
                year: r.get(0)?,
                files: r.get(1)?,
                added_at: from_ms(r.get(2)?),
                billable: r.get(3)?,
                nodes: r.get(4)?,
                notes: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Installs years and indexes in one transaction, each replacing what was stored for its year: all
    /// of them or, on any error, none.
    pub fn install_codesets(
        &mut self,
        sets: &[(CodeSet, String)],
        indexes: &[(Index, String)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (set, files) in sets {
            install(&tx, set, files, now)?;
            crate::failpoint::hit("codeset-install")?;
        }
        for (index, files) in indexes {
            super::index::install_index(&tx, index, files, now)?;
            crate::failpoint::hit("codeset-install")?;
        }
        tx.commit()?;
        Ok(())
    }

    /// A year's billable codes with their descriptions, in the tabular's order.
    pub fn billable_codes(&self, year: u16) -> Result<Vec<(String, String)>> {
        billable(&self.conn, year)
    }

    /// A year's billable codes with the title each is filed under, in the tabular's order.
    pub fn billable_with_groups(&self, year: u16) -> Result<Vec<YearCode>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.name, c.description, coalesce(ch.description, cat.description, ''), c.chapter
             FROM codeset_node c
             LEFT JOIN codeset_node ch ON ch.year = c.year AND ch.kind = ?2
                  AND ch.name = CAST(c.chapter AS TEXT)
             LEFT JOIN codeset_node cat ON cat.year = c.year AND cat.name = substr(c.name, 1, 3)
             WHERE c.year = ?1 AND c.billable ORDER BY c.position",
        )?;
        let rows = stmt.query_map(
            params![year, Sql(codedrill_core::codeset::NodeKind::Chapter)],
            |r| {
                Ok(YearCode {
                    code: r.get(0)?,
                    description: r.get(1)?,
                    group: r.get(2)?,
                    chapter: r.get(3)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A year's billable codes with their descriptions, in the tabular's order.
pub(super) fn billable(conn: &Connection, year: u16) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, description FROM codeset_node WHERE year = ?1 AND billable ORDER BY position",
    )?;
    let rows = stmt.query_map([year], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes one year, replacing what was stored for it.
fn install(tx: &Transaction, set: &CodeSet, files: &str, now: DateTime<Utc>) -> Result<()> {
    for table in ["codeset_seventh", "codeset_note", "codeset_node", "codeset"] {
        tx.execute(&format!("DELETE FROM {table} WHERE year = ?1"), [set.year])?;
    }
    tx.execute(
        "INSERT INTO codeset (year, files, added_at, billable, nodes) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            set.year,
            files,
            ms(now),
            set.billable_count() as i64,
            set.nodes.len() as i64
        ],
    )?;
    let mut node = tx.prepare(
        "INSERT INTO codeset_node (year, name, position, kind, parent, billable, chapter,
                                   short_description, description)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (position, n) in set.nodes.iter().enumerate() {
        node.execute(params![
            set.year,
            n.name,
            position as i64,
            Sql(n.kind),
            n.parent,
            n.billable,
            n.chapter,
            n.short_description,
            n.description
        ])?;
    }
    let mut note = tx.prepare(
        "INSERT INTO codeset_note (year, node, position, kind, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, n) in set.notes.iter().enumerate() {
        note.execute(params![
            set.year,
            n.node,
            position as i64,
            Sql(n.kind),
            n.text
        ])?;
    }
    let mut seventh = tx.prepare(
        "INSERT INTO codeset_seventh (year, node, character, meaning, also) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for s in &set.sevenths {
        seventh.execute(params![
            set.year,
            s.node,
            s.character.to_string(),
            s.meaning,
            s.also
        ])?;
    }
    Ok(())
}
