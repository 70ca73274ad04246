//! An answer from the Alphabetic Index: the main terms that hold the words typed (the best first, at most
//! [`MAX_MAIN_TERMS`]), each with its subterms indented under it, modifiers in parentheses, incomplete
//! codes and codes not in the tabular marked, and each "see" or "see also" that names a term numbered so
//! that it can be followed ([`follow`]). A reference followed shows the term it leads to with the terms
//! above it and under it, as the book's page does.

use std::collections::HashSet;

use anyhow::{Result, bail};
use serde::Serialize;

use super::{SCHEMA_VERSION, clean};
use crate::store::{Store, book_at};
use crate::view::style::Style;
use codedrill_core::codeset::{
    Book, Index, MAX_LINES, MAX_MAIN_TERMS, Term, follow_in, is_generic, is_incomplete,
    reference_main, search,
};

/// One term as shown: the term, its texts cleaned, with what the book leaves to the reader.
#[derive(Clone, Debug, Serialize)]
pub struct Line {
    #[serde(flatten)]
    pub term: Term,
    /// The numbers that follow `see` and `see_also` (from 1, through the whole answer); none for a
    /// reference to the condition itself ("see condition").
    pub see_number: Option<usize>,
    pub see_also_number: Option<usize>,
    /// Whether the term is from the External Cause Index (else the Index to Diseases and Injuries).
    pub external_cause: bool,
    pub incomplete: bool,
    /// Whether the code (and the manifestation code) is in the year's tabular; true when there is none.
    pub in_tabular: bool,
    pub manif_in_tabular: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct MainTerm {
    pub lines: Vec<Line>,
    /// Matching subterms left out.
    pub more: usize,
}

/// What a lookup shows.
#[derive(Clone, Debug, Serialize)]
pub struct IndexAnswer {
    pub schema_version: u32,
    pub year: u16,
    pub query: String,
    /// The references followed to get here, in order (none for the words' own answer).
    pub followed: Vec<String>,
    /// The parts of the last reference followed that no subterm matched.
    pub unmatched: Vec<String>,
    pub main_terms: Vec<MainTerm>,
    /// Main terms that hold the words but were left out.
    pub more_main_terms: usize,
}

/// The year's index searched for `query`.
pub fn answer(store: &Store, year: u16, query: &str) -> Result<IndexAnswer> {
    let hits = store.index_hits(year, query, MAX_MAIN_TERMS)?;
    let mut main_terms = Vec::new();
    for found in search(&hits.index, query) {
        main_terms.push(MainTerm {
            lines: lines(store, &hits.index, &found.lines, |at| {
                book_at(hits.positions[at])
            })?,
            more: found.more,
        });
    }
    Ok(numbered(IndexAnswer {
        schema_version: SCHEMA_VERSION,
        year,
        query: clean(query),
        followed: Vec::new(),
        unmatched: Vec::new(),
        main_terms,
        more_main_terms: hits.more_main_terms,
    }))
}

/// Follows the reference numbered `number` in `from`: the term it leads to, with the terms above it and
/// under it. Refused when no reference has that number or the index has no main term it names.
pub fn follow(store: &Store, from: &IndexAnswer, number: usize) -> Result<IndexAnswer> {
    let Some((reference, external)) = from.reference(number) else {
        match from.references().len() {
            0 => bail!(
                "what these words find has no see or see also to follow; run the lookup without \
                 --follow to read it"
            ),
            n => bail!(
                "what these words find has see and see also numbered 1 to {n}; follow one of those"
            ),
        }
    };
    let year = from.year;
    let first = reference.split(',').next().unwrap_or_default();
    let mut mains = store.index_main_terms(year, first)?;
    // A reference names a main term of its own book first.
    mains.sort_by_key(|(at, _)| (book_at(*at) == Book::ExternalCauses) != external);
    let terms: Vec<Term> = mains.iter().map(|(_, t)| t.clone()).collect();
    let Some((which, taken)) = reference_main(&terms, &reference) else {
        bail!(
            "the FY{year} index has no main term \"{reference}\" (the see or see also numbered {number})"
        );
    };
    let subtree = store.index_subtree(year, mains[which].0)?;
    let followed = follow_in(&subtree, 0, &reference, taken);
    let (shown, more) = page(&subtree, followed.at);
    let mut path = from.followed.clone();
    path.push(reference);
    Ok(numbered(IndexAnswer {
        schema_version: SCHEMA_VERSION,
        year,
        query: from.query.clone(),
        followed: path,
        unmatched: followed.unmatched.iter().map(|u| clean(u)).collect(),
        main_terms: vec![MainTerm {
            lines: lines(store, &subtree, &shown, |_| subtree.book)?,
            more,
        }],
        more_main_terms: 0,
    }))
}

/// The terms shown for the term at `at`: those above it, itself, then the terms under it (at most
/// [`MAX_LINES`] of them; the number left out).
fn page(index: &Index, at: usize) -> (Vec<usize>, usize) {
    let mut shown = vec![at];
    let mut up = index.terms[at].parent;
    while let Some(p) = up {
        shown.insert(0, p);
        up = index.terms[p].parent;
    }
    let mut under: HashSet<usize> = HashSet::from([at]);
    let mut more = 0;
    for (i, term) in index.terms.iter().enumerate().skip(at + 1) {
        if !term.parent.is_some_and(|p| under.contains(&p)) {
            continue;
        }
        under.insert(i);
        if shown.len() <= MAX_LINES {
            shown.push(i);
        } else {
            more += 1;
        }
    }
    (shown, more)
}

/// The terms at `places` in `index` as shown, each code checked in the year's tabular.
fn lines(
    store: &Store,
    index: &Index,
    places: &[usize],
    book: impl Fn(usize) -> Book,
) -> Result<Vec<Line>> {
    let mut lines = Vec::with_capacity(places.len());
    for &at in places {
        let term = &index.terms[at];
        let known = |code: &str| -> Result<bool> {
            Ok(code.is_empty() || store.in_tabular(index.year, code)?)
        };
        lines.push(Line {
            term: term.cleaned(),
            see_number: None,
            see_also_number: None,
            external_cause: book(at) == Book::ExternalCauses,
            incomplete: is_incomplete(&term.code),
            in_tabular: known(&term.code)?,
            manif_in_tabular: known(&term.manif)?,
        });
    }
    Ok(lines)
}

/// Numbers every reference that names a term, in the order shown.
fn numbered(mut answer: IndexAnswer) -> IndexAnswer {
    let mut n = 0;
    let mut next = |reference: &str| {
        (!reference.is_empty() && !is_generic(reference)).then(|| {
            n += 1;
            n
        })
    };
    for line in answer.main_terms.iter_mut().flat_map(|m| &mut m.lines) {
        line.see_number = next(&line.term.see);
        line.see_also_number = next(&line.term.see_also);
    }
    answer
}

impl IndexAnswer {
    /// The references that can be followed, in their numbers' order.
    pub fn references(&self) -> Vec<String> {
        let mut refs = Vec::new();
        for line in self.main_terms.iter().flat_map(|m| &m.lines) {
            if line.see_number.is_some() {
                refs.push(line.term.see.clone());
            }
            if line.see_also_number.is_some() {
                refs.push(line.term.see_also.clone());
            }
        }
        refs
    }

