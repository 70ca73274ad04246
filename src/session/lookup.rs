//! A lookup drill (`--mode lookup`): coding as the job is done, with the books open. At the answer prompt
//! `/words` searches the ICD-10-CM Alphabetic Index and `=CODE` reads the Tabular List, as `codedrill
//! lookup` shows them; neither is an answer, and the prompt comes back. The answer is judged as a typed
//! one and keeps how many lookups it took and how long the whole coding took.
//!
//! The books (`Book`) are handed in by the command that starts the drill, so the session reads and
//! renders no index of its own.

use std::io::{self, BufRead, Write};

use anyhow::Result;

use codedrill_core::answer::{Judging, Lookups, lookup_card};
use codedrill_core::words::{plural, span_words};

use super::card::Outcome;
use super::judge::Given;
use super::{Drill, Options};
use crate::store::{Card, Store};

/// The Alphabetic Index and the Tabular List, as a lookup drill opens them.
pub trait Book {
    /// Which years of the two books are installed.
    fn shelf(&self, store: &Store) -> Result<Shelf>;
    /// `/words`: the index searched for the words.
    fn search(&self, store: &Store, words: &str) -> Result<Looked>;
    /// `=CODE`: the code's tabular entry.
    fn entry(&self, store: &Store, code: &str) -> Result<Looked>;
}

/// The books installed: the newest year of each, and how to add them.
#[derive(Clone, Debug)]
pub struct Shelf {
    pub index: Option<u16>,
    pub tabular: Option<u16>,
    /// What to do to install them, as a clause ("download ... and run codedrill codeset add FILE").
    pub how_to_add: &'static str,
}

/// What a lookup found: the lines to show, or the sentence saying why there are none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Looked {
    Lines(Vec<String>),
    Nothing(String),
}

/// What `/words` and `=CODE` do at a card's prompt.
pub(super) enum Lookup<'c> {
    /// Not a lookup drill: they are answers like any other.
    Off,
    /// A lookup drill, but the books cannot help here: the sentence says why. Not counted.
    Closed(String),
    /// The books are open: each lookup is shown and counted.
    Open(&'c mut u32),
}

/// What is said when the books are asked for on a card they do not cover.
const NOT_THIS_CARD: &str = "This card is answered from memory: the index and the tabular are for the \
                             code side of ICD-10-CM cards and coding cases.";

/// What `/` or `=` alone says.
const HOW_TO_LOOK: &str = "Type words after / to search the index (/diabetes kidney), or a code after = \
                           to read the tabular (=E11.22); then type the code.";

