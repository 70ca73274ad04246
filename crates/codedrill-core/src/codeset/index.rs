//! The Alphabetic Index XML (`icd10cm_index_YYYY.xml`): `ICD10CM.index` > `version`, `title`, then
//! `letter` > `mainTerm` > `title` (its non-essential modifiers in `nemod`), then any of `code`, `see`,
//! `seeAlso`, `manif` and nested `term level="1..N"` with the same children. Read whole into a flat list
//! in the book's order, each term naming its parent, so it can be stored and printed as the book is.

use std::collections::HashSet;

use quick_xml::events::BytesStart;

use super::tabular::{Handler, attribute, read_xml};
use super::{CodesetError, is_fiscal_year, key};

/// One main term or subterm of the index. As JSON (`lookup --json`): its fields but `parent`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    /// The enclosing term's place in [`Index::terms`]; none for a main term.
    #[serde(skip)]
    pub parent: Option<usize>,
    /// 0 for a main term, then the `level` of the subterm (1, 2...).
    pub level: u8,
    /// The words, without the non-essential modifiers ("Diabetes, diabetic").
    pub title: String,
    /// The non-essential modifiers as printed, in their parentheses ("(mellitus) (sugar)"); may be empty.
    pub nemod: String,
    /// The code, or empty; one that ends in `-` is incomplete.
    pub code: String,
    /// The manifestation code printed in brackets after the code, or empty.
    pub manif: String,
    pub see: String,
    pub see_also: String,
}

/// One year's Alphabetic Index, in the book's order: each term after its parent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    pub year: u16,
    /// Which of the two indexes in this layout it is (its `<title>` says).
    pub book: Book,
    pub terms: Vec<Term>,
}

/// The two indexes CMS publishes in the Alphabetic Index's layout: the Index to Diseases and Injuries
/// (`icd10cm_index_YYYY.xml`) and the External Cause of Injuries Index (`icd10cm_eindex_YYYY.xml`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Book {
    #[default]
    Diseases,
    ExternalCauses,
}

impl Book {
    /// The book's name as a coder knows it.
    pub fn name(self) -> &'static str {
        match self {
            Book::Diseases => "Alphabetic Index",
            Book::ExternalCauses => "External Cause Index",
        }
    }

    /// The book an index's title names.
    fn of_title(title: &str) -> Book {
        if title.to_lowercase().contains("external cause") {
            Book::ExternalCauses
        } else {
            Book::Diseases
        }
    }
}

impl Term {
    /// The same term with every text cleaned for a terminal ([`crate::sanitize::clean_line`]).
    pub fn cleaned(&self) -> Term {
        let clean = |text: &str| crate::sanitize::clean_line(text).into_owned();
        Term {
            parent: self.parent,
            level: self.level,
            title: clean(&self.title),
            nemod: clean(&self.nemod),
            code: clean(&self.code),
            manif: clean(&self.manif),
            see: clean(&self.see),
            see_also: clean(&self.see_also),
        }
    }
}

impl Index {
    pub fn main_terms(&self) -> usize {
        self.terms.iter().filter(|t| t.parent.is_none()).count()
    }

    /// The codes (and manifestation codes) the index gives that are not in `tabular` (codes compared by
    /// [`key`]), each once, in the index's order. An incomplete code counts when no code starts with it.
    pub fn missing_codes(&self, tabular: &HashSet<String>) -> Vec<String> {
        let mut seen = HashSet::new();
        self.terms
            .iter()
            .flat_map(|t| [&t.code, &t.manif])
            .filter(|c| !c.is_empty() && !in_tabular(c, tabular))
            .filter(|c| seen.insert(c.as_str()))
            .cloned()
            .collect()
    }
}

/// Whether the index gives `code` as incomplete: more characters are needed, found in the tabular.
pub fn is_incomplete(code: &str) -> bool {
    code.trim_end().ends_with('-')
}

/// Whether `code` (incomplete or not) is a node of the tabular.
pub fn in_tabular(code: &str, tabular: &HashSet<String>) -> bool {
    tabular.contains(&key(code.trim().trim_end_matches(['-', '.'])))
}

/// Reads a whole index. A file that is not an index, is cut short, names no year or holds no main term
/// is refused.
pub fn parse_index(text: &str) -> Result<Index, CodesetError> {
    let mut parser = Parser::default();
    read_xml(text, &mut parser)?;
    if !parser.path.is_empty() {
        return Err(CodesetError::Truncated { what: "index" });
    }
    parser.index.year = parser.year.ok_or(CodesetError::NoYear)?;
    if parser.index.main_terms() == 0 {
        return Err(CodesetError::NoTerms);
    }
    Ok(parser.index)
}

