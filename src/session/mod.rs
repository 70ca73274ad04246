//! The drill: a line-oriented session that works in any terminal and from piped input.
//!
//! The path of one answer (`card`): the card is shown (`view`); the answer is read, typed, chosen or
//! self-graded (`input`), and judged, a miss classified (`judge`); the scheduler gives the next schedule
//! for the grade; the review and the schedule are committed in one transaction (`store`); only then is the
//! verdict printed. A changed grade (h/e after a right answer) or an undo voids the earlier review in a
//! new transaction, so the log stays append-only and no answer shown as judged can be lost to a crash.
//!
//! This file is the session around it: the queue, what an answer, an undo or a skip does to it, and how
//! the session ends.

mod card;
mod input;
mod judge;
mod lookup;
mod summary;
mod verdict;
mod view;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};

use codedrill_core::answer::Mode;
use codedrill_core::deck::Direction;
use codedrill_core::deck_index::DeckIndex;
use codedrill_core::mistake::MistakeClass;
use codedrill_core::queue::{LEARN_AHEAD, Pile, Queue};
use codedrill_core::report::SessionKind;
use codedrill_core::schedule::{CardSchedule, Due, Scheduler, Settings};

use crate::clock::{self, Clock, Day};
use crate::store::{QueuePlan, Store};
use crate::view::style::Style;
use card::{Outcome, Undo};
use input::Waited;

pub use lookup::{Book, Looked, Shelf};
pub use summary::summary;

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
    /// Cards asked as reviews even before they are due: the trial's checks of what was learned.
    pub check: Vec<i64>,
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

/// What one answer added to the tally, kept so that an undo takes away exactly that.
#[derive(Clone, Copy, Debug)]
struct Counted {
    correct: bool,
    new_card: bool,
    duration_ms: i64,
    mistake: Option<MistakeClass>,
}

impl Tally {
    fn count(&mut self, answer: &Counted) {
        self.answered += 1;
        self.right += usize::from(answer.correct);
        self.new_cards += usize::from(answer.new_card);
        self.study_ms += answer.duration_ms;
        if let Some(m) = answer.mistake {
            *self.slips.entry(m).or_default() += 1;
        }
    }

    fn uncount(&mut self, answer: &Counted) {
        self.answered = self.answered.saturating_sub(1);
        self.right = self.right.saturating_sub(usize::from(answer.correct));
        self.new_cards = self.new_cards.saturating_sub(usize::from(answer.new_card));
        self.study_ms -= answer.duration_ms;
        if let Some(m) = answer.mistake
            && let Some(n) = self.slips.get_mut(&m)
        {
            *n = n.saturating_sub(1);
        }
    }
}

/// Whether a session's queue has nothing to ask now or soon: empty, or only learning cards that come back
/// beyond the learn-ahead limit (a session would end before its first card).
fn nothing_now(queue: &Queue, now: DateTime<Utc>) -> bool {
    let counts = queue.counts();
    let soonest = queue.learning_due().first().copied();
    counts.new + counts.review == 0 && soonest.is_none_or(|at| at > now + LEARN_AHEAD)
}

/// The tally, even if a thread panicked while holding it: its counts are still the best there are.
fn lock(tally: &Mutex<Tally>) -> MutexGuard<'_, Tally> {
    tally.lock().unwrap_or_else(PoisonError::into_inner)
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
    /// The Alphabetic Index and the Tabular List a lookup drill opens (`--mode lookup`).
    pub book: Option<&'a dyn Book>,
}

/// A session under way: its queue, and what it needs to take answers back.
struct Round {
    session: i64,
    scheduler: Scheduler,
    started: DateTime<Utc>,
    today: Day,
    queue: Queue,
    /// The answers that can still be taken back, the last on top.
    answers: Vec<Undo>,
    /// Misses per card in practice, where a missed card comes round again, up to twice.
    misses: BTreeMap<i64, u32>,
    /// The card shown last: it never comes again straight away while another card could.
    last: Option<i64>,
}

impl Round {
    /// An answered card leaves the queue with its siblings, unless it comes back: later today while
    /// learning, or in practice after a miss. A leech leaves at once.
    fn answered(&mut self, id: i64, after: &CardSchedule, undo: Undo, cram: bool) {
        self.queue.remove_siblings(id);
        if undo.leeched {
            self.queue.remove(id);
        } else if cram {
            let missed = self.misses.entry(id).or_default();
            if !undo.counted.correct && *missed < 2 {
                *missed += 1;
                self.queue.push_back(id);
            }
        } else if let Due::At(at) = after.due {
            self.queue.push_learning(id, at);
        }
        self.answers.push(undo);
    }
}

