//! One file per command. `run` finds the data directory and makes the one `Context` a command gets
//! (the clock, the output style and the store, each opened at most once and only when first needed);
//! each command hands the work to the core, the session loop and the views.

use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::cli::{Cli, CodesetAction, Command, DecksAction};

/// A line on standard output. Unlike `println!`, a closed pipe (`codedrill stats | head`) is an error to
/// return, not a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

/// The same, without the line break.
macro_rules! say_inline {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout(), $($arg)*)?
    }};
}

mod about;
mod cards;
mod codeset;
mod context;
mod decks;
mod drill;
mod edit_card;
mod export;
mod hide_deck;
mod import;
mod leeches;
mod log;
mod optimize;
mod output;
mod question;
mod remove_deck;
mod report;
mod restore;
mod session;
mod stats;
mod suspend;
mod trial;
mod welcome;

use context::Context;
pub use session::EXIT_INTERRUPTED;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let dir = data_dir(&cli)?;
    let db = dir.join(crate::store::DB_FILE);
    // Storage failures are explained once here, wherever in a command they happen.
    dispatch(cli, &mut Context::new(dir)).map_err(|e| crate::store::explain(e, &db))
}

fn dispatch(cli: Cli, ctx: &mut Context) -> Result<ExitCode> {
    match cli.command {
        None if welcome::is_plain(&cli.drill) && welcome::first_run(ctx)? => welcome::run(ctx),
        // On a day one of the trial's checks is due, plain `codedrill` runs it.
        None if welcome::is_plain(&cli.drill) && trial::check_due(ctx)? => trial::run(ctx),
        None => drill::drill(ctx, &cli.drill),
        Some(Command::Drill(args)) => drill::drill(ctx, &args),
        Some(Command::Cram(args)) => drill::cram(ctx, &args),
        Some(Command::Stats { decks, json }) => stats::run(ctx, &decks, json),
        Some(Command::Report { json, html, force }) => report::run(ctx, json, html, force),
        Some(Command::Trial) => trial::run(ctx),
        Some(Command::Optimize { reset }) => optimize::run(ctx, reset),
        Some(Command::Decks { action: None }) => decks::run(ctx),
        Some(Command::Decks {
            action: Some(DecksAction::Remove { name, yes }),
        }) => remove_deck::run(ctx, &name, yes),
        Some(Command::Decks {
            action: Some(DecksAction::Hide { name }),
        }) => hide_deck::run(ctx, &name, true),
        Some(Command::Decks {
            action: Some(DecksAction::Show { name }),
        }) => hide_deck::run(ctx, &name, false),
        Some(Command::Cards(args)) => cards::run(ctx, &args),
        Some(Command::Leeches {
            unsuspend,
            unsuspend_all,
        }) => leeches::run(ctx, unsuspend.as_deref(), unsuspend_all),
        Some(Command::Import(args)) => import::run(ctx, &args),
        Some(Command::Export { what }) => export::run(ctx, what),
        Some(Command::Restore { backup, yes }) => restore::run(ctx, backup.as_deref(), yes),
        Some(Command::About) => about::run(),
        Some(Command::Codeset { action: None }) => codeset::list(ctx),
        Some(Command::Codeset {
            action: Some(CodesetAction::Add { files, year, force }),
        }) => codeset::add::run(ctx, &files, year, force),
        Some(Command::Codeset {
            action: Some(CodesetAction::Changes { old, new }),
        }) => codeset::changes(ctx, old, new),
        Some(Command::Codeset {
            action: Some(CodesetAction::Update { year, full, force }),
        }) => codeset::update::run(ctx, year, full, force),
    }
}

/// `--data-dir`, else `CODEDRILL_HOME` (clap reads both into one field), else the platform's data folder.
fn data_dir(cli: &Cli) -> Result<std::path::PathBuf> {
    if let Some(dir) = &cli.data_dir {
        return Ok(dir.clone());
    }
    dirs::data_dir().map(|d| d.join("codedrill")).context(
        "cannot find your data folder (is HOME set?). Choose one with --data-dir or CODEDRILL_HOME",
    )
}

/// The decks a command is about: the ones named (hidden or not), or every deck but the hidden ones when
/// none is.
fn deck_ids(store: &crate::store::Store, names: &[String]) -> Result<Vec<i64>> {
    if names.is_empty() {
        store.all_deck_ids()
    } else {
        store.deck_ids(names)
    }
}
