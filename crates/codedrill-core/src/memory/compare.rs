//! This learner's memory against the typical learner's (the report's memory factor): the typical
//! learner's memory replayed on the same answers, and one factor fitted on what was recalled.

use fsrs::{DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview, MemoryState};

use super::{Answer, History};

/// This learner's memory against the typical learner's, measured on the same reviews.
///
/// Every card's history is replayed with the FSRS-6 defaults (the medians of about 10,000 learners), which
/// gives the typical learner's memory before each answer a day or more later and so the recall expected
/// of them. One number, the memory factor, is then fitted by maximum likelihood: the scale on those
/// memories that best explains what this learner actually recalled. A factor of 1.3 means codes last 30%
/// longer than for the typical learner. A full 21-parameter fit predicts as well but cannot tell a lower
/// start from faster early growth, so its "days until 90%" wanders with the data; one factor is steady.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MemoryComparison {
    pub factor: f64,
    /// The likely range of the factor (95%, from the likelihood): narrow with many reviews, wide with few.
    pub factor_low: f64,
    pub factor_high: f64,
    /// Median days a learned code (one recalled a day or more later) stays at 90% recall or better: this
    /// learner (the factor times the typical figure) and the typical learner, for the same answers.
    pub personal_days: f64,
    pub typical_days: f64,
    /// Answers a day or more later: how many, how many recalled, and how many the typical learner would
    /// be expected to recall.
    pub reviews: usize,
    pub recalled: usize,
    pub expected: f64,
    /// Cards learned (the typical figure rests on them).
    pub cards: usize,
}

/// The least evidence for a memory factor: answers a day or more after a previous one.
pub const MIN_DELAYED: usize = 20;

/// Recall depends on elapsed time over stability only, so answers are counted in fine bins of that ratio
/// (0.5% wide): the fit then costs the same for a hundred answers or a million.
const BINS_PER_E: f64 = 200.0;

/// The answers a day or more after a previous one, replayed with the typical learner's memory: what a set
/// of histories says about memory before the factor is fitted. Its parts add up, so the report replays
/// each kind of material once and adds them for all of it, rather than replaying every history again.
#[derive(Clone, Default)]
pub struct MemoryEvidence {
    /// By bin of elapsed days over the typical stability: (recalled, forgotten). In order, so the fit sums
    /// them in one order however they were gathered.
    bins: std::collections::BTreeMap<i32, (f64, f64)>,
    reviews: usize,
    recalled: usize,
    expected: f64,
    /// The typical stability of each card right after its first delayed recall.
    learned_days: Vec<f32>,
}

impl MemoryEvidence {
    /// The evidence of `histories`.
    pub fn of<'a>(histories: impl IntoIterator<Item = &'a History>) -> MemoryEvidence {
        let mut replay = Replay::default();
        let mut out = MemoryEvidence::default();
        for (card, history) in histories.into_iter().enumerate() {
            for (i, &answer) in history.answers.iter().enumerate() {
                let looked_up = history.looked_up.get(i).copied().unwrap_or(false);
                replay.add(card, answer, looked_up, &mut out);
            }
        }
        out
    }

    /// One answer `delta_t` days after the previous one, when the typical memory's stability was
    /// `stability`: counted in its bin and against the recall expected.
    fn add_answer(&mut self, delta_t: u32, stability: f32, passed: bool) {
        let (decay, factor_0_9) = curve();
        let ratio = f64::from(delta_t) / f64::from(stability.max(1e-3));
        let bin = self
            .bins
            .entry((ratio.ln() * BINS_PER_E).round() as i32)
            .or_default();
        if passed {
            bin.0 += 1.0
        } else {
            bin.1 += 1.0
        }
        self.reviews += 1;
        self.recalled += usize::from(passed);
        self.expected += (1.0 + factor_0_9 * ratio).powf(-decay);
    }

    /// Adds the evidence of other histories.
    pub fn add(&mut self, other: &MemoryEvidence) {
        for (bin, (pass, fail)) in &other.bins {
            let mine = self.bins.entry(*bin).or_default();
            mine.0 += pass;
            mine.1 += fail;
        }
        self.reviews += other.reviews;
        self.recalled += other.recalled;
        self.expected += other.expected;
        self.learned_days.extend_from_slice(&other.learned_days);
    }
}

/// The typical learner's memory replayed answer by answer, each card's where it was left: many cards'
/// answers may come interleaved, as the log holds them, so no card's history need be kept whole.
/// Each answer after a card's first is evidence (when a day or more after the one before and not
/// found in the books): recalled or not, against the typical memory the card had just before it.
#[derive(Default)]
pub struct Replay {
    /// By the card's number (as the caller numbers them, from 0 and without many gaps).
    cards: Vec<Option<Replayed>>,
}

