//! The order cards come in during one session. Pure: the store hands over what is due, the queue
//! decides what comes next.
//!
//! 1. A card put back in front (an undone answer) comes first.
//! 2. Then a learning card whose step has ended: a short step is only useful if kept.
//! 3. Then reviews and new cards, spread through each other in proportion (20 new among 100 reviews:
//!    one new card after about every five reviews), new cards taken from the decks in turn.
//! 4. When nothing else is left, a learning card whose step ends within the learn-ahead limit (20
//!    minutes, as in Anki) is shown early rather than ending the session for a few minutes' wait.
//!
//! The card just shown never comes again straight away while another card could come instead, nor
//! ahead of its time: the session then says that it is waiting for it.
//!
//! The two sides of one code (siblings, sharing a note) never both come on the same day: the first one
//! queued or answered keeps the day, the other waits.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, Duration, Utc};

use crate::schedule::State;

/// How far ahead a learning card may be shown when nothing else is due.
pub const LEARN_AHEAD: Duration = Duration::minutes(20);

/// A card's place in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Queued {
    pub id: i64,
    /// Cards with the same note are the two sides of one code: siblings.
    pub note: i64,
    pub deck_id: i64,
    /// Learning: when the step ends (ms); review: the due day; new: its position in the deck.
    pub order: i64,
}

/// The three piles a session's counter shows, as Anki's does: what is left of each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pile {
    New,
    Learning,
    Review,
}

impl Pile {
    /// The pile a card in `state` belongs to.
    pub fn of(state: State) -> Pile {
        match state {
            State::New => Pile::New,
            State::Learning | State::Relearning => Pile::Learning,
            State::Review => Pile::Review,
        }
    }
}

/// How many cards are left in each pile. A card counts once, however many learning steps it has left,
/// so the counts only ever go down or move from one pile to another: never a total that grows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub learning: usize,
    pub review: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.new + self.learning + self.review
    }

    /// The counts with one more card in `pile` (the card on screen, already taken from the queue).
    pub fn with(mut self, pile: Pile) -> Counts {
        match pile {
            Pile::New => self.new += 1,
            Pile::Learning => self.learning += 1,
            Pile::Review => self.review += 1,
        }
        self
    }
}

#[derive(Debug, Default)]
pub struct Queue {
    /// Cards put back in front (an undone answer), each with the pile it is back in.
    front: VecDeque<(i64, Pile)>,
    /// (step ends, card), soonest first.
    learning: Vec<(DateTime<Utc>, i64)>,
    reviews: VecDeque<i64>,
    new: VecDeque<i64>,
    reviews_total: usize,
    new_total: usize,
    /// The note of every card queued, to keep siblings apart.
    notes: HashMap<i64, i64>,
}

impl Queue {
    /// A queue of what is due. `answered_today` lists (note, card) pairs already answered today: their
    /// siblings are left out.
    pub fn new(
        learning: Vec<(DateTime<Utc>, Queued)>,
        reviews: Vec<Queued>,
        new: Vec<Queued>,
        answered_today: &[(i64, i64)],
    ) -> Queue {
        let mut taken: HashMap<i64, i64> = answered_today.iter().copied().collect();
        let mut keep = |q: &Queued| match taken.get(&q.note) {
            Some(card) => *card == q.id,
            None => {
                taken.insert(q.note, q.id);
                true
            }
        };
        let mut queue = Queue::default();
        for (due, q) in learning {
            if keep(&q) {
                queue.notes.insert(q.id, q.note);
                queue.push_learning(q.id, due);
            }
        }
        for q in reviews {
            if keep(&q) {
                queue.notes.insert(q.id, q.note);
                queue.reviews.push_back(q.id);
            }
        }
        for q in new {
            if keep(&q) {
                queue.notes.insert(q.id, q.note);
                queue.new.push_back(q.id);
            }
        }
        queue.reviews_total = queue.reviews.len();
        queue.new_total = queue.new.len();
        queue
    }

    /// A queue of cards in a fixed order, for practice outside the schedule.
    pub fn fixed(cards: Vec<i64>) -> Queue {
        Queue {
            reviews_total: cards.len(),
            reviews: cards.into(),
            ..Queue::default()
        }
    }

