//! The order cards come in during one session. Pure: the store hands over what is due, the queue
//! decides what comes next.
//!
//! 1. A learning card whose step has ended comes first: a short step is only useful if kept.
//! 2. Then reviews and new cards, spread through each other in proportion (20 new among 100 reviews:
//!    one new card after about every five reviews), new cards taken from the decks in turn.
//! 3. When nothing else is left, a learning card whose step ends within the learn-ahead limit (20
//!    minutes, as in Anki) is shown early rather than ending the session for a few minutes' wait.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};

use crate::store::Queued;

/// How far ahead a learning card may be shown when nothing else is due.
pub const LEARN_AHEAD: Duration = Duration::minutes(20);

#[derive(Debug, Default)]
pub struct Queue {
    /// (step ends, card), soonest first.
    learning: Vec<(DateTime<Utc>, i64)>,
    reviews: VecDeque<i64>,
    new: VecDeque<i64>,
    reviews_total: usize,
    new_total: usize,
}

impl Queue {
    pub fn new(learning: Vec<(DateTime<Utc>, i64)>, reviews: Vec<i64>, new: Vec<i64>) -> Queue {
        let mut queue = Queue {
            reviews_total: reviews.len(),
            new_total: new.len(),
            reviews: reviews.into(),
            new: new.into(),
            learning: Vec::with_capacity(learning.len()),
        };
        for (due, id) in learning {
            queue.push_learning(id, due);
        }
        queue
    }

    /// New cards from several decks, each deck's in its own order, taken from the decks in turn so that
    /// one deck's cards do not all come in a row.
    pub fn interleave(per_deck: Vec<Vec<Queued>>, limit: usize) -> Vec<i64> {
        let mut decks: Vec<VecDeque<i64>> = per_deck
            .into_iter()
            .map(|cards| cards.into_iter().map(|q| q.id).collect())
            .collect();
        let mut out = Vec::with_capacity(limit);
        while out.len() < limit && decks.iter().any(|d| !d.is_empty()) {
            for deck in &mut decks {
                if out.len() == limit {
                    break;
                }
                if let Some(id) = deck.pop_front() {
                    out.push(id);
                }
            }
        }
        out
    }

    /// Puts a card (back) in the learning queue, due at `due`.
    pub fn push_learning(&mut self, id: i64, due: DateTime<Utc>) {
        self.learning.retain(|(_, other)| *other != id);
        let at = self.learning.partition_point(|(d, _)| *d <= due);
        self.learning.insert(at, (due, id));
    }

    /// Takes a card out wherever it is (skipped, buried or suspended).
    pub fn remove(&mut self, id: i64) {
        self.learning.retain(|(_, other)| *other != id);
        self.reviews.retain(|other| *other != id);
        self.new.retain(|other| *other != id);
    }

    /// The next card to show at `now`, taken out of the queue.
    pub fn next(&mut self, now: DateTime<Utc>) -> Option<i64> {
        if self.learning.first().is_some_and(|(due, _)| *due <= now) {
            return Some(self.learning.remove(0).1);
        }
        if let Some(id) = self.next_review_or_new() {
            return Some(id);
        }
        if self
            .learning
            .first()
            .is_some_and(|(due, _)| *due <= now + LEARN_AHEAD)
        {
            return Some(self.learning.remove(0).1);
        }
        None
    }

    fn next_review_or_new(&mut self) -> Option<i64> {
        // Take a new card when a smaller share of the new cards than of the reviews has been shown.
        let new_share = fraction_left(self.new.len(), self.new_total);
        let review_share = fraction_left(self.reviews.len(), self.reviews_total);
        if !self.new.is_empty() && (self.reviews.is_empty() || new_share > review_share) {
            self.new.pop_front()
        } else {
            self.reviews.pop_front()
        }
    }

    /// Cards still to be shown in this session (a learning card counts once, however many steps remain).
    pub fn remaining(&self) -> usize {
        self.learning.len() + self.reviews.len() + self.new.len()
    }

    /// Learning cards left whose steps end beyond the learn-ahead limit, and the soonest of them.
    pub fn waiting(&self, now: DateTime<Utc>) -> Option<(usize, DateTime<Utc>)> {
        let later: Vec<_> = self
            .learning
            .iter()
            .filter(|(due, _)| *due > now + LEARN_AHEAD)
            .collect();
        later.first().map(|(due, _)| (later.len(), *due))
    }
}

fn fraction_left(left: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        left as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    #[test]
    fn due_learning_cards_come_first_then_reviews_and_new_cards_mixed() {
        let mut q = Queue::new(vec![(t(-1), 1)], vec![10, 11, 12, 13], vec![20, 21]);
        let order: Vec<i64> = std::iter::from_fn(|| q.next(t(0))).collect();
        assert_eq!(order[0], 1);
        assert_eq!(order.len(), 7);
        // Two new cards among four reviews: never both new cards first, never both last.
        let pos: Vec<usize> = [20, 21]
            .iter()
            .map(|id| order.iter().position(|x| x == id).unwrap())
            .collect();
        assert!(pos[1] - pos[0] >= 2, "{order:?}");
    }

    #[test]
    fn learning_cards_are_shown_ahead_only_when_nothing_else_is_left() {
        let mut q = Queue::new(vec![], vec![10], vec![]);
        q.push_learning(5, t(10));
        q.push_learning(6, t(60));
        assert_eq!(q.next(t(0)), Some(10));
        assert_eq!(
            q.next(t(0)),
            Some(5),
            "10 minutes is within the learn-ahead limit"
        );
        assert_eq!(q.next(t(0)), None, "an hour is not");
        assert_eq!(q.waiting(t(0)), Some((1, t(60))));
        assert_eq!(q.next(t(45)), Some(6));
    }

    #[test]
    fn a_card_pushed_again_is_not_queued_twice() {
        let mut q = Queue::new(vec![], vec![], vec![]);
        q.push_learning(7, t(1));
        q.push_learning(7, t(10));
        assert_eq!(q.remaining(), 1);
        q.remove(7);
        assert_eq!(q.remaining(), 0);
    }

    #[test]
    fn new_cards_are_taken_from_the_decks_in_turn() {
        let deck = |d: i64, ids: &[i64]| {
            ids.iter()
                .map(|&id| Queued {
                    id,
                    deck_id: d,
                    order: id,
                })
                .collect::<Vec<_>>()
        };
        let ids = Queue::interleave(
            vec![deck(1, &[1, 2, 3]), deck(2, &[4]), deck(3, &[5, 6])],
            5,
        );
        assert_eq!(ids, [1, 4, 5, 2, 6]);
    }
}
