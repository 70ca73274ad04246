//! `codedrill decks`: the decks with how many cards are new, learning and due today, the hidden ones apart.

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
    let (hidden, shown): (Vec<DeckSummary>, Vec<DeckSummary>) =
        summaries.iter().cloned().partition(|d| d.hidden);
    let mut out = io::stdout().lock();
    let width = name_width(&summaries);
    write_header(&mut out, width, style)?;
    write_rows(&mut out, &shown, width, style)?;
    if !hidden.is_empty() {
        writeln!(
            out,
            "{}",
            style.bold("hidden (left out until `codedrill decks show NAME`):")
        )?;
        write_rows(&mut out, &hidden, width, style)?;
    }
    let total: i64 = shown.iter().map(|d| d.cards).sum();
    let due: i64 = shown.iter().map(|d| d.due).sum();
    let hidden = match hidden.len() {
        0 => String::new(),
        n => format!(" ({} hidden)", plural(n as i64, "more deck")),
    };
    writeln!(
        out,
        "{} in {}{hidden}; {} due today. Data: {}",
        plural(total, "card"),
        plural(shown.len() as i64, "deck"),
        due,
        clean_path(store.path())
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The longest deck name, for the first column.
fn name_width(summaries: &[DeckSummary]) -> usize {
    summaries
        .iter()
        .map(|d| d.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4)
}

fn write_header(out: &mut impl Write, width: usize, style: Style) -> Result<()> {
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{:<width$}  {:>6}  {:>6}  {:>8}  {:>6}  {}",
            "deck", "cards", "new", "learning", "due", "title"
        ))
    )?;
    Ok(())
}

/// One line a deck, the names padded to the longest.
fn write_rows(
    out: &mut impl Write,
    summaries: &[DeckSummary],
    width: usize,
    style: Style,
) -> Result<()> {
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
