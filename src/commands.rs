//! One function per command: each opens what it needs (clock, store, terminal) and hands the work to the
//! core modules.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, CramArgs, DecksAction, DrillArgs, ExportWhat, ImportArgs, Output};
use crate::clock::{self, Clock};
use crate::deck::{BUILTIN, CardContent, Role, System};
use crate::drill::{self, Drill, Tally};
use crate::import::MAX_PROBLEMS_SHOWN;
use crate::sanitize::clean_line;
use crate::schedule::Settings;
use crate::store::{ImportDeck, SessionLock, Store, SyncMode};
use crate::style::Style;

/// The exit code after Ctrl-C, as shells expect (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let dir = data_dir(&cli)?;
    match cli.command {
        None => drill(dir, &cli.drill),
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
    session(dir, &args.decks, |decks| drill::Options {
        decks,
        direction: args.direction,
        mode: args.mode,
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
        direction: args.direction,
        mode: args.mode,
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
    if options.cram.is_none() {
        let forecast = store.due_forecast(&options.decks, clock::study_day(clock.now()), 2)?;
        if tally.answered > 0 && forecast[1] > 0 {
            println!(
                "Tomorrow: {} due.",
                crate::style::plural(forecast[1], "card")
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
    if size > crate::import::MAX_FILE_BYTES as u64 {
        anyhow::bail!(
            "{shown} is {} MB, more than the {} MB codedrill reads; split it into smaller files",
            size / 1_000_000,
            crate::import::MAX_FILE_BYTES / 1_000_000
        );
    }
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {shown}"))?;
    let parsed = crate::import::parse(&bytes);
    // The cards own their text now; the file's bytes are not needed while writing.
    drop(bytes);
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(problems) => {
            let mut err = io::stderr().lock();
            for p in problems.iter().take(MAX_PROBLEMS_SHOWN) {
                writeln!(err, "{shown}:{}: {}", p.line, clean_line(&p.message))?;
            }
            if problems.len() > MAX_PROBLEMS_SHOWN {
                writeln!(err, "... and {} more", problems.len() - MAX_PROBLEMS_SHOWN)?;
            }
            anyhow::bail!(
                "{shown} has {}; nothing was imported. Fix {} and import again",
                crate::style::plural(problems.len() as i64, "problem"),
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
    let total: usize = decks.iter().map(|d| d.cards.len()).sum();
    let show_progress = io::stderr().is_terminal() && total >= 10_000;
    let mut progress = |done: usize| {
        if show_progress {
            eprint!("\rImporting... {done} of {total} cards");
        }
    };
    let counts = store.import_decks(
        &decks,
        SyncMode::Merge(args.on_duplicate),
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
            write_output(&out, |w| crate::export::write_deck(w, &cards))?;
            report_written(&out, &crate::style::plural(cards.len() as i64, "card"));
        }
        ExportWhat::Reviews { decks, out } => {
            let ids = if decks.is_empty() {
                store.all_deck_ids()?
            } else {
                store.deck_ids(&decks)?
            };
            let mut n = 0;
            write_output(&out, |w| {
                let mut writer = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::Any(b'\n'))
                    .from_writer(w);
                writer.write_record(crate::export::REVIEW_COLUMNS)?;
                store.for_each_review(&ids, &mut |row| {
                    writer.write_record(
                        row.iter()
                            .map(|c| crate::export::neutralize(c).into_owned()),
                    )?;
                    n += 1;
                    Ok(())
                })?;
                writer.flush()?;
                Ok(())
            })?;
            report_written(&out, &crate::style::plural(n, "review"));
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
        print!(
            "Delete the deck '{shown}' with {} and {} of progress? This cannot be undone. Type yes to delete: ",
            crate::style::plural(info.cards, "card"),
            crate::style::plural(info.reviews, "review")
        );
        io::stdout().flush()?;
        let mut answer = String::new();
        io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim().to_lowercase().as_str(), "yes" | "y") {
            println!("Nothing deleted.");
            return Ok(ExitCode::FAILURE);
        }
    }
    store.remove_deck(info.id)?;
    println!("Deleted the deck '{shown}'.");
    Ok(ExitCode::SUCCESS)
}

fn leeches(dir: PathBuf, unsuspend: Option<&str>, all: bool) -> Result<ExitCode> {
    let clock = Clock::from_env()?;
    let mut store = open(&dir, &clock)?;
    if all {
        let n = store.unsuspend_leeches(None)?;
        println!("Brought back {}.", crate::style::plural(n as i64, "leech"));
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
                println!(
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
            drill::LEECH_LAPSES
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} forgotten {} times or more, set aside:",
        crate::style::plural(leeches.len() as i64, "card"),
        drill::LEECH_LAPSES
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
