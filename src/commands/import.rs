//! `codedrill import FILE`: a deck from CSV, TSV, an Anki text export or a Quizlet export. The file is
//! read and checked whole before the database is opened; the writes are one transaction.

use std::io::{self, IsTerminal, Read as _, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::Context;
use crate::builtin::BUILTIN;
use crate::cli::ImportArgs;
use crate::store::{ImportDeck, SyncCounts, SyncMode};
use codedrill_core::deck::{CardContent, Problem, Role, System, name_form, name_key};
use codedrill_core::import::{
    Kind, MAX_FILE_BYTES, MAX_PROBLEMS_SHOWN, OnDuplicate, Options, Parsed, ParsedDeck, Separator,
};
use codedrill_core::sanitize::{clean_line, clean_path};
use codedrill_core::words::plural;

/// A megabyte as the limit counts it (the limit is 100 of them).
const MB: usize = 1024 * 1024;

/// Below this many cards an import is too quick for a progress line.
const PROGRESS_FROM_CARDS: usize = 10_000;

pub(super) fn run(ctx: &mut Context, args: &ImportArgs) -> Result<ExitCode> {
    // A wrong clock override is reported before anything about the file.
    ctx.clock()?;
    // The file's name is printed in every message: it may hold anything a file name can.
    let shown = clean_path(&args.file);
    let parsed = read(&args.file, &shown, &options(args)?)?;
    for note in &parsed.notes {
        eprintln!("note: {shown}: {}", clean_line(note));
    }
    let rows = parsed.rows;
    let (mut decks, skipped) = into_decks(parsed.decks, args)?;
    let (store, clock) = ctx.store_and_clock()?;
    for deck in &mut decks {
        // Into the deck already there whatever the case of the name: `cardio` goes into `Cardio`.
        if let Some(info) = store.deck_info(&deck.name)? {
            deck.name = info.name;
        }
    }
    let backup = if args.dry_run {
        None
    } else {
        Some(store.backup("before-import")?)
    };
    let total: usize = decks.iter().map(|d| d.cards.len()).sum();
    let show_progress = io::stderr().is_terminal() && total >= PROGRESS_FROM_CARDS;
    let mut progress = |done: usize| {
        if show_progress {
            eprint!("\rImporting... {done} of {total} cards");
        }
    };
    let on_duplicate = args.on_duplicate.map_or(OnDuplicate::Update, Into::into);
    let mut counts = store.import_decks(
        &decks,
        SyncMode::Merge(on_duplicate),
        args.dry_run,
        clock.now(),
        &mut progress,
    )?;
    if show_progress {
        eprint!("\r{:60}\r", "");
    }
    for (count, skipped) in counts.iter_mut().zip(skipped) {
        count.skipped += skipped;
    }
    if args.dry_run {
        say!(
            "Dry run: {shown} is fine ({}); nothing was written.",
            plural(rows as i64, "card")
        );
    }
    tell(&shown, args.dry_run, &decks, &counts)?;
    if let Some(path) = &backup {
        say!(
            "Your progress from before the import is backed up in {}.",
            clean_path(path)
        );
    }
    if !args.dry_run
        && let Some(deck) = decks.first()
    {
        say!(
            "Drill it with: codedrill drill --deck {}",
            quote_arg(&deck.name)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// How the command line asks for the file to be read.
fn options(args: &ImportArgs) -> Result<Options> {
    let separator = Separator::from_args(args.separator.as_deref(), args.row_separator.as_deref())
        .map_err(anyhow::Error::msg)?;
    let kind = args
        .file
        .extension()
        .map(|e| Kind::from_extension(&e.to_string_lossy()))
        .unwrap_or_default();
    Ok(Options {
        duplicates: args.on_duplicate.map(Into::into),
        kind,
        separator,
        deck: args.deck.clone(),
    })
}

/// The file read and parsed; its problems, if any, listed on standard error as FILE:LINE: message.
fn read(file: &Path, shown: &str, options: &Options) -> Result<Parsed> {
    let too_big = |size: String| {
        anyhow::anyhow!(
            "{shown} is {size}than the {} MB codedrill reads; split it into smaller files",
            MAX_FILE_BYTES / MB
        )
    };
    let meta = std::fs::metadata(file)
        .with_context(|| format!("cannot read {shown}; check the file's name and place"))?;
    if meta.is_dir() {
        let numbers = file.extension().is_some_and(|e| e == "numbers");
        anyhow::bail!(
            "{shown} is a folder, not a file; {}",
            if numbers {
                "this Numbers document must be exported first: in Numbers use File > Export To > CSV, \
                 then import that file"
            } else {
                "give the deck file inside it"
            }
        );
    }
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(too_big(format!("{} MB, more ", meta.len() / MB as u64)));
    }
    // A device or a pipe says nothing of its size (/dev/zero never ends): read one byte past the limit.
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .with_context(|| format!("cannot read {shown}"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_big("longer ".into()));
    }
    // The cards own their text; the file's bytes are not kept while writing.
    match codedrill_core::import::parse_with(&bytes, options) {
        Ok(parsed) => Ok(parsed),
        Err(problems) => {
            list_problems(shown, &problems)?;
            anyhow::bail!(
                "{shown} has {}; nothing was imported. Fix {} and import again",
                plural(problems.len() as i64, "problem"),
                if problems.len() == 1 { "it" } else { "them" }
            );
        }
    }
}

fn list_problems(shown: &str, problems: &[Problem]) -> Result<()> {
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
    Ok(())
}

/// The parsed cards gathered into named decks: `--deck`, else the name the file gives, else one made
/// from the file's name. A name taken by a built-in deck gets " (imported)". Returns, beside each deck,
/// how many of the file's rows were skipped as repeats of an earlier row's key (`--on-duplicate skip`).
fn into_decks(parsed: Vec<ParsedDeck>, args: &ImportArgs) -> Result<(Vec<ImportDeck>, Vec<usize>)> {
    let default_name = args
        .deck
        .clone()
        .unwrap_or_else(|| deck_name_from_path(&args.file));
    let mut decks: Vec<ImportDeck> = Vec::new();
    let mut skipped: Vec<usize> = Vec::new();
    for deck in parsed {
        let name = apart_from_builtin(check_deck_name(
            deck.name.as_ref().unwrap_or(&default_name),
        )?);
        match decks
            .iter()
            .position(|d| name_key(&d.name) == name_key(&name))
        {
            Some(i) => {
                decks[i].cards.extend(deck.cards);
                skipped[i] += deck.skipped;
            }
            None => {
                decks.push(ImportDeck {
                    role: guess_role(&deck.cards),
                    source_path: std::fs::canonicalize(&args.file)
                        .unwrap_or_else(|_| args.file.clone())
                        .display()
                        .to_string(),
                    name,
                    cards: deck.cards,
                });
                skipped.push(deck.skipped);
            }
        }
    }
    Ok((decks, skipped))
}

/// Anki decks are often called "Abbreviations" or "Billing": keep them apart from ours.
fn apart_from_builtin(name: String) -> String {
    let key = name_key(&name);
    if !BUILTIN.iter().any(|b| name_key(b.name) == key) {
        return name;
    }
    let renamed = format!("{name} (imported)");
    eprintln!("note: '{name}' is the name of a built-in deck; these cards go into '{renamed}'.");
    renamed
}

/// One line a deck: what was (or, in a dry run, would be) added, updated, left and skipped.
fn tell(shown: &str, dry_run: bool, decks: &[ImportDeck], counts: &[SyncCounts]) -> Result<()> {
    let verb = if dry_run {
        "would change"
    } else {
        "imported into"
    };
    let mut out = io::stdout().lock();
    for (deck, c) in decks.iter().zip(counts) {
        writeln!(
            out,
            "{shown} {verb} deck '{}': {} added, {} updated, {} unchanged, {} skipped.",
            clean_line(&deck.name),
            c.added,
            c.updated,
            c.unchanged,
            c.skipped
        )?;
        if c.edits_ended > 0 {
            writeln!(
                out,
                "{} you edited with `codedrill cards edit` {} the file's text again: the file wins.",
                plural(c.edits_ended as i64, "card"),
                if dry_run { "would take" } else { "took" }
            )?;
        }
    }
    Ok(())
}

/// A deck name from a file name: `Cardiology Terms.csv` becomes `cardiology-terms`.
fn deck_name_from_path(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug: String = stem
        .chars()
        .flat_map(|c| {
            let c = if c.is_alphanumeric() { c } else { '-' };
            c.to_lowercase()
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

/// A deck name as it is kept: cleaned, on one line, composed (NFC), 1 to 64 characters.
fn check_deck_name(name: &str) -> Result<String> {
    let name = name_form(&clean_line(name.trim()));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deck_names_come_from_file_names() {
        assert_eq!(
            deck_name_from_path(Path::new("dir/Cardiology Terms.csv")),
            "cardiology-terms"
        );
        assert_eq!(deck_name_from_path(Path::new("--.csv")), "imported");
        assert_eq!(
            deck_name_from_path(Path::new("My_Deck (2).txt")),
            "my-deck-2"
        );
    }

    #[test]
    fn deck_names_are_one_to_sixty_four_characters() {
        assert_eq!(check_deck_name("  mine ").unwrap(), "mine");
        assert!(check_deck_name("   ").is_err());
        assert!(check_deck_name(&"x".repeat(65)).is_err());
        assert_eq!(check_deck_name(&"x".repeat(64)).unwrap().len(), 64);
    }

    #[test]
    fn names_are_quoted_as_a_shell_needs() {
        assert_eq!(quote_arg("word-parts_2.0"), "word-parts_2.0");
        assert_eq!(quote_arg("my deck"), "'my deck'");
        assert_eq!(quote_arg("it's"), "'it'\\''s'");
    }

    #[test]
    fn the_role_is_what_most_cards_are() {
        let cards = |systems: &[System]| -> Vec<CardContent> {
            systems
                .iter()
                .map(|&s| CardContent::new("A1", "one", s))
                .collect()
        };
        assert_eq!(
            guess_role(&cards(&[System::Billing, System::Billing, System::Term])),
            Role::Billing
        );
        assert_eq!(
            guess_role(&cards(&[System::Term, System::Abbreviation, System::IcdCm])),
            Role::Terminology
        );
        assert_eq!(
            guess_role(&cards(&[System::IcdCm, System::Hcpcs, System::Term])),
            Role::Coding
        );
        assert_eq!(
            guess_role(&cards(&[System::IcdCm, System::Billing])),
            Role::Other
        );
    }
}
