//! Work inside one process, where a person waits between two cards: saving an answer durably, choosing
//! the next card, a multiple-choice question's options and a wrong answer traced in a big deck.

use std::path::Path;
use std::time::Instant;

use codedrill::builtin::BUILTIN;
use codedrill::store::{NewReview, QueuePlan, Store};
use codedrill_core::deck::Direction;
use codedrill_core::schedule::{CardSchedule, Rating, ReviewKind, Scheduler, Settings};

use super::{NOW, Row, Scale, bare_database, median, ms, percentile};

// ----- one answer saved -----

pub fn durable_answer(dir: &Path, scale: &Scale) -> Row {
    let home = dir.join("answers");
    let _ = std::fs::remove_dir_all(&home);
    let now: chrono::DateTime<chrono::Utc> = NOW.parse().unwrap();
    let mut store = Store::open(&home).unwrap();
    store.sync_builtin(BUILTIN, now).unwrap();
    let decks = store.all_deck_ids().unwrap();
    let card = store.new_cards(decks[0], Direction::Auto, 0, 1).unwrap()[0].id;
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    let before = CardSchedule::new_card();
    let after = scheduler.answer(&before, Rating::Good, now, 20_000, 1);
    let mut ours = Vec::with_capacity(scale.answers);
    for _ in 0..scale.answers {
        let review = NewReview {
            card_id: card,
            session_id: None,
            at: now,
            rating: Rating::Good,
            answer: "E11.9",
            correct: true,
            duration_ms: 4_000,
            kind: ReviewKind::Learn,
            side: codedrill_core::deck::Side::Code,
            mode: codedrill_core::answer::Mode::Type,
            hinted: false,
            lookups: None,
            before: &before,
            after: &after,
            mistake: None,
            leech: false,
        };
        let started = Instant::now();
        store.record_review(&review, None).unwrap();
        ours.push(started.elapsed());
    }
    // The limit: a bare insert of one row in its own transaction, same journal and sync settings.
    let mut conn = bare_database(
        dir,
        "bare-answers",
        "CREATE TABLE review (card INTEGER, at INTEGER, rating INTEGER, answer TEXT)",
    );
    let mut bare = Vec::with_capacity(scale.answers);
    for i in 0..scale.answers {
        let started = Instant::now();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        tx.execute("INSERT INTO review VALUES (1, ?1, 3, 'E11.9')", [i as i64])
            .unwrap();
        tx.commit().unwrap();
        bare.push(started.elapsed());
    }
    let (m, p99) = (median(&mut ours), percentile(&mut ours, 0.99));
    let (bm, bp99) = (median(&mut bare), percentile(&mut bare, 0.99));
    Row {
        work: "one answer saved durably (fsync)",
        measured: format!("median {}, p99 {}", ms(m), ms(p99)),
        target: "median <= 0.5 ms, p99 <= 1 ms (Anki: 0.53 / 0.89 ms)",
        compared: format!(
            "bare insert median {}, p99 {} ({:.1}x, {:.1}x)",
            ms(bm),
            ms(bp99),
            m.as_secs_f64() / bm.as_secs_f64(),
            p99.as_secs_f64() / bp99.as_secs_f64()
        ),
        peak: None,
    }
}

// ----- choosing the next card -----

pub fn next_card(big: &Path, scale: &Scale) -> Row {
    let store = Store::open(big).unwrap();
    let decks = store.all_deck_ids().unwrap();
    let now: chrono::DateTime<chrono::Utc> = NOW.parse().unwrap();
    let today = codedrill::clock::study_day(now);
    let mut builds = Vec::new();
    let mut nexts = Vec::new();
    for _ in 0..scale.repeats.max(5) {
        let started = Instant::now();
        // The drill's own path: what is due within its default limits, less what today already holds.
        let mut queue = store
            .due_queue(&QueuePlan {
                decks: &decks,
                direction: Direction::Auto,
                new_per_day: 20,
                reviews_per_day: 200,
                today,
            })
            .unwrap();
        let id = queue.next(now).unwrap();
        store.card(id).unwrap();
        builds.push(started.elapsed());
        for _ in 0..20 {
            let started = Instant::now();
            if let Some(id) = queue.next(now) {
                store.card(id).unwrap();
            }
            nexts.push(started.elapsed());
        }
    }
    let (b, n) = (median(&mut builds), median(&mut nexts));
    Row {
        work: "choosing the next card (big collection)",
        measured: format!("next {}, first of a session {}", ms(n), ms(b)),
        target: "<= 1 ms (Anki: 8 ms for its first queue)",
        compared: format!(
            "{} cards in the collection",
            scale.deck_rows + BUILTIN.len() * 100
        ),
        peak: None,
    }
}

