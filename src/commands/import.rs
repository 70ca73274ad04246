//! `codedrill import FILE`: a deck from CSV, TSV, an Anki text export or a Quizlet export. The file is
//! read on one thread while its cards are written on another (`stream`), in one transaction that is
//! committed only once the whole file is read without a problem.

use std::io::{self, IsTerminal, Read as _, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use super::Context;
use crate::builtin::BUILTIN;
use crate::cli::ImportArgs;
use crate::store::SyncCounts;
use codedrill_core::deck::{Problem, name_form, name_key};
use codedrill_core::import::{Kind, MAX_FILE_BYTES, MAX_PROBLEMS_SHOWN, Options, Separator};
use stream::Failure;

mod stream;
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
    let options = options(args)?;
    let bytes = read(&args.file, &shown)?;
    let terminal = io::stderr().is_terminal();
    let mut shown_progress = false;
    let mut progress = |done: usize, total: usize| {
        if terminal && total >= PROGRESS_FROM_CARDS {
            eprint!("\rImporting... {done} of about {total} cards");
            shown_progress = true;
        }
    };
    let written = stream::import(ctx, args, bytes, &options, &mut progress);
    if shown_progress {
        eprint!("\r{:60}\r", "");
    }
    let written = match written {
        Ok(written) => written,
        Err(Failure::Refused(problems)) => return Err(refusal(&shown, &problems)?),
        Err(Failure::Error(error, read)) => {
            if let Some(read) = read {
                print_notes(&shown, &read.notes);
            }
            return Err(error);
        }
    };
    print_notes(&shown, &written.read.notes);
    for note in &written.notes {
        eprintln!("note: {note}");
    }
    if args.dry_run {
        say!(
            "Dry run: {shown} is fine ({}); nothing was written.",
            plural(written.read.rows as i64, "card")
        );
    }
    tell(&shown, args.dry_run, &written.decks)?;
    if let Some(path) = &written.backup {
        say!(
            "Your progress from before the import is backed up in {}.",
            clean_path(path)
        );
    }
    if !args.dry_run
        && let Some((name, _)) = written.decks.first()
    {
        say!("Drill it with: codedrill drill --deck {}", quote_arg(name));
    }
    Ok(ExitCode::SUCCESS)
}

fn print_notes(shown: &str, notes: &[String]) {
    for note in notes {
        eprintln!("note: {shown}: {}", clean_line(note));
    }
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

/// The file's bytes, refused if it cannot be read or is too big.
fn read(file: &Path, shown: &str) -> Result<Vec<u8>> {
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
    // Sized to the file, so the buffer is not grown (and its memory not doubled) as it fills.
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_FILE_BYTES as u64) as usize + 1);
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .with_context(|| format!("cannot read {shown}"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_big("longer ".into()));
    }
    Ok(bytes)
}

/// A file's problems listed on standard error as FILE:LINE: message, and the error that ends the command.
fn refusal(shown: &str, problems: &[Problem]) -> Result<anyhow::Error> {
    list_problems(shown, problems)?;
    Ok(anyhow::anyhow!(
        "{shown} has {}; nothing was imported. Fix {} and import again",
        plural(problems.len() as i64, "problem"),
        if problems.len() == 1 { "it" } else { "them" }
    ))
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

/// Anki decks are often called "Abbreviations" or "Billing": keep them apart from ours. Returns the name
/// to use, and the note that says so.
fn apart_from_builtin(name: String) -> (String, Option<String>) {
    let key = name_key(&name);
    if !BUILTIN.iter().any(|b| name_key(b.name) == key) {
        return (name, None);
    }
    let renamed = format!("{name} (imported)");
    let note = format!("'{name}' is the name of a built-in deck; these cards go into '{renamed}'.");
    (renamed, Some(note))
}

/// One line a deck: what was (or, in a dry run, would be) added, updated, left and skipped.
fn tell(shown: &str, dry_run: bool, decks: &[(String, SyncCounts)]) -> Result<()> {
    let verb = if dry_run {
        "would change"
    } else {
        "imported into"
    };
    let mut out = io::stdout().lock();
    for (name, c) in decks {
        writeln!(
            out,
            "{shown} {verb} deck '{}': {} added, {} updated, {} unchanged, {} skipped.",
            clean_line(name),
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
        use codedrill_core::deck::{Role, System};
        let role = |systems: &[System]| {
            let mut tally = stream::RoleTally::default();
            systems.iter().for_each(|&s| tally.add(s));
            tally.role()
        };
        assert_eq!(
            role(&[System::Billing, System::Billing, System::Term]),
            Role::Billing
        );
        assert_eq!(
            role(&[System::Term, System::Abbreviation, System::IcdCm]),
            Role::Terminology
        );
        assert_eq!(
            role(&[System::IcdCm, System::Hcpcs, System::Term]),
            Role::Coding
        );
        assert_eq!(role(&[System::IcdCm, System::Billing]), Role::Other);
    }
}
