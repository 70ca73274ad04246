//! A large synthetic collection for the benchmarks: real or made-up ICD-10-CM cards and years of answers,
//! written by codedrill's own scheduler, answer by answer, through the store's batch path.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use rand::{RngExt, SeedableRng, rngs::StdRng};

use codedrill_core::answer::Mode;
use codedrill_core::deck::{CardContent, Direction, Role, Side, System};
use codedrill_core::import::OnDuplicate;
use codedrill_core::mistake::MistakeClass;
use codedrill_core::schedule::{
    CardSchedule, Due, Rating, ReviewKind, Scheduler, Settings, fuzz_seed,
};

use crate::clock::{self, Day};
use crate::store::{ImportDeck, NewReview, Store, SyncMode};

/// A large collection for benchmarks: `cards` made-up cards (ICD-10-CM-like codes) in a deck named
/// `bulk`, answered as [`bulk_on`] says.
pub fn bulk(
    store: &mut Store,
    cards: usize,
    reviews: usize,
    days: i64,
    end: DateTime<Utc>,
    seed: u64,
) -> Result<()> {
    let deck = (0..cards).map(synthetic_card).collect();
    bulk_on(store, deck, reviews, days, end, seed)
}

/// A large collection for benchmarks on the cards of a real deck (the benchmark's: the whole ICD-10-CM
/// list), imported as a deck named `bulk`, and about `reviews` answers spread over the `days` before
/// `end`, each card answered on the days codedrill's scheduler gives it (right about nine times in ten),
/// with schedules to match. Written in one transaction.
pub fn bulk_on(
    store: &mut Store,
    deck: Vec<CardContent>,
    reviews: usize,
    days: i64,
    end: DateTime<Utc>,
    seed: u64,
) -> Result<()> {
    let cards = deck.len();
    let ids = bulk_deck(store, deck, end)?;
    let scheduler = Scheduler::new(Settings::default())?;
    let mut rng = StdRng::seed_from_u64(seed);
    let start = end - Duration::days(days);
    // Cards are started at an even pace over the span, and every answer is written in time order, as a
    // real log grows: the next answer is always the earliest due across all cards.
    let mut schedules = vec![CardSchedule::new_card(); ids.len()];
    let mut next: BinaryHeap<Reverse<(DateTime<Utc>, usize)>> = (0..ids.len())
        .map(|i| {
            let first = start + Duration::seconds((days * 86_400) * i as i64 / cards.max(1) as i64);
            Reverse((first, i))
        })
        .collect();
    store.batch(|batch| {
        let mut written = 0;
        while let Some(Reverse((at, i))) = next.pop() {
            if at >= end || written >= reviews {
                break;
            }
            let (id, card) = (ids[i], schedules[i]);
            let rating = random_rating(&mut rng);
            let today = clock::study_day(at);
            let after = scheduler.answer(&card, rating, at, today, fuzz_seed(id, card.reps));
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
                lookups: None,
                before: &card,
                after: &after,
                mistake: (rating == Rating::Again).then_some(MistakeClass::OneWrong),
                leech: false,
            })?;
            written += 1;
            schedules[i] = after;
            let due = match after.due {
                Due::At(due) => due,
                Due::Day(day) => clock::day_start(day) + Duration::hours(rng.random_range(10..16)),
                Due::New => continue,
            };
            next.push(Reverse((due, i)));
        }
        Ok(())
    })
}

/// Imports the `bulk` deck of `cards`; returns their ids in deck order.
fn bulk_deck(store: &mut Store, cards: Vec<CardContent>, now: DateTime<Utc>) -> Result<Vec<i64>> {
    let count = cards.len();
    let deck = ImportDeck {
        name: "bulk".into(),
        role: Role::Coding,
        source_path: String::new(),
        cards,
    };
    let mode = SyncMode::Merge(OnDuplicate::Update);
    store.import_decks(&[deck], mode, false, now, &mut |_| {})?;
    let deck_id = store.deck_ids(&["bulk".to_owned()])?[0];
    let new = store.new_cards(deck_id, Direction::Auto, Day::MAX, count)?;
    Ok(new.into_iter().map(|q| q.id).collect())
}

/// Right about nine times in ten.
fn random_rating(rng: &mut StdRng) -> Rating {
    match rng.random::<f64>() {
        r if r < 0.10 => Rating::Again,
        r if r < 0.15 => Rating::Hard,
        r if r < 0.97 => Rating::Good,
        _ => Rating::Easy,
    }
}

/// A made-up card shaped like an ICD-10-CM one: a code such as `Q12.345A` and a description.
fn synthetic_card(i: usize) -> CardContent {
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
    CardContent {
        category: format!("Block {}", i % 100),
        source: "synthetic".into(),
        ..CardContent::new(&code, &description, System::IcdCm)
    }
}
