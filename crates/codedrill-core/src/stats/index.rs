//! ICD-10-CM codes coded two ways: typed from memory (a typed drill) and coded with the Alphabetic
//! Index and the Tabular List at hand (a lookup drill). Only the code side of ICD-10-CM cards counts on
//! either side, so the two are the same task done two ways; practice is left out, as everywhere.

use serde::Serialize;

use super::{Fact, PassRate, median_i64};

/// One way of coding: how many codes, how many exact, how long each took, how many lookups.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CodingWay {
    pub answers: PassRate,
    /// The median time from the card shown to the answer.
    pub median_ms: Option<i64>,
    /// Lookups made in all (with the index only).
    pub lookups: u64,
    /// Answers with at least one lookup before them (with the index only).
    pub looked_up: u64,
}

/// Both ways, as the report compares them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IndexUse {
    pub from_memory: CodingWay,
    pub with_index: CodingWay,
}

/// The two ways gathered answer by answer (their times are kept until the end, for the medians).
#[derive(Default)]
pub(super) struct IndexCollector {
    use_: IndexUse,
    memory_ms: Vec<i64>,
    index_ms: Vec<i64>,
}

impl IndexCollector {
    /// Counts an answer that is not practice, if it is an ICD-10-CM code coded one of the two ways.
    pub(super) fn add(&mut self, f: &Fact) {
        if !f.icd_code {
            return;
        }
        if let Some(lookups) = f.lookups {
            let way = &mut self.use_.with_index;
            way.answers.add(f.correct);
            way.lookups += u64::from(lookups.count);
            way.looked_up += u64::from(lookups.count > 0);
            self.index_ms.push(lookups.coding_ms);
        } else if f.typed_code {
            self.use_.from_memory.answers.add(f.correct);
            self.memory_ms.push(f.duration_ms);
        }
    }

    pub(super) fn finish(mut self) -> IndexUse {
        self.use_.from_memory.median_ms = median_i64(&mut self.memory_ms);
        self.use_.with_index.median_ms = median_i64(&mut self.index_ms);
        self.use_
    }
}
