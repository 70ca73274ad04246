//! Everything the drill prints about a card but the verdict (`verdict`): the card, the choices, the
//! prompts, hints and notices (what a session says around its cards is `summary`). Nothing here reads
//! input or touches the store; deck text is cleaned before it is printed.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use codedrill_core::answer::{self, Judging, split_codes};
use codedrill_core::choice::Choices;
use codedrill_core::deck::Side;
use codedrill_core::queue::Counts;
use codedrill_core::sanitize::{clean, clean_line};
use codedrill_core::schedule::{CardSchedule, Due, Rating};
use codedrill_core::words::{short_days, short_span};

use crate::clock::Day;
use crate::store::{Card, EditMark, Revision};
use crate::view::style::Style;

/// The help `?` shows: (first-line indent, text, indent of the lines it wraps onto).
const HELP: &[(&str, &str, &str)] = &[
    (
        "  ",
        "Type the answer and press Enter. Codes are exact: E11.9 and E119 are the same, E11.0 is not. \
         Meanings ignore case and punctuation, and any part of a definition counts.",
        "  ",
    ),
    (
        "    ",
        "(Enter alone)  show the answer: counts as not known",
        HANGING,
    ),
    (
        "    ",
        ":h             a hint (the first character); a right answer then counts as hard",
        HANGING,
    ),
    (
        "    ",
        ":s             skip this card until tomorrow",
        HANGING,
    ),
    (
        "    ",
        ":u             take back the last answer and answer it again",
        HANGING,
    ),
    (
        "    ",
        ":r             after a wrong meaning: I was right (counted as an override)",
        HANGING,
    ),
    (
        "    ",
        ":q             stop here; every answer so far is saved (Ctrl-D and Ctrl-C too)",
        HANGING,
    ),
    ("    ", "?              this help", HANGING),
    (
        "    ",
        "/words         in a lookup drill (--mode lookup): search the ICD-10-CM Alphabetic Index",
        HANGING,
    ),
    (
        "    ",
        "=CODE          in a lookup drill: read the code's Tabular List entry; neither is an answer",
        HANGING,
    ),
    (
        "  ",
        "After a right answer: Enter keeps it as good, h marks it hard, e marks it easy. Multiple choice: \
         type the number (1-4) or letter (a-d), or Enter alone to see the answer. Flip: grade yourself 1 to 4.",
        "  ",
    ),
];

/// Where the help's explanations start, for the lines they wrap onto.
const HANGING: &str = "                   ";

/// The drill's output and how it looks, borrowed for one thing to print.
pub(super) struct View<'a, W> {
    pub out: &'a mut W,
    pub style: Style,
}

