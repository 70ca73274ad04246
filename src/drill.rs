//! The drill: a line-oriented session that works in any terminal and from piped input.
//!
//! The path of one answer: the card is shown; the typed line is read and judged (`answer`); the
//! scheduler (`schedule`) gives the next schedule for the grade; the review and the schedule are
//! committed in one transaction (`store`); only then is the verdict printed. A changed grade (h/e after
//! a right answer) is a second review that voids the first, so the log stays append-only and no
//! answer shown as judged can be lost to a crash.

use std::io::{self, BufRead, Write};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};

use crate::answer::{self, Judging, Step, Verdict};
use crate::clock::{self, Clock};
use crate::deck::{CardContent, Side, System};
use crate::queue::Queue;
use crate::sanitize::{clean, clean_line, has_unsafe};
use crate::schedule::{CardSchedule, Due, Rating, ReviewKind, Scheduler, Settings, State};
use crate::store::{Card, NewReview, Store};
use crate::style::{Style, plural, short_days, short_span, span_words};

/// Response times are capped here, as Anki does: a minute away from the keyboard is not thinking time.
pub const MAX_ANSWER_MS: i64 = 60_000;
/// The longest line read as an answer; anything longer is refused rather than stored.
const MAX_LINE_BYTES: usize = 4_096;

pub struct Options {
    pub decks: Vec<i64>,
    pub new_per_day: usize,
    pub reviews_per_day: usize,
    pub minutes: Option<u32>,
    pub settings: Settings,
}

/// What the session has done so far; shared with the Ctrl-C handler so it can print the summary.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub answered: usize,
    pub right: usize,
    pub new_cards: usize,
    pub study_ms: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Everything due was answered.
    Finished,
    /// The `--minutes` limit ran out.
    TimeUp,
    /// The learner typed `:q`.
    Quit,
    /// The input ended (Ctrl-D, or the end of a piped file).
    EndOfInput,
    /// Only learning cards are left, and their steps end later.
    Waiting(usize, DateTime<Utc>),
}

pub struct Drill<'a, R, W> {
    pub store: &'a mut Store,
    pub clock: &'a Clock,
    pub input: R,
    pub out: W,
    pub style: Style,
    /// Echo what was read, for piped input: the transcript then reads like a terminal session.
    pub echo: bool,
    pub tally: Arc<Mutex<Tally>>,
}

const HELP: &str = "\
  Type the answer and press Enter. Codes are exact: E11.9 and E119 are the same, E11.0 is not.
  Meanings ignore case and punctuation.
    (Enter alone)  show the answer: counts as not known
    ?              this help
    :q             stop here; every answer so far is saved
  After a right answer: Enter keeps it as good, h marks it hard, e marks it easy.";

