//! The review log's digest: what statistics read of each answer, packed 4,096 answers to a row, so that
//! `stats`, `report`, `optimize` and the trial read a few hundred rows instead of a million. Reading the
//! sixteen columns they need from a million rows through SQLite takes about half a second on its own
//! (BENCHMARKS.md); a chunk's packed row is read and unpacked in a fraction of that.
//!
//! A cache, never the truth: the log stays the one record of every answer. Triggers (migration 13)
//! delete a chunk's row whenever an answer in its id range is added, changed or deleted (a deck removed,
//! a session's id set to NULL), and a missing row is made again from the log the next time the log is
//! read. Only chunks below the one holding the newest answer are digested, so a day's answers never
//! rewrite a digest row; those newest answers (fewer than 4,096) are read from the log itself.

use anyhow::{Result, anyhow};
use rusqlite::{Connection, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use codedrill_core::answer::{Lookups, Mode};
use codedrill_core::deck::Side;
use codedrill_core::mistake::MistakeClass;
use codedrill_core::schedule::{Rating, ReviewKind, State};

use super::sql::{self, Sql};

/// Answers per digest row: a chunk holds the ids `k << CHUNK_BITS` up to the next chunk's first.
pub(super) const CHUNK_BITS: u32 = 12;

/// One answer of the log, as statistics read it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Logged {
    pub id: i64,
    pub card: i64,
    /// When it was given (ms since the epoch).
    pub at: i64,
    pub rating: Rating,
    pub correct: bool,
    pub duration_ms: i64,
    pub kind: ReviewKind,
    pub state_before: State,
    pub ivl_before: i64,
    pub elapsed_days: i64,
    pub mistake: Option<MistakeClass>,
    /// Answered on the code side.
    pub code_side: bool,
    /// A code typed (mode `type`, code side): what exact-code accuracy counts.
    pub typed: bool,
    pub session: Option<i64>,
    pub lookups: Option<Lookups>,
}

/// The columns of [`Logged`], in the order [`logged`] reads them.
pub(super) const LOGGED_COLUMNS: &str = "id, card_id, reviewed_at, rating, correct, duration_ms, kind, \
     state_before, ivl_before, elapsed_days, mistake, side, mode, session_id, lookups, coding_ms";

/// A row of [`LOGGED_COLUMNS`].
pub(super) fn logged(r: &rusqlite::Row) -> rusqlite::Result<Logged> {
    let code_side = sql::word::<Side>(r, 11)? == Side::Code;
    let mode: Mode = sql::word(r, 12)?;
    Ok(Logged {
        id: r.get(0)?,
        card: r.get(1)?,
        at: r.get(2)?,
        rating: sql::coded(r, 3, "a rating", Rating::from_i64)?,
        correct: r.get(4)?,
        duration_ms: r.get(5)?,
        kind: sql::coded(r, 6, "a review kind", ReviewKind::from_i64)?,
        state_before: sql::coded(r, 7, "a card state", State::from_i64)?,
        ivl_before: r.get(8)?,
        elapsed_days: r.get(9)?,
        mistake: r.get::<_, Option<Sql<MistakeClass>>>(10)?.map(|m| m.0),
        code_side,
        typed: code_side && mode == Mode::Type,
        session: r.get(13)?,
        lookups: match mode {
            Mode::Lookup => Some(Lookups {
                count: r.get(14)?,
                coding_ms: r.get::<_, Option<i64>>(15)?.unwrap_or_default(),
            }),
            _ => None,
        },
    })
}

/// An answer packed: small numbers as varints (postcard), the id and time as steps from the answer
/// before, the vocabularies by their stored numbers or places. Rows written in this layout stay in
/// people's files: a change of it needs a migration that empties `review_digest`.
#[derive(Serialize, Deserialize)]
struct Packed {
    id_step: i64,
    card: i64,
    at_step: i64,
    rating: u8,
    kind: u8,
    state_before: u8,
    /// 1: correct, 2: code side, 4: typed.
    flags: u8,
    /// 0: none, else the class's place in [`MistakeClass::ALL`] plus one.
    mistake: u8,
    duration_ms: i64,
    ivl_before: i64,
    elapsed_days: i64,
    session: Option<i64>,
    lookups: Option<(u32, i64)>,
}

/// A digest row's facts about its answers, read without unpacking them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Span {
    /// The first and last answer's time, when the chunk has answers.
    pub times: Option<(i64, i64)>,
    /// Its answers' times never go back, in id order.
    pub ordered: bool,
}

/// Whether answers read in id order come in time order (by time, then id): their times never go back.
pub(super) fn in_time_order(spans: &[Span]) -> bool {
    let mut last = i64::MIN;
    for span in spans {
        if !span.ordered {
            return false;
        }
        if let Some((first, end)) = span.times {
            if first < last {
                return false;
            }
            last = end;
        }
    }
    true
}

