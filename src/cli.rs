//! The command line: what can be typed, and its help text.
//!
//! clap's derive keeps every option beside its help text. This file holds the top level (global options and
//! the list of commands); the arguments of the drilling commands are in `cli/drill.rs`, those that manage
//! a collection in `cli/collection.rs`, value parsers in `cli/values.rs`, command names in `cli/command.rs`.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

mod collection;
mod command;
mod drill;
mod values;

use collection::parse_year;
pub use collection::{
    CardsAction, CardsArgs, CodesetAction, DeckFormatArg, DecksAction, EditArgs, ExportWhat,
    ImportArgs, Output,
};
pub use drill::{CramArgs, DirectionArg, DrillArgs, ModeArg, OnDuplicateArg, ReviewFormatArg};
pub use values::{MAX_CARDS, MAX_INTERVAL_DAYS, Steps};

#[derive(Debug, Parser)]
#[command(
    name = "codedrill",
    version,
    about = "Drill medical codes with spaced repetition, and find out whether coding suits you.",
    long_about = "Drill medical codes with spaced repetition (FSRS-6), and find out whether coding suits you.\n\n\
        Run with no command to drill every deck: type the code for each description, or the meaning of \
        each term. Every answer is saved the moment it is judged.",
    after_help = "Examples:\n  codedrill                        drill everything that is due\n  \
        codedrill drill --deck billing   drill one deck\n  codedrill decks                  list the decks\n  \
        codedrill drill --mode choice    pick from four near options\n  \
        codedrill cram --tag diabetes    practise without touching the schedule\n  \
        codedrill trial                  the guided first step (15 minutes, then 1- and 3-day checks)\n  \
        codedrill report                 does coding suit you? your evidence so far\n  \
        codedrill import my-deck.csv     add your own deck\n  \
        codedrill codeset                move to this year's ICD-10-CM codes\n  \
        codedrill about                  where the codes come from"
)]
pub struct Cli {
    /// Where progress is kept [default: the platform's data directory, e.g. ~/.local/share/codedrill]
    #[arg(long, global = true, env = "CODEDRILL_HOME", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub drill: DrillArgs,
}

