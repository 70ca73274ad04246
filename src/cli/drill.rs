//! The arguments of the commands that drill (drill, cram), and the core's vocabularies as the command line
//! offers them.

use clap::Args;

use codedrill_core::answer::Mode;
use codedrill_core::deck::Direction;
use codedrill_core::export::ReviewLayout;
use codedrill_core::import::OnDuplicate;

use super::values::{MAX_INTERVAL_DAYS, Steps, cards, parse_steps};

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
        /// Type the code with the ICD-10-CM index at hand: /words searches it, =CODE reads the tabular
        Lookup,
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