/// The span of answers in id order.
pub(super) fn span_of(answers: &[Logged]) -> Span {
    Span {
        times: answers
            .first()
            .zip(answers.last())
            .map(|(a, b)| (a.at, b.at)),
        ordered: answers.windows(2).all(|w| w[0].at <= w[1].at),
    }
}

fn pack(chunk: i64, answers: &[Logged]) -> Result<Vec<u8>> {
    let (mut id, mut at) = (chunk << CHUNK_BITS, 0);
    let packed: Vec<Packed> = answers
        .iter()
        .map(|a| {
            let p = Packed {
                id_step: a.id - id,
                card: a.card,
                at_step: a.at - at,
                rating: a.rating as u8,
                kind: a.kind as u8,
                state_before: a.state_before as u8,
                flags: u8::from(a.correct) | u8::from(a.code_side) << 1 | u8::from(a.typed) << 2,
                mistake: a.mistake.map_or(0, |m| {
                    MistakeClass::ALL.iter().position(|&c| c == m).unwrap_or(0) as u8 + 1
                }),
                duration_ms: a.duration_ms,
                ivl_before: a.ivl_before,
                elapsed_days: a.elapsed_days,
                session: a.session,
                lookups: a.lookups.map(|l| (l.count, l.coding_ms)),
            };
            (id, at) = (a.id, a.at);
            p
        })
        .collect();
    Ok(postcard::to_allocvec(&packed)?)
}

/// The answers of a digest row, or an error when the row is not one this build wrote.
fn unpack(chunk: i64, bytes: &[u8]) -> Result<Vec<Logged>> {
    let packed: Vec<Packed> = postcard::from_bytes(bytes)?;
    let (mut id, mut at) = (chunk << CHUNK_BITS, 0);
    let damaged =
        || anyhow!("the review log's digest row {chunk} holds a value this build does not know");
    packed
        .into_iter()
        .map(|p| {
            (id, at) = (id + p.id_step, at + p.at_step);
            Ok(Logged {
                id,
                card: p.card,
                at,
                rating: Rating::from_i64(p.rating.into()).ok_or_else(damaged)?,
                correct: p.flags & 1 != 0,
                duration_ms: p.duration_ms,
                kind: ReviewKind::from_i64(p.kind.into()).ok_or_else(damaged)?,
                state_before: State::from_i64(p.state_before.into()).ok_or_else(damaged)?,
                ivl_before: p.ivl_before,
                elapsed_days: p.elapsed_days,
                mistake: match p.mistake {
                    0 => None,
                    n => Some(
                        *MistakeClass::ALL
                            .get(usize::from(n) - 1)
                            .ok_or_else(damaged)?,
                    ),
                },
                code_side: p.flags & 2 != 0,
                typed: p.flags & 4 != 0,
                session: p.session,
                lookups: p
                    .lookups
                    .map(|(count, coding_ms)| Lookups { count, coding_ms }),
            })
        })
        .collect()
}

