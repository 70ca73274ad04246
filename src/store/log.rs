//! Reading the review log: as statistics facts (for `stats`, `report` and `optimize`), as export rows,
//! and its size.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, named_params};

use codedrill_core::answer::{Lookups, Mode};
use codedrill_core::deck::{Role, System};
use codedrill_core::export::ReviewRow;
use codedrill_core::mistake::MistakeClass;
use codedrill_core::report::CaseAttempt;
use codedrill_core::schedule::{Rating, ReviewKind, State, VoidReason};
use codedrill_core::stats::Fact;

use super::digest;
use super::sql::{self, Sql};
use super::{FastHash, Store, from_ms, id_list, ms};
use crate::clock::{self, Day};

/// Whether a card of `system` is answered with one code that can be mistyped into another (a coding
/// case's answer is a set of codes).
pub(super) fn is_code_card(system: System) -> bool {
    system.is_code() && system != System::Case
}

/// What a review needs from its card, read once per card.
#[derive(Clone, Copy)]
struct CardFact {
    deck: i64,
    role: Role,
    code_card: bool,
    /// An ICD-10-CM card.
    icd: bool,
    /// Its place among the cards read (`Fact::slot`).
    slot: u32,
}

/// The cards' facts by card id. Card ids are the card table's rowids, so nearly every number up to the
/// largest is a card: a list indexed by id is then a lookup without hashing (a million a report). Ids
/// spread far wider than the cards (possible, never usual) are kept in a map instead.
enum CardFacts {
    ById(Vec<Option<CardFact>>),
    Spread(HashMap<i64, CardFact, FastHash>),
}

impl CardFacts {
    fn new(cards: Vec<(i64, CardFact)>) -> CardFacts {
        let most = cards.iter().map(|&(id, _)| id).max().unwrap_or(0);
        match usize::try_from(most) {
            Ok(most) if most <= 4 * cards.len() + 4_096 => {
                let mut by_id = vec![None; most + 1];
                for (id, fact) in cards {
                    if let Ok(i) = usize::try_from(id) {
                        by_id[i] = Some(fact);
                    }
                }
                CardFacts::ById(by_id)
            }
            _ => CardFacts::Spread(cards.into_iter().collect()),
        }
    }

    fn get(&self, id: i64) -> Option<&CardFact> {
        match self {
            CardFacts::ById(by_id) => by_id.get(usize::try_from(id).ok()?)?.as_ref(),
            CardFacts::Spread(map) => map.get(&id),
        }
    }
}

