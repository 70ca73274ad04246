//! What is due: the one path from the card table to a session's [`Queue`], used alike by the drill, the
//! simulated learners and the benchmarks, and the counts of what is due later.

use std::collections::HashSet;

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::named_params;
use rusqlite::types::ToSql;

use codedrill_core::deck::{Direction, Side};
use codedrill_core::queue::{Queue, Queued};
use codedrill_core::schedule::{ReviewKind, State};

use super::cards::side_condition;
use super::sql::{Named, Sql};
use super::{Store, from_ms, id_list, ms};
use crate::clock::{self, Day};

/// What a session studies: the decks, the sides, the daily limits, and the day.
#[derive(Clone, Copy, Debug)]
pub struct QueuePlan<'a> {
    pub decks: &'a [i64],
    pub direction: Direction,
    /// New cards a day, across the decks; those already started today count.
    pub new_per_day: usize,
    /// Reviews a day; those already done today count.
    pub reviews_per_day: usize,
    pub today: Day,
}

/// A deck's first new cards. Every query of the queue orders by the queue's index, (due, position, id),
/// so that reading stops after `:limit` (a new card has no due date: new cards come in deck order;
/// reviews due the same day, in deck order too).
const NEW_CARDS: &str =
    "state = :new AND buried_until <= :today ORDER BY due, position, id LIMIT :limit";

/// Review cards due by today, most overdue first.
const REVIEWS: &str = "state = :review AND due <= :today AND buried_until <= :today ORDER BY due, position, id LIMIT :limit";

impl Store {
    /// The session's queue of what is due today: learning cards, reviews within what is left of the daily
    /// limit, and new cards taken from the decks in turn within what is left of theirs. A card whose sibling
    /// was answered today waits for another day.
    pub fn due_queue(&self, plan: &QueuePlan) -> Result<Queue> {
        let day_start = clock::day_start(plan.today);
        let (new_done, reviews_done) = self.done_since(day_start)?;
        let learning = self
            .learning_due(plan, clock::day_start(plan.today + 1))?
            .into_iter()
            .map(|q| (from_ms(q.order), q))
            .collect();
        let review_limit = plan.reviews_per_day.saturating_sub(reviews_done);
        let reviews = self.reviews_due(plan, review_limit)?;
        let new_limit = plan.new_per_day.saturating_sub(new_done);
        let per_deck = self.new_per_deck(plan, new_limit)?;
        let answered = self.notes_answered_since(plan.decks, day_start)?;
        Ok(Queue::new(
            learning,
            reviews,
            Queue::interleave(per_deck, new_limit),
            &answered,
        ))
    }

    /// New cards introduced and reviews done since `since`, counting only standing reviews.
    pub fn done_since(&self, since: DateTime<Utc>) -> Result<(usize, usize)> {
        let (new, reviews): (i64, i64) = self.conn.query_row(
            "SELECT count(DISTINCT CASE WHEN state_before = :new THEN card_id END),
                    count(DISTINCT CASE WHEN kind = :review THEN card_id END)
             FROM standing_review
             WHERE reviewed_at >= :since",
            named_params! {
                ":new": State::New as i64,
                ":review": ReviewKind::Review as i64,
                ":since": ms(since),
            },
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((new as usize, reviews as usize))
    }

    /// How many cards fall due on each of the next `days` study days (index 0 = today, overdue included).
    pub fn due_forecast(&self, decks: &[i64], today: Day, days: usize) -> Result<Vec<i64>> {
        let mut counts = vec![0i64; days];
        let mut stmt = self.conn.prepare(&format!(
            "SELECT max(due - :today, 0), count(*) FROM card
             WHERE active AND NOT suspended AND state = :review AND deck_id IN ({})
               AND due < :today + :days
             GROUP BY 1",
            id_list(decks)
        ))?;
        let params = named_params! {
            ":today": today,
            ":days": days as i64,
            ":review": State::Review as i64,
        };
        let rows = stmt.query_map(params, |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (offset, count) = row?;
            if let Some(slot) = counts.get_mut(offset as usize) {
                *slot += count;
            }
        }
        Ok(counts)
    }

    /// The first `limit` new cards of one deck, in deck order.
    pub fn new_cards(
        &self,
        deck: i64,
        direction: Direction,
        today: Day,
        limit: usize,
    ) -> Result<Vec<Queued>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.queued(
            &[deck],
            direction,
            NEW_CARDS,
            &[(":today", &today), (":limit", &limit)],
        )
    }