/// What an open element is, as far as the reading goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Root,
    Version,
    /// The index's own title, which names the book.
    BookTitle,
    Letter,
    Term,
    Field(Field),
    /// An element whose content is not read (the index's or a letter's title).
    Skipped,
}

/// The text-holding children of a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Title,
    Nemod,
    Code,
    Manif,
    See,
    SeeAlso,
}

impl Field {
    fn of_element(name: &str) -> Option<Field> {
        Some(match name {
            "title" => Field::Title,
            "nemod" => Field::Nemod,
            "code" => Field::Code,
            "manif" => Field::Manif,
            "see" => Field::See,
            "seeAlso" => Field::SeeAlso,
            _ => return None,
        })
    }
}

#[derive(Default)]
struct Parser {
    path: Vec<Tag>,
    /// The open terms, by their place in `index.terms`.
    open: Vec<usize>,
    text: String,
    year: Option<u16>,
    index: Index,
}

impl Handler for Parser {
    fn start(&mut self, e: &BytesStart) -> Result<(), CodesetError> {
        let name = e.local_name();
        let name = name.as_ref();
        let Some(&parent) = self.path.last() else {
            if name != "ICD10CM.index" {
                let root = name.to_owned();
                return Err(CodesetError::NotIndex { root });
            }
            self.path.push(Tag::Root);
            return Ok(());
        };
        let tag = match (parent, name) {
            (Tag::Root, "version") => Tag::Version,
            (Tag::Root, "title") => Tag::BookTitle,
            (Tag::Root, "letter") => Tag::Letter,
            (Tag::Letter, "mainTerm") | (Tag::Term, "term") => self.open_term(e),
            (Tag::Term, other) => Field::of_element(other).map_or(Tag::Skipped, Tag::Field),
            // The modifiers inside a title.
            (Tag::Field(Field::Title), "nemod") => Tag::Field(Field::Nemod),
            // Any other markup inside a field (emphasis) is part of its text.
            (Tag::Field(field), _) => Tag::Field(field),
            _ => Tag::Skipped,
        };
        if matches!(tag, Tag::Field(Field::Nemod)) {
            self.flush();
        }
        self.path.push(tag);
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if matches!(
            self.path.last(),
            Some(Tag::Version | Tag::BookTitle | Tag::Field(_))
        ) {
            self.text.push_str(text);
        }
    }

    fn end(&mut self) {
        let Some(tag) = self.path.pop() else { return };
        match tag {
            Tag::Version => {
                self.year = self.text.trim().parse().ok().filter(|y| is_fiscal_year(*y));
                self.text.clear();
            }
            Tag::BookTitle => {
                self.index.book = Book::of_title(&std::mem::take(&mut self.text));
            }
            Tag::Term => {
                self.open.pop();
            }
            // The end of markup inside a field: its text continues the field's.
            Tag::Field(field) if self.path.last() == Some(&Tag::Field(field)) => {}
            Tag::Field(_) => self.flush_into(tag),
            Tag::Root | Tag::Letter | Tag::Skipped => {}
        }
    }
}

impl Parser {
    fn open_term(&mut self, e: &BytesStart) -> Tag {
        // A main term has no level; a subterm whose level cannot be read is taken as the first.
        let level = match e.local_name().as_ref() {
            "mainTerm" => 0,
            _ => attribute(e, "level").trim().parse().unwrap_or(1),
        };
        self.index.terms.push(Term {
            parent: self.open.last().copied(),
            level,
            ..Term::default()
        });
        self.open.push(self.index.terms.len() - 1);
        Tag::Term
    }

    /// The title's words read so far, before its modifiers begin.
    fn flush(&mut self) {
        if self.path.last() == Some(&Tag::Field(Field::Title)) {
            self.flush_into(Tag::Field(Field::Title));
        }
    }

    fn flush_into(&mut self, tag: Tag) {
        let text = std::mem::take(&mut self.text);
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let (Tag::Field(field), Some(&at)) = (tag, self.open.last()) else {
            return;
        };
        let term = &mut self.index.terms[at];
        let slot = match field {
            Field::Title => &mut term.title,
            Field::Nemod => &mut term.nemod,
            Field::Code => &mut term.code,
            Field::Manif => &mut term.manif,
            Field::See => &mut term.see,
            Field::SeeAlso => &mut term.see_also,
        };
        if !words.is_empty() {
            if !slot.is_empty() {
                slot.push(' ');
            }
            slot.push_str(&words);
        }
    }
}
