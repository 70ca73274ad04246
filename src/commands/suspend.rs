//! `codedrill cards suspend DECK:KEY` and `cards unsuspend DECK:KEY`: set one card aside, with its
//! progress, and bring it back; and finding a card named DECK:KEY, for these, `cards edit` and `leeches`.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Context;
use crate::clock;
use crate::store::{Card, Store};
use codedrill_core::find::due_words;
use codedrill_core::sanitize::clean_line;
use codedrill_core::schedule::{Due, LEECH_LAPSES};

pub(super) fn run(ctx: &mut Context, named: &str, suspend: bool) -> Result<ExitCode> {
    let (store, clock) = ctx.store_and_clock()?;
    let card = card_named(store, named)?;
    let shown = full_name(&card);
    match (suspend, card.suspended) {
        (true, true) => say!(
            "{shown} is suspended already{}; nothing changed. `codedrill cards unsuspend {shown}` brings it back.",
            if card.leech { " (as a leech)" } else { "" }
        ),
        (false, false) => say!("{shown} is not suspended; nothing changed."),
        (true, false) => {
            store.set_suspended(card.deck_id, &card.content.key, true)?;
            say!(
                "Suspended {shown} ({}): it stays out of drills and practice, with its progress kept, until \
                 `codedrill cards unsuspend {shown}`.",
                clean_line(&card.content.description)
            );
        }
        (false, true) => {
            store.set_suspended(card.deck_id, &card.content.key, false)?;
            let now = clock.now();
            match card.schedule.due {
                Due::New => say!("Brought back {shown}: it comes up with the new cards."),
                due => say!(
                    "Brought back {shown}; next due: {}.",
                    due_words(due, now, clock::study_day(now))
                ),
            }
            if card.leech {
                say!(
                    "It was a leech (forgotten {LEECH_LAPSES} times): another way of asking may help, e.g. \
                     `codedrill drill --mode choice`."
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A card as DECK:KEY, cleaned for printing.
pub(super) fn full_name(card: &Card) -> String {
    clean_line(&format!("{}:{}", card.deck, card.content.key)).into_owned()
}

/// The card named DECK:KEY (the deck's name ignoring case; the key as listed, or the same code written
/// another way). A deck's name may hold a colon itself (`Medical::Cardiology:I10`), so each colon is
/// tried as the one that ends it.
pub(super) fn card_named(store: &Store, named: &str) -> Result<Card> {
    let splits: Vec<(&str, &str)> = named
        .match_indices(':')
        .map(|(at, _)| (&named[..at], &named[at + 1..]))
        .collect();
    let Some(&(first_deck, _)) = splits.first() else {
        bail!(
            "name the card as DECK:KEY, as `codedrill cards` lists it (e.g. hcpcs:J1100); `codedrill cards {}` \
             finds it",
            clean_line(named)
        );
    };
    let mut deck_found = None;
    for (deck, key) in &splits {
        let Some(info) = store.deck_info(deck)? else {
            continue;
        };
        if let Some(card) = store.card_in_deck(info.id, key.trim())? {
            return Ok(card);
        }
        deck_found = Some((info.name, *key));
    }
    let Some((deck, key)) = deck_found else {
        // No such deck: the error names it and suggests one.
        store.deck_named(first_deck)?;
        bail!("there is no deck named '{}'", clean_line(first_deck));
    };
    let (deck, key) = (clean_line(&deck), clean_line(key));
    bail!(
        "the deck '{deck}' has no card '{key}'; `codedrill cards --deck {deck} {key}` looks for it by code, \
         words or tag"
    )
}