    /// The reference numbered `number`, and whether it is in the External Cause Index.
    fn reference(&self, number: usize) -> Option<(String, bool)> {
        let line = self
            .main_terms
            .iter()
            .flat_map(|m| &m.lines)
            .find(|l| l.see_number == Some(number) || l.see_also_number == Some(number))?;
        let text = if line.see_number == Some(number) {
            &line.term.see
        } else {
            &line.term.see_also
        };
        Some((text.clone(), line.external_cause))
    }

    /// The first incomplete code shown, without its `-`.
    pub fn first_incomplete(&self) -> Option<String> {
        self.main_terms
            .iter()
            .flat_map(|m| &m.lines)
            .find(|l| l.incomplete)
            .map(|l| l.term.code.trim_end_matches(['-', '.']).to_owned())
    }

    /// The answer as the book prints it, each term wrapped under its own indentation.
    pub fn text(&self, style: &Style) -> String {
        let mut out = String::new();
        if let Some(last) = self.followed.last() {
            out.push_str(&style.wrap(&format!("See {last}:"), "", "    "));
            out.push('\n');
        } else if self.main_terms.is_empty() {
            let sentence = format!(
                "Nothing in the FY{} Alphabetic Index holds all of \"{}\". Look the condition up, not the \
                 body site (\"nephropathy\", not \"kidney\"), or use fewer words.",
                self.year, self.query
            );
            return style.wrap(&sentence, "", "") + "\n";
        }
        for (n, main) in self.main_terms.iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            for l in &main.lines {
                let indent = "  ".repeat(usize::from(l.term.level));
                let mut text = shown(l);
                if l.external_cause && l.term.level == 0 {
                    text.insert_str(0, "External Cause Index: ");
                }
                out.push_str(&style.wrap(&text, &indent, &format!("{indent}    ")));
                out.push('\n');
            }
            if main.more > 0 {
                out.push_str(&format!(
                    "  ... and {} more: add words to narrow it.\n",
                    main.more
                ));
            }
        }
        if !self.unmatched.is_empty() {
            let sentence = format!(
                "(The index has no \"{}\" there: this is as far as the reference leads.)",
                self.unmatched.join(", ")
            );
            out.push_str(&style.wrap(&sentence, "", ""));
            out.push('\n');
        }
        if self.more_main_terms > 0 {
            let sentence = format!(
                "\n... and {} more main terms hold these words: add words to narrow it.",
                self.more_main_terms
            );
            out.push_str(&style.wrap(&sentence, "", ""));
            out.push('\n');
        }
        out
    }
}

/// A term as the book prints it: words (modifiers) code [manifestation], see, see also; with the marks
/// the book leaves to the reader (incomplete, not in the tabular) and the numbers that follow references.
fn shown(l: &Line) -> String {
    let t = &l.term;
    let mut text = t.title.clone();
    for part in [&t.nemod, &t.code] {
        if !part.is_empty() {
            text.push(' ');
            text.push_str(part);
        }
    }
    if !t.manif.is_empty() {
        text.push_str(&format!(" [{}]", t.manif));
    }
    if l.incomplete {
        text.push_str(" (incomplete)");
    }
    if !l.in_tabular {
        text.push_str(" (not in the tabular)");
    }
    if !l.manif_in_tabular {
        text.push_str(&format!(" ({} not in the tabular)", t.manif));
    }
    for (word, reference, number) in [
        ("see", &t.see, l.see_number),
        ("see also", &t.see_also, l.see_also_number),
    ] {
        if !reference.is_empty() {
            text.push_str(&format!(" - {word} {reference}"));
            if let Some(n) = number {
                text.push_str(&format!(" [{n}]"));
            }
        }
    }
    text
}
