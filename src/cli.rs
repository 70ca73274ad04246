//! The command line: what can be typed, and its help text.
//!
//! One concept despite its length: clap's derive keeps every option beside its help text, so the whole
//! command line reads as one declaration (values and command names live in `cli/`).

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use codedrill_core::answer::Mode;
use codedrill_core::deck::Direction;
use codedrill_core::export::ReviewLayout;
use codedrill_core::import::OnDuplicate;

mod command;
mod values;

pub use values::{MAX_CARDS, MAX_INTERVAL_DAYS, Steps};
use values::{cards, parse_steps};

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
        after_help = "Examples:\n  codedrill lookup diabetes kidney        main terms, subterms under them\n  \
        codedrill lookup --code E11.22          the Tabular List entry: notes, children, 7th characters\n\n\
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

#[derive(Debug, Subcommand)]
pub enum CodesetAction {
    /// Read CMS's ICD-10-CM files into your data folder: the order file, the tabular and index XML, or their zips
    Add {
        /// icd10cm_order_YYYY.txt, icd10cm_tabular_YYYY.xml, icd10cm_index_YYYY.xml, or the zip that holds them
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The year of an order file whose name does not say it
        #[arg(long, value_name = "YEAR", value_parser = parse_year)]
        year: Option<u16>,
        /// Install a year older than one already installed
        #[arg(long)]
        force: bool,
    },
    /// List the billable codes that are new, deleted and revised from one installed year to another
    Changes {
        #[arg(value_name = "OLD", value_parser = parse_year)]
        old: u16,
        #[arg(value_name = "NEW", value_parser = parse_year)]
        new: u16,
    },
    /// Move your ICD-10-CM cards to an installed year, and make a deck of its new codes
    Update {
        #[arg(value_name = "YEAR", value_parser = parse_year)]
        year: u16,
        /// Also make a deck of every billable code of that year
        #[arg(long)]
        full: bool,
        /// Move to a year older than the one your cards are on
        #[arg(long)]
        force: bool,
    },
}

/// A fiscal year as typed: `2027` or `FY2027`.
fn parse_year(text: &str) -> Result<u16, String> {
    let digits = text
        .trim()
        .trim_start_matches("FY")
        .trim_start_matches("fy");
    digits
        .parse()
        .ok()
        .filter(|y| codedrill_core::codeset::is_fiscal_year(*y))
        .ok_or_else(|| format!("'{text}' is not an ICD-10-CM fiscal year such as 2027 or FY2027"))
}

#[derive(Debug, Clone, Args)]
pub struct CramArgs {
    /// Practise only this deck (repeat for several) [default: every deck]
    #[arg(long = "deck", short = 'd', value_name = "NAME")]
    pub decks: Vec<String>,

    /// Only cards with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

    /// How many cards at most
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = cards(1))]
    pub limit: usize,

    /// Which side to answer: code, meaning, both, or auto
    #[arg(long, value_enum, value_name = "WHICH", default_value_t = DirectionArg::Auto)]
    pub direction: DirectionArg,

    /// How to answer: type, choice or flip
    #[arg(long, value_enum, value_name = "HOW", default_value_t = ModeArg::Type)]
    pub mode: ModeArg,

    /// Stop after this many minutes
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub minutes: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum DecksAction {
    /// Set a deck aside: plain `codedrill`, the trial, stats and report leave it out; progress is kept
    #[command(
        after_help = "`codedrill drill --deck NAME` still drills a hidden deck; `codedrill decks show NAME` \
        brings it back."
    )]
    Hide {
        /// The deck's name, as `codedrill decks` lists it
        name: String,
    },
    /// Bring a hidden deck back into plain `codedrill`, the trial, stats and report
    Show {
        /// The deck's name, as `codedrill decks` lists it
        name: String,
    },
    /// Delete a deck you imported, with its cards and their review history
    Remove {
        /// The deck's name
        name: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  codedrill cards E11.65                  a card by its code (e1165 finds it too)\n  \
        codedrill cards E11                     every E11 code\n  \
        codedrill cards --deck billing denial   words of the descriptions, in one deck\n  \
        codedrill cards suspend hcpcs:J1100     set one card aside (unsuspend brings it back)\n  \
        codedrill cards edit my-deck:HTN --description \"Essential hypertension\"\n\n\
        To look for the word suspend or edit, put -- before it: codedrill cards -- edit"
)]
pub struct CardsArgs {
    #[command(subcommand)]
    pub action: Option<CardsAction>,

