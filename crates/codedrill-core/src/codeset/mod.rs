//! ICD-10-CM code sets as NCHS/CDC and CMS publish them each year: the model (every code with its
//! billable flag and descriptions, the tabular's notes and 7th characters), the two official readers
//! (`order`: the fixed-width "Code Descriptions in Tabular Order" file; `tabular`: the tabular XML;
//! `index`: the Alphabetic Index XML), which file is which (`source`), what changed between two years
//! (`changes`), and how a deck's cards move to a new year (`update`). Values in, values out: the shell
//! reads and unzips the files and stores the sets.

mod changes;
mod deck;
mod index;
mod lookup;
mod order;
mod see;
mod source;
mod tabular;
mod update;

pub use changes::{Changes, Revised, replacements};
pub use deck::{YearCode, year_cards};
pub use index::{Book, Index, Term, in_tabular, is_incomplete, parse_index};
pub use lookup::{
    Found, MAX_LINES, MAX_MAIN_TERMS, first_word_query, main_rank, search, term_tokens, token_query,
};
pub use order::parse_order;
pub use see::{Followed, follow_in, is_generic, reference_main};
pub use source::{FileKind, kind_of, member_kind, year_in_name};
pub use tabular::parse_tabular;
pub use update::{CardRef, Move, icd_codes_of, plan};

use std::collections::HashMap;

vocabulary! {
    /// What a node of the tabular is: a chapter, a section (a block of categories) or a code (a
    /// category, a subcategory or a billable code).
    pub enum NodeKind {
        Chapter = "chapter",
        Section = "section",
        Code = "code",
    }
}

vocabulary! {
    /// The instructional notes of the tabular, by the XML element that holds them.
    pub enum NoteKind {
        InclusionTerm = "inclusion-term",
        Includes = "includes",
        Excludes1 = "excludes1",
        Excludes2 = "excludes2",
        CodeFirst = "code-first",
        UseAdditionalCode = "use-additional-code",
        CodeAlso = "code-also",
        SeventhCharacterNote = "seventh-character-note",
        Note = "note",
    }
}

impl NoteKind {
    /// The note for the tabular element `name`, if it is one of the note containers.
    pub fn of_element(name: &str) -> Option<NoteKind> {
        Some(match name {
            "inclusionTerm" => NoteKind::InclusionTerm,
            "includes" => NoteKind::Includes,
            "excludes1" => NoteKind::Excludes1,
            "excludes2" => NoteKind::Excludes2,
            "codeFirst" => NoteKind::CodeFirst,
            "useAdditionalCode" => NoteKind::UseAdditionalCode,
            "codeAlso" => NoteKind::CodeAlso,
            "sevenChrNote" => NoteKind::SeventhCharacterNote,
            "notes" => NoteKind::Note,
            _ => return None,
        })
    }
}

/// One node of the classification: a chapter (named by its number), a section (by its range, such as
/// `E08-E13`) or a code, dotted (`E11.22`, `S52.501A`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    pub kind: NodeKind,
    /// The enclosing node: a code's parent code or section, a section's chapter.
    pub parent: Option<String>,
    /// Valid on a claim: a leaf of the tabular (with its 7th character where one applies).
    pub billable: bool,
    /// The order file's abbreviated title; empty when only the tabular was read.
    pub short_description: String,
    pub description: String,
    /// The chapter number, when the tabular was read.
    pub chapter: Option<u8>,
}

/// One instructional note, on the node that carries it, in the tabular's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub node: String,
    pub kind: NoteKind,
    pub text: String,
}

/// A 7th character defined on a node for every code below it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seventh {
    pub node: String,
    pub character: char,
    pub meaning: String,
    /// A further text the tabular gives for this character ("initial encounter for open fracture NOS").
    pub also: String,
}