// ----- multiple choice and wrong answers in a big deck -----

/// What a drill asks of a whole deck between two cards: a multiple-choice question's near options, and
/// whose answer a wrong answer was. The deck is read into memory once a session; each card then works on
/// that copy.
pub fn deck_questions(big: &Path, scale: &Scale) -> Row {
    use codedrill_core::deck::Side;
    use codedrill_core::deck_index::DeckIndex;
    use rand::SeedableRng;

    let store = Store::open(big).unwrap();
    let deck = store.deck_ids(&["bulk".to_owned()]).unwrap()[0];
    let cards = store.deck_cards_placed(deck).unwrap();
    let sample: Vec<_> = cards
        .iter()
        .step_by(cards.len() / 20 + 1)
        .map(|(_, card)| card.clone())
        .collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let (mut reads, mut firsts, mut options, mut traces) = (vec![], vec![], vec![], vec![]);
    for _ in 0..scale.repeats.max(5) {
        let started = Instant::now();
        let mut index = DeckIndex::new(store.deck_cards_placed(deck).unwrap());
        reads.push(started.elapsed());
        let started = Instant::now();
        index.answered_by(Side::Meaning, &sample[1].description, &sample[0].key);
        firsts.push(started.elapsed());
        for (card, other) in sample.iter().zip(sample.iter().rev()) {
            let started = Instant::now();
            let near = index.neighbours(card, 40);
            codedrill_core::choice::build(card, Side::Code, &near, &mut rng).unwrap();
            options.push(started.elapsed());
            let started = Instant::now();
            let found = index.answered_by(Side::Meaning, &other.description, &card.key);
            traces.push(started.elapsed());
            assert!(found.is_some() || other.key == card.key);
        }
    }
    let (o, t) = (median(&mut options), median(&mut traces));
    Row {
        work: "a multiple-choice question's options, a wrong answer traced (big deck)",
        measured: format!("options {}, trace {}", ms(o), ms(t)),
        target: "<= 1 ms a card",
        compared: format!(
            "reading the deck, once a session: {} (+ {} for the first trace); {} cards",
            ms(median(&mut reads)),
            ms(median(&mut firsts)),
            cards.len()
        ),
        peak: None,
    }
}

// ----- the check for damage -----

/// SQLite's `quick_check` of a whole file, as opening runs it (on every opening up to
/// `CHECK_AT_EVERY_OPEN`, once a study day above), on the built-in decks alone and on the big
/// collection, beside reading the big file once.
pub fn damage_check(dir: &Path, big: &Path, scale: &Scale) -> Row {
    let small = dir.join("first-card").join(codedrill::store::DB_FILE);
    let big = big.join(codedrill::store::DB_FILE);
    let time = |path: &Path| {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut times = Vec::new();
        for _ in 0..scale.repeats.min(5) {
            let started = Instant::now();
            let ok: String = conn
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(ok, "ok");
            times.push(started.elapsed());
        }
        median(&mut times)
    };
    let (s, b) = (time(&small), time(&big));
    let mut reads = Vec::new();
    for _ in 0..scale.repeats.min(5) {
        let started = Instant::now();
        let bytes = std::fs::read(&big).unwrap();
        reads.push(started.elapsed());
        drop(bytes);
    }
    let r = median(&mut reads);
    let mb = |path: &Path| std::fs::metadata(path).unwrap().len() as f64 / 1_048_576.0;
    Row {
        work: "the check for damage (`PRAGMA quick_check`)",
        measured: format!(
            "built-in decks ({:.1} MiB) {}; big collection ({:.0} MiB) {}",
            mb(&small),
            ms(s),
            mb(&big),
            ms(b)
        ),
        target: "<= 20 ms where it runs at every opening (files up to 8 MiB)",
        compared: format!(
            "reading the big file alone {} ({:.1}x); {:.1} ms a MiB",
            ms(r),
            b.as_secs_f64() / r.as_secs_f64(),
            b.as_secs_f64() * 1000.0 / mb(&big)
        ),
        peak: None,
    }
}