    /// New cards from several decks, each deck's in its own order, taken from the decks in turn so that
    /// one deck's cards do not all come in a row.
    pub fn interleave(per_deck: Vec<Vec<Queued>>, limit: usize) -> Vec<Queued> {
        let mut decks: Vec<VecDeque<Queued>> = per_deck.into_iter().map(Into::into).collect();
        // The limit comes from the command line: size by the cards there are, never by it.
        let there_are = decks.iter().map(VecDeque::len).sum::<usize>();
        let mut out = Vec::with_capacity(limit.min(there_are));
        while out.len() < limit && decks.iter().any(|d| !d.is_empty()) {
            for deck in &mut decks {
                if out.len() == limit {
                    break;
                }
                if let Some(q) = deck.pop_front() {
                    out.push(q);
                }
            }
        }
        out
    }

    /// Asks cards among the reviews even if they are not due (a check of what was learned), each once:
    /// a card already queued stays where it is.
    pub fn add_reviews(&mut self, ids: &[i64]) {
        for &id in ids {
            let queued = self.learning.iter().any(|(_, other)| *other == id)
                || self.reviews.contains(&id)
                || self.new.contains(&id);
            if !queued {
                self.notes.entry(id).or_insert(id);
                self.reviews.push_back(id);
                self.reviews_total += 1;
            }
        }
    }

    /// Puts a card (back) in the learning queue, due at `due`.
    pub fn push_learning(&mut self, id: i64, due: DateTime<Utc>) {
        self.learning.retain(|(_, other)| *other != id);
        let at = self.learning.partition_point(|(d, _)| *d <= due);
        self.learning.insert(at, (due, id));
    }

    /// Shows a card next, before anything else; it counts in `pile` until then.
    pub fn push_front(&mut self, id: i64, pile: Pile) {
        self.remove(id);
        self.front.push_front((id, pile));
    }

    /// Puts a card at the very end, after everything else (a missed card in practice comes round again).
    pub fn push_back(&mut self, id: i64) {
        self.reviews.push_back(id);
    }

    /// Takes a card out wherever it is (skipped, buried or suspended).
    pub fn remove(&mut self, id: i64) {
        self.front.retain(|(other, _)| *other != id);
        self.learning.retain(|(_, other)| *other != id);
        self.reviews.retain(|other| *other != id);
        self.new.retain(|other| *other != id);
    }

    /// Takes out the other sides of `id`'s code: once one side is answered, the other waits a day.
    pub fn remove_siblings(&mut self, id: i64) {
        let Some(&note) = self.notes.get(&id) else {
            return;
        };
        let siblings: HashSet<i64> = self
            .notes
            .iter()
            .filter(|(card, n)| **n == note && **card != id)
            .map(|(card, _)| *card)
            .collect();
        for sibling in siblings {
            self.remove(sibling);
        }
    }

    /// The next card to show at `now`, taken out of the queue.
    pub fn next(&mut self, now: DateTime<Utc>) -> Option<i64> {
        self.next_after(now, None)
    }

    /// The next card to show at `now` after the card `last`, taken out of the queue. `last` comes
    /// again only when it is due and no other card can come; `None` then means that only learning cards
    /// are left, none of them due (see `learning_due`).
    pub fn next_after(&mut self, now: DateTime<Utc>, last: Option<i64>) -> Option<i64> {
        if let Some((id, _)) = self.front.pop_front() {
            return Some(id);
        }
        if let Some(id) = self.take_learning(|due, id| due <= now && Some(id) != last) {
            return Some(id);
        }
        if let Some(id) = self.next_review_or_new() {
            return Some(id);
        }
        let ahead = now + LEARN_AHEAD;
        if let Some(id) = self.take_learning(|due, id| due <= ahead && Some(id) != last) {
            return Some(id);
        }
        self.take_learning(|due, _| due <= now)
    }

    /// The soonest learning card that `wanted` accepts (given its due time and id), taken out.
    fn take_learning(&mut self, wanted: impl Fn(DateTime<Utc>, i64) -> bool) -> Option<i64> {
        let at = self
            .learning
            .iter()
            .position(|(due, id)| wanted(*due, *id))?;
        Some(self.learning.remove(at).1)
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
        self.counts().total()
    }

    /// What is left, pile by pile.
    pub fn counts(&self) -> Counts {
        let front = |pile| self.front.iter().filter(|(_, p)| *p == pile).count();
        Counts {
            new: self.new.len() + front(Pile::New),
            learning: self.learning.len() + front(Pile::Learning),
            review: self.reviews.len() + front(Pile::Review),
        }
    }

