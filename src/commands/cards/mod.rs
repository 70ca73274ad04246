//! `codedrill cards [--deck NAME] [SEARCH]`: the cards matching a code, words of the description or a
//! tag, with their state, when they are due, how often they were answered and missed, and their last
//! answers; as a table or as JSON. `cards suspend`, `unsuspend` and `edit` are in their own rooms.

mod json;
mod table;

use std::collections::HashSet;
use std::process::ExitCode;

use anyhow::Result;

use super::{Context, edit_card, suspend};
use crate::cli::{CardsAction, CardsArgs};
use crate::clock;
use crate::store::{Card, Store};
use codedrill_core::find::Query;
use codedrill_core::sanitize::clean_line;
use table::Row;

pub(super) fn run(ctx: &mut Context, args: &CardsArgs) -> Result<ExitCode> {
    match &args.action {
        Some(CardsAction::Suspend { card }) => suspend::run(ctx, card, true),
        Some(CardsAction::Unsuspend { card }) => suspend::run(ctx, card, false),
        Some(CardsAction::Edit(edit)) => edit_card::run(ctx, edit),
        None => list(ctx, args),
    }
}

/// The cards found: their ids in the order listed, and which decks are hidden.
struct Found {
    ids: Vec<i64>,
    hidden: HashSet<String>,
}

/// Lists the cards found; exits with 1 when there are none, as grep and ripgrep do.
fn list(ctx: &mut Context, args: &CardsArgs) -> Result<ExitCode> {
    let style = ctx.style();
    let (store, clock) = ctx.store_and_clock()?;
    let (decks, text) = scope(store, args)?;
    let query = Query::new(&text);
    let found = Found {
        ids: store.find_cards(&decks, &|card| query.matches(card))?,
        hidden: store.hidden_decks()?.into_iter().collect(),
    };
    let now = clock.now();
    let today = clock::study_day(now);
    if args.json {
        json::write(store, &found, now, today)?;
    } else if found.ids.is_empty() {
        say!("{}", style.wrap(&nothing_found(&text), "", ""));
    } else {
        let mut answers = store.answer_source(&found.ids)?;
        let mut rows = Vec::with_capacity(found.ids.len());
        for &id in &found.ids {
            let listed = store.listed(id, &mut answers)?;
            let hidden = found.hidden.contains(&listed.card.deck);
            rows.push(Row::of(&listed, hidden, now, today));
        }
        let mut out = std::io::stdout().lock();
        table::write_table(&mut out, &rows, style)?;
        table::write_footer(&mut out, &rows, style)?;
    }
    Ok(if found.ids.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A card's state as the list says it: set aside (a leech, or suspended) before its FSRS state.
fn state(card: &Card) -> &'static str {
    if card.leech {
        "leech"
    } else if card.suspended {
        "suspended"
    } else {
        card.schedule.state.name()
    }
}

/// The decks to look in and what to look for. Looking a card up is not studying: hidden decks are
/// searched too unless decks are named. A card named as DECK:KEY (as this list and the leech list show
/// it) is looked for in its deck.
fn scope(store: &Store, args: &CardsArgs) -> Result<(Vec<i64>, String)> {
    let text = args.search.join(" ");
    if !args.decks.is_empty() {
        return Ok((store.deck_ids(&args.decks)?, text));
    }
    if !text.contains(char::is_whitespace) {
        for (at, _) in text.match_indices(':') {
            if let Some(deck) = store.deck_info(&text[..at])? {
                return Ok((vec![deck.id], text[at + 1..].to_owned()));
            }
        }
    }
    Ok((store.deck_ids_with_hidden()?, text))
}

fn nothing_found(text: &str) -> String {
    if text.trim().is_empty() {
        return "Those decks have no cards.".into();
    }
    format!(
        "No card matches '{}'. Look for a code (E11.65, e1165, or its start: E11), words of the description \
         (diabetes hyperglycemia) or a tag; `codedrill decks` lists the decks.",
        clean_line(text)
    )
}
