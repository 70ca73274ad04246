//! Answers: one answer is one transaction (the review row, the card's new schedule, the session's tally
//! and a leech's suspension); taking an answer back voids it and restores the card; a batch writes many
//! answers in one transaction for the simulated learners and synthetic collections.

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{Transaction, TransactionBehavior, params};

use codedrill_core::answer::{Lookups, Mode};
use codedrill_core::deck::{Role, Side, System};
use codedrill_core::mistake::MistakeClass;
use codedrill_core::schedule::{CardSchedule, Due, Rating, ReviewKind, VoidReason};

use super::cards::{schedule_columns, schedule_select};
use super::sql::{self, Sql};
use super::{Store, ms};

/// One answer, ready to be logged.
pub struct NewReview<'a> {
    pub card_id: i64,
    pub session_id: Option<i64>,
    pub at: DateTime<Utc>,
    pub rating: Rating,
    pub answer: &'a str,
    pub correct: bool,
    pub duration_ms: i64,
    pub kind: ReviewKind,
    pub side: Side,
    /// How the answer was given: `type`, `choice` or `flip`.
    pub mode: Mode,
    pub hinted: bool,
    /// The books' use, for an answer given with them at hand (a lookup drill).
    pub lookups: Option<Lookups>,
    pub before: &'a CardSchedule,
    pub after: &'a CardSchedule,
    pub mistake: Option<MistakeClass>,
    /// This answer makes the card a leech (the caller decides, with `schedule::is_leech`): it is
    /// suspended in the same transaction.
    pub leech: bool,
}

/// What a simulated learner needs of a card: its schedule, and what kind of card it is.
#[derive(Clone, Debug)]
pub struct StudyCard {
    pub schedule: CardSchedule,
    /// The role of the card's deck.
    pub role: Role,
    pub system: System,
    /// What the learner types on the card's usual side (the codes of a coding case).
    pub code: String,
}

impl StudyCard {
    /// Whether the card is answered with one code, which a slip can turn into another.
    pub fn is_code_card(&self) -> bool {
        super::log::is_code_card(self.system)
    }
}

impl Store {
    /// Logs one answer and the card's new schedule in one durable transaction. `void` takes back an
    /// earlier review of this session (a changed grade) in the same transaction.
    pub fn record_review(
        &mut self,
        review: &NewReview,
        void: Option<(i64, VoidReason)>,
    ) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some((id, reason)) = void {
            insert_void(&tx, id, review.at, reason)?;
        }
        let id = insert_review(&tx, review, void.is_none())?;
        marks_shown(&tx, review.card_id, review.at)?;
        tx.commit()?;
        Ok(id)
    }

    /// Puts a card's schedule back (after an undo), voiding the review that changed it.
    /// `unleech` also takes back the leech mark the voided answer gave.
    pub fn void_review(
        &mut self,
        review_id: i64,
        card_id: i64,
        restore: &CardSchedule,
        at: DateTime<Utc>,
        reason: VoidReason,
        unleech: bool,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_void(&tx, review_id, at, reason)?;
        write_schedule(&tx, card_id, restore)?;
        if unleech {
            tx.execute(
                "UPDATE card SET suspended = 0, leech = 0 WHERE id = ?1",
                [card_id],
            )?;
        }
        tx.execute(
            "UPDATE session SET answered = max(answered - 1, 0)
             WHERE id = (SELECT session_id FROM review WHERE id = ?1)",
            [review_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Runs `work` in one transaction, for writing many answers at once (simulated learners, synthetic
    /// collections): the same rows a drill writes, without an fsync per answer.
    pub fn batch<T>(&mut self, work: impl FnOnce(&Batch) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = work(&Batch { tx: &tx })?;
        tx.commit()?;
        Ok(out)
    }
}

/// The marks a card keeps until it is next answered (a revision by a newer code year: `card_revision`;
/// a person's edit: `card_edit`), both on the card's usual side, marked shown by the answer that follows
/// them, in its transaction.
fn marks_shown(tx: &Transaction, card_id: i64, at: DateTime<Utc>) -> Result<()> {
    for table in ["card_revision", "card_edit"] {
        tx.prepare_cached(&format!(
            "UPDATE {table} SET shown_at = ?2
             WHERE card_id = (SELECT coalesce(note_id, id) FROM card WHERE id = ?1) AND shown_at IS NULL"
        ))?
        .execute(params![card_id, ms(at)])?;
    }
    Ok(())
}

/// A transaction open for many answers (see [`Store::batch`]).
pub struct Batch<'a> {
    tx: &'a Transaction<'a>,
}

impl Batch<'_> {
    pub fn record(&self, review: &NewReview) -> Result<i64> {
        insert_review(self.tx, review, true)
    }

    /// A card as it stands inside the batch (with the answers written so far).
    pub fn card(&self, id: i64) -> Result<StudyCard> {
        let mut stmt = self.tx.prepare_cached(concat!(
            "SELECT ",
            schedule_select!(),
            ", d.role, c.system, c.code FROM card c JOIN deck d ON d.id = c.deck_id WHERE c.id = ?1"
        ))?;
        Ok(stmt.query_row([id], |r| {
            Ok(StudyCard {
                schedule: schedule_columns(r, 0)?,
                role: sql::word(r, 10)?,
                system: sql::word(r, 11)?,
                code: r.get(12)?,
            })
        })?)
    }
}

fn insert_void(
    tx: &Transaction,
    review_id: i64,
    at: DateTime<Utc>,
    reason: VoidReason,
) -> Result<()> {
    tx.execute(
        "INSERT INTO review_void (review_id, voided_at, reason) VALUES (?1, ?2, ?3)",
        params![review_id, ms(at), Sql(reason)],
    )?;
    Ok(())
}

/// The review row, the card's new schedule, the session's tally and a leech's suspension: what one
/// answer writes.
fn insert_review(tx: &Transaction, review: &NewReview, counts: bool) -> Result<i64> {
    let at = ms(review.at);
    let after = review.after;
    let memory = after.memory.or(review.before.memory);
    tx.prepare_cached(
        "INSERT INTO review (card_id, session_id, reviewed_at, rating, answer, correct,
            duration_ms, kind, side, state_before, state_after, ivl_before, ivl_after,
            elapsed_days, stability, difficulty, mistake, mode, hinted, lookups, coding_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                 ?20, ?21)",
    )?
    .execute(params![
        review.card_id,
        review.session_id,
        at,
        review.rating as i64,
        review.answer,
        review.correct,
        review.duration_ms,
        review.kind as i64,
        Sql(review.side),
        review.before.state as i64,
        after.state as i64,
        review.before.logged_interval(),
        after.logged_interval(),
        after.last_day.zip(review.before.last_day).map_or(0, |(a, b)| (a - b).max(0)),
        memory.map(|m| f64::from(m.stability)),
        memory.map(|m| f64::from(m.difficulty)),
        review.mistake.map(Sql),
        Sql(review.mode),
        review.hinted,
        review.lookups.map_or(0, |l| l.count),
        review.lookups.map(|l| l.coding_ms),
    ])?;
    let id = tx.last_insert_rowid();
    if review.kind != ReviewKind::Cram {
        write_schedule(tx, review.card_id, after)?;
    }
    if review.leech {
        tx.prepare_cached("UPDATE card SET suspended = 1, leech = 1 WHERE id = ?1")?
            .execute([review.card_id])?;
    }
    if let Some(session) = review.session_id {
        tx.prepare_cached(
            "UPDATE session SET ended_at = ?2, answered = answered + ?3 WHERE id = ?1",
        )?
        .execute(params![session, at, i64::from(counts)])?;
    }
    Ok(id)
}

