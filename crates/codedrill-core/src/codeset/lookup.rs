//! Searching the Alphabetic Index as the printed book is used: the words typed are looked for in each
//! term together with the terms above it (so "diabetes kidney" finds "Diabetes > type 2 > with > chronic
//! kidney disease"), forgiving case, word order and plurals. The answer is grouped by main term, each
//! with the subterms that matched and the terms that lead to them, in the book's order; the main terms
//! whose title starts with the words come first, then those that start with one of them, then those
//! that hold them, then the rest.

use crate::answer::{same_word, words};

use super::{Index, Term};

/// One main term of an answer: its place in the index and the terms to show under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub main: usize,
    /// The terms to print, in the book's order, the main term first (places in [`Index::terms`]).
    pub lines: Vec<usize>,
    /// Matching subterms left out to keep the answer short.
    pub more: usize,
}

/// The most subterms shown under one main term; more words narrow the answer.
pub const MAX_LINES: usize = 40;

/// The main terms (with their subterms) that hold every word of `query`, best first.
pub fn search(index: &Index, query: &str) -> Vec<Found> {
    let wanted = words(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    let terms = &index.terms;
    // Each term's words, with those of the terms above it.
    let mut path_words: Vec<Vec<String>> = Vec::with_capacity(terms.len());
    let mut found: Vec<(u8, Found)> = Vec::new();
    for (at, term) in terms.iter().enumerate() {
        let mut own = term
            .parent
            .map(|p| path_words[p].clone())
            .unwrap_or_default();
        own.extend(words(&term.title));
        own.extend(words(&term.nemod));
        let matched = wanted.iter().all(|w| own.iter().any(|o| same_word(w, o)));
        path_words.push(own);
        if term.parent.is_none() {
            found.push((
                rank(term, &wanted),
                Found {
                    main: at,
                    lines: vec![at],
                    more: 0,
                },
            ));
            continue;
        }
        if matched && let Some((_, current)) = found.last_mut() {
            add_line(terms, current, at);
        }
    }
    let main_matches = |f: &Found| {
        let own = &path_words[f.main];
        wanted.iter().all(|w| own.iter().any(|o| same_word(w, o)))
    };
    let mut found: Vec<(u8, Found)> = found
        .into_iter()
        .filter(|(_, f)| f.lines.len() > 1 || main_matches(f))
        .collect();
    found.sort_by_key(|(rank, f)| (*rank, f.main));
    found.into_iter().map(|(_, f)| f).collect()
}

/// 0: the main term's title starts with the words, in order; 1: it starts with one of them (the
/// condition typed, in any order); 2: its title and modifiers hold them all; 3: only its subterms do.
fn rank(term: &Term, wanted: &[String]) -> u8 {
    let title = words(&term.title);
    let mut own = title.clone();
    own.extend(words(&term.nemod));
    if title.len() >= wanted.len() && wanted.iter().zip(&title).all(|(w, t)| same_word(w, t)) {
        0
    } else if title
        .first()
        .is_some_and(|t| wanted.iter().any(|w| same_word(w, t)))
    {
        1
    } else if wanted.iter().all(|w| own.iter().any(|o| same_word(w, o))) {
        2
    } else {
        3
    }
}

/// Adds a matching subterm with the terms that lead to it (not yet shown), within [`MAX_LINES`].
fn add_line(terms: &[Term], found: &mut Found, at: usize) {
    let mut chain = vec![at];
    let mut up = terms[at].parent;
    while let Some(p) = up.filter(|p| !found.lines.contains(p)) {
        chain.push(p);
        up = terms[p].parent;
    }
    if found.lines.len() + chain.len() > MAX_LINES + 1 {
        found.more += 1;
        return;
    }
    found.lines.extend(chain.into_iter().rev());
}
