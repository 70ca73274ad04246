//! One function per command: each opens what it needs (clock, store, terminal) and hands the work to the
//! core modules.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context, Result};

use crate::builtin::BUILTIN;
use crate::cli::{Cli, Command, CramArgs, DecksAction, DrillArgs, ExportWhat, ImportArgs, Output};
use crate::clock::{self, Clock};
use codedrill_core::report::TrialStage;

use crate::session::{self as drill, Drill, Tally};
use crate::store::{ImportDeck, SessionLock, Store, SyncMode};
use crate::view::style::Style;
use codedrill_core::deck::{CardContent, Role, System};
use codedrill_core::import::MAX_PROBLEMS_SHOWN;
use codedrill_core::sanitize::clean_line;
use codedrill_core::schedule::Settings;

/// A line on standard output. Unlike `println!`, a closed pipe (`codedrill stats | head`) is an error to
/// return, not a panic.
macro_rules! say {
    ($($arg:tt)*) => { writeln!(io::stdout(), $($arg)*)? };
}

/// The same, without the line break.
macro_rules! say_inline {
    ($($arg:tt)*) => { write!(io::stdout(), $($arg)*)? };
}

/// The exit code after Ctrl-C, as shells expect (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let dir = data_dir(&cli)?;
    let db = dir.join(crate::store::DB_FILE);
    // Storage failures are explained once here, wherever in a command they happen.
    dispatch(cli, dir).map_err(|e| crate::store::explain(e, &db))
}

