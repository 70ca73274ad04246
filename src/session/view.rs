//! Everything the drill prints but the verdict (`verdict`): the card, the choices, the prompts and the
//! summary. Nothing here reads input or touches the store; deck text is cleaned before it is printed.

use std::io::{self, Write};

use chrono::{DateTime, Duration, Utc};

use codedrill_core::answer::{self, Judging, Mode, split_codes};
use codedrill_core::choice::Choices;
use codedrill_core::deck::{Direction, Side};
use codedrill_core::mistake::MissKind;
use codedrill_core::sanitize::{clean, clean_line};
use codedrill_core::schedule::{CardSchedule, Due, Rating};
use codedrill_core::words::{plural, short_days, short_span, span_words};

use super::{Cram, Ending, Options, Tally};
use crate::clock::{self, Day};
use crate::store::Card;
use crate::view::style::Style;
use codedrill_core::queue::Counts;

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

    /// The session's first lines: what it holds, and how to get help or stop.
    pub fn intro(&mut self, counts: Counts, options: &Options) -> io::Result<()> {
        let s = self.style;
        let what = if options.cram.is_some() {
            format!(
                "{} to practise (the schedule is left as it is)",
                plural(counts.total() as i64, "card")
            )
        } else {
            format!("{} for this session", promise(counts))
        };
        let text = format!(
            "{} {what}. Type {} for help, {} to stop.",
            s.bold("codedrill:"),
            s.accent("?"),
            s.accent(":q"),
        );
        self.line("", "", &text)?;
        if matches!(options.direction, Direction::Meaning | Direction::Both)
            && options.mode == Mode::Type
        {
            let tip = "Tip: in the meaning direction a code's official description must be typed word for \
                       word; --mode choice or --mode flip may suit it better.";
            self.line("", "", &s.dim(tip))?;
        }
        Ok(())
    }

    /// A drill with nothing to ask now: why, when cards come back, and how to study more anyway, from the
    /// real limits.
    pub fn nothing_due(
        &mut self,
        why: &NothingDue,
        now: DateTime<Utc>,
        today: Day,
    ) -> io::Result<()> {
        let good = self.style.good("Nothing is due right now.");
        self.line("", "", &good)?;
        if let Some((n, at)) = why.learning {
            let text = format!(
                "{} in learning {} back in {}: run codedrill again then.",
                plural(n as i64, "card"),
                if n == 1 { "comes" } else { "come" },
                span_words(at - now)
            );
            self.line("", "", &text)?;
        }
        if let Some(day) = why.forecast.iter().position(|&n| n > 0).filter(|&d| d > 0) {
            let when = clock::day_start(today + day as i64);
            let text = format!(
                "Next: {} due {}.",
                plural(why.forecast[day], "card"),
                when_words(day, when - now)
            );
            self.line("", "", &text)?;
        }
        for text in more_today(why) {
            self.line("", "", &text)?;
        }
        Ok(())
    }

    pub fn nothing_to_cram(&mut self, cram: &Cram) -> io::Result<()> {
        let which = match &cram.tag {
            Some(tag) => format!(" with the tag '{}'", clean_line(tag)),
            None => String::new(),
        };
        let text = format!(
            "There are no cards{which} in those decks to practise. `codedrill decks` lists the decks."
        );
        self.line("", "", &text)
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

    /// Only learning cards are left, none of them due yet: how many, and how soon the last of them is.
    pub fn waiting(&mut self, n: usize, within: Duration) -> io::Result<()> {
        let text = format!(
            "{} {} back within {}: wait, then press Enter, or :q to stop.",
            plural(n as i64, "card"),
            if n == 1 { "comes" } else { "come" },
            span_words(within)
        );
        let dim = self.style.dim(&text);
        self.line("", "", &dim)
    }
}

/// Why nothing can be asked now: the day's limits and what is done, and what comes back when.
pub(super) struct NothingDue {
    pub new_done: usize,
    pub new_per_day: usize,
    /// Whether the decks still have cards never studied.
    pub new_left: bool,
    pub reviews_done: usize,
    pub reviews_per_day: usize,
    /// Review cards due on each study day from today (today's: still due).
    pub forecast: Vec<i64>,
    /// Learning cards left today, and when the soonest comes back.
    pub learning: Option<(usize, DateTime<Utc>)>,
}

/// How to study more today, within the real limits: a higher limit that does bring more cards.
fn more_today(why: &NothingDue) -> Vec<String> {
    let mut out = Vec::new();
    let reviews_left = why.forecast.first().copied().unwrap_or(0);
    if reviews_left > 0 && why.reviews_done >= why.reviews_per_day {
        out.push(format!(
            "You have done today's {}; {} more due: codedrill drill --reviews {} takes them too.",
            plural(why.reviews_per_day as i64, "review"),
            reviews_left,
            why.reviews_done + reviews_left as usize
        ));
    }
    if !why.new_left {
        out.push("You have started every card in these decks.".into());
    } else if why.new_done >= why.new_per_day {
        out.push(format!(
            "New cards today: {} of your limit of {}. For 10 more: codedrill drill --new {}.",
            why.new_done,
            why.new_per_day,
            why.new_done + 10
        ));
    }
    out.push("To practise without changing the schedule: codedrill cram.".into());
    out
}

