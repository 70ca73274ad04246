//! `codedrill decks hide NAME` and `decks show NAME`: set a deck aside, with its progress, and bring it
//! back.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use codedrill_core::sanitize::clean_line;
use codedrill_core::words::plural;

pub(super) fn run(ctx: &mut Context, name: &str, hide: bool) -> Result<ExitCode> {
    let style = ctx.style();
    let store = ctx.store()?;
    let info = store.deck_named(name)?;
    let shown = clean_line(&info.name).into_owned();
    let text = match (hide, info.hidden) {
        (true, true) => format!(
            "'{shown}' is hidden already; nothing changed. `codedrill decks show {shown}` brings it back."
        ),
        (false, false) => format!("'{shown}' is not hidden; nothing changed."),
        (true, false) => {
            store.set_hidden(info.id, true)?;
            format!(
                "Hid the deck '{shown}' ({}): plain `codedrill`, the trial, `stats` and `report` leave it \
                 out, and its progress is kept.\n`codedrill decks show {shown}` brings it back; \
                 `codedrill drill --deck {shown}` still drills it.",
                plural(info.cards, "card")
            )
        }
        (false, true) => {
            store.set_hidden(info.id, false)?;
            format!(
                "'{shown}' is back: plain `codedrill`, the trial, `stats` and `report` include it again, \
                 with its progress as it was."
            )
        }
    };
    say!("{}", style.wrap(&text, "", ""));
    Ok(ExitCode::SUCCESS)
}