impl<R: BufRead, W: Write> Drill<'_, R, W> {
    /// Runs one session: plans its cards, asks them one by one (each answer is saved as it is given),
    /// and says how it ended. The caller prints the summary.
    pub fn run(&mut self, options: &Options) -> Result<Ending> {
        let scheduler = Scheduler::new(options.settings.clone())?;
        let started = self.clock.now();
        let today = clock::study_day(started);
        let (queue, kind) = self.plan(options, today)?;
        if nothing_now(&queue, started) {
            self.nothing_to_do(options, &queue, started, today)?;
            return Ok(Ending::Finished);
        }
        let session = self.store.start_session(kind, started)?;
        self.view().intro(queue.counts(), options)?;
        self.books_note(options)?;
        let mut round = Round {
            session,
            scheduler,
            started,
            today,
            queue,
            answers: Vec::new(),
            misses: BTreeMap::new(),
            last: None,
        };
        let ending = self.go_through(&mut round, options)?;
        self.close(session, ending)?;
        Ok(ending)
    }

    /// The cards of this session, and what kind of session it is.
    fn plan(&mut self, options: &Options, today: Day) -> Result<(Queue, SessionKind)> {
        Ok(match &options.cram {
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
                let mut queue = self.build_queue(options, today)?;
                queue.add_reviews(&options.check);
                (queue, SessionKind::Drill)
            }
        })
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

    /// Says why there is nothing to study, and what to do instead.
    fn nothing_to_do(
        &mut self,
        options: &Options,
        queue: &Queue,
        now: DateTime<Utc>,
        today: Day,
    ) -> Result<()> {
        let Some(cram) = &options.cram else {
            let (new_done, reviews_done) = self.store.done_since(clock::day_start(today))?;
            let learning = queue.learning_due();
            let mut new_left = false;
            for &deck in &options.decks {
                new_left |= !self
                    .store
                    .new_cards(deck, options.direction, today, 1)?
                    .is_empty();
            }
            let why = summary::NothingDue {
                new_done,
                new_per_day: options.new_per_day,
                new_left,
                reviews_done,
                reviews_per_day: options.reviews_per_day,
                forecast: self.store.due_forecast(&options.decks, today, 30)?,
                learning: learning.first().map(|at| (learning.len(), *at)),
            };
            return Ok(self.view().nothing_due(&why, now, today)?);
        };
        Ok(self.view().nothing_to_cram(cram)?)
    }

    /// Asks card after card until the queue is done, the time is up, or the learner stops.
    fn go_through(&mut self, round: &mut Round, options: &Options) -> Result<Ending> {
        let limit = options.minutes.map(|m| Duration::minutes(i64::from(m)));
        loop {
            let now = self.clock.now();
            if limit.is_some_and(|limit| now - round.started >= limit) {
                return Ok(Ending::TimeUp);
            }
            let Some(id) = round.queue.next_after(now, round.last) else {
                match self.wait(round, now)? {
                    Waited::Go => round.last = None,
                    Waited::Undo => self.undo(round, None)?,
                    Waited::Stop(ending) => return Ok(ending),
                }
                continue;
            };
            round.last = Some(id);
            let card = self.store.card(id)?;
            let pile = Pile::of(card.schedule.state);
            let counts = round.queue.counts().with(pile);
            let (scheduler, session) = (&round.scheduler, round.session);
            match self.ask(scheduler, options, &card, session, counts)? {
                Outcome::Answered { after, undo } => {
                    round.answered(id, &after, undo, options.cram.is_some());
                }
                Outcome::Undo => self.undo(round, Some((id, pile)))?,
                Outcome::TakenBack => round.queue.push_front(id, pile),
                Outcome::Skip => self.skip(round, id, options.cram.is_none())?,
                Outcome::Stop(ending) => return Ok(ending),
            }
        }
    }

    /// Nothing can come now: the session is done, its learning cards come back too late to wait for
    /// (it ends), or they come back soon, and the learner waits or stops.
    fn wait(&mut self, round: &Round, now: DateTime<Utc>) -> Result<Waited> {
        let due = round.queue.learning_due();
        let Some(&soonest) = due.first() else {
            return Ok(Waited::Stop(Ending::Finished));
        };
        if soonest > now + LEARN_AHEAD {
            return Ok(Waited::Stop(Ending::Waiting(due.len(), soonest)));
        }
        let soon: Vec<_> = due
            .into_iter()
            .filter(|d| *d <= now + LEARN_AHEAD)
            .collect();
        let latest = soon.last().copied().unwrap_or(soonest);
        self.view().waiting(soon.len(), latest - now)?;
        Ok(self.wait_for_learning()?)
    }

    /// `:u`: the last answer is taken back and its card asked again, before the card on screen (if any,
    /// with the pile it counts in).
    fn undo(&mut self, round: &mut Round, current: Option<(i64, Pile)>) -> Result<()> {
        if let Some((id, pile)) = current {
            round.queue.push_front(id, pile);
        }
        match round.answers.pop() {
            Some(undo) => {
                self.take_back(&undo)?;
                round
                    .queue
                    .push_front(undo.card_id, Pile::of(undo.before.state));
            }
            None => self.view().nothing_to_undo()?,
        }
        Ok(())
    }

    /// `:s`: the card leaves this session and, on the schedule, waits until tomorrow.
    fn skip(&mut self, round: &mut Round, id: i64, bury: bool) -> Result<()> {
        round.queue.remove(id);
        if bury {
            self.store.bury(id, round.today + 1)?;
        }
        self.view().skipped()?;
        Ok(())
    }

    /// Asks how the session felt (unless the input has ended) and marks a session that ran its course
    /// as finished.
    fn close(&mut self, session: i64, ending: Ending) -> Result<()> {
        if self.tally().answered > 0
            && ending != Ending::EndOfInput
            && let Some(enjoyment) = self.ask_enjoyment()?
        {
            self.store.set_enjoyment(session, enjoyment)?;
        }
        if matches!(
            ending,
            Ending::Finished | Ending::TimeUp | Ending::Waiting(..)
        ) {
            self.store.finish_session(session, self.clock.now())?;
        }
        Ok(())
    }

    fn tally(&self) -> Tally {
        lock(&self.tally).clone()
    }

    fn view(&mut self) -> view::View<'_, W> {
        view::View {
            out: &mut self.out,
            style: self.style,
        }
    }
}
