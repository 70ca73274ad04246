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

/// The most main terms an answer shows; the rest are counted.
pub const MAX_MAIN_TERMS: usize = 12;

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

/// Where a main term ranks for `query`: lower first (see [`rank`]).
pub fn main_rank(term: &Term, query: &str) -> u8 {
    rank(term, &words(query))
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

/// Marks a main term's first word among its [`term_tokens`] ("diabetes" is also "zqxdiabetes"), so that the
/// main terms ranked 1 (their title starts with one of the words) are found without reading them. No
/// word of the index starts with it.
const FIRST_WORD: &str = "zqx";

/// The words a full-text index holds for each term, so that it finds every term [`search`] keeps: the
/// term's own words and those of the terms above it, each with the singulars it may be the plural of
/// ("arteries" also as "artery"); a main term also holds its first word marked (see [`first_word_query`]).
/// One string per term, words separated by spaces, in the index's order.
pub fn term_tokens(index: &Index) -> Vec<String> {
    let mut path: Vec<String> = Vec::with_capacity(index.terms.len());
    let mut tokens = Vec::with_capacity(index.terms.len());
    for term in &index.terms {
        let mut own = term.parent.map(|p| path[p].clone()).unwrap_or_default();
        for word in words(&term.title).iter().chain(&words(&term.nemod)) {
            for form in forms(word) {
                if !own.is_empty() {
                    own.push(' ');
                }
                own.push_str(&form);
            }
        }
        let mut all = own.clone();
        if term.parent.is_none()
            && let Some(first) = words(&term.title).first()
        {
            for form in forms(first) {
                all.push_str(&format!(" {FIRST_WORD}{form}"));
            }
        }
        path.push(own);
        tokens.push(all);
    }
    tokens
}

/// The full-text query (SQLite FTS5) that finds every term that may hold all of `query`'s words: each
/// word, or one of its singulars, among a term's [`term_tokens`]. None when the query has no word.
/// It may find a little more than [`search`] keeps (a word whose singular looks like another's); the
/// search itself decides.
pub fn token_query(query: &str) -> Option<String> {
    let parts: Vec<String> = words(query)
        .iter()
        .map(|w| format!("({})", any_form(w, "")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// The full-text query that finds the main terms whose title starts with one of `query`'s words (rank 1
/// or better, see [`main_rank`]), and terms under them.
pub fn first_word_query(query: &str) -> Option<String> {
    let parts: Vec<String> = words(query)
        .iter()
        .map(|w| any_form(w, FIRST_WORD))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" OR "))
}

/// `"word" OR "singular"...`, each form after `mark`.
fn any_form(word: &str, mark: &str) -> String {
    let any: Vec<String> = forms(word)
        .iter()
        .map(|f| format!("\"{mark}{f}\""))
        .collect();
    any.join(" OR ")
}

/// A word and the singulars it may be the plural of, as [`same_word`] pairs them: if two words are the
/// same word, one of them is among the other's forms.
fn forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_owned()];
    let mut add = |form: String| {
        if !form.is_empty() && !forms.contains(&form) {
            forms.push(form);
        }
    };
    if let Some(stem) = word.strip_suffix('s') {
        add(stem.to_owned());
    }
    if let Some(stem) = word.strip_suffix("es") {
        add(stem.to_owned());
        add(format!("{stem}is"));
    }
    if let Some(stem) = word.strip_suffix("ies") {
        add(format!("{stem}y"));
    }
    forms
}
