//! The review log read once, into the statistics and, when asked, each card's history for FSRS.

use std::collections::HashMap;

use anyhow::Result;

use crate::clock::Day;
use crate::store::Store;
use codedrill_core::memory::{Answer, History};
use codedrill_core::schedule::ReviewKind;
use codedrill_core::stats::{Collector, Summary};

/// Which card histories `gather` keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Histories {
    None,
    /// Ratings and days between answers: enough for the report's memory comparison.
    Compact,
    /// With the time of each answer too, for `optimize` (which orders items across cards).
    Timed,
}

/// Reads the standing reviews of `decks` once: the statistics, and the histories asked for (practice
/// left out of them).
pub(super) fn gather(
    store: &Store,
    decks: &[i64],
    today: Day,
    histories: Histories,
) -> Result<(Summary, Vec<History>)> {
    let mut collector = Collector::new(today);
    let mut by_card: HashMap<i64, History> = HashMap::new();
    store.for_each_fact(decks, &mut |f, at| {
        collector.add(f);
        if histories != Histories::None && f.kind != ReviewKind::Cram {
            let history = by_card.entry(f.card).or_default();
            history.answers.push(Answer {
                delta: u16::try_from(f.elapsed_days.max(0)).unwrap_or(u16::MAX),
                rating: f.rating,
            });
            if histories == Histories::Timed {
                history.times.push(at);
            }
        }
    })?;
    Ok((collector.finish(), by_card.into_values().collect()))
}
