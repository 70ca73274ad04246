//! `codedrill cards suspend DECK:KEY` and `cards unsuspend DECK:KEY`: set one card aside, with its
//! progress, and bring it back; and finding a card named DECK:KEY, for these, `cards edit` and `leeches`.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::{DateTime, Utc};

use super::Context;
use crate::clock;
use crate::store::{Card, Store};
use codedrill_core::find::due_words;
use codedrill_core::sanitize::clean_line;
use codedrill_core::schedule::{Due, LEECH_LAPSES};

pub(super) fn run(ctx: &mut Context, named: &str, suspend: bool) -> Result<ExitCode> {
    let style = ctx.style();
    let (store, clock) = ctx.store_and_clock()?;
    let card = card_named(store, named)?;
    let shown = full_name(&card);
    let text = match (suspend, card.suspended) {
        (true, true) => format!(
            "{shown} is suspended already{}; nothing changed. `codedrill cards unsuspend {shown}` brings it back.",
            if card.leech { " (as a leech)" } else { "" }
        ),
        (false, false) => format!("{shown} is not suspended; nothing changed."),
        (true, false) => {
            store.set_suspended(card.deck_id, &card.content.key, true)?;
            format!(
                "Suspended {shown} ({}): it stays out of drills and practice, with its progress kept, until \
                 `codedrill cards unsuspend {shown}`.",
                clean_line(&card.content.description)
            )
        }
        (false, true) => {
            store.set_suspended(card.deck_id, &card.content.key, false)?;
            brought_back(&card, &shown, clock.now())
        }
    };
    say!("{}", style.wrap(&text, "", ""));
    Ok(ExitCode::SUCCESS)
}

/// What bringing a card back says: when it comes up, and for a leech, a word on why it was set aside.
fn brought_back(card: &Card, shown: &str, now: DateTime<Utc>) -> String {
    let mut text = match card.schedule.due {
        Due::New => format!("Brought back {shown}: it comes up with the new cards."),
        due => format!(
            "Brought back {shown}; next due: {}.",
            due_words(due, now, clock::study_day(now))
        ),
    };
    if card.leech {
        text.push_str(&format!(
            "\nIt was a leech (forgotten {LEECH_LAPSES} times): another way of asking may help, e.g. \
             `codedrill drill --mode choice`."
        ));
    }
    text
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
