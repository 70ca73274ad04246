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
mod check;
mod codeset;
mod completions;
mod context;
mod decks;
mod drill;
mod edit_card;
mod export;
mod hide_deck;
mod import;
mod leeches;
mod log;
mod lookup;
pub(crate) use lookup::IndexBook;
pub mod man;
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
    // Text made from the command line alone needs no data folder (a packager's build may have no home).
    match cli.command {
        Some(Command::Completions { shell }) => return completions::run(shell),
        Some(Command::Man) => return man::run(),
        _ => {}
    }
    let dir = data_dir(&cli)?;
    let db = dir.join(crate::store::DB_FILE);
    let command = cli.command.as_ref().map_or("drill", Command::name);
    let mut ctx = Context::new(dir);
    if cli.command.as_ref().is_some_and(Command::only_reads) {
        ctx = ctx.only_reading();
    }
    crate::store::busy::on_wait(say_waiting);
    // Storage failures are explained once here, wherever in a command they happen.
    dispatch(cli, &mut ctx).map_err(|e| crate::store::explain(e, &db, command))
}

/// Said once when another codedrill's write has kept this one waiting for a second.
fn say_waiting() {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "note: another codedrill is writing to your progress (an import, perhaps); waiting for it to \
         finish. Nothing is lost meanwhile; Ctrl-C stops."
    );
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
        Some(Command::Check) => check::run(ctx),
        Some(Command::About) => about::run(),
        Some(Command::Lookup {
            words,
            follow,
            code,
            year,
            json,
        }) => lookup::run(
            ctx,
            &lookup::Asked {
                words: &words,
                follow: &follow,
                code: code.as_deref(),
                year,
                json,
            },
        ),
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
        Some(Command::Completions { shell }) => completions::run(shell),
        Some(Command::Man) => man::run(),
    }
}

/// The one line an error is printed as: its causes joined by ": ", each file-system error in plain words
/// (the operating system's "(os error 2)" means nothing to a person), cleaned for the terminal.
pub fn message(err: &anyhow::Error) -> String {
    let parts: Vec<String> = err
        .chain()
        .map(|cause| match cause.downcast_ref::<std::io::Error>() {
            Some(io) => plain_io(io),
            None => cause.to_string(),
        })
        .collect();
    codedrill_core::sanitize::clean(&parts.join(": ")).into_owned()
}

fn plain_io(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let said = match error.kind() {
        ErrorKind::NotFound => "there is no such file or folder",
        ErrorKind::PermissionDenied => "permission denied",
        ErrorKind::AlreadyExists => "it already exists",
        ErrorKind::IsADirectory => "it is a folder, not a file",
        ErrorKind::NotADirectory => "part of the path is a file, not a folder",
        ErrorKind::StorageFull => "the disk is full",
        ErrorKind::FileTooLarge => "the file is too large for this system",
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only",
        _ => {
            let text = error.to_string();
            return match text.find(" (os error ") {
                Some(end) => text[..end].to_string(),
                None => text,
            };
        }
    };
    said.to_string()
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
