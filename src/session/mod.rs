//! The drill: a line-oriented session that works in any terminal and from piped input.
//!
//! The path of one answer: the card is shown; the answer is read (typed, chosen, or self-graded) and
//! judged (`answer`), a miss classified (`mistake`); the scheduler (`schedule`) gives the next schedule for
//! the grade; the review and the schedule are committed in one transaction (`store`); only then is the
//! verdict printed. A changed grade (h/e after a right answer) or an undo voids the earlier review in a
//! new transaction, so the log stays append-only and no answer shown as judged can be lost to a crash.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, Write};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use rand::SeedableRng;

use codedrill_core::answer::{self, Judging, Mode, Step, Verdict, split_codes};
use codedrill_core::choice::{self, Choices};
use codedrill_core::deck::{CardContent, Direction, Side, System};
use codedrill_core::deck_index::DeckIndex;
use codedrill_core::mistake::{self, Mistake, MistakeClass};
use codedrill_core::queue::Queue;
use codedrill_core::report::SessionKind;
use codedrill_core::sanitize::{clean, clean_line, has_unsafe};
use codedrill_core::schedule::{
    CardSchedule, Due, MAX_ANSWER_MS, Rating, ReviewKind, Scheduler, Settings, State, VoidReason,
    fuzz_seed, is_leech,
};
use codedrill_core::words::{plural, short_days, short_span, span_words};

use crate::clock::{self, Clock, Day};
use crate::store::{Card, NewReview, QueuePlan, Store};
use crate::view::style::Style;

/// The longest line read as an answer; anything longer is refused rather than stored.
const MAX_LINE_BYTES: usize = 4_096;

pub struct Options {
    pub decks: Vec<i64>,
    pub direction: Direction,
    pub mode: Mode,
    pub new_per_day: usize,
    pub reviews_per_day: usize,
    pub minutes: Option<u32>,
    pub settings: Settings,
    /// Practice outside the schedule instead of a scheduled drill.
    pub cram: Option<Cram>,
}

pub struct Cram {
    pub tag: Option<String>,
    pub limit: usize,
}

/// What the session has done so far; shared with the Ctrl-C handler so it can print the summary.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub answered: usize,
    pub right: usize,
    pub new_cards: usize,
    pub study_ms: i64,
    /// Misses by mistake class.
    pub slips: BTreeMap<MistakeClass, usize>,
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
    /// The decks met so far, read once each when first needed (start with none).
    pub decks: HashMap<i64, DeckIndex>,
}

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

