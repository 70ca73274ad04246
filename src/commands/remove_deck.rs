//! `codedrill decks remove NAME`: delete an imported deck with its cards and history, after a backup.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use super::question::confirmed;
use crate::store::{Held, SessionLock};
use codedrill_core::sanitize::{clean_line, clean_path};
use codedrill_core::words::plural;

pub(super) fn run(ctx: &mut Context, name: &str, yes: bool) -> Result<ExitCode> {
    let dir = ctx.dir().to_path_buf();
    let store = ctx.store()?;
    // Not while a drill runs: it may be asking this deck's cards, and its answers must have a card to
    // point at. The lock is held until the deck is gone.
    let _lock = SessionLock::acquire(&dir).map_err(|e| match e.downcast_ref::<Held>() {
        Some(Held(dir)) => anyhow::anyhow!(
            "a drill is running on {}, so no deck can be removed now. Finish or close that drill first \
             (its answers are saved as it goes), then remove the deck; nothing was changed",
            clean_path(dir)
        ),
        None => e,
    })?;
    let info = store.deck_named(name)?;
    let shown = clean_line(&info.name).into_owned();
    if info.builtin {
        anyhow::bail!(
            "'{shown}' is built into codedrill and cannot be removed; to leave it out, hide it: \
             `codedrill decks hide {shown}` (its progress is kept)"
        );
    }
    if !yes
        && !confirmed(format_args!(
            "Delete the deck '{shown}' with {} and {} of progress? A backup is made first \
             (`codedrill restore` brings it back). Type yes to delete: ",
            plural(info.cards, "card"),
            plural(store.deck_reviews(info.id)?, "review")
        ))?
    {
        say!("Nothing deleted.");
        return Ok(ExitCode::FAILURE);
    }
    let backup = store.backup("before-removing-a-deck")?;
    store.remove_deck(info.id)?;
    say!(
        "Deleted the deck '{shown}'. A copy of your progress from before is in {}.",
        clean_path(&backup)
    );
    Ok(ExitCode::SUCCESS)
}
