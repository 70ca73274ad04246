//! `codedrill lookup WORDS...`: the Alphabetic Index searched as the printed book is used (main terms,
//! subterms indented under them, modifiers in parentheses, see and see also, incomplete codes marked);
//! `codedrill lookup --code CODE`: the Tabular List entry a coder reads next. Everything printed comes
//! from CMS's files and is cleaned first.

use std::collections::HashSet;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::Context;
use crate::session::{Book, Looked, Shelf};
use crate::store::{Store, TabularNode};
use codedrill_core::codeset::{NoteKind, Term, dotted, in_tabular, is_incomplete, search};
use codedrill_core::sanitize::clean_line;

const HOW_TO_ADD: &str = "download the year's \"Code Tables, Tabular and Index\" zip from CMS and run \
    codedrill codeset add FILE (the README's \"A new code year\" has the steps)";

/// One term of an answer, as `--json` writes it.
#[derive(Serialize)]
struct Line {
    level: u8,
    title: String,
    nemod: String,
    code: String,
    manif: String,
    see: String,
    see_also: String,
    incomplete: bool,
    /// Whether the code (and the manifestation code) is in the year's tabular; true when there is none.
    in_tabular: bool,
    manif_in_tabular: bool,
}

#[derive(Serialize)]
struct MainTerm {
    lines: Vec<Line>,
    more: usize,
}

#[derive(Serialize)]
struct Answer<'a> {
    year: u16,
    query: &'a str,
    main_terms: Vec<MainTerm>,
}

pub(super) fn run(
    ctx: &mut Context,
    words: &[String],
    code: Option<&str>,
    year: Option<u16>,
    json: bool,
) -> Result<ExitCode> {
    let store = ctx.store()?;
    if let Some(code) = code {
        return tabular(store, code, year, json);
    }
    let query = words.join(" ");
    let answer = search_index(store, &query, year)?.map_err(anyhow::Error::msg)?;
    print(&answer, json, answer_lines)?;
    Ok(if answer.main_terms.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The index of `year` (the newest installed when none is named) searched for `query`; `Err` is the
/// sentence saying that no such index is installed and how to add one.
fn search_index<'q>(
    store: &Store,
    query: &'q str,
    year: Option<u16>,
) -> Result<Result<Answer<'q>, String>> {
    let year = match year {
        Some(y) => y,
        None => match store.index_years()?.first() {
            Some((y, _)) => *y,
            None => {
                return Ok(Err(format!(
                    "no Alphabetic Index is installed; {HOW_TO_ADD}"
                )));
            }
        },
    };
    let Some(index) = store.index(year)? else {
        return Ok(Err(format!(
            "the FY{year} Alphabetic Index is not installed; {HOW_TO_ADD}"
        )));
    };
    let keys = store.codeset_keys(year)?;
    let main_terms: Vec<MainTerm> = search(&index, query)
        .into_iter()
        .map(|f| MainTerm {
            lines: f
                .lines
                .iter()
                .map(|&at| line(&index.terms[at], &keys))
                .collect(),
            more: f.more,
        })
        .collect();
    Ok(Ok(Answer {
        year,
        query,
        main_terms,
    }))
}

/// The books a lookup drill opens (`/words`, `=CODE`): what `codedrill lookup` prints, as lines.
pub(crate) struct IndexBook;

impl Book for IndexBook {
    fn shelf(&self, store: &Store) -> Result<Shelf> {
        Ok(Shelf {
            index: store.index_years()?.first().map(|(y, _)| *y),
            tabular: store.codesets()?.first().map(|set| set.year),
            how_to_add: HOW_TO_ADD,
        })
    }

    fn search(&self, store: &Store, words: &str) -> Result<Looked> {
        Ok(match search_index(store, words, None)? {
            Ok(answer) => Looked::Lines(answer_lines(&answer)),
            Err(why) => Looked::Nothing(why),
        })
    }

    fn entry(&self, store: &Store, code: &str) -> Result<Looked> {
        Ok(match find_entry(store, code, None)? {
            Ok(entry) => Looked::Lines(entry_lines(&entry)),
            Err(why) => Looked::Nothing(why),
        })
    }
}