    /// When each learning card left comes back, soonest first.
    pub fn learning_due(&self) -> Vec<DateTime<Utc>> {
        self.learning.iter().map(|(due, _)| *due).collect()
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

    fn q(id: i64) -> Queued {
        Queued {
            id,
            note: id,
            deck_id: 1,
            order: id,
        }
    }

    fn sibling(id: i64, note: i64) -> Queued {
        Queued { note, ..q(id) }
    }

    fn drain(queue: &mut Queue, now: DateTime<Utc>) -> Vec<i64> {
        std::iter::from_fn(|| queue.next(now)).collect()
    }

    #[test]
    fn due_learning_cards_come_first_then_reviews_and_new_cards_mixed() {
        let mut queue = Queue::new(
            vec![(t(-1), q(1))],
            vec![q(10), q(11), q(12), q(13)],
            vec![q(20), q(21)],
            &[],
        );
        let order = drain(&mut queue, t(0));
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
        let mut queue = Queue::new(vec![], vec![q(10)], vec![], &[]);
        queue.push_learning(5, t(10));
        queue.push_learning(6, t(60));
        assert_eq!(queue.next(t(0)), Some(10));
        assert_eq!(
            queue.next(t(0)),
            Some(5),
            "10 minutes is within the learn-ahead limit"
        );
        assert_eq!(queue.next(t(0)), None, "an hour is not");
        assert_eq!(queue.learning_due(), [t(60)]);
        assert_eq!(queue.next(t(45)), Some(6));
    }

    #[test]
    fn the_card_just_shown_never_comes_again_while_another_could() {
        let mut queue = Queue::new(vec![], vec![], vec![q(1)], &[]);
        queue.push_learning(5, t(1));
        queue.push_learning(6, t(2));
        assert_eq!(
            queue.counts(),
            Counts {
                new: 1,
                learning: 2,
                review: 0
            }
        );
        // 5 was just shown and is due: the new card comes first, then 6 ahead of its time.
        assert_eq!(queue.next_after(t(1), Some(5)), Some(1));
        assert_eq!(queue.next_after(t(1), Some(1)), Some(5));
        queue.push_learning(5, t(3));
        assert_eq!(queue.next_after(t(1), Some(5)), Some(6));
        queue.push_learning(6, t(4));
        // Only 6 and 5 left: 6 was just shown, 5 comes ahead of its time.
        assert_eq!(queue.next_after(t(2), Some(6)), Some(5));
        queue.push_learning(5, t(12));
        let mut alone = Queue::new(vec![], vec![], vec![], &[]);
        alone.push_learning(5, t(1));
        assert_eq!(
            alone.next_after(t(0), Some(5)),
            None,
            "not due: wait for it"
        );
        assert_eq!(alone.next_after(t(1), Some(5)), Some(5), "due, and alone");
    }

    #[test]
    fn a_card_pushed_again_is_not_queued_twice_and_front_comes_first() {
        let mut queue = Queue::new(vec![], vec![q(1), q(2)], vec![], &[]);
        queue.push_learning(7, t(1));
        queue.push_learning(7, t(10));
        assert_eq!(queue.remaining(), 3);
        queue.push_front(2, Pile::Review);
        assert_eq!(queue.next(t(0)), Some(2));
        queue.remove(7);
        assert_eq!(drain(&mut queue, t(0)), [1]);
    }

    #[test]
    fn siblings_never_come_on_the_same_day() {
        // Cards 1 and 2 are two sides of note 1; 3 and 4 of note 3, whose card 4 was answered today.
        let mut queue = Queue::new(
            vec![],
            vec![sibling(1, 1), sibling(3, 3)],
            vec![sibling(2, 1), sibling(4, 3)],
            &[(3, 4)],
        );
        assert_eq!(
            drain(&mut queue, t(0)),
            [1, 4],
            "2 waits for 1; 3 waits for 4, answered today"
        );
        let mut queue = Queue::new(
            vec![],
            vec![],
            vec![sibling(5, 5), sibling(6, 5), q(7)],
            &[],
        );
        queue.remove_siblings(5);
        assert_eq!(drain(&mut queue, t(0)), [5, 7]);
    }

    #[test]
    fn new_cards_are_taken_from_the_decks_in_turn() {
        let deck = |d: i64, ids: &[i64]| {
            ids.iter()
                .map(|&id| Queued {
                    deck_id: d,
                    ..q(id)
                })
                .collect::<Vec<_>>()
        };
        let ids: Vec<i64> = Queue::interleave(
            vec![deck(1, &[1, 2, 3]), deck(2, &[4]), deck(3, &[5, 6])],
            5,
        )
        .into_iter()
        .map(|q| q.id)
        .collect();
        assert_eq!(ids, [1, 4, 5, 2, 6]);
    }
}
