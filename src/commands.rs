//! One function per command: each opens what it needs (clock, store, terminal) and hands the work to the
//! core modules.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, DrillArgs};
use crate::clock::{self, Clock};
use crate::deck::BUILTIN;
use crate::drill::{self, Drill, Tally};
use crate::sanitize::clean_line;
use crate::schedule::Settings;
use crate::store::{SessionLock, Store};
use crate::style::Style;

/// The exit code after Ctrl-C, as shells expect (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let dir = data_dir(&cli)?;
    match cli.command {
        None => drill(dir, &cli.drill),
        Some(Command::Drill(args)) => drill(dir, &args),
        Some(Command::Decks) => decks(dir),
        Some(Command::About) => {
            print!("{}", crate::notice::NOTICE);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `--data-dir`, else `CODEDRILL_HOME` (clap reads both into one field), else the platform's data folder.
fn data_dir(cli: &Cli) -> Result<PathBuf> {
    if let Some(dir) = &cli.data_dir {
        return Ok(dir.clone());
    }
    dirs::data_dir().map(|d| d.join("codedrill")).context(
        "cannot find your data folder (is HOME set?). Choose one with --data-dir or CODEDRILL_HOME",
    )
}

/// The store, open and with the built-in decks up to date.
fn open(dir: &std::path::Path, clock: &Clock) -> Result<Store> {
    let mut store = Store::open(dir)?;
    store.sync_builtin(BUILTIN, clock.now())?;
    Ok(store)
}

fn drill(dir: PathBuf, args: &DrillArgs) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let settings = Settings {
        learning_steps: args.learning_steps.0.clone(),
        relearning_steps: args.relearning_steps.0.clone(),
        desired_retention: args.retention,
        maximum_interval: args.max_interval,
        fuzz: !args.no_fuzz,
        parameters: Vec::new(),
    };
    // Check the settings before anything is opened or locked.
    crate::schedule::Scheduler::new(settings.clone()).context("check --retention")?;
    let mut store = open(&dir, &clock)?;
    let _lock = SessionLock::acquire(&dir)?;
    let decks = if args.decks.is_empty() {
        store.all_deck_ids()?
    } else {
        store.deck_ids(&args.decks)?
    };
    let options = drill::Options {
        decks,
        new_per_day: args.new_per_day,
        reviews_per_day: args.reviews_per_day,
        minutes: args.minutes,
        settings,
    };
    let style = Style::detect(io::stdout().is_terminal());
    let tally = Arc::new(Mutex::new(Tally::default()));
    stop_on_ctrl_c(Arc::clone(&tally), style);
    let ending = Drill {
        store: &mut store,
        clock: &clock,
        input: io::stdin().lock(),
        out: io::stdout(),
        style,
        echo: !io::stdin().is_terminal(),
        tally: Arc::clone(&tally),
    }
    .run(&options)?;
    let tally = tally.lock().unwrap_or_else(PoisonError::into_inner).clone();
    if tally.answered > 0 || ending != drill::Ending::Finished {
        println!();
        print!(
            "{}",
            drill::summary(&tally, Some(ending), clock.now(), style)
        );
    }
    let forecast = store.due_forecast(&options.decks, clock::study_day(clock.now()), 2)?;
    if tally.answered > 0 && forecast[1] > 0 {
        println!(
            "Tomorrow: {} due.",
            crate::style::plural(forecast[1], "card")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C during a drill: every answer is already committed, so print the summary and leave. The tally
/// lock is held while an answer is being saved, so the exit waits for a commit in progress.
fn stop_on_ctrl_c(tally: Arc<Mutex<Tally>>, style: Style) {
    let result = ctrlc::set_handler(move || {
        let tally = tally.lock().unwrap_or_else(PoisonError::into_inner);
        let text = drill::summary(&tally, None, chrono::Utc::now(), style);
        let mut out = io::stdout();
        let _ = write!(out, "\n{text}");
        let _ = out.flush();
        std::process::exit(i32::from(EXIT_INTERRUPTED));
    });
    // Without a handler Ctrl-C still stops the drill and loses nothing; only the summary is missed.
    let _ = result;
}

fn decks(dir: PathBuf) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let store = open(&dir, &clock)?;
    let now = clock.now();
    let summaries = store.deck_summaries(clock::study_day(now), now)?;
    let style = Style::detect(io::stdout().is_terminal());
    let width = summaries
        .iter()
        .map(|d| d.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{:<width$}  {:>6}  {:>6}  {:>8}  {:>6}  {}",
            "deck", "cards", "new", "learning", "due", "title"
        ))
    )?;
    for d in &summaries {
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
    let total: i64 = summaries.iter().map(|d| d.cards).sum();
    let due: i64 = summaries.iter().map(|d| d.due).sum();
    writeln!(
        out,
        "{} cards in {} decks; {} due today. Data: {}",
        total,
        summaries.len(),
        due,
        store.path().display()
    )?;
    Ok(ExitCode::SUCCESS)
}
