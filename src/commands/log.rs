//! The review log read once, into the statistics and, when asked, what the answers say about memory
//! (the report) or each card's history (`optimize`).

use anyhow::Result;

use crate::clock::Day;
use crate::store::Store;
use codedrill_core::deck::Role;
use codedrill_core::memory::{Answer, History, MemoryEvidence, Replay};
use codedrill_core::mistake::MistakeClass;
use codedrill_core::schedule::ReviewKind;
use codedrill_core::stats::{Collector, Summary};

/// Reads the standing reviews of `decks` once: the statistics alone.
pub(super) fn summary(store: &Store, decks: &[i64], today: Day) -> Result<Summary> {
    let mut collector = Collector::new(today);
    store.for_each_fact(decks, &mut |f, _| collector.add(f))?;
    Ok(collector.finish())
}

/// The statistics and, by kind of material, what the answers say about memory (practice left out).
/// Memory is measured on recall, so a code recalled and mistyped counts as recalled here
/// (`Answer::recall`), and a code found in the books (a lookup drill) is no test of it.
pub(super) fn memory(
    store: &Store,
    decks: &[i64],
    today: Day,
) -> Result<(Summary, [MemoryEvidence; 4])> {
    let (summary, memory) = beside(store, decks, today, Memory::default())?;
    Ok((summary, memory.by_role))
}

/// Each card's history with the time of each answer (practice left out), with its kind of material:
/// what `optimize` fits the schedule to, so the grades are kept as given.
pub(super) fn histories(store: &Store, decks: &[i64], today: Day) -> Result<Vec<(Role, History)>> {
    let (_, histories) = beside(store, decks, today, Histories::default())?;
    Ok(histories.by_card.into_iter().flatten().collect())
}

/// What is done with each answer beside the statistics.
trait Sink: Send {
    fn add(&mut self, step: Step);
}

/// One answer on its way to a [`Sink`].
struct Step {
    slot: u32,
    role: Role,
    elapsed_days: i64,
    rating: u8,
    mistake: Option<MistakeClass>,
    looked_up: bool,
    at: i64,
}

/// Answers handed to the sink at a time.
const BATCH: usize = 4_096;

/// Reads the log once, counting the statistics on this thread while `sink` takes each answer on a
/// second one: each answer lands on a card chosen at random a million times, which costs as much as
/// the counting. Batches keep the hand-over cheap and the memory between the two threads bounded.
fn beside<S: Sink>(store: &Store, decks: &[i64], today: Day, sink: S) -> Result<(Summary, S)> {
    let mut collector = Collector::new(today);
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Step>>(4);
    std::thread::scope(|scope| {
        let taker = scope.spawn(move || {
            let mut sink = sink;
            receive.iter().flatten().for_each(|step| sink.add(step));
            sink
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
                elapsed_days: f.elapsed_days,
                rating: f.rating,
                mistake: f.mistake,
                looked_up: f.lookups.is_some(),
                at,
            });
            if batch.len() == BATCH {
                // The taker only stops early by panicking, which `join` below passes on.
                let _ = send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
            }
        });
        let _ = send.send(batch);
        drop(send);
        let sink = taker
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        read?;
        Ok((collector.finish(), sink))
    })
}

/// The typical learner's memory replayed on the answers as they come, by kind of material.
#[derive(Default)]
struct Memory {
    replay: Replay,
    by_role: [MemoryEvidence; 4],
}

impl Sink for Memory {
    fn add(&mut self, step: Step) {
        let answer = Answer::recall(step.elapsed_days, step.rating, step.mistake);
        let evidence = &mut self.by_role[step.role as usize];
        self.replay
            .add(step.slot as usize, answer, step.looked_up, evidence);
    }
}

/// Each card's history, by the card's slot: a million answers are a million lookups.
#[derive(Default)]
struct Histories {
    by_card: Vec<Option<(Role, History)>>,
}

impl Sink for Histories {
    fn add(&mut self, step: Step) {
        let slot = step.slot as usize;
        if slot >= self.by_card.len() {
            self.by_card.resize_with(slot + 1, || None);
        }
        let (_, history) =
            self.by_card[slot].get_or_insert_with(|| (step.role, History::default()));
        history
            .answers
            .push(Answer::recall(step.elapsed_days, step.rating, None));
        history.times.push(step.at);
    }
}
