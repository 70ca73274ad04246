//! What a session says around its cards: what it holds (new cards promised, not answers), why nothing
//! can be asked now and how to study more within the real limits, the pause for learning cards, and the
//! summary when it ends.

use std::io::{self, Write};

use chrono::{DateTime, Duration, Utc};

use codedrill_core::answer::Mode;
use codedrill_core::deck::Direction;
use codedrill_core::mistake::MissKind;
use codedrill_core::queue::Counts;
use codedrill_core::sanitize::clean_line;
use codedrill_core::words::{plural, span_words};

use super::view::View;
use super::{Cram, Ending, Options, Tally};
use crate::clock::{self, Day};
use crate::view::style::Style;

impl<W: Write> View<'_, W> {
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
}