fn write_schedule(tx: &Transaction, card_id: i64, s: &CardSchedule) -> Result<()> {
    let due = match s.due {
        Due::New => None,
        Due::At(at) => Some(ms(at)),
        Due::Day(day) => Some(day),
    };
    tx.prepare_cached(
        "UPDATE card SET state = ?2, step = ?3, due = ?4, stability = ?5, difficulty = ?6,
                last_review = ?7, last_day = ?8, interval = ?9, reps = ?10, lapses = ?11
         WHERE id = ?1",
    )?
    .execute(params![
        card_id,
        s.state as i64,
        s.step,
        due,
        s.memory.map(|m| f64::from(m.stability)),
        s.memory.map(|m| f64::from(m.difficulty)),
        s.last_review.map(ms),
        s.last_day,
        s.interval,
        s.reps,
        s.lapses
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{at, learned, one_card, review};

    fn leech_flags(store: &Store, id: i64) -> (bool, bool) {
        store
            .conn
            .query_row(
                "SELECT suspended, leech FROM card WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    }

    #[test]
    fn a_leech_is_suspended_with_its_answer_and_an_undo_takes_both_back() {
        let mut store = Store::in_memory().unwrap();
        let (_, id) = one_card(&mut store);
        let now = at();
        let (new, after) = (CardSchedule::new_card(), learned(now));
        let answer = NewReview {
            leech: true,
            ..review(id, now, &new, &after)
        };
        let review_id = store.record_review(&answer, None).unwrap();
        assert_eq!(leech_flags(&store, id), (true, true));
        store
            .void_review(review_id, id, &new, now, VoidReason::Undone, true)
            .unwrap();
        assert_eq!(leech_flags(&store, id), (false, false));
        assert_eq!(store.card(id).unwrap().schedule, new);
        assert_eq!(store.total_reviews().unwrap(), 0);
    }

    #[test]
    fn a_batch_reads_what_it_wrote() {
        let mut store = Store::in_memory().unwrap();
        let (_, id) = one_card(&mut store);
        let now = at();
        let (new, after) = (CardSchedule::new_card(), learned(now));
        let card = store
            .batch(|batch| {
                batch.record(&review(id, now, &new, &after))?;
                batch.card(id)
            })
            .unwrap();
        assert_eq!(card.schedule, after);
        assert_eq!((card.role, card.system), (Role::Coding, System::IcdCm));
        assert!(card.is_code_card());
    }
}
