//! What the store's own tests share: a small deck, and answers to record.

use chrono::{DateTime, Utc};

use codedrill_core::answer::Mode;
use codedrill_core::deck::{CardContent, Origin, Role, Side, System};
use codedrill_core::schedule::{CardSchedule, Due, Rating, ReviewKind, State};

use codedrill_core::deck::Direction;

use super::merge::sync_cards;
use super::sync::{DeckHeader, upsert_deck};
use super::{NewReview, Store, SyncCounts, SyncMode, from_ms};

pub fn content(key: &str, description: &str) -> CardContent {
    CardContent::new(key, description, System::IcdCm)
}

/// Syncs `cards` into the deck `t` as `mode` says.
pub fn deck(store: &mut Store, cards: &[CardContent], mode: SyncMode) -> (i64, SyncCounts) {
    let tx = store.conn.transaction().unwrap();
    let header = DeckHeader {
        name: "t",
        title: "Test",
        origin: Origin::Import,
        role: Role::Coding,
        sort_order: 0,
        fingerprint: "",
        source_path: "",
    };
    let id = upsert_deck(&tx, &header, Utc::now()).unwrap();
    let counts = sync_cards(&tx, id, cards, mode, &mut |_| {}).unwrap();
    tx.commit().unwrap();
    (id, counts)
}

/// A new card's schedule after a right first answer at `at`: in review, due on day 5.
pub fn learned(at: DateTime<Utc>) -> CardSchedule {
    CardSchedule {
        state: State::Review,
        due: Due::Day(5),
        interval: 3,
        reps: 1,
        last_day: Some(2),
        last_review: Some(at),
        ..CardSchedule::new_card()
    }
}

/// A right typed answer to `card_id` at `at`, from `before` to `after`.
pub fn review<'a>(
    card_id: i64,
    at: DateTime<Utc>,
    before: &'a CardSchedule,
    after: &'a CardSchedule,
) -> NewReview<'a> {
    NewReview {
        card_id,
        session_id: None,
        at,
        rating: Rating::Good,
        answer: "A1",
        correct: true,
        duration_ms: 1200,
        kind: ReviewKind::of(before.state),
        side: Side::Code,
        mode: Mode::Type,
        hinted: false,
        lookups: None,
        before,
        after,
        mistake: None,
        leech: false,
    }
}

/// A time for answers that need one: 2027-01-15.
pub fn at() -> DateTime<Utc> {
    from_ms(1_800_000_000_000)
}

/// A deck `t` holding one new card, A1: the deck's id and the card's.
pub fn one_card(store: &mut Store) -> (i64, i64) {
    let (deck_id, _) = deck(store, &[content("A1", "one")], SyncMode::Replace);
    let card = store.new_cards(deck_id, Direction::Auto, 0, 1).unwrap()[0];
    (deck_id, card.id)
}