fn dispatch(cli: Cli, dir: PathBuf) -> Result<ExitCode> {
    match cli.command {
        None if is_plain(&cli.drill) && first_run(&dir)? => welcome(dir),
        None => drill(dir, &cli.drill),
        Some(Command::Stats { decks, json }) => stats(dir, &decks, json),
        Some(Command::Report { json, html, force }) => report(dir, json, html, force),
        Some(Command::Trial) => trial(dir),
        Some(Command::Optimize { reset }) => optimize(dir, reset),
        Some(Command::Drill(args)) => drill(dir, &args),
        Some(Command::Decks { action: None }) => decks(dir),
        Some(Command::Decks {
            action: Some(DecksAction::Remove { name, yes }),
        }) => remove_deck(dir, &name, yes),
        Some(Command::Cram(args)) => cram(dir, &args),
        Some(Command::Leeches {
            unsuspend,
            unsuspend_all,
        }) => leeches(dir, unsuspend.as_deref(), unsuspend_all),
        Some(Command::Import(args)) => import(dir, &args),
        Some(Command::Export { what }) => export(dir, what),
        Some(Command::Restore { backup, yes }) => restore(dir, backup.as_deref(), yes),
        Some(Command::About) => {
            say_inline!("{}", crate::notice::NOTICE);
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
    let settings = Settings {
        learning_steps: args.learning_steps.0.clone(),
        relearning_steps: args.relearning_steps.0.clone(),
        desired_retention: args.retention,
        maximum_interval: args.max_interval,
        fuzz: !args.no_fuzz,
        parameters: Vec::new(),
    };
    // Check the settings before anything is opened or locked.
    codedrill_core::schedule::Scheduler::new(settings.clone()).context("check --retention")?;
    let settings = Settings {
        parameters: Store::open(&dir)?.parameters()?.unwrap_or_default(),
        ..settings
    };
    session(dir, &args.decks, |decks| drill::Options {
        decks,
        direction: args.direction.into(),
        mode: args.mode.into(),
        new_per_day: args.new_per_day,
        reviews_per_day: args.reviews_per_day,
        minutes: args.minutes,
        settings,
        cram: None,
    })
}

fn cram(dir: PathBuf, args: &CramArgs) -> Result<ExitCode> {
    session(dir, &args.decks, |decks| drill::Options {
        decks,
        direction: args.direction.into(),
        mode: args.mode.into(),
        new_per_day: 0,
        reviews_per_day: 0,
        minutes: args.minutes,
        settings: Settings::default(),
        cram: Some(drill::Cram {
            tag: args.tag.clone(),
            limit: args.limit,
        }),
    })
}

/// Runs a drill or practice session on the terminal: the store, the lock, Ctrl-C, the summary.
fn session(
    dir: PathBuf,
    decks: &[String],
    options: impl FnOnce(Vec<i64>) -> drill::Options,
) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let mut store = open(&dir, &clock)?;
    let _lock = SessionLock::acquire(&dir)?;
    let ids = if decks.is_empty() {
        store.all_deck_ids()?
    } else {
        store.deck_ids(decks)?
    };
    let options = options(ids);
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
        decks: Default::default(),
    }
    .run(&options)?;
    let tally = tally.lock().unwrap_or_else(PoisonError::into_inner).clone();
    if tally.answered > 0 || ending != drill::Ending::Finished {
        say!();
        say_inline!(
            "{}",
            drill::summary(&tally, Some(ending), clock.now(), style)
        );
    }
    if options.cram.is_none() {
        let forecast = store.due_forecast(&options.decks, clock::study_day(clock.now()), 2)?;
        if tally.answered > 0 && forecast[1] > 0 {
            say!(
                "Tomorrow: {} due.",
                codedrill_core::words::plural(forecast[1], "card")
            );
        }
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

fn import(dir: PathBuf, args: &ImportArgs) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let shown = args.file.display().to_string();
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("cannot read {shown}; check the file's name and place"))?
        .len();
    if size > codedrill_core::import::MAX_FILE_BYTES as u64 {
        anyhow::bail!(
            "{shown} is {} MB, more than the {} MB codedrill reads; split it into smaller files",
            size / 1_000_000,
            codedrill_core::import::MAX_FILE_BYTES / 1_000_000
        );
    }
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {shown}"))?;
    let parsed = codedrill_core::import::parse(&bytes);
    // The cards own their text now; the file's bytes are not needed while writing.
    drop(bytes);
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(problems) => {
            let mut err = io::stderr().lock();
            for p in problems.iter().take(MAX_PROBLEMS_SHOWN) {
                match p.line {
                    0 => writeln!(err, "{shown}: {}", clean_line(&p.message))?,
                    line => writeln!(err, "{shown}:{line}: {}", clean_line(&p.message))?,
                }
            }
            if problems.len() > MAX_PROBLEMS_SHOWN {
                writeln!(err, "... and {} more", problems.len() - MAX_PROBLEMS_SHOWN)?;
            }
            anyhow::bail!(
                "{shown} has {}; nothing was imported. Fix {} and import again",
                codedrill_core::words::plural(problems.len() as i64, "problem"),
                if problems.len() == 1 { "it" } else { "them" }
            );
        }
    };
    let default_name = args
        .deck
        .clone()
        .unwrap_or_else(|| deck_name_from_path(&args.file));
    let mut decks: Vec<ImportDeck> = Vec::new();
    for (named, cards) in parsed.decks {
        let name = match (&args.deck, named) {
            (Some(forced), _) => forced.clone(),
            (None, Some(named)) => named,
            (None, None) => default_name.clone(),
        };
        let mut name = check_deck_name(&name)?;
        if BUILTIN.iter().any(|b| b.name.eq_ignore_ascii_case(&name)) {
            // Anki decks are often called "Abbreviations" or "Billing": keep them apart from ours.
            let renamed = format!("{name} (imported)");
            eprintln!(
                "note: '{name}' is the name of a built-in deck; these cards go into '{renamed}'."
            );
            name = renamed;
        }
        match decks
            .iter_mut()
            .find(|d| d.name.eq_ignore_ascii_case(&name))
        {
            Some(deck) => deck.cards.extend(cards),
            None => decks.push(ImportDeck {
                role: guess_role(&cards),
                source_path: std::fs::canonicalize(&args.file)
                    .unwrap_or_else(|_| args.file.clone())
                    .display()
                    .to_string(),
                name,
                cards,
            }),
        }
    }
    let mut store = open(&dir, &clock)?;
    let backup = if args.dry_run {
        None
    } else {
        Some(store.backup("before-import")?)
    };
    let total: usize = decks.iter().map(|d| d.cards.len()).sum();
    let show_progress = io::stderr().is_terminal() && total >= 10_000;
    let mut progress = |done: usize| {
        if show_progress {
            eprint!("\rImporting... {done} of {total} cards");
        }
    };
    let counts = store.import_decks(
        &decks,
        SyncMode::Merge(args.on_duplicate.into()),
        args.dry_run,
        clock.now(),
        &mut progress,
    )?;
    if show_progress {
        eprint!("\r{:60}\r", "");
    }
    let mut out = io::stdout().lock();
    if args.dry_run {
        writeln!(
            out,
            "Dry run: {shown} is fine ({} cards); nothing was written.",
            parsed.rows
        )?;
    }
    for (deck, c) in decks.iter().zip(&counts) {
        let verb = if args.dry_run {
            "would change"
        } else {
            "imported into"
        };
        writeln!(
            out,
            "{shown} {verb} deck '{}': {} added, {} updated, {} unchanged, {} skipped.",
            clean_line(&deck.name),
            c.added,
            c.updated,
            c.unchanged,
            c.skipped
        )?;
    }
    if let Some(path) = &backup {
        say!(
            "Your progress from before the import is backed up in {}.",
            path.display()
        );
    }
    if !args.dry_run
        && let Some(deck) = decks.first()
    {
        writeln!(
            out,
            "Drill it with: codedrill drill --deck {}",
            quote_arg(&deck.name)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A deck name from a file name: `Cardiology Terms.csv` becomes `cardiology-terms`.
fn deck_name_from_path(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "imported".into()
    } else {
        slug
    }
}

fn check_deck_name(name: &str) -> Result<String> {
    let name = clean_line(name.trim()).into_owned();
    if name.is_empty() || name.chars().count() > 64 {
        anyhow::bail!("a deck name must have 1 to 64 characters; choose one with --deck NAME");
    }
    Ok(name)
}

/// Which side of the work an imported deck belongs to, from what most of its cards are.
fn guess_role(cards: &[CardContent]) -> Role {
    let count = |f: fn(System) -> bool| cards.iter().filter(|c| f(c.system)).count();
    let billing = count(|s| s == System::Billing);
    let terms = count(|s| matches!(s, System::Term | System::Abbreviation));
    let coding = cards.len() - billing - terms;
    if billing * 2 > cards.len() {
        Role::Billing
    } else if terms * 2 > cards.len() {
        Role::Terminology
    } else if coding * 2 > cards.len() {
        Role::Coding
    } else {
        Role::Other
    }
}

/// A deck name as it would be typed in a shell.
fn quote_arg(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_alphanumeric() || "-_.".contains(c))
    {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}

fn export(dir: PathBuf, what: ExportWhat) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let store = open(&dir, &clock)?;
    match what {
        ExportWhat::Deck { name, out } => {
            let id = store.deck_ids(std::slice::from_ref(&name))?[0];
            let cards = store.deck_cards(id)?;
            write_output(&out, |w| Ok(codedrill_core::export::write_deck(w, &cards)?))?;
            report_written(
                &out,
                &codedrill_core::words::plural(cards.len() as i64, "card"),
            );
        }
        ExportWhat::Reviews { decks, out } => {
            let ids = if decks.is_empty() {
                store.all_deck_ids()?
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
            report_written(&out, &codedrill_core::words::plural(n, "review"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes to standard output, or to a file through a temporary file renamed into place, so a failed
/// export never leaves half a file. An existing file is replaced only with --force.
fn write_output(out: &Output, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let Some(path) = &out.out else {
        let mut stdout = io::stdout().lock();
        return write(&mut stdout);
    };
    if path.exists() && !out.force {
        anyhow::bail!(
            "{} already exists; choose another name, or add --force to replace it",
            path.display()
        );
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = parent.join(format!(".{name}.codedrill-tmp"));
    let result = (|| -> Result<()> {
        let mut file = io::BufWriter::new(std::fs::File::create(&temp)?);
        write(&mut file)?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&temp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.with_context(|| {
        format!(
            "cannot write {}; check the folder exists and is writable",
            path.display()
        )
    })
}

fn report_written(out: &Output, what: &str) {
    if let Some(path) = &out.out {
        eprintln!("Wrote {what} to {}.", path.display());
    }
}

fn remove_deck(dir: PathBuf, name: &str, yes: bool) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let mut store = open(&dir, &clock)?;
    let Some(info) = store.deck_info(name)? else {
        store.deck_ids(&[name.to_owned()])?;
        return Ok(ExitCode::FAILURE);
    };
    let shown = clean_line(&info.name).into_owned();
    if info.builtin {
        anyhow::bail!(
            "'{shown}' is built into codedrill and cannot be removed; to leave it out, drill other decks \
             with --deck NAME"
        );
    }
    if !yes {
        say_inline!(
            "Delete the deck '{shown}' with {} and {} of progress? This cannot be undone. Type yes to delete: ",
            codedrill_core::words::plural(info.cards, "card"),
            codedrill_core::words::plural(info.reviews, "review")
        );
        io::stdout().flush()?;
        let mut answer = String::new();
        io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim().to_lowercase().as_str(), "yes" | "y") {
            say!("Nothing deleted.");
            return Ok(ExitCode::FAILURE);
        }
    }
    let backup = store.backup("before-removing-a-deck")?;
    store.remove_deck(info.id)?;
    say!(
        "Deleted the deck '{shown}'. A copy of your progress from before is in {}.",
        backup.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn leeches(dir: PathBuf, unsuspend: Option<&str>, all: bool) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let mut store = open(&dir, &clock)?;
    if all {
        let n = store.unsuspend_leeches(None)?;
        say!(
            "Brought back {}.",
            codedrill_core::words::plural(n as i64, "leech")
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(which) = unsuspend {
        let Some((deck, key)) = which.split_once(':') else {
            anyhow::bail!(
                "name the leech as DECK:KEY, as `codedrill leeches` lists it (e.g. hcpcs:J1100)"
            );
        };
        let deck_id = store.deck_ids(&[deck.to_owned()])?[0];
        return match store.unsuspend_leeches(Some((deck_id, key)))? {
            0 => anyhow::bail!(
                "'{}' is not a leech; `codedrill leeches` lists them",
                clean_line(which)
            ),
            _ => {
                say!(
                    "Brought back {}: it comes up again as a review.",
                    clean_line(which)
                );
                Ok(ExitCode::SUCCESS)
            }
        };
    }
    let leeches = store.leeches()?;
    let style = Style::detect(io::stdout().is_terminal());
    let mut out = io::stdout().lock();
    if leeches.is_empty() {
        writeln!(
            out,
            "No leeches: no card has been forgotten {} times.",
            codedrill_core::schedule::LEECH_LAPSES
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} forgotten {} times or more, set aside:",
        codedrill_core::words::plural(leeches.len() as i64, "card"),
        codedrill_core::schedule::LEECH_LAPSES
    )?;
    for (card, wrong) in &leeches {
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
    Ok(ExitCode::SUCCESS)
}

/// Plain `codedrill`: no command and no drill options.
fn is_plain(args: &DrillArgs) -> bool {
    use clap::Parser;
    Cli::try_parse_from(["codedrill"]).is_ok_and(|defaults| defaults.drill == *args)
}

/// Nothing answered yet and no trial begun.
fn first_run(dir: &std::path::Path) -> Result<bool> {
    if !dir.join(crate::store::DB_FILE).exists() {
        return Ok(true);
    }
    let store = Store::open(dir)?;
    Ok(store.total_reviews()? == 0 && store.meta(TRIAL_KEY)?.is_none())
}

/// Plain `codedrill` the first time: offer the trial.
fn welcome(dir: PathBuf) -> Result<ExitCode> {
    say!(
        "Welcome to codedrill. If you are here to find out whether medical coding suits you, start with the \
         trial:\na guided 15-minute session of what coders and billers learn, then two short checks after 1 and \
         3 days,\nand `codedrill report` gives you an honest read of your own evidence."
    );
    say_inline!("Start the trial now? [Y/n] › ");
    io::stdout().flush()?;
    let mut answer = String::new();
    if io::stdin().read_line(&mut answer)? == 0 {
        say!("\nRun `codedrill trial` to begin, or `codedrill drill` to drill right away.");
        return Ok(ExitCode::SUCCESS);
    }
    match answer.trim().to_lowercase().as_str() {
        "n" | "no" => {
            use clap::Parser;
            let defaults = Cli::try_parse_from(["codedrill"])?.drill;
            drill(dir, &defaults)
        }
        _ => trial(dir),
    }
}

const TRIAL_KEY: crate::store::MetaKey = crate::store::MetaKey::TrialStartedDay;

fn trial(dir: PathBuf) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let today = clock::study_day(clock.now());
    let started = {
        let mut store = open(&dir, &clock)?;
        match store.meta(TRIAL_KEY)?.and_then(|d| d.parse::<i64>().ok()) {
            Some(day) => day,
            None => {
                store.set_meta(TRIAL_KEY, &today.to_string())?;
                today
            }
        }
    };
    if today == started {
        say!(
            "Your codedrill trial: about 15 minutes with a mix of what coders and billers learn: ICD-10-CM \
             diagnoses,\nCPT-style procedures, HCPCS codes, modifiers, word parts, abbreviations, billing terms \
             and coding cases.\nNot knowing most answers is expected: type your best guess, or press Enter to \
             see the answer.\n"
        );
    } else {
        say!(
            "Trial check, day {}: the cards you learned come back now, to see what stayed.\n",
            today - started
        );
    }
    let decks: Vec<String> = BUILTIN.iter().map(|d| d.name.to_owned()).collect();
    let parameters = Store::open(&dir)?.parameters()?.unwrap_or_default();
    let code = session(dir.clone(), &decks, |ids| drill::Options {
        decks: ids,
        direction: codedrill_core::deck::Direction::Auto,
        mode: codedrill_core::answer::Mode::Type,
        new_per_day: if today == started { 30 } else { 10 },
        reviews_per_day: 200,
        minutes: Some(15),
        settings: Settings {
            parameters,
            ..Settings::default()
        },
        cram: None,
    })?;
    let store = Store::open(&dir)?;
    let mut studied = Vec::new();
    store.for_each_fact(&store.all_deck_ids()?, &mut |f, _| {
        if studied.last() != Some(&f.day) {
            studied.push(f.day);
        }
    })?;
    let stage = codedrill_core::report::trial_stage(Some(started), &studied, today);
    say!("\n{}", stage.says);
    if stage.stage != TrialStage::Complete {
        let check = if stage.stage == TrialStage::FirstDay {
            started + 1
        } else {
            started + 3
        };
        let date =
            (clock::day_start(check) + chrono::Duration::hours(8)).with_timezone(&chrono::Local);
        say!(
            "Next check: {} (run `codedrill trial`). `codedrill report` shows your evidence at any time.",
            date.format("%A %-d %B")
        );
    } else {
        say!("Run `codedrill report` for your read; keep drilling with `codedrill` to firm it up.");
    }
    Ok(code)
}

/// Which card histories `gather` keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Histories {
    None,
    /// Ratings and days between answers: enough for the report's memory comparison.
    Compact,
    /// With the time of each answer too, for `optimize` (which orders items across cards).
    Timed,
}

/// Reads the review log once into statistics (and, when asked, each card's history for FSRS).
fn gather(
    store: &Store,
    decks: &[i64],
    today: clock::Day,
    histories: Histories,
) -> Result<(
    codedrill_core::stats::Summary,
    Vec<codedrill_core::memory::History>,
)> {
    let mut collector = codedrill_core::stats::Collector::new(today);
    let mut by_card: std::collections::HashMap<i64, codedrill_core::memory::History> =
        Default::default();
    store.for_each_fact(decks, &mut |f, at| {
        collector.add(f);
        if histories != Histories::None && f.kind != codedrill_core::schedule::ReviewKind::Cram {
            let history = by_card.entry(f.card).or_default();
            history.answers.push(codedrill_core::memory::Answer {
                delta: u16::try_from(f.elapsed_days.max(0)).unwrap_or(u16::MAX),
                rating: f.rating,
            });
            if histories == Histories::Timed {
                history.times.push(at);
            }
        }
    })?;
    Ok((collector.finish(), by_card.into_values().collect()))
}

fn stats(dir: PathBuf, decks: &[String], json: bool) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let store = open(&dir, &clock)?;
    let ids = if decks.is_empty() {
        store.all_deck_ids()?
    } else {
        store.deck_ids(decks)?
    };
    let today = clock::study_day(clock.now());
    let (summary, _) = gather(&store, &ids, today, Histories::None)?;
    let counts = store
        .state_counts()?
        .into_iter()
        .filter(|c| ids.contains(&c.deck_id))
        .map(|c| {
            let counts = codedrill_core::stats::CardCounts {
                new: c.new,
                learning: c.learning,
                review: c.review,
                suspended: c.suspended,
                leeches: c.leeches,
            };
            (c.deck_id, c.deck, c.role, counts)
        })
        .collect();
    let forecast = store.due_forecast(&ids, today, 30)?;
    let view = codedrill_core::stats::StatsReport::build(&summary, counts, forecast);
    if json {
        say!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        say_inline!(
            "{}",
            crate::view::stats::render(&view, Style::detect(io::stdout().is_terminal()))
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn report(dir: PathBuf, json: bool, html: Option<PathBuf>, force: bool) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let store = open(&dir, &clock)?;
    let now = clock.now();
    let today = clock::study_day(now);
    let ids = store.all_deck_ids()?;
    let (summary, histories) = gather(&store, &ids, today, Histories::Compact)?;
    let memory = codedrill_core::memory::compare_memory(&histories);
    let sessions = store.sessions()?;
    let report = codedrill_core::report::build(&codedrill_core::report::Inputs {
        summary: &summary,
        memory,
        sessions: &sessions,
        trial_started: store.meta(TRIAL_KEY)?.and_then(|d| d.parse().ok()),
        generated_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    });
    if json {
        say!("{}", serde_json::to_string_pretty(&report)?);
    } else if let Some(path) = html {
        let stats = codedrill_core::stats::StatsReport::build(
            &summary,
            Vec::new(),
            store.due_forecast(&ids, today, 30)?,
        );
        let page = crate::view::html::page(&report, &crate::view::html::charts(&summary, &stats));
        let out = Output {
            out: Some(path.clone()),
            force,
        };
        write_output(&out, |w| Ok(w.write_all(page.as_bytes())?))?;
        say!(
            "Wrote the report to {}: open it in a browser (it needs no network).",
            path.display()
        );
    } else {
        say_inline!(
            "{}",
            crate::view::report::render(&report, Style::detect(io::stdout().is_terminal()))
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn optimize(dir: PathBuf, reset: bool) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let mut store = open(&dir, &clock)?;
    if reset {
        store.reset_parameters()?;
        say!("Back to the default FSRS-6 parameters.");
        return Ok(ExitCode::SUCCESS);
    }
    let ids = store.all_deck_ids()?;
    let (_, histories) = gather(
        &store,
        &ids,
        clock::study_day(clock.now()),
        Histories::Timed,
    )?;
    let items = codedrill_core::memory::items_in_time_order(&histories);
    let current = store.parameters()?;
    let current_name = if current.is_some() {
        "your current parameters"
    } else {
        "the default parameters"
    };
    let current = current.unwrap_or_else(|| fsrs::DEFAULT_PARAMETERS.to_vec());
    let Some(result) = codedrill_core::memory::optimize(&current, items.clone()) else {
        say!(
            "Not enough reviews to fit yet: {} of at least {} (each answer after a card's first counts, once a \
             day has passed). Keep drilling; the defaults are the medians of about 10,000 learners.",
            items.len(),
            codedrill_core::memory::MIN_ITEMS
        );
        return Ok(ExitCode::SUCCESS);
    };
    say!(
        "Fitted on the earlier {} of {} reviews; scored on the latest {} (held out):",
        result.items - result.held_out,
        result.items,
        result.held_out
    );
    say!("  {:<28} {:>9} {:>11}", "", "log loss", "RMSE(bins)");
    say!(
        "  {:<28} {:>9.4} {:>11.4}",
        current_name,
        result.current.log_loss,
        result.current.rmse_bins
    );
    say!(
        "  {:<28} {:>9.4} {:>11.4}",
        "new fit",
        result.candidate.log_loss,
        result.candidate.rmse_bins
    );
    say!(
        "  (lower is better; {} reviews scored)",
        result.candidate.reviews
    );
    match &result.adopted {
        Some(parameters) => {
            store.set_parameters(parameters, clock.now())?;
            say!(
                "The new fit predicts better: refitted on all your reviews and saved. Drills use it from now on."
            );
        }
        None => say!("The new fit does not predict better, so {current_name} stay."),
    }
    Ok(ExitCode::SUCCESS)
}

fn restore(dir: PathBuf, backup: Option<&str>, yes: bool) -> Result<ExitCode> {
    let backups = crate::store::backup::list(&dir)?;
    let Some(name) = backup else {
        if backups.is_empty() {
            say!(
                "No backups yet. codedrill makes one before each import, deck removal, restore and upgrade, in {}.",
                crate::store::backup::dir(&dir).display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        say!(
            "Backups in {} (newest first):",
            crate::store::backup::dir(&dir).display()
        );
        for path in &backups {
            let size = std::fs::metadata(path).map_or(0, |m| m.len());
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            say!("  {name}  {:.1} MB", size as f64 / 1_000_000.0);
        }
        say!("Bring one back with: codedrill restore NAME (or: codedrill restore latest)");
        return Ok(ExitCode::SUCCESS);
    };
    let path = match name {
        "latest" => backups
            .first()
            .cloned()
            .context("there are no backups to restore")?,
        name if std::path::Path::new(name).exists() => PathBuf::from(name),
        name => crate::store::backup::dir(&dir).join(name),
    };
    if !path.exists() {
        anyhow::bail!(
            "there is no backup {}; `codedrill restore` lists them",
            clean_line(&path.display().to_string())
        );
    }
    crate::store::backup::check(&path)?;
    if !yes {
        say_inline!(
            "Replace your progress with the backup {}? Your progress as it is now is backed up first. Type yes to restore: ",
            path.display()
        );
        io::stdout().flush()?;
        let mut answer = String::new();
        io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim().to_lowercase().as_str(), "yes" | "y") {
            say!("Nothing restored.");
            return Ok(ExitCode::FAILURE);
        }
    }
    let mut store = Store::open(&dir)?;
    let _lock = SessionLock::acquire(&dir)?;
    let before = store.backup("before-restore")?;
    store.restore_from(&path)?;
    drop(store);
    // A backup from before an upgrade is upgraded again now (and copied first, as always).
    Store::open(&dir)?;
    say!(
        "Restored your progress from {}. What you had just before is backed up in {}.",
        path.display(),
        before.display()
    );
    Ok(ExitCode::SUCCESS)
}
