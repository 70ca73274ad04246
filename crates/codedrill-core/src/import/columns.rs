//! Which column of a file is which: named by a header row or `#columns:`, or by position.

use crate::deck::{Column, HEADER_NAMES, Problem, header_key};
use crate::sanitize::clean_line;
use crate::words::edit_distance;

use super::headers::Special;

/// The role of each column of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Slot {
    Field(Column),
    Deck,
    Ignored,
}

/// A first row is a header row when it names the code column and most of its fields are column names, or
/// when every one of its two or more fields is a column name; a name one or two letters from a column's
/// (`descripton`, `Bakc`) counts, so that a typo is reported rather than imported as a card.
pub(super) fn looks_like_header(fields: &[&str]) -> bool {
    let named = |f: &&str| header_slot(f).is_some() || near_name(f).is_some();
    let code = |f: &&str| {
        header_slot(f) == Some(Slot::Field(Column::Code))
            || near_name(f).is_some_and(|n| Column::from_header(n) == Some(Column::Code))
    };
    let names = fields.iter().filter(|f| named(f)).count();
    (fields.iter().any(code) && names * 2 > fields.len()) || (names == fields.len() && names >= 2)
}

fn header_slot(name: &str) -> Option<Slot> {
    match header_key(name).as_str() {
        "deck" => Some(Slot::Deck),
        "notetype" => Some(Slot::Ignored),
        _ => Column::from_header(name).map(Slot::Field),
    }
}

/// How many leading columns of codedrill's Anki export (`export::anki`) are Anki's copies of the card:
/// its note id and the Front and Back fields. A file whose columns start with them and also name `code`
/// is that export, and the card is read from codedrill's columns after them; any other file naming both
/// `front` and `code` is refused as naming the code twice.
fn anki_copies(names: &[&str]) -> usize {
    let leading: Vec<&str> = names.iter().take(3).map(|n| n.trim()).collect();
    let names_code = names
        .iter()
        .any(|n| n.trim().eq_ignore_ascii_case(Column::Code.name()));
    match leading == crate::export::anki::ANKI_COPIES && names_code {
        true => 3,
        false => 0,
    }
}

/// The column name `name` is most likely a typo of: one edit away for short names, two for longer ones.
/// Only a single word or two is a candidate; a sentence is data.
fn near_name(name: &str) -> Option<&'static str> {
    let key = header_key(name);
    if key.len() < 3 || name.split_whitespace().count() > 2 || header_slot(name).is_some() {
        return None;
    }
    let allowed = if key.chars().count() <= 5 { 1 } else { 2 };
    HEADER_NAMES
        .iter()
        .map(|(n, _)| *n)
        .chain(["deck"])
        .map(|n| (edit_distance(&key, &header_key(n)), n))
        .filter(|(d, _)| *d <= allowed)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

pub(super) fn named_slots(names: &[&str], line: u64, problems: &mut Vec<Problem>) -> Vec<Slot> {
    let mut slots = Vec::with_capacity(names.len());
    let copies = anki_copies(names);
    for (i, name) in names.iter().enumerate() {
        let slot = match i < copies {
            true => Some(Slot::Ignored),
            false => header_slot(name),
        };
        match slot {
            Some(Slot::Field(c)) if slots.contains(&Slot::Field(c)) => {
                let first = names[copies..i]
                    .iter()
                    .find(|n| header_slot(n) == Some(Slot::Field(c)))
                    .map_or(String::new(), |n| clean_line(n).into_owned());
                problems.push(Problem {
                    line,
                    message: match header_key(&first) == header_key(name) {
                        true => format!("the column '{first}' is named twice; rename or remove one"),
                        false => format!(
                            "the columns '{first}' and '{}' both name the {} column; rename or remove one",
                            clean_line(name),
                            c.name()
                        ),
                    },
                });
            }
            Some(slot) => slots.push(slot),
            None => problems.push(Problem {
                line,
                message: match near_name(name) {
                    Some(near) => format!(
                        "unknown column '{}'; did you mean '{near}'? Correct the column's name",
                        clean_line(name)
                    ),
                    None => format!(
                        "unknown column '{}'; the columns are {} (or front/back, term/definition)",
                        clean_line(name),
                        Column::ALL.map(Column::name).join(", ")
                    ),
                },
            }),
        }
    }
    if problems.is_empty() && !slots.contains(&Slot::Field(Column::Code)) {
        problems.push(Problem {
            line,
            message: "no column holds the code or term; name one 'code' (or 'front' or 'term')"
                .into(),
        });
    }
    slots
}

/// Columns of a file without a header row: Anki's special columns where the header lines put them; of
/// the rest, the first is the code, the second the description, the third a note.
pub(super) fn positional_slots(
    n: usize,
    special: &Special,
    line: u64,
    problems: &mut Vec<Problem>,
) -> Vec<Slot> {
    let mut slots = vec![Slot::Ignored; n];
    let mut set = |index: Option<usize>, slot: Slot, problems: &mut Vec<Problem>| {
        if let Some(i) = index {
            match slots.get_mut(i - 1) {
                Some(s) => *s = slot,
                None => problems.push(Problem {
                    line,
                    message: format!(
                        "a header names column {i}, but the rows have only {n} columns"
                    ),
                }),
            }
        }
    };
    set(special.deck, Slot::Deck, problems);
    set(special.tags, Slot::Field(Column::Tags), problems);
    set(special.guid, Slot::Field(Column::Id), problems);
    set(special.notetype, Slot::Ignored, problems);
    let taken = [special.deck, special.tags, special.guid, special.notetype];
    let mut free = (1..=n).filter(|i| !taken.contains(&Some(*i)));
    for column in [Column::Code, Column::Description, Column::Note] {
        if let Some(i) = free.next() {
            slots[i - 1] = Slot::Field(column);
        }
    }
    if free.next().is_some() {
        problems.push(Problem {
            line,
            message: format!(
                "this file has {n} columns but no header row to name them; add a first row such as \
                 code,description,note,... (see docs/deck-format.md)"
            ),
        });
    } else if n < 2 {
        problems.push(Problem {
            line,
            message: "each row needs at least two fields, the code and its description; check the separator"
                .into(),
        });
    }
    slots
}
