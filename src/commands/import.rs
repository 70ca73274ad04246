//! `codedrill import FILE`: a deck from CSV, TSV, an Anki text export or a Quizlet export. The file is
//! read and checked whole before the database is opened; the writes are one transaction.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::Context;
use crate::builtin::BUILTIN;
use crate::cli::ImportArgs;
use crate::store::{ImportDeck, SyncCounts, SyncMode};
use codedrill_core::deck::{CardContent, Problem, Role, System};
use codedrill_core::import::{MAX_FILE_BYTES, MAX_PROBLEMS_SHOWN, Parsed};
use codedrill_core::sanitize::clean_line;
use codedrill_core::words::plural;

/// Below this many cards an import is too quick for a progress line.
const PROGRESS_FROM_CARDS: usize = 10_000;

pub(super) fn run(ctx: &mut Context, args: &ImportArgs) -> Result<ExitCode> {
    // A wrong clock override is reported before anything about the file.
    ctx.clock()?;
    let shown = args.file.display().to_string();
    let parsed = read(&args.file, &shown)?;
    let decks = into_decks(parsed.decks, args)?;
    let (store, clock) = ctx.store_and_clock()?;
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
    if args.dry_run {
        say!(
            "Dry run: {shown} is fine ({}); nothing was written.",
            plural(parsed.rows as i64, "card")
        );
    }
    tell(&shown, args.dry_run, &decks, &counts)?;
    if let Some(path) = &backup {
        say!(
            "Your progress from before the import is backed up in {}.",
            path.display()
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

/// The file read and parsed; its problems, if any, listed on standard error as FILE:LINE: message.
fn read(file: &Path, shown: &str) -> Result<Parsed> {
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read {shown}; check the file's name and place"))?
        .len();
    if size > MAX_FILE_BYTES as u64 {
        anyhow::bail!(
            "{shown} is {} MB, more than the {} MB codedrill reads; split it into smaller files",
            size / 1_000_000,
            MAX_FILE_BYTES / 1_000_000
        );
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {shown}"))?;
    // The cards own their text; the file's bytes are not kept while writing.
    match codedrill_core::import::parse(&bytes) {
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
/// from the file's name. A name taken by a built-in deck gets " (imported)".
fn into_decks(
    parsed: Vec<(Option<String>, Vec<CardContent>)>,
    args: &ImportArgs,
) -> Result<Vec<ImportDeck>> {
    let default_name = args
        .deck
        .clone()
        .unwrap_or_else(|| deck_name_from_path(&args.file));
    let mut decks: Vec<ImportDeck> = Vec::new();
    for (named, cards) in parsed {
        let name = match (&args.deck, named) {
            (Some(forced), _) => forced.clone(),
            (None, Some(named)) => named,
            (None, None) => default_name.clone(),
        };
        let name = apart_from_builtin(check_deck_name(&name)?);
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
    Ok(decks)
}

/// Anki decks are often called "Abbreviations" or "Billing": keep them apart from ours.
fn apart_from_builtin(name: String) -> String {
    if !BUILTIN.iter().any(|b| b.name.eq_ignore_ascii_case(&name)) {
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
