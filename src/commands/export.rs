//! `codedrill export`: a deck in codedrill's CSV format or for Anki, or the review log for the FSRS
//! optimizer or a spreadsheet.

use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use super::output::{report_written, write_output};
use crate::cli::{DeckFormatArg, ExportWhat, Output};
use crate::store::Store;
use codedrill_core::export::anki::{self, NoteType};
use codedrill_core::export::{ReviewLog, write_deck};
use codedrill_core::words::plural;

pub(super) fn run(ctx: &mut Context, what: ExportWhat) -> Result<ExitCode> {
    let store = ctx.store()?;
    match what {
        ExportWhat::Deck { name, format, out } => deck(store, &name, format, &out)?,
        ExportWhat::Reviews { decks, format, out } => {
            // The log is the person's whatever they study now: hidden decks are in it unless decks are named.
            let ids = if decks.is_empty() {
                store.deck_ids_with_hidden()?
            } else {
                store.deck_ids(&decks)?
            };
            let mut n = 0;
            write_output(&out, |w| {
                let mut log = ReviewLog::new(w, format.into())?;
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

fn deck(store: &Store, name: &str, format: DeckFormatArg, out: &Output) -> Result<()> {
    let id = store.deck_ids(&[name.to_owned()])?[0];
    let cards = store.deck_cards(id)?;
    match format {
        DeckFormatArg::Csv => write_output(out, |w| Ok(write_deck(w, &cards)?))?,
        DeckFormatArg::Anki => {
            // The deck as it is stored, whatever the case it was typed in.
            let deck = store.deck_info(name)?.map_or(name.to_owned(), |d| d.name);
            let note_type = match store.drilled_both_ways(id)? {
                true => NoteType::BasicAndReversed,
                false => NoteType::Basic,
            };
            write_output(out, |w| Ok(anki::write_anki(w, &deck, note_type, &cards)?))?;
        }
    }
    report_written(out, &plural(cards.len() as i64, "card"));
    Ok(())
}