fn line(term: &Term, keys: &HashSet<String>) -> Line {
    let clean = |text: &str| clean_line(text).into_owned();
    Line {
        level: term.level,
        title: clean(&term.title),
        nemod: clean(&term.nemod),
        code: clean(&term.code),
        manif: clean(&term.manif),
        see: clean(&term.see),
        see_also: clean(&term.see_also),
        incomplete: is_incomplete(&term.code),
        in_tabular: term.code.is_empty() || in_tabular(&term.code, keys),
        manif_in_tabular: term.manif.is_empty() || in_tabular(&term.manif, keys),
    }
}

/// An answer as the printed book shows it, a line each.
fn answer_lines(answer: &Answer) -> Vec<String> {
    let mut out = Vec::new();
    if answer.main_terms.is_empty() {
        out.push(format!(
            "Nothing in the FY{} Alphabetic Index holds all of \"{}\". Look the condition up, not the body \
             site (\"nephropathy\", not \"kidney\"), or use fewer words.",
            answer.year,
            clean_line(answer.query)
        ));
        return out;
    }
    let mut incomplete = None;
    for (n, main) in answer.main_terms.iter().enumerate() {
        if n > 0 {
            out.push(String::new());
        }
        for l in &main.lines {
            out.push(format!("{}{}", "  ".repeat(usize::from(l.level)), shown(l)));
            if l.incomplete && incomplete.is_none() {
                incomplete = Some(l.code.trim_end_matches(['-', '.']).to_owned());
            }
        }
        if main.more > 0 {
            out.push(format!(
                "  ... and {} more: add words to narrow it.",
                main.more
            ));
        }
    }
    if let Some(code) = incomplete {
        out.push(String::new());
        out.push(format!(
            "A code ending in - is incomplete: the Tabular List gives the characters it needs \
             (codedrill lookup --code {code})."
        ));
    }
    out
}

/// A term as the book prints it: words, (modifiers), code [manifestation], see, see also.
fn shown(l: &Line) -> String {
    let mut text = l.title.clone();
    for (part, before) in [(&l.nemod, " "), (&l.code, " "), (&l.manif, " [")] {
        if !part.is_empty() {
            text.push_str(before);
            text.push_str(part);
            if before == " [" {
                text.push(']');
            }
        }
    }
    if l.incomplete {
        text.push_str(" (incomplete)");
    }
    if !l.in_tabular {
        text.push_str(" (not in the tabular)");
    }
    if !l.manif_in_tabular {
        text.push_str(&format!(" ({} not in the tabular)", l.manif));
    }
    if !l.see.is_empty() {
        text.push_str(&format!(" - see {}", l.see));
    }
    if !l.see_also.is_empty() {
        text.push_str(&format!(" - see also {}", l.see_also));
    }
    text
}

/// A tabular node as `--json` writes it.
#[derive(Serialize)]
struct Entry {
    year: u16,
    code: String,
    description: String,
    billable: bool,
    /// The nodes above it, nearest first.
    parents: Vec<Child>,
    children: Vec<Child>,
    /// Notes on the code and on the nodes above it, nearest first: (the node, its kind, its text).
    notes: Vec<NoteLine>,
    seventh_characters: Vec<(String, String)>,
}

#[derive(Serialize)]
struct Child {
    code: String,
    description: String,
    billable: bool,
}

#[derive(Serialize)]
struct NoteLine {
    on: String,
    kind: &'static str,
    #[serde(skip)]
    label: &'static str,
    text: String,
}

fn child(n: &TabularNode) -> Child {
    Child {
        code: clean_line(&n.name).into_owned(),
        description: clean_line(&n.description).into_owned(),
        billable: n.billable,
    }
}