impl<R: BufRead, W: Write> Drill<'_, R, W> {
    pub fn run(&mut self, options: &Options) -> Result<Ending> {
        let scheduler = Scheduler::new(options.settings.clone())?;
        let started = self.clock.now();
        let today = clock::study_day(started);
        let (new_done, reviews_done) = self.store.done_since(clock::day_start(today))?;
        let mut queue = self.build_queue(options, started, today, new_done, reviews_done)?;
        if queue.remaining() == 0 {
            self.nothing_due(options, started, today, new_done)?;
            return Ok(Ending::Finished);
        }
        let session = self.store.start_session("drill", started)?;
        self.intro(&queue)?;
        let limit = options.minutes.map(|m| Duration::minutes(i64::from(m)));
        let ending = loop {
            let now = self.clock.now();
            if limit.is_some_and(|limit| now - started >= limit) {
                break Ending::TimeUp;
            }
            let Some(id) = queue.next(now) else {
                break match queue.waiting(now) {
                    Some((n, at)) => Ending::Waiting(n, at),
                    None => Ending::Finished,
                };
            };
            let card = self.store.card(id)?;
            let position = self.tally().answered + 1;
            let total = position + queue.remaining();
            match self.ask(&scheduler, &card, session, position, total)? {
                Asked::Answered(after) => {
                    if let Due::At(at) = after.due {
                        queue.push_learning(id, at);
                    }
                }
                Asked::Stop(ending) => break ending,
            }
        };
        if matches!(
            ending,
            Ending::Finished | Ending::TimeUp | Ending::Waiting(..)
        ) {
            self.store.finish_session(session, self.clock.now())?;
        }
        Ok(ending)
    }

    fn tally(&self) -> Tally {
        self.tally
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn build_queue(
        &self,
        options: &Options,
        now: DateTime<Utc>,
        today: clock::Day,
        new_done: usize,
        reviews_done: usize,
    ) -> Result<Queue> {
        let decks = &options.decks;
        let learning = self
            .store
            .learning_due(decks, clock::day_start(today + 1), today)?
            .into_iter()
            .map(|q| (crate::store::from_ms(q.order), q.id))
            .collect();
        let review_limit = options.reviews_per_day.saturating_sub(reviews_done);
        let reviews = self
            .store
            .reviews_due(decks, today, review_limit)?
            .into_iter()
            .map(|q| q.id)
            .collect();
        let new_limit = options.new_per_day.saturating_sub(new_done);
        let mut per_deck = Vec::with_capacity(decks.len());
        if new_limit > 0 {
            for &deck in decks {
                per_deck.push(self.store.new_cards(deck, today, new_limit)?);
            }
        }
        let _ = now;
        Ok(Queue::new(
            learning,
            reviews,
            Queue::interleave(per_deck, new_limit),
        ))
    }

    fn intro(&mut self, queue: &Queue) -> io::Result<()> {
        let s = self.style;
        writeln!(
            self.out,
            "{} {} for this session. Type {} for help, {} to stop.",
            s.bold("codedrill:"),
            plural(queue.remaining() as i64, "card"),
            s.accent("?"),
            s.accent(":q"),
        )
    }

    fn nothing_due(
        &mut self,
        options: &Options,
        now: DateTime<Utc>,
        today: clock::Day,
        new_done: usize,
    ) -> Result<()> {
        let forecast = self.store.due_forecast(&options.decks, today, 30)?;
        let s = self.style;
        let mut line = String::from("Nothing is due right now.");
        if new_done >= options.new_per_day && options.new_per_day > 0 {
            line.push_str(&format!(
                " You have started today's {} new cards.",
                options.new_per_day
            ));
        }
        writeln!(self.out, "{}", s.good(&line))?;
        match forecast.iter().position(|&n| n > 0) {
            Some(0) | None => {}
            Some(day) => {
                let when = clock::day_start(today + day as i64);
                writeln!(
                    self.out,
                    "Next: {} due {}.",
                    plural(forecast[day], "card"),
                    when_words(day, when - now)
                )?;
            }
        }
        writeln!(
            self.out,
            "To study more today, raise the limit: codedrill drill --new 30 (or practise with cram)."
        )?;
        Ok(())
    }

    fn ask(
        &mut self,
        scheduler: &Scheduler,
        card: &Card,
        session: i64,
        position: usize,
        total: usize,
    ) -> Result<Asked> {
        let side = card.content.system.asks();
        self.show_card(card, side, position, total)?;
        let shown_at = self.clock.now();
        let typed = loop {
            self.prompt(&card.content, side)?;
            let Some(line) = self.read_line()? else {
                return Ok(Asked::Stop(Ending::EndOfInput));
            };
            match line {
                Line::Text(text) => match text.trim() {
                    "?" => writeln!(self.out, "{HELP}")?,
                    ":q" | ":quit" => return Ok(Asked::Stop(Ending::Quit)),
                    _ => break text,
                },
                Line::Refused(why) => writeln!(self.out, "  {}", self.style.warn(&why))?,
            }
        };
        let answered_at = self.clock.now();
        let duration_ms = (answered_at - shown_at)
            .num_milliseconds()
            .clamp(0, MAX_ANSWER_MS);
        let verdict = answer::judge(&card.content, side, &typed);
        let today = clock::study_day(answered_at);
        let before = card.schedule;
        let outcomes =
            scheduler.outcomes(&before, answered_at, today, fuzz_seed(card.id, before.reps));
        let rating = if verdict.correct {
            Rating::Good
        } else {
            Rating::Again
        };
        let review = |rating: Rating| NewReview {
            card_id: card.id,
            session_id: Some(session),
            at: answered_at,
            rating,
            answer: typed.trim(),
            correct: verdict.correct,
            duration_ms,
            kind: ReviewKind::of(before.state),
            side: side_name(side),
            before: &card.schedule,
            after: &outcomes[rating as usize - 1],
            mistake: None,
        };
        let review_id = {
            let mut tally = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
            let id = self.store.record_review(&review(rating), None)?;
            tally.answered += 1;
            tally.right += usize::from(verdict.correct);
            tally.new_cards += usize::from(before.state == State::New);
            tally.study_ms += duration_ms;
            id
        };
        self.show_verdict(&card.content, side, &typed, &verdict)?;
        let mut after = outcomes[rating as usize - 1];
        if verdict.correct {
            if let Some(regrade) = self.ask_grade(&outcomes, answered_at, today)? {
                let _guard = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
                self.store
                    .record_review(&review(regrade), Some((review_id, "grade changed")))?;
                after = outcomes[regrade as usize - 1];
            }
        } else {
            self.say_next(&after, answered_at, today)?;
            write!(self.out, "  {} ", self.style.dim("Enter to go on ›"))?;
            self.out.flush()?;
            match self.read_line()? {
                None => return Ok(Asked::Stop(Ending::EndOfInput)),
                Some(Line::Text(t)) if matches!(t.trim(), ":q" | ":quit") => {
                    return Ok(Asked::Stop(Ending::Quit));
                }
                Some(_) => {}
            }
        }
        writeln!(self.out)?;
        Ok(Asked::Answered(after))
    }

    fn show_card(
        &mut self,
        card: &Card,
        side: Side,
        position: usize,
        total: usize,
    ) -> io::Result<()> {
        let s = self.style;
        let c = &card.content;
        let mut label = c.system.name().to_owned();
        if !c.category.is_empty() {
            label.push_str(" · ");
            label.push_str(&clean_line(&c.category));
        }
        writeln!(
            self.out,
            "{} {}",
            s.accent(&format!("[{position}/{total}]")),
            s.dim(&label)
        )?;
        let shown = match side {
            Side::Code => &c.description,
            Side::Meaning => &c.code,
        };
        for line in clean(shown).lines() {
            writeln!(self.out, "  {}", s.bold(line))?;
        }
        Ok(())
    }

    fn prompt(&mut self, card: &CardContent, side: Side) -> io::Result<()> {
        let word = match (side, Judging::for_card(card.system, side)) {
            (_, Judging::CodeSet) => "codes",
            (Side::Code, Judging::Code(System::Modifier)) => "modifier",
            (Side::Code, Judging::Code(_)) => "code",
            (Side::Code, _) => "answer",
            (Side::Meaning, _) => "meaning",
        };
        write!(self.out, "  {} ", self.style.accent(&format!("{word} ›")))?;
        self.out.flush()
    }

    /// One line of input, without its line ending. `None` at the end of input.
    fn read_line(&mut self) -> io::Result<Option<Line>> {
        let mut bytes = Vec::new();
        let read = io::Read::take(&mut self.input, MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut bytes)?;
        if read == 0 {
            return Ok(None);
        }
        if bytes.len() > MAX_LINE_BYTES && !bytes.ends_with(b"\n") {
            // Drop the rest of the overlong line so it is not read as the next answers.
            let mut rest = Vec::new();
            self.input.read_until(b'\n', &mut rest)?;
            return Ok(Some(Line::Refused(format!(
                "That line is longer than {MAX_LINE_BYTES} characters; type a shorter answer."
            ))));
        }
        while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            bytes.pop();
        }
        if self.echo {
            writeln!(self.out, "{}", clean_line(&String::from_utf8_lossy(&bytes)))?;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            return Ok(Some(Line::Refused(
                "That answer is not readable text (check the keyboard layout); type it again."
                    .into(),
            )));
        };
        if has_unsafe(&text) {
            return Ok(Some(Line::Refused(
                "That answer has control characters in it (from arrow or function keys?); type it again."
                    .into(),
            )));
        }
        Ok(Some(Line::Text(text)))
    }

    fn show_verdict(
        &mut self,
        card: &CardContent,
        side: Side,
        typed: &str,
        verdict: &Verdict,
    ) -> io::Result<()> {
        let s = self.style;
        let (expected, aliases) = answer::expected(card, side);
        let expected = clean(expected);
        if verdict.correct {
            let shown = match side {
                Side::Code => format!("{expected}"),
                Side::Meaning => format!("{} = {}", clean_line(&card.code), expected),
            };
            writeln!(self.out, "  {} {}", s.good("✓ right:"), s.bold(&shown))?;
        } else if !verdict.parts.is_empty() {
            writeln!(
                self.out,
                "  {} {}",
                s.bad("✗ not quite:"),
                s.bold(&expected)
            )?;
            let mut marks: Vec<String> = verdict
                .parts
                .iter()
                .map(|(code, found)| {
                    if *found {
                        s.good(&format!("✓ {code}"))
                    } else {
                        s.bad(&format!("✗ {code} (missing)"))
                    }
                })
                .collect();
            marks.extend(
                verdict
                    .extra
                    .iter()
                    .map(|c| s.bad(&format!("✗ {} (not part of the answer)", clean_line(c)))),
            );
            writeln!(self.out, "    {}", marks.join("  "))?;
        } else {
            let what = match (side, card.system.is_code()) {
                (Side::Code, true) => "the code is",
                (Side::Code, false) => "the answer is",
                (Side::Meaning, _) => "it means",
            };
            writeln!(
                self.out,
                "  {} {}",
                s.bad(&format!("✗ {what}")),
                s.bold(&expected)
            )?;
            if typed.trim().is_empty() {
                writeln!(self.out, "    {}", s.dim("(no answer given)"))?;
            } else if matches!(Judging::for_card(card.system, side), Judging::Code(_)) {
                self.show_code_diff(typed.trim(), &expected)?;
            } else {
                writeln!(self.out, "    you typed: {}", clean_line(typed.trim()))?;
            }
            if !aliases.is_empty() {
                let list: Vec<_> = aliases
                    .iter()
                    .take(4)
                    .map(|a| clean_line(a).into_owned())
                    .collect();
                writeln!(
                    self.out,
                    "    {}",
                    s.dim(&format!("also accepted: {}", list.join("; ")))
                )?;
            }
        }
        if side == Side::Code && !card.system.is_code() && verdict.correct {
            // A term typed from its definition: nothing more to show.
        } else if side == Side::Meaning && !verdict.correct {
            // The meaning was the question's answer: already shown.
        }
        if !card.note.is_empty() {
            for (i, line) in clean(&card.note).lines().enumerate() {
                let lead = if i == 0 { "note:" } else { "     " };
                writeln!(self.out, "  {} {}", s.dim(lead), s.dim(line))?;
            }
        }
        Ok(())
    }

    /// Lines up what was typed with the right code and marks each character that differs. Only for near
    /// misses: marking every character of an unrelated code says nothing.
    fn show_code_diff(&mut self, typed: &str, expected: &str) -> io::Result<()> {
        let steps = answer::align(&clean_line(typed), expected);
        let differences = steps.iter().filter(|s| !matches!(s, Step::Same(_))).count();
        if differences > 2 {
            return writeln!(self.out, "    you typed  {}", clean_line(typed));
        }
        let (mut top, mut bottom, mut marks) = (String::new(), String::new(), String::new());
        for step in &steps {
            let (t, b, m) = match *step {
                Step::Same(c) => (c, c, ' '),
                Step::Changed(t, b) => (t, b, '^'),
                Step::Extra(t) => (t, '_', '^'),
                Step::Missing(b) => ('_', b, '^'),
            };
            top.push(t);
            bottom.push(b);
            marks.push(m);
        }
        let s = self.style;
        writeln!(self.out, "    you typed  {top}")?;
        writeln!(self.out, "    right      {bottom}")?;
        writeln!(self.out, "               {}", s.warn(marks.trim_end()))
    }

    /// After a right answer: Enter keeps Good; h or e change the grade. Returns the new grade, if any.
    fn ask_grade(
        &mut self,
        outcomes: &[CardSchedule; 4],
        now: DateTime<Utc>,
        today: clock::Day,
    ) -> Result<Option<Rating>> {
        let s = self.style;
        let when = |r: Rating| next_in(&outcomes[r as usize - 1], now, today);
        loop {
            write!(
                self.out,
                "  {} {} {} ",
                s.dim(&format!("Enter = good ({})", when(Rating::Good))),
                s.dim(&format!(
                    "· h = hard ({}) · e = easy ({})",
                    when(Rating::Hard),
                    when(Rating::Easy)
                )),
                s.dim("›")
            )?;
            self.out.flush()?;
            let Some(Line::Text(text)) = self.read_line()? else {
                return Ok(None);
            };
            match text.trim().to_lowercase().as_str() {
                "" | "g" | "good" | ":q" | ":quit" => return Ok(None),
                "h" | "hard" => return Ok(Some(Rating::Hard)),
                "e" | "easy" => return Ok(Some(Rating::Easy)),
                "?" => writeln!(self.out, "{HELP}")?,
                _ => writeln!(
                    self.out,
                    "  {}",
                    s.warn("Press Enter to keep it as good, or type h (hard) or e (easy).")
                )?,
            }
        }
    }

    fn say_next(
        &mut self,
        after: &CardSchedule,
        now: DateTime<Utc>,
        today: clock::Day,
    ) -> io::Result<()> {
        let when = next_in(after, now, today);
        writeln!(
            self.out,
            "  {}",
            self.style.dim(&format!("comes back in {when}"))
        )
    }
}

