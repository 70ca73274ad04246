//! `codedrill codeset update YEAR`: the ICD-10-CM cards move to an installed year. Unchanged codes keep
//! their progress; revised descriptions are updated (and say so at their next review); deleted codes are
//! retired with their history and a note of what replaced them; a deck of the year's new codes is made
//! (`--full`: of every billable code). A backup is made first; the move is one transaction.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::super::Context;
use super::installed;
use crate::store::YearDeck;
use codedrill_core::codeset::{Changes, Move, YearCode, key, plan, year_cards};
use codedrill_core::sanitize::clean_line;
use codedrill_core::words::{plural, thousands};

pub(in crate::commands) fn run(
    ctx: &mut Context,
    year: u16,
    full: bool,
    force: bool,
) -> Result<ExitCode> {
    let (store, clock) = ctx.store_and_clock()?;
    let now = clock.now();
    let from = store.icd10cm_year()?;
    if year == from && !full {
        bail!(
            "your ICD-10-CM cards are already on FY{year}; add --full for a deck of every billable code of \
             that year"
        );
    }
    if year < from && !force {
        bail!(
            "FY{year} is older than FY{from}, the year your cards are on; add --force to move back to it"
        );
    }
    let to_codes = installed(store, year)?;
    let from_codes = if year == from {
        to_codes.clone()
    } else {
        installed(store, from).map_err(|_| {
            anyhow::anyhow!(
                "to tell what changed, codedrill needs FY{from} too (the year your cards are on): add CMS's \
                 FY{from} files with codedrill codeset add FILE, then run this again; nothing was changed"
            )
        })?
    };
    let cards = store.icd_cards()?;
    let moves = plan(
        &cards.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(),
        &from_codes,
        &to_codes,
        year,
    );
    let changes = Changes::between(&from_codes, &to_codes);
    let decks = decks(&store.billable_with_groups(year)?, &changes, year, full);
    let backup = store.backup("before-codeset-update")?;
    store.move_to_year(year, &moves, &decks, now)?;
    tell(from, year, &moves, &cards)?;
    for deck in &decks {
        say!(
            "Deck {}: {}. Drill it with: codedrill drill --deck {}",
            deck.name,
            plural(deck.cards.len() as i64, "card"),
            deck.name
        );
    }
    say!(
        "Your progress from before is backed up in {}.",
        backup.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The year's new codes as a deck, and with --full every billable code.
fn decks(codes: &[YearCode], changes: &Changes, year: u16, full: bool) -> Vec<YearDeck> {
    let mut decks = Vec::new();
    if !changes.added.is_empty() {
        let new: std::collections::HashSet<String> =
            changes.added.iter().map(|(c, _)| key(c)).collect();
        let picked: Vec<YearCode> = codes
            .iter()
            .filter(|c| new.contains(&key(&c.code)))
            .cloned()
            .collect();
        decks.push(YearDeck {
            name: format!("icd10cm-new-fy{year}"),
            title: format!("ICD-10-CM codes new in FY{year}"),
            cards: year_cards(&picked, year, &format!("new-fy{year}")),
        });
    }
    if full {
        decks.push(YearDeck {
            name: format!("icd10cm-fy{year}"),
            title: format!("Every billable ICD-10-CM code of FY{year}"),
            cards: year_cards(codes, year, &format!("fy{year}")),
        });
    }
    decks
}

/// What moved: the counts, then each retired card with its note.
fn tell(
    from: u16,
    year: u16,
    moves: &[(i64, Move)],
    cards: &[(codedrill_core::codeset::CardRef, String)],
) -> Result<()> {
    let count = |f: fn(&Move) -> bool| moves.iter().filter(|(_, m)| f(m)).count() as i64;
    let revised = count(|m| matches!(m, Move::Revised { tell: true, .. }));
    let retired = count(|m| matches!(m, Move::Retired { .. }));
    let kept = moves.len() as i64 - revised - retired;
    if from != year {
        say!(
            "Moved your ICD-10-CM cards from FY{from} to FY{year}: {} unchanged, {} revised (each says so at \
             its next review), {} retired (their history is kept).",
            thousands(kept),
            thousands(revised),
            thousands(retired)
        );
    }
    for ((id, m), (card, deck)) in moves.iter().zip(cards) {
        debug_assert_eq!(*id, card.id);
        if let Move::Retired { note } = m {
            say!(
                "  retired {} ({}): {}",
                clean_line(&card.code),
                clean_line(deck),
                note
            );
        }
    }
    Ok(())
}
