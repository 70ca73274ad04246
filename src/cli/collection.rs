//! The arguments of the commands that manage a collection: code sets, decks, cards, imports and exports.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{OnDuplicateArg, ReviewFormatArg};

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
pub(super) fn parse_year(text: &str) -> Result<u16, String> {
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
