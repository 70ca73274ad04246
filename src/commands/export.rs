//! `codedrill export`: a deck in codedrill's CSV format, or the review log as FSRS tools read it.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use super::output::{report_written, write_output};
use crate::cli::ExportWhat;
use codedrill_core::words::plural;

pub(super) fn run(ctx: &mut Context, what: ExportWhat) -> Result<ExitCode> {
    let store = ctx.store()?;
    match what {
        ExportWhat::Deck { name, out } => {
            let id = store.deck_ids(std::slice::from_ref(&name))?[0];
            let cards = store.deck_cards(id)?;
            write_output(&out, |w| Ok(codedrill_core::export::write_deck(w, &cards)?))?;
            report_written(&out, &plural(cards.len() as i64, "card"));
        }
        ExportWhat::Reviews { decks, out } => {
            // The log is the person's whatever they study now: hidden decks are in it unless decks are named.
            let ids = if decks.is_empty() {
                store.deck_ids_with_hidden()?
            } else {
                store.deck_ids(&decks)?
            };
            let mut n = 0;
            write_output(&out, |w| {
                let mut log = codedrill_core::export::ReviewLog::new(w)?;
                store.for_each_review(&ids, &mut |row| {
                    log.write(row)?;
                    n += 1;
                    Ok(())
                })?;
                log.finish()?;
                Ok(())
            })?;
            report_written(&out, &plural(n, "review"));
        }
    }
    Ok(ExitCode::SUCCESS)
}
