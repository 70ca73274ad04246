//! Moving cards to a newer year (`codedrill codeset update`): an unchanged code keeps everything; a
//! revised one takes the new official description (a card in the learner's own words keeps them) and
//! is marked so the drill can say so; a code that is no longer billable is retired with a note of what
//! replaced it. A coding case is retired when one of its answers is no longer billable.

use std::collections::HashMap;

use super::{key, replacements};
use crate::answer::split_codes;
use crate::deck::System;

/// A card whose answer holds ICD-10-CM codes: an ICD-10-CM card or a coding case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardRef {
    pub id: i64,
    pub system: System,
    pub code: String,
    pub description: String,
    /// The description is the official one (a built-in deck), not the learner's own words.
    pub official: bool,
}

/// What becomes of one card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Move {
    /// Billable in the new year, as the card says it.
    Unchanged,
    /// The new year describes the code otherwise.
    Revised {
        /// The card's new text; `None` keeps the learner's own words.
        description: Option<String>,
        /// The card's text before.
        previous: String,
        /// The new year's official description.
        official: String,
        /// Whether the official description changed between the years (and the learner is told).
        tell: bool,
    },
    /// Not billable in the new year: set aside, its history kept, with this note.
    Retired { note: String },
}

/// The ICD-10-CM codes of a case's answer (the CPT-style visit level left out).
pub fn icd_codes_of(answer: &str) -> Vec<&str> {
    split_codes(answer)
        .filter(|c| c.starts_with(|ch: char| ch.is_ascii_alphabetic()))
        .collect()
}

/// What `codeset update` does to each card, moving from the year whose billable codes are `from` to
/// the year `year` whose billable codes are `to` (each with its description).
pub fn plan(
    cards: &[CardRef],
    from: &[(String, String)],
    to: &[(String, String)],
    year: u16,
) -> Vec<(i64, Move)> {
    let before: HashMap<String, &str> = from.iter().map(|(c, d)| (key(c), d.as_str())).collect();
    let after: HashMap<String, &str> = to.iter().map(|(c, d)| (key(c), d.as_str())).collect();
    cards
        .iter()
        .map(|card| {
            let verdict = if card.system == System::Case {
                case_move(card, &after, to, year)
            } else {
                code_move(
                    card,
                    before.get(&key(&card.code)).copied(),
                    &after,
                    to,
                    year,
                )
            };
            (card.id, verdict)
        })
        .collect()
}

fn code_move(
    card: &CardRef,
    before: Option<&str>,
    after: &HashMap<String, &str>,
    to: &[(String, String)],
    year: u16,
) -> Move {
    let Some(&official) = after.get(&key(&card.code)) else {
        return Move::Retired {
            note: deleted_note(&card.code, to, year),
        };
    };
    if card.description == official {
        return Move::Unchanged;
    }
    let changed = before.is_none_or(|b| b != official);
    if !card.official && !changed {
        // The learner's own words for a code whose official text did not change.
        return Move::Unchanged;
    }
    Move::Revised {
        description: card.official.then(|| official.to_owned()),
        previous: card.description.clone(),
        official: official.to_owned(),
        tell: changed,
    }
}

fn case_move(
    card: &CardRef,
    after: &HashMap<String, &str>,
    to: &[(String, String)],
    year: u16,
) -> Move {
    match icd_codes_of(&card.code)
        .into_iter()
        .find(|c| !after.contains_key(&key(c)))
    {
        Some(gone) => Move::Retired {
            note: deleted_note(gone, to, year),
        },
        None => Move::Unchanged,
    }
}

/// "Deleted in FY2027: ..." with the codes that replaced it, where the tabular says.
pub(super) fn deleted_note(code: &str, to: &[(String, String)], year: u16) -> String {
    const SHOWN: usize = 6;
    let under = replacements(code, to);
    match under.len() {
        0 => format!(
            "{code} is not a billable code in FY{year}, and its tabular names no replacement."
        ),
        n if n <= SHOWN => format!(
            "{code} is a header in FY{year}; code one of {} instead.",
            under.join(", ")
        ),
        n => format!(
            "{code} is a header in FY{year}; code one of {} or {} more under it instead.",
            under[..SHOWN].join(", "),
            n - SHOWN
        ),
    }
}