impl<W: Write> View<'_, W> {
    /// `text` wrapped to the width, its first line after `first` and the others after `rest`.
    pub fn line(&mut self, first: &str, rest: &str, text: &str) -> io::Result<()> {
        writeln!(self.out, "{}", self.style.wrap(text, first, rest))
    }

    /// What is left (new, learning and review cards; in practice, cards), the card's label (system,
    /// category, direction) and the side the learner answers from.
    pub fn card(&mut self, card: &Card, counts: Counts, cram: bool) -> io::Result<()> {
        let s = self.style;
        let c = &card.content;
        let mut label = c.system.name().to_owned();
        if !c.category.is_empty() {
            label.push_str(" · ");
            label.push_str(&clean_line(&c.category));
        }
        if card.side != c.system.asks() {
            label.push_str(" · reversed");
        }
        let left = if cram {
            format!("[{} left]", counts.total())
        } else {
            format!(
                "[{} new · {} learning · {} to review]",
                counts.new, counts.learning, counts.review
            )
        };
        self.line("", "  ", &format!("{} {}", s.accent(&left), s.dim(&label)))?;
        let shown = match card.side {
            Side::Code => &c.description,
            Side::Meaning => &c.code,
        };
        for line in clean(shown).lines() {
            self.line("  ", "  ", &s.bold(line))?;
        }
        Ok(())
    }

    /// A card the learner edited since it was last answered: which of its fields hold their text.
    pub fn edited(&mut self, edit: &EditMark) -> io::Result<()> {
        let fields: Vec<&str> = edit.fields.iter().map(|f| f.as_str()).collect();
        let text = self
            .style
            .dim(&format!("edited by you: {}", fields.join(", ")));
        self.line("  ", "  ", &text)
    }

    pub fn choices(&mut self, choices: &Choices, side: Side) -> io::Result<()> {
        let items: Vec<String> = choices
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| format!("{}) {}", i + 1, clean_line(o)))
            .collect();
        match side {
            Side::Code => {
                // Codes side by side, a line break only between options (never inside one).
                let row = items
                    .iter()
                    .map(|i| i.replace(' ', "\u{a0}"))
                    .collect::<Vec<_>>()
                    .join("   ");
                let wrapped = self.style.wrap(&row, "    ", "    ").replace('\u{a0}', " ");
                writeln!(self.out, "{wrapped}")
            }
            Side::Meaning => items
                .iter()
                .try_for_each(|i| self.line("    ", "       ", i)),
        }
    }

    pub fn help(&mut self) -> io::Result<()> {
        for (first, text, rest) in HELP {
            self.line(first, rest, text)?;
        }
        Ok(())
    }

    pub fn warn(&mut self, text: &str) -> io::Result<()> {
        let warned = self.style.warn(text);
        self.line("  ", "  ", &warned)
    }

    /// What `:h` gives: the first character of each code, or of the answer.
    pub fn hint(&mut self, card: &Card, judging: Judging) -> io::Result<()> {
        let (expected, _) = answer::expected(&card.content, card.side);
        let text = self
            .style
            .dim(&format!("hint: {}", hint(expected, judging)));
        self.line("  ", "  ", &text)
    }

    /// When the card comes back, after an answer whose grade cannot be changed.
    pub fn comes_back(
        &mut self,
        after: &CardSchedule,
        hinted: bool,
        now: DateTime<Utc>,
        today: Day,
    ) -> io::Result<()> {
        let when = next_in(after, now, today);
        let note = if hinted {
            " (a hint was used: counted as hard)"
        } else {
            ""
        };
        let text = self.style.dim(&format!("comes back in {when}{note}"));
        self.line("  ", "  ", &text)
    }

    pub fn leech(&mut self, card: &Card, lapses: u32) -> io::Result<()> {
        let key = format!("{}:{}", card.deck, card.content.key);
        let text = self.style.warn(&format!(
            "This card has now been forgotten {lapses} times, so it is set aside as a leech: drilling it \
             the same way is not working. Find a new way to remember it (a note, a word part, a picture), \
             then bring it back with: codedrill leeches --unsuspend '{}'",
            clean_line(&key)
        ));
        self.line("  ", "  ", &text)
    }

    /// After `:r`: the wrong meaning now counts as right, and when the card comes back.
    pub fn overridden(
        &mut self,
        after: &CardSchedule,
        now: DateTime<Utc>,
        today: Day,
    ) -> io::Result<()> {
        let text = format!(
            "Counted as right, as you say (an override, counted in your report); comes back in {}.",
            next_in(after, now, today)
        );
        let good = self.style.good(&text);
        self.line("  ", "  ", &good)
    }

    /// A card whose code a newer ICD-10-CM year describes otherwise, at its first review since.
    pub fn revision(&mut self, card: &Card, revision: &Revision) -> io::Result<()> {
        let said = if card.content.description == revision.official {
            format!(
                "the official description was '{}'",
                clean_line(&revision.previous)
            )
        } else {
            format!(
                "the official description is now '{}'",
                clean_line(&revision.official)
            )
        };
        let text = self
            .style
            .warn(&format!("revised in FY{}: {said}", revision.year));
        self.line("  ", "  ", &text)
    }

    pub fn undone(&mut self) -> io::Result<()> {
        self.warn("Undone: that answer is taken back; the card comes again.")?;
        writeln!(self.out)
    }

    pub fn nothing_to_undo(&mut self) -> io::Result<()> {
        self.warn("Nothing to undo yet.")?;
        writeln!(self.out)
    }

    pub fn skipped(&mut self) -> io::Result<()> {
        let text = self.style.dim("Skipped: it comes back tomorrow.");
        self.line("  ", "  ", &text)?;
        writeln!(self.out)
    }
}

