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
    // By the card's slot: a million answers are a million lookups.
    let mut by_card: Vec<Option<(Role, History)>> = Vec::new();
    store.for_each_fact(decks, &mut |f, at| {
        collector.add(f);
        if histories == Histories::None || f.kind == ReviewKind::Cram {
            return;
        }
        let slot = f.slot as usize;
        if slot >= by_card.len() {
            by_card.resize_with(slot + 1, || None);
        }
        let (_, history) = by_card[slot].get_or_insert_with(|| (f.role, History::default()));
        history.answers.push(match histories {
            Histories::Compact => Answer::recall(f.elapsed_days, f.rating, f.mistake),
            _ => Answer::recall(f.elapsed_days, f.rating, None),
        });
        if histories == Histories::Timed {
            history.times.push(at);
        }
        // Which answers were found in the books, kept only for a card that ever was (most never are).
        if f.lookups.is_some() && history.looked_up.is_empty() {
            history.looked_up = vec![false; history.answers.len() - 1];
        }
        if !history.looked_up.is_empty() {
            history.looked_up.push(f.lookups.is_some());
        }
    })?;
    Ok((collector.finish(), by_card.into_iter().flatten().collect()))
}
