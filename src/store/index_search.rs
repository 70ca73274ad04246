//! Reading only the part of a year's Alphabetic Index that a lookup needs (a whole year is about 85,000
//! terms, too many to read for every lookup): the full-text index (migration 11) gives the terms that may
//! hold the words typed; the best main terms among them are chosen, and their matching terms are read with
//! the terms above them. The core's `search` then decides on that part exactly as on the whole index.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Result;
use rusqlite::{OptionalExtension, params};

use codedrill_core::codeset::{Book, Index, Term, first_word_query, main_rank, token_query};

use super::Store;
use super::index::term_of;

/// A term's place in the full-text index: its year, its main term and how far after it the term comes,
/// so that a search learns which main term each term found belongs to without reading the terms.
const PLACE: i64 = 10_000_000;
/// The places a book's terms may take: an index holding this many terms or more cannot be placed (CMS's
/// has about 85,000).
pub(super) const BOOK_SPAN: usize = PLACE as usize / 2;

/// Where a book's terms start among its year's: the External Cause Index after the other.
pub(super) fn first_position(book: Book) -> usize {
    match book {
        Book::Diseases => 0,
        Book::ExternalCauses => BOOK_SPAN,
    }
}

/// The book of the term at a place.
pub fn book_at(position: usize) -> Book {
    if position < BOOK_SPAN {
        Book::Diseases
    } else {
        Book::ExternalCauses
    }
}

pub(super) fn rowid(year: u16, main: usize, position: usize) -> i64 {
    (i64::from(year) * PLACE + main as i64) * PLACE + (position - main) as i64
}

/// The first and last rowid a year's terms may have.
pub(super) fn year_rows(year: u16) -> (i64, i64) {
    let first = i64::from(year) * PLACE * PLACE;
    (first, first + PLACE * PLACE - 1)
}

/// The part of an index a search needs, and what was left out.
#[derive(Clone, Debug)]
pub struct IndexHits {
    /// The terms that may hold the words, under the best main terms, with the terms above them, in the
    /// book's order (each term's `parent` a place in this list).
    pub index: Index,
    /// Each term's place in the year's index (which says its book: [`book_at`]).
    pub positions: Vec<usize>,
    /// Main terms that hold the words but were left out (beyond `limit`).
    pub more_main_terms: usize,
}

const TERM: &str =
    "SELECT parent, level, title, nemod, code, manif, see, see_also FROM codeset_term
                    WHERE year = ?1 AND position = ?2";

impl Store {
    /// The part of the year's index that holds every word of `query`: the terms under the `limit` best
    /// main terms (ranked by [`main_rank`]), with the terms above them. Run the core's `search` on it.
    pub fn index_hits(&self, year: u16, query: &str, limit: usize) -> Result<IndexHits> {
        let mut by_main: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for row in self.matching_rows(year, token_query(query))? {
            let main = (row / PLACE) as usize;
            by_main
                .entry(main)
                .or_default()
                .push(main + (row % PLACE) as usize);
        }
        let ranked = self.ranked(year, query, &by_main)?;
        let more_main_terms = ranked.len().saturating_sub(limit);
        let wanted: BTreeSet<usize> = ranked
            .iter()
            .take(limit)
            .flat_map(|(_, main)| by_main[main].iter().copied())
            .collect();
        let (index, positions) = self.index_part(year, wanted)?;
        Ok(IndexHits {
            index,
            positions,
            more_main_terms,
        })
    }

    /// The main terms found, best first, as (rank, place). Only the few whose own words hold every word
    /// are read to rank them (0 to 2); those whose title starts with one of the words rank 1, found in
    /// the full-text index; the rest rank 3 in the book's order.
    fn ranked(
        &self,
        year: u16,
        query: &str,
        by_main: &BTreeMap<usize, Vec<usize>>,
    ) -> Result<Vec<(u8, usize)>> {
        let first_word: BTreeSet<usize> = self
            .matching_rows(year, first_word_query(query))?
            .into_iter()
            .filter(|row| row % PLACE == 0)
            .map(|row| (row / PLACE) as usize)
            .collect();
        let mut ranked = Vec::with_capacity(by_main.len());
        for (&main, found) in by_main {
            let rank = if found.contains(&main) {
                let term = self.index_term(year, main)?;
                term.as_ref().map_or(u8::MAX, |t| main_rank(t, query))
            } else if first_word.contains(&main) {
                1
            } else {
                3
            };
            ranked.push((rank, main));
        }
        ranked.sort_unstable();
        Ok(ranked)
    }

    /// The terms of the year that a full-text query finds, as rowids counted from the year's first.
    fn matching_rows(&self, year: u16, fts: Option<String>) -> Result<Vec<i64>> {
        let Some(fts) = fts else {
            return Ok(Vec::new());
        };
        let (first, last) = year_rows(year);
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid FROM codeset_term_words
             WHERE codeset_term_words MATCH ?1 AND rowid BETWEEN ?2 AND ?3",
        )?;
        let rows = stmt.query_map(params![fts, first, last], |r| r.get::<_, i64>(0))?;
        rows.map(|r| Ok(r? - first)).collect()
    }

    /// One term of a year's index by its place.
    fn index_term(&self, year: u16, position: usize) -> Result<Option<Term>> {
        let mut stmt = self.conn.prepare_cached(TERM)?;
        Ok(stmt
            .query_row(params![year, position as i64], term_of)
            .optional()?)
    }

    /// The terms at `positions` with every term above them, in the book's order, their parents placed
    /// in the part.
    fn index_part(&self, year: u16, positions: BTreeSet<usize>) -> Result<(Index, Vec<usize>)> {
        let mut read: BTreeMap<usize, Term> = BTreeMap::new();
        let mut next = positions;
        while !next.is_empty() {
            let mut above = BTreeSet::new();
            for position in next {
                if let Some(term) = self.index_term(year, position)? {
                    above.extend(term.parent.filter(|p| !read.contains_key(p)));
                    read.insert(position, term);
                }
            }
            next = above;
        }
        let place: HashMap<usize, usize> = read.keys().enumerate().map(|(i, &p)| (p, i)).collect();
        let positions = read.keys().copied().collect();
        let terms = read
            .into_values()
            .map(|mut t| {
                t.parent = t.parent.and_then(|p| place.get(&p).copied());
                t
            })
            .collect();
        let book = Book::default();
        Ok((Index { year, book, terms }, positions))
    }

    /// The main terms whose words hold all of `words`, with their places (what a cross-reference names).
    pub fn index_main_terms(&self, year: u16, words: &str) -> Result<Vec<(usize, Term)>> {
        let mut mains = Vec::new();
        for row in self.matching_rows(year, token_query(words))? {
            if row % PLACE == 0 {
                let main = (row / PLACE) as usize;
                mains.extend(self.index_term(year, main)?.map(|t| (main, t)));
            }
        }
        Ok(mains)
    }

    /// A main term and every term under it, in the book's order (the main term first, each term's
    /// `parent` a place in this list).
    pub fn index_subtree(&self, year: u16, main: usize) -> Result<Index> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT parent, level, title, nemod, code, manif, see, see_also FROM codeset_term
             WHERE year = ?1 AND position >= ?2 ORDER BY position",
        )?;
        let mut rows = stmt.query(params![year, main as i64])?;
        let mut terms = Vec::new();
        while let Some(row) = rows.next()? {
            let mut term = term_of(row)?;
            if !terms.is_empty() && term.parent.is_none() {
                break;
            }
            term.parent = term.parent.map(|p| p - main);
            terms.push(term);
        }
        let book = book_at(main);
        Ok(Index { year, book, terms })
    }
}