/// What a session holds, in cards rather than answers: "20 new cards (each seen a few times), 5 reviews
/// and 3 cards in learning".
fn promise(c: Counts) -> String {
    let mut parts = Vec::new();
    if c.new > 0 {
        parts.push(format!(
            "{} (each seen a few times)",
            plural(c.new as i64, "new card")
        ));
    }
    if c.review > 0 {
        parts.push(plural(c.review as i64, "review"));
    }
    if c.learning > 0 {
        parts.push(format!("{} in learning", plural(c.learning as i64, "card")));
    }
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => plural(0, "card"),
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

fn when_words(days_ahead: usize, span: Duration) -> String {
    match days_ahead {
        1 => "tomorrow".into(),
        _ => format!("in {}", span_words(span)),
    }
}

/// The lines printed when a session ends, however it ends.
pub fn summary(tally: &Tally, ending: Option<Ending>, now: DateTime<Utc>, style: Style) -> String {
    let reason = match ending {
        Some(Ending::Finished) => "All done for now.",
        Some(Ending::TimeUp) => "Time is up.",
        Some(Ending::Quit) | None => "Stopped.",
        Some(Ending::EndOfInput) => "End of input.",
        Some(Ending::Waiting(..)) => "Done except for cards still in learning.",
    };
    let mut lines = Vec::new();
    if tally.answered == 0 {
        lines.push(format!("{} No answers this time.", style.bold(reason)));
        return wrap_lines(&lines, style);
    }
    let percent = (tally.right * 100 + tally.answered / 2) / tally.answered;
    lines.push(format!(
        "{} {}, {} right ({percent}%); {} started; {} of thinking time. Everything is saved.",
        style.bold(reason),
        plural(tally.answered as i64, "answer"),
        tally.right,
        plural(tally.new_cards as i64, "new card"),
        span_words(Duration::milliseconds(tally.study_ms)),
    ));
    // Typing slips and knowledge errors are told apart: a real code given for another was not a slip.
    for (kind, lead) in [(MissKind::Slip, "Slips"), (MissKind::Knowledge, "Mix-ups")] {
        let counts: Vec<String> = tally
            .slips
            .iter()
            .filter(|(class, n)| **n > 0 && class.kind() == kind)
            .map(|(class, n)| format!("{n} × {}", class.label()))
            .collect();
        if !counts.is_empty() {
            lines.push(format!("{lead}: {}.", counts.join(", ")));
        }
    }
    if let Some(Ending::Waiting(n, at)) = ending {
        lines.push(format!(
            "{} still in learning; run codedrill again in {} to finish {}.",
            plural(n as i64, "card"),
            span_words(at - now),
            if n == 1 { "it" } else { "them" }
        ));
    }
    wrap_lines(&lines, style)
}

/// Each line wrapped to the width, every one ending in a line break.
fn wrap_lines(lines: &[String], style: Style) -> String {
    lines
        .iter()
        .map(|line| style.wrap(line, "", "") + "\n")
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use codedrill_core::deck::System;
    use codedrill_core::mistake::MistakeClass;

    use super::*;

    #[test]
    fn the_summary_counts_and_explains() {
        let mut tally = Tally {
            answered: 5,
            right: 1,
            new_cards: 2,
            study_ms: 95_000,
            slips: BTreeMap::new(),
        };
        tally.slips.insert(MistakeClass::Transposition, 1);
        tally.slips.insert(MistakeClass::WrongCode, 2);
        tally.slips.insert(MistakeClass::NoAnswer, 1);
        let text = summary(&tally, Some(Ending::Finished), Utc::now(), Style::plain());
        assert_eq!(
            text,
            "All done for now. 5 answers, 1 right (20%); 2 new cards started; 2 minutes of thinking \
             time. Everything is saved.\nSlips: 1 × neighbouring characters swapped.\n\
             Mix-ups: 2 × another real code.\n"
        );
        let none = summary(
            &Tally::default(),
            Some(Ending::Quit),
            Utc::now(),
            Style::plain(),
        );
        assert_eq!(none, "Stopped. No answers this time.\n");
    }

    #[test]
    fn hints_give_the_first_characters() {
        assert_eq!(
            hint("E11.9", Judging::Code(System::IcdCm)),
            "it starts with E…"
        );
        assert_eq!(hint("99213 E11.9 I10", Judging::CodeSet), "9… E… I…");
    }
}
