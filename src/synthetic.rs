//! Simulated learners, for tests and benchmarks: people with a known memory who study with codedrill for
//! a number of days. A learner's memory is a factor on the typical learner's (the FSRS-6 defaults): for
//! the very history of answers a card has, their stability is the typical stability times the factor,
//! which is exactly what the report's memory factor estimates, so a test can check it against the truth.
//! What is shown, when, and how it is scheduled is codedrill's
//! own queue (`Store::due_queue`, with the drill's default daily limits), scheduler and leech rule, as in
//! a real drill. The answers are written through the store's batch path: the same rows a drill writes,
//! and no SQL of its own.
//!
//! So a test can give one learner a good memory and another a poor one, or make one transpose digits, and
//! check that the report tells them apart and comes near the truth. `collection` makes a large collection
//! for the benchmarks.

mod collection;

pub use collection::{bulk, bulk_on};

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use fsrs::{FSRS, MemoryState};
use rand::{RngExt, SeedableRng, rngs::StdRng};

use codedrill_core::answer::Mode;
use codedrill_core::deck::{Direction, Role, Side};
use codedrill_core::mistake::MistakeClass;
use codedrill_core::report::SessionKind;
use codedrill_core::schedule::{
    CardSchedule, Due, MAX_ANSWER_MS, Rating, ReviewKind, Scheduler, Settings, fuzz_seed, is_leech,
};

use crate::clock::{self, Day};
use crate::store::{Batch, NewReview, QueuePlan, Store, StudyCard};

/// Who is studying.
#[derive(Clone, Debug)]
pub struct Learner {
    /// The learner's true memory: stability as a factor of the typical learner's for the same history.
    pub memory: f64,
    /// A different memory for billing decks, if the learner takes to them differently.
    pub billing_memory: Option<f64>,
    /// Chance of knowing a card before ever studying it.
    pub prior: f64,
    /// Seconds a right answer takes on the first day, and on the last.
    pub seconds: (f64, f64),
    /// Chance that a recalled code is typed wrong anyway, and the kind of slip it is.
    pub slip: (f64, MistakeClass),
    /// How each session felt, 1 to 5, for code and for billing sessions.
    pub enjoyment: (u8, u8),
    /// Chance of skipping a day.
    pub skip_day: f64,
}

impl Learner {
    /// A learner with the memory of the typical Anki user (the FSRS-6 defaults), careful and steady.
    pub fn typical() -> Learner {
        Learner {
            memory: 1.0,
            billing_memory: None,
            prior: 0.05,
            seconds: (9.0, 6.0),
            slip: (0.0, MistakeClass::OneWrong),
            enjoyment: (3, 3),
            skip_day: 0.0,
        }
    }

    /// The typical learner with a memory `factor` times the typical: above 1 remembers longer, below 1
    /// forgets sooner.
    pub fn with_memory(factor: f64) -> Learner {
        Learner {
            memory: factor,
            ..Learner::typical()
        }
    }

    /// The memory factor for a card of this kind of material.
    fn factor(&self, billing: bool) -> f64 {
        match (self.billing_memory, billing) {
            (Some(factor), true) => factor,
            _ => self.memory,
        }
    }
}

/// What is studied, and for how long.
#[derive(Clone, Debug)]
pub struct Plan {
    pub start: DateTime<Utc>,
    pub days: u32,
    pub new_per_day: usize,
    /// Deck names studied each day, cycled day by day (so some days can be billing only).
    pub decks: Vec<Vec<String>>,
    pub seed: u64,
}

/// A learner's true memory of one card: the typical learner's memory state for the same history of
/// recalls (the learner's stability is this times their factor), and when it was last answered.
#[derive(Clone, Copy)]
struct Truth {
    typical: Option<MemoryState>,
    last: DateTime<Utc>,
}

/// The reviews a simulated day holds at most: the drill's default limit.
const REVIEWS_PER_DAY: usize = 200;

/// Runs the plan: each day a session of what is due, answered as the learner would.
pub fn simulate(store: &mut Store, learner: &Learner, plan: &Plan) -> Result<()> {
    let mut study = Study {
        learner,
        scheduler: Scheduler::new(Settings::default())?,
        typical: FSRS::default(),
        rng: StdRng::seed_from_u64(plan.seed),
        truth: HashMap::new(),
    };
    for day in 0..plan.days {
        if study.rng.random::<f64>() < learner.skip_day {
            continue;
        }
        study.day(store, plan, day)?;
    }
    Ok(())
}

/// A learner studying: their true memories, and the chance that decides each answer.
struct Study<'a> {
    learner: &'a Learner,
    scheduler: Scheduler,
    typical: FSRS,
    rng: StdRng,
    truth: HashMap<i64, Truth>,
}

/// Where an answer falls: its session, its time and its study day.
#[derive(Clone, Copy)]
struct When {
    session: i64,
    now: DateTime<Utc>,
    today: Day,
}

/// One answer as the learner gives it.
struct Answer {
    correct: bool,
    mistake: Option<MistakeClass>,
    duration_ms: f64,
}