/// The prompt for an answer: `code ›`.
pub(super) fn prompt(style: Style, word: &str) -> String {
    style.prompt(&style.accent(&format!("{word} ›")), "  ", "  ")
}

/// The prompt after a verdict that has nothing to ask.
pub(super) fn go_on_prompt(style: Style) -> String {
    style.prompt(&style.dim("Enter to go on ›"), "  ", "  ")
}

/// Flip mode's grades, each with when it brings the card back (none in practice outside the schedule).
pub(super) fn self_grade_prompt(
    style: Style,
    outcomes: Option<&[CardSchedule; 4]>,
    now: DateTime<Utc>,
    today: Day,
) -> String {
    let when = |r: Rating| match outcomes {
        Some(o) => format!(" ({})", next_in(&o[r as usize - 1], now, today)),
        None => String::new(),
    };
    let question = format!(
        "1 again{} · 2 hard{} · 3 good{} (Enter) · 4 easy{}",
        when(Rating::Again),
        when(Rating::Hard),
        when(Rating::Good),
        when(Rating::Easy)
    );
    let text = format!("{} {}", style.dim(&question), style.dim("›"));
    style.prompt(&text, "  ", "  ")
}

/// After a right answer: the grade it keeps, and the two it can change to, each with when.
pub(super) fn grade_prompt(
    style: Style,
    outcomes: &[CardSchedule; 4],
    now: DateTime<Utc>,
    today: Day,
) -> String {
    let when = |r: Rating| next_in(&outcomes[r as usize - 1], now, today);
    let text = format!(
        "{} {} {}",
        style.dim(&format!("Enter = good ({})", when(Rating::Good))),
        style.dim(&format!(
            "· h = hard ({}) · e = easy ({})",
            when(Rating::Hard),
            when(Rating::Easy)
        )),
        style.dim("›")
    );
    style.prompt(&text, "  ", "  ")
}

pub(super) fn enjoyment_prompt(style: Style) -> String {
    let question = "How did that feel? 1 (not for me) to 5 (loved it), Enter to skip ›";
    style.prompt(&style.accent(question), "", "")
}

/// The first character of each code, or of the answer: the hint `:h` gives.
fn hint(expected: &str, judging: Judging) -> String {
    let first = |s: &str| {
        s.chars()
            .next()
            .map(|c| format!("{c}…"))
            .unwrap_or_default()
    };
    match judging {
        Judging::CodeSet => split_codes(expected)
            .map(first)
            .collect::<Vec<_>>()
            .join(" "),
        _ => format!("it starts with {}", first(expected)),
    }
}

/// When a schedule brings the card back, shortly: `10m`, `3d`.
fn next_in(after: &CardSchedule, now: DateTime<Utc>, today: Day) -> String {
    match after.due {
        Due::At(at) => short_span(at - now),
        Due::Day(day) => short_days(day - today),
        Due::New => "-".into(),
    }
}

#[cfg(test)]
mod tests {
    use codedrill_core::deck::System;

    use super::*;

    #[test]
    fn hints_give_the_first_characters() {
        assert_eq!(
            hint("E11.9", Judging::Code(System::IcdCm)),
            "it starts with E…"
        );
        assert_eq!(hint("99213 E11.9 I10", Judging::CodeSet), "9… E… I…");
    }
}