/// Reads the command line, exiting with clap's message when it is wrong.
///
/// The drill's options stand at the top level too (plain `codedrill --deck billing`), so clap alone would
/// take `codedrill --deck billing stats` and quietly drop the `--deck`. clap's own guard,
/// `args_conflicts_with_subcommands`, also refuses the global `--data-dir` before a command (clap
/// issue 6160), so the check is made here instead.
pub fn parse() -> Cli {
    let mut command = Cli::command();
    let matches = command.get_matches_mut();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command).exit());
    let Some(name) = matches.subcommand_name() else {
        return cli;
    };
    let misplaced = command.get_arguments().find(|arg| {
        !arg.is_global_set()
            && matches.value_source(arg.get_id().as_str()) == Some(ValueSource::CommandLine)
    });
    if let Some(arg) = misplaced {
        let option = arg.get_long().unwrap_or_else(|| arg.get_id().as_str());
        command
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                format!(
                    "--{option} comes before `{name}`; options go after the command's name, \
                     as in `codedrill {name} --{option} ...`"
                ),
            )
            .exit();
    }
    cli
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Drill the cards that are due (what plain `codedrill` does)
    Drill(DrillArgs),
    /// List the decks with their new, learning and due cards; hide, show or remove one
    Decks {
        #[command(subcommand)]
        action: Option<DecksAction>,
    },
    /// Find cards by code, words or tag: when due, how they went; suspend or edit one
    Cards(CardsArgs),
    /// Your figures: today, cards by state, true retention, the forecast, time and streaks, per deck
    Stats {
        /// Only this deck (repeat for several) [default: every deck]
        #[arg(long = "deck", short = 'd', value_name = "NAME")]
        decks: Vec<String>,
        /// Write the figures as JSON (schema in docs/json.md)
        #[arg(long)]
        json: bool,
    },
    /// The fit report: does memorizing and applying codes suit you, and coder or biller?
    Report {
        /// Write the report as JSON (schema in docs/json.md)
        #[arg(long, conflicts_with = "html")]
        json: bool,
        /// Write the report with its charts as one HTML page that opens offline
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Replace the HTML file if it exists
        #[arg(long, requires = "html")]
        force: bool,
    },
    /// The guided first step: a 15-minute mixed session, then checks after 1 and 3 days
    Trial,
    /// Fit your personal FSRS parameters from your reviews (kept only if they predict better)
    Optimize {
        /// Go back to the default parameters
        #[arg(long)]
        reset: bool,
    },
    /// Practise without changing the schedule (the answers are logged as practice)
    Cram(CramArgs),
    /// List the leeches (cards forgotten 8 times, set aside), or bring them back
    Leeches {
        /// Bring back one leech, named DECK:KEY as the list shows it
        #[arg(long, value_name = "DECK:KEY", conflicts_with = "unsuspend_all")]
        unsuspend: Option<String>,
        /// Bring back every leech
        #[arg(long)]
        unsuspend_all: bool,
    },
    /// Import a deck from CSV, TSV, an Anki text export or a Quizlet export
    #[command(after_help = "Examples:\n  codedrill import my-codes.csv\n  \
        codedrill import anki-export.txt --deck cardiology --dry-run\n  \
        codedrill import quizlet.txt --on-duplicate skip\n\n\
        The format is in docs/deck-format.md; problems are listed as FILE:LINE: what to fix.")]
    Import(ImportArgs),
    /// Export a deck (CSV, or for Anki), or the review log (for the FSRS optimizer or a spreadsheet)
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// List the backups of your progress, or bring one back
    Restore {
        /// The backup to bring back: a name from the list, a path, or `latest`
        backup: Option<String>,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Check your progress database for damage, thoroughly (it changes nothing)
    Check,
    /// Where the codes come from, their versions, and the licensing notice
    About,
    /// Look a condition up in the ICD-10-CM Alphabetic Index, or a code in the Tabular List
    #[command(
        after_help = "Examples:\n  codedrill lookup diabetes kidney         main terms, subterms under them\n  \
        codedrill lookup --follow 1 nephropathy  where the see or see also numbered [1] leads\n  \
        codedrill lookup --code E11.22           the Tabular List entry: notes, children, 7th characters\n\n\
        Add the year's \"Code Tables, Tabular and Index\" zip first: codedrill codeset add FILE."
    )]
    Lookup {
        /// The words to look up, in any order
        #[arg(
            value_name = "WORDS",
            required_unless_present = "code",
            conflicts_with = "code"
        )]
        words: Vec<String>,
        /// Follow the see or see also numbered N in the answer (again to follow the next one)
        #[arg(long, value_name = "N", conflicts_with = "code")]
        follow: Vec<usize>,
        /// Show this code's Tabular List entry instead
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
        /// The year to read [default: the newest installed]
        #[arg(long, value_name = "YEAR", value_parser = parse_year)]
        year: Option<u16>,
        /// Write the answer as JSON
        #[arg(long)]
        json: bool,
    },
    /// New ICD-10-CM years from CMS's files: see what changed, move your cards
    #[command(
        after_help = "Examples:\n  codedrill codeset                         the years installed, and your cards' year\n  \
        codedrill codeset add 2027-code-descriptions-tabular-order.zip\n  \
        codedrill codeset changes 2026 2027       new, deleted and revised codes\n  \
        codedrill codeset update 2027             move your ICD-10-CM cards to FY2027\n\n\
        The files are free from CMS and CDC each year; the README's \"A new code year\" has the steps."
    )]
    Codeset {
        #[command(subcommand)]
        action: Option<CodesetAction>,
    },
    /// Print the tab-completion script for a shell (bash, zsh, fish, powershell, elvish)
    #[command(after_help = "Install it where your shell looks for completions:\n  \
        bash        codedrill completions bash > ~/.local/share/bash-completion/completions/codedrill\n  \
        zsh         codedrill completions zsh > ~/.zfunc/_codedrill\n              \
        (with fpath+=~/.zfunc before compinit in ~/.zshrc)\n  \
        fish        codedrill completions fish > ~/.config/fish/completions/codedrill.fish\n  \
        powershell  codedrill completions powershell >> $PROFILE\n  \
        elvish      codedrill completions elvish >> ~/.config/elvish/rc.elv\n\n\
        Then open a new terminal. The .deb package installs them for bash, zsh and fish already.")]
    Completions {
        /// The shell to complete in
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) with every command, for packagers: codedrill man > codedrill.1
    #[command(hide = true)]
    Man,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