impl Store {
    /// Calls `each` with every kept answer (taken-back ones left out; practice is in, as time spent) of the
    /// given decks in time order, as a statistics fact, with its time. The study day is worked out once per
    /// day, not once per answer.
    pub fn for_each_fact(&self, decks: &[i64], each: &mut dyn FnMut(&Fact, i64)) -> Result<()> {
        // Inside another transaction nothing is written and none is begun: that one sees one moment.
        let alone = self.conn.is_autocommit();
        if alone && !self.reading_only {
            // Making the digest is worth no wait: while another codedrill writes (an import holds the
            // lock for seconds), or on a full disk, the log is read as it is and the digest made another
            // time. Reading never waits for a writer.
            let sealed = self.sealed_chunks()?;
            let _ = super::busy::without_waiting(|| digest::fill(&self.conn, sealed));
        }
        // The cards, the voids and the log read at one moment, though another codedrill may be answering.
        let read = alone
            .then(|| Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred))
            .transpose()?;
        // What a review needs from its card is read once per card, and the voided reviews (normally a
        // handful) once: the log itself is then read alone, in time order, with no join and no sort. So the
        // void rule of the `kept_review` view is applied here, in memory.
        let cards = self.card_facts(decks)?;
        let voided = self.voided()?;
        let mut days = DayCache::default();
        self.for_each_logged(&mut |a| {
            let Some(&CardFact {
                deck,
                role,
                code_card,
                icd,
                slot,
            }) = cards.get(a.card)
            else {
                return Ok(());
            };
            if !voided.is_empty() && voided.contains(&a.id) {
                return Ok(());
            }
            let fact = Fact {
                card: a.card,
                slot,
                deck,
                role,
                day: days.day(a.at),
                rating: a.rating as u8,
                correct: a.correct,
                duration_ms: a.duration_ms,
                kind: a.kind,
                state_before: a.state_before,
                ivl_before: a.ivl_before,
                elapsed_days: a.elapsed_days,
                mistake: a.mistake,
                typed_code: code_card && a.typed,
                session: a.session,
                icd_code: icd && a.code_side,
                lookups: a.lookups,
            };
            each(&fact, a.at);
            Ok(())
        })?;
        if let Some(read) = read {
            read.commit()?;
        }
        Ok(())
    }

    /// The chunks of the log below the newest answer's ([`digest::CHUNK_BITS`]): those a digest row holds.
    fn sealed_chunks(&self) -> Result<i64> {
        let newest: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM review", [], |r| r.get(0))?;
        Ok(newest >> digest::CHUNK_BITS)
    }

    /// Calls `each` with every answer of the log in time order (by time, then id): from the digest and the
    /// newest answers when answers in id order come in time order (as they are appended, nearly always),
    /// else from the log sorted by time (answers merged in from another log).
    pub(super) fn for_each_logged(
        &self,
        each: &mut dyn FnMut(&digest::Logged) -> Result<()>,
    ) -> Result<()> {
        let sealed = self.sealed_chunks()?;
        if let Some(mut spans) = digest::spans(&self.conn, sealed)? {
            let newest = digest::read_range(&self.conn, sealed << digest::CHUNK_BITS, None)?;
            spans.push(digest::span_of(&newest));
            if digest::in_time_order(&spans) {
                digest::for_each(&self.conn, sealed, each)?;
                return newest.iter().try_for_each(each);
            }
        }
        // Without its digest (a file opened only to read): the table's own order when it is time order,
        // so that SQLite walks the table once instead of seeking each row from the time index.
        let order = if self.log_in_time_order()? {
            "id"
        } else {
            "reviewed_at, id"
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {} FROM review ORDER BY {order}",
            digest::LOGGED_COLUMNS
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            each(&digest::logged(r)?)?;
        }
        Ok(())
    }

    /// Each deck's kind of material.
    fn deck_roles(&self) -> Result<HashMap<i64, Role>> {
        let mut stmt = self.conn.prepare("SELECT id, role FROM deck")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, sql::word(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What answers need from each card of the decks.
    fn card_facts(&self, decks: &[i64]) -> Result<CardFacts> {
        let roles = self.deck_roles()?;
        let mut cards = Vec::new();
        // `+` makes SQLite walk the card table once rather than seek each card from the queue's index:
        // 20 ms against 120 ms for 75,000 cards, and never worse than the walk when few decks are asked.
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, deck_id, system FROM card WHERE +deck_id IN ({})",
            id_list(decks)
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let system: System = sql::word(r, 2)?;
            let deck = r.get(1)?;
            let fact = CardFact {
                deck,
                role: roles.get(&deck).copied().unwrap_or(Role::Other),
                code_card: is_code_card(system),
                icd: system == System::IcdCm,
                slot: cards.len() as u32,
            };
            cards.push((r.get(0)?, fact));
        }
        Ok(CardFacts::new(cards))
    }

    /// Whether the table order of the log (by id) is its time order (by time, then id): checked in the
    /// time index alone, which holds both and is read without touching the table.
    fn log_in_time_order(&self) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM review ORDER BY reviewed_at, id")?;
        let mut rows = stmt.query([])?;
        let mut last = i64::MIN;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if id < last {
                return Ok(false);
            }
            last = id;
        }
        Ok(true)
    }

    fn voided(&self) -> Result<HashSet<i64>> {
        let mut stmt = self.conn.prepare("SELECT review_id FROM review_void")?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// Calls `each` with every standing review (voided and practice left out) of the given decks, in time
    /// order, as a row of the review-log export.
    pub fn for_each_review(
        &self,
        decks: &[i64],
        each: &mut dyn FnMut(&ReviewRow) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT r.card_id, r.reviewed_at, r.rating, r.duration_ms, d.name, c.key, c.code, r.answer,
                    r.correct, r.kind, r.side, r.state_before, r.state_after, r.ivl_before, r.ivl_after,
                    r.elapsed_days, r.stability, r.difficulty, r.mistake, r.mode, r.lookups, r.coding_ms
             FROM standing_review r JOIN card c ON c.id = r.card_id JOIN deck d ON d.id = c.deck_id
             WHERE d.id IN ({})
             ORDER BY r.reviewed_at, r.id",
            id_list(decks)
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            each(&review_row(r)?)?;
        }
        Ok(())
    }

    /// When the first kept answer (practice included) of the given decks at or after `from` was given:
    /// read from the time index at `from` on, so a question about recent days is no pass over the log.
    pub fn first_answer_since(
        &self,
        decks: &[i64],
        from: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>> {
        // CROSS JOIN keeps the log outside, walked in time order from `from`; the first answer to a card
        // of the decks asked for ends the walk.
        let sql = format!(
            "SELECT r.reviewed_at FROM review r CROSS JOIN card c ON c.id = r.card_id
             WHERE r.reviewed_at >= ?1 AND c.deck_id IN ({})
                 AND NOT EXISTS (SELECT 1 FROM review_void v WHERE v.review_id = r.id)
             ORDER BY r.reviewed_at LIMIT 1",
            id_list(decks)
        );
        let at: Option<i64> = self
            .conn
            .query_row(&sql, [ms(from)], |r| r.get(0))
            .optional()?;
        Ok(at.map(from_ms))
    }

    /// How many wrong meanings the learner counted as right (`:r`): misses voided as overridden.
    pub fn overrides(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM review_void WHERE reason = ?1",
            [Sql(VoidReason::Overridden)],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// Every standing answer to a coding case of the given decks, in time order: what was typed against
    /// the case's codes. Cases are few, so this is read apart from the log's one pass.
    pub fn case_attempts(&self, decks: &[i64]) -> Result<Vec<CaseAttempt>> {
        let mut stmt = self.conn.prepare(&format!(
            // The few case cards found in one pass over the card table (CROSS JOIN keeps it outside;
            // `+` keeps SQLite from reaching each card through the queue's index), then their answers by
            // card: not the whole log read for them (140 -> 15 ms over a million reviews).
            "SELECT r.answer, c.code, r.duration_ms
             FROM card c CROSS JOIN standing_review r ON r.card_id = c.id
             WHERE c.system = :case AND +c.deck_id IN ({}) AND r.mode = :type
             ORDER BY r.reviewed_at, r.id",
            id_list(decks)
        ))?;
        let rows = stmt.query_map(
            named_params! { ":case": Sql(System::Case), ":type": Sql(Mode::Type) },
            |r| {
                Ok(CaseAttempt {
                    typed: r.get(0)?,
                    codes: r.get(1)?,
                    duration_ms: r.get(2)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether the log holds a standing review: found at the first (a count reads every answer; plain
    /// `codedrill` asks at every start).
    pub fn any_standing_review(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM standing_review)", [], |r| {
                r.get(0)
            })?)
    }

    /// How many standing reviews the log holds.
    pub fn total_reviews(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM standing_review", [], |r| r.get(0))?)
    }
}

fn review_row(r: &rusqlite::Row) -> rusqlite::Result<ReviewRow> {
    let state = |i: usize| sql::coded(r, i, "a card state", State::from_i64);
    Ok(ReviewRow {
        card_id: r.get(0)?,
        reviewed_at: from_ms(r.get(1)?),
        rating: sql::coded(r, 2, "a rating", Rating::from_i64)?,
        duration_ms: r.get(3)?,
        deck: r.get(4)?,
        card_key: r.get(5)?,
        code: r.get(6)?,
        answer: r.get(7)?,
        correct: r.get(8)?,
        kind: sql::coded(r, 9, "a review kind", ReviewKind::from_i64)?,
        side: sql::word(r, 10)?,
        state_before: state(11)?,
        state_after: state(12)?,
        ivl_before: r.get(13)?,
        ivl_after: r.get(14)?,
        elapsed_days: r.get(15)?,
        stability: r.get(16)?,
        difficulty: r.get(17)?,
        mistake: r.get::<_, Option<Sql<MistakeClass>>>(18)?.map(|m| m.0),
        mode: sql::word(r, 19)?,
        lookups: lookups_of(r, 19)?,
    })
}

/// An answer's lookups, from its mode (column `at`), lookup count and coding time (the two after it):
/// `None` unless it was given in a lookup drill.
fn lookups_of(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Option<Lookups>> {
    if sql::word::<Mode>(r, at)? != Mode::Lookup {
        return Ok(None);
    }
    Ok(Some(Lookups {
        count: r.get(at + 1)?,
        coding_ms: r.get::<_, Option<i64>>(at + 2)?.unwrap_or_default(),
    }))
}

/// The study day of each answer, worked out once per day: answers come in time order, so the day only
/// changes when an answer falls outside the last day's bounds.
#[derive(Default)]
struct DayCache {
    /// The last day's start and end (ms), and the day.
    bounds: Option<(i64, i64, Day)>,
}

impl DayCache {
    fn day(&mut self, at: i64) -> Day {
        match self.bounds {
            Some((start, end, day)) if (start..end).contains(&at) => day,
            _ => {
                let day = clock::study_day(from_ms(at));
                let (start, end) = (ms(clock::day_start(day)), ms(clock::day_start(day + 1)));
                self.bounds = Some((start, end, day));
                day
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewReview;
    use crate::store::testing::{learned, one_card, review};
    use codedrill_core::deck::Side;
    use codedrill_core::schedule::{CardSchedule, VoidReason};

    #[test]
    fn card_facts_are_found_by_id_whether_ids_are_close_or_spread() {
        let fact = |slot| CardFact {
            deck: 1,
            role: Role::Coding,
            code_card: true,
            icd: false,
            slot,
        };
        for ids in [vec![1, 2, 5], vec![1, 2, i64::MAX - 1]] {
            let cards = CardFacts::new(ids.iter().zip(0..).map(|(&id, s)| (id, fact(s))).collect());
            assert_eq!(matches!(cards, CardFacts::ById(_)), ids[2] == 5);
            for (&id, slot) in ids.iter().zip(0..) {
                assert_eq!(cards.get(id).map(|f| f.slot), Some(slot));
            }
            assert!(
                cards.get(3).is_none() && cards.get(-1).is_none() && cards.get(i64::MAX).is_none()
            );
        }
    }

    #[test]
    fn the_log_leaves_out_taken_back_answers_and_the_export_practice_too() {
        let mut store = Store::in_memory().unwrap();
        let (deck_id, id) = one_card(&mut store);
        let at = crate::store::testing::at();
        let (new, after) = (CardSchedule::new_card(), learned(at));
        let first = store
            .record_review(&review(id, at, &new, &after), None)
            .unwrap();
        // The grade changed: the first answer is taken back by a second one.
        let regraded = NewReview {
            rating: Rating::Easy,
            ..review(id, at, &new, &after)
        };
        let reason = (first, VoidReason::GradeChanged);
        store.record_review(&regraded, Some(reason)).unwrap();
        let practice = NewReview {
            kind: ReviewKind::Cram,
            correct: false,
            answer: "=A2",
            ..review(id, at, &after, &after)
        };
        store.record_review(&practice, None).unwrap();
        let mut rows = Vec::new();
        store
            .for_each_review(&[deck_id], &mut |row| {
                rows.push(row.clone());
                Ok(())
            })
            .unwrap();
        assert_eq!(rows.len(), 1, "{rows:?}");
        let row = &rows[0];
        assert_eq!((row.deck.as_str(), row.card_key.as_str()), ("t", "A1"));
        assert_eq!((row.rating, row.kind), (Rating::Easy, ReviewKind::Learn));
        assert_eq!(
            (row.state_before, row.state_after),
            (State::New, State::Review)
        );
        assert_eq!(
            (row.side, row.mistake, row.reviewed_at),
            (Side::Code, None, at)
        );
        let mut kinds = Vec::new();
        store
            .for_each_fact(&[deck_id], &mut |fact, _| kinds.push(fact.kind))
            .unwrap();
        assert_eq!(kinds, [ReviewKind::Learn, ReviewKind::Cram]);
        assert_eq!(store.total_reviews().unwrap(), 1);
    }

    #[test]
    fn the_first_answer_since_a_time_leaves_out_taken_back_answers_and_other_decks() {
        let mut store = Store::in_memory().unwrap();
        let (deck_id, id) = one_card(&mut store);
        assert!(!store.any_standing_review().unwrap());
        let at = crate::store::testing::at();
        let (new, after) = (CardSchedule::new_card(), learned(at));
        let hour = chrono::Duration::hours(1);
        let first = store
            .record_review(&review(id, at, &new, &after), None)
            .unwrap();
        // The grade changed an hour later: the first answer is taken back.
        let regraded = review(id, at + hour, &new, &after);
        let reason = (first, VoidReason::GradeChanged);
        store.record_review(&regraded, Some(reason)).unwrap();
        let since = |decks: &[i64], from| store.first_answer_since(decks, from).unwrap();
        assert_eq!(since(&[deck_id], at - hour), Some(at + hour));
        assert_eq!(since(&[deck_id], at + hour), Some(at + hour));
        assert_eq!(since(&[deck_id], at + hour * 2), None);
        assert_eq!(since(&[deck_id + 1], at - hour), None);
        assert!(store.any_standing_review().unwrap());
    }

    #[test]
    fn the_log_is_read_in_time_order_whether_or_not_it_was_written_in_it() {
        let mut store = Store::in_memory().unwrap();
        let (deck_id, id) = one_card(&mut store);
        let at = crate::store::testing::at();
        let (new, after) = (CardSchedule::new_card(), learned(at));
        let times = |store: &Store| {
            let mut times = Vec::new();
            store
                .for_each_fact(&[deck_id], &mut |_, at| times.push(at))
                .unwrap();
            times
        };
        // Written in time order (read by id), then an older answer appended (as a merge does: read by time).
        for hours in [0, 2, 1] {
            let when = at + chrono::Duration::hours(hours);
            store
                .record_review(&review(id, when, &new, &after), None)
                .unwrap();
            let mut want = times(&store);
            let in_order = store.log_in_time_order().unwrap();
            assert_eq!(in_order, hours != 1);
            want.sort_unstable();
            assert_eq!(times(&store), want);
        }
        let hour = 3_600_000;
        let first = ms(at);
        assert_eq!(times(&store), [first, first + hour, first + 2 * hour]);
    }
}
