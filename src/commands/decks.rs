//! `codedrill decks`: the decks with how many cards are new, learning and due today.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use crate::clock;
use crate::store::DeckSummary;
use crate::view::style::Style;
use codedrill_core::sanitize::{clean_line, clean_path};
use codedrill_core::words::plural;

pub(super) fn run(ctx: &mut Context) -> Result<ExitCode> {
    let style = ctx.style();
    let (store, clock) = ctx.store_and_clock()?;
    let now = clock.now();
    let summaries = store.deck_summaries(clock::study_day(now), now)?;
    let mut out = io::stdout().lock();
    write_table(&mut out, &summaries, style)?;
    let total: i64 = summaries.iter().map(|d| d.cards).sum();
    let due: i64 = summaries.iter().map(|d| d.due).sum();
    writeln!(
        out,
        "{} in {}; {} due today. Data: {}",
        plural(total, "card"),
        plural(summaries.len() as i64, "deck"),
        due,
        clean_path(store.path())
    )?;
    Ok(ExitCode::SUCCESS)
}

/// One line a deck under a bold header, the names padded to the longest.
fn write_table(out: &mut impl Write, summaries: &[DeckSummary], style: Style) -> Result<()> {
    let width = summaries
        .iter()
        .map(|d| d.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{:<width$}  {:>6}  {:>6}  {:>8}  {:>6}  {}",
            "deck", "cards", "new", "learning", "due", "title"
        ))
    )?;
    for d in summaries {
        writeln!(
            out,
            "{:<width$}  {:>6}  {:>6}  {:>8}  {:>6}  {}",
            clean_line(&d.name),
            d.cards,
            d.new,
            d.learning,
            d.due,
            style.dim(&clean_line(&d.title)),
        )?;
    }
    Ok(())
}
