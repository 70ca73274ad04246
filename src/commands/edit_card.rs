//! `codedrill cards edit DECK:KEY --description TEXT --note TEXT --aliases TEXT`: correct a card of a deck
//! the person imported, keeping its progress. Built-in cards are refused: their text comes from the
//! official tables (or codedrill's own checked writing) and is the same for everyone.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Context;
use super::suspend::{card_named, full_name};
use crate::cli::EditArgs;
use crate::store::Card;
use codedrill_core::edit::{Edit, field_text};
use codedrill_core::sanitize::clean_line;

pub(super) fn run(ctx: &mut Context, args: &EditArgs) -> Result<ExitCode> {
    let edit = Edit::new(
        args.description.as_deref(),
        args.note.as_deref(),
        args.aliases.as_deref(),
    )?;
    let style = ctx.style();
    let (store, clock) = ctx.store_and_clock()?;
    let card = card_named(store, &args.card)?;
    let shown = full_name(&card);
    if store
        .deck_info(&card.deck)?
        .is_some_and(|deck| deck.builtin)
    {
        bail!(refusal(&card, &shown));
    }
    let changed = store.edit_card(card.note_id, &card.content, &edit, clock.now())?;
    if changed.is_empty() {
        say!("{shown} says that already; nothing changed.");
        return Ok(ExitCode::SUCCESS);
    }
    let edited = edit.apply(&card.content);
    say!("Edited {shown}; its progress is kept, and its next question says it was edited.");
    for field in changed {
        let line = format!(
            "{field}: {} (was: {})",
            shown_text(&field_text(&edited, field)),
            shown_text(&field_text(&card.content, field))
        );
        say!("{}", style.wrap(&line, "  ", "    "));
    }
    let text = format!(
        "The file you imported still has the old text, and importing it again would put that back: fix it \
         there too, or write the deck out with `codedrill export deck {} -o FILE`.",
        clean_line(&card.deck)
    );
    say!("{}", style.wrap(&text, "", ""));
    Ok(ExitCode::SUCCESS)
}

/// Why a built-in card cannot be edited, where its text comes from, and what to do instead.
fn refusal(card: &Card, shown: &str) -> String {
    let c = &card.content;
    let from = [c.source.as_str(), c.version.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| clean_line(s).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let from = if from.is_empty() {
        String::new()
    } else {
        format!(" (this one: {from})")
    };
    format!(
        "{shown} is a built-in card, and built-in cards cannot be edited: their text comes from the official \
         code tables or codedrill's own checked writing{from}, the same for everyone. If you think it is \
         wrong, please report it to codedrill's authors with the card's name ({shown}), what it says, and \
         where you read otherwise; meanwhile `codedrill cards suspend {shown}` sets it aside"
    )
}

/// A field's text on one line, or "(empty)".
fn shown_text(text: &str) -> String {
    if text.is_empty() {
        "(empty)".into()
    } else {
        clean_line(text).into_owned()
    }
}
