//! Statistics over the review log. Pure: the log is fed in one review at a time (so a million reviews
//! need no more memory than the cards they touch), figures come out.
//!
//! Definitions (the ones Anki users know, written down so the figures can be checked):
//! - **True retention**: of the reviews of cards already learned (kind review), the first review of a
//!   card on a study day counts; Again is a fail, anything else a pass. Young cards had an interval under
//!   21 days before the review, mature ones 21 or more.
//! - **Delayed recall**: any answer given a day or more after the card's previous answer (first review of
//!   the card that day); this is what "how well codes stay" is measured on.
//! - **Learned**: a new card is learned at its first right answer a day or more after an earlier answer.
//! - Practice (`cram`) answers are left out of everything except the time spent.
//! - A code coded in a lookup drill (the books open) is an answer and a sight of its card, but no test of
//!   memory: it is left out of true retention, delayed recall and learned.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::day::Day;
use crate::deck::Role;
use crate::mistake::MistakeClass;
use crate::schedule::{ReviewKind, State};

mod collector;
mod index;
mod view;

pub use collector::{Collector, INTERVAL_BUCKETS};
pub use index::{CodingWay, IndexUse};
pub use view::{CardCounts, DeckView, Rate, RetentionView, StatsReport, TodayView};

/// One answer from the log, as statistics need it.
#[derive(Clone, Debug)]
pub struct Fact {
    pub card: i64,
    /// The card's place among the cards of the pass (0, 1, 2...; one per card, no gaps to speak of): what
    /// keeps figures per card in a list instead of a map, a million answers being a million lookups.
    pub slot: u32,
    pub deck: i64,
    pub role: Role,
    pub day: Day,
    pub rating: u8,
    pub correct: bool,
    pub duration_ms: i64,
    pub kind: ReviewKind,
    pub state_before: State,
    /// Days before this review (Anki's convention: negative is seconds, a learning step).
    pub ivl_before: i64,
    pub elapsed_days: i64,
    /// The mistake class, for a miss.
    pub mistake: Option<MistakeClass>,
    /// A code typed from its description (what "exact-code accuracy" counts).
    pub typed_code: bool,
    pub session: Option<i64>,
    /// The code side of an ICD-10-CM card (what "coding with the index" compares).
    pub icd_code: bool,
    /// Given in a lookup drill, with the books at hand: the lookups made and the whole coding time.
    pub lookups: Option<crate::answer::Lookups>,
}

impl Fact {
    /// Whether the learner recalled the card: a right answer, or a code recalled and mistyped. Memory is
    /// measured on recall; precision on the typing.
    pub fn recalled(&self) -> bool {
        self.correct || self.mistake.is_some_and(MistakeClass::is_slip)
    }
}

/// Mature cards have an interval of at least this many days, as in Anki.
pub const MATURE_DAYS: i64 = 21;

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct PassRate {
    pub passed: u64,
    pub total: u64,
}

impl PassRate {
    pub fn add(&mut self, passed: bool) {
        self.total += 1;
        self.passed += u64::from(passed);
    }

    pub fn rate(&self) -> Option<f64> {
        (self.total > 0).then(|| self.passed as f64 / self.total as f64)
    }

    fn merge(&mut self, other: &PassRate) {
        self.passed += other.passed;
        self.total += other.total;
    }
}

/// True retention over one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RetentionRow {
    pub period: &'static str,
    pub young: PassRate,
    pub mature: PassRate,
    pub total: PassRate,
}

/// One study day's work.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DayWork {
    pub day: Day,
    pub answers: u64,
    pub right: u64,
    pub new_cards: u64,
    pub study_ms: i64,
    /// Cards learned that day (first right delayed recall).
    pub learned: u64,
    /// Median time of a right code answer that day, in ms.
    pub median_right_code_ms: Option<i64>,
}

/// Figures for one group of decks (a deck, or a role).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Group {
    pub answers: u64,
    pub right: u64,
    /// Answers a day or more after the card's previous one: right or not.
    pub delayed: PassRate,
    /// The same answers, recalled or not: a slip of typing counts as recalled (see `Fact::recalled`).
    pub recalled: PassRate,
    pub learned: u64,
    /// Answers given to learned cards up to and including the one that learned them.
    pub answers_to_learn: u64,
    pub study_ms: i64,
    pub code_answers: PassRate,
    pub mistakes: BTreeMap<MistakeClass, u64>,
    /// Mistake classes of typed codes only: what precision is measured on.
    pub code_mistakes: BTreeMap<MistakeClass, u64>,
}