/// Where a card's replay stands.
#[derive(Clone, Copy)]
struct Replayed {
    /// The typical memory after its last answer; `None` once a step failed (never with the default
    /// parameters, which keep every state finite): the card's later answers are then no evidence.
    memory: Option<MemoryState>,
    learned: bool,
}

impl Replay {
    /// Card `card`'s next answer, its evidence added to `evidence`.
    pub fn add(
        &mut self,
        card: usize,
        answer: Answer,
        looked_up: bool,
        evidence: &mut MemoryEvidence,
    ) {
        if card >= self.cards.len() {
            self.cards.resize(card + 1, None);
        }
        let seen = &mut self.cards[card];
        let before = match seen {
            None => None,
            Some(Replayed { memory: None, .. }) => return,
            Some(Replayed {
                memory: Some(m), ..
            }) => Some(*m),
        };
        // A card's first answer starts its memory (whatever the days before it); each later one steps
        // it, as the fsrs crate replays a whole history.
        let review = FSRSReview {
            rating: u32::from(answer.rating),
            delta_t: if before.is_some() {
                u32::from(answer.delta)
            } else {
                0
            },
        };
        let item = FSRSItem {
            reviews: vec![review],
        };
        let after = typical().memory_state(item, before).ok();
        let state = seen.get_or_insert(Replayed {
            memory: None,
            learned: false,
        });
        state.memory = after;
        if let (Some(before), Some(after)) = (before, after)
            && review.delta_t > 0
            && !looked_up
        {
            let passed = review.rating > 1;
            evidence.add_answer(review.delta_t, before.stability, passed);
            if passed && !state.learned {
                state.learned = true;
                evidence.learned_days.push(after.stability);
            }
        }
    }
}

/// The typical learner's forgetting curve: its decay, and the factor that puts recall at 90% when the
/// days elapsed equal the stability.
fn curve() -> (f64, f64) {
    static CURVE: std::sync::OnceLock<(f64, f64)> = std::sync::OnceLock::new();
    *CURVE.get_or_init(|| {
        let decay = f64::from(DEFAULT_PARAMETERS[20]);
        (decay, 0.9f64.powf(-1.0 / decay) - 1.0)
    })
}

/// The typical learner: FSRS-6 with its default parameters.
fn typical() -> &'static FSRS {
    static TYPICAL: std::sync::OnceLock<FSRS> = std::sync::OnceLock::new();
    TYPICAL.get_or_init(FSRS::default)
}

pub fn compare_memory(histories: &[History]) -> Option<MemoryComparison> {
    MemoryEvidence::of(histories).compare()
}

impl MemoryEvidence {
    /// This learner's memory against the typical learner's: `None` on too little evidence.
    pub fn compare(mut self) -> Option<MemoryComparison> {
        let recall = &mut self;
        let (decay, factor_0_9) = curve();
        if recall.reviews < MIN_DELAYED || recall.learned_days.is_empty() {
            return None;
        }
        let bins: Vec<(f64, f64, f64)> = recall
            .bins
            .iter()
            .map(|(key, (pass, fail))| ((f64::from(*key) / BINS_PER_E).exp(), *pass, *fail))
            .collect();
        let likelihood = |factor: f64| -> f64 {
            bins.iter()
                .map(|&(ratio, pass, fail)| {
                    let p = (1.0 + factor_0_9 * ratio / factor)
                        .powf(-decay)
                        .clamp(1e-7, 1.0 - 1e-7);
                    pass * p.ln() + fail * (1.0 - p).ln()
                })
                .sum()
        };
        let (factor, factor_low, factor_high) = best_factor(likelihood);
        let typical_days = f64::from(median_f32(&mut recall.learned_days)?);
        Some(MemoryComparison {
            factor,
            factor_low,
            factor_high,
            personal_days: factor * typical_days,
            typical_days,
            reviews: recall.reviews,
            recalled: recall.recalled,
            expected: recall.expected,
            cards: recall.learned_days.len(),
        })
    }
}

/// The factor of greatest likelihood between a tenth and ten times the typical memory (golden-section
/// search), with its 95% range: where the log-likelihood is within 1.92 of its best (a likelihood-ratio
/// interval).
fn best_factor(likelihood: impl Fn(f64) -> f64) -> (f64, f64, f64) {
    let (mut lo, mut hi) = (0.1f64.ln(), 10f64.ln());
    let golden = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..60 {
        let a = hi - golden * (hi - lo);
        let b = lo + golden * (hi - lo);
        if likelihood(a.exp()) < likelihood(b.exp()) {
            lo = a
        } else {
            hi = b
        }
    }
    let best = (lo + hi) / 2.0;
    let factor = best.exp();
    let floor = likelihood(factor) - 1.92;
    let edge = |mut inside: f64, mut outside: f64| {
        for _ in 0..60 {
            let mid = (inside + outside) / 2.0;
            if likelihood(mid.exp()) >= floor {
                inside = mid
            } else {
                outside = mid
            }
        }
        ((inside + outside) / 2.0).exp()
    };
    (factor, edge(best, 0.05f64.ln()), edge(best, 20f64.ln()))
}