    /// Each deck's first new cards, at most `limit` of each.
    fn new_per_deck(&self, plan: &QueuePlan, limit: usize) -> Result<Vec<Vec<Queued>>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        // With both directions a card's two sides sit side by side: fetch twice as many, keep one.
        let fetch = if plan.direction == Direction::Both {
            limit.saturating_mul(2)
        } else {
            limit
        };
        plan.decks
            .iter()
            .map(|&deck| {
                let mut seen = HashSet::new();
                let mut cards = self.new_cards(deck, plan.direction, plan.today, fetch)?;
                cards.retain(|q| seen.insert(q.note));
                Ok(cards)
            })
            .collect()
    }

    /// Learning and relearning cards whose step ends by `until`, soonest first.
    fn learning_due(&self, plan: &QueuePlan, until: DateTime<Utc>) -> Result<Vec<Queued>> {
        let (learning, relearning) = (State::Learning as i64, State::Relearning as i64);
        self.queued(
            plan.decks,
            plan.direction,
            "state IN (:learning, :relearning) AND due <= :until AND buried_until <= :today
             ORDER BY due, position, id",
            &[
                (":learning", &learning),
                (":relearning", &relearning),
                (":until", &ms(until)),
                (":today", &plan.today),
            ],
        )
    }

    /// Review cards due by today, most overdue first, at most `limit`.
    fn reviews_due(&self, plan: &QueuePlan, limit: usize) -> Result<Vec<Queued>> {
        let (review, limit) = (
            State::Review as i64,
            i64::try_from(limit).unwrap_or(i64::MAX),
        );
        self.queued(
            plan.decks,
            plan.direction,
            REVIEWS,
            &[
                (":review", &review),
                (":today", &plan.today),
                (":limit", &limit),
            ],
        )
    }

    /// The cards of `decks` on the sides `direction` asks that meet `condition` (with its parameters;
    /// `:new` is bound here).
    fn queued(
        &self,
        decks: &[i64],
        direction: Direction,
        condition: &str,
        named: &[Named],
    ) -> Result<Vec<Queued>> {
        let (sql, side) = queued_sql(decks, direction, condition);
        let new = State::New as i64;
        let mut params: Vec<(&str, &dyn ToSql)> = named.to_vec();
        params.push((":new", &new));
        if let Some(side) = &side {
            params.push((":side", side));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params.as_slice(), |r| {
            Ok(Queued {
                id: r.get(0)?,
                note: r.get(1)?,
                deck_id: r.get(2)?,
                order: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The notes (see [`Queued::note`]) answered since `since`: their other side waits for another day.
    fn notes_answered_since(&self, decks: &[i64], since: DateTime<Utc>) -> Result<Vec<(i64, i64)>> {
        let mut stmt = self.conn.prepare(&format!(
            // CROSS JOIN keeps the review log outside: today's few answers found by time, then their cards,
            // rather than every card of the decks searched for answers (45 ms on 75,000 cards).
            "SELECT DISTINCT coalesce(c.note_id, c.id), c.id
             FROM standing_review r CROSS JOIN card c ON c.id = r.card_id
             WHERE r.reviewed_at >= ?1 AND c.deck_id IN ({})",
            id_list(decks)
        ))?;
        let rows = stmt.query_map([ms(since)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The query of [`Store::queued`], and the side it binds.
fn queued_sql(decks: &[i64], direction: Direction, condition: &str) -> (String, Option<Sql<Side>>) {
    let (sides, side) = side_condition(direction);
    let sql = format!(
        "SELECT id, coalesce(note_id, id), deck_id,
                coalesce(CASE WHEN state = :new THEN position ELSE due END, 0)
         FROM card
         WHERE active AND NOT suspended AND deck_id IN ({}) AND {sides} AND {condition}",
        id_list(decks)
    );
    (sql, side)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use rusqlite::params;

    use super::*;
    use crate::store::testing::{content, deck, review};
    use crate::store::{Store, SyncMode};
    use codedrill_core::schedule::{CardSchedule, Due, VoidReason};

    const TODAY: Day = 20_000;

    fn drain(mut queue: Queue) -> Vec<i64> {
        let now = clock::day_start(TODAY) + Duration::hours(20);
        std::iter::from_fn(|| queue.next(now)).collect()
    }

    /// Answers `id` right today, taking it to a review due in three days; returns the review's id.
    fn answer_today(store: &mut Store, id: i64) -> i64 {
        let before = store.card(id).unwrap().schedule;
        let at = clock::day_start(TODAY) + Duration::hours(2);
        let after = CardSchedule {
            state: State::Review,
            due: Due::Day(TODAY + 3),
            last_review: Some(at),
            last_day: Some(TODAY),
            ..before
        };
        store
            .record_review(&review(id, at, &before, &after), None)
            .unwrap()
    }

    /// The ids `condition` queues from `decks` (with `:new`, `:review`, `:today` and `:limit` 20 bound),
    /// and the steps SQLite took to find them.
    fn queued_with_steps(store: &Store, decks: &[i64], condition: &str) -> (Vec<i64>, i32) {
        let (sql, _) = queued_sql(decks, Direction::Auto, condition);
        let mut stmt = store.conn.prepare(&sql).unwrap();
        let (new, review) = (State::New as i64, State::Review as i64);
        let params: &[(&str, &dyn ToSql)] = &[
            (":new", &new),
            (":review", &review),
            (":today", &TODAY),
            (":limit", &20),
        ];
        let params: Vec<_> = params
            .iter()
            .filter(|(name, _)| stmt.parameter_index(name).ok().flatten().is_some())
            .copied()
            .collect();
        let ids = stmt
            .query_map(params.as_slice(), |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        (ids, stmt.get_status(rusqlite::StatementStatus::VmStep))
    }

    /// 2,000 cards A0000... in the deck `t`: its id and the cards' ids.
    fn big_deck(store: &mut Store) -> (i64, Vec<i64>) {
        let cards: Vec<_> = (0..2_000)
            .map(|i| content(&format!("A{i:04}"), "a"))
            .collect();
        let (deck_id, _) = deck(store, &cards, SyncMode::Replace);
        let ids = store
            .new_cards(deck_id, Direction::Auto, TODAY, 2_000)
            .unwrap();
        (deck_id, ids.iter().map(|q| q.id).collect())
    }

    // The index before schema 12 made SQLite read and sort a whole deck of new cards, or every review due
    // in several decks, for the first few: a step a card and more (54,117 for 20 new of 2,000).
    #[test]
    fn a_decks_first_new_cards_are_read_from_the_index_without_reading_the_rest() {
        let mut store = Store::in_memory().unwrap();
        let (deck_id, ids) = big_deck(&mut store);
        let (first, steps) = queued_with_steps(&store, &[deck_id], NEW_CARDS);
        assert_eq!(first, ids[..20]);
        assert!(steps < 1_000, "{steps} steps for 20 cards of 2,000");
    }

    #[test]
    fn the_first_reviews_of_several_decks_are_read_without_reading_the_rest() {
        let mut store = Store::in_memory().unwrap();
        let (deck_id, ids) = big_deck(&mut store);
        store
            .conn
            .execute(
                "UPDATE card SET state = ?1, due = ?2 - id % 3",
                params![State::Review as i64, TODAY],
            )
            .unwrap();
        let (first, steps) = queued_with_steps(&store, &[deck_id, deck_id + 1], REVIEWS);
        let most_overdue: Vec<i64> = ids.into_iter().filter(|id| id % 3 == 2).take(20).collect();
        assert_eq!(first, most_overdue);
        assert!(steps < 1_000, "{steps} steps for 20 cards of 2,000");
    }

    fn plan(decks: &[i64], direction: Direction) -> QueuePlan<'_> {
        QueuePlan {
            decks,
            direction,
            new_per_day: 2,
            reviews_per_day: 2,
            today: TODAY,
        }
    }

    #[test]
    fn the_queue_keeps_to_what_is_left_of_the_daily_limits() {
        let mut store = Store::in_memory().unwrap();
        let cards: Vec<_> = (1..=6).map(|i| content(&format!("A{i}"), "a")).collect();
        let (deck_id, _) = deck(&mut store, &cards, SyncMode::Replace);
        let ids: Vec<i64> = (store.new_cards(deck_id, Direction::Auto, 0, 6).unwrap())
            .iter()
            .map(|q| q.id)
            .collect();
        store
            .conn
            .execute(
                "UPDATE card SET state = ?1, due = ?2 WHERE id IN (?3, ?4, ?5)",
                params![State::Review as i64, TODAY - 1, ids[0], ids[1], ids[2]],
            )
            .unwrap();
        // One review and one new card already done today: one of each is left.
        answer_today(&mut store, ids[0]);
        answer_today(&mut store, ids[3]);
        let queue = store.due_queue(&plan(&[deck_id], Direction::Auto)).unwrap();
        assert_eq!(drain(queue), [ids[1], ids[4]]);
    }

    #[test]
    fn a_side_answered_today_keeps_its_sibling_away() {
        let mut store = Store::in_memory().unwrap();
        let cards = [content("A1", "a"), content("B2", "b")];
        let (deck_id, _) = deck(&mut store, &cards, SyncMode::Replace);
        assert_eq!(store.ensure_sides(&[deck_id], Direction::Both).unwrap(), 2);
        let a1 = store.new_cards(deck_id, Direction::Code, 0, 1).unwrap()[0];
        let answered = answer_today(&mut store, a1.id);
        let decks = [deck_id];
        let both = QueuePlan {
            new_per_day: 10,
            ..plan(&decks, Direction::Both)
        };
        let queued = drain(store.due_queue(&both).unwrap());
        assert_eq!(queued.len(), 1, "one side of B2, no side of A1: {queued:?}");
        assert_ne!(store.card(queued[0]).unwrap().note_id, a1.note);
        // An answer taken back no longer holds the day for its note.
        let at = clock::day_start(TODAY) + Duration::hours(3);
        let new = CardSchedule::new_card();
        store
            .void_review(answered, a1.id, &new, at, VoidReason::Undone, false)
            .unwrap();
        let meanings = drain(store.due_queue(&plan(&decks, Direction::Meaning)).unwrap());
        assert_eq!(meanings.len(), 2, "A1's meaning side is back: {meanings:?}");
    }
}