impl Study<'_> {
    /// One day's session: the queue a drill would build, answered card by card in one batch.
    fn day(&mut self, store: &mut Store, plan: &Plan, day: u32) -> Result<()> {
        let names = &plan.decks[day as usize % plan.decks.len().max(1)];
        let decks = store.deck_ids(names)?;
        let mut now = plan.start + Duration::days(i64::from(day));
        let today = clock::study_day(now);
        let progress = f64::from(day) / f64::from(plan.days.max(2) - 1);
        let (first, last) = self.learner.seconds;
        let seconds = first + (last - first) * progress;
        let mut queue = store.due_queue(&QueuePlan {
            decks: &decks,
            direction: Direction::Auto,
            new_per_day: plan.new_per_day,
            reviews_per_day: REVIEWS_PER_DAY,
            today,
        })?;
        let session = store.start_session(SessionKind::Drill, now)?;
        store.batch(|batch| {
            while let Some(id) = queue.next(now) {
                let card = batch.card(id)?;
                let when = When {
                    session,
                    now,
                    today,
                };
                let answer = self.answer(id, &card, when, seconds)?;
                let (after, leech) = self.record(batch, id, &card, &answer, when)?;
                now += Duration::milliseconds(answer.duration_ms as i64 + 3_000);
                // As the drill does: a sibling waits for another day, a leech leaves, learning comes back.
                queue.remove_siblings(id);
                if leech {
                    queue.remove(id);
                } else if let Due::At(at) = after.due {
                    queue.push_learning(id, at);
                }
            }
            Ok(())
        })?;
        let (code, billing) = self.learner.enjoyment;
        let billing_day = names.iter().all(|n| n == "billing");
        store.set_enjoyment(session, if billing_day { billing } else { code })?;
        store.finish_session(session, now)
    }

    /// Whether the learner recalls the card (their true memory decides) and types it right; their memory
    /// of it moves with the attempt.
    fn answer(&mut self, id: i64, card: &StudyCard, when: When, seconds: f64) -> Result<Answer> {
        let When { now, today, .. } = when;
        let billing = card.role == Role::Billing;
        let known = self.truth.get(&id).copied();
        let p = match known.and_then(|t| t.typical.map(|m| (m, t.last))) {
            Some((m, last)) => {
                let days = ((now - last).num_seconds() as f32 / 86_400.0).max(0.0);
                let own = MemoryState {
                    stability: m.stability * self.learner.factor(billing) as f32,
                    ..m
                };
                fsrs::current_retrievability(own, days, fsrs::DEFAULT_PARAMETERS[20])
            }
            None => self.learner.prior as f32,
        };
        let recalled = self.rng.random::<f64>() < f64::from(p);
        // Only a code can be mistyped into another one; a meaning is known or not.
        let slipped =
            recalled && card.is_code_card() && self.rng.random::<f64>() < self.learner.slip.0;
        let correct = recalled && !slipped;
        // The truth moves with what the learner recalled (a slip was recalled); the answer shows on the card.
        let elapsed = known.map_or(0, |t| (today - clock::study_day(t.last)).max(0) as u32);
        let next = self
            .typical
            .next_states(known.and_then(|t| t.typical), 0.9, elapsed)?;
        let truth = Truth {
            typical: Some(if recalled { next.good } else { next.again }.memory),
            last: now,
        };
        self.truth.insert(id, truth);
        let pace = 0.7 + 0.6 * self.rng.random::<f64>();
        let effort = if correct { 1.0 } else { 1.4 };
        Ok(Answer {
            correct,
            mistake: match (recalled, slipped) {
                (_, true) => Some(self.learner.slip.1),
                (false, _) => Some(MistakeClass::NoAnswer),
                _ => None,
            },
            duration_ms: seconds * pace * effort * 1000.0,
        })
    }

    /// Schedules and writes an answer as the drill does; returns the card's new schedule and whether it
    /// became a leech.
    fn record(
        &self,
        batch: &Batch,
        id: i64,
        card: &StudyCard,
        answer: &Answer,
        when: When,
    ) -> Result<(CardSchedule, bool)> {
        let When {
            session,
            now,
            today,
        } = when;
        let before = card.schedule;
        let rating = if answer.correct {
            Rating::Good
        } else {
            Rating::Again
        };
        let after = self
            .scheduler
            .answer(&before, rating, now, today, fuzz_seed(id, before.reps));
        let leech = is_leech(&before, rating, &after);
        batch.record(&NewReview {
            card_id: id,
            session_id: Some(session),
            at: now,
            rating,
            // A right answer is the card's own code (the codes of a case); a miss was left blank.
            answer: if answer.correct { &card.code } else { "" },
            correct: answer.correct,
            duration_ms: (answer.duration_ms as i64).min(MAX_ANSWER_MS),
            kind: ReviewKind::of(before.state),
            side: Side::Code,
            mode: Mode::Type,
            hinted: false,
            lookups: None,
            before: &before,
            after: &after,
            mistake: answer.mistake,
            leech,
        })?;
        Ok((after, leech))
    }
}
