//! A code's Tabular List entry, as a coder reads it after the index: its description, billable or a
//! header (with the codes below it), the headers above it, the notes on it and on them (inclusion terms,
//! includes, excludes1 and excludes2, code first, use additional code, code also), and its 7th characters.

use anyhow::Result;
use serde::Serialize;

use super::{SCHEMA_VERSION, clean};
use crate::store::{Store, TabularNode};
use crate::view::style::Style;
use codedrill_core::codeset::{NoteKind, dotted};

/// The node of the year's tabular that `code` names (with or without its dot, a trailing `-` or `.`).
pub fn node(store: &Store, year: u16, code: &str) -> Result<Option<TabularNode>> {
    let typed = code.trim().trim_end_matches(['-', '.']);
    Ok(match store.tabular_node(year, typed)? {
        Some(n) => Some(n),
        None => store.tabular_node(year, &dotted(typed))?,
    })
}

/// A tabular node as `--json` writes it.
#[derive(Serialize)]
pub struct Entry {
    schema_version: u32,
    pub year: u16,
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
        code: clean(&n.name),
        description: clean(&n.description),
        billable: n.billable,
    }
}

/// The entry of a node of the year's tabular ([`node`] finds it).
pub fn entry(store: &Store, year: u16, node: TabularNode) -> Result<Entry> {
    let mut parents = Vec::new();
    let mut notes = Vec::new();
    let mut sevenths = Vec::new();
    let mut at = Some(node.clone());
    while let Some(n) = at {
        for (kind, text) in store.tabular_notes(year, &n.name)? {
            notes.push(NoteLine {
                on: clean(&n.name),
                kind: kind.as_str(),
                label: note_label(kind),
                text: clean(&text),
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
        schema_version: SCHEMA_VERSION,
        year,
        code: clean(&node.name),
        description: clean(&node.description),
        billable: node.billable,
        parents,
        children: children.iter().map(child).collect(),
        notes,
        seventh_characters: sevenths
            .into_iter()
            .map(|(c, m)| (clean(&c), clean(&m)))
            .collect(),
    })
}

impl Entry {
    /// The entry as text, each line wrapped under its own indentation.
    pub fn text(&self, style: &Style) -> String {
        let mut out = String::new();
        let mut put = |text: &str, first: &str, rest: &str| {
            out.push_str(&style.wrap(text, first, rest));
            out.push('\n');
        };
        put(&format!("{}  {}", self.code, self.description), "", "    ");
        let year = self.year;
        if self.billable {
            put(&format!("Billable in FY{year}."), "", "");
        } else if self.children.is_empty() {
            put(&format!("Not billable in FY{year}."), "", "");
        } else {
            let header =
                format!("A header in FY{year}, not billable: code one of the codes below it.");
            put(&header, "", "");
        }
        if !self.parents.is_empty() {
            let path: Vec<String> = self
                .parents
                .iter()
                .map(|p| format!("{} {}", p.code, p.description))
                .collect();
            put(&format!("Under: {}", path.join(" < ")), "", "    ");
        }
        let mut on = self.code.clone();
        for n in &self.notes {
            if n.on != on {
                put(&format!("From {}:", n.on), "", "");
                on.clone_from(&n.on);
            }
            put(&format!("{}: {}", n.label, n.text), "  ", "      ");
        }
        if !self.children.is_empty() {
            put("Codes below it:", "", "");
            for c in &self.children {
                let mark = if c.billable { "" } else { " (header)" };
                let text = format!("{:<9} {}{mark}", c.code, c.description);
                put(&text, "  ", "            ");
            }
        }
        if !self.seventh_characters.is_empty() {
            put(
                "7th characters (X fills any empty place up to the 6th):",
                "",
                "",
            );
            for (c, m) in &self.seventh_characters {
                put(&format!("{c}  {m}"), "  ", "     ");
            }
        }
        out
    }
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
