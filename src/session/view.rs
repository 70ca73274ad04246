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

const HELP: &str = "\
  Type the answer and press Enter. Codes are exact: E11.9 and E119 are the same, E11.0 is not.
  Meanings ignore case and punctuation.
    (Enter alone)  show the answer: counts as not known
    :h             a hint (the first character); a right answer then counts as hard
    :s             skip this card until tomorrow
    :u             undo the last answer
    :q             stop here; every answer so far is saved
    ?              this help
  After a right answer: Enter keeps it as good, h marks it hard, e marks it easy.
  Multiple choice: type the number (1-4) or letter (a-d). Flip: grade yourself 1 to 4.";

/// The drill's output and how it looks, borrowed for one thing to print.
pub(super) struct View<'a, W> {
    pub out: &'a mut W,
    pub style: Style,
}

impl<W: Write> View<'_, W> {
    /// The session's first lines: how many cards, and how to get help or stop.
    pub fn intro(&mut self, cards: usize, options: &Options) -> io::Result<()> {
        let s = self.style;
        let what = if options.cram.is_some() {
            "to practise (the schedule is left as it is)"
        } else {
            "for this session"
        };
        writeln!(
            self.out,
            "{} {} {what}. Type {} for help, {} to stop.",
            s.bold("codedrill:"),
            plural(cards as i64, "card"),
            s.accent("?"),
            s.accent(":q"),
        )?;
        if matches!(options.direction, Direction::Meaning | Direction::Both)
            && options.mode == Mode::Type
        {
            writeln!(
                self.out,
                "{}",
                s.dim(
                    "Tip: in the meaning direction a code's official description must be typed word for word; \
                     --mode choice or --mode flip may suit it better."
                )
            )?;
        }
        Ok(())
    }

    /// A drill with nothing due: why, when the next cards are due, and how to study more anyway.
    /// `forecast` counts the cards due on each day from today.
    pub fn nothing_due(
        &mut self,
        new_done: usize,
        new_per_day: usize,
        forecast: &[i64],
        now: DateTime<Utc>,
        today: Day,
    ) -> io::Result<()> {
        let mut line = String::from("Nothing is due right now.");
        if new_done >= new_per_day && new_per_day > 0 {
            line.push_str(&format!(
                " You have started today's {new_per_day} new cards."
            ));
        }
        writeln!(self.out, "{}", self.style.good(&line))?;
        if let Some(day) = forecast.iter().position(|&n| n > 0).filter(|&d| d > 0) {
            let when = clock::day_start(today + day as i64);
            writeln!(
                self.out,
                "Next: {} due {}.",
                plural(forecast[day], "card"),
                when_words(day, when - now)
            )?;
        }
        writeln!(
            self.out,
            "To study more today, raise the limit (codedrill drill --new 30) or practise with codedrill cram."
        )
    }

    pub fn nothing_to_cram(&mut self, cram: &Cram) -> io::Result<()> {
        let which = match &cram.tag {
            Some(tag) => format!(" with the tag '{}'", clean_line(tag)),
            None => String::new(),
        };
        writeln!(
            self.out,
            "There are no cards{which} in those decks to practise. `codedrill decks` lists the decks."
        )
    }

    /// The card's label (system, category, direction) and the side the learner answers from.
    pub fn card(&mut self, card: &Card, position: usize, total: usize) -> io::Result<()> {
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
        writeln!(
            self.out,
            "{} {}",
            s.accent(&format!("[{position}/{total}]")),
            s.dim(&label)
        )?;
        let shown = match card.side {
            Side::Code => &c.description,
            Side::Meaning => &c.code,
        };
        for line in clean(shown).lines() {
            writeln!(self.out, "  {}", s.bold(line))?;
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
            Side::Code => writeln!(self.out, "    {}", items.join("   ")),
            Side::Meaning => items.iter().try_for_each(|i| writeln!(self.out, "    {i}")),
        }
    }

    pub fn help(&mut self) -> io::Result<()> {
        writeln!(self.out, "{HELP}")
    }

    pub fn warn(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "  {}", self.style.warn(text))
    }

    /// What `:h` gives: the first character of each code, or of the answer.
    pub fn hint(&mut self, card: &Card, judging: Judging) -> io::Result<()> {
        let (expected, _) = answer::expected(&card.content, card.side);
        writeln!(
            self.out,
            "  {}",
            self.style
                .dim(&format!("hint: {}", hint(expected, judging)))
        )
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
        writeln!(
            self.out,
            "  {}",
            self.style.dim(&format!("comes back in {when}{note}"))
        )
    }

    pub fn leech(&mut self, card: &Card, lapses: u32) -> io::Result<()> {
        let key = format!("{}:{}", card.deck, card.content.key);
        writeln!(
            self.out,
            "  {}",
            self.style.warn(&format!(
                "This card has now been forgotten {lapses} times, so it is set aside as a leech: drilling it \
                 the same way is not working. Find a new way to remember it (a note, a word part, a picture), \
                 then bring it back with: codedrill leeches --unsuspend '{}'",
                clean_line(&key)
            ))
        )
    }

    pub fn undone(&mut self) -> io::Result<()> {
        let text = "Undone: that answer is taken back; the card comes again.";
        writeln!(self.out, "  {}\n", self.style.warn(text))
    }

    pub fn nothing_to_undo(&mut self) -> io::Result<()> {
        writeln!(self.out, "  {}\n", self.style.warn("Nothing to undo yet."))
    }

    pub fn skipped(&mut self) -> io::Result<()> {
        let text = "Skipped: it comes back tomorrow.";
        writeln!(self.out, "  {}\n", self.style.dim(text))
    }
}