fn median_f32(values: &mut [f32]) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    Some(values[values.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::tests::history;

    /// A few cards' histories of every kind of answer: misses, same-day answers, long gaps.
    fn mixed() -> Vec<History> {
        (0..6u16)
            .map(|card| {
                history(
                    &(0..12u16)
                        .map(|i| ((i * 7 + card) % 40, 1 + ((i + card) % 4) as u8))
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
    }

    #[test]
    fn the_replay_steps_as_the_fsrs_crate_replays_a_whole_history() {
        let histories = mixed();
        let evidence = MemoryEvidence::of(&histories);
        // The same evidence from each whole history's states, as the crate gives them.
        let mut whole = MemoryEvidence::default();
        for h in &histories {
            let item = FSRSItem {
                reviews: h.reviews(),
            };
            let states = typical()
                .historical_memory_states(item.clone(), None)
                .unwrap();
            let mut learned = false;
            for (i, review) in item.reviews.iter().enumerate().skip(1) {
                if review.delta_t > 0 {
                    let passed = review.rating > 1;
                    whole.add_answer(review.delta_t, states[i - 1].stability, passed);
                    if passed && !learned {
                        learned = true;
                        whole.learned_days.push(states[i].stability);
                    }
                }
            }
        }
        assert!(evidence.reviews > 20 && evidence.recalled < evidence.reviews);
        assert_eq!(evidence.bins, whole.bins);
        assert_eq!(
            (evidence.reviews, evidence.recalled),
            (whole.reviews, whole.recalled)
        );
        assert_eq!(evidence.learned_days, whole.learned_days);
        assert!((evidence.expected - whole.expected).abs() < 1e-9);
    }

    #[test]
    fn answers_replayed_interleaved_say_what_each_history_says() {
        let histories = mixed();
        let one_by_one = MemoryEvidence::of(&histories);
        // The cards' answers taken in turns, as a log holds them.
        let mut replay = Replay::default();
        let mut interleaved = MemoryEvidence::default();
        for i in 0..12 {
            for (card, h) in histories.iter().enumerate() {
                replay.add(card, h.answers[i], false, &mut interleaved);
            }
        }
        assert_eq!(interleaved.bins, one_by_one.bins);
        assert_eq!(interleaved.reviews, one_by_one.reviews);
        let mut days = (
            interleaved.learned_days.clone(),
            one_by_one.learned_days.clone(),
        );
        days.0.sort_by(f32::total_cmp);
        days.1.sort_by(f32::total_cmp);
        assert_eq!(days.0, days.1);
    }

    #[test]
    fn the_memory_factor_follows_recall_against_the_typical_expectation() {
        // 40 cards learned the same way, then recalled (or not) 3 days later.
        let cards = |recalled: usize| -> Vec<History> {
            (0..40)
                .map(|i| {
                    history(&[
                        (0, 1),
                        (0, 3),
                        (0, 3),
                        (1, 3),
                        (3, if i < recalled { 3 } else { 1 }),
                    ])
                })
                .collect()
        };
        let poor = compare_memory(&cards(20)).unwrap();
        let good = compare_memory(&cards(39)).unwrap();
        assert!(
            poor.factor < 1.0 && good.factor > 1.0,
            "{} {}",
            poor.factor,
            good.factor
        );
        assert!(poor.factor_low < poor.factor && poor.factor < poor.factor_high);
        assert!(
            poor.factor_high < good.factor_low,
            "with 80 reviews each, the ranges do not overlap"
        );
        assert!(good.personal_days > good.typical_days && poor.personal_days < poor.typical_days);
        assert_eq!((good.reviews, good.recalled), (80, 79));
        assert!(
            (good.expected - poor.expected).abs() < 1e-9,
            "the expectation is the typical learner's"
        );
    }

    #[test]
    fn an_answer_found_in_the_books_is_no_test_of_memory() {
        let learned = [(0, 1), (0, 3), (0, 3), (1, 3)];
        let mut cards: Vec<History> = (0..40)
            .map(|_| history(&[learned.as_slice(), &[(3, 3)]].concat()))
            .collect();
        let all = compare_memory(&cards).unwrap();
        for card in &mut cards[..10] {
            card.looked_up = vec![false, false, false, false, true];
        }
        let some_looked_up = compare_memory(&cards).unwrap();
        assert_eq!((all.reviews, all.recalled), (80, 80));
        assert_eq!((some_looked_up.reviews, some_looked_up.recalled), (70, 70));
    }
}