/// One fiscal year of ICD-10-CM (FY2026 took effect on 1 October 2025).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeSet {
    pub year: u16,
    /// Chapters, sections and codes in the tabular's order, each after its parent.
    pub nodes: Vec<Node>,
    pub notes: Vec<Note>,
    pub sevenths: Vec<Seventh>,
}

impl CodeSet {
    pub fn billable_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.billable).count()
    }

    /// The billable codes with their descriptions, in order.
    pub fn billable(&self) -> impl Iterator<Item = (&str, &str)> {
        self.nodes
            .iter()
            .filter(|n| n.billable)
            .map(|n| (n.name.as_str(), n.description.as_str()))
    }

    /// One year read from both official files: the tabular's structure, notes and chapters, with the
    /// order file's titles (short and long) on every code they share. Refused when the two do not agree
    /// on which codes are billable: they are then from different releases.
    pub fn merge(order: CodeSet, mut tabular: CodeSet) -> Result<CodeSet, CodesetError> {
        let year = tabular.year;
        let mut titles: HashMap<String, Node> =
            order.nodes.into_iter().map(|n| (key(&n.name), n)).collect();
        let mut disagree = Vec::new();
        for node in tabular
            .nodes
            .iter_mut()
            .filter(|n| n.kind == NodeKind::Code)
        {
            match titles.remove(&key(&node.name)) {
                Some(from_order) if from_order.billable == node.billable => {
                    node.short_description = from_order.short_description;
                    node.description = from_order.description;
                }
                Some(_) => disagree.push(node.name.clone()),
                None if node.billable => disagree.push(node.name.clone()),
                None => {}
            }
        }
        disagree.extend(titles.into_values().filter(|n| n.billable).map(|n| n.name));
        if let Some(example) = disagree.iter().min() {
            return Err(CodesetError::Disagree {
                year,
                count: disagree.len(),
                example: example.clone(),
            });
        }
        Ok(tabular)
    }
}

/// A code as the tabular writes it: a dot after the third character (`E119` -> `E11.9`).
pub fn dotted(code: &str) -> String {
    let plain = key(code);
    match plain.len() {
        0..=3 => plain,
        _ => format!("{}.{}", &plain[..3], &plain[3..]),
    }
}

/// A code compared without its dot or case (`e11.9`, `E119` -> `E119`).
pub fn key(code: &str) -> String {
    code.trim()
        .chars()
        .filter(|c| *c != '.')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Why a file could not be read as an ICD-10-CM code set. Each says what is wrong in a few words; the
/// shell puts the file's name in front.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodesetError {
    #[error("line {line} is not in the order file's fixed-width layout ({why})")]
    NotOrderLayout { line: usize, why: &'static str },
    #[error("it holds no billable ICD-10-CM code")]
    Empty,
    #[error(
        "it is XML, but not an ICD-10-CM tabular (it starts with <{root}>, not <ICD10CM.tabular>)"
    )]
    NotTabular { root: String },
    #[error("it is cut short or damaged near byte {at} ({reason}); download it again")]
    Damaged { at: u64, reason: String },
    #[error("it ends before the {what} is closed: the file is cut short; download it again")]
    Truncated { what: &'static str },
    #[error(
        "it is XML, but not an ICD-10-CM Alphabetic Index (it starts with <{root}>, not <ICD10CM.index>)"
    )]
    NotIndex { root: String },
    #[error("it holds no main term of the Alphabetic Index")]
    NoTerms,
    #[error("it does not say which year it is (its <version> is missing or is not a year)")]
    NoYear,
    #[error(
        "its order file and tabular for FY{year} disagree on {count} billable codes (for example {example}), \
         so they are not from the same release"
    )]
    Disagree {
        year: u16,
        count: usize,
        example: String,
    },
}

/// The years codedrill accepts: ICD-10-CM began with FY2016.
pub fn is_fiscal_year(year: u16) -> bool {
    (2016..=2099).contains(&year)
}

#[cfg(test)]
mod tests;