/// The prompt for an answer: `code ›`.
pub(super) fn prompt(style: Style, word: &str) -> String {
    format!("  {} ", style.accent(&format!("{word} ›")))
}

/// The prompt after a verdict that has nothing to ask.
pub(super) fn go_on_prompt(style: Style) -> String {
    format!("  {} ", style.dim("Enter to go on ›"))
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
    format!("  {} {} ", style.dim(&question), style.dim("›"))
}

/// After a right answer: the grade it keeps, and the two it can change to, each with when.
pub(super) fn grade_prompt(
    style: Style,
    outcomes: &[CardSchedule; 4],
    now: DateTime<Utc>,
    today: Day,
) -> String {
    let when = |r: Rating| next_in(&outcomes[r as usize - 1], now, today);
    format!(
        "  {} {} {} ",
        style.dim(&format!("Enter = good ({})", when(Rating::Good))),
        style.dim(&format!(
            "· h = hard ({}) · e = easy ({})",
            when(Rating::Hard),
            when(Rating::Easy)
        )),
        style.dim("›")
    )
}

pub(super) fn enjoyment_prompt(style: Style) -> String {
    let question = "How did that feel? 1 (not for me) to 5 (loved it), Enter to skip ›";
    format!("{} ", style.accent(question))
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
    let mut out = style.bold(reason);
    if tally.answered == 0 {
        out.push_str(" No answers this time.\n");
        return out;
    }
    let percent = (tally.right * 100 + tally.answered / 2) / tally.answered;
    out.push_str(&format!(
        " {} answered, {} right ({percent}%), {}, {} of thinking time. Everything is saved.\n",
        tally.answered,
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
            out.push_str(&format!("{lead}: {}.\n", counts.join(", ")));
        }
    }
    if let Some(Ending::Waiting(n, at)) = ending {
        out.push_str(&format!(
            "{} still in learning; run codedrill again in {} to finish {}.\n",
            plural(n as i64, "card"),
            span_words(at - now),
            if n == 1 { "it" } else { "them" }
        ));
    }
    out
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
            "All done for now. 5 answered, 1 right (20%), 2 new cards, 2 minutes of thinking time. \
             Everything is saved.\nSlips: 1 × neighbouring characters swapped.\n\
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
