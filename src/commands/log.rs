//! The review log read once, into the statistics and, when asked, each card's history for FSRS.

use anyhow::Result;

use crate::clock::Day;
use crate::store::Store;
use codedrill_core::deck::Role;
use codedrill_core::memory::{Answer, History};
use codedrill_core::schedule::ReviewKind;
use codedrill_core::stats::{Collector, Summary};

/// Which card histories `gather` keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Histories {
    None,
    /// Recall (a slip counts as recalled) and days between answers: the report's memory comparison.
    Compact,
    /// With the time of each answer too, for `optimize` (which orders items across cards).
    Timed,
}

/// Reads the standing reviews of `decks` once: the statistics, and the histories asked for (practice
/// left out of them), each with its card's kind of material.
///
/// The report's histories measure memory, so a code recalled and mistyped counts as recalled there
/// (`Answer::recall`), and a code found in the books (a lookup drill) is marked as no test of it;
/// `optimize` fits the schedule, so its histories keep the grades as given.
pub(super) fn gather(
    store: &Store,
    decks: &[i64],
    today: Day,
    histories: Histories,
) -> Result<(Summary, Vec<(Role, History)>)> {
    let mut collector = Collector::new(today);
    if histories == Histories::None {
        store.for_each_fact(decks, &mut |f, _| collector.add(f))?;
        return Ok((collector.finish(), Vec::new()));
    }
    // The histories are built on a second thread while this one reads the log and counts: each answer
    // lands in its card's history, a card chosen at random a million times, which costs as much as the
    // counting. Batches keep the hand-over cheap and the memory between the two threads bounded.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Step>>(4);
    std::thread::scope(|scope| {
        let builder = scope.spawn(move || {
            let mut by_card = Builder::new(histories);
            receive.iter().flatten().for_each(|step| by_card.add(step));
            by_card.finish()
        });
        let mut batch = Vec::with_capacity(BATCH);
        let read = store.for_each_fact(decks, &mut |f, at| {
            collector.add(f);
            if f.kind == ReviewKind::Cram {
                return;
            }
            batch.push(Step {
                slot: f.slot,
                role: f.role,
                answer: match histories {
                    Histories::Compact => Answer::recall(f.elapsed_days, f.rating, f.mistake),
                    _ => Answer::recall(f.elapsed_days, f.rating, None),
                },
                looked_up: f.lookups.is_some(),
                at,
            });
            if batch.len() == BATCH {
                // The builder only stops early by panicking, which `join` below passes on.
                let _ = send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
            }
        });
        let _ = send.send(batch);
        drop(send);
        let histories = builder
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        read?;
        Ok((collector.finish(), histories))
    })
}

/// Answers handed to the history builder at a time.
const BATCH: usize = 4_096;

/// One answer on its way into its card's history.
struct Step {
    slot: u32,
    role: Role,
    answer: Answer,
    looked_up: bool,
    at: i64,
}

/// Each card's history, by the card's slot: a million answers are a million lookups.
struct Builder {
    histories: Histories,
    by_card: Vec<Option<(Role, History)>>,
}

impl Builder {
    fn new(histories: Histories) -> Builder {
        Builder {
            histories,
            by_card: Vec::new(),
        }
    }

    fn add(&mut self, step: Step) {
        let slot = step.slot as usize;
        if slot >= self.by_card.len() {
            self.by_card.resize_with(slot + 1, || None);
        }
        let (_, history) =
            self.by_card[slot].get_or_insert_with(|| (step.role, History::default()));
        history.answers.push(step.answer);
        if self.histories == Histories::Timed {
            history.times.push(step.at);
        }
        // Which answers were found in the books, kept only for a card that ever was (most never are).
        if step.looked_up && history.looked_up.is_empty() {
            history.looked_up = vec![false; history.answers.len() - 1];
        }
        if !history.looked_up.is_empty() {
            history.looked_up.push(step.looked_up);
        }
    }

    fn finish(self) -> Vec<(Role, History)> {
        self.by_card.into_iter().flatten().collect()
    }
}