    /// Only this deck's cards (repeat for several) [default: every deck, hidden ones too]
    #[arg(long = "deck", short = 'd', value_name = "NAME")]
    pub decks: Vec<String>,

    /// Write the cards as JSON (schema in docs/json.md)
    #[arg(long)]
    pub json: bool,

    /// A code (E11.65, e1165, or its start: E11), words of the descriptions, or a tag [default: every card]
    #[arg(value_name = "SEARCH")]
    pub search: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum CardsAction {
    /// Set a card aside: it stays out of drills and practice, with its progress kept
    Suspend {
        /// The card, as DECK:KEY (as `codedrill cards` lists it, e.g. hcpcs:J1100)
        #[arg(value_name = "DECK:KEY")]
        card: String,
    },
    /// Bring back a suspended card (a leech too)
    Unsuspend {
        /// The card, as DECK:KEY (as `codedrill cards` lists it, e.g. hcpcs:J1100)
        #[arg(value_name = "DECK:KEY")]
        card: String,
    },
    /// Correct a card of a deck you imported; its progress is kept (built-in cards cannot be edited)
    #[command(
        after_help = "A later `codedrill import` of the deck's file gives the card the file's text again: \
        fix the file too, or write the deck out with `codedrill export deck NAME -o FILE`."
    )]
    Edit(EditArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("fields").required(true).multiple(true)))]
pub struct EditArgs {
    /// The card, as DECK:KEY (as `codedrill cards` lists it)
    #[arg(value_name = "DECK:KEY")]
    pub card: String,

    /// The new description (what the code is asked from)
    #[arg(long, value_name = "TEXT", group = "fields")]
    pub description: Option<String>,

    /// The new note, shown after the answer ("" removes it)
    #[arg(long, value_name = "TEXT", group = "fields")]
    pub note: Option<String>,

    /// Other accepted answers, separated by ; ("" removes them)
    #[arg(long, value_name = "TEXT", group = "fields")]
    pub aliases: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import
    pub file: PathBuf,

    /// The deck to import into [default: the file's #deck header, deck column, or name]
    #[arg(long, value_name = "NAME")]
    pub deck: Option<String>,

    /// Check the file and show what would change, without writing anything
    #[arg(long)]
    pub dry_run: bool,

    /// What to do with a card whose code (or id) is already in the deck, or on an earlier row with other
    /// text [default: update cards in the deck; refuse a file whose rows disagree]
    #[arg(long, value_enum, value_name = "WHAT")]
    pub on_duplicate: Option<OnDuplicateArg>,

    /// The separator between fields: comma, semicolon, tab, pipe, space, colon, or any text (as in
    /// Quizlet's "Custom" box) [default: the file's #separator header, or what the rows agree on]
    #[arg(long, value_name = "SEP", allow_hyphen_values = true)]
    pub separator: Option<String>,

    /// The separator between rows, for a Quizlet export made with one of its own: semicolon, newline, or
    /// any text [default: a new line]
    #[arg(long, value_name = "SEP", allow_hyphen_values = true)]
    pub row_separator: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// A deck in codedrill's CSV format (it imports back unchanged), or for Anki and AnkiDroid
    #[command(after_help = "Examples:\n  \
        codedrill export deck billing -o billing.csv\n  \
        codedrill export deck word-parts --format anki -o word-parts.txt\n\n\
        The second is for Anki or AnkiDroid (File > Import there; the steps are in the README). Both \
        import back into codedrill unchanged.")]
    Deck {
        /// The deck's name
        name: String,
        /// csv: codedrill's deck format; anki: Anki's "Notes in Plain Text" (Basic notes, or Basic and
        /// reversed for a deck you drill both ways)
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = DeckFormatArg::Csv)]
        format: DeckFormatArg,
        #[command(flatten)]
        out: Output,
    },
    /// The review log: for the FSRS optimizer (the default), or readable with every column
    #[command(after_help = "Examples:\n  \
        codedrill export reviews -o revlog.csv\n  \
        codedrill export reviews --format readable -o reviews.csv\n\n\
        The first is what the FSRS optimizer reads (python -m fsrs_optimizer revlog.csv); the second \
        opens in a spreadsheet. The layouts are in docs/deck-format.md.")]
    Reviews {
        /// Only this deck's reviews (repeat for several) [default: every deck]
        #[arg(long = "deck", value_name = "NAME")]
        decks: Vec<String>,
        /// fsrs: card_id, review_time (ms), review_rating, review_state, review_duration, as the FSRS
        /// optimizer reads them; readable: every column, with dates and times
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ReviewFormatArg::Fsrs)]
        format: ReviewFormatArg,
        #[command(flatten)]
        out: Output,
    },
}

