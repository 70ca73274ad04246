//! `codedrill codeset`: the ICD-10-CM years read from CMS's files (`add`), what changed between two of
//! them (`changes`), and moving the cards to a newer year (`update`). Plain `codeset` lists the years.

pub(super) mod add;
pub(super) mod update;

use std::collections::HashSet;
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Context;
use crate::builtin::ICD10CM_YEAR;
use crate::store::Store;
use codedrill_core::codeset::{CardRef, Changes, icd_codes_of, key, replacements};
use codedrill_core::deck::System;
use codedrill_core::sanitize::clean_line;
use codedrill_core::words::{plural, thousands};

/// The steps a learner with nothing installed is pointed to.
const HOW_TO_ADD: &str = "download CMS's free \"Code Descriptions in Tabular Order\" zip for the year \
    and run codedrill codeset add FILE (the README's \"A new code year\" has the steps)";

pub(super) fn list(ctx: &mut Context) -> Result<ExitCode> {
    let store = ctx.store()?;
    let sets = store.codesets()?;
    let year = store.icd10cm_year()?;
    if sets.is_empty() {
        say!(
            "No ICD-10-CM code set is installed. The built-in decks are ICD-10-CM FY{ICD10CM_YEAR} and HCPCS \
             Level II {}.",
            crate::builtin::HCPCS_YEAR
        );
        say!("To move to a newer year, {HOW_TO_ADD}.");
        return Ok(ExitCode::SUCCESS);
    }
    say!(
        "{:<8}{:>10}{:>10}{:>9}  {:<12}from",
        "year",
        "billable",
        "nodes",
        "notes",
        "added"
    );
    for s in &sets {
        say!(
            "FY{:<6}{:>10}{:>10}{:>9}  {:<12}{}",
            s.year,
            thousands(s.billable),
            thousands(s.nodes),
            thousands(s.notes),
            s.added_at.format("%Y-%m-%d").to_string(),
            clean_line(&s.files)
        );
    }
    for (index_year, terms) in store.index_years()? {
        let external = store.external_cause_terms(index_year)?;
        if external == 0 {
            say!(
                "FY{index_year} Alphabetic Index: {} terms (codedrill lookup WORDS searches it).",
                thousands(terms)
            );
        } else {
            say!(
                "FY{index_year} Alphabetic Index: {} terms, and its External Cause Index: {} terms \
                 (codedrill lookup WORDS searches both).",
                thousands(terms - external),
                thousands(external)
            );
        }
    }
    let origin = if year == ICD10CM_YEAR {
        " (the year of the built-in decks)"
    } else {
        ""
    };
    say!("Your ICD-10-CM cards are on FY{year}{origin}.");
    if let Some(newest) = sets.first().map(|s| s.year).filter(|y| *y > year) {
        say!(
            "Next: codedrill codeset changes {year} {newest}, then codedrill codeset update {newest}."
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A year's billable codes, or the sentence that says how to install it.
fn installed(store: &Store, year: u16) -> Result<Vec<(String, String)>> {
    let codes = store.billable_codes(year)?;
    if codes.is_empty() {
        bail!("FY{year} is not installed; to add it, {HOW_TO_ADD}");
    }
    Ok(codes)
}

pub(super) fn changes(ctx: &mut Context, old: u16, new: u16) -> Result<ExitCode> {
    if old >= new {
        bail!("give the older year first, as in codedrill codeset changes 2026 2027");
    }
    let store = ctx.store()?;
    let (before, after) = (installed(store, old)?, installed(store, new)?);
    let changes = Changes::between(&before, &after);
    let cards = store.icd_cards()?;
    let studied = Studied::new(&cards);
    say!(
        "ICD-10-CM FY{old} -> FY{new}: {} new, {} deleted, {} revised billable codes ({} -> {}).",
        thousands(changes.added.len() as i64),
        thousands(changes.deleted.len() as i64),
        thousands(changes.revised.len() as i64),
        thousands(before.len() as i64),
        thousands(after.len() as i64)
    );
    say!(
        "In your decks: {} with a new code, {} with a deleted code, {} with a revised code.",
        plural(
            studied.count(changes.added.iter().map(|(c, _)| c)) as i64,
            "card"
        ),
        plural(
            studied.count(changes.deleted.iter().map(|(c, _)| c)) as i64,
            "card"
        ),
        plural(
            studied.count(changes.revised.iter().map(|r| &r.code)) as i64,
            "card"
        )
    );
    list_changes(&changes, &after, new)?;
    Ok(ExitCode::SUCCESS)
}

fn list_changes(changes: &Changes, after: &[(String, String)], new: u16) -> Result<()> {
    if !changes.added.is_empty() {
        say!(
            "\nNew in FY{new} ({}):",
            thousands(changes.added.len() as i64)
        );
        for (code, description) in &changes.added {
            say!("  {code:<9} {}", clean_line(description));
        }
    }
    if !changes.deleted.is_empty() {
        say!(
            "\nDeleted in FY{new} ({}):",
            thousands(changes.deleted.len() as i64)
        );
        for (code, description) in &changes.deleted {
            say!("  {code:<9} {}", clean_line(description));
            let under = replacements(code, after);
            match under.len() {
                0 => say!("            no replacement named in the FY{new} tabular"),
                _ => say!("            now a header: {}", under.join(", ")),
            }
        }
    }
    if !changes.revised.is_empty() {
        say!(
            "\nRevised in FY{new} ({}):",
            thousands(changes.revised.len() as i64)
        );
        for r in &changes.revised {
            say!("  {:<9} {}", r.code, clean_line(&r.new));
            say!("            was: {}", clean_line(&r.old));
        }
    }
    Ok(())
}

/// The codes of the cards a learner studies, to count how many a change touches.
struct Studied<'a> {
    cards: Vec<(&'a CardRef, Vec<String>)>,
}

impl<'a> Studied<'a> {
    fn new(cards: &'a [(CardRef, String)]) -> Studied<'a> {
        let cards = cards
            .iter()
            .map(|(card, _)| {
                let codes = match card.system {
                    System::Case => icd_codes_of(&card.code).into_iter().map(key).collect(),
                    _ => vec![key(&card.code)],
                };
                (card, codes)
            })
            .collect();
        Studied { cards }
    }

    /// How many cards hold one of `codes`.
    fn count<'c>(&self, codes: impl Iterator<Item = &'c String>) -> usize {
        let wanted: HashSet<String> = codes.map(|c| key(c)).collect();
        self.cards
            .iter()
            .filter(|(_, codes)| codes.iter().any(|c| wanted.contains(c)))
            .count()
    }
}
