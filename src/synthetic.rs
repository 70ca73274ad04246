//! Simulated learners, for tests and benchmarks: people with a known memory who study with codedrill for
//! a number of days. Whether a card is recalled follows the learner's true FSRS-6 parameters (their
//! memory, which codedrill does not know); what is shown, when, and how it is scheduled is codedrill's
//! own queue and scheduler with their defaults, as in a real drill. The answers are written through the
//! store's batch path: the same rows a drill writes.
//!
//! So a test can give one learner a good memory and another a poor one, or make one transpose digits, and
//! check that the report tells them apart and comes near the truth.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use fsrs::{FSRS, MemoryState};
use rand::{RngExt, SeedableRng, rngs::StdRng};

use codedrill_core::answer::Mode;
use codedrill_core::deck::Side;
use codedrill_core::mistake::MistakeClass;
use codedrill_core::report::SessionKind;

use crate::clock::{self, Day};
use crate::store::{NewReview, Store};
use codedrill_core::deck::Direction;
use codedrill_core::queue::Queue;
use codedrill_core::schedule::{CardSchedule, Due, Rating, ReviewKind, Scheduler, Settings};

/// Who is studying.
#[derive(Clone, Debug)]
pub struct Learner {
    /// The learner's true memory, as FSRS-6 parameters.
    pub memory: Vec<f32>,
    /// A different memory for billing decks, if the learner takes to them differently.
    pub billing_memory: Option<Vec<f32>>,
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
            memory: fsrs::DEFAULT_PARAMETERS.to_vec(),
            billing_memory: None,
            prior: 0.05,
            seconds: (9.0, 6.0),
            slip: (0.0, MistakeClass::OneWrong),
            enjoyment: (3, 3),
            skip_day: 0.0,
        }
    }

    /// The typical learner with initial stabilities (w0..w3) and long-term stability growth scaled by
    /// `factor`: above 1 remembers longer, below 1 forgets sooner.
    pub fn with_memory(factor: f32) -> Learner {
        Learner {
            memory: scaled_memory(factor),
            ..Learner::typical()
        }
    }
}