fn tabular(store: &Store, code: &str, year: Option<u16>, json: bool) -> Result<ExitCode> {
    let entry = find_entry(store, code, year)?.map_err(anyhow::Error::msg)?;
    print(&entry, json, entry_lines)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes an answer as JSON for scripts, or as the lines a person reads.
fn print<T: Serialize>(value: &T, json: bool, lines: fn(&T) -> Vec<String>) -> Result<()> {
    if json {
        say!("{}", serde_json::to_string_pretty(value)?);
    } else {
        for line in lines(value) {
            say!("{line}");
        }
    }
    Ok(())
}

/// The tabular entry of `code` in `year` (the newest installed when none is named); `Err` is the
/// sentence saying why there is none.
fn find_entry(store: &Store, code: &str, year: Option<u16>) -> Result<Result<Entry, String>> {
    let year = match year {
        Some(y) => y,
        None => match store.codesets()?.first() {
            Some(set) => set.year,
            None => {
                return Ok(Err(format!(
                    "no ICD-10-CM code set is installed; {HOW_TO_ADD}"
                )));
            }
        },
    };
    let typed = code.trim().trim_end_matches(['-', '.']);
    let node = match store.tabular_node(year, typed)? {
        Some(n) => n,
        None => match store.tabular_node(year, &dotted(typed))? {
            Some(n) => n,
            None => {
                return Ok(Err(format!(
                    "{} is not in the FY{year} tabular; check the code, or look the condition up with \
                     codedrill lookup WORDS",
                    clean_line(code)
                )));
            }
        },
    };
    Ok(Ok(entry(store, year, node)?))
}

fn entry(store: &Store, year: u16, node: TabularNode) -> Result<Entry> {
    let mut parents = Vec::new();
    let mut notes = Vec::new();
    let mut sevenths = Vec::new();
    let mut at = Some(node.clone());
    while let Some(n) = at {
        for (kind, text) in store.tabular_notes(year, &n.name)? {
            notes.push(NoteLine {
                on: clean_line(&n.name).into_owned(),
                kind: kind.as_str(),
                label: note_label(kind),
                text: clean_line(&text).into_owned(),
            });
        }
        if sevenths.is_empty() {
            sevenths = store.tabular_sevenths(year, &n.name)?;
        }
        if n.name != node.name {
            parents.push(child(&n));
        }
        at = match &n.parent {
            Some(p) => store.tabular_node(year, p)?,
            None => None,
        };
    }
    let children = store.tabular_children(year, &node.name)?;
    Ok(Entry {
        year,
        code: clean_line(&node.name).into_owned(),
        description: clean_line(&node.description).into_owned(),
        billable: node.billable,
        parents,
        children: children.iter().map(child).collect(),
        notes,
        seventh_characters: sevenths
            .into_iter()
            .map(|(c, m)| (clean_line(&c).into_owned(), clean_line(&m).into_owned()))
            .collect(),
    })
}

/// A tabular entry, a line each.
fn entry_lines(e: &Entry) -> Vec<String> {
    let mut out = Vec::new();
    out.push(format!("{}  {}", e.code, e.description));
    if e.billable {
        out.push(format!("Billable in FY{}.", e.year));
    } else if e.children.is_empty() {
        out.push(format!("Not billable in FY{}.", e.year));
    } else {
        out.push(format!(
            "A header in FY{}, not billable: code one of the codes below it.",
            e.year
        ));
    }
    if !e.parents.is_empty() {
        let path: Vec<String> = e
            .parents
            .iter()
            .map(|p| format!("{} {}", p.code, p.description))
            .collect();
        out.push(format!("Under: {}", path.join(" < ")));
    }
    let mut on = e.code.clone();
    for n in &e.notes {
        if n.on != on {
            out.push(format!("From {}:", n.on));
            on.clone_from(&n.on);
        }
        out.push(format!("  {}: {}", n.label, n.text));
    }
    if !e.children.is_empty() {
        out.push("Codes below it:".into());
        for c in &e.children {
            let mark = if c.billable { "" } else { " (header)" };
            out.push(format!("  {:<9} {}{mark}", c.code, c.description));
        }
    }
    if !e.seventh_characters.is_empty() {
        out.push("7th characters (X fills any empty place up to the 6th):".into());
        for (c, m) in &e.seventh_characters {
            out.push(format!("  {c}  {m}"));
        }
    }
    out
}

/// A note's kind as the tabular heads it.
fn note_label(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::InclusionTerm => "Inclusion term",
        NoteKind::Includes => "Includes",
        NoteKind::Excludes1 => "Excludes1",
        NoteKind::Excludes2 => "Excludes2",
        NoteKind::CodeFirst => "Code first",
        NoteKind::UseAdditionalCode => "Use additional code",
        NoteKind::CodeAlso => "Code also",
        NoteKind::SeventhCharacterNote => "7th character note",
        NoteKind::Note => "Note",
    }
}
