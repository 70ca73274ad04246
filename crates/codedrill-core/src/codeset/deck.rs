//! The decks `codeset update` makes from a year: its new codes, or every billable code. Each card asks
//! for the code of its official description; a description that two codes share accepts both.

use std::collections::HashMap;

use crate::deck::{CardContent, System};

/// A billable code with what a card needs: its description and the title it is filed under (its
/// chapter's, or its category's when the year was read from the order file alone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearCode {
    pub code: String,
    pub description: String,
    pub group: String,
    pub chapter: Option<u8>,
}

/// The cards for `codes` of fiscal year `year`, tagged `tag` and with their chapter (`ch04`).
pub fn year_cards(codes: &[YearCode], year: u16, tag: &str) -> Vec<CardContent> {
    let mut by_description: HashMap<&str, Vec<&str>> = HashMap::new();
    for c in codes {
        by_description
            .entry(&c.description)
            .or_default()
            .push(&c.code);
    }
    codes
        .iter()
        .map(|c| {
            let mut card = CardContent::new(&c.code, &c.description, System::IcdCm);
            card.category = c.group.clone();
            card.tags = match c.chapter {
                Some(n) => format!("{tag} ch{n:02}"),
                None => tag.to_owned(),
            };
            card.aliases = by_description[c.description.as_str()]
                .iter()
                .filter(|other| **other != c.code)
                .map(|other| (*other).to_owned())
                .collect();
            if !card.aliases.is_empty() {
                card.note = format!(
                    "The FY{year} tabular gives this description to more than one code: {} and {}.",
                    c.code,
                    card.aliases.join(", ")
                );
            }
            card.source = "NCHS/CDC ICD-10-CM".into();
            card.version = format!("FY{year}");
            card
        })
        .collect()
}