/// The answers with ids from `from` on (up to `to`, when given), in id order.
pub(super) fn read_range(conn: &Connection, from: i64, to: Option<i64>) -> Result<Vec<Logged>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {LOGGED_COLUMNS} FROM review WHERE id >= ?1 AND id < ?2 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![from, to.unwrap_or(i64::MAX)], logged)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Makes the digest rows missing below chunk `sealed` (the newest answer's), in one transaction.
pub(super) fn fill(conn: &Connection, sealed: i64) -> Result<()> {
    let have: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT chunk FROM review_digest WHERE chunk < ?1")?;
        let rows = stmt.query_map([sealed], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if have.len() as i64 == sealed {
        return Ok(());
    }
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let mut insert = tx.prepare(
        "INSERT OR REPLACE INTO review_digest (chunk, first_at, last_at, ordered, facts)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for chunk in (0..sealed).filter(|k| have.binary_search(k).is_err()) {
        let answers = read_range(&tx, chunk << CHUNK_BITS, Some((chunk + 1) << CHUNK_BITS))?;
        let span = span_of(&answers);
        let (first, last) = span.times.unzip();
        insert.execute(params![
            chunk,
            first,
            last,
            span.ordered,
            pack(chunk, &answers)?
        ])?;
    }
    drop(insert);
    tx.commit()?;
    Ok(())
}

/// The spans of the digest rows below chunk `sealed`, in order; `None` unless every one is there.
pub(super) fn spans(conn: &Connection, sealed: i64) -> Result<Option<Vec<Span>>> {
    let mut stmt = conn.prepare(
        "SELECT first_at, last_at, ordered FROM review_digest WHERE chunk < ?1 ORDER BY chunk",
    )?;
    let rows = stmt.query_map([sealed], |r| {
        let times = r.get::<_, Option<i64>>(0)?.zip(r.get::<_, Option<i64>>(1)?);
        Ok(Span {
            times,
            ordered: r.get(2)?,
        })
    })?;
    let spans: Vec<Span> = rows.collect::<rusqlite::Result<_>>()?;
    Ok((spans.len() as i64 == sealed).then_some(spans))
}

/// Calls `each` with every answer of the digest rows below chunk `sealed`, in id order. A row that does
/// not unpack (a damaged file) is read from the log instead: each chunk is unpacked whole before any of
/// its answers is given, so the answers given are the same either way.
pub(super) fn for_each(
    conn: &Connection,
    sealed: i64,
    each: &mut dyn FnMut(&Logged) -> Result<()>,
) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT chunk, facts FROM review_digest WHERE chunk < ?1 ORDER BY chunk")?;
    let mut rows = stmt.query([sealed])?;
    while let Some(r) = rows.next()? {
        let chunk: i64 = r.get(0)?;
        let answers = match r.get_ref(1)?.as_blob().map_err(anyhow::Error::from) {
            Ok(bytes) => unpack(chunk, bytes),
            Err(e) => Err(e),
        };
        let answers = match answers {
            Ok(answers) => answers,
            Err(_) => read_range(conn, chunk << CHUNK_BITS, Some((chunk + 1) << CHUNK_BITS))?,
        };
        for answer in answers {
            each(&answer)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::store::sync::SyncMode;
    use crate::store::testing::{content, deck};

    const CHUNK: i64 = 1 << CHUNK_BITS;

    /// A store with three cards and `n` answers of every kind in time order, ids 1 to `n`.
    fn store_with_answers(n: i64) -> (Store, Vec<i64>) {
        with_answers(Store::in_memory().unwrap(), n)
    }

    fn with_answers(mut store: Store, n: i64) -> (Store, Vec<i64>) {
        let cards = [
            content("A1", "one"),
            content("B2", "two"),
            content("C3", "three"),
        ];
        let (deck_id, _) = deck(&mut store, &cards, SyncMode::Replace);
        let ids: Vec<i64> = {
            let mut stmt = store
                .conn
                .prepare("SELECT id FROM card WHERE deck_id = ?1")
                .unwrap();
            let rows = stmt.query_map([deck_id], |r| r.get(0)).unwrap();
            rows.collect::<rusqlite::Result<_>>().unwrap()
        };
        let tx = store.conn.transaction().unwrap();
        let classes = MistakeClass::ALL;
        for session in 1..=n / 50 + 1 {
            tx.execute(
                "INSERT INTO session (id, command, started_at, ended_at) VALUES (?1, 'drill', 0, 0)",
                [session],
            )
            .unwrap();
        }
        for i in 1..=n {
            let miss = i % 7 == 0;
            let lookup = i % 11 == 0;
            tx.execute(
                "INSERT INTO review (id, card_id, session_id, reviewed_at, rating, answer, correct,
                     duration_ms, kind, side, state_before, state_after, ivl_before, ivl_after,
                     elapsed_days, mistake, mode, lookups, coding_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'x', ?6, ?7, ?8, ?9, ?10, 2, ?11, 3, ?12, ?13, ?14, ?15, ?16)",
                params![
                    i,
                    ids[(i % 3) as usize],
                    (i % 5 != 0).then_some(i / 50 + 1),
                    1_800_000_000_000 + i * 61_000 + i % 3,
                    if miss { 1 } else { 1 + i % 4 },
                    !miss,
                    i * 37 % 90_000,
                    i % 4,
                    if i % 2 == 0 { "code" } else { "meaning" },
                    i % 4,
                    if i % 3 == 0 { -600 } else { i % 400 },
                    i % 40,
                    miss.then(|| classes[(i as usize / 7) % classes.len()].as_str()),
                    if lookup { "lookup" } else { "type" },
                    if lookup { i % 4 } else { 0 },
                    (lookup && i % 2 == 0).then_some(i * 10),
                ],
            )
            .unwrap();
        }
        tx.commit().unwrap();
        (store, ids)
    }

    /// The answers as the table gives them, in time order.
    fn from_the_table(store: &Store) -> Vec<Logged> {
        let mut stmt = store
            .conn
            .prepare(&format!(
                "SELECT {LOGGED_COLUMNS} FROM review ORDER BY reviewed_at, id"
            ))
            .unwrap();
        let rows = stmt.query_map([], logged).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    fn as_read(store: &Store) -> Vec<Logged> {
        let mut answers = Vec::new();
        store
            .for_each_logged(&mut |a| {
                answers.push(a.clone());
                Ok(())
            })
            .unwrap();
        answers
    }

    fn digest_rows(store: &Store) -> Vec<i64> {
        let mut stmt = store
            .conn
            .prepare("SELECT chunk FROM review_digest ORDER BY chunk")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn the_digest_gives_every_answer_as_the_log_holds_it() {
        let (store, _) = store_with_answers(3 * CHUNK + 100);
        let want = from_the_table(&store);
        assert!(
            want.iter()
                .any(|a| a.lookups.is_some() && a.mistake.is_some())
        );
        // Before it is made, the log is read as it is.
        assert_eq!(as_read(&store), want);
        assert!(digest_rows(&store).is_empty());
        fill(&store.conn, 3).unwrap();
        // Chunk 0 holds ids 1 to 4,095; the newest answers (chunk 3) stay out of it.
        assert_eq!(digest_rows(&store), [0, 1, 2]);
        assert_eq!(as_read(&store), want);
        for chunk in 0..3 {
            let answers =
                read_range(&store.conn, chunk * CHUNK, Some((chunk + 1) * CHUNK)).unwrap();
            assert_eq!(
                unpack(chunk, &pack(chunk, &answers).unwrap()).unwrap(),
                answers
            );
        }
    }

    #[test]
    fn any_change_to_an_answer_drops_its_chunk_from_the_digest() {
        let (store, cards) = store_with_answers(4 * CHUNK);
        fill(&store.conn, 4).unwrap();
        assert_eq!(digest_rows(&store), [0, 1, 2, 3]);
        // Changed (a session's id cleared), deleted, and added again with an id in a digested chunk.
        let run = |sql: &str| store.conn.execute(sql, [CHUNK + 1]).unwrap();
        run("UPDATE review SET session_id = NULL WHERE id = 10 AND ?1 > 0");
        let deleted = read_range(&store.conn, CHUNK + 1, Some(CHUNK + 2)).unwrap();
        run("DELETE FROM review WHERE id = ?1");
        assert_eq!(digest_rows(&store), [2, 3]);
        fill(&store.conn, 4).unwrap();
        assert_eq!(digest_rows(&store), [0, 1, 2, 3]);
        store
            .conn
            .execute(
                "INSERT INTO review (id, card_id, reviewed_at, rating, answer, correct, duration_ms, kind,
                     state_before, state_after, ivl_before, ivl_after, elapsed_days)
                 VALUES (?1, ?2, ?3, 3, 'y', 1, 5, 1, 2, 2, 1, 2, 1)",
                params![CHUNK + 1, deleted[0].card, deleted[0].at],
            )
            .unwrap();
        assert_eq!(digest_rows(&store), [0, 2, 3]);
        // A card removed takes its answers with it, in every chunk.
        store
            .conn
            .execute("DELETE FROM card WHERE id = ?1", [cards[0]])
            .unwrap();
        assert!(digest_rows(&store).is_empty());
        fill(&store.conn, 4).unwrap();
        assert_eq!(as_read(&store), from_the_table(&store));
    }

    #[test]
    fn reading_waits_for_no_writer_to_make_the_digest() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = with_answers(Store::open(dir.path()).unwrap(), CHUNK + 10);
        let decks = store.all_deck_ids().unwrap();
        let count = |store: &Store| {
            let mut n = 0;
            store.for_each_fact(&decks, &mut |_, _| n += 1).unwrap();
            n
        };
        // Another codedrill is writing: the figures come from the log at once (a wait would be ten
        // minutes), and the digest is made by the next reading after it.
        let other = rusqlite::Connection::open(dir.path().join(crate::store::DB_FILE)).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        assert_eq!(count(&store), CHUNK + 10);
        assert!(digest_rows(&store).is_empty());
        other.execute_batch("COMMIT").unwrap();
        assert_eq!(count(&store), CHUNK + 10);
        assert_eq!(digest_rows(&store), [0]);
    }

    #[test]
    fn answers_out_of_time_order_or_a_damaged_row_are_read_from_the_log() {
        let (store, _) = store_with_answers(2 * CHUNK + 10);
        fill(&store.conn, 2).unwrap();
        store
            .conn
            .execute(
                "UPDATE review_digest SET facts = x'ffff' WHERE chunk = 1",
                [],
            )
            .unwrap();
        assert_eq!(as_read(&store), from_the_table(&store));
        // An answer merged in from another log, older than those around it.
        store
            .conn
            .execute(
                "UPDATE review SET reviewed_at = reviewed_at - 86400000 WHERE id = ?1",
                [CHUNK + 5],
            )
            .unwrap();
        fill(&store.conn, 2).unwrap();
        assert_eq!(digest_rows(&store), [0, 1]);
        let read = as_read(&store);
        assert_eq!(read, from_the_table(&store));
        assert!(read.windows(2).any(|w| w[0].id > w[1].id));
    }
}
