//! What the shell needs to know of each command beyond its arguments: its name, for the messages that say
//! which command stopped, and whether it only reads, so it can run on a full disk.

use super::{Command, DecksAction};

impl Command {
    /// The command's name as typed, for messages that say which command stopped.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Drill(_) => "drill",
            Command::Decks { action: None } => "decks",
            Command::Decks {
                action: Some(DecksAction::Remove { .. }),
            } => "decks remove",
            Command::Decks {
                action: Some(DecksAction::Hide { .. }),
            } => "decks hide",
            Command::Decks {
                action: Some(DecksAction::Show { .. }),
            } => "decks show",
            Command::Cards(_) => "cards",
            Command::Stats { .. } => "stats",
            Command::Report { .. } => "report",
            Command::Trial => "trial",
            Command::Optimize { .. } => "optimize",
            Command::Cram(_) => "cram",
            Command::Leeches { .. } => "leeches",
            Command::Import(_) => "import",
            Command::Export { .. } => "export",
            Command::Restore { .. } => "restore",
            Command::Check => "check",
            Command::Lookup { .. } => "lookup",
            Command::Codeset { .. } => "codeset",
            Command::Completions { .. } => "completions",
            Command::Man => "man",
            Command::About => "about",
        }
    }

    /// Whether the command only reads progress, so it can run on a disk too full to write to.
    pub fn only_reads(&self) -> bool {
        matches!(
            self,
            Command::Decks { action: None }
                | Command::Stats { .. }
                | Command::Report { .. }
                | Command::Export { .. }
        )
    }
}