enum Asked {
    Answered(CardSchedule),
    Stop(Ending),
}

enum Line {
    Text(String),
    Refused(String),
}

pub fn side_name(side: Side) -> &'static str {
    match side {
        Side::Code => "code",
        Side::Meaning => "meaning",
    }
}

/// The fuzz of one answer depends on the card and how often it was answered, so a replay gives the
/// same interval while two cards answered together still spread apart.
pub fn fuzz_seed(card_id: i64, reps: u32) -> u64 {
    (card_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(reps)
}

/// When a schedule brings the card back, shortly: `10m`, `3d`.
fn next_in(after: &CardSchedule, now: DateTime<Utc>, today: clock::Day) -> String {
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
    let mut out = String::new();
    let reason = match ending {
        Some(Ending::Finished) => "All done for now.",
        Some(Ending::TimeUp) => "Time is up.",
        Some(Ending::Quit) | None => "Stopped.",
        Some(Ending::EndOfInput) => "End of input.",
        Some(Ending::Waiting(..)) => "Done except for cards still in learning.",
    };
    out.push_str(&style.bold(reason));
    if tally.answered == 0 {
        out.push_str(" No answers this time.\n");
        return out;
    }
    let percent = (tally.right * 100 + tally.answered / 2) / tally.answered;
    let minutes = Duration::milliseconds(tally.study_ms);
    out.push_str(&format!(
        " {} answered, {} right ({percent}%), {}, {} of thinking time. Everything is saved.\n",
        tally.answered,
        tally.right,
        plural(tally.new_cards as i64, "new card"),
        span_words(minutes),
    ));
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
    use super::*;

    #[test]
    fn the_summary_counts_and_explains() {
        let tally = Tally {
            answered: 4,
            right: 3,
            new_cards: 2,
            study_ms: 95_000,
        };
        let text = summary(&tally, Some(Ending::Finished), Utc::now(), Style::plain());
        assert_eq!(
            text,
            "All done for now. 4 answered, 3 right (75%), 2 new cards, 2 minutes of thinking time. \
             Everything is saved.\n"
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
    fn fuzz_seeds_differ_by_card_and_by_review() {
        assert_ne!(fuzz_seed(1, 0), fuzz_seed(2, 0));
        assert_ne!(fuzz_seed(1, 0), fuzz_seed(1, 1));
    }
}
