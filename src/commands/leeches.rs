//! `codedrill leeches`: the cards forgotten eight times and set aside, and bringing them back.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use super::Context;
use super::suspend::{card_named, full_name};
use crate::store::{Card, Store};
use crate::view::style::Style;
use codedrill_core::sanitize::clean_line;
use codedrill_core::schedule::LEECH_LAPSES;
use codedrill_core::words::plural;

pub(super) fn run(ctx: &mut Context, unsuspend: Option<&str>, all: bool) -> Result<ExitCode> {
    let style = ctx.style();
    let store = ctx.store()?;
    if all {
        let n = store.unsuspend_leeches(None)?;
        say!("Brought back {}.", plural(n as i64, "leech"));
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(which) = unsuspend {
        return bring_back(store, which);
    }
    let leeches = store.leeches()?;
    if leeches.is_empty() {
        say!("No leeches: no card has been forgotten {LEECH_LAPSES} times.");
        return Ok(ExitCode::SUCCESS);
    }
    list(&leeches, style)?;
    Ok(ExitCode::SUCCESS)
}

/// Brings back one leech, named DECK:KEY.
fn bring_back(store: &mut Store, which: &str) -> Result<ExitCode> {
    let card = card_named(store, which)?;
    let shown = full_name(&card);
    if store.unsuspend_leeches(Some((card.deck_id, &card.content.key)))? == 0 {
        anyhow::bail!("'{shown}' is not a leech; `codedrill leeches` lists them");
    }
    say!("Brought back {shown}: it comes up again as a review.");
    Ok(ExitCode::SUCCESS)
}

/// Each leech with its lapses and the wrong answers given lately.
fn list(leeches: &[(Card, Vec<String>)], style: Style) -> Result<()> {
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} forgotten {} times or more, set aside:",
        plural(leeches.len() as i64, "card"),
        LEECH_LAPSES
    )?;
    for (card, wrong) in leeches {
        writeln!(
            out,
            "  {}  {} lapses  {}",
            style.bold(&clean_line(&format!("{}:{}", card.deck, card.content.key))),
            card.schedule.lapses,
            clean_line(&card.content.description)
        )?;
        if !wrong.is_empty() {
            let list: Vec<_> = wrong.iter().map(|w| clean_line(w).into_owned()).collect();
            writeln!(
                out,
                "      {}",
                style.dim(&format!("recent wrong answers: {}", list.join(", ")))
            )?;
        }
    }
    writeln!(
        out,
        "Bring one back with: codedrill leeches --unsuspend DECK:KEY (or --unsuspend-all)"
    )?;
    Ok(())
}