impl Group {
    pub fn accuracy(&self) -> Option<f64> {
        (self.answers > 0).then(|| self.right as f64 / self.answers as f64)
    }

    pub fn answers_per_card_learned(&self) -> Option<f64> {
        (self.learned > 0).then(|| self.answers_to_learn as f64 / self.learned as f64)
    }

    /// Cards learned per 10 minutes of study.
    pub fn learned_per_10_minutes(&self) -> Option<f64> {
        (self.study_ms >= 60_000).then(|| self.learned as f64 / (self.study_ms as f64 / 600_000.0))
    }

    fn add(&mut self, f: &Fact, delayed: Option<bool>, learned: Option<u64>) {
        self.answers += 1;
        self.right += u64::from(f.correct);
        self.study_ms += f.duration_ms;
        if let Some(passed) = delayed {
            self.delayed.add(passed);
            self.recalled.add(f.recalled());
        }
        if let Some(answers) = learned {
            self.learned += 1;
            self.answers_to_learn += answers;
        }
        if f.typed_code {
            self.code_answers.add(f.correct);
        }
        if let Some(m) = f.mistake {
            *self.mistakes.entry(m).or_default() += 1;
            if f.typed_code {
                *self.code_mistakes.entry(m).or_default() += 1;
            }
        }
    }
}

/// Hashes integer ids with one multiplication: the ids are ours, so SipHash's defence against chosen keys
/// buys nothing, and a million lookups a report are worth making cheap.
#[derive(Clone, Copy, Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by our own integer ids.
pub type IdMap<V> = HashMap<i64, V, std::hash::BuildHasherDefault<IdHasher>>;

/// Everything the log says, summed up.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub today: Day,
    pub study_days: u64,
    pub first_day: Option<Day>,
    pub current_streak: u64,
    pub longest_streak: u64,
    pub mean_answer_ms: Option<i64>,
    pub median_answer_ms: Option<i64>,
    pub median_right_code_ms: Option<i64>,
    pub retention: Vec<RetentionRow>,
    pub by_interval: Vec<(&'static str, PassRate)>,
    pub days: Vec<DayWork>,
    pub overall: Group,
    pub by_role: BTreeMap<Role, Group>,
    pub by_deck: HashMap<i64, Group>,
    pub session_roles: HashMap<i64, BTreeMap<Role, u64>>,
    /// ICD-10-CM codes typed from memory and coded with the index.
    pub index: IndexUse,
}

impl Summary {
    pub fn day(&self, day: Day) -> Option<&DayWork> {
        self.days.iter().find(|d| d.day == day)
    }

    /// Two groups merged (coder material is the coding and terminology decks together).
    pub fn roles(&self, roles: &[Role]) -> Group {
        let mut out = Group::default();
        for role in roles {
            if let Some(g) = self.by_role.get(role) {
                out.answers += g.answers;
                out.right += g.right;
                out.delayed.merge(&g.delayed);
                out.recalled.merge(&g.recalled);
                out.learned += g.learned;
                out.answers_to_learn += g.answers_to_learn;
                out.study_ms += g.study_ms;
                out.code_answers.merge(&g.code_answers);
                for (m, n) in &g.mistakes {
                    *out.mistakes.entry(*m).or_default() += n;
                }
                for (m, n) in &g.code_mistakes {
                    *out.code_mistakes.entry(*m).or_default() += n;
                }
            }
        }
        out
    }

    /// How the median time of right code answers moved: (early median, late median, days compared),
    /// comparing the first and last third of the study days that have such answers.
    pub fn speed_trend(&self) -> Option<(i64, i64, usize)> {
        let medians: Vec<i64> = self
            .days
            .iter()
            .filter_map(|d| d.median_right_code_ms)
            .collect();
        if medians.len() < 3 {
            return None;
        }
        let third = medians.len() / 3;
        let mut early = medians[..third.max(1)].to_vec();
        let mut late = medians[medians.len() - third.max(1)..].to_vec();
        Some((
            median_i64(&mut early)?,
            median_i64(&mut late)?,
            medians.len(),
        ))
    }
}

fn median(values: &mut [u32]) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable(mid);
    Some(*m)
}

fn median_i64(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    let (_, m, _) = values.select_nth_unstable(mid);
    Some(*m)
}