/// One line of input, read and sorted.
enum Input {
    Text(String),
    Command(Command),
    /// Not usable as an answer; the reason is shown and the question asked again.
    Refused(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Command {
    Help,
    Hint,
    Skip,
    Undo,
    Quit,
}

/// What became of one card.
enum Outcome {
    Answered { after: CardSchedule, undo: Undo },
    Undo,
    Skip,
    Stop(Ending),
}

/// What is needed to take an answer back.
struct Undo {
    review_id: i64,
    card_id: i64,
    before: CardSchedule,
    correct: bool,
    was_new: bool,
    duration_ms: i64,
    leeched: bool,
    mistake: Option<MistakeClass>,
}

/// How a card was answered, before judging.
enum Given {
    Typed(String, bool),
    Chose(Choices, usize, Vec<CardContent>),
    SelfGraded(Rating),
}

/// A judged answer.
struct Judged {
    correct: bool,
    rating: Rating,
    answer: String,
    hinted: bool,
    mistake: Option<Mistake>,
    /// A sentence about what the wrong answer is instead ("E11.8 is ...").
    instead: Option<String>,
    verdict: Option<Verdict>,
}

impl<R: BufRead, W: Write> Drill<'_, R, W> {
    pub fn run(&mut self, options: &Options) -> Result<Ending> {
        let scheduler = Scheduler::new(options.settings.clone())?;
        let started = self.clock.now();
        let today = clock::study_day(started);
        let (mut queue, kind) = match &options.cram {
            Some(cram) => {
                let cards = self.store.cram_cards(
                    &options.decks,
                    options.direction,
                    cram.tag.as_deref(),
                    cram.limit,
                )?;
                (Queue::fixed(cards), SessionKind::Cram)
            }
            None => {
                self.store.ensure_sides(&options.decks, options.direction)?;
                (self.build_queue(options, today)?, SessionKind::Drill)
            }
        };
        if queue.remaining() == 0 {
            match &options.cram {
                Some(cram) => self.nothing_to_cram(cram)?,
                None => self.nothing_due(options, started, today)?,
            }
            return Ok(Ending::Finished);
        }
        let session = self.store.start_session(kind, started)?;
        self.intro(&queue, options)?;
        let limit = options.minutes.map(|m| Duration::minutes(i64::from(m)));
        let mut undo: Vec<Undo> = Vec::new();
        let mut misses: BTreeMap<i64, u32> = BTreeMap::new();
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
            match self.ask(&scheduler, options, &card, session, position, total)? {
                Outcome::Answered { after, undo: entry } => {
                    queue.remove_siblings(id);
                    if entry.leeched {
                        queue.remove(id);
                    } else if options.cram.is_some() {
                        // In practice a missed card comes round again, up to twice.
                        let missed = misses.entry(id).or_default();
                        if !entry.correct && *missed < 2 {
                            *missed += 1;
                            queue.push_back(id);
                        }
                    } else if let Due::At(at) = after.due {
                        queue.push_learning(id, at);
                    }
                    undo.push(entry);
                }
                Outcome::Undo => {
                    queue.push_front(id);
                    match undo.pop() {
                        Some(entry) => {
                            self.take_back(&entry)?;
                            queue.push_front(entry.card_id);
                        }
                        None => {
                            writeln!(self.out, "  {}\n", self.style.warn("Nothing to undo yet."))?
                        }
                    }
                }
                Outcome::Skip => {
                    queue.remove(id);
                    if options.cram.is_none() {
                        self.store.bury(id, today + 1)?;
                    }
                    writeln!(
                        self.out,
                        "  {}\n",
                        self.style.dim("Skipped: it comes back tomorrow.")
                    )?;
                }
                Outcome::Stop(ending) => break ending,
            }
        };
        if self.tally().answered > 0 && ending != Ending::EndOfInput {
            self.ask_enjoyment(session)?;
        }
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

    fn build_queue(&self, options: &Options, today: Day) -> Result<Queue> {
        self.store.due_queue(&QueuePlan {
            decks: &options.decks,
            direction: options.direction,
            new_per_day: options.new_per_day,
            reviews_per_day: options.reviews_per_day,
            today,
        })
    }

    fn intro(&mut self, queue: &Queue, options: &Options) -> io::Result<()> {
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
            plural(queue.remaining() as i64, "card"),
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

    fn nothing_due(&mut self, options: &Options, now: DateTime<Utc>, today: Day) -> Result<()> {
        let (new_done, _) = self.store.done_since(clock::day_start(today))?;
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
        )?;
        Ok(())
    }

    fn nothing_to_cram(&mut self, cram: &Cram) -> io::Result<()> {
        let which = match &cram.tag {
            Some(tag) => format!(" with the tag '{}'", clean_line(tag)),
            None => String::new(),
        };
        writeln!(
            self.out,
            "There are no cards{which} in those decks to practise. `codedrill decks` lists the decks."
        )
    }

    /// Shows one card, reads and judges the answer, saves it, and says how it went.
    fn ask(
        &mut self,
        scheduler: &Scheduler,
        options: &Options,
        card: &Card,
        session: i64,
        position: usize,
        total: usize,
    ) -> Result<Outcome> {
        let cram = options.cram.is_some();
        self.show_card(card, position, total)?;
        let shown_at = self.clock.now();
        let given = match self.read_answer(scheduler, options.mode, cram, card, shown_at)? {
            Ok(given) => given,
            Err(outcome) => return Ok(outcome),
        };
        // How the card was actually answered: a coding case, or a deck too small for choices, is typed.
        let mode = match &given {
            Given::Typed(..) => Mode::Type,
            Given::Chose(..) => Mode::Choice,
            Given::SelfGraded(_) => Mode::Flip,
        };
        let answered_at = self.clock.now();
        let duration_ms = (answered_at - shown_at)
            .num_milliseconds()
            .clamp(0, MAX_ANSWER_MS);
        let judged = self.judge(card, given)?;
        let today = clock::study_day(answered_at);
        let before = card.schedule;
        let outcomes = if cram {
            [before; 4]
        } else {
            scheduler.outcomes(&before, answered_at, today, fuzz_seed(card.id, before.reps))
        };

        let review = |rating: Rating| NewReview {
            card_id: card.id,
            session_id: Some(session),
            at: answered_at,
            rating,
            answer: &judged.answer,
            correct: judged.correct,
            duration_ms,
            kind: if cram {
                ReviewKind::Cram
            } else {
                ReviewKind::of(before.state)
            },
            side: card.side,
            mode,
            hinted: judged.hinted,
            before: &card.schedule,
            after: &outcomes[rating as usize - 1],
            mistake: judged.mistake.as_ref().map(Mistake::class),
            leech: false,
        };
        let mut after = outcomes[judged.rating as usize - 1];
        let leeched = !cram && is_leech(&before, judged.rating, &after);
        let review_id = {
            let mut tally = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
            crate::failpoint::hit("answer-before-commit")?;
            let first = NewReview {
                leech: leeched,
                ..review(judged.rating)
            };
            let id = self.store.record_review(&first, None)?;
            crate::failpoint::hit("answer-after-commit")?;
            tally.answered += 1;
            tally.right += usize::from(judged.correct);
            tally.new_cards += usize::from(before.state == State::New && !cram);
            tally.study_ms += duration_ms;
            if let Some(m) = &judged.mistake {
                *tally.slips.entry(m.class()).or_default() += 1;
            }
            id
        };
        let mut entry = Undo {
            review_id,
            card_id: card.id,
            before,
            correct: judged.correct,
            was_new: before.state == State::New && !cram,
            duration_ms,
            leeched,
            mistake: judged.mistake.as_ref().map(Mistake::class),
        };
        if !matches!(mode, Mode::Flip) {
            self.show_verdict(card, &judged)?;
            self.out.flush()?;
        }
        crate::failpoint::hit("answer-after-verdict")?;
        if leeched {
            self.say_leech(card, after.lapses)?;
        }
        let regradable = judged.correct && !judged.hinted && !cram && mode != Mode::Flip;
        if regradable {
            if let Some(regrade) = self.ask_grade(&outcomes, answered_at, today)? {
                let _guard = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
                entry.review_id = self.store.record_review(
                    &review(regrade),
                    Some((review_id, VoidReason::GradeChanged)),
                )?;
                after = outcomes[regrade as usize - 1];
            }
        } else if mode != Mode::Flip {
            if !cram {
                self.say_next(&after, judged.hinted && judged.correct, answered_at, today)?;
            }
            write!(self.out, "  {} ", self.style.dim("Enter to go on ›"))?;
            self.out.flush()?;
            match self.read_input()? {
                None => return Ok(Outcome::Stop(Ending::EndOfInput)),
                Some(Input::Command(Command::Quit)) => return Ok(Outcome::Stop(Ending::Quit)),
                Some(_) => {}
            }
        }
        writeln!(self.out)?;
        Ok(Outcome::Answered { after, undo: entry })
    }

    /// Reads the answer the way `mode` asks. `Err` carries a command that ends this card early.
    fn read_answer(
        &mut self,
        scheduler: &Scheduler,
        mode: Mode,
        cram: bool,
        card: &Card,
        shown_at: DateTime<Utc>,
    ) -> Result<Result<Given, Outcome>> {
        let judging = Judging::for_card(card.content.system, card.side);
        let choices = if mode == Mode::Choice && judging != Judging::CodeSet {
            let neighbours = self.deck_index(card.deck_id)?.neighbours(&card.content, 40);
            let mut rng = rand::rngs::StdRng::seed_from_u64(fuzz_seed(card.id, card.schedule.reps));
            choice::build(&card.content, card.side, &neighbours, &mut rng).map(|c| (c, neighbours))
        } else {
            None
        };
        if let Some((choices, neighbours)) = choices {
            self.show_choices(&choices, card.side)?;
            loop {
                self.prompt(&format!("choice (1-{})", choices.options.len()))?;
                match self.read_input()? {
                    None => return Ok(Err(Outcome::Stop(Ending::EndOfInput))),
                    Some(Input::Text(text)) => match choice::pick(&choices, &text) {
                        Some(i) => return Ok(Ok(Given::Chose(choices, i, neighbours))),
                        None => self.warn(&format!(
                            "Type the number of your choice, 1 to {}.",
                            choices.options.len()
                        ))?,
                    },
                    Some(Input::Command(Command::Hint)) => {
                        self.warn("No hints in multiple choice.")?
                    }
                    Some(Input::Command(c)) => {
                        if let Some(outcome) = self.command(c)? {
                            return Ok(Err(outcome));
                        }
                    }
                    Some(Input::Refused(why)) => self.warn(&why)?,
                }
            }
        }
        if mode == Mode::Flip {
            loop {
                self.prompt("Enter to show the answer")?;
                match self.read_input()? {
                    None => return Ok(Err(Outcome::Stop(Ending::EndOfInput))),
                    Some(Input::Command(Command::Hint)) => self.warn("No hints when flipping.")?,
                    Some(Input::Command(c)) => {
                        if let Some(outcome) = self.command(c)? {
                            return Ok(Err(outcome));
                        }
                    }
                    Some(_) => break,
                }
            }
            self.reveal(card)?;
            let today = clock::study_day(shown_at);
            let outcomes = (!cram).then(|| {
                scheduler.outcomes(
                    &card.schedule,
                    shown_at,
                    today,
                    fuzz_seed(card.id, card.schedule.reps),
                )
            });
            return Ok(self
                .ask_self_grade(outcomes.as_ref(), shown_at, today)?
                .map(Given::SelfGraded));
        }
        let word = match judging {
            Judging::CodeSet => "codes",
            Judging::Code(System::Modifier) => "modifier",
            Judging::Code(_) => "code",
            Judging::Text if card.side == Side::Code => "answer",
            Judging::Text => "meaning",
        };
        let mut hinted = false;
        loop {
            self.prompt(word)?;
            match self.read_input()? {
                None => return Ok(Err(Outcome::Stop(Ending::EndOfInput))),
                Some(Input::Text(text)) => return Ok(Ok(Given::Typed(text, hinted))),
                Some(Input::Command(Command::Hint)) => {
                    hinted = true;
                    let (expected, _) = answer::expected(&card.content, card.side);
                    writeln!(
                        self.out,
                        "  {}",
                        self.style
                            .dim(&format!("hint: {}", hint(expected, judging)))
                    )?;
                }
                Some(Input::Command(c)) => {
                    if let Some(outcome) = self.command(c)? {
                        return Ok(Err(outcome));
                    }
                }
                Some(Input::Refused(why)) => self.warn(&why)?,
            }
        }
    }

    /// Handles a command typed in place of an answer: `Some` when it ends this card.
    fn command(&mut self, command: Command) -> io::Result<Option<Outcome>> {
        Ok(match command {
            Command::Help => {
                writeln!(self.out, "{HELP}")?;
                None
            }
            Command::Quit => Some(Outcome::Stop(Ending::Quit)),
            Command::Undo => Some(Outcome::Undo),
            Command::Skip => Some(Outcome::Skip),
            Command::Hint => None,
        })
    }

    fn judge(&mut self, card: &Card, given: Given) -> Result<Judged> {
        let content = &card.content;
        match given {
            Given::SelfGraded(rating) => Ok(Judged {
                correct: rating != Rating::Again,
                rating,
                answer: String::new(),
                hinted: false,
                mistake: None,
                instead: None,
                verdict: None,
            }),
            Given::Chose(choices, i, neighbours) => {
                let correct = i == choices.right;
                let (mistake, instead) = match choices.from[i] {
                    Some(n) if !correct => {
                        let other = &neighbours[n];
                        let m = match Judging::for_card(content.system, card.side) {
                            Judging::Code(system) => mistake::classify_code(
                                system,
                                &other.code,
                                &content.code,
                                Some(&other.description),
                                &content.description,
                            ),
                            _ => Mistake::OtherCard,
                        };
                        (
                            Some(m),
                            Some(what_it_is(&other.code, &other.description, card.side)),
                        )
                    }
                    _ => (None, None),
                };
                Ok(Judged {
                    correct,
                    rating: if correct { Rating::Good } else { Rating::Again },
                    answer: choices.options[i].clone(),
                    hinted: false,
                    mistake,
                    instead,
                    verdict: None,
                })
            }
            Given::Typed(typed, hinted) => {
                let typed = typed.trim().to_owned();
                let verdict = answer::judge(content, card.side, &typed);
                let (mistake, instead) = if verdict.correct {
                    (None, None)
                } else {
                    self.classify(card, &typed, &verdict)?
                };
                let rating = match (verdict.correct, hinted) {
                    (false, _) => Rating::Again,
                    (true, true) => Rating::Hard,
                    (true, false) => Rating::Good,
                };
                Ok(Judged {
                    correct: verdict.correct,
                    rating,
                    answer: typed,
                    hinted,
                    mistake: Some(mistake).flatten(),
                    instead,
                    verdict: Some(verdict),
                })
            }
        }
    }

    /// The kind of a typed miss, and what the typed answer is instead when it is another card's.
    fn classify(
        &mut self,
        card: &Card,
        typed: &str,
        verdict: &Verdict,
    ) -> Result<(Option<Mistake>, Option<String>)> {
        let content = &card.content;
        if typed.is_empty() {
            return Ok((Some(Mistake::NoAnswer), None));
        }
        Ok(match Judging::for_card(content.system, card.side) {
            Judging::Code(system) => {
                let other = self
                    .store
                    .card_by_code(typed)?
                    .filter(|o| o.note_id != card.note_id);
                let m = mistake::classify_code(
                    system,
                    typed,
                    &content.code,
                    other.as_ref().map(|o| o.content.description.as_str()),
                    &content.description,
                );
                let instead =
                    other.map(|o| what_it_is(&o.content.code, &o.content.description, Side::Code));
                (Some(m), instead)
            }
            Judging::CodeSet => {
                let missing: Vec<&str> = verdict
                    .parts
                    .iter()
                    .filter(|(_, f)| !f)
                    .map(|(c, _)| c.as_str())
                    .collect();
                let m = match (missing.as_slice(), verdict.extra.as_slice()) {
                    ([right], [wrong]) => {
                        let system = if right.chars().all(|c| c.is_ascii_digit()) {
                            System::CptStyle
                        } else {
                            System::IcdCm
                        };
                        mistake::classify_code(system, wrong, right, None, "")
                    }
                    _ => Mistake::Other,
                };
                (Some(m), None)
            }
            Judging::Text => {
                let other =
                    self.deck_index(card.deck_id)?
                        .answered_by(card.side, typed, &content.key);
                let instead = other.map(|o| match card.side {
                    Side::Meaning => format!("that is the meaning of {}", clean_line(&o.code)),
                    Side::Code => format!("that is the answer to: {}", clean_line(&o.description)),
                });
                (
                    Some(mistake::classify_text(typed, other.is_some())),
                    instead,
                )
            }
        })
    }

    /// The deck's cards in memory, read from the store the first time a session needs them.
    fn deck_index(&mut self, deck_id: i64) -> Result<&mut DeckIndex> {
        Ok(match self.decks.entry(deck_id) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert(DeckIndex::new(self.store.deck_cards_placed(deck_id)?))
            }
        })
    }

    /// Takes back an answer: voids its review, restores the card, corrects the tally.
    fn take_back(&mut self, entry: &Undo) -> Result<()> {
        let now = self.clock.now();
        let mut tally = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
        self.store.void_review(
            entry.review_id,
            entry.card_id,
            &entry.before,
            now,
            VoidReason::Undone,
            entry.leeched,
        )?;
        tally.answered = tally.answered.saturating_sub(1);
        tally.right = tally.right.saturating_sub(usize::from(entry.correct));
        tally.new_cards = tally.new_cards.saturating_sub(usize::from(entry.was_new));
        tally.study_ms -= entry.duration_ms;
        if let Some(m) = entry.mistake
            && let Some(n) = tally.slips.get_mut(&m)
        {
            *n = n.saturating_sub(1);
        }
        drop(tally);
        writeln!(
            self.out,
            "  {}\n",
            self.style
                .warn("Undone: that answer is taken back; the card comes again.")
        )?;
        Ok(())
    }

    fn show_card(&mut self, card: &Card, position: usize, total: usize) -> io::Result<()> {
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

    fn show_choices(&mut self, choices: &Choices, side: Side) -> io::Result<()> {
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

    fn prompt(&mut self, word: &str) -> io::Result<()> {
        write!(self.out, "  {} ", self.style.accent(&format!("{word} ›")))?;
        self.out.flush()
    }

    fn warn(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "  {}", self.style.warn(text))
    }

    /// One line of input, sorted into an answer, a command or a refusal. `None` at the end of input.
    fn read_input(&mut self) -> io::Result<Option<Input>> {
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
            return Ok(Some(Input::Refused(format!(
                "That line is longer than {MAX_LINE_BYTES} characters; type a shorter answer."
            ))));
        }
        while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            bytes.pop();
        }
        if self.echo {
            // Only cosmetic: an output that has gone away must not stop the answer being judged and saved.
            let _ = writeln!(self.out, "{}", clean_line(&String::from_utf8_lossy(&bytes)));
        }
        let Ok(text) = String::from_utf8(bytes) else {
            return Ok(Some(Input::Refused(
                "That answer is not readable text (check the keyboard layout); type it again."
                    .into(),
            )));
        };
        if has_unsafe(&text) {
            return Ok(Some(Input::Refused(
                "That answer has control characters in it (from arrow or function keys?); type it again."
                    .into(),
            )));
        }
        Ok(Some(match text.trim() {
            "?" => Input::Command(Command::Help),
            ":h" | ":hint" => Input::Command(Command::Hint),
            ":s" | ":skip" => Input::Command(Command::Skip),
            ":u" | ":undo" => Input::Command(Command::Undo),
            ":q" | ":quit" => Input::Command(Command::Quit),
            _ => Input::Text(text),
        }))
    }

    fn show_verdict(&mut self, card: &Card, judged: &Judged) -> io::Result<()> {
        let s = self.style;
        let content = &card.content;
        let (expected, aliases) = answer::expected(content, card.side);
        let expected = clean(expected);
        let verdict = judged.verdict.as_ref();
        if judged.correct {
            let shown = match card.side {
                Side::Code => format!("{expected}"),
                Side::Meaning => format!("{} = {}", clean_line(&content.code), expected),
            };
            writeln!(self.out, "  {} {}", s.good("✓ right:"), s.bold(&shown))?;
        } else if let Some(v) = verdict.filter(|v| !v.parts.is_empty()) {
            writeln!(
                self.out,
                "  {} {}",
                s.bad("✗ not quite:"),
                s.bold(&expected)
            )?;
            let mut marks: Vec<String> = v
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
                v.extra
                    .iter()
                    .map(|c| s.bad(&format!("✗ {} (not part of the answer)", clean_line(c)))),
            );
            writeln!(self.out, "    {}", marks.join("  "))?;
            let found = v.parts.iter().filter(|(_, f)| *f).count();
            writeln!(
                self.out,
                "    {}",
                s.dim(&format!(
                    "{found} of {} codes right; a case counts only when all are",
                    v.parts.len()
                ))
            )?;
        } else {
            let what = match (card.side, content.system.is_code()) {
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
            let typed = judged.answer.as_str();
            if typed.is_empty() {
                writeln!(self.out, "    {}", s.dim("(no answer given)"))?;
            } else if verdict.is_none() {
                writeln!(self.out, "    you chose  {}", clean_line(typed))?;
            } else if matches!(
                Judging::for_card(content.system, card.side),
                Judging::Code(_)
            ) {
                self.show_code_diff(typed, &expected)?;
            } else {
                writeln!(self.out, "    you typed: {}", clean_line(typed))?;
            }
            self.show_aliases("also accepted", aliases)?;
        }
        if let Some(explained) = judged.mistake.as_ref().and_then(Mistake::explain) {
            writeln!(self.out, "    {}", s.warn(&explained))?;
        }
        if let Some(instead) = &judged.instead {
            writeln!(self.out, "    {}", s.dim(instead))?;
        }
        self.show_note(content.note.as_str())
    }

    /// The other accepted answers, the first four of them.
    fn show_aliases(&mut self, lead: &str, aliases: &[String]) -> io::Result<()> {
        if aliases.is_empty() {
            return Ok(());
        }
        let list: Vec<_> = aliases
            .iter()
            .take(4)
            .map(|a| clean_line(a).into_owned())
            .collect();
        writeln!(
            self.out,
            "    {}",
            self.style.dim(&format!("{lead}: {}", list.join("; ")))
        )
    }

    fn show_note(&mut self, note: &str) -> io::Result<()> {
        let s = self.style;
        for (i, line) in clean(note).lines().enumerate() {
            let lead = if i == 0 { "note:" } else { "     " };
            writeln!(self.out, "  {} {}", s.dim(lead), s.dim(line))?;
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

    /// Flip mode: the answer, shown after the learner has recalled it in their head.
    fn reveal(&mut self, card: &Card) -> io::Result<()> {
        let (expected, aliases) = answer::expected(&card.content, card.side);
        writeln!(
            self.out,
            "  {} {}",
            self.style.accent("="),
            self.style.bold(&clean(expected))
        )?;
        self.show_aliases("also", aliases)?;
        self.show_note(&card.content.note)
    }

    /// Flip mode: the learner grades their own recall, 1 to 4, or gives a command that ends the card.
    /// `outcomes` shows when each grade brings the card back (none in practice outside the schedule).
    fn ask_self_grade(
        &mut self,
        outcomes: Option<&[CardSchedule; 4]>,
        now: DateTime<Utc>,
        today: Day,
    ) -> io::Result<Result<Rating, Outcome>> {
        let when = |r: Rating| match outcomes {
            Some(o) => format!(" ({})", next_in(&o[r as usize - 1], now, today)),
            None => String::new(),
        };
        loop {
            let question = format!(
                "1 again{} · 2 hard{} · 3 good{} (Enter) · 4 easy{}",
                when(Rating::Again),
                when(Rating::Hard),
                when(Rating::Good),
                when(Rating::Easy)
            );
            write!(
                self.out,
                "  {} {} ",
                self.style.dim(&question),
                self.style.dim("›")
            )?;
            self.out.flush()?;
            let text = match self.read_input()? {
                None => return Ok(Err(Outcome::Stop(Ending::EndOfInput))),
                Some(Input::Text(t)) => t.trim().to_lowercase(),
                Some(Input::Command(Command::Hint)) => "!".into(),
                Some(Input::Command(c)) => match self.command(c)? {
                    Some(outcome) => return Ok(Err(outcome)),
                    None => continue,
                },
                Some(Input::Refused(_)) => "!".into(),
            };
            let rating = match text.as_str() {
                "1" | "a" | "again" => Rating::Again,
                "2" | "h" | "hard" => Rating::Hard,
                "" | "3" | "g" | "good" => Rating::Good,
                "4" | "e" | "easy" => Rating::Easy,
                _ => {
                    self.warn("Type 1 (again), 2 (hard), 3 (good) or 4 (easy).")?;
                    continue;
                }
            };
            return Ok(Ok(rating));
        }
    }

    /// After a right answer: Enter keeps Good; h or e change the grade. Returns the new grade, if any.
    fn ask_grade(
        &mut self,
        outcomes: &[CardSchedule; 4],
        now: DateTime<Utc>,
        today: Day,
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
            let text = match self.read_input()? {
                None | Some(Input::Command(Command::Quit)) => return Ok(None),
                Some(Input::Text(t)) => t.trim().to_lowercase(),
                Some(Input::Command(Command::Help)) => "?".into(),
                Some(_) => "!".into(),
            };
            match text.as_str() {
                "" | "g" | "good" => return Ok(None),
                "h" | "hard" => return Ok(Some(Rating::Hard)),
                "e" | "easy" => return Ok(Some(Rating::Easy)),
                "?" => writeln!(self.out, "{HELP}")?,
                _ => self.warn("Press Enter to keep it as good, or type h (hard) or e (easy).")?,
            }
        }
    }

    fn say_next(
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

    /// The optional question the fit report's "what you enjoyed" rests on.
    fn ask_enjoyment(&mut self, session: i64) -> Result<()> {
        loop {
            write!(
                self.out,
                "{} ",
                self.style
                    .accent("How did that feel? 1 (not for me) to 5 (loved it), Enter to skip ›")
            )?;
            self.out.flush()?;
            let Some(Input::Text(text)) = self.read_input()? else {
                return Ok(());
            };
            match text.trim() {
                "" => return Ok(()),
                n @ ("1" | "2" | "3" | "4" | "5") => {
                    self.store.set_enjoyment(session, n.parse().unwrap_or(3))?;
                    return Ok(());
                }
                _ => self.warn("Type a number from 1 to 5, or press Enter to skip.")?,
            }
        }
    }

    fn say_leech(&mut self, card: &Card, lapses: u32) -> io::Result<()> {
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

/// A sentence saying what an answer belongs to: "E11.8 is Type 2 diabetes ... complications".
fn what_it_is(code: &str, description: &str, side: Side) -> String {
    let description = clean_line(description);
    match side {
        Side::Code => format!("{} is: {description}", clean_line(code)),
        Side::Meaning => format!("that is the meaning of {}", clean_line(code)),
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
    let slips: Vec<String> = tally
        .slips
        .iter()
        .filter(|(class, n)| {
            **n > 0 && !matches!(class, MistakeClass::NoAnswer | MistakeClass::Other)
        })
        .map(|(class, n)| format!("{n} × {}", class.label()))
        .collect();
    if !slips.is_empty() {
        out.push_str(&format!("Slips: {}.\n", slips.join(", ")));
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
    use super::*;

    #[test]
    fn the_summary_counts_and_explains() {
        let mut tally = Tally {
            answered: 4,
            right: 3,
            new_cards: 2,
            study_ms: 95_000,
            slips: BTreeMap::new(),
        };
        tally.slips.insert(MistakeClass::Transposition, 1);
        let text = summary(&tally, Some(Ending::Finished), Utc::now(), Style::plain());
        assert_eq!(
            text,
            "All done for now. 4 answered, 3 right (75%), 2 new cards, 2 minutes of thinking time. \
             Everything is saved.\nSlips: 1 × neighbouring characters swapped.\n"
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