/// The default parameters with memory scaled: initial stabilities times `factor`, and recall growth
/// (w8, the log of the stability increase on success) moved by the log of `factor`.
pub fn scaled_memory(factor: f32) -> Vec<f32> {
    let mut w = fsrs::DEFAULT_PARAMETERS.to_vec();
    for s in &mut w[..4] {
        *s *= factor;
    }
    w[8] += factor.ln() * 0.5;
    w
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

/// A learner's true memory of one card.
#[derive(Clone, Copy)]
struct Truth {
    memory: Option<MemoryState>,
    last: DateTime<Utc>,
}

/// Runs the plan: each day a session of what is due, answered as the learner would.
pub fn simulate(store: &mut Store, learner: &Learner, plan: &Plan) -> Result<()> {
    let scheduler = Scheduler::new(Settings::default())?;
    let memory = FSRS::new(&learner.memory)?;
    let billing_memory = match &learner.billing_memory {
        Some(w) => FSRS::new(w)?,
        None => memory.clone(),
    };
    let mut rng = StdRng::seed_from_u64(plan.seed);
    let mut truth: HashMap<i64, Truth> = HashMap::new();
    for day in 0..plan.days {
        if rng.random::<f64>() < learner.skip_day {
            continue;
        }
        let names = &plan.decks[day as usize % plan.decks.len().max(1)];
        let decks = store.deck_ids(names)?;
        let billing_day = names.iter().all(|n| n == "billing");
        let mut now = plan.start + Duration::days(i64::from(day));
        let today = clock::study_day(now);
        let progress = f64::from(day) / f64::from(plan.days.max(2) - 1);
        let seconds = learner.seconds.0 + (learner.seconds.1 - learner.seconds.0) * progress;
        let mut queue = due_queue(store, &decks, today, plan.new_per_day)?;
        let session = store.start_session(SessionKind::Drill, now)?;
        store.batch(|batch| {
            while let Some(id) = queue.next(now) {
                let card = batch_card(batch.connection(), id)?;
                let fsrs = if card.1 { &billing_memory } else { &memory };
                let known = truth.get(&id).copied();
                let p = match known.and_then(|t| t.memory.map(|m| (m, t.last))) {
                    Some((m, last)) => {
                        let days = ((now - last).num_seconds() as f32 / 86_400.0).max(0.0);
                        fsrs::current_retrievability(
                            m,
                            days,
                            learner_decay(fsrs_parameters(learner, card.1)),
                        )
                    }
                    None => learner.prior as f32,
                };
                let recalled = rng.random::<f64>() < f64::from(p);
                // Only a code can be mistyped into another one; a meaning is known or not.
                let slipped = recalled && card.2 && rng.random::<f64>() < learner.slip.0;
                let correct = recalled && !slipped;
                // The truth moves with what the learner did; the answer shows on the card.
                let elapsed = known.map_or(0, |t| (today - clock::study_day(t.last)).max(0) as u32);
                let next = fsrs.next_states(known.and_then(|t| t.memory), 0.9, elapsed)?;
                truth.insert(
                    id,
                    Truth {
                        memory: Some(if recalled {
                            next.good.memory
                        } else {
                            next.again.memory
                        }),
                        last: now,
                    },
                );
                let before = card.0;
                let rating = if correct { Rating::Good } else { Rating::Again };
                let after = scheduler.answer(
                    &before,
                    rating,
                    now,
                    today,
                    codedrill_core::schedule::fuzz_seed(id, before.reps),
                );
                let duration =
                    (seconds * (0.7 + 0.6 * rng.random::<f64>()) * if correct { 1.0 } else { 1.4 })
                        * 1000.0;
                let mistake = match (recalled, slipped) {
                    (_, true) => Some(learner.slip.1),
                    (false, _) => Some(MistakeClass::NoAnswer),
                    _ => None,
                };
                batch.record(&NewReview {
                    card_id: id,
                    session_id: Some(session),
                    at: now,
                    rating,
                    answer: if correct { "right" } else { "" },
                    correct,
                    duration_ms: (duration as i64).min(codedrill_core::schedule::MAX_ANSWER_MS),
                    kind: ReviewKind::of(before.state),
                    side: Side::Code,
                    mode: Mode::Type,
                    hinted: false,
                    before: &before,
                    after: &after,
                    mistake,
                })?;
                now += Duration::milliseconds(duration as i64 + 3_000);
                if let Due::At(at) = after.due {
                    queue.push_learning(id, at);
                }
            }
            Ok(())
        })?;
        let enjoyment = if billing_day {
            learner.enjoyment.1
        } else {
            learner.enjoyment.0
        };
        store.set_enjoyment(session, enjoyment)?;
        store.finish_session(session, now)?;
    }
    Ok(())
}

/// A card's schedule, whether it is a billing card and whether it is typed as a code, read inside the
/// batch's transaction.
fn batch_card(conn: &rusqlite::Connection, id: i64) -> Result<(CardSchedule, bool, bool)> {
    Ok(conn.query_row(
        "SELECT c.state, c.step, c.due, c.stability, c.difficulty, c.last_review, c.last_day, c.interval,
                c.reps, c.lapses, d.role, c.system
         FROM card c JOIN deck d ON d.id = c.deck_id WHERE c.id = ?1",
        [id],
        |r| {
            let schedule = crate::store::schedule_columns(r, 0)?;
            let billing = r.get::<_, String>(10)? == "billing";
            let code = codedrill_core::deck::System::parse(&r.get::<_, String>(11)?)
                .is_some_and(|s| s.is_code() && s != codedrill_core::deck::System::Case);
            Ok((schedule, billing, code))
        },
    )?)
}

fn fsrs_parameters(learner: &Learner, billing: bool) -> &[f32] {
    match (&learner.billing_memory, billing) {
        (Some(w), true) => w,
        _ => &learner.memory,
    }
}

fn learner_decay(w: &[f32]) -> f32 {
    w.get(20).copied().unwrap_or(fsrs::DEFAULT_PARAMETERS[20])
}

/// What a drill on `decks` would show today, as codedrill builds it.
fn due_queue(store: &Store, decks: &[i64], today: Day, new_per_day: usize) -> Result<Queue> {
    let learning = store
        .learning_due(decks, Direction::Auto, clock::day_start(today + 1), today)?
        .into_iter()
        .map(|q| (crate::store::from_ms(q.order), q))
        .collect();
    let reviews = store.reviews_due(decks, Direction::Auto, today, 10_000)?;
    let per_deck = decks
        .iter()
        .map(|&d| store.new_cards(d, Direction::Auto, today, new_per_day))
        .collect::<Result<Vec<_>>>()?;
    Ok(Queue::new(
        learning,
        reviews,
        Queue::interleave(per_deck, new_per_day),
        &[],
    ))
}

/// A large collection for benchmarks: `cards` cards in a deck named `bulk` (ICD-10-CM-like codes), and
/// about `reviews` answers spread over the `days` before `end`, each card answered on the days
/// codedrill's scheduler gives it (right about nine times in ten), with schedules to match. Written in
/// one transaction.
pub fn bulk(
    store: &mut Store,
    cards: usize,
    reviews: usize,
    days: i64,
    end: DateTime<Utc>,
    seed: u64,
) -> Result<()> {
    let deck = crate::store::ImportDeck {
        name: "bulk".into(),
        role: codedrill_core::deck::Role::Coding,
        source_path: String::new(),
        cards: (0..cards).map(synthetic_card).collect(),
    };
    store.import_decks(
        &[deck],
        crate::store::SyncMode::Merge(codedrill_core::import::OnDuplicate::Update),
        false,
        end,
        &mut |_| {},
    )?;
    let ids = {
        let deck_id = store.deck_ids(&["bulk".to_owned()])?[0];
        store
            .new_cards(deck_id, Direction::Auto, i64::MAX, cards)?
            .into_iter()
            .map(|q| q.id)
            .collect::<Vec<_>>()
    };
    let scheduler = Scheduler::new(Settings::default())?;
    let mut rng = StdRng::seed_from_u64(seed);
    let start = end - Duration::days(days);
    // Cards are started at an even pace over the span, and every answer is written in time order, as a
    // real log grows: the next answer is always the earliest due across all cards.
    let mut schedules = vec![CardSchedule::new_card(); ids.len()];
    let mut next: std::collections::BinaryHeap<std::cmp::Reverse<(DateTime<Utc>, usize)>> = (0
        ..ids.len())
        .map(|i| {
            let first = start + Duration::seconds((days * 86_400) * i as i64 / cards.max(1) as i64);
            std::cmp::Reverse((first, i))
        })
        .collect();
    store.batch(|batch| {
        let mut written = 0;
        while let Some(std::cmp::Reverse((at, i))) = next.pop() {
            if at >= end || written >= reviews {
                break;
            }
            let (id, card) = (ids[i], schedules[i]);
            let rating = match rng.random::<f64>() {
                r if r < 0.10 => Rating::Again,
                r if r < 0.15 => Rating::Hard,
                r if r < 0.97 => Rating::Good,
                _ => Rating::Easy,
            };
            let today = clock::study_day(at);
            let after = scheduler.answer(
                &card,
                rating,
                at,
                today,
                codedrill_core::schedule::fuzz_seed(id, card.reps),
            );
            batch.record(&NewReview {
                card_id: id,
                session_id: None,
                at,
                rating,
                answer: "",
                correct: rating != Rating::Again,
                duration_ms: rng.random_range(2_000..15_000),
                kind: ReviewKind::of(card.state),
                side: Side::Code,
                mode: Mode::Type,
                hinted: false,
                before: &card,
                after: &after,
                mistake: (rating == Rating::Again).then_some(MistakeClass::OneWrong),
            })?;
            written += 1;
            schedules[i] = after;
            let due = match after.due {
                Due::At(due) => due,
                Due::Day(day) => clock::day_start(day) + Duration::hours(rng.random_range(10..16)),
                Due::New => continue,
            };
            next.push(std::cmp::Reverse((due, i)));
        }
        Ok(())
    })
}

/// A made-up card shaped like an ICD-10-CM one: a code such as `Q12.345A` and a description.
fn synthetic_card(i: usize) -> codedrill_core::deck::CardContent {
    let letter = (b'A' + (i % 26) as u8) as char;
    let code = format!(
        "{letter}{:02}.{:03}{}",
        (i / 26) % 100,
        (i / 2_600) % 1_000,
        ['A', 'D', 'S'][i % 3]
    );
    let description = format!(
        "Synthetic condition number {i}, of the {} site, initial or later encounter",
        ["left", "right", "unspecified"][i % 3]
    );
    codedrill_core::deck::CardContent {
        category: format!("Block {}", i % 100),
        source: "synthetic".into(),
        ..codedrill_core::deck::CardContent::new(
            &code,
            &description,
            codedrill_core::deck::System::IcdCm,
        )
    }
}