impl<R: BufRead, W: Write> Drill<'_, R, W> {
    /// Reads a code with the books at hand: `Given::LookedUp` with the lookups made, when the card is
    /// one the books cover and at least one of them is installed; otherwise a typed answer, as usual.
    pub(super) fn read_with_books(
        &mut self,
        card: &Card,
        judging: Judging,
    ) -> Result<Result<Given, Outcome>> {
        if !lookup_card(&card.content, card.side) {
            let closed = Lookup::Closed(NOT_THIS_CARD.into());
            return Ok(self.read_typed(card, judging, closed)?);
        }
        let shelf = self.shelf()?;
        if shelf.index.is_none() && shelf.tabular.is_none() {
            let closed = Lookup::Closed(nothing_installed(&shelf));
            return Ok(self.read_typed(card, judging, closed)?);
        }
        let mut count = 0;
        let given = self.read_typed(card, judging, Lookup::Open(&mut count))?;
        Ok(given.map(|given| match given {
            Given::Typed(text, hinted) => Given::LookedUp(text, hinted, count),
            other => other,
        }))
    }

    /// The note at the start of a lookup drill: which books are open, and how to add what is missing.
    pub(super) fn books_note(&mut self, options: &Options) -> Result<()> {
        if options.mode != codedrill_core::answer::Mode::Lookup {
            return Ok(());
        }
        let shelf = self.shelf()?;
        let covers = "for the code side of ICD-10-CM cards and coding cases; other cards are answered from \
                      memory as usual";
        let note = match (shelf.index, shelf.tabular) {
            (None, None) => nothing_installed(&shelf),
            (Some(index), Some(tabular)) => format!(
                "Lookup drill: before typing the code, /words searches the FY{index} Alphabetic Index and \
                 =CODE reads the FY{tabular} Tabular List ({covers}). Each answer keeps how many lookups it \
                 took and how long."
            ),
            (None, Some(tabular)) => format!(
                "Lookup drill: =CODE reads the FY{tabular} Tabular List ({covers}), but no Alphabetic Index \
                 is installed, so /words has nothing to search; to add it, {}.",
                shelf.how_to_add
            ),
            (Some(index), None) => format!(
                "Lookup drill: /words searches the FY{index} Alphabetic Index ({covers}), but no tabular is \
                 installed, so =CODE has nothing to read; to add it, {}.",
                shelf.how_to_add
            ),
        };
        let mut view = self.view();
        view.line("", "", &view.style.dim(&note))?;
        Ok(())
    }

    fn shelf(&self) -> Result<Shelf> {
        match self.book {
            Some(book) => book.shelf(self.store),
            None => Ok(Shelf {
                index: None,
                tabular: None,
                how_to_add: "run codedrill codeset add FILE",
            }),
        }
    }

    /// Answers `text` when it asks for a book (`/words`, `=CODE`) in a lookup drill: shows what was
    /// found, counts it when the books are open, and returns `true` (the prompt is to be asked again).
    pub(super) fn look_up(&mut self, text: &str, lookup: &mut Lookup) -> io::Result<bool> {
        let text = text.trim();
        let (search, rest) = match (text.strip_prefix('/'), text.strip_prefix('=')) {
            (Some(words), _) => (true, words.trim()),
            (_, Some(code)) => (false, code.trim()),
            _ => return Ok(false),
        };
        let count = match lookup {
            Lookup::Off => return Ok(false),
            Lookup::Closed(why) => {
                self.view().warn(why)?;
                return Ok(true);
            }
            Lookup::Open(count) => count,
        };
        if rest.is_empty() {
            self.view().warn(HOW_TO_LOOK)?;
            return Ok(true);
        }
        let book = self.book.ok_or_else(|| io::Error::other("no books"))?;
        let looked = if search {
            book.search(self.store, rest)
        } else {
            book.entry(self.store, rest)
        };
        **count += 1;
        match looked.map_err(|e| io::Error::other(format!("{e:#}")))? {
            Looked::Lines(lines) => self.show_lines(&lines)?,
            Looked::Nothing(why) => self.view().warn(&capitalized(&why))?,
        }
        Ok(true)
    }

    /// What a lookup drill keeps of an answer, said under its verdict: "coded in 2 minutes with 3 lookups".
    pub(super) fn coded_in(&mut self, lookups: Lookups) -> io::Result<()> {
        let took = span_words(chrono::Duration::milliseconds(lookups.coding_ms));
        let text = format!(
            "coded in {took} with {}",
            plural(i64::from(lookups.count), "lookup")
        );
        let mut view = self.view();
        view.line("  ", "  ", &view.style.dim(&text))
    }

    /// What a lookup found, indented as the book prints it and wrapped to the width.
    fn show_lines(&mut self, lines: &[String]) -> io::Result<()> {
        let mut view = self.view();
        for line in lines {
            if line.is_empty() {
                view.line("", "", "")?;
                continue;
            }
            let text = line.trim_start();
            let indent = format!("  {}", &line[..line.len() - text.len()]);
            view.line(&indent, &format!("{indent}    "), text)?;
        }
        Ok(())
    }
}

/// What a lookup drill with no book installed says: what still works, and how to install them.
fn nothing_installed(shelf: &Shelf) -> String {
    format!(
        "No ICD-10-CM Alphabetic Index or tabular is installed, so there is nothing to look codes up in: \
         the cards are asked as in a typed drill and count as answered from memory. To install them, {}.",
        shelf.how_to_add
    )
}

/// A sentence from the lookup command (which starts in lower case, after "error: ") as a sentence of
/// its own.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| {
        let mut out: String = c.to_uppercase().collect();
        out.push_str(chars.as_str());
        if !out.ends_with('.') {
            out.push('.');
        }
        out
    })
}