/// The formats a deck is exported in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DeckFormatArg {
    /// codedrill's deck format, every column (docs/deck-format.md).
    Csv,
    /// Anki's "Notes in Plain Text", for Anki and AnkiDroid.
    Anki,
}

#[derive(Debug, Args)]
pub struct Output {
    /// Write to this file [default: standard output]
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, PartialEq, Args)]
pub struct DrillArgs {
    /// Drill only this deck (repeat for several) [default: every deck]
    #[arg(long = "deck", short = 'd', value_name = "NAME")]
    pub decks: Vec<String>,

    /// Which side to answer: code (from the description), meaning (from the code), both, or auto (each
    /// card's usual side)
    #[arg(long, value_enum, value_name = "WHICH", default_value_t = DirectionArg::Auto)]
    pub direction: DirectionArg,

    /// How to answer: type it, pick from four choices, or flip and grade yourself
    #[arg(long, value_enum, value_name = "HOW", default_value_t = ModeArg::Type)]
    pub mode: ModeArg,

    /// New cards to introduce per day
    #[arg(long = "new", value_name = "N", default_value_t = 20, value_parser = cards(0))]
    pub new_per_day: usize,

    /// Reviews to do per day at most
    #[arg(long = "reviews", value_name = "N", default_value_t = 200, value_parser = cards(0))]
    pub reviews_per_day: usize,

    /// Stop after this many minutes
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub minutes: Option<u32>,

    /// How likely you want to be to recall a card when it comes back (0.70 to 0.99)
    #[arg(long, value_name = "R", default_value_t = 0.9)]
    pub retention: f32,

    /// Learning steps for new cards, e.g. "1m 10m"
    #[arg(long, value_name = "STEPS", default_value = "1m 10m", value_parser = parse_steps)]
    pub learning_steps: Steps,

    /// Relearning steps for forgotten cards, e.g. "10m"
    #[arg(long, value_name = "STEPS", default_value = "10m", value_parser = parse_steps)]
    pub relearning_steps: Steps,

    /// The longest interval a card may get, in days (at most 36500, a hundred years)
    #[arg(long, value_name = "DAYS", default_value_t = MAX_INTERVAL_DAYS, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_INTERVAL_DAYS)))]
    pub max_interval: u32,

    /// Give every card its exact interval instead of spreading them over nearby days
    #[arg(long)]
    pub no_fuzz: bool,
}

/// The core's vocabularies as the command line offers them (the core knows nothing of clap); each turns
/// into its core twin with `From`.
macro_rules! value_enum_twin {
    ($(#[$doc:meta])* $arg:ident => $core:ident { $($(#[$vdoc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
        pub enum $arg {
            $($(#[$vdoc])* $variant),+
        }

        impl From<$arg> for $core {
            fn from(arg: $arg) -> $core {
                match arg {
                    $($arg::$variant => $core::$variant),+
                }
            }
        }
    };
}

value_enum_twin! {
    /// Which sides of the cards a drill asks.
    DirectionArg => Direction {
        /// Each card's usual side: codes from descriptions, meanings of terms and abbreviations.
        Auto,
        /// Shown the description, type the code (terms too: shown the meaning, type the term).
        Code,
        /// Shown the code, type its meaning.
        Meaning,
        /// Both, as two cards with their own schedules, never both on the same day.
        Both,
    }
}

value_enum_twin! {
    /// How a card is answered.
    ModeArg => Mode {
        /// Type the answer (codes exactly, meanings as text).
        Type,
        /// Pick the answer from four near options.
        Choice,
        /// See the card, reveal the answer, grade yourself (as in Anki).
        Flip,
    }
}

value_enum_twin! {
    /// The layouts the review log is exported in.
    ReviewFormatArg => ReviewLayout {
        /// The five columns the FSRS optimizer reads, times in milliseconds.
        Fsrs,
        /// Every column, times in RFC 3339.
        Readable,
    }
}

value_enum_twin! {
    /// What to do with a card whose key is already in the deck.
    OnDuplicateArg => OnDuplicate {
        /// Change the card's text and keep its schedule and history.
        Update,
        /// Leave the card as it is.
        Skip,
        /// Add another card with the same code.
        Add,
    }
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
